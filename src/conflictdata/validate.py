"""Validation of contributed records: every problem, exactly located.

:func:`validate` reads JSON Lines files of new records (any mix of kinds: each line's kind comes
from its id prefix) and checks them in three layers:

1. bytes and strict JSON: UTF-8, no NaN or Infinity, no repeated keys, bounded line length and
   nesting;
2. the JSON Schema of the record's kind (Draft 2020-12, formats checked), with the same verdict
   as the reference ``jsonschema`` validator;
3. semantics: ids unique (also against the release), references resolve (in the files or the
   release), each span's ``exact`` is its source's text, derived dates agree with their anchors,
   dates are calendar days, vocabularies fit (PLOVER modes of the event type), likelihoods fit
   their scale, and more; see :data:`CODES`.

Files are streamed: memory holds the index of ids, not the records. The :class:`Report` lists
every issue with a stable code, the file, line, JSON pointer and record id.

>>> import pathlib, tempfile
>>> import conflictdata as cd
>>> path = pathlib.Path(tempfile.mkdtemp()) / "new.jsonl"
>>> _ = path.write_text('{"id": "evt-talks", "type": "CONSULT"}\\n', encoding="utf-8")
>>> report = cd.validate(path)
>>> report.ok, [(issue.line, issue.pointer, issue.code) for issue in report.issues]
(False, [(1, '/summary', 'schema-required'), (1, '/factuality', 'schema-required'), (1, '/evidence', 'schema-required')])
"""

from __future__ import annotations

import gc
import os
import re
import stat
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, NamedTuple, cast

from conflictdata import _codes
from conflictdata._checks_crossref import (
    ChunkFacts,
    CrossChecker,
    settle_spans,
    shift_lines,
    summarize,
    text_again,
)
from conflictdata._checks_json import INVALID, MAX_LINE_BYTES, Problem, parse_strict
from conflictdata._checks_record import Facts, check_record
from conflictdata._checks_schema import decode_fast, schema_problems, to_struct
from conflictdata._codec import collector_paused, kind_of_id
from conflictdata._codes import Code, Registry, issue
from conflictdata._loader import load
from conflictdata._report import Issue, Report, moved
from conflictdata.dataset import Dataset
from conflictdata.models import PREFIXES
from conflictdata.vocab import RecordKind

__all__ = ["CODES", "Code", "Issue", "Registry", "Report", "validate"]

for _public in (Code, Issue, Registry, Report):  # written in private modules, public here
    _public.__module__ = __name__

#: Every issue code the validator can report, by code: a :class:`Code` each, with its severity,
#: layer, title, meaning, how to fix it and an example. The page of issue codes in the
#: documentation is generated from it.
CODES: Registry = _codes.CODES

_BLOCK = 1 << 20
_SOURCE_ID = f'"id":"{PREFIXES["source"]}-'.encode()
_PREFIX_LIST = ", ".join(f"{prefix}-" for prefix in PREFIXES.values())
_BLANKS = b" \t\r"
_SEMVER = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")


