"""Criteria run as vectorised expressions over the query columns of a dataset's records.

:func:`conflictdata.filters.select` and :meth:`Dataset.filter <conflictdata.Dataset.filter>`
hand a large dataset here when pyarrow (the ``arrow`` extra) is installed. Its release's store
(:mod:`conflictdata._store`) holds one :class:`QueryTable`: an Arrow table with one row per
record, in release order, of the values the criteria test (kind, status, type, mode, contexts,
factuality, actors and their roles, countries, date bounds, cues, likelihood, sources, folded
words, the rows each record names), built on the first query or read with the release's
columnar form (:mod:`conflictdata._columns`). Each criterion of :mod:`conflictdata.filters`
becomes a boolean NumPy mask: a vocabulary column is compared through its dictionary codes (one
comparison a value, or a lookup table indexed by the codes for many), a list column through its
flattened codes and the row each item belongs to, date bounds as day numbers; only the
substring search of :class:`~conflictdata.filters.Text` runs in ``pyarrow.compute``. A
criterion with no columnar form (:class:`~conflictdata.filters.Satisfies`, a compiled regular
expression in :class:`~conflictdata.filters.Text`, a date criterion on a dataset holding a date
not in the calendar) is tested record by record, on the rows the rest of the criterion leaves.
The result is always the record-by-record one, ids and order: a property test holds the two to
each other for generated datasets and composed criteria. A subset's closure (:func:`close`)
marks what its rows name from tables of each row's first names (:class:`Names`).

pyarrow and NumPy are imported only when a large dataset is first queried, never by ``import
conflictdata``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from conflictdata._choices import fold
from conflictdata.exceptions import DataError
from conflictdata.models import Actor as ActorRecord
from conflictdata.models import Event, Implication, Record, Statement
from conflictdata.models import Source as SourceRecord
from conflictdata.relations import actor_roles

if TYPE_CHECKING:
    import numpy
    import pyarrow as pa

    from conflictdata._store import Store
    from conflictdata.dataset import Dataset
    from conflictdata.filters import Criterion

__all__ = ["QueryTable", "available", "close", "rows"]

#: Records from which a dataset is queried in columns, when pyarrow is installed.
COLUMNAR_FROM = 20_000
#: Joins the folded words of a record in its ``words`` column; no query holds it.
_SEPARATOR = "\x00"


def available() -> bool:
    """Whether pyarrow can be imported (without importing it)."""
    from importlib.util import find_spec

    return find_spec("pyarrow") is not None


class QueryTable:
    """The query columns of a store's records, one row a record, in release order, with the
    NumPy form of each column made when a query first needs it."""

    __slots__ = ("_views", "dates_usable", "table")

    def __init__(self, table: pa.Table, dates_usable: bool) -> None:
        self.table = table
        self.dates_usable = dates_usable
        self._views: dict[tuple[str, str], Any] = {}

    @classmethod
    def of_records(cls, store: Store) -> QueryTable:
        """The query table of every record of ``store``, built from the records."""
        import pyarrow as pa

        from conflictdata._store import named_ids

        columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
        usable = True
        named: list[list[int]] = []
        for row in range(store.size):
            record = store.record(row)
            usable &= _add_row(columns, record)
            found = (store.row_of(name) for name in named_ids(record))
            named.append([at for at in found if at is not None])
        types = {name: _COLUMNS[name](pa) for name in _COLUMNS}
        arrays = {name: pa.array(values, type=types[name]) for name, values in columns.items()}
        arrays["named"] = pa.array(named, type=pa.list_(pa.int32()))
        return cls(pa.table(arrays), usable)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def _view(self, name: str, form: str, make: Callable[[Any], Any]) -> Any:
        key = (name, form)
        if key not in self._views:
            self._views[key] = make(self.table.column(name).combine_chunks())
        return self._views[key]

    def codes(self, name: str) -> tuple[numpy.ndarray, dict[str, int]]:
        """A vocabulary column's dictionary codes (-1 for null) and the code of each value."""
        return self._view(name, "codes", _codes)  # type: ignore[no-any-return]

    def items(self, name: str) -> tuple[numpy.ndarray, dict[str, int], numpy.ndarray]:
        """A list column's items as codes, the code of each value, and the row of each item."""
        return self._view(name, "items", _items)  # type: ignore[no-any-return]

    def numbers(self, name: str) -> tuple[numpy.ndarray, numpy.ndarray]:
        """A date or boolean column as integers (days since 1970, 0 or 1) and its null mask."""
        return self._view(name, "numbers", _numbers)  # type: ignore[no-any-return]

    def named(self) -> Names:
        """The rows each row names."""
        return self._view("named", "names", Names.of)  # type: ignore[no-any-return]


