"""Reading the tabular files of other event datasets: rows with their RFC 7111 numbers, column
sets checked, cells parsed with located problems.

:class:`Table` reads a CSV or TSV file as UTF-8 (a byte-order mark allowed), one row at a time,
numbered as RFC 7111 numbers them (the header is row 1), with the file line each row starts on.
The header must be one of the column sets a format knows (:class:`ColumnSets`); a row of HXL
hashtags right after it (the HDX re-publications) is recognised and skipped. A headerless file
(GDELT's) is read with the column names its format gives (``names``): its first line is row 1,
and its first row must have as many cells as there are names. A cell that cannot
be read raises :class:`CellError`, which the importer turns into an :class:`ImportProblem` for
that row, and the rest of the file is still read.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from attrs import frozen

from conflictdata._csvread import HashingReader, csv_records
from conflictdata.exceptions import DataError

__all__ = [
    "CellError",
    "ColumnSets",
    "ImportProblem",
    "Row",
    "Table",
    "TableError",
    "cell_date",
    "cell_float",
    "cell_int",
]

#: The strptime format of an ISO 8601 calendar day.
ISO_DAY = "%Y-%m-%d"


@frozen
class ImportProblem:
    """A row that could not be imported: where it is and why; the row is left out."""

    file: str
    line: int
    row: int
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        column = f", column {self.column}" if self.column else ""
        value = f" ({self.value!r})" if self.value is not None else ""
        return f"{self.file}:{self.line}: row {self.row}{column}{value}: {self.message}"


class TableError(DataError):
    """A file that cannot be imported at all: not one of the format's column sets, or not
    readable as UTF-8 CSV."""


class CellError(ValueError):
    """A cell that cannot be read: its column, its value and why."""

    def __init__(self, column: str, value: str | None, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


@frozen
class ColumnSets:
    """The column sets a format has had, by name (such as ``"GED 19.1"``), each as a set: a
    file's header must hold every column of one of them and no column outside all of them."""

    sets: Mapping[str, frozenset[str]]

    def which(self, header: Sequence[str], file: str) -> str:
        """The name of the set the header is (the largest it holds), or a :class:`TableError`
        naming the columns that are missing from the nearest set and those no set has."""
        given = set(header)
        known = frozenset().union(*self.sets.values())
        unexpected = sorted(given - known)
        held = [name for name, columns in self.sets.items() if columns <= given]
        if held and not unexpected:
            return max(held, key=lambda name: len(self.sets[name]))
        nearest = min(self.sets, key=lambda name: len(self.sets[name] - given))
        missing = sorted(self.sets[nearest] - given)
        duplicated = sorted({name for name in header if header.count(name) > 1})
        parts = [f"missing {', '.join(missing)}"] if missing else []
        parts += [f"unexpected {', '.join(unexpected)}"] if unexpected else []
        parts += [f"repeated {', '.join(duplicated)}"] if duplicated else []
        raise TableError(
            f"the columns are not those of {nearest} or of any other known layout "
            f"({'; '.join(parts) or 'columns repeated'})",
            file=file,
            line=1,
            code="import-columns",
        )


@frozen
class Row:
    """A data row: its RFC 7111 number, the file line it starts on, and its cells by column."""

    number: int
    line: int
    cells: Mapping[str, str]
    #: How many cells the record has (a headerless file's rows are checked against its names).
    width: int = 0

    def get(self, column: str) -> str:
        """The cell of ``column``, stripped of surrounding blanks ("" where the layout has no
        such column)."""
        return self.cells.get(column, "").strip()


