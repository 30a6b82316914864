"""What every format shares: the input of a write, the check that a record can be written
without change, atomic output, and the summary a write returns."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeAlias, cast

import attrs
from attrs import define, frozen

from conflictdata._codec import decode_error, decode_record, encode_record
from conflictdata._fsutil import atomic_writer
from conflictdata._msgspec import ENCODE_ERRORS, ValidationError
from conflictdata.dataset import Dataset
from conflictdata.exceptions import DataError
from conflictdata.models import RECORD_CLASSES, Record
from conflictdata.vocab import RECORD_KINDS, RecordKind

__all__ = [
    "Records",
    "Tally",
    "Written",
    "checked",
    "grouped",
    "plural",
    "table_files",
    "table_names",
    "write_document",
]

#: What a write takes: a :class:`~conflictdata.dataset.Dataset` or any iterable of records.
Records: TypeAlias = Dataset | Iterable[Record]


@frozen(kw_only=True)
class Written:
    """What a write produced.

    ``records`` counts the records written; ``skipped`` names the records the format has no
    place for (GeoJSON: events without coordinates), in input order.
    """

    path: Path | None
    format: str
    records: int
    skipped: tuple[str, ...] = ()


@define
class Tally:
    """Counts kept while a streaming write runs."""

    records: int = 0
    skipped: list[str] = attrs.Factory(list)

    def written(self, path: Path | None, format: str) -> Written:
        """The summary of the finished write."""
        return Written(path=path, format=format, records=self.records, skipped=tuple(self.skipped))


def plural(kind: RecordKind) -> str:
    """The plural of a record kind, as in file names and Dataset attributes: ``events``."""
    return RECORD_CLASSES[kind].plural


def table_names(suffix: str) -> dict[str, RecordKind]:
    """The file names of a one-table-per-kind format, with their kinds: ``events.csv``."""
    return {f"{plural(kind)}{suffix}": kind for kind in RECORD_KINDS}


def table_files(path: str | os.PathLike[str], suffix: str) -> list[tuple[Path, RecordKind]]:
    """The tables to read at ``path`` (a folder of them, or one table) and their kinds.

    Tables missing from a folder count as empty, but a folder must hold one.
    """
    where = Path(path)
    names = table_names(suffix)
    if where.is_dir():
        found = [(where / name, kind) for name, kind in names.items() if (where / name).is_file()]
        if not found:
            raise DataError(f"no {suffix} table here: none of {', '.join(names)}", file=str(where))
        return found
    if where.name not in names:
        raise DataError(
            f"cannot tell the record kind from the file name; expected one of {', '.join(names)}",
            file=str(where),
        )
    return [(where, names[where.name])]


def checked(record: Record, *, file: str | None = None, line: int | None = None) -> bytes:
    """The canonical JSON of ``record``, after proving it decodes back to an equal record.

    Raises :class:`DataError` (with ``file``, ``line``, the JSON pointer of the offending value
    and the record id) for anything that is not a record, breaks the record contract, or would
    change on the way through JSON (such as NaN, lists where tuples belong, lone surrogates).
    """
    record_id = getattr(record, "id", None)
    where: dict[str, Any] = {"file": file, "line": line, "record_id": _text_or_none(record_id)}
    if not isinstance(record, Record):
        raise DataError(f"not a record: {type(record).__name__}", **where)
    try:
        data = encode_record(record)
        back = decode_record(data, type(record))
    except ValidationError as exc:
        raise decode_error(exc, **where) from None
    except ENCODE_ERRORS as exc:
        raise DataError(f"cannot be written as JSON: {exc}", **where) from None
    if back != record:
        pointer = _first_difference(record, back, "")
        raise DataError(
            "value would change on the way through JSON (not of the model's type, or NaN)",
            pointer=pointer,
            **where,
        )
    return data


def grouped(records: Records, *, file: str | None = None) -> dict[RecordKind, list[Record]]:
    """The records of each kind, in release order of kinds and input order within a kind;
    each record :func:`checked` on the way."""
    groups: dict[RecordKind, list[Record]] = {kind: [] for kind in RECORD_KINDS}
    for record in records:
        checked(record, file=file)
        groups[record.kind].append(record)
    return groups


def write_document(
    records: Records,
    path: str | os.PathLike[str],
    format: str,
    chunks: Callable[..., Iterable[bytes]],
    *,
    overwrite: bool,
    **options: Any,
) -> Written:
    """Write the document that ``chunks(records, tally, file=..., **options)`` yields to
    ``path`` atomically, and sum it up."""
    tally = Tally()
    target = Path(path)
    with atomic_writer(target, overwrite=overwrite) as handle:
        for chunk in chunks(records, tally, file=os.fspath(path), **options):
            handle.write(chunk)
    return tally.written(target, format)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _first_difference(a: object, b: object, pointer: str) -> str:
    """The JSON pointer of the first place where ``a`` and ``b`` differ (``a != b``)."""
    if type(a) is not type(b):
        return pointer
    if attrs.has(type(a)):
        for field in attrs.fields(cast(Any, type(a))):
            x, y = getattr(a, field.name), getattr(b, field.name)
            if x != y:
                return _first_difference(x, y, f"{pointer}/{field.name}")
    elif isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{pointer}/{index}")
    return pointer