def validate(
    *paths: str | os.PathLike[str],
    release: str | os.PathLike[str] | Dataset | None = None,
    jobs: int = 1,
    progress: IO[str] | None = None,
) -> Report:
    """Validate contributed JSON Lines files; the :class:`~conflictdata.validate.Report` of it.

    ``release`` is what the records extend and may reference: None for the newest shipped
    release, a shipped version (``"1.0.0"``), the path of a release folder, or a loaded
    :class:`~conflictdata.Dataset`. A source record's ``path`` is read relative to the folder of
    the file that lists it. ``jobs`` processes share the work (chunks of lines, results merged
    in order). ``progress``, a terminal stream, gets a progress bar.

    Bad input never raises: it is reported. A release that cannot be loaded raises as
    :func:`conflictdata.load` does, and ``jobs`` below 1 raises :class:`ValueError`.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    dataset = _release(release)
    checker = CrossChecker(dataset)
    issues: list[Issue] = []
    records = 0
    names = [os.fspath(path) for path in paths]
    executor = None
    if jobs > 1:
        executor = ProcessPoolExecutor(
            jobs, initializer=_start_worker, initargs=(checker.release_texts,)
        )
    try:
        with collector_paused():
            for name in names:
                records += _validate_file(name, checker, issues, executor, jobs, progress)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    checker.finish()
    order = {name: index for index, name in enumerate(names)}

    def where(found: Issue) -> tuple[int, int]:
        return order.get(found.file or "", -1), found.line or 0

    # A record's own issues in the order found, then those across records in a fixed order
    # (they are found in an order that depends on how the lines were cut into chunks).
    across = sorted(checker.issues, key=lambda found: (*where(found), *_sort_key(found)))
    issues = sorted(issues + across, key=where)
    return Report(
        files=tuple(names),
        records=records,
        issues=tuple(issues),
        release=dataset.version if dataset is not None else None,
    )


def _sort_key(found: Issue) -> tuple[tuple[tuple[int, str], ...], str, str]:
    """Issues on one line in order of their pointers (numbers as numbers), codes, messages."""
    steps = (found.pointer or "").split("/")
    pointer = tuple((int(step), "") if step.isdigit() else (-1, step) for step in steps)
    return pointer, found.code, found.message


def _release(release: str | os.PathLike[str] | Dataset | None) -> Dataset | None:
    if isinstance(release, Dataset):
        return release
    if isinstance(release, str) and _SEMVER.match(release):
        return load(release)
    if release is not None:
        return load(path=release)
    try:
        return load()
    except LookupError:  # this installation ships no release: check the files alone
        return None


class _Chunk(NamedTuple):
    """Whole lines of a file (``data``, or ``length`` bytes at ``offset`` for a worker process
    to read), or (``too_long``) one line too long to read. For a worker process, ``sources``
    may give the text files of contributed sources listed before the file (see
    :func:`_check_remote`), as of the file numbered ``generation``."""

    file: str
    first_line: int
    data: bytes
    too_long: int | None = None
    offset: int = 0
    length: int = 0
    blank: bool = False  # a line too long to read that holds only blanks
    generation: int = 0
    sources: dict[str, str] | None = None


class _Checked(NamedTuple):
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


def _validate_file(
    name: str,
    checker: CrossChecker,
    issues: list[Issue],
    executor: ProcessPoolExecutor | None,
    jobs: int,
    progress: IO[str] | None,
) -> int:
    """Check one file; return how many records (non-blank lines) it has."""
    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below, after the chunks are read
    except OSError as exc:
        issues.append(
            issue("file-unreadable", f"cannot read the file: {exc.strerror or exc}", file=name)
        )
        return 0
    count = 0
    with handle:
        try:
            status = os.fstat(handle.fileno())
            size, regular = status.st_size, stat.S_ISREG(status.st_mode)
        except OSError:
            size, regular = 0, False
        if not regular:  # a pipe, say: worker processes cannot read it at an offset
            executor = None
        bar = _Progress(progress, name, size) if progress is not None else None
        chunks = _chunks(handle, name)
        checker.start_file(name, Path(name).parent)
        if executor is None:
            results: Iterator[tuple[_Chunk, _Checked | None]] = ((chunk, None) for chunk in chunks)
        else:
            listed = (checker.file_number, checker.source_files())
            results = _in_processes(executor, chunks, 2 * jobs, listed)
        line = 1  # the first line of the next chunk
        try:
            for unnumbered, done in results:
                chunk = unnumbered._replace(first_line=line)
                if done is None:
                    checked = _check_chunk(chunk, checker.texts)
                else:  # its lines counted from the chunk's first
                    checked = _renumbered(done, line - 1)
                line += checked.newlines
                issues.extend(checked.issues)
                if not checker.add_chunk(checked.summary):
                    records = (
                        checked.records or _check_chunk(_read(chunk), checker.release_texts).records
                    )
                    numbers, found = records or ([], [])
                    for number, facts in zip(numbers, found, strict=True):
                        checker.add(facts, number)
                count += checked.lines
                if bar is not None:
                    bar.update(handle.tell())
        except OSError as exc:
            issues.append(
                issue("file-unreadable", f"cannot read the file: {exc.strerror or exc}", file=name)
            )
        if bar is not None:
            bar.close()
    if count == 0 and not any(found.file == name for found in issues):
        issues.append(issue("file-empty", "the file holds no records", file=name))
    return count


def _chunks(handle: IO[bytes], name: str) -> Iterator[_Chunk]:
    """The file in chunks of whole lines, about a megabyte each; a line longer than
    :data:`MAX_LINE_BYTES` is skipped over (never held whole) and given as its own chunk.

    Their lines are not counted here (checking a chunk does that): each has line 1 first.
    """
    offset = 0  # of the first byte not yet in a chunk
    carry = b""
    while True:
        data = handle.read(_BLOCK)
        if not data:
            if carry:
                yield _Chunk(name, 1, carry, offset=offset, length=len(carry))
            return
        data = carry + data if carry else data
        cut = _cut(data)
        if cut:
            chunk, carry = data[:cut], data[cut:]
            yield _Chunk(name, 1, chunk, offset=offset, length=cut)
            offset += cut
        elif len(data) > MAX_LINE_BYTES:
            length, carry, blank = _skip_line(handle, len(data), not data.strip(_BLANKS))
            yield _Chunk(name, 1, b"", too_long=length, blank=blank)
            offset += length + 1
        else:
            carry = data


def _cut(data: bytes) -> int:
    """Where a chunk of ``data`` ends: after its last line, or before the last line in its second
    half that lists a source (so a source and the records that follow and quote it tend to be in
    one chunk, which checks them on its own); 0 if it has no whole line."""
    cut = data.rfind(b"\n") + 1
    half = len(data) // 2
    source = data.rfind(_SOURCE_ID, half, cut)
    if source >= 0:
        start = data.rfind(b"\n", 0, source) + 1  # of the source's line
        if start > half:
            return start
    return cut


def _skip_line(handle: IO[bytes], length: int, blank: bool) -> tuple[int, bytes, bool]:
    """Read past the end of the current line (``length`` bytes so far, ``blank`` if they are
    all blanks): its length, what follows it, and whether it is blank."""
    while True:
        data = handle.read(_BLOCK)
        end = data.find(b"\n")
        if not data or end >= 0:
            rest = data[:end] if end >= 0 else data
            blank = blank and not rest.strip(_BLANKS)
            return length + len(rest), data[end + 1 :] if end >= 0 else b"", blank
        blank = blank and not data.strip(_BLANKS)
        length += len(data)


def _renumbered(checked: _Checked, shift: int) -> _Checked:
    """A chunk's result with ``shift`` added to every line number."""
    if not shift:
        return checked
    return checked._replace(
        issues=moved(checked.issues, shift), summary=shift_lines(checked.summary, shift)
    )


