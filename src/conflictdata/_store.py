"""Where a :class:`~conflictdata.Dataset`'s records live.

A store holds every record of a release (or of the records given to ``Dataset``) by row, in
release order: sources, actors, events, statements, implications, each kind in the order given.
A dataset is a store and the sorted rows it shows, so a subset is the rows it keeps and shares
its release's store, records and query table. :class:`MemoryStore` holds records already
decoded; the columnar form of a release (:mod:`conflictdata._columns`) holds the query columns
and decodes a record when it is first read.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from conflictdata.exceptions import DataError
from conflictdata.models import Record
from conflictdata.relations import actor_roles
from conflictdata.vocab import RECORD_KINDS, RecordKind

if TYPE_CHECKING:
    from conflictdata._columnar import QueryTable

__all__ = ["MemoryStore", "Store", "TextView", "between", "holds", "named_ids"]

#: Rows of a store, sorted: a ``range`` for all of them, else a list or a NumPy array.
Rows = Sequence[int]


class Store:
    """Records by row; ``bounds`` gives the rows of each kind, ``texts`` the source texts."""

    __slots__ = ("_query_table", "bounds", "size", "texts")

    def __init__(self, counts: Mapping[RecordKind, int], texts: Mapping[str, str]) -> None:
        self.bounds: dict[RecordKind, range] = {}
        start = 0
        for kind in RECORD_KINDS:
            self.bounds[kind] = range(start, start + counts.get(kind, 0))
            start += counts.get(kind, 0)
        self.size = start
        self.texts = texts
        self._query_table: QueryTable | None = None

    def record(self, row: int) -> Record:
        """The record at ``row``."""
        raise NotImplementedError

    def row_of(self, record_id: str) -> int | None:
        """The row of the record with id ``record_id``, or None."""
        raise NotImplementedError

    def id_of(self, row: int) -> str:
        """The id of the record at ``row`` (without decoding it where the store can)."""
        return self.record(row).id

    def query_table(self) -> QueryTable:
        """The query columns of every record, built on first use and kept."""
        if self._query_table is None:
            from conflictdata._columnar import QueryTable

            self._query_table = QueryTable.of_records(self)
        return self._query_table

    def has_query_table(self) -> bool:
        """Whether the query table is at hand (built or loaded)."""
        return self._query_table is not None


class MemoryStore(Store):
    """Records given as objects, grouped by kind in the order given."""

    __slots__ = ("_records", "_rows")

    def __init__(self, records: Iterable[Record], texts: Mapping[str, str]) -> None:
        by_kind: dict[RecordKind, list[Record]] = {kind: [] for kind in RECORD_KINDS}
        for record in records:
            by_kind[record.kind].append(record)
        super().__init__({kind: len(items) for kind, items in by_kind.items()}, dict(texts))
        self._records = [record for kind in RECORD_KINDS for record in by_kind[kind]]
        self._rows: dict[str, int] = {}
        for row, record in enumerate(self._records):
            if self._rows.setdefault(record.id, row) != row:
                raise DataError("duplicate record id", record_id=record.id)

    def record(self, row: int) -> Record:
        return self._records[row]

    def row_of(self, record_id: str) -> int | None:
        return self._rows.get(record_id)


def named_ids(record: Record) -> Iterator[str]:
    """The ids a record names that a subset keeps with it: its actors and its sources."""
    yield from (actor for actor, _ in actor_roles(record))
    yield from (span.source for span in record.evidence)
    yield from (row.source for row in record.rows)


def holds(rows: Rows, row: int) -> bool:
    """Whether the sorted ``rows`` hold ``row``."""
    if isinstance(rows, range):
        return row in rows
    at = bisect.bisect_left(rows, row)
    return at < len(rows) and rows[at] == row


def between(rows: Rows, span: range) -> Rows:
    """The part of the sorted ``rows`` inside ``span``."""
    return rows[bisect.bisect_left(rows, span.start) : bisect.bisect_left(rows, span.stop)]


class TextView(Mapping[str, str]):
    """The texts of some sources only (those of ``ids``, found when first needed), read from
    the store's texts when asked for."""

    __slots__ = ("_held", "_ids", "_texts")

    def __init__(self, texts: Mapping[str, str], ids: Callable[[], Iterable[str]]) -> None:
        self._texts = texts
        self._ids: Callable[[], Iterable[str]] | tuple[str, ...] = ids
        self._held: frozenset[str] | None = None

    def _order(self) -> tuple[str, ...]:
        if callable(self._ids):
            self._ids = tuple(i for i in self._ids() if i in self._texts)
            self._held = frozenset(self._ids)
        return self._ids

    def __getitem__(self, key: str) -> str:
        self._order()
        if self._held is None or key not in self._held:
            raise KeyError(key)
        return self._texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._order())

    def __len__(self) -> int:
        return len(self._order())
