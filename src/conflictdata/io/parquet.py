"""Parquet: one file per record kind, in a folder; nested values as Arrow structs and lists.

A Parquet export is a folder holding ``sources.parquet``, ``actors.parquet``,
``events.parquet``, ``statements.parquet`` and ``implications.parquet``. Columns follow the
JSON Schema of the kind: nested objects are structs (``where`` is null, or a struct with
``lat``, ``lon``, ...), arrays are lists, texts and vocabulary values are strings, integers are
int64 and numbers float64; each field carries its description in its metadata. Needs the
``arrow`` extra (pyarrow), which is imported only when these functions run.

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
>>> pq.read_schema(folder / "events.parquet").field("where").type.get_field_index("lat") >= 0
True
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from conflictdata._codec import convert_record, decode_error
from conflictdata._fsutil import atomic_folder, atomic_writer
from conflictdata._msgspec import ValidationError
from conflictdata._schema import load_schema
from conflictdata.exceptions import DataError, MissingExtraError
from conflictdata.io._common import Records, Written, grouped, plural, table_files, table_names
from conflictdata.io._tables import describe, unwrap
from conflictdata.models import RECORD_CLASSES, Record
from conflictdata.vocab import RecordKind

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["read_parquet", "write_parquet"]

_BATCH_ROWS = 10_000


def write_parquet(
    records: Records, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Written:
    """Write ``records`` (a Dataset or any iterable) as a Parquet folder at ``path``.

    The folder appears only when every file is complete; a bad record (or an integer outside
    the 64-bit range Parquet holds) raises :class:`~conflictdata.exceptions.DataError` and
    leaves nothing behind. With ``overwrite``, an existing export folder is replaced; a folder
    holding other files is not. Without pyarrow it raises
    :class:`~conflictdata.exceptions.MissingExtraError`, naming the ``arrow`` extra.
    """
    pq = _pyarrow_parquet()

    file = os.fspath(path)
    groups = grouped(records, file=file)
    with atomic_folder(path, overwrite=overwrite, replaceable=table_names(".parquet")) as folder:
        for kind, items in groups.items():
            arrow = _arrow_table(kind, items, file)
            with atomic_writer(folder / f"{plural(kind)}.parquet") as handle:
                pq.write_table(arrow, handle)
    return Written(path=Path(path), format="parquet", records=sum(map(len, groups.values())))


def read_parquet(path: str | os.PathLike[str]) -> Iterator[Record]:
    """The records of a Parquet export folder, or of one of its files (``events.parquet``).

    Records come in release order of kinds, each file in its row order; files missing from the
    folder count as empty. Raises :class:`~conflictdata.exceptions.DataError` with the file,
    the row (as the line), the JSON pointer and the record id at the first bad row, and for a
    file that is not Parquet or whose columns are not those of its kind. Without pyarrow it
    raises :class:`~conflictdata.exceptions.MissingExtraError`, naming the ``arrow`` extra.
    """
    pq = _pyarrow_parquet()
    import pyarrow as pa

    for file, kind in table_files(path, ".parquet"):
        name = str(file)
        try:
            parquet = pq.ParquetFile(file)
        except pa.ArrowException as exc:
            raise DataError(f"not a Parquet file: {exc}", file=name) from None
        _check_columns(parquet.schema_arrow.names, kind, name)
        row = 0
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            for obj in batch.to_pylist():
                row += 1
                try:
                    yield convert_record(obj, RECORD_CLASSES[kind])
                except ValidationError as exc:
                    record_id = obj.get("id")
                    raise decode_error(
                        exc,
                        file=name,
                        line=row,
                        record_id=record_id if isinstance(record_id, str) else None,
                    ) from None


def _pyarrow_parquet() -> Any:
    """The module ``pyarrow.parquet``, or the error naming the extra that installs it."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("Parquet files", module="pyarrow", extra="arrow") from exc
    return pq


@functools.cache
def _arrow_schema(kind: RecordKind) -> pa.Schema:
    """The Arrow schema of the Parquet file of one record kind, from its JSON Schema."""
    import pyarrow as pa

    root = load_schema(kind)
    return pa.schema(
        _fields(root, root, str(root["title"])),
        metadata={"conflictdata.kind": kind, "conflictdata.schema": root["$id"]},
    )


def _fields(root: Mapping[str, Any], obj: Mapping[str, Any], title: str) -> list[pa.Field]:
    import pyarrow as pa

    fields = []
    for name, prop in obj["properties"].items():
        arrow_type, nullable = _arrow_type(root, prop)
        description = describe(root, title, name, prop)
        fields.append(
            pa.field(name, arrow_type, nullable=nullable, metadata={"description": description})
        )
    return fields


def _arrow_type(root: Mapping[str, Any], prop: Mapping[str, Any]) -> tuple[pa.DataType, bool]:
    import pyarrow as pa

    bare, nullable = unwrap(root, prop)
    if "enum" in bare:
        return pa.string(), nullable
    scalars = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64()}
    kind = bare["type"]
    if kind in scalars:
        return scalars[kind], nullable
    if kind == "array":
        item, item_nullable = _arrow_type(root, bare["items"])
        return pa.list_(pa.field("item", item, nullable=item_nullable)), nullable
    if kind == "object":
        (ref,) = {str(p.get("$ref")) for p in [prop, *prop.get("anyOf", ())] if "$ref" in p}
        return pa.struct(_fields(root, bare, ref.rpartition("/")[2])), nullable
    raise TypeError(f"no Arrow type for JSON Schema {bare!r}")


def _arrow_table(kind: RecordKind, records: Sequence[Record], file: str) -> pa.Table:
    import pyarrow as pa

    schema = _arrow_schema(kind)
    rows = [msgspec.to_builtins(record) for record in records]
    try:
        return pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowException, OverflowError):
        for record, row in zip(records, rows, strict=True):
            try:
                pa.Table.from_pylist([row], schema=schema)
            except (pa.ArrowException, OverflowError) as exc:
                raise DataError(
                    f"cannot be stored in Parquet: {exc}", file=file, record_id=record.id
                ) from None
        raise


def _check_columns(names: list[str], kind: RecordKind, file: str) -> None:
    expected = list(_arrow_schema(kind).names)
    if sorted(names) != sorted(expected):
        missing = [n for n in expected if n not in names]
        unknown = [n for n in names if n not in expected]
        raise DataError(
            f"columns do not match the {kind} table: missing {missing or 'none'}, "
            f"unknown {unknown or 'none'}",
            file=file,
        )