def _codes(array: Any) -> tuple[Any, dict[str, int]]:
    import pyarrow.compute as pc

    indices = pc.fill_null(array.indices, -1).to_numpy(zero_copy_only=False)
    return indices, {value: code for code, value in enumerate(array.dictionary.to_pylist())}


def _items(array: Any) -> tuple[Any, dict[str, int], Any]:
    import numpy
    import pyarrow.compute as pc

    encoded = pc.list_flatten(array).dictionary_encode()
    codes, dictionary = _codes(encoded)
    parents = pc.list_parent_indices(array).to_numpy(zero_copy_only=False)
    return codes, dictionary, parents.astype(numpy.intp)


def _numbers(array: Any) -> tuple[Any, Any]:
    import pyarrow as pa
    import pyarrow.compute as pc

    nulls = array.is_null().to_numpy(zero_copy_only=False)
    if pa.types.is_date32(array.type):
        values = pc.fill_null(array.cast(pa.int32()), 0)
    else:
        values = pc.fill_null(array, False).cast(pa.int8())
    return values.to_numpy(zero_copy_only=False), nulls


def _text(pa: Any) -> Any:
    return pa.dictionary(pa.int32(), pa.string())


def _texts(pa: Any) -> Any:
    return pa.list_(pa.string())


_COLUMNS: dict[str, Callable[[Any], Any]] = {
    "id": lambda pa: pa.string(),
    "kind": _text,
    "status": _text,
    "type": _text,
    "mode": _text,
    "factuality": _text,
    "context": _texts,
    "speech_act": _text,
    "attribution": _text,
    "resolution": _text,
    "cue": _texts,
    "likelihood_value": _text,
    "likelihood_scale": _text,
    "likelihood_quantified": lambda pa: pa.bool_(),
    "basis": _text,
    "precision": _text,
    "dated": lambda pa: pa.bool_(),
    "date_lo": lambda pa: pa.date32(),
    "date_hi": lambda pa: pa.date32(),
    "actors": _texts,
    "actor_roles": _texts,
    "place_country": _text,
    "actor_country": _text,
    "sources": _texts,
    "words": lambda pa: pa.large_string(),
}


def _add_row(columns: dict[str, list[Any]], record: Record) -> bool:
    """Append the query values of ``record``; False if its date is not in the calendar."""
    from conflictdata.filters import record_texts
    from conflictdata.timeline import record_range

    event = record if isinstance(record, Event) else None
    statement = record if isinstance(record, Statement) else None
    implication = record if isinstance(record, Implication) else None
    field = type(record).when_field
    when = getattr(record, field) if field else None
    pairs = actor_roles(record)
    likelihood = implication.likelihood if implication else None
    row: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "status": record.status,
        "type": event.type if event else None,
        "mode": event.mode if event else None,
        "factuality": event.factuality if event else None,
        "context": list(event.context) if event else [],
        "speech_act": statement.speech_act if statement else None,
        "attribution": statement.attribution if statement else None,
        "resolution": implication.resolution.status if implication else None,
        "cue": _cues(statement, implication),
        "likelihood_value": likelihood.value if likelihood else None,
        "likelihood_scale": likelihood.scale if likelihood else None,
        "likelihood_quantified": (
            (likelihood.low is not None or likelihood.high is not None) if likelihood else None
        ),
        "basis": when.basis if when else None,
        "precision": when.precision if when else None,
        "actors": [actor for actor, _ in pairs],
        "actor_roles": [_role_key(role, actor) for actor, role in pairs],
        "place_country": event.where.country if event and event.where else None,
        "actor_country": record.country if isinstance(record, ActorRecord) else None,
        "sources": (
            [record.id]
            if isinstance(record, SourceRecord)
            else [
                *(span.source for span in record.evidence),
                *(row.source for row in record.rows),
            ]
        ),
        "words": _SEPARATOR.join(fold(text) for text in record_texts(record)),
    }
    try:
        days = record_range(record)
    except DataError:
        days, usable = None, False
    else:
        usable = True
    row["dated"] = days is not None
    row["date_lo"] = days.start if days else None
    row["date_hi"] = days.end if days else None
    for name, value in row.items():
        columns[name].append(value)
    return usable


