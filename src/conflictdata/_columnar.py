"""Criteria run as vectorised expressions over one Arrow table of a dataset's query columns.

:func:`conflictdata.filters.select` hands a large dataset here when pyarrow (the ``arrow``
extra) is installed. The first query builds a :class:`QueryTable`: one row per record, in
release order, with the values the criteria test (kind, status, type, mode, contexts,
factuality, actors and their roles, countries, date bounds, cues, likelihood, sources, folded
words). Each criterion of :mod:`conflictdata.filters` then becomes a boolean mask computed by
``pyarrow.compute``; a criterion with no columnar form (:class:`~conflictdata.filters.Satisfies`,
a compiled regular expression in :class:`~conflictdata.filters.Text`, a date criterion on a
dataset holding a date not in the calendar) is tested record by record, on the rows the rest
of the criterion leaves. The result is always the record-by-record one, ids and order: a
property test holds the two to each other for generated datasets and composed criteria.

pyarrow is imported only when a large dataset is first queried, never by ``import
conflictdata``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from conflictdata._choices import fold
from conflictdata.exceptions import DataError
from conflictdata.models import Actor as ActorRecord
from conflictdata.models import Event, Implication, Record, Statement
from conflictdata.models import Source as SourceRecord
from conflictdata.relations import actor_roles

if TYPE_CHECKING:
    import pyarrow as pa

    from conflictdata.dataset import Dataset
    from conflictdata.filters import Criterion

__all__ = ["QueryTable", "available", "select"]

#: Records from which a dataset is queried in columns, when pyarrow is installed.
COLUMNAR_FROM = 20_000
#: Joins the folded words of a record in its ``words`` column; no query holds it.
_SEPARATOR = "\x00"


def available() -> bool:
    """Whether pyarrow can be imported (without importing it)."""
    from importlib.util import find_spec

    return find_spec("pyarrow") is not None


class QueryTable:
    """The query columns of a dataset's records, one row a record, in release order."""

    __slots__ = ("dates_usable", "records", "table")

    def __init__(self, records: Sequence[Record]) -> None:
        import pyarrow as pa

        self.records = tuple(records)
        columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
        self.dates_usable = True
        for record in self.records:
            self.dates_usable &= _add_row(columns, record)
        types = {name: _COLUMNS[name](pa) for name in _COLUMNS}
        self.table = pa.table(
            {name: pa.array(values, type=types[name]) for name, values in columns.items()}
        )

    def __len__(self) -> int:
        return len(self.records)


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


def query_table(dataset: Dataset) -> QueryTable:
    """The dataset's query table, built on its first columnar query and kept with it."""
    found: QueryTable | None = dataset._query_table
    if found is None:
        found = QueryTable(dataset.records())
        dataset._query_table = found
    return found


def select(dataset: Dataset, criterion: Criterion) -> tuple[Record, ...]:
    """The records of ``dataset`` that meet ``criterion``, in release order, computed in
    columns; the same records as testing each one."""
    queried = query_table(dataset)
    mask = _Masks(dataset, queried).of(criterion, None)
    records = queried.records
    return tuple(records[index] for index in _true_rows(mask))


def _true_rows(mask: pa.BooleanArray) -> Any:
    """The indices of the rows ``mask`` keeps, in order (through NumPy: pyarrow 16's
    ``indices_nonzero`` crashes the interpreter on some masks)."""
    import numpy

    return numpy.flatnonzero(numpy.asarray(mask, dtype=bool))


