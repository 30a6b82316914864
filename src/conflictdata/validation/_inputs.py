"""What can be validated: files by path, binary streams, and records in memory.

Each becomes an :class:`Input`: a name for its issues and a binary stream of JSON Lines. Records
in memory are written as the lines of a file would be (a model instance by its canonical
encoding, any other value by :func:`json.dumps` with ``ensure_ascii=False``), so they get the
report the same bytes in a file get; a value JSON cannot write is reported as
``record-not-json`` at its line.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any, NamedTuple

from conflictdata._codec import encode_record
from conflictdata._msgspec import ENCODE_ERRORS
from conflictdata.models import Record
from conflictdata.validation._code_entries import issue
from conflictdata.validation._report import Issue

__all__ = ["RECORDS", "STREAM", "Input", "from_records", "from_source"]

#: The file name of the issues of records given in memory (their line is their 1-based index).
RECORDS = "<records>"
#: The file name of the issues of a binary stream that has no name of its own.
STREAM = "<stream>"
_BUFFER = 1 << 20
#: What writing a value JSON cannot hold raises (ValueError: a structure that holds itself).
_UNWRITABLE: tuple[type[Exception], ...] = (*ENCODE_ERRORS, ValueError, RecursionError)


class Input(NamedTuple):
    """One thing to validate: a file to open (``path``) or a ``stream`` to read, by ``name``."""

    name: str
    path: str | None = None
    stream: IO[bytes] | None = None
    #: For records in memory: the issues of the records JSON cannot write, found as they are read.
    unwritable: list[Issue] | None = None


def from_source(source: str | os.PathLike[str] | IO[bytes]) -> Input:
    """The input of a path, or of a binary stream (named by its ``name``, if it has one)."""
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        return Input(name, path=name)
    own = getattr(source, "name", None)
    return Input(own if isinstance(own, str) else STREAM, stream=source)


def from_records(records: Iterable[Any]) -> Input:
    """The input of records in memory, read as lines of JSON when their turn comes."""
    unwritable: list[Issue] = []
    raw = _Lines(_lines(records, unwritable))
    return Input(RECORDS, stream=io.BufferedReader(raw, _BUFFER), unwritable=unwritable)


def _lines(records: Iterable[Any], unwritable: list[Issue]) -> Iterator[bytes]:
    for number, record in enumerate(records, 1):
        try:
            yield _line(record) + b"\n"
        except _UNWRITABLE as exc:
            message = f"JSON cannot hold this record ({type(exc).__name__}: {exc})"
            unwritable.append(issue("record-not-json", message, file=RECORDS, line=number))
            yield b"\n"  # keeps the lines of the records after it in step with their index


def _line(record: Any) -> bytes:
    if isinstance(record, Record):
        return encode_record(record)
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escaped, so that layer 1 reports it
        return json.dumps(record).encode("utf-8")


class _Lines(io.RawIOBase):
    """A raw binary stream of the lines an iterator gives."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._rest = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            line = next(self._lines, None)
            if line is None:
                return 0
            self._rest = memoryview(line)
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size