def _cues(statement: Statement | None, implication: Implication | None) -> list[str | None]:
    if statement is not None:
        return [fold(statement.cue)]
    if implication is not None:
        verbal = implication.likelihood.verbal
        return [fold(implication.cue), fold(verbal) if verbal else None]
    return []


def _role_key(role: str, actor: str) -> str:
    return f"{role}{_SEPARATOR}{actor}"


def rows(dataset: Dataset, criterion: Criterion) -> Sequence[int]:
    """The store rows of the records of ``dataset`` that meet ``criterion``, sorted, computed
    in columns; the same records as testing each one."""
    queried = dataset._store.query_table()
    within = _within(dataset._rows, len(queried))
    mask = _Masks(dataset, queried, within).of(criterion, within)
    if within is not None:
        mask = mask & within
    return cast("Sequence[int]", _true_rows(mask))


#: Rows a block, in finding where a mask holds True values.
_BLOCK = 4096


def _true_rows(mask: numpy.ndarray) -> numpy.ndarray:
    """Where ``mask`` is True, in order. Finding the blocks holding a True value is some thirty
    times as fast as listing the values, so only the span from the first such block to the last
    is listed: a criterion on one kind's values is True only among that kind's records, which
    are together."""
    import numpy

    whole = mask.size - mask.size % _BLOCK
    blocks = numpy.append(mask[:whole].reshape(-1, _BLOCK).any(axis=1), mask[whole:].any())
    held = numpy.flatnonzero(blocks)
    if not held.size:
        return numpy.empty(0, numpy.intp)
    first, end = int(held[0]) * _BLOCK, min((int(held[-1]) + 1) * _BLOCK, mask.size)
    found = numpy.flatnonzero(mask[first:end])
    found += first
    return found


def _within(shown: Sequence[int], size: int) -> numpy.ndarray | None:
    """The mask of a subset's rows; None for a whole store."""
    import numpy

    if isinstance(shown, range) and len(shown) == size:
        return None
    mask = numpy.zeros(size, bool)
    mask[numpy.asarray(shown, dtype=numpy.int64)] = True
    return mask


def close(queried: QueryTable, chosen: Sequence[int]) -> Sequence[int]:
    """The sorted rows of ``chosen`` (sorted) and of the rows they name, and those name in turn
    (a dataset's rows are always so closed, so what its rows name is among them)."""
    import numpy

    names = queried.named()
    head = names.head
    rows = numpy.asarray(chosen, dtype=numpy.intp)
    named_or_not = int(numpy.searchsorted(rows, head))  # rows from head on are never named
    kept = numpy.zeros(head + 1, bool)
    kept[rows[:named_or_not]] = True
    frontier = rows
    while frontier.size:
        fresh = numpy.zeros(head + 1, bool)
        names.mark(frontier, fresh)
        fresh &= ~kept
        fresh[head] = False
        frontier = numpy.flatnonzero(fresh)
        kept |= fresh
    return cast("Sequence[int]", numpy.concatenate((numpy.flatnonzero(kept), rows[named_or_not:])))


#: About how many names :meth:`_Table.mark` gathers at a time. A million at once take about
#: twice as long: temporaries of eight mebibytes are allocated, and their pages faulted in,
#: afresh each time, where those of one mebibyte are reused.
_GATHERED = 1 << 17
#: At most how many times as many cells as names a table of names holds.
_PADDING = 2


class Names:
    """The rows each row names, for the rows that can be named (records name only actors and
    sources, which come first: ``head`` is the first row past every named one) and for the
    rest, each in a table of its own width (:class:`_Table`)."""

    __slots__ = ("head", "named", "others")

    def __init__(self, head: int, named: _Table, others: _Table) -> None:
        self.head, self.named, self.others = head, named, others

    @classmethod
    def of(cls, array: Any) -> Names:
        """The names of a list column of row numbers."""
        import numpy
        import pyarrow.compute as pc

        # In NumPy's own index type: rows in Arrow's 32-bit one are converted on every gather
        # and scatter, which then take about twice as long.
        flat = pc.list_flatten(array).to_numpy(zero_copy_only=False).astype(numpy.intp)
        offsets = array.offsets.to_numpy(zero_copy_only=False).astype(numpy.intp)
        starts, widths = offsets[:-1] - offsets[0], numpy.diff(offsets)
        head = int(flat.max()) + 1 if flat.size else 0
        return cls(
            head,
            _Table.of(flat, starts[:head], widths[:head], head),
            _Table.of(flat, starts[head:], widths[head:], head),
        )

    def mark(self, rows: numpy.ndarray, marks: numpy.ndarray) -> None:
        """Sets ``marks`` (``head + 1`` of them) at every row that the sorted ``rows`` name, and
        at ``head``."""
        import numpy

        cut = int(numpy.searchsorted(rows, self.head))
        self.named.mark(rows[:cut], marks)
        self.others.mark(rows[cut:] - self.head, marks)


