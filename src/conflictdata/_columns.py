"""The columnar form of a release: its query columns, and where each record's line is.

:func:`write_columns` adds it to a release folder as ``.columns/records.arrow``, an Arrow IPC
file with one row per record in release order (the query columns of
:mod:`conflictdata._columnar`, the rows each record names, and the file line, byte offset,
length and CRC-32 of its JSON line), and ``.columns/columns.json``, which names the release's
content hash and the SHA-256 and size of the Arrow file. The folder is hidden, so it is not one
of the release's data files: the JSON Lines stay the canonical, hashed form, and the columns are
derived from them. :func:`conflictdata.load` reads a release through its columns when they are
there, were made by this format from exactly these files (the content hash) and are intact
(their SHA-256): the query table is memory-mapped, and each record is decoded from its line,
checked against its CRC-32, when it is first read. Columns that are stale, damaged or of
another format are left aside with a :class:`~conflictdata.exceptions.ColumnsWarning`, and the release is decoded
line by line as without them.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import warnings
import weakref
import zlib
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from conflictdata._fsutil import atomic_writer, open_inside
from conflictdata._release_folder import (
    MAX_MANIFEST_BYTES,
    read_descriptor,
    read_member,
    record_filename,
)
from conflictdata._store import Store
from conflictdata._texts import MAX_TEXT_BYTES, source_text
from conflictdata.exceptions import ColumnsWarning, IntegrityError
from conflictdata.models import RECORD_CLASSES, Record, Source
from conflictdata.vocab import RECORD_KINDS, RecordKind

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "FOLDER",
    "ColumnarStore",
    "columns_hash",
    "has_columns",
    "read_columns",
    "write_columns",
]

#: The hidden folder of a release that holds its columnar form.
FOLDER = ".columns"
#: The version of the layout of the columnar form; other versions are left aside.
FORMAT = 1
_TABLE = f"{FOLDER}/records.arrow"
_SIDECAR = f"{FOLDER}/columns.json"
#: Where each record's line is: not query columns.
_LINES = ("line", "offset", "length", "crc32")


def write_columns(folder: str | os.PathLike[str]) -> Path:
    """Write the columnar form of the release folder ``folder`` (replacing an earlier one, each
    file atomically) and return the path of its Arrow file.

    The release is loaded (and so verified) first; the lines are read again and each file's
    SHA-256 checked against the manifest, so the columns describe exactly the files it lists.
    """
    import pyarrow as pa

    from conflictdata._loader import load

    root = Path(folder)
    dataset = load(path=root, columns=False)
    table = dataset._store.query_table()
    manifest, _ = read_descriptor(root)
    hashes = {r["path"]: r["hash"].removeprefix("sha256:") for r in manifest["resources"]}
    lines = {name: [] for name in _LINES}  # type: dict[str, list[int]]
    for kind in RECORD_KINDS:
        rel = record_filename(kind)
        if _scan(root, rel, lines) != hashes[rel]:
            raise IntegrityError("the file changed while its columns were written", file=rel)
    types = {"line": pa.int32(), "offset": pa.int64(), "length": pa.int32(), "crc32": pa.uint32()}
    extra = {name: pa.array(values, types[name]) for name, values in lines.items()}
    whole = table.table
    for name, array in extra.items():
        whole = whole.append_column(name, array)
    metadata = {
        "format": str(FORMAT),
        "counts": json.dumps(dataset.counts()),
        "content_hash": dataset.content_hash or "",
        "dates_usable": "1" if table.dates_usable else "0",
    }
    whole = whole.replace_schema_metadata({f"conflictdata.{k}": v for k, v in metadata.items()})
    (root / FOLDER).mkdir(exist_ok=True)
    target = root / _TABLE
    with (
        atomic_writer(target, overwrite=True) as handle,
        pa.ipc.new_file(pa.PythonFile(handle, mode="w"), whole.schema) as writer,
    ):
        writer.write_table(whole.combine_chunks())
    digest, size = _hash(root, _TABLE)
    sidecar = {"format": FORMAT, "content_hash": dataset.content_hash, "sha256": digest}
    sidecar["bytes"] = size
    with atomic_writer(root / _SIDECAR, overwrite=True) as handle:
        handle.write(json.dumps(sidecar, indent=2).encode("utf-8") + b"\n")
    return target


def _scan(root: Path, rel: str, lines: dict[str, list[int]]) -> str:
    """Append where each record line of ``rel`` is; return the file's SHA-256."""
    digest, offset = hashlib.sha256(), 0
    with open_inside(root, rel) as handle:
        for number, line in enumerate(handle, start=1):
            digest.update(line)
            if line.strip():
                for name, value in zip(
                    _LINES, (number, offset, len(line), zlib.crc32(line)), strict=True
                ):
                    lines[name].append(value)
            offset += len(line)
    return digest.hexdigest()