def _in_processes(
    executor: ProcessPoolExecutor,
    chunks: Iterable[_Chunk],
    ahead: int,
    listed: tuple[int, dict[str, str]],
) -> Iterator[tuple[_Chunk, _Checked]]:
    """Chunks checked in worker processes, results in order, at most ``ahead`` in flight.

    A worker reads its chunk from the file itself, and sends back the chunk's issues and
    summary, not each record's facts. ``listed`` (a file's number and the text files of the
    contributed sources listed before it) goes with the first ``ahead`` chunks, so that each
    worker is likely to get it (one that does not leaves more spans to this process).
    """
    generation, sources = listed
    running: deque[tuple[_Chunk, Future[_Checked]]] = deque()
    for sent, unsent in enumerate(chunks):
        chunk = unsent._replace(
            data=b"", generation=generation, sources=sources if sent < ahead and sources else None
        )
        running.append((chunk, executor.submit(_check_remote, chunk)))
        if len(running) >= ahead:
            done, future = running.popleft()
            yield done, future.result()
    while running:
        done, future = running.popleft()
        yield done, future.result()


#: The release's source texts, in a worker process.
_WORKER_TEXTS: dict[str, str] = {}
#: In a worker process: the number of the file being checked and the text files of the
#: contributed sources listed before it; the texts of those read, by file (a few hundred).
_WORKER_SOURCES: dict[int, dict[str, str]] = {}
_WORKER_READ: dict[str, str | None] = {}


def _start_worker(texts: dict[str, str]) -> None:
    """Set up a worker process: the release's texts, and the collector paused as in the main
    process (a worker started by fork inherits that; one started afresh does not)."""
    gc.disable()
    _WORKER_TEXTS.update(texts)


