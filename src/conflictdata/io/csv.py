"""CSV: one table per record kind, in a folder, with a data dictionary.

A CSV export is a folder holding ``sources.csv``, ``actors.csv``, ``events.csv``,
``statements.csv`` and ``implications.csv`` (each with its header row, even when empty) and
``datapackage.json``, a Frictionless Tabular Data Package whose table schemas describe every
column: its type, whether it may be empty, its allowed values and its meaning.

The convention, which the reader reverses exactly:

- One row per record. Nested objects become dotted columns (``when.date``, ``where.lat``); a
  nested object that is null leaves all its columns empty.
- Text columns hold the text as is. Every other cell is JSON: numbers (``-1``, ``0.55``) and
  arrays, of values or of objects (``["military"]``, ``[{"end": 9, ...}]``), keys sorted.
- An empty cell is null. An empty text is written as a lone apostrophe (``'``).
- Formula protection: a text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return, which a spreadsheet would run as a formula, is written with an apostrophe in front;
  so is a text that begins with an apostrophe. The reader removes one leading apostrophe from
  every text cell that has one. Numbers and JSON cells are never changed: a JSON cell begins
  with ``[`` and a number is never a formula.
- UTF-8 without a byte order mark (one is skipped on reading), rows end in CRLF, cells are
  quoted when they hold a comma, a quote or a line break.

>>> import tempfile, pathlib
>>> import conflictdata as cd
>>> from conflictdata.io import read_csv, write_csv
>>> ds = cd.load()
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "export"
>>> write_csv(ds, folder).records == len(ds)
True
>>> sorted(p.name for p in folder.iterdir())  # doctest: +NORMALIZE_WHITESPACE
['actors.csv', 'datapackage.json', 'events.csv', 'implications.csv', 'sources.csv',
 'statements.csv']
>>> list(read_csv(folder)) == list(ds)
True
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from conflictdata._codec import convert_record, decode_error, encode_sorted
from conflictdata._fsutil import atomic_folder, atomic_writer
from conflictdata._msgspec import DECODE_ERRORS, ValidationError, explain
from conflictdata._schema import load_schema
from conflictdata.exceptions import DataError
from conflictdata.io._common import (
    Records,
    Tally,
    Written,
    checked,
    plural,
    table_files,
    table_names,
)
from conflictdata.io._tables import Column, Table, table
from conflictdata.models import RECORD_CLASSES, Record
from conflictdata.vocab import RECORD_KINDS, RecordKind

__all__ = ["DICTIONARY", "FORMULA_STARTS", "read_csv", "write_csv"]

#: The data dictionary of a CSV export: a Frictionless Tabular Data Package descriptor.
DICTIONARY = "datapackage.json"
#: First characters of a text that a spreadsheet may run as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")
_QUOTE = "'"
_PROTECT = FORMULA_STARTS | {_QUOTE}


def write_csv(
    records: Records, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Written:
    """Write ``records`` (a Dataset or any iterable, consumed once) as a CSV folder at ``path``.

    The folder appears only when every table and the dictionary are complete; a bad record
    raises :class:`~conflictdata.exceptions.DataError` and leaves nothing behind. With
    ``overwrite``, an existing export folder is replaced; a folder holding other files is not.
    """
    tally = Tally()
    replaceable = [*table_names(".csv"), DICTIONARY]
    with (
        atomic_folder(path, overwrite=overwrite, replaceable=replaceable) as folder,
        contextlib.ExitStack() as stack,
    ):
        writers = {
            kind: _table_writer(stack, folder / f"{plural(kind)}.csv", table(kind))
            for kind in RECORD_KINDS
        }
        for record in records:
            checked(record, file=os.fspath(path))
            writers[record.kind].writerow(_cells(table(record.kind), record))
            tally.records += 1
        with atomic_writer(folder / DICTIONARY) as handle:
            handle.write(msgspec.json.format(msgspec.json.encode(dictionary()), indent=2) + b"\n")
    return tally.written(Path(path), "csv")


def read_csv(path: str | os.PathLike[str]) -> Iterator[Record]:
    """The records of a CSV export folder, or of one of its tables (``events.csv``).

    Records come in release order of kinds, each table in its row order; tables missing from the
    folder count as empty. Raises :class:`~conflictdata.exceptions.DataError` with the file, the
    line, the JSON pointer and the record id at the first bad row or header.
    """
    for file, kind in table_files(path, ".csv"):
        yield from _read_table(file, table(kind))


def dictionary() -> dict[str, Any]:
    """The data dictionary of the CSV format, as a Frictionless Tabular Data Package."""
    return {
        "profile": "tabular-data-package",
        "name": "conflictdata-csv",
        "title": "conflictdata records as CSV tables",
        "description": (
            "One table per record kind, one row per record. Nested objects are dotted columns; "
            "columns of type integer, number or array hold JSON. An empty cell is null. "
            "A text cell that begins with an apostrophe has it removed on reading: it protects "
            "texts that begin with = + - @ tab or carriage return (which a spreadsheet would "
            "run as a formula) or with an apostrophe, and a lone apostrophe is the empty text."
        ),
        "resources": [_resource(kind) for kind in RECORD_KINDS],
    }


def _resource(kind: RecordKind) -> dict[str, Any]:
    return {
        "name": plural(kind),
        "path": f"{plural(kind)}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": load_schema(kind)["description"],
        "schema": {
            "fields": [_field(column) for column in table(kind).columns],
            "primaryKey": ["id"],
            "missingValues": [""],
        },
    }


def _field(column: Column) -> dict[str, Any]:
    constraints: dict[str, Any] = {"required": column.required}
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    return {
        "name": column.name,
        "type": column.type,
        "description": column.description,
        "constraints": constraints,
    }


def _table_writer(stack: contextlib.ExitStack, path: Path, spec: Table) -> Any:
    handle = stack.enter_context(atomic_writer(path))
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    stack.callback(_release, text)
    writer = csv.writer(text)
    writer.writerow(column.name for column in spec.columns)
    return writer


def _release(text: io.TextIOWrapper) -> None:
    """Flush ``text`` into its binary handle and let go of it, leaving it open."""
    text.flush()
    text.detach()


def _cells(spec: Table, record: Record) -> list[str]:
    obj = msgspec.to_builtins(record)
    cells = []
    for column in spec.columns:
        value: Any = obj
        for key in column.path:
            value = value[key] if value is not None else None
        if value is None:
            cells.append("")
        elif column.type == "string":
            cells.append(_QUOTE + value if not value or value[0] in _PROTECT else value)
        else:
            cells.append(encode_sorted(value).decode("utf-8"))
    return cells


def _read_table(file: Path, spec: Table) -> Iterator[Record]:
    cls = RECORD_CLASSES[spec.kind]
    name = str(file)
    with _no_field_limit(), open(file, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        line = 0
        try:
            header = next(rows, None)
            if header is None:
                raise DataError("empty file: expected a header row", file=name, line=1)
            columns = _match_header(header, spec, name)
            line = rows.line_num
            for row in rows:
                record_line, line = line + 1, rows.line_num
                if row == []:
                    continue
                if len(row) != len(columns):
                    raise DataError(
                        f"row has {len(row)} cells, the header {len(columns)}",
                        file=name,
                        line=record_line,
                    )
                yield _record(cls, spec, dict(zip(columns, row, strict=True)), name, record_line)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataError(f"not a readable CSV file: {exc}", file=name, line=line + 1) from None


def _match_header(header: list[str], spec: Table, file: str) -> list[str]:
    expected = {column.name for column in spec.columns}
    problems = []
    if len(set(header)) != len(header):
        problems.append(
            "repeated columns: " + ", ".join(sorted({c for c in header if header.count(c) > 1}))
        )
    if missing := [c.name for c in spec.columns if c.name not in header]:
        problems.append("missing columns: " + ", ".join(missing))
    if unknown := [c for c in header if c not in expected]:
        problems.append("unknown columns: " + ", ".join(unknown))
    if problems:
        raise DataError(
            f"header does not match the {spec.kind} table: " + "; ".join(problems),
            file=file,
            line=1,
        )
    return header


def _record(
    cls: type[Record], spec: Table, cells: Mapping[str, str], file: str, line: int
) -> Record:
    record_id = cells.get("id") or None
    obj: dict[str, Any] = {}
    for column in spec.columns:
        cell = cells[column.name]
        if not cell:
            value = None
        elif column.type == "string":
            value = cell[1:] if cell[0] == _QUOTE else cell
        else:
            try:
                value = msgspec.json.decode(cell)
            except DECODE_ERRORS as exc:
                raise DataError(
                    f"column {column.name}: {explain(exc, cell).message}",
                    file=file,
                    line=line,
                    pointer="".join(f"/{key}" for key in column.path),
                    record_id=record_id,
                ) from None
        parent = obj
        for key in column.path[:-1]:
            parent = parent.setdefault(key, {})
        parent[column.path[-1]] = value
    for path in spec.optional:
        parent = obj
        for key in path[:-1]:
            parent = parent[key]
        if parent[path[-1]] is not None and all(v is None for v in parent[path[-1]].values()):
            parent[path[-1]] = None
    try:
        return convert_record(obj, cls)
    except ValidationError as exc:
        raise decode_error(exc, file=file, line=line, record_id=record_id) from None


@contextlib.contextmanager
def _no_field_limit() -> Iterator[None]:
    """Lift the csv module's cell size limit (128 KiB by default) while reading."""
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(limit)