def _hash(root: Path, rel: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open_inside(root, rel) as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def has_columns(folder: Path) -> bool:
    """Whether the release folder holds a columnar form (usable or not)."""
    return (folder / _SIDECAR).is_file()


def columns_hash(folder: Path) -> tuple[str, int]:
    """The SHA-256 and size of the release folder's columns file."""
    return _hash(folder, _TABLE)


def read_columns(
    folder: Path, content_hash: str, table_hash: Future[tuple[str, int]]
) -> ColumnarStore | None:
    """The store of the release at ``folder`` (already verified, with ``content_hash``) read
    through its columnar form, whose file has ``table_hash`` (:func:`columns_hash`, perhaps
    still being taken); None, with a :class:`~conflictdata.exceptions.ColumnsWarning`, when
    that is unusable."""
    import pyarrow as pa

    try:
        sidecar = json.loads(read_member(folder, _SIDECAR, limit=MAX_MANIFEST_BYTES))
        if not isinstance(sidecar, dict) or sidecar.get("format") != FORMAT:
            why = f"they are not of format {FORMAT}"
        elif sidecar.get("content_hash") != content_hash:
            why = "they were made from other files (the content hash differs)"
        elif table_hash.result() != (sidecar.get("sha256"), sidecar.get("bytes")):
            why = f"{_TABLE} is not the file {_SIDECAR} describes"
        else:
            table = pa.ipc.open_file(pa.memory_map(str(folder / _TABLE))).read_all()
            return ColumnarStore(folder, table)
    except (OSError, ValueError, KeyError, pa.ArrowException) as error:
        why = f"they cannot be read ({type(error).__name__})"
    warnings.warn(
        f"{folder}: the columnar form is left aside, as {why}; the release is decoded line by "
        f"line instead (write it again with: conflictdata release columns {folder})",
        ColumnsWarning,
        stacklevel=3,
    )
    return None


class ColumnarStore(Store):
    """The records of a release read through its columnar form: each decoded from its line
    when first read, and kept."""

    __slots__ = (
        "__weakref__",
        "_cache",
        "_files",
        "_folder",
        "_ids",
        "_lines",
        "_rows",
        "_starts",
        "_table",
    )

    def __init__(self, folder: Path, table: pa.Table) -> None:
        from conflictdata._columnar import QueryTable

        described = table.schema.metadata or {}
        counts = json.loads(described[b"conflictdata.counts"])
        super().__init__(counts, _Texts(self))
        self._folder = folder
        usable = described.get(b"conflictdata.dates_usable") == b"1"
        self._query_table = QueryTable(table.drop_columns(list(_LINES)), usable)
        self._lines: dict[str, Any] = {}
        self._table = table
        self._ids: list[str] | None = None
        self._rows: dict[str, int] | None = None
        self._cache: list[Record | None] = [None] * self.size
        self._starts = [self.bounds[kind].start for kind in RECORD_KINDS]
        self._files: dict[RecordKind, IO[bytes]] = {
            kind: open_inside(folder, record_filename(kind)) for kind in RECORD_KINDS
        }
        weakref.finalize(self, _close, list(self._files.values()))

    def record(self, row: int) -> Record:
        found = self._cache[row]
        if found is None:
            found = self._cache[row] = self._decode(row)
        return found

    def _decode(self, row: int) -> Record:
        from conflictdata._codec import decode_line

        if not self._lines:  # NumPy views of where the lines are, made on the first read
            self._lines = {n: self._table.column(n).combine_chunks().to_numpy() for n in _LINES}
        kind = RECORD_KINDS[bisect.bisect_right(self._starts, row) - 1]
        rel, number = record_filename(kind), int(self._lines["line"][row])
        length, offset = int(self._lines["length"][row]), int(self._lines["offset"][row])
        data = os.pread(self._files[kind].fileno(), length, offset)
        if len(data) != length or zlib.crc32(data) != int(self._lines["crc32"][row]):
            raise IntegrityError(
                "the line changed after the release was loaded", file=rel, line=number
            )
        return decode_line(data, RECORD_CLASSES[kind], file=rel, number=number)

    def row_of(self, record_id: str) -> int | None:
        if self._rows is None:
            self._rows = {record_id: row for row, record_id in enumerate(self._id_list())}
        return self._rows.get(record_id)

    def id_of(self, row: int) -> str:
        return self._id_list()[row]

    def _id_list(self) -> list[str]:
        if self._ids is None:
            self._ids = self._table.column("id").to_pylist()
        return self._ids


def _close(files: list[IO[bytes]]) -> None:
    for handle in files:
        handle.close()


class _Texts(Mapping[str, str]):
    """The texts of a columnar store's sources, each read and checked when first asked for."""

    __slots__ = ("_read", "_store")

    def __init__(self, store: ColumnarStore) -> None:
        self._store = store
        self._read: dict[str, str] = {}

    def _sources(self) -> range:
        return self._store.bounds["source"]

    def __getitem__(self, key: str) -> str:
        if key not in self._read:
            row = self._store.row_of(key)
            if row is None or row not in self._sources():
                raise KeyError(key)
            source = self._store.record(row)
            assert isinstance(source, Source)
            raw = read_member(self._store._folder, source.path, limit=MAX_TEXT_BYTES)
            self._read[key] = source_text(raw, source)
        return self._read[key]

    def __iter__(self) -> Iterator[str]:
        return (self._store.id_of(row) for row in self._sources())

    def __len__(self) -> int:
        return len(self._sources())

    def __contains__(self, key: object) -> bool:
        row = self._store.row_of(key) if isinstance(key, str) else None
        return row is not None and row in self._sources()