class _Table:
    """What each of a run of rows names: the first ``width`` names of each in a table of
    ``width`` columns, padded with a row past them, and any more in a ragged remainder
    (``rest``, each row's part from ``rest_offsets[row]``).

    Marking what rows name from the table is one gather of whole table rows, five times as fast
    as gathering them from flattened lists; the remainder keeps the table narrow when a few
    rows name many.
    """

    __slots__ = ("rest", "rest_offsets", "table")

    def __init__(self, table: numpy.ndarray, rest: numpy.ndarray, rest_offsets: numpy.ndarray):
        self.table, self.rest, self.rest_offsets = table, rest, rest_offsets

    @classmethod
    def of(
        cls, flat: numpy.ndarray, starts: numpy.ndarray, widths: numpy.ndarray, pad: int
    ) -> _Table:
        """The rows whose names are ``flat[starts[i]:starts[i] + widths[i]]``, padded with
        ``pad``."""
        import numpy

        names = int(widths.sum())
        width = min(int(widths.max(initial=0)), _PADDING * names // max(widths.size, 1))
        table = numpy.full((widths.size, width), pad, dtype=numpy.intp)
        for column in range(width):
            having = numpy.flatnonzero(widths > column)
            table[having, column] = flat.take(starts.take(having) + column)
        more = numpy.maximum(widths - width, 0)
        rest_offsets = numpy.zeros(widths.size + 1, dtype=numpy.intp)
        numpy.cumsum(more, out=rest_offsets[1:])
        return cls(table, flat.take(_spans(starts + width, more)), rest_offsets)

    def mark(self, rows: numpy.ndarray, marks: numpy.ndarray) -> None:
        """Sets ``marks`` at every row that ``rows`` (of this run) name, and at the pad."""
        import numpy

        if self.table.shape[1]:
            step = max(_GATHERED // self.table.shape[1], 1)
            for lo in range(0, rows.size, step):
                marks[self.table.take(rows[lo : lo + step], axis=0).ravel()] = True
        if not self.rest.size:
            return
        starts = self.rest_offsets.take(rows)
        lengths = self.rest_offsets.take(rows + 1) - starts
        ends = numpy.cumsum(lengths)
        total = int(ends[-1]) if ends.size else 0
        cuts = numpy.searchsorted(ends, numpy.arange(_GATHERED, total, _GATHERED)).tolist()
        for lo, hi in zip([0, *cuts], [*cuts, rows.size], strict=True):
            marks[self.rest.take(_spans(starts[lo:hi], lengths[lo:hi]))] = True


def _spans(starts: numpy.ndarray, lengths: numpy.ndarray) -> numpy.ndarray:
    """The positions ``starts[i]`` to ``starts[i] + lengths[i]`` (excluded), for each ``i`` in
    turn."""
    import numpy

    ends = numpy.cumsum(lengths)
    total = int(ends[-1]) if ends.size else 0
    # The k-th position of span i, at p = (where span i begins in the result) + k, is
    # starts[i] + k: p, plus starts[i] less where span i begins.
    positions = numpy.arange(total, dtype=numpy.intp)
    positions += numpy.repeat(starts - (ends - lengths), lengths)
    return positions


#: Up to how many values a vocabulary column is compared with one by one: indexing a lookup
#: table by the codes costs as much as six comparisons (the codes, in Arrow's 32-bit integers,
#: are converted to NumPy's index type first).
_COMPARED = 6


class _Masks:
    """The boolean mask of each criterion over one query table."""

    def __init__(self, dataset: Dataset, queried: QueryTable, within: numpy.ndarray | None) -> None:
        import numpy

        self.np = numpy
        self.dataset, self.queried, self.within = dataset, queried, within
        self.size = len(queried)

    def of(self, criterion: Criterion, candidates: numpy.ndarray | None) -> numpy.ndarray:
        """The mask of ``criterion``; where ``candidates`` is given, rows outside it may be
        False whatever the criterion says (they are not wanted)."""
        from conflictdata import filters as f

        if isinstance(criterion, f.And):
            mask = self.np.ones(self.size, bool)
            for part in sorted(criterion.parts, key=self._cost):
                mask &= self.of(part, mask if candidates is None else mask & candidates)
            return mask
        if isinstance(criterion, f.Or):
            mask = self.np.zeros(self.size, bool)
            for part in criterion.parts:
                mask |= self.of(part, candidates)
            return mask
        if isinstance(criterion, f.Not):
            return ~self.of(criterion.part, self.within)
        found = self._columnar(criterion)
        if found is None:
            return self._by_record(criterion, candidates)
        return found

    def _cost(self, criterion: Criterion) -> int:
        """Columnar parts first, so that record-by-record tests see only what they leave."""
        from conflictdata import filters as f

        if isinstance(criterion, f.And | f.Or):
            return max((self._cost(part) for part in criterion.parts), default=0)
        if isinstance(criterion, f.Not):
            return self._cost(criterion.part)
        return 0 if self._has_columnar(criterion) else 1

    def _has_columnar(self, criterion: Criterion) -> bool:
        from conflictdata import filters as f

        if isinstance(criterion, f.Satisfies):
            return False
        if isinstance(criterion, f.Text):
            return isinstance(criterion.query, str) and _SEPARATOR not in criterion.query
        if isinstance(criterion, f.During):
            return self.queried.dates_usable
        return type(criterion) in _leaves()

    def _by_record(self, criterion: Criterion, candidates: numpy.ndarray | None) -> numpy.ndarray:
        """The mask of a criterion tested on each record (only the candidates, if given)."""
        test = criterion.compile(self.dataset)
        record = self.dataset._store.record
        wanted = candidates if candidates is not None else self.within
        rows = range(self.size) if wanted is None else self.np.flatnonzero(wanted)
        values = self.np.zeros(self.size, bool)
        for row in rows:
            values[row] = bool(test(record(int(row))))
        return values

    def _columnar(self, criterion: Criterion) -> numpy.ndarray | None:
        if not self._has_columnar(criterion):
            return None
        return _leaves()[type(criterion)](self, criterion)  # type: ignore[no-any-return]

    # The leaves, one a criterion class.

    def _matches(
        self, codes: numpy.ndarray, positions: dict[str, int], values: Sequence[object]
    ) -> numpy.ndarray:
        """Which of ``codes`` (of a column whose values have ``positions``; -1 for null) are
        the code of one of ``values``: a comparison for each of a few values, else a lookup
        table indexed by the codes (-1, null, is its last entry)."""
        wanted = sorted({positions[v] for v in values if isinstance(v, str) and v in positions})
        if 0 < len(wanted) <= _COMPARED:
            found = codes == wanted[0]
            for code in wanted[1:]:
                found |= codes == code
            return found  # type: ignore[no-any-return]
        table = self.np.zeros(len(positions) + 1, bool)
        table[wanted] = True
        return table.take(codes)

    def among(self, name: str, values: Sequence[object]) -> numpy.ndarray:
        """Rows whose ``name`` is one of ``values``."""
        codes, positions = self.queried.codes(name)
        return self._matches(codes, positions, values)

    def any_among(self, name: str, values: Sequence[object]) -> numpy.ndarray:
        """Rows of which one item of the list column ``name`` is one of ``values``."""
        codes, positions, parents = self.queried.items(name)
        mask = self.np.zeros(self.size, bool)
        mask[parents[self._matches(codes, positions, values)]] = True
        return mask

    def values(self, criterion: Any) -> numpy.ndarray:
        """A :class:`~conflictdata.filters._Values` criterion on its column."""
        name = _value_columns()[type(criterion)]
        if name in _LIST_COLUMNS:
            return self.any_among(name, criterion.values)
        return self.among(name, criterion.values)

    def known(self, criterion: Any) -> numpy.ndarray:
        """:class:`~conflictdata.filters.Id` and :class:`~conflictdata.filters.Source`: values
        the release does not hold raise as the record-by-record test does."""
        from conflictdata import filters as f

        root = self.dataset.release
        store = root._store
        if isinstance(criterion, f.Id):
            if any(value not in root for value in criterion.values):
                criterion.compile(self.dataset)  # raises, naming the closest known values
            mask = self.np.zeros(self.size, bool)
            found = (store.row_of(value) for value in criterion.values)
            mask[[row for row in found if row is not None]] = True
            return mask
        sources = {s.id for s in root.sources}
        if any(value not in sources for value in criterion.values):
            criterion.compile(self.dataset)
        return self.values(criterion)

    def actor(self, criterion: Any) -> numpy.ndarray:
        from conflictdata.filters import _actor_ids

        wanted = sorted(_actor_ids("Actor", criterion.actors, self.dataset))
        if criterion.role is None:
            return self.any_among("actors", wanted)
        return self.any_among("actor_roles", [_role_key(criterion.role, a) for a in wanted])

    def country(self, criterion: Any) -> numpy.ndarray:
        codes = list(criterion.codes)
        mask = self.np.zeros(self.size, bool)
        if criterion.via in ("any", "place"):
            mask |= self.among("place_country", codes)
        if criterion.via in ("any", "actor"):
            of_country = sorted(
                actor.id for actor in self.dataset.release.actors if actor.country in codes
            )
            mask |= self.among("actor_country", codes)
            mask |= self.any_among("actors", of_country)
        return mask

    def likelihood(self, criterion: Any) -> numpy.ndarray:
        mask = self.among("kind", ["implication"])
        if criterion.values:
            mask &= self.among("likelihood_value", criterion.values)
        if criterion.scale is not None:
            mask &= self.among("likelihood_scale", [criterion.scale])
        if criterion.quantified is not None:
            quantified, unknown = self.queried.numbers("likelihood_quantified")
            mask &= ~unknown & (quantified == int(criterion.quantified))
        return mask

    def during(self, criterion: Any) -> numpy.ndarray:
        lo, no_lo = self.queried.numbers("date_lo")
        hi, no_hi = self.queried.numbers("date_hi")
        dated, _ = self.queried.numbers("dated")
        mask = dated.astype(bool)
        start = None if criterion.start is None else _day(criterion.start)
        end = None if criterion.end is None else _day(criterion.end)
        if criterion.match == "within":
            if start is not None:
                mask &= ~no_lo & (lo >= start)
            if end is not None:
                mask &= ~no_hi & (hi <= end)
        else:
            if end is not None:
                mask &= no_lo | (lo <= end)
            if start is not None:
                mask &= no_hi | (hi >= start)
        return mask

    def text(self, criterion: Any) -> numpy.ndarray:
        import pyarrow.compute as pc

        found = pc.match_substring(self.queried.table.column("words"), fold(criterion.query))
        return pc.fill_null(found, False).to_numpy(zero_copy_only=False)  # type: ignore[no-any-return]


def _day(day: dt.date) -> int:
    """The day number of ``day``, as Arrow's ``date32`` counts (days since 1970-01-01)."""
    return (day - dt.date(1970, 1, 1)).days


@functools.cache
def _leaves() -> dict[type, Callable[[_Masks, Any], Any]]:
    """The columnar form of each leaf criterion class (filters imports this module)."""
    from conflictdata import filters as f

    leaves: dict[type, Callable[[_Masks, Any], Any]] = dict.fromkeys(
        _value_columns(), _Masks.values
    )
    leaves.update(
        {
            f.Id: _Masks.known,
            f.Source: _Masks.known,
            f.Actor: _Masks.actor,
            f.Country: _Masks.country,
            f.Likelihood: _Masks.likelihood,
            f.During: _Masks.during,
            f.Text: _Masks.text,
        }
    )
    return leaves


@functools.cache
def _value_columns() -> dict[type, str]:
    """The query column of each criterion on one field's values."""
    from conflictdata import filters as f

    return {
        f.Kind: "kind",
        f.Type: "type",
        f.Mode: "mode",
        f.Context: "context",
        f.Factuality: "factuality",
        f.SpeechAct: "speech_act",
        f.Attribution: "attribution",
        f.Resolution: "resolution",
        f.Status: "status",
        f.Basis: "basis",
        f.Precision: "precision",
        f.Cue: "cue",
        f.Id: "id",
        f.Source: "sources",
    }


_LIST_COLUMNS = frozenset({"context", "cue", "actors", "actor_roles", "sources"})
