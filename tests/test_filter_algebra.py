"""The algebra of filters, as properties: criteria behave as the sets of records they select."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import filters as f
from conflictdata.filters import Criterion, select
from conflictdata.relations import ACTOR_ROLES, actor_roles
from conflictdata.vocab import (
    ATTRIBUTIONS,
    DATE_BASES,
    DATE_PRECISIONS,
    EVENT_CONTEXTS,
    EVENT_MODE_VALUES,
    EVENT_TYPES,
    FACTUALITIES,
    LIKELIHOOD_VALUES,
    RECORD_KINDS,
    RECORD_STATUSES,
    RESOLUTION_STATUSES,
    SPEECH_ACTS,
    STATEMENT_CUES,
)

SHIPPED = cd.load()


@st.composite
def datasets(draw: st.DrawFn) -> cd.Dataset:
    """The shipped dataset or a subset of it."""
    records = SHIPPED.records()
    chosen = draw(st.sets(st.sampled_from(records)) | st.just(set(records)))
    return SHIPPED.subset(chosen) if len(chosen) < len(records) else SHIPPED


def _some(values: Any, max_size: int = 3) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=max_size, unique=True).map(tuple)


def _dates() -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(2024, 10, 1), dt.date(2025, 3, 31))


@functools.lru_cache(maxsize=16)
def _options(root: cd.Dataset) -> tuple[st.SearchStrategy[tuple[dict[str, Any], Criterion]], ...]:
    actors = [a.id for a in root.actors] + [a.name for a in root.actors]
    countries = sorted({a.country for a in root.actors if a.country} | {"UKR", "ZZZ"})
    words = sorted({w for r in root for s in getattr(r, "evidence", ()) for w in s.exact.split()})
    options: list[st.SearchStrategy[tuple[dict[str, Any], Criterion]]] = [
        _some(RECORD_KINDS).map(lambda v: ({"kind": v}, f.Kind(*v))),
        _some(EVENT_TYPES).map(lambda v: ({"type": v}, f.Type(*v))),
        _some(EVENT_MODE_VALUES).map(lambda v: ({"mode": v}, f.Mode(*v))),
        _some(EVENT_CONTEXTS).map(lambda v: ({"context": v}, f.Context(*v))),
        _some(FACTUALITIES).map(lambda v: ({"factuality": v}, f.Factuality(*v))),
        _some(SPEECH_ACTS).map(lambda v: ({"speech_act": v}, f.SpeechAct(*v))),
        _some(ATTRIBUTIONS).map(lambda v: ({"attribution": v}, f.Attribution(*v))),
        _some(RESOLUTION_STATUSES).map(lambda v: ({"resolution": v}, f.Resolution(*v))),
        _some(RECORD_STATUSES).map(lambda v: ({"status": v}, f.Status(*v))),
        _some(DATE_BASES).map(lambda v: ({"basis": v}, f.Basis(*v))),
        _some(DATE_PRECISIONS).map(lambda v: ({"precision": v}, f.Precision(*v))),
        _some((*STATEMENT_CUES, "could", "may", "likely")).map(lambda v: ({"cue": v}, f.Cue(*v))),
        _some(LIKELIHOOD_VALUES).map(lambda v: ({"likelihood": v}, f.Likelihood(*v))),
        _some(countries).map(lambda v: ({"country": v}, f.Country(*v))),
        _some([r.id for r in root]).map(lambda v: ({"id": v}, f.Id(*v))),
        _some([s.id for s in root.sources]).map(lambda v: ({"source": v}, f.Source(*v))),
        st.tuples(_dates(), _dates(), st.sampled_from(f.DATE_MATCHES)).map(_during),
    ]
    if words:
        options.append(st.sampled_from(words).map(lambda v: ({"text": v}, f.Text(v))))
    if actors:
        options.append(
            st.tuples(_some(actors), st.none() | st.sampled_from(ACTOR_ROLES)).map(_actor)
        )
    return tuple(options)


def _during(drawn: tuple[dt.date, dt.date, f.DateMatch]) -> tuple[dict[str, Any], Criterion]:
    first, last = sorted(drawn[:2])
    return {"during": (first, last), "date_match": drawn[2]}, f.During(first, last, match=drawn[2])


def _actor(drawn: tuple[tuple[str, ...], Any]) -> tuple[dict[str, Any], Criterion]:
    names, role = drawn
    return {"actor": names, **({"role": role} if role else {})}, f.Actor(*names, role=role)


def keyword_criteria(ds: cd.Dataset) -> st.SearchStrategy[tuple[dict[str, Any], Criterion]]:
    """One keyword criterion (with its qualifier) and the criterion object that means the same,
    on values of the release ``ds`` was taken from."""
    root = ds if ds.parent is None else ds.parent
    return st.one_of(_options(root))


def criteria(ds: cd.Dataset) -> st.SearchStrategy[Criterion]:
    """Criteria built with &, | and ~ from criteria on the values of ``ds``."""
    leaves = keyword_criteria(ds).map(lambda pair: pair[1])
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda ab: ab[0] & ab[1]),
            st.tuples(inner, inner).map(lambda ab: ab[0] | ab[1]),
            inner.map(lambda a: ~a),
        ),
        max_leaves=5,
    )


def chosen(ds: cd.Dataset, criterion: Criterion) -> set[str]:
    return {record.id for record in select(ds, criterion)}


@given(st.data())
def test_and_is_intersection(data: st.DataObject) -> None:
    """a & b selects the records both select."""
    ds = data.draw(datasets())
    a, b = data.draw(criteria(ds)), data.draw(criteria(ds))
    assert chosen(ds, a) & chosen(ds, b) == chosen(ds, a & b)


@given(st.data())
def test_or_is_union(data: st.DataObject) -> None:
    """a | b selects the records either selects."""
    ds = data.draw(datasets())
    a, b = data.draw(criteria(ds)), data.draw(criteria(ds))
    assert chosen(ds, a) | chosen(ds, b) == chosen(ds, a | b)


@given(st.data())
def test_not_is_complement(data: st.DataObject) -> None:
    """~a selects every record a does not; ~~a selects what a does."""
    ds = data.draw(datasets())
    a = data.draw(criteria(ds))
    every = {record.id for record in ds}
    assert every - chosen(ds, a) == chosen(ds, ~a)
    assert chosen(ds, a) == chosen(ds, f.Not(f.Not(a)))


@given(st.data())
def test_de_morgan(data: st.DataObject) -> None:
    """~(a & b) is ~a | ~b and ~(a | b) is ~a & ~b."""
    ds = data.draw(datasets())
    a, b = data.draw(criteria(ds)), data.draw(criteria(ds))
    assert chosen(ds, ~a | ~b) == chosen(ds, ~(a & b))
    assert chosen(ds, ~a & ~b) == chosen(ds, ~(a | b))


@given(st.data())
def test_keywords_are_the_and_of_their_criteria(data: st.DataObject) -> None:
    """Keyword criteria select what the & of the same criteria as objects selects, which is
    the intersection of what each keyword selects alone."""
    ds = data.draw(datasets())
    pairs = data.draw(st.lists(keyword_criteria(ds), min_size=1, max_size=4))
    keywords: dict[str, Any] = {}
    for words, _ in pairs:
        keywords.update(words)
    # A later keyword replaces an earlier one of the same name: keep the criteria that remain.
    kept = [c for words, c in pairs if all(keywords.get(k) is v for k, v in words.items())]
    expected = set.intersection(*(chosen(ds, c) for c in kept))
    assert expected == chosen(ds, f.And(*kept))
    assert expected == {record.id for record in select(ds, **keywords)}


@given(st.data())
def test_filter_is_an_idempotent_subset(data: st.DataObject) -> None:
    """filter() keeps every matching record and only adds the actors and sources they name;
    filtering the result again changes nothing."""
    ds = data.draw(datasets())
    criterion = data.draw(criteria(ds))
    sub = ds.filter(criterion)
    kept = {record.id for record in sub}
    matching = chosen(ds, criterion)
    assert matching <= kept <= {record.id for record in ds}
    assert all(ds.get(i).kind in ("actor", "source") for i in kept - matching)
    assert kept == {record.id for record in sub.filter(criterion)}


@given(st.data())
def test_filtered_dataset_resolves_its_references(data: st.DataObject) -> None:
    """Every actor a filtered record names and every source its evidence points into is kept,
    with the source's text; the release's version and hash are kept."""
    ds = data.draw(datasets())
    sub = ds.filter(data.draw(criteria(ds)))
    for record in sub:
        for actor, _ in actor_roles(record):
            assert (actor in ds) == (actor in sub)
        for span in getattr(record, "evidence", ()):
            assert span.exact == sub.text(span)
    assert (ds.version, ds.content_hash) == (sub.version, sub.content_hash)