def _check_remote(chunk: _Chunk) -> _Checked:
    """In a worker process: read a chunk from its file and check it (what it sends back leaves
    out the records' facts and the texts read)."""
    checked = _check_chunk(_read(chunk), _WORKER_TEXTS)
    summary = checked.summary._replace(texts={})
    if chunk.sources is not None and chunk.generation not in _WORKER_SOURCES:
        _WORKER_SOURCES.clear()
        _WORKER_SOURCES[chunk.generation] = chunk.sources
    files = _WORKER_SOURCES.get(chunk.generation)
    if files and summary.spans:
        quoted = {span[1] for _, span in summary.spans if span[1] in files}
        texts = {source: _text_of(files[source]) for source in quoted}
        readable = {source: text for source, text in texts.items() if text is not None}
        if readable:
            summary = settle_spans(summary, readable)
    return checked._replace(records=None, summary=summary)


def _text_of(path: str) -> str | None:
    """A contributed source text in a worker process (read once; None if it cannot be read)."""
    if path not in _WORKER_READ:
        if len(_WORKER_READ) >= 256:
            _WORKER_READ.clear()
        _WORKER_READ[path] = text_again(Path(path))
    return _WORKER_READ[path]


def _read(chunk: _Chunk) -> _Chunk:
    """The chunk with its lines, read from its file if they are not in it."""
    if chunk.too_long is not None or chunk.data:
        return chunk
    with open(chunk.file, "rb") as handle:
        handle.seek(chunk.offset)
        return chunk._replace(data=handle.read(chunk.length))


def _check_chunk(chunk: _Chunk, texts: Mapping[str, str]) -> _Checked:
    """Layers 1, 2 and 3 for the lines of a chunk, as far as the chunk alone can tell; the
    facts of its records, summed up for the checks across records (see
    :func:`~conflictdata._checks_crossref.summarize`: spans are checked against ``texts``, those
    known before the chunk, and the texts of the chunk's sources)."""
    issues: list[Issue] = []
    numbers: list[int] = []  # the line of each record, in step with its facts
    records: list[Facts] = []
    if chunk.too_long is not None:  # skipped; a blank one is no record, as a short one is not
        if not chunk.blank:
            issues.append(_too_long(chunk.file, chunk.first_line, chunk.too_long))
        summary = summarize(numbers, records, chunk.file, Path(), texts)
        return _Checked(issues, summary, 0 if chunk.blank else 1, 1, (numbers, records))
    count = 0
    lines = chunk.data.split(b"\n")
    file, first = chunk.file, chunk.first_line
    for offset, line in enumerate(lines):
        if not line or (line[0] in _BLANKS and not line.strip(_BLANKS)):
            continue
        count += 1
        if len(line) > MAX_LINE_BYTES:
            issues.append(_too_long(file, first + offset, len(line)))
            continue
        try:
            fast = decode_fast(line)
            if fast is None:
                facts = _check_closely(line, file, first + offset, issues)
            else:
                problems, facts = check_record(*fast)
                if problems:
                    _add(issues, problems, file, first + offset, facts.id)
        except Exception as exc:  # a bug must not hide the other lines' issues
            message = (
                f"the validator failed on this line ({type(exc).__name__}: {exc}); please report it"
            )
            issues.append(issue("internal-error", message, file=file, line=first + offset))
            continue
        if facts is not None:
            numbers.append(first + offset)
            records.append(facts)
    summary = summarize(numbers, records, chunk.file, Path(chunk.file).parent, texts)
    return _Checked(issues, summary, count, len(lines) - 1, (numbers, records))


def _too_long(file: str, line: int, length: int) -> Issue:
    message = f"the line has {length:,} bytes; at most {MAX_LINE_BYTES:,} are read"
    return issue("line-too-long", message, file=file, line=line)


def _check_closely(line: bytes, file: str, number: int, issues: list[Issue]) -> Facts | None:
    """The reference path, for a line the fast path did not accept: find every problem."""
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
    _add(issues, problems, file, number, record_id)
    return facts


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


class _Progress:
    """A plain progress bar: ``name  42% [########------------]``, redrawn at most 5 times a
    second, and only once a file takes longer than half a second."""

    def __init__(self, stream: IO[str], name: str, total: int) -> None:
        self._stream, self._name, self._total = stream, name, total
        self._started = time.monotonic()
        self._drawn = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if self._total <= 0 or now - self._started < 0.5 or now - self._drawn < 0.2:
            return
        self._drawn = now
        share = min(done / self._total, 1.0)
        filled = int(share * 30)
        bar = "#" * filled + "-" * (30 - filled)
        self._stream.write(f"\r{self._name}  {share:4.0%} [{bar}]")
        self._stream.flush()

    def close(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
