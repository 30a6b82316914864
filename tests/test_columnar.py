"""Queries in columns: the same records as testing each record, ids and order, for any
generated dataset and any composed criterion."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from unittest import mock

import attrs
import numpy
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.test_filter_algebra import criteria, datasets

import conflictdata as cd
from conflictdata import _columnar
from conflictdata import filters as f
from conflictdata.exceptions import InvalidCriterionError
from conflictdata.filters import Criterion, select
from conflictdata.models import Record


def _by_record(ds: cd.Dataset, criterion: Criterion) -> tuple[Record, ...]:
    test = criterion.compile(ds)
    return tuple(record for record in ds if test(record))


def _in_columns(ds: cd.Dataset, criterion: Criterion) -> tuple[Record, ...]:
    return tuple(map(ds.get, (ds._store.id_of(row) for row in _columnar.rows(ds, criterion))))


def _predicates(ds: cd.Dataset) -> st.SearchStrategy[Criterion]:
    """Criteria with no columnar form, alone and inside columnar ones."""
    first = st.sampled_from([r.id for r in ds] or ["none"])
    odd = f.Satisfies(lambda record: len(record.id) % 2 == 1)
    return st.one_of(
        st.just(odd),
        first.map(lambda i: f.Satisfies(lambda record: record.id == i)),
        st.just(f.Text(re.compile(r"[Mm]issile|Ukr"))),
        criteria(ds, depth=1).map(lambda c: c & odd),
        criteria(ds, depth=1).map(lambda c: ~(c | odd)),
    )


def _outcome(query: Callable[[], Sequence[Record]]) -> list[str] | str:
    """The ids a query gives, in order, or the message of the criterion error it raises."""
    try:
        return [record.id for record in query()]
    except InvalidCriterionError as error:
        return f"InvalidCriterionError: {error}"


@given(st.data())
def test_columns_select_what_each_record_would(data: st.DataObject) -> None:
    """For generated datasets (and the shipped one and its subsets) and criteria composed with
    &, | and ~, the columnar query gives the records the record-by-record test gives, in
    order; a criterion with no columnar form is still applied, to the records."""
    ds = data.draw(datasets())
    criterion = data.draw(criteria(ds) | _predicates(ds))
    assert _outcome(lambda: _by_record(ds, criterion)) == _outcome(
        lambda: _in_columns(ds, criterion)
    )


@given(st.data())
def test_columns_close_a_subset_as_its_records_do(data: st.DataObject) -> None:
    """A filtered subset, and a subset filtered again, hold the same records (those chosen, what
    they name, and what that names in turn, among the records of the dataset filtered) whether
    the closure is taken in columns (with the names in a table of any width, the rest ragged,
    gathered in pieces of any size) or record by record."""
    ds = data.draw(datasets())
    outer, inner = data.draw(criteria(ds)), data.draw(criteria(ds))

    def nested() -> Sequence[Record]:
        return ds.filter(outer).filter(inner).records()

    with mock.patch.object(type(ds._store), "has_query_table", return_value=False):
        by_record = _outcome(nested)
    ds._store.query_table()
    gathered, padding = data.draw(st.integers(1, 8)), data.draw(st.integers(0, 3))
    with (
        mock.patch.object(_columnar, "_GATHERED", gathered),
        mock.patch.object(_columnar, "_PADDING", padding),
    ):
        assert _outcome(nested) == by_record


@given(
    st.integers(1, 6).flatmap(
        lambda head: st.lists(st.lists(st.integers(0, head - 1), max_size=6), min_size=1)
    ),
    st.data(),
)
def test_names_mark_what_rows_name(named: list[list[int]], data: st.DataObject) -> None:
    """What any rows name, marked from a table of names of any width with the rest ragged,
    gathered in pieces of any size, is the union of their lists."""
    rows = sorted(data.draw(st.sets(st.integers(0, len(named) - 1))))
    gathered, padding = data.draw(st.integers(1, 8)), data.draw(st.integers(0, 3))
    with (
        mock.patch.object(_columnar, "_GATHERED", gathered),
        mock.patch.object(_columnar, "_PADDING", padding),
    ):
        names = _columnar.Names.of(pa.array(named, type=pa.list_(pa.int32())))
        marks = numpy.zeros(names.head + 1, bool)
        names.mark(numpy.array(rows, dtype=numpy.intp), marks)
    assert set(numpy.flatnonzero(marks[: names.head])) == {n for row in rows for n in named[row]}


@given(st.lists(st.booleans()), st.integers(1, 8))
def test_true_rows_are_those_of_the_mask(mask: list[bool], block: int) -> None:
    """The rows a mask holds, found block by block (of any size), are all those it holds."""
    with mock.patch.object(_columnar, "_BLOCK", block):
        found = _columnar._true_rows(numpy.array(mask, dtype=bool))
    assert found.tolist() == [row for row, held in enumerate(mask) if held]


def test_a_subset_keeps_what_its_actors_name() -> None:
    """An event's subset holds the source its actor's evidence quotes, though the event does not
    quote it (a second round of the closure), in columns as record by record."""
    ds = cd.load()
    (source,) = ds.sources
    other = attrs.evolve(source, id="src-0000000000000000")
    event = ds.events[0]
    actor = ds.get(event.actors[0].actor)
    quoted = attrs.evolve(actor, evidence=(attrs.evolve(actor.evidence[0], source=other.id),))
    records = [source, other, *(quoted if r.id == actor.id else r for r in ds.actors), event]
    mixed = cd.Dataset(records)
    wanted = {source.id, other.id, event.id, *(a.actor for a in event.actors)}
    assert {r.id for r in mixed.filter(f.Id(event.id))} == wanted
    mixed._store.query_table()
    assert {r.id for r in mixed.filter(f.Id(event.id))} == wanted


def test_a_large_dataset_is_queried_in_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """From COLUMNAR_FROM records on, select() builds the dataset's query table once and keeps
    it; below, it tests each record and builds none."""
    ds = cd.load()
    select(ds, type="ASSAULT")
    assert not ds._store.has_query_table()
    monkeypatch.setattr(_columnar, "COLUMNAR_FROM", 1)
    assert [r.id for r in select(ds, type="ASSAULT")] == [
        r.id for r in _by_record(ds, f.Type("ASSAULT"))
    ]
    table = ds._store.query_table()
    assert len(table) == len(ds)
    sub = ds.filter(factuality="CT+")
    assert ds._store.query_table() is table
    assert sub._store is ds._store  # a subset queries its release's table


def test_unknown_actors_and_ids_raise_as_on_records() -> None:
    """Values checked when a criterion is applied raise the same error in columns."""
    ds = cd.load()
    for criterion in (f.Actor("Bidne"), f.Id("evt-nowhere"), f.Source("src-nowhere")):
        with pytest.raises(InvalidCriterionError) as on_records:
            _by_record(ds, criterion)
        with pytest.raises(InvalidCriterionError) as in_columns:
            _in_columns(ds, Criterion.__and__(f.Kind("event"), criterion))
        assert str(on_records.value) == str(in_columns.value)