class _Masks:
    """The boolean mask of each criterion over one query table."""

    def __init__(self, dataset: Dataset, queried: QueryTable) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self.pa, self.pc = pa, pc
        self.dataset, self.queried, self.table = dataset, queried, queried.table
        self.size = len(queried)

    def of(self, criterion: Criterion, candidates: pa.BooleanArray | None) -> pa.BooleanArray:
        """The mask of ``criterion``; where ``candidates`` is given, rows outside it may be
        False whatever the criterion says (they are not wanted)."""
        from conflictdata import filters as f

        pc = self.pc
        if isinstance(criterion, f.And):
            mask = self._constant(True)
            for part in sorted(criterion.parts, key=self._cost):
                mask = pc.and_(
                    mask, self.of(part, mask if candidates is None else pc.and_(mask, candidates))
                )
            return mask
        if isinstance(criterion, f.Or):
            mask = self._constant(False)
            for part in criterion.parts:
                mask = pc.or_(mask, self.of(part, candidates))
            return mask
        if isinstance(criterion, f.Not):
            return pc.invert(self.of(criterion.part, None))
        found = self._columnar(criterion)
        if found is None:
            return self._by_record(criterion, candidates)
        return pc.fill_null(found, False)

    def _constant(self, value: bool) -> pa.BooleanArray:
        return self.pa.array([value] * self.size, self.pa.bool_())

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

    def _by_record(
        self, criterion: Criterion, candidates: pa.BooleanArray | None
    ) -> pa.BooleanArray:
        """The mask of a criterion tested on each record (only the candidates, if given)."""
        test = criterion.compile(self.dataset)
        records = self.queried.records
        if candidates is None:
            return self.pa.array([bool(test(record)) for record in records], self.pa.bool_())
        values = [False] * self.size
        for index in _true_rows(candidates):
            values[index] = bool(test(records[index]))
        return self.pa.array(values, self.pa.bool_())

    def _columnar(self, criterion: Criterion) -> pa.Array | None:
        if not self._has_columnar(criterion):
            return None
        return _leaves()[type(criterion)](self, criterion)

    # The leaves, one a criterion class.

    def column(self, name: str) -> pa.ChunkedArray:
        return self.table.column(name)

    def among(self, name: str, values: Sequence[object]) -> pa.Array:
        """Rows whose ``name`` is one of ``values``."""
        return self.pc.is_in(self.column(name), value_set=self.pa.array(list(values)))

    def any_among(self, name: str, values: Sequence[object]) -> pa.Array:
        """Rows of which one item of the list column ``name`` is one of ``values``."""
        pa, pc = self.pa, self.pc
        lists = self.column(name).combine_chunks()
        hits = pc.is_in(pc.list_flatten(lists), value_set=pa.array(list(values), pa.string()))
        rows = pc.filter(pc.list_parent_indices(lists), pc.fill_null(hits, False))
        return pc.is_in(pa.array(range(self.size), pa.int64()), value_set=pc.unique(rows))

    def values(self, criterion: Any) -> pa.Array:
        """A :class:`~conflictdata.filters._Values` criterion on its column."""
        name = _value_columns()[type(criterion)]
        if name in _LIST_COLUMNS:
            return self.any_among(name, criterion.values)
        return self.among(name, criterion.values)

    def known(self, criterion: Any) -> pa.Array:
        """:class:`~conflictdata.filters.Id` and :class:`~conflictdata.filters.Source`: values
        the release does not hold raise as the record-by-record test does."""
        from conflictdata import filters as f

        root = self.dataset.release
        held = root if isinstance(criterion, f.Id) else {s.id for s in root.sources}
        if any(value not in held for value in criterion.values):
            criterion.compile(self.dataset)  # raises, naming the closest known values
        return self.values(criterion)

    def actor(self, criterion: Any) -> pa.Array:
        from conflictdata.filters import _actor_ids

        wanted = sorted(_actor_ids("Actor", criterion.actors, self.dataset))
        if criterion.role is None:
            return self.any_among("actors", wanted)
        return self.any_among("actor_roles", [_role_key(criterion.role, a) for a in wanted])

    def country(self, criterion: Any) -> pa.Array:
        pc = self.pc
        codes = list(criterion.codes)
        masks = []
        if criterion.via in ("any", "place"):
            masks.append(pc.fill_null(self.among("place_country", codes), False))
        if criterion.via in ("any", "actor"):
            of_country = sorted(
                actor.id for actor in self.dataset.release.actors if actor.country in codes
            )
            masks.append(pc.fill_null(self.among("actor_country", codes), False))
            masks.append(self.any_among("actors", of_country))
        mask = masks[0]
        for other in masks[1:]:
            mask = pc.or_(mask, other)
        return mask

    def likelihood(self, criterion: Any) -> pa.Array:
        pc = self.pc
        mask = pc.equal(self.column("kind"), "implication")
        if criterion.values:
            mask = pc.and_(mask, self.among("likelihood_value", criterion.values))
        if criterion.scale is not None:
            mask = pc.and_(mask, pc.equal(self.column("likelihood_scale"), criterion.scale))
        if criterion.quantified is not None:
            quantified = self.column("likelihood_quantified")
            mask = pc.and_(mask, pc.equal(quantified, criterion.quantified))
        return mask

    def during(self, criterion: Any) -> pa.Array:
        pc = self.pc
        lo, hi = self.column("date_lo"), self.column("date_hi")
        start, end = criterion.start, criterion.end
        dated = self.column("dated")
        if criterion.match == "within":
            after = (
                True if start is None else pc.fill_null(pc.greater_equal(lo, _day(start)), False)
            )
            before = True if end is None else pc.fill_null(pc.less_equal(hi, _day(end)), False)
        else:
            after = (
                True
                if end is None
                else pc.or_(pc.is_null(lo), pc.fill_null(pc.less_equal(lo, _day(end)), False))
            )
            before = (
                True
                if start is None
                else pc.or_(pc.is_null(hi), pc.fill_null(pc.greater_equal(hi, _day(start)), False))
            )
        mask = dated
        for part in (after, before):
            if part is not True:
                mask = pc.and_(mask, part)
        return mask

    def text(self, criterion: Any) -> pa.Array:
        return self.pc.match_substring(self.column("words"), fold(criterion.query))


def _day(day: dt.date) -> Any:
    import pyarrow as pa

    return pa.scalar(day, pa.date32())


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
