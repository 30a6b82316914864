"""Reading a dataset file's CSV records once, with the SHA-256 of its bytes taken as they are read.

The importers (:mod:`conflictdata.importers`) and the validator's row checks read dataset
files alike: UTF-8 (a byte-order mark allowed), cells up to :data:`MAX_CELL` characters, and the
file's digest taken over the very bytes the records were read from, so that a file changed
between hashing and reading cannot pass for the one hashed.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["MAX_CELL", "HashingReader", "csv_records", "dialect_of"]

#: The largest cell read (csv's default, 128 KiB, is too small for some citation cells).
MAX_CELL = 2**24


class HashingReader(io.RawIOBase):
    """A binary file read through, every byte read hashed (``digest``) and counted (``done``)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle, self.digest, self.done = handle, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        self.digest.update(data)
        self.done += len(data)
        buffer[: len(data)] = data
        return len(data)


def dialect_of(name: str, first_line: bytes) -> tuple[str, bool]:
    """The delimiter a dataset file is read with, and whether it is quoted: tab-separated without quoting
    (as GDELT and ICEWS publish theirs, quotes being ordinary characters in their cells) for a
    file named ``*.tsv`` or ``*.tab`` or whose ``first_line`` has more tabs than commas (GDELT's
    tab-separated files are named ``*.CSV``); comma-separated with CSV quoting otherwise.

    >>> dialect_of("ged191.csv", b"id,year,active_year")
    (',', True)
    >>> dialect_of("20191024143000.export.CSV", b"881990832\\t20181024\\t201810")
    ('\\t', False)
    """
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("tsv", "tab") or first_line.count(b"\t") > first_line.count(b","):
        return "\t", False
    return ",", True


@contextlib.contextmanager
def csv_records(
    handle: IO[bytes], *, delimiter: str = ",", quoted: bool = True
) -> Iterator[tuple[Iterator[list[str]], HashingReader]]:
    """The CSV records of the binary file ``handle`` and the reader that hashes its bytes;
    csv's cell limit is :data:`MAX_CELL` while they are read, and as it was afterwards.
    ``quoted`` False reads a file that quotes nothing (a quote is then an ordinary character)."""
    hashing = HashingReader(handle)
    text = io.TextIOWrapper(io.BufferedReader(hashing), encoding="utf-8-sig", newline="")
    limit = csv.field_size_limit(MAX_CELL)
    try:
        if quoted:
            yield csv.reader(text, delimiter=delimiter), hashing
        else:
            yield csv.reader(text, delimiter=delimiter, quoting=csv.QUOTE_NONE), hashing
    finally:
        csv.field_size_limit(limit)
