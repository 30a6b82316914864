"""Checking lines: layers 1 and 2 and each record's own rules, for the lines of a chunk.

:func:`check_line` is the reference path for one line: strict JSON
(:mod:`~conflictdata.validation._json_layer`), the record's kind from its id, the JSON Schema
(:mod:`~conflictdata.validation._schema_layer`) and the record's own rules
(:mod:`~conflictdata.validation._record_rules`). :func:`check_chunk` gives each line to the fast
path (:func:`~conflictdata.validation._schema_fast.decode_fast`) first and to :func:`check_line`
when the fast path does not accept it, then sums up the chunk's facts for the checks across
records (:func:`~conflictdata.validation._crossref_bulk.summarize`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, cast

from conflictdata._codec import kind_of_id
from conflictdata.models import PREFIXES
from conflictdata.validation._code_entries import CODES, issue
from conflictdata.validation._crossref_bulk import ChunkFacts, summarize
from conflictdata.validation._facts import Facts
from conflictdata.validation._json_layer import INVALID, MAX_LINE_BYTES, Problem, parse_strict
from conflictdata.validation._record_rules import check_record
from conflictdata.validation._report import Issue
from conflictdata.validation._schema_fast import decode_fast
from conflictdata.validation._schema_layer import schema_problems, to_struct
from conflictdata.vocab import RecordKind

__all__ = ["BLANKS", "Checked", "Chunk", "check_chunk", "check_line"]

#: The bytes a blank line may hold.
BLANKS = b" \t\r"
_PREFIX_LIST = ", ".join(f"{prefix}-" for prefix in PREFIXES.values())


class Chunk(NamedTuple):
    """Whole lines of a file: ``data``, or ``length`` bytes at ``offset`` for a worker process
    to read; or (``too_long`` given) one line too long to read.

    For a worker process, ``sources`` may give the text files of contributed sources listed
    before the file (see :func:`conflictdata.validation._reader.check_remote`), as of the file
    numbered ``generation``. A relative ``file`` (and the source texts beside it) is read from
    the folder ``root`` (empty: the current folder), and named in issues as it is.
    """

    file: str
    first_line: int
    data: bytes
    too_long: int | None = None
    offset: int = 0
    length: int = 0
    blank: bool = False  # a line too long to read that holds only blanks
    generation: int = 0
    sources: dict[str, tuple[str, str]] | None = None
    root: str = ""


class Checked(NamedTuple):
    """What checking a chunk found."""

    #: The issues of layers 1 and 2 and of each record on its own.
    issues: list[Issue]
    #: The records' facts, for the checks across records.
    summary: ChunkFacts
    #: How many lines hold something.
    lines: int
    #: How many line breaks the chunk has.
    newlines: int
    #: Each record's line, and its facts (in step); None from a worker process (they are found
    #: again if the chunk has to be added record by record).
    records: tuple[list[int], list[Facts]] | None
    #: From a worker process: the lines that name a dataset file or hold rows, numbered in the
    #: chunk from 0 (see :func:`~conflictdata.validation._rows.marked_lines`); this process
    #: finds them in the chunk's bytes.
    marked: list[tuple[int, bytes]] | None = None


def check_chunk(chunk: Chunk, texts: Mapping[str, str]) -> Checked:
    """Layers 1, 2 and 3 for the lines of a chunk, as far as the chunk alone can tell; the
    facts of its records, summed up for the checks across records (spans are checked against
    ``texts``, those known before the chunk, and the texts of the chunk's sources)."""
    issues: list[Issue] = []
    numbers: list[int] = []  # the line of each record, in step with its facts
    records: list[Facts] = []
    if chunk.too_long is not None:  # skipped; a blank one is no record, as a short one is not
        if not chunk.blank:
            issues.append(_too_long(chunk.file, chunk.first_line, chunk.too_long))
        summary = summarize(numbers, records, chunk.file, Path(), texts)
        return Checked(issues, summary, 0 if chunk.blank else 1, 1, (numbers, records))
    count = 0
    lines = chunk.data.split(b"\n")
    file, first = chunk.file, chunk.first_line
    for offset, line in enumerate(lines):
        if not line or (line[0] in BLANKS and not line.strip(BLANKS)):
            continue
        count += 1
        if len(line) > MAX_LINE_BYTES:
            issues.append(_too_long(file, first + offset, len(line)))
            continue
        try:
            fast = decode_fast(line)
            if fast is None:
                problems, record_id, facts = check_line(line)
            else:
                problems, facts = check_record(*fast)
                record_id = facts.id
            if problems:
                _add(issues, problems, file, first + offset, record_id)
        except Exception as exc:  # a bug must not hide the other lines' issues
            message = (
                f"the validator failed on this line ({type(exc).__name__}: {exc}); please report it"
            )
            issues.append(issue("internal-error", message, file=file, line=first + offset))
            continue
        if facts is not None:
            numbers.append(first + offset)
            records.append(facts)
    folder = Path(chunk.file).parent
    summary = summarize(numbers, records, chunk.file, folder, texts, chunk.root)
    return Checked(issues, summary, count, len(lines) - 1, (numbers, records))


def _too_long(file: str, line: int, length: int) -> Issue:
    message = f"the line has {length:,} bytes; at most {MAX_LINE_BYTES:,} are read"
    return issue("line-too-long", message, file=file, line=line)


def check_line(line: bytes) -> tuple[list[Problem], str | None, Facts | None]:
    """The reference path for one line: every problem of layers 1, 2 and the record's own
    rules, the record's id and its facts (None where the line holds no record with an id)."""
    value, problems = parse_strict(line)
    record_id = value.get("id") if isinstance(value, dict) else None
    record_id = record_id if isinstance(record_id, str) else None
    kind = cast("RecordKind | None", kind_of_id(record_id) if record_id is not None else None)
    facts = None
    if value is INVALID:
        pass
    elif not isinstance(value, dict):
        problems.append(("record-not-object", "a record is a JSON object", ""))
    elif record_id is None:
        problems.append(("record-id-missing", "the record has no string id", "/id"))
    elif kind is None:
        message = f"{record_id!r} starts with no record kind's prefix: {_PREFIX_LIST}"
        problems.append(("record-kind-unknown", message, "/id"))
    else:
        problems.extend(schema_problems(value, kind))
        if not any(_is_error(code) for code, _, _ in problems):
            more, facts = check_record(kind, to_struct(value, kind))
            problems.extend(more)
        else:  # known by its id all the same, so what refers to it is not "unresolved"
            active = value.get("status") != "withdrawn"
            facts = Facts(record_id, active, None, [], [], None, None)
    return problems, record_id, facts


def _is_error(code: str) -> bool:
    known = CODES.get(code)
    return known is None or known.severity == "error"


def _add(
    issues: list[Issue], problems: list[Problem], file: str, line: int, record_id: str | None
) -> None:
    for code, message, pointer in problems:
        issues.append(
            issue(code, message, file=file, line=line, pointer=pointer, record_id=record_id)
        )
