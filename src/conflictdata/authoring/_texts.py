"""The source texts that contributed records quote: a release's, and those of the sources
listed in the contributed files (read beside each file, as the validator reads them)."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable

from attrs import define, field

from conflictdata._fsutil import read_inside
from conflictdata._loader import Release, resolve
from conflictdata._texts import MAX_TEXT_BYTES
from conflictdata.authoring._problem import Problem
from conflictdata.authoring._records import RecordsFile
from conflictdata.exceptions import DataError

__all__ = ["Texts", "read_text_file"]


def read_text_file(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    """The text of the UTF-8 file ``path`` and its bytes, at most
    :data:`~conflictdata._texts.MAX_TEXT_BYTES` read whatever the file is (a device or a pipe
    included); raises :class:`~conflictdata.exceptions.DataError` for a longer file or one that
    is not UTF-8, and :class:`OSError` for one that cannot be read."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_TEXT_BYTES + 1)
    if len(raw) > MAX_TEXT_BYTES:
        raise DataError(f"the text has more than {MAX_TEXT_BYTES} bytes", file=os.fspath(path))
    try:
        return raw.decode("utf-8"), raw
    except UnicodeDecodeError as exc:
        raise DataError(
            f"the text is not UTF-8 (byte {exc.start + 1})", file=os.fspath(path)
        ) from None


@define
class Texts:
    """Source texts by source id, the SHA-256 of each, and the problems met reading them."""

    texts: dict[str, str] = field(factory=dict)
    sha256: dict[str, str] = field(factory=dict)
    problems: list[Problem] = field(factory=list)

    @classmethod
    def gather(cls, files: Iterable[RecordsFile], release: Release | None) -> Texts:
        """The texts of ``release`` (the newest shipped one for None; a Dataset for its own),
        then those of the sources listed in ``files``."""
        dataset = resolve(release)
        found = cls(dict(dataset.texts), {s.id: s.sha256 for s in dataset.sources})
        for records in files:
            for line, record in records.records():
                source_id, path = record.get("id"), record.get("path")
                if not (isinstance(source_id, str) and source_id.startswith("src-")):
                    continue
                if not isinstance(path, str):
                    continue
                where = line.where(str(records.path), "/path")
                try:
                    raw = read_inside(records.path.parent, path, limit=MAX_TEXT_BYTES)
                    text = raw.decode("utf-8")
                except (OSError, DataError, UnicodeDecodeError) as exc:
                    message = f"the source text {path} cannot be read: {exc}"
                    found.problems.append(
                        Problem(code="text-unreadable", message=message, where=where)
                    )
                    continue
                if not unicodedata.is_normalized("NFC", text):
                    message = (
                        f"the source text {path} is not in Unicode NFC: "
                        "conflictdata add-source writes it normalised"
                    )
                    found.problems.append(
                        Problem(code="text-not-nfc", message=message, where=where)
                    )
                    continue
                found.texts[source_id] = text
                found.sha256[source_id] = hashlib.sha256(raw).hexdigest()
        return found
