"""Reading the JSON files of the PLOVER family: a JSON array, or JSON Lines, record by record,
as strict JSON (no NaN or Infinity, no repeated key), each record located by its index, line
and JSON pointer.

A file whose first character (after blanks) is ``[`` is a JSON array, read whole up to
``MAX_ARRAY_BYTES`` (the array's records are then parsed one at a time, so a record with a
repeated key is left out alone); any other file is JSON Lines, read a line at a time, each line
at most ``MAX_LINE_BYTES``, so memory stays flat
however long the file. A record that is not strict JSON, or not an object, is a
``RecordProblem`` and the next record is read; a file that cannot be read at all (not
UTF-8, malformed past recovery, too large) is a ``TableError``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from attrs import frozen

from conflictdata._pointer import json_pointer
from conflictdata.importers._tabular import TableError, regular_file
from conflictdata.validation._json_layer import INVALID, MAX_LINE_BYTES, parse_strict

__all__ = ["MAX_ARRAY_BYTES", "FieldError", "JsonRecords", "RecordProblem"]

#: The largest JSON array read (whole) as a file of records: 64 MiB. JSON Lines have no limit.
MAX_ARRAY_BYTES = 64 << 20


@frozen
class RecordProblem:
    """A record that could not be imported: its file, line, index (0-based, as a JSON pointer
    into an array counts), upstream id, the JSON pointer and value of the field, and why."""

    file: str
    line: int
    index: int
    record_id: str | None
    pointer: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        named = f" ({self.record_id})" if self.record_id else ""
        field = f", field {self.pointer}" if self.pointer else ""
        value = f" ({self.value!r})" if self.value is not None else ""
        return f"{self.file}:{self.line}: record {self.index}{named}{field}{value}: {self.message}"


class FieldError(ValueError):
    """A field of a record that cannot be read: its JSON pointer below the record, its value
    and why."""

    def __init__(self, pointer: str, value: object, message: str) -> None:
        super().__init__(message)
        self.pointer, self.message = pointer, message
        self.value = None if value is None else value if isinstance(value, str) else repr(value)


@frozen
class JsonItem:
    """One record read: its index, line, and its value (None with a problem where it is not a
    strict JSON object)."""

    index: int
    line: int
    value: dict[str, Any] | None
    problem: RecordProblem | None


class JsonRecords:
    """The records of one JSON or JSON Lines file, read as they are asked for; ``done`` and
    ``size`` (bytes) are for a progress bar, ``name`` is the path as given."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.name = os.fspath(path)
        with regular_file(self.path, self.name) as (_, self.size):
            pass
        self.done = 0

    def items(self) -> Iterator[JsonItem]:
        """Every record of the file, in order."""
        self.done = 0
        with open(self.path, "rb") as handle:
            start = handle.read(1)
            while start in (b" ", b"\t", b"\r", b"\n", b"\xef", b"\xbb", b"\xbf"):
                start = handle.read(1)
            handle.seek(0)
            if start == b"[":
                yield from self._array(handle)
            else:
                yield from self._lines(handle)

    def _problem(self, item: tuple[int, int], message: str, pointer: str | None = None) -> JsonItem:
        index, line = item
        problem = RecordProblem(self.name, line, index, None, pointer, None, message)
        return JsonItem(index, line, None, problem)

    def _checked(self, index: int, line: int, raw: bytes) -> JsonItem:
        value, problems = parse_strict(raw)
        if problems:
            _, message, pointer = problems[0]
            return self._problem((index, line), message, pointer)
        if value is INVALID or not isinstance(value, dict):
            return self._problem((index, line), "a record is a JSON object")
        return JsonItem(index, line, value, None)

    def _lines(self, handle: IO[bytes]) -> Iterator[JsonItem]:
        index = 0
        for number, raw in enumerate(_bounded_lines(handle), 1):
            self.done += len(raw)
            if raw is _TOO_LONG:
                yield self._problem(
                    (index, number), f"the line is longer than {MAX_LINE_BYTES} bytes"
                )
                index += 1
                continue
            if not raw.strip():
                continue
            yield self._checked(index, number, raw.removeprefix(b"\xef\xbb\xbf"))
            index += 1

    def _array(self, handle: IO[bytes]) -> Iterator[JsonItem]:
        raw = handle.read(min(self.size, MAX_ARRAY_BYTES) + 1)
        if len(raw) > MAX_ARRAY_BYTES:
            raise TableError(
                f"a JSON array of more than {MAX_ARRAY_BYTES} bytes is not read: "
                "give the records as JSON Lines, one a line",
                file=self.name,
                code="import-too-large",
            )
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise TableError(
                f"not UTF-8: {exc.reason} at byte {exc.start}",
                file=self.name,
                code="import-encoding",
            ) from None
        self.done = len(raw)
        decoder = json.JSONDecoder()
        position = _skip(text, text.index("[") + 1)
        line = text.count("\n", 0, position) + 1
        index = 0
        while position < len(text) and text[position] != "]":
            try:
                _, end = decoder.raw_decode(text, position)
            except (json.JSONDecodeError, RecursionError) as exc:
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep"
                raise TableError(
                    f"not a JSON array of records: {message} in record {index}",
                    file=self.name,
                    line=line,
                    pointer=json_pointer([index]),
                    code="import-json",
                ) from None
            yield self._checked(index, line, text[position:end].encode("utf-8"))
            line += text.count("\n", position, end)
            after = _skip(text, end)
            if after < len(text) and text[after] == ",":
                after = _skip(text, after + 1)
            elif after < len(text) and text[after] != "]":
                raise TableError(
                    f"not a JSON array of records: {text[after]!r} after record {index}",
                    file=self.name,
                    line=line + text.count("\n", end, after),
                    code="import-json",
                )
            line += text.count("\n", end, after)
            position = after
            index += 1
        if position >= len(text) or text[_skip(text, position + 1) :].strip():
            raise TableError(
                "not a JSON array of records: it does not end with ]",
                file=self.name,
                line=line,
                code="import-json",
            )


def _skip(text: str, position: int) -> int:
    """The first position at or after ``position`` that is not JSON white space."""
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


_TOO_LONG = b"\0too long"


def _bounded_lines(handle: IO[bytes]) -> Iterator[bytes]:
    """The file's lines, each read at most ``MAX_LINE_BYTES`` at once; a longer line is
    yielded as ``_TOO_LONG`` (its bytes are skipped, never held)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:
                rest = handle.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield _TOO_LONG
            continue
        yield line
