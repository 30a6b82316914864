"""Parquet: one typed, flat table per record kind, optionally in hive partitions.

A Parquet export is a folder holding one table per record kind, ``sources.parquet``,
``actors.parquet``, ``events.parquet``, ``statements.parquet`` and ``implications.parquet``:
a file each, or with ``partition_by``, a folder each of hive partitions
(``events.parquet/year=2024/month=11/part-0.parquet``) with the table's ``_common_metadata``
and ``_metadata`` beside them. The columns are those of the data frames
(:data:`conflictdata.frames.COLUMNS`), so DuckDB, polars, pandas and Dask read them with no
quoting and no casting:

- nested objects are flattened into plain names that are no SQL reserved word (``date``,
  ``date_start``, ``date_end``, ``date_basis``, ``where_country``, ``where_lat``,
  ``likelihood_value``); lists of values are lists of strings, lists of objects (evidence,
  links, event actors) lists of structs;
- EDTF dates are kept as written and as their first and last day, of type ``date32``;
- vocabulary values are dictionary-encoded strings, integers ``int64``, numbers ``float64``;
- each field's metadata holds its description, and the schema's metadata the record kind
  (``conflictdata.kind``), the JSON Schema's ``$id`` and, when the records are a release, its
  version and content hash (``conflictdata.version``, ``conflictdata.content_hash``). Every
  file of a table has the same schema.

Partitions are by ``year``, or ``year`` and ``month``, of the first day the record may denote
(:func:`conflictdata.timeline.record_range`); records with no date, an open start or no date
field at all (actors) are in partition ``year=0`` (and ``month=0``). Year 0 is no day of the
calendar the date columns hold (they start in year 1), so it never mixes with a real year; a
null partition (``__HIVE_DEFAULT_PARTITION__``) would be read by pandas and Dask as a
dictionary with a null, which pyarrow cannot yet merge across files. Needs the ``arrow`` extra (pyarrow),
which is imported only when these functions run.

>>> import tempfile, pathlib
>>> import conflictdata as cd
>>> from conflictdata.io import read_parquet, write_parquet
>>> ds = cd.load()
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "export"
>>> write_parquet(ds, folder).records == len(ds)
True
>>> list(read_parquet(folder)) == list(ds)
True
>>> import pyarrow.parquet as pq
>>> schema = pq.read_schema(folder / "events.parquet")
>>> str(schema.field("date_start").type), str(schema.field("type").type)
('date32[day]', 'dictionary<values=string, indices=int32, ordered=0>')
>>> schema.metadata[b"conflictdata.version"] == ds.version.encode()
True
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from conflictdata._codec import convert_record, decode_error
from conflictdata._fsutil import atomic_folder, atomic_writer
from conflictdata._msgspec import ValidationError
from conflictdata._schema import load_schema
from conflictdata.dataset import Dataset
from conflictdata.exceptions import DataError, MissingExtraError
from conflictdata.io._common import Records, Written, grouped, plural, table_names
from conflictdata.io._tables import table
from conflictdata.models import RECORD_CLASSES, Record
from conflictdata.vocab import RecordKind

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "PARTITIONS",
    "Partition",
    "arrow_schema",
    "arrow_table",
    "partition_keys",
    "read_parquet",
    "write_parquet",
]

Partition = Literal["year", "month"]
#: The partition columns, in the order they nest: ``month`` only with ``year``.
PARTITIONS: tuple[Partition, ...] = ("year", "month")
#: The partition value of the records with no first day (no calendar day is in year 0).
UNDATED = 0
_COMMON_METADATA = "_common_metadata"
_METADATA = "_metadata"
_BATCH_ROWS = 50_000
_SUFFIX = ".parquet"


def write_parquet(
    records: Records,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    partition_by: str | Sequence[str] | None = None,
) -> Written:
    """Write ``records`` (a Dataset or any iterable) as a Parquet folder at ``path``.

    ``partition_by`` is ``"year"``, ``"year,month"`` or a sequence of those names: each table
    is then a folder of hive partitions. The folder appears only when every file is complete;
    a bad record (or an integer outside the 64-bit range Parquet holds) raises
    :class:`~conflictdata.exceptions.DataError` and leaves nothing behind. With ``overwrite``,
    an existing export folder is replaced; a folder holding other files is not. Without
    pyarrow it raises :class:`~conflictdata.exceptions.MissingExtraError`, naming the
    ``arrow`` extra; an unknown partition raises :class:`ValueError`.
    """
    partitions = partition_keys(partition_by)
    pq = _pyarrow_parquet()
    file = os.fspath(path)
    metadata = _release_metadata(records)
    groups = grouped(records, file=file)
    with atomic_folder(path, overwrite=overwrite, replaceable=table_names(_SUFFIX)) as folder:
        for kind, items in groups.items():
            target = folder / f"{plural(kind)}{_SUFFIX}"
            batches = (
                arrow_table(kind, items[start : start + _BATCH_ROWS], metadata, file=file)
                for start in range(0, max(len(items), 1), _BATCH_ROWS)
            )
            if partitions:
                target.mkdir()
                write_partitions(batches, target, kind, partitions, metadata)
                finish_partitions(target, kind, partitions, metadata)
            else:
                with (
                    atomic_writer(target) as handle,
                    pq.ParquetWriter(handle, arrow_schema(kind, metadata)) as writer,
                ):
                    for batch in batches:
                        writer.write_table(batch)
    return Written(path=Path(path), format="parquet", records=sum(map(len, groups.values())))


def read_parquet(path: str | os.PathLike[str]) -> Iterator[Record]:
    """The records of a Parquet export folder, or of one of its tables (``events.parquet``, a
    file or a folder of partitions).

    Records come in release order of kinds; a table's rows in file order, the files of a
    partitioned table in order of their partition values (the undated partition, 0, first). Tables
    missing from the folder count as empty. Raises :class:`~conflictdata.exceptions.DataError`
    with the file, the row (as the line), the JSON pointer and the record id at the first bad
    row, and for a file that is not Parquet or whose columns are not those of its kind.
    Without pyarrow it raises :class:`~conflictdata.exceptions.MissingExtraError`, naming the
    ``arrow`` extra.
    """
    pq = _pyarrow_parquet()
    import pyarrow as pa

    for file, kind in _table_files(Path(path)):
        name = str(file)
        try:
            parquet = pq.ParquetFile(file)
        except (pa.ArrowException, OSError) as exc:
            raise DataError(f"not a Parquet file: {exc}", file=name) from None
        check_columns(parquet.schema_arrow.names, kind, name)
        row = 0
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            for values in batch.to_pylist():
                row += 1
                yield _record(kind, values, name, row)


def partition_keys(partition_by: str | Sequence[str] | None) -> tuple[Partition, ...]:
    """The partition columns ``partition_by`` names (``"year,month"``, ``["year"]``, None).

    >>> partition_keys("year,month"), partition_keys(None)
    (('year', 'month'), ())
    """
    if partition_by is None:
        return ()
    names = partition_by.split(",") if isinstance(partition_by, str) else list(partition_by)
    names = [name.strip() for name in names if name.strip()]
    valid = [PARTITIONS[: n + 1] for n in range(len(PARTITIONS))]
    if tuple(names) not in valid:
        raise ValueError(
            f"cannot partition by {','.join(names) or 'nothing'}: partition by "
            + " or ".join(",".join(keys) for keys in valid)
        )
    return tuple(valid[len(names) - 1])


def column_prefix(field: str) -> str:
    """The prefix of the columns of a date field: ``date`` for ``when``, else its name.

    >>> column_prefix("when"), column_prefix("horizon")
    ('date', 'horizon')
    """
    return "date" if field == "when" else field


def arrow_schema(kind: RecordKind, metadata: Mapping[str, str] | None = None) -> Any:
    """The Arrow schema (a ``pyarrow.Schema``) of the Parquet table of one record kind (without partition columns);
    ``metadata`` (the release's version and content hash) is added to the schema's."""
    base = _base_schema(kind)
    extra = {key.encode(): value.encode() for key, value in (metadata or {}).items()}
    return base.with_metadata({**base.metadata, **extra})


def arrow_table(
    kind: RecordKind,
    records: Sequence[Record],
    metadata: Mapping[str, str] | None = None,
    *,
    file: str | None = None,
) -> Any:
    """The records of one kind as a ``pyarrow.Table`` of :func:`arrow_schema`; a value Parquet cannot
    hold raises :class:`~conflictdata.exceptions.DataError` naming the record."""
    import pyarrow as pa

    from conflictdata.frames import COLUMNS, _arrow  # frames reads the models via this package

    schema = arrow_schema(kind, metadata)
    try:
        return _arrow(COLUMNS[kind], records).cast(schema)
    except (pa.ArrowException, OverflowError):
        for record in records:
            try:
                _arrow(COLUMNS[kind], [record])
            except (pa.ArrowException, OverflowError) as exc:
                raise DataError(
                    f"cannot be stored in Parquet: {exc}", file=file, record_id=record.id
                ) from None
        raise


def write_partitions(
    tables: Iterable[pa.Table],
    folder: Path,
    kind: RecordKind,
    partitions: Sequence[Partition],
    metadata: Mapping[str, str] | None = None,
    *,
    basename: str = "part",
) -> None:
    """Write tables of one kind into the hive partitions of ``folder`` (none: into
    ``folder`` itself), as files named ``{basename}-{i}.parquet`` (give each writer its own
    ``basename``)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    start = _start_column(kind)

    def keyed() -> Iterator[pa.RecordBatch]:
        for part in tables:
            days = part.column(start) if start else pa.nulls(part.num_rows, pa.date32())
            keys = {"year": pc.year(days), "month": pc.month(days)}
            for name in partitions:
                key = pc.fill_null(pc.cast(keys[name], pa.int32()), UNDATED)
                part = part.append_column(name, key)
            yield from part.to_batches()

    schema = _partitioned_schema(kind, partitions, metadata)
    pads.write_dataset(
        pads.Scanner.from_batches(keyed(), schema=schema),
        folder,
        format="parquet",
        partitioning=(
            pads.partitioning(pa.schema([(name, pa.int32()) for name in partitions]), flavor="hive")
            if partitions
            else None
        ),
        basename_template=f"{basename}-{{i}}{_SUFFIX}",
        existing_data_behavior="overwrite_or_ignore",
        max_rows_per_file=1_000_000,
        max_rows_per_group=_BATCH_ROWS * 2,
    )


def finish_partitions(
    folder: Path,
    kind: RecordKind,
    partitions: Sequence[Partition],
    metadata: Mapping[str, str] | None = None,
) -> None:
    """Write the ``_common_metadata`` and ``_metadata`` of a partitioned table folder (and
    an empty file in the undated partition if it has none, so that every engine finds the
    schema)."""
    pq = _pyarrow_parquet()
    schema = arrow_schema(kind, metadata)
    files = _partition_files(folder)
    if not files:
        empty = folder.joinpath(*(f"{name}={UNDATED}" for name in partitions))
        empty.mkdir(parents=True)
        pq.write_table(schema.empty_table(), empty / f"part-0{_SUFFIX}")
        files = _partition_files(folder)
    collected = []
    for file in files:
        found = pq.read_metadata(file)
        found.set_file_path(file.relative_to(folder).as_posix())
        collected.append(found)
    pq.write_metadata(schema, folder / _COMMON_METADATA)
    pq.write_metadata(schema, folder / _METADATA, metadata_collector=collected)


def _pyarrow_parquet() -> Any:
    """The module ``pyarrow.parquet``, or the error naming the extra that installs it."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("Parquet files", module="pyarrow", extra="arrow") from exc
    return pq


def _release_metadata(records: Records) -> dict[str, str]:
    """The version and content hash of a release, for the files' metadata."""
    if not isinstance(records, Dataset):
        return {}
    found = {
        "conflictdata.version": records.version,
        "conflictdata.content_hash": records.content_hash,
    }
    return {key: value for key, value in found.items() if value is not None}


@functools.cache
def _base_schema(kind: RecordKind) -> pa.Schema:
    from conflictdata.frames import COLUMNS, _arrow

    root = load_schema(kind)
    return _arrow(COLUMNS[kind], []).schema.with_metadata(
        {"conflictdata.kind": kind, "conflictdata.schema": root["$id"]}
    )


def _partitioned_schema(
    kind: RecordKind, partitions: Sequence[Partition], metadata: Mapping[str, str] | None
) -> pa.Schema:
    import pyarrow as pa

    schema = arrow_schema(kind, metadata)
    for name in partitions:
        schema = schema.append(pa.field(name, pa.int32()))
    return schema


@functools.cache
def _start_column(kind: RecordKind) -> str | None:
    """The column of the first day the record's placement date may denote, if it has one."""
    field = RECORD_CLASSES[kind].placement_field
    return None if field is None else f"{column_prefix(field)}_start"


def _partition_files(folder: Path) -> list[Path]:
    """The data files of a partitioned table, in order of their partition values."""
    files = [p for p in folder.rglob(f"*{_SUFFIX}") if not p.name.startswith(("_", "."))]
    return sorted(files, key=lambda p: _partition_order(p.relative_to(folder)))


def _partition_order(relative: Path) -> tuple[tuple[int, str], ...]:
    def step(part: str) -> tuple[int, str]:
        _, _, value = part.partition("=")
        return (int(value), "") if re.fullmatch("-?[0-9]+", value) else (0, part)

    return tuple(step(part) for part in relative.parts)


def _table_files(where: Path) -> list[tuple[Path, RecordKind]]:
    """The data files to read at ``where`` and their kinds: an export folder, one table file,
    or one partitioned table folder."""
    names = table_names(_SUFFIX)
    if where.name in names and where.is_dir():
        return [(file, names[where.name]) for file in _partition_files(where)]
    if where.is_dir():
        found = [
            (file, kind)
            for name, kind in names.items()
            if (where / name).exists()
            for file, _ in _table_files(where / name)
        ]
        if not found and not any((where / name).exists() for name in names):
            raise DataError(f"no {_SUFFIX} table here: none of {', '.join(names)}", file=str(where))
        return found
    if where.name not in names:
        raise DataError(
            f"cannot tell the record kind from the file name; expected one of {', '.join(names)}",
            file=str(where),
        )
    return [(where, names[where.name])]


def check_columns(names: list[str], kind: RecordKind, file: str) -> None:
    """Raise :class:`~conflictdata.exceptions.DataError` naming the missing and unknown columns
    unless ``names`` are the columns of the table of ``kind``."""
    expected = list(_base_schema(kind).names)
    if sorted(names) != sorted(expected):
        missing = [n for n in expected if n not in names]
        unknown = [n for n in names if n not in expected]
        raise DataError(
            f"columns do not match the {kind} table: missing {missing or 'none'}, "
            f"unknown {unknown or 'none'}",
            file=file,
        )


@functools.cache
def _fields(kind: RecordKind) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The columns that hold a model field, with the keys leading to it in the record."""
    from conflictdata.frames import COLUMNS

    return tuple(
        (column.name, tuple(column.model_field.split(".")))
        for column in COLUMNS[kind]
        if column.model_field is not None
    )


def _record(kind: RecordKind, values: Mapping[str, Any], file: str, row: int) -> Record:
    """The record a row holds (the columns that are no model field are left out)."""
    record_id = values.get("id")
    obj: dict[str, Any] = {}
    for name, path in _fields(kind):
        parent = obj
        for key in path[:-1]:
            parent = parent.setdefault(key, {})
        parent[path[-1]] = values[name]
    for path in table(kind).optional:
        parent = obj
        for key in path[:-1]:
            parent = parent[key]
        if parent[path[-1]] is not None and all(v is None for v in parent[path[-1]].values()):
            parent[path[-1]] = None
    try:
        return convert_record(obj, RECORD_CLASSES[kind])
    except ValidationError as exc:
        raise decode_error(
            exc,
            file=file,
            line=row,
            record_id=record_id if isinstance(record_id, str) else None,
        ) from None
