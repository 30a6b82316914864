"""JSON: one object with an array of records for each kind.

The object has the keys ``actors``, ``events``, ``implications``, ``sources`` and
``statements`` (sorted, all present, each an array, possibly empty); each record is in the
canonical form of the JSON Lines format; the file is indented by two spaces. Reading accepts a
missing key as an empty array, and rejects any other key. Records come back in release order of
kinds (sources, actors, events, statements, implications), each kind in its written order.

>>> import tempfile, pathlib
>>> import conflictdata as cd
>>> from conflictdata.io import read_json, write_json
>>> ds = cd.load()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "records.json"
>>> write_json(ds, path).records == len(ds)
True
>>> list(read_json(path)) == list(ds)
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import msgspec

from conflictdata._codec import convert_record, decode_error, encode_record
from conflictdata._msgspec import DECODE_ERRORS, ValidationError
from conflictdata.exceptions import DataError
from conflictdata.io._common import Records, Tally, Written, grouped, plural, write_document
from conflictdata.models import RECORD_CLASSES, Record

__all__ = ["read_json", "write_json"]

_KINDS = {plural(kind): (kind, cls) for kind, cls in RECORD_CLASSES.items()}


def read_json(path: str | os.PathLike[str]) -> Iterator[Record]:
    """The records of a JSON file of this format.

    Raises :class:`~conflictdata.exceptions.DataError` with the file, the JSON pointer, the
    record id and, for malformed JSON, the line.
    """
    file = os.fspath(path)
    data = Path(path).read_bytes()
    try:
        document = msgspec.json.decode(data)
    except DECODE_ERRORS as exc:
        raise decode_error(exc, data, file=file) from None
    if not isinstance(document, dict):
        raise DataError(
            f"expected an object with an array for each kind ({', '.join(sorted(_KINDS))})",
            file=file,
            pointer="",
        )
    for key, value in document.items():
        if key not in _KINDS:
            raise DataError(
                f"unknown key; expected one of {', '.join(sorted(_KINDS))}",
                file=file,
                pointer=f"/{key}",
            )
        if not isinstance(value, list):
            raise DataError("expected an array of records", file=file, pointer=f"/{key}")
    for key, (_, cls) in _KINDS.items():
        for index, obj in enumerate(document.get(key, ())):
            try:
                yield convert_record(obj, cls)
            except ValidationError as exc:
                record_id = obj.get("id") if isinstance(obj, dict) else None
                raise decode_error(
                    exc,
                    file=file,
                    prefix=f"/{key}/{index}",
                    record_id=record_id if isinstance(record_id, str) else None,
                ) from None


def write_json(
    records: Records, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Written:
    """Write ``records`` (a Dataset or any iterable) to a JSON file of this format.

    The file appears only when every record has been written; a bad record raises
    :class:`~conflictdata.exceptions.DataError` and leaves no file behind.
    """
    return write_document(records, path, "json", chunks, overwrite=overwrite)


def chunks(records: Records, tally: Tally, *, file: str | None) -> Iterator[bytes]:
    """The JSON document of ``records``, counted in ``tally``."""
    groups = grouped(records, file=file)
    arrays = {
        plural(kind).encode(): b",".join(encode_record(r) for r in items)
        for kind, items in groups.items()
    }
    body = b",".join(b'"%s":[%s]' % (key, arrays[key]) for key in sorted(arrays))
    tally.records = sum(len(items) for items in groups.values())
    yield msgspec.json.format(b"{" + body + b"}", indent=2) + b"\n"
