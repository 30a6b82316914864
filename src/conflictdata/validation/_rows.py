"""Layer 3 of validation for records imported from datasets: row references against their files.

A record imported from a dataset that ships no text rests on rows (:class:`~conflictdata.RowRef`)
of a dataset file, whose :class:`~conflictdata.Source` has a path ``datasets/NAME``. As the
validator reads the lines, :class:`RowLines` keeps the few that name a dataset file or hold
rows; after the other checks, :func:`row_issues` checks them:

- a row reference names a dataset file, not a text (a span that quotes a dataset file is
  reported by the checks across records);
- where the file is at hand (given with ``dataset_files``, matched by its SHA-256, or beside the
  contributed file under its NAME), that its bytes have the source's SHA-256, that it has the
  source's ``id_column``, and that each referenced row exists and carries the record id claimed.

Without the file, everything but the last point is checked, and a warning says so. Rows are counted as RFC 7111 counts
them: CSV records from 1, the header row included (a headerless file's first line is row 1).
The id column is named by the header (``id_column: "Event ID"``) or, for a headerless file such
as GDELT's, by its position as RFC 7111 numbers columns (``id_column: "col=1"``). A file named
``*.tsv`` or ``*.tab``, or whose first line has more tabs than commas, is read as tab-separated
without quoting (:func:`~conflictdata._csvread.dialect_of`).
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import stat
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO

import msgspec

from conflictdata._csvread import csv_records, dialect_of
from conflictdata._fsutil import UnsafeFileError, open_inside
from conflictdata.dataset import Dataset
from conflictdata.models import DATASET_DIR
from conflictdata.validation._code_entries import issue
from conflictdata.validation._report import Issue, shorten

__all__ = ["RowLines", "marked_lines", "row_issues"]

_DATASET_PATH = f'"{DATASET_DIR}/'.encode()
#: An id column named by position: RFC 7111's column number, from 1.
_BY_POSITION = re.compile("col=([1-9][0-9]{0,5})")
_ROWS_KEY = b'"rows"'


class _RowOf(msgspec.Struct):
    source: str = ""
    row: int = 0
    record_id: str = ""


class _Line(msgspec.Struct):
    """What this check reads of a line (the other checks have reported what is wrong in it)."""

    id: str = ""
    path: str | None = None
    sha256: str | None = None
    id_column: str | None = None
    rows: list[_RowOf] = []


_decode = msgspec.json.Decoder(_Line).decode


class _Dataset(msgspec.Struct):
    """A dataset file's source record, and where it is listed (file None: in the release)."""

    id: str
    path: str
    sha256: str
    id_column: str | None
    file: str | None
    line: int | None
    folder: Path | None


#: A row reference found: (file, line, record id, index in rows, source id, row, upstream id).
_Found = tuple[str, int, str, int, str, int, str]


def marked_lines(data: bytes) -> list[tuple[int, bytes]]:
    """The lines of a chunk's ``data`` that name a dataset file or hold rows, each with its
    number in the chunk (the first is 0)."""
    if _DATASET_PATH not in data and _ROWS_KEY not in data:
        return []
    return [
        (at, line)
        for at, line in enumerate(data.split(b"\n"))
        if _DATASET_PATH in line or _ROWS_KEY in line
    ]


