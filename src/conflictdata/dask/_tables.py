"""Records as Dask DataFrames, one per kind, and a release or such frames exported to
Parquet by the workers.

A release's JSON Lines files are cut into byte ranges (``blocksize`` bytes each); a range
holds the lines that begin in it, so every line is in exactly one. Each range becomes one
partition of its kind's DataFrame, or the part files one task writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conflictdata._codec import decode_error, decode_record
from conflictdata._fsutil import atomic_folder
from conflictdata._loader import locate
from conflictdata._msgspec import DECODE_ERRORS
from conflictdata._release_folder import read_manifest, record_filename, verify
from conflictdata.dask._cluster import connected, distributed_module
from conflictdata.exceptions import DataError
from conflictdata.frames import Frames
from conflictdata.io._common import plural, table_names
from conflictdata.io.parquet import (
    PARTITIONS,
    Partition,
    arrow_schema,
    arrow_table,
    check_columns,
    finish_partitions,
    partition_keys,
    write_partitions,
)
from conflictdata.models import RECORD_CLASSES, Record
from conflictdata.vocab import RECORD_KINDS, RecordKind

if TYPE_CHECKING:
    import pandas
    import pyarrow as pa

__all__ = ["read_parquet", "read_release", "write_parquet"]

#: Bytes of JSON Lines in one partition, by default.
BLOCKSIZE = 64 << 20
#: A byte range of one record file: the file, its kind, the first byte and the byte after.
_Range = tuple[str, RecordKind, int, int]


def read_release(
    release: str | os.PathLike[str] | None = None,
    *,
    blocksize: int = BLOCKSIZE,
) -> Frames[Any]:
    """The records of a release (a shipped version, a folder; None: the newest shipped) as one
    Dask DataFrame per kind, a partition per ``blocksize`` bytes of its JSON Lines file.

    The release is verified against its manifest here first (each file read once, one at a
    time), as :func:`conflictdata.load` does; then the workers decode their ranges. A line
    that is not a record raises :class:`~conflictdata.exceptions.DataError` naming the file,
    the record id and the byte offset of the line, when the partition is computed.
    """
    dd = dask_dataframe()
    folder, metadata = _verified(release)
    frames = {}
    for kind in RECORD_KINDS:
        ranges = _ranges(folder / record_filename(kind), kind, blocksize)
        frames[plural(kind)] = dd.from_map(
            _frame,
            ranges,
            args=(metadata,),
            meta=_pandas(arrow_schema(kind, metadata).empty_table()),
            enforce_metadata=False,
        )
    return Frames(**frames)


def read_parquet(path: str | os.PathLike[str], **options: Any) -> Frames[Any]:
    """A Parquet export folder (:func:`conflictdata.io.write_parquet`, partitioned or not) as
    one Dask DataFrame per kind; ``options`` go to ``dask.dataframe.read_parquet``
    (``filters=[("year", "==", 2024)]`` reads only the partitions of 2024).

    A table missing from the folder raises :class:`~conflictdata.exceptions.DataError`.
    """
    dd = dask_dataframe()
    tables = export_tables(path)
    return Frames(**{plural(k): dd.read_parquet(str(t), **options) for k, t in tables.items()})


def export_tables(path: str | os.PathLike[str]) -> dict[RecordKind, Path]:
    """The table of each kind in a Parquet export folder; a missing one raises
    :class:`~conflictdata.exceptions.DataError`."""
    where = Path(path)
    tables = {}
    for name, kind in table_names(".parquet").items():
        tables[kind] = where / name
        if not tables[kind].exists():
            raise DataError(f"no {kind} table here: {name} is missing", file=str(where))
    return tables


def write_parquet(
    release: str | os.PathLike[str] | Frames[Any] | None,
    path: str | os.PathLike[str],
    *,
    client: Any = None,
    address: str | None = None,
    partition_by: str | None = None,
    overwrite: bool = False,
    blocksize: int = BLOCKSIZE,
) -> int:
    """Export a release, or Dask DataFrames of records, to a Parquet folder at ``path`` on a
    Dask cluster; the number of records written.

    ``release`` is a release (a shipped version, a folder; None: the newest shipped), or
    :class:`~conflictdata.frames.Frames` of Dask DataFrames with the columns of the export
    (what :func:`read_release`, :func:`read_parquet` and :func:`select` give, ``year`` and
    ``month`` optional). The folder is the one :func:`conflictdata.io.write_parquet` writes,
    except that a table is always a folder of part files (one or more a task; ``partition_by``
    as there), with its ``_common_metadata`` and ``_metadata``. A release is verified here and
    its version and content hash go into every file; frames carry no release, so their files
    hold the record kind and the schema's ``$id`` but no version or content hash. Each task
    writes one byte range of a release or one partition of a frame; the folder appears only
    when every task is done. A frame whose columns are not the export's raises
    :class:`~conflictdata.exceptions.DataError` before any work starts, as a bad record or
    value does when its task runs; either way nothing is left behind.
    """
    partitions = partition_keys(partition_by)
    if isinstance(release, Frames):
        for kind, frame in release.items():
            names = [name for name in frame.columns if name not in PARTITIONS]
            check_columns(names, kind, f"{plural(kind)} frame")
        metadata: dict[str, str] = {}
    else:
        folder, metadata = _verified(release)
    with (
        connected(client, address) as found,
        atomic_folder(path, overwrite=overwrite, replaceable=table_names(".parquet")) as target,
    ):
        tasks = []
        for kind in RECORD_KINDS:
            table = target / f"{plural(kind)}.parquet"
            table.mkdir()
            where = str(table.resolve())
            if isinstance(release, Frames):
                from dask.delayed import delayed

                write = delayed(_write_frame, pure=False)
                parts = release[kind].to_delayed()
                tasks += [
                    write(part, kind, where, partitions, f"part-{n}")
                    for n, part in enumerate(parts)
                ]
                continue
            for n, part in enumerate(_ranges(folder / record_filename(kind), kind, blocksize)):
                tasks.append(
                    found.submit(
                        _write_range, part, where, partitions, metadata, f"part-{n}", pure=False
                    )
                )
        futures = found.compute(tasks) if isinstance(release, Frames) else tasks
        written = sum(found.gather(futures))
        for kind in RECORD_KINDS:
            finish_partitions(target / f"{plural(kind)}.parquet", kind, partitions, metadata)
    return int(written)


def dask_dataframe() -> Any:
    distributed_module()  # the error naming the extra, if it is missing
    import dask.dataframe as dd

    return dd


def _verified(release: str | os.PathLike[str] | None) -> tuple[Path, dict[str, str]]:
    """The folder of a release, verified, and its version and content hash for the files."""
    folder = locate(release)
    manifest = read_manifest(folder)
    content_hash = verify(folder, manifest)
    metadata = {"conflictdata.content_hash": content_hash}
    if isinstance(manifest.get("version"), str):
        metadata["conflictdata.version"] = manifest["version"]
    return Path(str(folder)), metadata


def _ranges(file: Path, kind: RecordKind, blocksize: int) -> list[_Range]:
    """The byte ranges of a record file, at least one (empty for an empty file)."""
    if blocksize < 1:
        raise ValueError(f"blocksize must be at least 1, not {blocksize}")
    size = file.stat().st_size
    name = str(file.resolve())
    return [
        (name, kind, start, min(start + blocksize, size))
        for start in range(0, max(size, 1), blocksize)
    ]


def _lines(file: str, start: int, end: int) -> Iterator[tuple[int, bytes]]:
    """The lines of ``file`` that begin at a byte in ``[start, end)``, with their offsets."""
    with open(file, "rb") as handle:
        if start:
            handle.seek(start - 1)
            handle.readline()  # to the first line that begins at or after ``start``
        offset = handle.tell()
        while offset < end:
            line = handle.readline()
            if not line:
                return
            yield offset, line
            offset += len(line)


def _records(part: _Range) -> list[Record]:
    file, kind, start, end = part
    cls = RECORD_CLASSES[kind]
    records = []
    for offset, line in _lines(file, start, end):
        if not line.strip():
            continue
        try:
            records.append(decode_record(line, cls))
        except DECODE_ERRORS as exc:
            error = decode_error(exc, line, file=file)
            raise DataError(
                f"{error.message} (the line at byte {offset})",
                file=file,
                pointer=error.where.pointer,
                record_id=error.where.record_id,
            ) from None
    return records


def _frame(part: _Range, metadata: dict[str, str]) -> pandas.DataFrame:
    """On a worker: one partition, the records of a byte range."""
    return _pandas(arrow_table(part[1], _records(part), metadata, file=part[0]))


def _pandas(table: pa.Table) -> pandas.DataFrame:
    """A table as pandas: vocabularies as categories, the rest in Arrow types."""
    import pandas as pd
    import pyarrow as pa

    def mapped(arrow_type: pa.DataType) -> Any:
        return None if pa.types.is_dictionary(arrow_type) else pd.ArrowDtype(arrow_type)

    frame: pandas.DataFrame = table.to_pandas(types_mapper=mapped)
    return frame


def _write_range(
    part: _Range,
    folder: str,
    partitions: tuple[Partition, ...],
    metadata: dict[str, str],
    name: str,
) -> int:
    """On a worker: write the records of a byte range as part files; how many there were."""
    file, kind = part[0], part[1]
    records = _records(part)
    if records:
        table = arrow_table(kind, records, metadata, file=file)
        write_partitions([table], Path(folder), kind, partitions, metadata, basename=name)
    return len(records)


def _write_frame(
    frame: pandas.DataFrame,
    kind: RecordKind,
    folder: str,
    partitions: tuple[Partition, ...],
    name: str,
) -> int:
    """On a worker: write one partition of a kind's frame as part files; its rows."""
    import pyarrow as pa

    if frame.empty:  # nothing to write (and the columns of an empty frame may be untyped)
        return 0

    schema = arrow_schema(kind)
    try:
        table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise DataError(
            f"cannot be stored in the {kind} table: {exc}", file=f"{plural(kind)} frame"
        ) from None
    write_partitions([table], Path(folder), kind, partitions, basename=name)
    return int(table.num_rows)
