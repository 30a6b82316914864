"""The records of a Parquet export that meet conflictdata criteria, as Dask DataFrames.

Each criterion of :mod:`conflictdata.filters` that the export's flat columns can answer becomes,
for each record kind, either a constant (``Type`` never matches an actor) or a test of a
partition's columns, run by the workers with ``pyarrow.compute``. Date criteria also become
filters on the hive partitions ``year`` and ``month`` of the first day a record may denote, so
that ``dask.dataframe.read_parquet`` lists only the partitions that can hold a match; a kind the
criterion can never match is not read at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from attrs import frozen

from conflictdata import filters as f
from conflictdata._choices import fold
from conflictdata.dask._tables import dask_dataframe, export_tables
from conflictdata.exceptions import InvalidCriterionError
from conflictdata.frames import Frames
from conflictdata.io._common import plural
from conflictdata.io.parquet import PARTITIONS, Partition, arrow_schema, column_prefix
from conflictdata.models import RECORD_CLASSES
from conflictdata.vocab import RECORD_KINDS, RecordKind

if TYPE_CHECKING:
    import pandas
    import pyarrow as pa

__all__ = ["select"]

#: A test of a partition's columns (a ``pyarrow.Table``): a boolean array, one value a row.
Test = Callable[["pa.Table"], "pa.Array"]
#: A hive partition filter in disjunctive normal form, as ``read_parquet(filters=)`` takes it:
#: ``((),)`` is every partition, ``()`` none.
Partitions = tuple[tuple[tuple[str, str, int], ...], ...]
_EVERY: Partitions = ((),)


@frozen
class _Plan:
    """A criterion for one record kind: a constant or a test of ``columns``, and the
    partitions that may hold the records it keeps."""

    test: Test | bool
    columns: frozenset[str] = frozenset()
    partitions: Partitions = _EVERY


_TRUE, _FALSE = _Plan(True), _Plan(False, partitions=())


def select(
    path: str | os.PathLike[str],
    *criteria: f.Criterion,
    options: Mapping[str, Any] | None = None,
    prune: bool = True,
    **keywords: Unpack[f.Criteria],
) -> Frames[Any]:
    """The records of the Parquet export at ``path`` (:func:`conflictdata.io.write_parquet`,
    partitioned or not) that meet all criteria, as one Dask DataFrame per kind.

    The criteria are those of :func:`conflictdata.filters.select` (objects and keywords), and
    the records are the ones it gives for the same records: exactly those that match, with no
    actors or sources added back. Ids and sources named are not checked against a release (an
    export may be part of one): an unknown one matches nothing. Date criteria read only the
    partitions that may hold a match (with ``prune=False``, every partition is read and
    tested, as a baseline); ``options`` go to ``dask.dataframe.read_parquet``.

    A criterion the export's columns cannot answer (:class:`~conflictdata.filters.Actor`,
    :class:`~conflictdata.filters.Text`, :class:`~conflictdata.filters.Satisfies`,
    :class:`~conflictdata.filters.Country` by actor) raises
    :class:`~conflictdata.exceptions.InvalidCriterionError` naming it; a table missing from the
    folder raises :class:`~conflictdata.exceptions.DataError`.
    """
    dd = dask_dataframe()
    make_meta = dd.utils.make_meta
    criterion = f.where(*criteria, **keywords)
    given = dict(options or {})
    if "filters" in given:
        raise ValueError("select: give the criteria, not filters= (they become the filters)")
    frames = {}
    for kind, table in export_tables(path).items():
        plan = _plan(criterion, kind, _partitioned_by(table))
        every = not prune or plan.partitions in (_EVERY, ())
        filters = None if every else [list(clause) for clause in plan.partitions]
        frame = dd.read_parquet(str(table), filters=filters, **given)
        if plan.test is False or not plan.partitions:
            frame = dd.from_pandas(make_meta(frame), npartitions=1)
        elif plan.test is not True:
            frame = frame.map_partitions(
                _kept, kind, plan.test, sorted(plan.columns), meta=make_meta(frame)
            )
        frames[plural(kind)] = frame
    return Frames(**frames)


def _partitioned_by(table: Path) -> tuple[Partition, ...]:
    """The hive partitions of a table folder (none for a single file)."""
    keys: list[Partition] = []
    level = table
    for key in PARTITIONS:
        if not level.is_dir():
            break
        found = sorted(p for p in level.iterdir() if p.is_dir() and p.name.startswith(f"{key}="))
        if not found:
            break
        keys.append(key)
        level = found[0]
    return tuple(keys)


def _kept(
    partition: pandas.DataFrame, kind: RecordKind, test: Test, columns: list[str]
) -> pandas.DataFrame:
    """On a worker: the rows of a partition that pass ``test``."""
    import numpy
    import pyarrow as pa
    import pyarrow.compute as pc

    schema = arrow_schema(kind)
    table = pa.Table.from_pandas(
        partition[columns],
        schema=pa.schema([schema.field(name) for name in columns]),
        preserve_index=False,
    )
    mask = pc.fill_null(test(table), False)
    return partition[numpy.asarray(mask, dtype=bool)]


def _plan(criterion: f.Criterion, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan:
    """The plan of ``criterion`` for the records of ``kind`` in a table partitioned by ``keys``."""
    if isinstance(criterion, f.And | f.Or):
        plans = [_plan(part, kind, keys) for part in criterion.parts]
        every = isinstance(criterion, f.And)
        if any(plan.test is (not every) for plan in plans):
            return _FALSE if every else _TRUE
        tests = [plan.test for plan in plans if not isinstance(plan.test, bool)]
        columns = frozenset().union(*(plan.columns for plan in plans))
        if every:
            partitions = functools.reduce(_both, (plan.partitions for plan in plans), _EVERY)
        else:
            joined = tuple(clause for plan in plans for clause in plan.partitions)
            partitions = _EVERY if () in joined else joined
        if not tests:
            return _TRUE if every else _FALSE
        return _Plan(_combined(tests, every), columns, partitions)
    if isinstance(criterion, f.Not):
        inner = _plan(criterion.part, kind, keys)
        if isinstance(inner.test, bool):
            return _FALSE if inner.test else _TRUE
        return _Plan(_negated(inner.test), inner.columns)
    leaf = _LEAVES.get(type(criterion))
    found = None if leaf is None else leaf(criterion, kind, keys)
    if found is None:
        raise InvalidCriterionError(
            f"{criterion!r} cannot be applied to a Parquet export: its columns do not hold "
            "what it tests (actor names and countries, a record's words, a Python function); "
            "load the records and use Dataset.filter"
        )
    return found


def _both(first: Partitions, second: Partitions) -> Partitions:
    """The partitions in both filters."""
    return tuple(a + b for a in first for b in second)


def _combined(tests: list[Test], every: bool) -> Test:
    def test(table: pa.Table) -> pa.Array:
        import pyarrow.compute as pc

        join = pc.and_kleene if every else pc.or_kleene
        return functools.reduce(join, (pc.fill_null(t(table), False) for t in tests))

    return test


def _negated(inner: Test) -> Test:
    def test(table: pa.Table) -> pa.Array:
        import pyarrow.compute as pc

        return pc.invert(pc.fill_null(inner(table), False))

    return test


def _among(column: str, values: Iterable[object]) -> _Plan:
    """Rows whose ``column`` is one of ``values``."""
    wanted = list(values)

    def test(table: pa.Table) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        return pc.is_in(table.column(column), value_set=pa.array(wanted))

    return _Plan(test, frozenset({column}))


def _any_among(column: str, values: Iterable[str], field: str | None = None) -> _Plan:
    """Rows with an item of the list ``column`` (or its ``field``, of a list of structs)
    among ``values``."""
    wanted = list(values)

    def test(table: pa.Table) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        lists = table.column(column).combine_chunks()
        items = pc.list_flatten(lists)
        if field is not None:
            items = pc.struct_field(items, field)
        hits = pc.fill_null(pc.is_in(items, value_set=pa.array(wanted, pa.string())), False)
        rows = pc.filter(pc.list_parent_indices(lists), hits)
        return pc.is_in(pa.array(range(len(lists)), pa.int64()), value_set=pc.unique(rows))

    return _Plan(test, frozenset({column}))


def _folded_among(columns: tuple[str, ...], values: Iterable[str]) -> _Plan:
    """Rows one of whose ``columns``, case-folded, is among ``values`` (folded already)."""
    wanted = frozenset(values)

    def test(table: pa.Table) -> pa.Array:
        import pyarrow as pa

        rows = zip(*(table.column(name).to_pylist() for name in columns), strict=True)
        return pa.array(
            [any(v is not None and fold(v) in wanted for v in row) for row in rows], pa.bool_()
        )

    return _Plan(test, frozenset(columns))


def _either(*plans: _Plan) -> _Plan:
    tests = [plan.test for plan in plans if not isinstance(plan.test, bool)]
    return _Plan(_combined(tests, every=False), frozenset().union(*(p.columns for p in plans)))


def _vocabulary(columns: Mapping[type, Callable[[RecordKind], str | None]]) -> Any:
    def leaf(criterion: Any, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan:
        column = columns[type(criterion)](kind)
        if column is None:
            return _FALSE
        if column in _LIST_COLUMNS:
            return _any_among(column, criterion.values)
        return _among(column, criterion.values)

    return leaf


def _of(*kinds: RecordKind, column: str) -> Callable[[RecordKind], str | None]:
    return lambda kind: column if kind in kinds else None


def _when_column(suffix: str) -> Callable[[RecordKind], str | None]:
    """The column of a part of the :class:`~conflictdata.models.When` that dates a kind."""

    def column(kind: RecordKind) -> str | None:
        field = RECORD_CLASSES[kind].when_field
        return None if field is None else f"{column_prefix(field)}_{suffix}"

    return column


_VALUE_COLUMNS: dict[type, Callable[[RecordKind], str | None]] = {
    f.Type: _of("event", column="type"),
    f.Mode: _of("event", column="mode"),
    f.Context: _of("event", column="context"),
    f.Factuality: _of("event", column="factuality"),
    f.SpeechAct: _of("statement", column="speech_act"),
    f.Attribution: _of("statement", column="attribution"),
    f.Resolution: _of("implication", column="resolution_status"),
    f.Status: _of(*RECORD_KINDS, column="status"),
    f.Id: _of(*RECORD_KINDS, column="id"),
    f.Basis: _when_column("basis"),
    f.Precision: _when_column("precision"),
}
_LIST_COLUMNS = frozenset({"context"})


def _kind(criterion: f.Kind, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan:
    return _TRUE if kind in criterion.values else _FALSE


def _cue(criterion: f.Cue, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan:
    columns = {"statement": ("cue",), "implication": ("cue", "likelihood_verbal")}.get(kind)
    return _FALSE if columns is None else _folded_among(columns, criterion.values)


def _source(criterion: f.Source, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan:
    if kind == "source":
        return _among("id", criterion.values)
    return _either(
        _any_among("evidence", criterion.values, "source"),
        _any_among("rows", criterion.values, "source"),
    )


def _country(criterion: f.Country, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan | None:
    if criterion.via != "place":
        return None
    return _among("where_country", criterion.codes) if kind == "event" else _FALSE


def _likelihood(criterion: f.Likelihood, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan:
    if kind != "implication":
        return _FALSE
    values, scale, quantified = criterion.values, criterion.scale, criterion.quantified

    def test(table: pa.Table) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        mask = pa.array([True] * table.num_rows, pa.bool_())
        if values:
            found = pc.is_in(table.column("likelihood_value"), value_set=pa.array(values))
            mask = pc.and_(mask, found)
        if scale is not None:
            mask = pc.and_(mask, pc.equal(table.column("likelihood_scale"), scale))
        if quantified is not None:
            bounded = pc.or_(
                pc.is_valid(table.column("likelihood_low")),
                pc.is_valid(table.column("likelihood_high")),
            )
            mask = pc.and_(mask, pc.equal(bounded, quantified))
        return mask

    columns = {"likelihood_value", "likelihood_scale", "likelihood_low", "likelihood_high"}
    return _Plan(test, frozenset(columns))


def _during(criterion: f.During, kind: RecordKind, keys: tuple[Partition, ...]) -> _Plan:
    """Dated records (their placement date is not empty) whose first and last days overlap or
    lie within the range; records with no first day are in the undated partition."""
    field = RECORD_CLASSES[kind].placement_field
    if field is None:
        return _FALSE
    written = column_prefix(field)
    lo, hi = f"{written}_start", f"{written}_end"
    start, end, within = criterion.start, criterion.end, criterion.match == "within"

    def test(table: pa.Table) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        def day(value: dt.date) -> pa.Scalar:
            return pa.scalar(value, pa.date32())

        first, last = table.column(lo), table.column(hi)
        mask = pc.is_valid(table.column(written))
        if start is not None:
            after = pc.greater_equal(first if within else last, day(start))
            mask = pc.and_(mask, after if within else pc.or_kleene(pc.is_null(last), after))
        if end is not None:
            before = pc.less_equal(last if within else first, day(end))
            mask = pc.and_(mask, before if within else pc.or_kleene(pc.is_null(first), before))
        return pc.fill_null(mask, False)

    partitions = _EVERY
    if end is not None:  # the first day is on or before the end, or there is none (year 0)
        partitions = _up_to(end, keys)
    if within and start is not None:  # the first day is on or after the start
        partitions = _both(partitions, _from(start, keys))
    return _Plan(test, frozenset({written, lo, hi}), partitions)


def _up_to(day: dt.date, keys: tuple[Partition, ...]) -> Partitions:
    """The partitions of first days up to ``day``, and the undated one (year 0)."""
    if not keys:
        return _EVERY
    if keys == ("year",):
        return ((("year", "<=", day.year),),)
    return ((("year", "<", day.year),), (("year", "==", day.year), ("month", "<=", day.month)))


def _from(day: dt.date, keys: tuple[Partition, ...]) -> Partitions:
    """The partitions of first days from ``day`` on (never the undated one)."""
    if not keys:
        return _EVERY
    if keys == ("year",):
        return ((("year", ">=", day.year),),)
    return ((("year", ">", day.year),), (("year", "==", day.year), ("month", ">=", day.month)))


_LEAVES: dict[type, Callable[[Any, RecordKind, tuple[Partition, ...]], _Plan | None]] = {
    **dict.fromkeys(_VALUE_COLUMNS, _vocabulary(_VALUE_COLUMNS)),
    f.Kind: _kind,
    f.Cue: _cue,
    f.Source: _source,
    f.Country: _country,
    f.Likelihood: _likelihood,
    f.During: _during,
}
