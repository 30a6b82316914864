"""Importing records that carry their source text (the PLOVER gold standard, NGEC's events):
each distinct text becomes a source (Unicode NFC, SHA-256), written under ``sources/`` beside
the output, and the records rest on spans of it.

One source per distinct text, found by its SHA-256: a gold standard record's sentence, an NGEC
event's story (every event NGEC codes from one story shares it). Its id and file name are
``src-FAMILY-`` and ``FAMILY-`` with the first 12 hexadecimal digits of the SHA-256, so the same
text always gets the same source, and two texts never one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from conflictdata.exceptions import DataError
from conflictdata.importers._json import FieldError, JsonItem, JsonRecords, RecordProblem
from conflictdata.importers._records import Skipped
from conflictdata.models import SOURCE_TEXT_DIR, Actor, Record, Source, Span
from conflictdata.vocab import SpanRole

__all__ = ["ImportedTexts", "SourceTexts", "span_of"]


class SourceTexts:
    """The texts met in an import, by SHA-256: each one's source record is made once (by
    ``make``, given its id, path, SHA-256 and text) and its text kept, or written to the
    ``folder`` given with :meth:`write_to`."""

    def __init__(self, family: str) -> None:
        self.family = family
        self.ids: dict[str, str] = {}
        self._pending: list[tuple[str, Source, str]] = []
        #: The texts by path inside the output folder, while no folder is set.
        self.texts: dict[str, str] = {}
        self.folder: Path | None = None
        self.overwrite = False

    def write_to(self, folder: Path, *, overwrite: bool = False) -> None:
        """Write each text under ``folder/sources/`` as it is met (instead of keeping it)."""
        self.folder, self.overwrite = folder, overwrite

    def source(self, text: str, make: Callable[[str, str, str], Source]) -> str:
        """The id of the source of ``text`` (in NFC), made and written the first time."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in self.ids:
            return self.ids[digest]
        name = f"{self.family}-{digest[:12]}"
        path = f"{SOURCE_TEXT_DIR}/{name}.txt"
        record = make(f"src-{name}", path, digest)
        self.ids[digest] = record.id
        self._pending.append((digest, record, text))
        return record.id

    def commit(self) -> list[Source]:
        """The sources made since the last commit, their texts kept or written."""
        made = [record for _, record, _ in self._pending]
        for _, record, text in self._pending:
            self._keep(record.path, text)
        self._pending.clear()
        return made

    def discard(self) -> None:
        """Forget the sources made since the last commit (their record was left out)."""
        for digest, _, _ in self._pending:
            del self.ids[digest]
        self._pending.clear()

    def _keep(self, path: str, text: str) -> None:
        if self.folder is None:
            self.texts[path] = text
            return
        target = self.folder / path
        data = text.encode("utf-8")
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            _write_whole(target, data, overwrite=self.overwrite)
        except FileExistsError:
            raise DataError(
                "a source text of that name exists with other content: give --overwrite",
                file=str(target),
                code="import-text-exists",
            ) from None


def _write_whole(target: Path, data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to ``target`` so that it appears whole or not at all: a temporary file
    beside it, then renamed (``overwrite``) or linked into place (failing if ``target``
    exists). Lighter than :func:`conflictdata._fsutil.atomic_writer`, which syncs each file
    to disk and scans its folder for stale temporary files at every call: for an import that
    writes thousands of texts into one folder, that scan makes the import quadratic."""
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if overwrite:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def span_of(text: str, start: int, end: int, source: str, role: SpanRole | None) -> Span | None:
    """The span ``text[start:end]`` of ``source`` (None where it would hold only blanks),
    trimmed of the blanks around it, so that ``exact`` is the words."""
    exact = text[start:end]
    stripped = exact.strip()
    if not stripped:
        return None
    start += len(exact) - len(exact.lstrip())
    return Span(source=source, start=start, end=start + len(stripped), exact=stripped, role=role)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


RecordsOf = Callable[[JsonItem, SourceTexts], Iterable[Record]]


class ImportedTexts(Iterable[Record]):
    """The records of one JSON or JSON Lines file whose records carry their text: for each
    input record, the source of a text not met before, the actors not met before, then its
    events. A record that cannot be read is left out and its ``RecordProblem`` added to
    ``problems``; a record that is not an event is counted in ``skipped`` by reason; ``rows``
    counts the input records. ``family`` names the format (``plover-gsr``); ``version`` the
    upstream format version, for re-imports."""

    def __init__(
        self, reader: JsonRecords, records: RecordsOf, *, family: str, version: str
    ) -> None:
        self.table, self._records, self.family, self.version = reader, records, family, version
        self.texts = SourceTexts(family)
        self.problems: list[RecordProblem] = []
        self.skipped: Counter[str] = Counter()
        self.rows = 0

    def texts_beside(self, output: Path, *, overwrite: bool = False) -> None:
        """Write the source texts under ``sources/`` in the folder of ``output``."""
        self.texts.write_to(output.parent, overwrite=overwrite)

    def __iter__(self) -> Iterator[Record]:
        actors: set[str] = set()
        for item in self.table.items():
            self.rows += 1
            if item.problem is not None:
                self.problems.append(item.problem)
                continue
            try:
                records = list(self._records(item, self.texts))
            except Skipped as exc:
                self.texts.discard()
                self.skipped[str(exc)] += 1
                continue
            except FieldError as exc:
                self.texts.discard()
                self.problems.append(_problem(self.table.name, item, exc))
                continue
            yield from self.texts.commit()
            for record in records:
                if isinstance(record, Actor):
                    if record.id in actors:
                        continue
                    actors.add(record.id)
                yield record


def _problem(file: str, item: JsonItem, exc: FieldError) -> RecordProblem:
    value: Any = item.value or {}
    upstream = value.get("id")
    return RecordProblem(
        file,
        item.line,
        item.index,
        upstream if isinstance(upstream, str) else None,
        exc.pointer,
        exc.value,
        exc.message,
    )


def with_note(record: Any, *lines: str) -> Any:
    """``record`` with ``lines`` added to its note."""
    note = "; ".join(part for part in (record.note, *lines) if part)
    return attrs.evolve(record, note=note or None)
