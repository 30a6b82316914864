"""Records in other formats: JSON Lines, JSON, CSV, Parquet, GeoJSON and W3C Web Annotations.

=============== ================ ========================================= =========
format          path             holds                                     read back
=============== ================ ========================================= =========
``jsonl``       ``*.jsonl``      every record, one a line (streams)        exactly
``json``        ``*.json``       every record, an array per kind           exactly
``csv``         a folder         every record, a table per kind            exactly
``parquet``     a folder         every record, a file per kind             exactly
``geojson``     ``*.geojson``    events with coordinates, as Points        no
``annotations`` ``*.jsonld``     evidence spans, as W3C Web Annotations    no
=============== ================ ========================================= =========

:func:`write` and :func:`read` choose the format from ``format`` or from the path: its suffix,
or for reading a folder, the tables in it. Each format's module has its own ``read_*`` and
``write_*`` with the details. Every write is atomic: a file or folder appears complete or not
at all, an existing one is replaced only with ``overwrite=True``, and a record that the format
cannot hold raises :class:`~conflictdata.exceptions.DataError` naming the record. Reading
yields records one at a time and raises a :class:`~conflictdata.exceptions.DataError` with the
file, line, JSON pointer and record id at the first bad one. Parquet needs the ``arrow`` extra.

>>> import tempfile, pathlib
>>> import conflictdata as cd
>>> import conflictdata.io
>>> ds = cd.load()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "records.jsonl"
>>> written = conflictdata.io.write(ds, path)
>>> written.format, written.records == len(ds)
('jsonl', True)
>>> cd.Dataset(conflictdata.io.read(path)).counts() == ds.counts()
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, get_args

from conflictdata.io import geojson, json, jsonl, webannotation
from conflictdata.io._common import Records, Tally, Written
from conflictdata.io.csv import read_csv, write_csv
from conflictdata.io.geojson import write_geojson
from conflictdata.io.json import read_json, write_json
from conflictdata.io.jsonl import read_jsonl, write_jsonl
from conflictdata.io.parquet import read_parquet, write_parquet
from conflictdata.io.webannotation import write_annotations
from conflictdata.models import Record

__all__ = [
    "FORMATS",
    "Format",
    "Records",
    "Written",
    "dump",
    "format_of",
    "read",
    "read_csv",
    "read_json",
    "read_jsonl",
    "read_parquet",
    "write",
    "write_annotations",
    "write_csv",
    "write_geojson",
    "write_json",
    "write_jsonl",
    "write_parquet",
]

Format = Literal["jsonl", "json", "csv", "parquet", "geojson", "annotations"]
#: The format names, as ``format=`` and ``conflictdata export --format`` take them.
FORMATS: tuple[Format, ...] = get_args(Format)

_SUFFIXES: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".parquet": "parquet",
    ".geojson": "geojson",
    ".jsonld": "annotations",
}
_READERS: dict[Format, Callable[[str | os.PathLike[str]], Iterator[Record]]] = {
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "parquet": read_parquet,
}
_WRITERS: dict[Format, Callable[..., Written]] = {
    "jsonl": write_jsonl,
    "json": write_json,
    "csv": write_csv,
    "parquet": write_parquet,
    "geojson": write_geojson,
    "annotations": write_annotations,
}
#: The formats that are one document, and so can go to a stream.
_DOCUMENTS: dict[Format, Callable[..., Iterator[bytes]]] = {
    "jsonl": jsonl.chunks,
    "json": json.chunks,
    "geojson": geojson.chunks,
    "annotations": webannotation.chunks,
}


def format_of(path: str | os.PathLike[str], *, reading: bool = False) -> Format:
    """The format a path names by its suffix; for ``reading``, a folder's by its tables.

    >>> format_of("export/records.jsonl")
    'jsonl'
    """
    where = Path(path)
    if reading and where.is_dir():
        found = {_SUFFIXES[p.suffix] for p in where.iterdir() if p.suffix in (".csv", ".parquet")}
        if len(found) == 1:
            return found.pop()
        raise ValueError(f"{where}: cannot tell the format of this folder: give format=")
    fmt = _SUFFIXES.get(where.suffix.lower())
    if fmt is None or (not reading and fmt in ("csv", "parquet")):
        raise ValueError(
            f"{where}: cannot tell the format from the file name: give format= (one of "
            f"{', '.join(FORMATS)}; csv and parquet write a folder)"
        )
    return fmt


def read(path: str | os.PathLike[str], format: Format | None = None) -> Iterator[Record]:
    """The records at ``path``, one at a time, in the given or the path's format."""
    fmt = format or format_of(path, reading=True)
    if fmt not in _READERS:
        raise ValueError(f"{fmt} is written, not read; readable: {', '.join(_READERS)}")
    return _READERS[fmt](path)


def write(
    records_or_dataset: Records,
    path: str | os.PathLike[str],
    format: Format | None = None,
    *,
    overwrite: bool = False,
    **options: Any,
) -> Written:
    """Write records (a Dataset or any iterable) to ``path`` in the given or the path's format.

    ``options`` go to the format's writer: ``texts`` and ``base`` for annotations.
    """
    fmt = format or format_of(path)
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return _WRITERS[fmt](records_or_dataset, path, overwrite=overwrite, **options)


def dump(records_or_dataset: Records, stream: IO[str], format: Format) -> Written:
    """Write records to a text ``stream`` in a one-document format (not csv or parquet).

    A bad record raises :class:`~conflictdata.exceptions.DataError`; what went to the stream
    before stays there (JSON Lines streams; the other formats are written at the end).
    """
    if format not in _DOCUMENTS:
        raise ValueError(
            f"{format} is not one document and cannot go to a stream; "
            f"give a path (stream formats: {', '.join(_DOCUMENTS)})"
        )
    tally = Tally()
    for chunk in _DOCUMENTS[format](records_or_dataset, tally, file=None):
        stream.write(chunk.decode("utf-8"))
    return tally.written(None, format)
