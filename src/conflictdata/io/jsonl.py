"""JSON Lines: one record a line in the canonical encoding (compact UTF-8, keys sorted).

The release format, and the one to keep under version control: a changed record changes one
line. Reading and writing stream, so memory does not grow with the file. Records of every kind
may share a file; the kind of each line is read off its id prefix.

>>> import tempfile, pathlib
>>> import conflictdata as cd
>>> from conflictdata.io import read_jsonl, write_jsonl
>>> ds = cd.load()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "records.jsonl"
>>> write_jsonl(ds, path).records == len(ds)
True
>>> list(read_jsonl(path)) == list(ds)
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import cast

import msgspec

from conflictdata._codec import decode_error, decode_line, kind_of_id, peek_id
from conflictdata._msgspec import DECODE_ERRORS
from conflictdata.exceptions import DataError
from conflictdata.io._common import Records, Tally, Written, checked, write_document
from conflictdata.models import PREFIXES, RECORD_CLASSES, Record
from conflictdata.vocab import RecordKind

__all__ = ["read_jsonl", "write_jsonl"]


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[Record]:
    """The records of a JSON Lines file, one at a time; blank lines are skipped.

    Raises :class:`~conflictdata.exceptions.DataError` with the file, line, JSON pointer and
    record id at the first line that is not a valid record.
    """
    file = os.fspath(path)
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield decode_any(line, file=file, number=number)


def write_jsonl(
    records: Records, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Written:
    """Write ``records`` (a Dataset or any iterable, consumed once) to a JSON Lines file.

    The file appears only when every record has been written; a bad record raises
    :class:`~conflictdata.exceptions.DataError` and leaves no file behind.
    """
    return write_document(records, path, "jsonl", chunks, overwrite=overwrite)


def chunks(records: Records, tally: Tally, *, file: str | None) -> Iterator[bytes]:
    """The lines of the JSON Lines file of ``records``, counted in ``tally``."""
    for number, record in enumerate(records, start=1):
        yield checked(record, file=file, line=number) + b"\n"
        tally.records += 1


def decode_any(line: bytes, *, file: str | None, number: int | None) -> Record:
    """Decode one line holding a record of any kind, known by its id prefix."""
    record_id = peek_id(line)
    kind = kind_of_id(record_id) if record_id is not None else None
    if kind is None:
        try:
            msgspec.json.decode(line)
        except DECODE_ERRORS as exc:
            raise decode_error(exc, line, file=file, line=number) from None
        prefixes = ", ".join(f"{prefix}-" for prefix in PREFIXES.values())
        raise DataError(
            f"a record must be a JSON object whose id starts with a kind prefix ({prefixes})",
            file=file,
            line=number,
            pointer="/id",
            record_id=record_id,
        )
    return decode_line(line, RECORD_CLASSES[cast("RecordKind", kind)], file=file, number=number)
