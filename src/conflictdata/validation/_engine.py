"""The validation engine: :func:`validate` reads each input in chunks, checks every chunk and
merges what it found into one :class:`~conflictdata.validation.Report`.

Per input: open it (:func:`_open`), check its chunks in this process or in worker processes
(:func:`_checked_chunks`), add each chunk's records to the checks across records, whole or one
by one (:func:`_add_records`), and tell ``on_progress`` how far it got.
"""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from conflictdata._codec import collector_paused
from conflictdata._loader import resolve
from conflictdata.dataset import Dataset
from conflictdata.models import Record
from conflictdata.validation._code_entries import issue
from conflictdata.validation._crossref_bulk import BulkChecker
from conflictdata.validation._inputs import Input, from_records, from_source
from conflictdata.validation._kept import KeptIssues
from conflictdata.validation._lines import Checked, Chunk, check_chunk
from conflictdata.validation._reader import (
    Pool,
    chunks,
    in_processes,
    read,
    renumbered,
    start_pool,
)
from conflictdata.validation._report import Issue, Report
from conflictdata.validation._rows import RowLines, marked_lines, row_issues

if TYPE_CHECKING:
    from conflictdata.cli import _ProgressBar

__all__ = ["validate", "validate_in"]

#: Called as a file is read: the file's name, the bytes read so far and its size (None for a
#: stream).
_OnProgress = Callable[[str, int, int | None], None]


