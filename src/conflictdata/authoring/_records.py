"""Contributed JSON Lines files as the authoring tools read and rewrite them.

Records are read as JSON objects (dicts), not as models: the tools fill in what the models
require, so a record they work on need not be valid yet. A line that is not a JSON object is
kept as it is and reported; a line the tools change is written again as compact JSON with its
keys in their order, every other line byte for byte as it was.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import define, frozen

from conflictdata._fsutil import atomic_writer
from conflictdata.authoring._problem import Problem
from conflictdata.exceptions import Where
from conflictdata.validation._json_layer import INVALID, MAX_LINE_BYTES, parse_strict

__all__ = ["Change", "Line", "Outcome", "RecordsFile", "change_files", "change_records"]


@define
class Line:
    """One line of a file: its number, its bytes and, when it holds a JSON object, the
    record (``changed`` once a tool changed it)."""

    number: int
    raw: bytes
    record: dict[str, Any] | None
    changed: bool = False

    def where(self, file: str, pointer: str | None = None) -> Where:
        """The location of ``pointer`` in this line's record."""
        record_id = self.record.get("id") if self.record is not None else None
        return Where(
            file=file,
            line=self.number,
            pointer=pointer,
            record_id=record_id if isinstance(record_id, str) else None,
        )


@define
class RecordsFile:
    """The lines of a JSON Lines file of records, and the problems found in reading them."""

    path: Path
    lines: list[Line]
    problems: list[Problem]

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> RecordsFile:
        """Read ``path``; raises :class:`OSError` when it cannot be read."""
        path = Path(path)
        lines, problems = [], []
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                line = Line(number, raw, None)
                lines.append(line)
                if len(raw) > MAX_LINE_BYTES:
                    message = f"the line is longer than {MAX_LINE_BYTES} bytes"
                    problems.append(_problem("line-too-long", message, line, path))
                    continue
                if not raw.strip():
                    continue
                value, found = parse_strict(raw)
                if value is INVALID or found or not isinstance(value, dict):
                    message = found[0][1] if found else "the line is not a JSON object"
                    message += ": it is left as it is (conflictdata validate explains)"
                    problems.append(_problem("line-not-record", message, line, path))
                    continue
                line.record = value
        return cls(path, lines, problems)

    def records(self) -> Iterator[tuple[Line, dict[str, Any]]]:
        """Each line that holds a record, with the record."""
        for line in self.lines:
            if line.record is not None:
                yield line, line.record

    @property
    def changed(self) -> bool:
        """Whether a tool changed any record."""
        return any(line.changed for line in self.lines)

    def write(self, target: str | os.PathLike[str] | None = None) -> Path:
        """Write the lines atomically to ``target`` (by default the file read) and return
        where; changed records as compact JSON, other lines as they were read."""
        path = Path(target) if target is not None else self.path
        with atomic_writer(path, overwrite=True) as out:
            for line in self.lines:
                if line.changed and line.record is not None:
                    text = json.dumps(line.record, ensure_ascii=False, separators=(",", ":"))
                    ending = b"\r\n" if line.raw.endswith(b"\r\n") else b"\n"
                    out.write(text.encode("utf-8") + ending)
                else:
                    out.write(line.raw)
        return path


def _problem(code: str, message: str, line: Line, path: Path) -> Problem:
    return Problem(code=code, message=message, where=line.where(str(path)))


#: A change made to one record in place, given a function that locates a JSON pointer in it:
#: how many spans it placed, whether the record changed, and the problems.
Change = Callable[[dict[str, Any], Callable[[str], Where]], tuple[int, bool, list[Problem]]]


@frozen(kw_only=True)
class Outcome:
    """What an authoring tool did: the records (when given in memory), how many spans it
    placed (anchored, or moved with their words), the problems and changes it reports, and
    the files it wrote."""

    records: tuple[dict[str, Any], ...] = ()
    placed: int = 0
    problems: tuple[Problem, ...] = ()
    written: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether nothing is left for a person to fix (warnings are for reading)."""
        return all(problem.severity == "warning" for problem in self.problems)


def change_records(records: Iterable[Mapping[str, Any]], change: Change, file: str) -> Outcome:
    """``change`` made to copies of ``records``, each located in ``file`` at its 1-based
    index."""
    done: list[dict[str, Any]] = []
    problems: list[Problem] = []
    placed = 0
    for number, given in enumerate(records, start=1):
        record = copy.deepcopy(dict(given))
        count, _, found = change(record, functools.partial(Line(number, b"", record).where, file))
        done.append(record)
        placed += count
        problems += found
    return Outcome(records=tuple(done), placed=placed, problems=tuple(problems))


def change_files(
    files: Sequence[RecordsFile],
    change: Change,
    output: str | os.PathLike[str] | None,
    problems: Sequence[Problem] = (),
) -> Outcome:
    """``change`` made to the records of ``files``; each file that changed is rewritten (or the
    one file written to ``output``, changed or not). ``problems`` come first in the outcome."""
    if output is not None and len(files) != 1:
        raise ValueError("output is for one file: give one file, or none")
    found, placed, written = list(problems), 0, []
    for records in files:
        found += records.problems
        for line, record in records.records():
            count, changed, more = change(record, functools.partial(line.where, str(records.path)))
            line.changed |= changed
            placed += count
            found += more
        if output is not None or records.changed:
            written.append(records.write(output))
    return Outcome(placed=placed, problems=tuple(found), written=tuple(written))
