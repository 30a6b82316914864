"""Adding a source: its text written in Unicode NFC under ``sources/``, and its record."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from attrs import frozen

from conflictdata._fsutil import atomic_writer
from conflictdata.authoring._texts import read_text_file
from conflictdata.exceptions import DataError

__all__ = ["NewSource", "add_source", "source_record"]

_NAME = re.compile(r"[^A-Za-z0-9]+")
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


@frozen(kw_only=True)
class NewSource:
    """A source added: its record (a JSON object), where its text was written, and whether
    the text had to be normalised to NFC."""

    record: dict[str, Any]
    path: Path
    normalised: bool


def source_record(
    text: str,
    *,
    id: str,
    path: str,
    language: str = "en",
    **fields: str | None,
) -> dict[str, Any]:
    """The record of a source whose NFC ``text`` is at ``path`` in the release: its SHA-256,
    and ``fields`` (title, publisher, url, license) that are given; the date of publication
    is left out (unknown) unless ``published`` gives it, known from ``url``.

    >>> source_record("Talks began.\\n", id="src-talks", path="sources/talks.txt")["sha256"][:12]
    'b7aee1a77ce3'
    """
    published = fields.pop("published", None)
    record: dict[str, Any] = {"id": id, "language": language, "path": path}
    record["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    record |= {key: value for key, value in fields.items() if value is not None}
    if published is not None:
        precision = {1: "year", 2: "month"}.get(published.count("-") + 1, "day")
        record["published"] = {
            "date": published,
            "precision": precision,
            "basis": "external",
            "reference": fields["url"],
        }
    return record


def add_source(
    textfile: str | os.PathLike[str],
    folder: str | os.PathLike[str] = ".",
    *,
    id: str | None = None,
    language: str = "en",
    overwrite: bool = False,
    **fields: str | None,
) -> NewSource:
    """Write the text of ``textfile``, in Unicode NFC, to ``sources/NAME.txt`` in ``folder``
    (NAME from ``id``, by default ``src-`` and the file's name) and return its record.

    ``fields`` are the record's ``title``, ``publisher``, ``url``, ``license`` and
    ``published`` (an EDTF date from outside the text, such as ``2024-11-22``). The file read
    is never changed. Raises :class:`~conflictdata.exceptions.DataError` for a file that is
    not UTF-8 or too large, or a name no id can be made of, and :class:`FileExistsError`
    when the text exists and ``overwrite`` is false.
    """
    given = Path(textfile)
    original, _ = read_text_file(given)
    text = unicodedata.normalize("NFC", original.removeprefix("\ufeff"))
    published = fields.get("published")
    if published is not None and not _DATE.fullmatch(published):
        raise DataError(f"published is {published!r}, not a date such as 2024-11-22 or 2024-11")
    if published is not None and fields.get("url") is None:
        raise DataError("published needs the url where the date is known from")
    if id is None:
        slug = _NAME.sub("-", given.stem.lower()).strip("-")
        id = f"src-{slug}"
    name = id.removeprefix("src-")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise DataError(
            f"{id!r} is not a source id (src- then lowercase letters, digits and hyphens): give --id",
            file=str(given),
        )
    relative = f"sources/{name}.txt"
    target = Path(folder, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(target, overwrite=overwrite) as out:
        out.write(text.encode("utf-8"))
    record = source_record(text, id=id, path=relative, language=language, **fields)
    return NewSource(record=record, path=target, normalised=text != original)