def validate(
    *files: str | os.PathLike[str] | IO[bytes],
    records: Iterable[Mapping[str, Any] | Record] | None = None,
    release: str | os.PathLike[str] | Dataset | None = None,
    jobs: int = 1,
    on_progress: Callable[[str, int, int | None], None] | None = None,
    progress: IO[str] | None = None,
    dataset_files: Iterable[str | os.PathLike[str]] = (),
) -> Report:
    """Validate contributed JSON Lines; the :class:`~conflictdata.validation.Report` of it.

    ``files`` are paths of JSON Lines files or binary streams of them (``io.BytesIO``,
    ``sys.stdin.buffer``, a file opened with ``"rb"``), named in issues by their ``name`` if
    they have one, else ``<stream>``. ``records`` are records in memory: dicts as
    :func:`json.loads` gives them, or model instances (:class:`~conflictdata.Event`, ...),
    checked after the files, as the lines of a file would be (each written as JSON): their
    issues name the file ``<records>`` and the line is the record's 1-based index.

    ``release`` is what the records extend and may reference: None for the newest shipped
    release, a shipped version (``"1.0.0"``), the path of a release folder, or a loaded
    :class:`~conflictdata.Dataset`. A source record's ``path`` is read relative to the folder of
    the file that lists it (the current folder for streams without a path and records). ``jobs``
    processes share the work for files given by path (chunks of lines, results merged in
    order). ``on_progress(file, done, total)`` is called as each file starts (``done`` 0) and
    after each chunk of about a megabyte, with the bytes read so far and the file's size (None
    for a stream). ``progress``, a terminal stream to draw a progress bar on, is deprecated:
    the command line draws it from ``on_progress``.

    Records imported from datasets point at rows of dataset files; ``dataset_files`` are those
    files (any name: each is matched to its source by SHA-256), and a file named as its
    source's ``datasets/NAME`` beside the contributed file that lists the source is found
    there. Each row reference is checked against its file, for files given by path, when the
    file is at hand (the row checks); records in memory and streams
    look for the file named by its source in the current folder.

    Bad input never raises: it is reported. A release that cannot be loaded raises as
    :func:`conflictdata.load` does, and ``jobs`` below 1 raises :class:`ValueError`.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    bar = _progress_bar(progress, on_progress) if progress is not None else None
    try:
        return validate_in(
            *files,
            records=records,
            release=release,
            pool=(lambda texts: start_pool(jobs, texts)) if jobs > 1 else None,
            workers=jobs,
            on_progress=bar if bar is not None else on_progress,
            dataset_files=dataset_files,
        )
    finally:
        if bar is not None:
            bar.close()


def validate_in(
    *files: str | os.PathLike[str] | IO[bytes],
    records: Iterable[Mapping[str, Any] | Record] | None,
    release: str | os.PathLike[str] | Dataset | None,
    pool: Callable[[dict[str, str]], Pool] | None,
    workers: int,
    on_progress: _OnProgress | None,
    dataset_files: Iterable[str | os.PathLike[str]],
) -> Report:
    """:func:`validate`, with the chunks of regular files checked by the pool that ``pool``
    starts (given the release's source texts; None: in this process), ``2 * workers`` chunks
    in flight. Everything else, the checks across records and the report, is done here, so
    the report does not depend on where the chunks were checked."""
    dataset = _release(release)
    checker = BulkChecker(dataset)
    inputs = [from_source(source) for source in files]
    if records is not None:
        inputs.append(from_records(records))
    order = {found.name: index for index, found in enumerate(inputs)}

    def own(found: Issue, arrival: int) -> tuple[int, int]:  # a record's own, as found
        return order.get(found.file or "", -1), arrival

    def across(found: Issue, arrival: int) -> tuple[Any, ...]:  # across records: fixed order
        return order.get(found.file or "", -1), found.line or 0, *_sort_key(found)

    issues = KeptIssues(own)
    checker.issues = KeptIssues(across)
    count = 0
    executor = pool(checker.release_texts) if pool is not None else None
    run = _Run(checker, issues, executor, workers, on_progress, RowLines())
    try:
        with collector_paused():
            for found in inputs:
                count += _validate_input(found, run)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    checker.finish()
    texts = checker.text_sources()
    checker.issues.extend(row_issues(run.rows.all(), texts, list(dataset_files), dataset))
    return _report([found.name for found in inputs], count, issues, checker.issues, dataset)


def _progress_bar(stream: IO[str], also: _OnProgress | None) -> _ProgressBar:
    warnings.warn(
        "validate(progress=...) is deprecated: pass on_progress=, a callback; "
        "the command line draws the progress bar",
        DeprecationWarning,
        stacklevel=3,
    )
    if also is not None:
        raise ValueError("give on_progress or progress, not both")
    from conflictdata.cli import _ProgressBar  # the command line's, until progress= goes

    return _ProgressBar(stream)


def _report(
    names: list[str],
    records: int,
    issues: KeptIssues,
    across: KeptIssues,
    dataset: Dataset | None,
) -> Report:
    """The report: issues in file and line order; on a line, a record's own issues in the
    order found, then those across records in a fixed order (they are found in an order that
    depends on how the lines were cut into chunks)."""
    order = {name: index for index, name in enumerate(names)}

    def where(found: Issue) -> tuple[int, int]:
        return order.get(found.file or "", -1), found.line or 0

    crossing = sorted(across, key=lambda found: (*where(found), *_sort_key(found)))
    return Report(
        files=tuple(names),
        records=records,
        issues=tuple(sorted([*issues, *crossing], key=where)),
        release=dataset.version if dataset is not None else None,
        omitted=tuple(
            sorted((*issues.omitted(), *across.omitted()), key=lambda o: (str(o.file), o.code))
        ),
    )


def _sort_key(found: Issue) -> tuple[tuple[tuple[int, str], ...], str, str]:
    """Issues on one line in order of their pointers (numbers as numbers), codes, messages."""
    steps = (found.pointer or "").split("/")
    pointer = tuple((int(step), "") if step.isdigit() else (-1, step) for step in steps)
    return pointer, found.code, found.message


def _release(release: str | os.PathLike[str] | Dataset | None) -> Dataset | None:
    """The release the records extend, as :func:`~conflictdata._loader.resolve` finds it;
    None when none is named and this installation ships none (the files are checked alone)."""
    try:
        return resolve(release)
    except LookupError:
        if release is not None:
            raise
        return None


class _Run(NamedTuple):
    """What checking every input shares."""

    checker: BulkChecker
    issues: KeptIssues
    executor: Pool | None
    jobs: int
    on_progress: _OnProgress | None
    rows: RowLines


def _validate_input(found: Input, run: _Run) -> int:
    """Check one input; return how many records (non-blank lines) it has."""
    name, issues = found.name, run.issues
    if found.stream is not None:
        count = _check_stream(name, found.stream, None, run._replace(executor=None))
    else:
        opened = _open(name, issues)
        if opened is None:
            return 0
        handle, size, regular = opened
        with handle:  # worker processes read only regular files, at offsets
            count = _check_stream(
                name, handle, size, run if regular else run._replace(executor=None)
            )
    if found.unwritable:
        issues.extend(found.unwritable)
        count += len(found.unwritable)
    if count == 0 and not any(found.file == name for found in issues):
        issues.append(issue("file-empty", "the file holds no records", file=name))
    return count


def _open(name: str, issues: KeptIssues) -> tuple[IO[bytes], int | None, bool] | None:
    """The file opened, its size and whether it is a regular file; None (and the issue) if it
    cannot be opened."""
    try:
        handle = open(name, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        issues.append(_unreadable(name, exc))
        return None
    try:
        status = os.fstat(handle.fileno())
    except OSError:
        return handle, None, False
    regular = stat.S_ISREG(status.st_mode)
    return handle, status.st_size if regular else None, regular


def _unreadable(name: str, exc: OSError) -> Issue:
    return issue("file-unreadable", f"cannot read the file: {exc.strerror or exc}", file=name)


def _check_stream(name: str, handle: IO[bytes], size: int | None, run: _Run) -> int:
    """Check the lines of one input's stream, chunk by chunk; return how many it has."""
    checker, issues, on_progress = run.checker, run.issues, run.on_progress
    checker.start_file(name, Path(name).parent)
    count = done = 0
    if on_progress is not None:
        on_progress(name, 0, size)
    line = 1  # the first line of the next chunk
    try:
        for unnumbered, result in _checked_chunks(name, handle, run):
            chunk = unnumbered._replace(first_line=line)
            checked = (
                check_chunk(chunk, checker.texts)
                if result is None
                else renumbered(result, line - 1)  # its lines counted from the chunk's first
            )
            if chunk.too_long is None:
                marked = result.marked if result is not None else None
                run.rows.feed(name, line, marked_lines(chunk.data) if marked is None else marked)
            line += checked.newlines
            issues.extend(checked.issues)
            _add_records(checker, chunk, checked)
            count += checked.lines
            if on_progress is not None:
                done += chunk.length if chunk.too_long is None else chunk.too_long + 1
                on_progress(name, done if size is None else min(done, size), size)
    except OSError as exc:
        issues.append(_unreadable(name, exc))
    return count


def _checked_chunks(
    name: str, handle: IO[bytes], run: _Run
) -> Iterator[tuple[Chunk, Checked | None]]:
    """The chunks of a stream, each with what a worker process found in it (None: it is to be
    checked here)."""
    found = chunks(handle, name)
    if run.executor is None:
        return ((chunk, None) for chunk in found)
    listed = (run.checker.file_number, run.checker.source_files())
    return in_processes(run.executor, found, 2 * run.jobs, listed)


def _add_records(checker: BulkChecker, chunk: Chunk, checked: Checked) -> None:
    """Add a chunk's records to the checks across records: whole if they can be, else one by
    one (their facts found again, for a chunk checked in a worker process)."""
    if checker.add_chunk(checked.summary):
        return
    records = checked.records or check_chunk(read(chunk), checker.release_texts).records
    numbers, found = records or ([], [])
    for number, facts in zip(numbers, found, strict=True):
        checker.add(facts, number)