class Table:
    """The rows of one tabular file of a dataset, read as they are asked for.

    ``sha256`` is the SHA-256 of the file's bytes, taken before the rows are read (the rows
    themselves are hashed again as they are read, and :meth:`rows` raises if the two differ:
    the file changed while it was imported). ``layout`` is the name of its column set.
    A headerless file is read with ``names`` (its columns in order; ``columns`` then names the
    layout, its one set holding the names); ``quoted`` False reads a file that quotes nothing
    (GDELT, ICEWS: a quote is an ordinary character in their cells).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        columns: ColumnSets,
        *,
        delimiter: str = ",",
        quoted: bool = True,
        names: Sequence[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.name = os.fspath(path)
        with regular_file(self.path, self.name) as (handle, self.size):
            self.sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        self._columns, self._delimiter, self._quoted = columns, delimiter, quoted
        self._names = tuple(names) if names is not None else None
        self.layout = ""
        self.hxl = False
        self._reading: HashingReader | None = None

    @property
    def done(self) -> int:
        """Bytes read so far, for a progress bar."""
        return self._reading.done if self._reading is not None else 0

    def rows(self) -> Iterator[Row]:
        """The data rows, in file order."""
        try:
            with (
                open(self.path, "rb") as raw,
                csv_records(raw, delimiter=self._delimiter, quoted=self._quoted) as (
                    reader,
                    hashing,
                ),
            ):
                self._reading = hashing
                yield from self._rows(reader)
                if hashing.digest.hexdigest() != self.sha256:
                    raise TableError(
                        "the file changed while it was imported",
                        file=self.name,
                        code="import-changed",
                    )
        except UnicodeDecodeError as exc:
            raise TableError(
                f"not UTF-8: {exc.reason} at byte {exc.start}",
                file=self.name,
                code="import-encoding",
            ) from None
        except csv.Error as exc:
            raise TableError(
                f"not readable CSV: {exc}", file=self.name, code="import-csv"
            ) from None

    def _rows(self, reader: Iterator[list[str]]) -> Iterator[Row]:
        if self._names is not None:
            yield from self._headerless(reader, self._names)
            return
        header = next(reader, None)
        if header is None:
            raise TableError("the file is empty", file=self.name, line=1, code="import-columns")
        header = [name.strip() for name in header]
        self.layout = self._columns.which(header, self.name)
        line = reader.line_num + 1  # type: ignore[attr-defined]
        for number, cells in enumerate(reader, 2):
            if number == 2 and cells and all(cell.startswith("#") for cell in cells if cell):
                self.hxl = True  # HDX's row of HXL hashtags: not data
            elif cells:
                yield Row(number, line, dict(zip(header, cells, strict=False)), len(cells))
            line = reader.line_num + 1  # type: ignore[attr-defined]

    def _headerless(self, reader: Iterator[list[str]], names: tuple[str, ...]) -> Iterator[Row]:
        """The rows of a file without a header: the first line is row 1."""
        self.layout = self._columns.which(names, self.name)
        line, number = 1, 0
        for number, cells in enumerate(reader, 1):
            if number == 1 and len(cells) != len(names):
                raise TableError(
                    f"the first row has {len(cells)} cells, not the {len(names)} columns of "
                    f"{self.layout}",
                    file=self.name,
                    line=1,
                    code="import-columns",
                )
            if cells:
                yield Row(number, line, dict(zip(names, cells, strict=False)), len(cells))
            line = reader.line_num + 1  # type: ignore[attr-defined]
        if number == 0:
            raise TableError("the file is empty", file=self.name, line=1, code="import-columns")


@contextlib.contextmanager
def regular_file(path: Path, name: str) -> Iterator[tuple[io.BufferedReader, int]]:
    """The input file at ``path`` (``name`` as given), open, and its size; a located
    :class:`TableError` for anything but a regular file (a device, FIFO or socket is never
    read)."""
    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise TableError(
                "not a regular file (a device, FIFO or socket is never read)",
                file=name,
                code="import-not-regular",
            )
        yield handle, status.st_size


def cell_int(row: Row, column: str, *, low: int | None = None, high: int | None = None) -> int:
    """The whole number in a cell, within ``low`` and ``high`` (a :class:`CellError` if not)."""
    value = row.get(column)
    try:
        number = int(value)
    except ValueError:
        raise CellError(column, value, "not a whole number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise CellError(column, value, f"not between {low} and {high}")
    return number


def cell_float(row: Row, column: str, *, low: float, high: float) -> float | None:
    """The number in a cell, within ``low`` and ``high``; None for an empty cell."""
    value = row.get(column)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise CellError(column, value, "not a number") from None
    if not low <= number <= high:
        raise CellError(column, value, f"not between {low} and {high}")
    return number


def cell_date(row: Row, column: str, formats: Sequence[str] = (ISO_DAY,)) -> dt.date:
    """The calendar day in a cell, in one of ``formats`` (for ISO days, a time after the day,
    as later GED releases write it, is ignored)."""
    value = row.get(column)
    day = value.split(" ")[0]
    if ISO_DAY in formats and len(day) == 10 and day[4] == day[7] == "-":
        try:  # the common form, read without strptime (which is most of a row's time)
            return dt.date.fromisoformat(day)
        except ValueError:
            pass
    for format_ in formats:
        try:
            return dt.datetime.strptime(day if format_ == ISO_DAY else value, format_).date()
        except ValueError:
            continue
    raise CellError(column, value, "not a calendar date")