class RowLines:
    """The lines of the contributed records that name a dataset file or hold rows, kept as the
    validator reads them (found by :func:`marked_lines`, here or in a worker)."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, int, bytes]] = []

    def feed(self, file: str, first_line: int, marked: Iterable[tuple[int, bytes]]) -> None:
        """Keep the ``marked`` lines of a chunk of ``file`` whose first line is ``first_line``."""
        self.lines.extend((file, first_line + at, line) for at, line in marked)

    def all(self) -> Iterator[tuple[str, int, bytes]]:
        """Every marked line, in the order fed."""
        return iter(self.lines)


def row_issues(
    lines: Iterable[tuple[str, int, bytes]],
    texts: Collection[str],
    dataset_files: Sequence[str | os.PathLike[str]],
    release: Dataset | None,
) -> list[Issue]:
    """The issues of the row references on the marked ``lines`` (file, line, bytes), checked
    against ``dataset_files`` and the files found beside; ``texts`` are the ids of the
    contributed sources that are texts."""
    datasets: dict[str, _Dataset] = {}
    text_sources = set(texts)
    for source in release.sources if release is not None else ():
        if source.is_dataset:
            datasets[source.id] = _Dataset(
                source.id, source.path, source.sha256, source.id_column, None, None, None
            )
        else:
            text_sources.add(source.id)
    decoded = list(_decoded(lines))
    wanted: defaultdict[str, list[_Found]] = defaultdict(list)
    for file, number, record in decoded:
        path = record.path
        if path is not None and record.sha256 is not None and path.startswith(DATASET_DIR + "/"):
            datasets[record.id] = _Dataset(
                record.id,
                path,
                record.sha256,
                record.id_column,
                file,
                number,
                Path(file).parent,  # the current folder for records and streams
            )
        for index, ref in enumerate(record.rows):
            found = (file, number, record.id, index, ref.source, ref.row, ref.record_id)
            wanted[ref.source].append(found)
    issues = [
        _issue(
            "row-source-not-dataset",
            f"{ref!r} is a text, not a dataset file: quote it with a span",
            *found[:4],
        )
        for ref, references in wanted.items()
        if ref in text_sources
        for found in references
    ]
    given = _hashed(dataset_files, issues)
    for source_id, references in wanted.items():
        if source_id in datasets:
            issues += _checked(datasets[source_id], references, given)
    return issues


def _decoded(lines: Iterable[tuple[str, int, bytes]]) -> Iterator[tuple[str, int, _Line]]:
    """(file, line, decoded) of each line that decodes (the other checks report the rest)."""
    for file, number, line in lines:
        try:
            yield file, number, _decode(line)
        except (msgspec.DecodeError, msgspec.ValidationError):
            continue


def _issue(code: str, message: str, file: str, line: int, record_id: str, index: int) -> Issue:
    pointer = f"/rows/{index}"
    return issue(code, message, file=file, line=line, pointer=pointer, record_id=record_id)


def _source_issue(code: str, message: str, source: _Dataset, pointer: str) -> Issue:
    return issue(
        code, message, file=source.file, line=source.line, pointer=pointer, record_id=source.id
    )


def _hashed(paths: Sequence[str | os.PathLike[str]], issues: list[Issue]) -> dict[str, Path]:
    """The dataset files given, by their SHA-256 (one that cannot be read is an issue)."""
    found: dict[str, Path] = {}
    for given in paths:
        path = Path(given)
        try:
            with open(path, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise OSError("not a regular file (a device, FIFO or socket is never read)")
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            message = f"cannot read the dataset file: {exc.strerror or exc}"
            issues.append(issue("dataset-file-unreadable", message, file=str(path)))
        else:
            found[digest] = path
    return found


def _checked(source: _Dataset, references: list[_Found], given: dict[str, Path]) -> list[Issue]:
    """The issues of the rows of one dataset file: checked against it if it is at hand."""
    name = PurePosixPath(source.path).name
    path = given.get(source.sha256)
    handle: IO[bytes] | None = None
    try:  # beside the records, the file is opened as their source texts are: never by a link
        if path is not None:
            handle = open(path, "rb")  # noqa: SIM115 - closed below
        elif source.folder is not None:
            handle, path = open_inside(source.folder, name), source.folder / name
    except (OSError, UnsafeFileError):
        handle = None
    if handle is None or path is None:
        message = (
            f"the rows of {source.id} are not checked against their file: give it with "
            f"--dataset-file, or put {name} beside the records"
        )
        return [_source_issue("dataset-file-absent", message, source, "/path")]
    with handle:
        return _against(source, references, path, handle)


def _against(
    source: _Dataset, references: list[_Found], path: Path, handle: IO[bytes]
) -> list[Issue]:
    """The issues of row references checked against the rows of the file, read once: its
    SHA-256 is taken as it is read, and if it is not the source's, that alone is reported."""
    by_row: defaultdict[int, list[_Found]] = defaultdict(list)
    for found in references:
        by_row[found[5]].append(found)
    issues: list[Issue] = []
    peek = getattr(handle, "peek", None)
    first_line = peek(2**16)[: 2**16].split(b"\n", 1)[0] if peek is not None else b""
    delimiter, quoted = dialect_of(path.name, first_line)
    column, last = -1, 0
    try:
        with csv_records(handle, delimiter=delimiter, quoted=quoted) as (reader, hashing):
            for last, cells in enumerate(reader, 1):
                if last == 1:
                    column = _id_column(source, cells, issues)
                for found in by_row.pop(last, ()) if column >= 0 else ():
                    value = cells[column] if column < len(cells) else None
                    if value != found[6]:
                        message = (
                            f"row {last} of {path.name} has {source.id_column} "
                            f"{shorten(repr(value), 60)}, not {found[6]!r}"
                        )
                        issues.append(_issue("row-id-mismatch", message, *found[:4]))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        message = f"cannot read row {last + 1} of the dataset file: {exc}"
        return [issue("dataset-file-unreadable", message, file=str(path))]
    digest = hashing.digest.hexdigest()
    if digest != source.sha256:
        message = f"the dataset file {path} has SHA-256 {digest}, not the source's {source.sha256}"
        return [_source_issue("dataset-file-hash", message, source, "/sha256")]
    for row, waiting in by_row.items() if column >= 0 else ():
        for found in waiting:
            message = f"{path.name} has {last} rows, so no row {row}"
            issues.append(_issue("row-out-of-range", message, *found[:4]))
    return issues


def _id_column(source: _Dataset, header: list[str], issues: list[Issue]) -> int:
    """The index of the source's id column: by position (``col=N``), or in the header row (-1,
    and the issue, if none)."""
    position = _BY_POSITION.fullmatch(source.id_column or "")
    if position is not None:
        if int(position[1]) <= len(header):
            return int(position[1]) - 1
        message = (
            f"the dataset file's first row has {len(header)} columns, so no {source.id_column}"
        )
        issues.append(_source_issue("dataset-id-column", message, source, "/id_column"))
        return -1
    if source.id_column is not None and source.id_column in header:
        return header.index(source.id_column)
    if source.id_column is None:
        message = "a dataset file whose rows are referenced needs id_column, its id column"
    else:
        message = f"the dataset file has no column {source.id_column!r} in its first row"
    issues.append(_source_issue("dataset-id-column", message, source, "/id_column"))
    return -1
