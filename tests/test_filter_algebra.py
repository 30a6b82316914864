"""The algebra of filters, as properties: criteria behave as the sets of records they select."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import filters as f
from conflictdata import strategies
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
def _shipped(draw: st.DrawFn) -> cd.Dataset:
    records = SHIPPED.records()
    chosen = draw(st.sets(st.sampled_from(records)) | st.just(set(records)))
    return SHIPPED.subset(chosen) if len(chosen) < len(records) else SHIPPED


def datasets() -> st.SearchStrategy[cd.Dataset]:
    """Generated datasets (every reference resolves, dates of every form, withdrawn records),
    the shipped dataset, and subsets of it."""
    return strategies.datasets() | _shipped()


Pair = tuple[dict[str, Any], Criterion]


def _some(values: Any, max_size: int = 3) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=max_size, unique=True).map(tuple)


def _during(drawn: tuple[dt.date, dt.date, f.DateMatch]) -> Pair:
    first, last = sorted(drawn[:2])
    return {"during": (first, last), "date_match": drawn[2]}, f.During(first, last, match=drawn[2])


def _actor(drawn: tuple[tuple[str, ...], Any]) -> Pair:
    names, role = drawn
    return {"actor": names, **({"role": role} if role else {})}, f.Actor(*names, role=role)


_DATES = st.dates(dt.date(2024, 10, 1), dt.date(2025, 3, 31))
#: Criteria whose values come from the vocabularies, with their keyword forms.
_VOCABULARY_CRITERIA: st.SearchStrategy[Pair] = st.one_of(
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
    st.tuples(_DATES, _DATES, st.sampled_from(f.DATE_MATCHES)).map(_during),
)


@st.composite
def _named_criteria(draw: st.DrawFn, ds: cd.Dataset) -> Pair:
    """A criterion naming what the release ``ds`` was taken from holds: actors (by id or name),
    countries, ids, sources, words of its evidence."""
    root = ds if ds.parent is None else ds.parent
    which = draw(st.sampled_from(["actor", "country", "id", "source", "text"]))
    if which == "actor" and root.actors:
        names = [a.id for a in root.actors] + [a.name for a in root.actors]
        return _actor((draw(_some(names)), draw(st.none() | st.sampled_from(ACTOR_ROLES))))
    if which == "id":
        ids = draw(_some([r.id for r in root]))
        return {"id": ids}, f.Id(*ids)
    if which == "source" and root.sources:
        sources = draw(_some([s.id for s in root.sources]))
        return {"source": sources}, f.Source(*sources)
    if which == "text":
        words = [w for r in root for s in getattr(r, "evidence", ()) for w in s.exact.split()]
        word = draw(st.sampled_from(words or ["war"]))
        return {"text": word}, f.Text(word)
    codes = draw(_some(sorted({a.country for a in root.actors if a.country} | {"UKR", "ZZZ"})))
    return {"country": codes}, f.Country(*codes)


def keyword_criteria(ds: cd.Dataset) -> st.SearchStrategy[Pair]:
    """One keyword criterion (with its qualifier) and the criterion object that means the same,
    on values of the release ``ds`` was taken from."""
    return _VOCABULARY_CRITERIA | _named_criteria(ds)


@st.composite
def criteria(draw: st.DrawFn, ds: cd.Dataset, depth: int = 3) -> Criterion:
    """Criteria built with &, | and ~ (up to ``depth`` deep) from criteria on values of ``ds``."""
    how = draw(st.sampled_from(["leaf", "and", "or", "not"])) if depth else "leaf"
    if how == "leaf":
        return draw(keyword_criteria(ds))[1]
    a = draw(criteria(ds, depth - 1))
    if how == "not":
        return ~a
    b = draw(criteria(ds, depth - 1))
    return a & b if how == "and" else a | b


def _keyword(pair: Pair) -> str:
    """The keyword a pair is about (the first; a qualifier follows it)."""
    return next(iter(pair[0]))


def chosen(ds: cd.Dataset, criterion: Criterion) -> set[str]:
    return {record.id for record in select(ds, criterion)}


def pairs(data: st.DataObject) -> tuple[cd.Dataset, list[tuple[Criterion, Criterion]]]:
    """A dataset and a few pairs of criteria on it (drawing a dataset costs more than a pair)."""
    ds = data.draw(datasets())
    return ds, data.draw(st.lists(st.tuples(criteria(ds), criteria(ds)), min_size=1, max_size=4))


@given(st.data())
def test_boolean_laws(data: st.DataObject) -> None:
    """Criteria behave as the sets of records they select: a & b is the intersection, a | b the
    union, ~a the complement, ~~a is a, and De Morgan's laws hold."""
    ds, drawn = pairs(data)
    every = {record.id for record in ds}
    for a, b in drawn:
        assert chosen(ds, a) & chosen(ds, b) == chosen(ds, a & b)
        assert chosen(ds, a) | chosen(ds, b) == chosen(ds, a | b)
        assert every - chosen(ds, a) == chosen(ds, ~a)
        assert chosen(ds, a) == chosen(ds, ~~a) == chosen(ds, f.Not(f.Not(a)))
        assert chosen(ds, ~a | ~b) == chosen(ds, ~(a & b))
        assert chosen(ds, ~a & ~b) == chosen(ds, ~(a | b))


@given(st.data())
def test_keywords_are_the_and_of_their_criteria(data: st.DataObject) -> None:
    """Keyword criteria select what the & of the same criteria as objects selects, which is
    the intersection of what each keyword selects alone."""
    ds = data.draw(datasets())
    drawn = data.draw(st.lists(keyword_criteria(ds), min_size=1, max_size=4, unique_by=_keyword))
    keywords = {key: value for words, _ in drawn for key, value in words.items()}
    expected = set.intersection(*(chosen(ds, criterion) for _, criterion in drawn))
    assert expected == chosen(ds, f.And(*(criterion for _, criterion in drawn)))
    assert expected == {record.id for record in select(ds, **keywords)}


@given(st.data())
def test_filter_is_an_idempotent_subset_that_resolves(data: st.DataObject) -> None:
    """filter() keeps every matching record and adds only the actors and sources they name, so
    that every actor a kept record names and every source its evidence quotes (with its text)
    is kept; filtering the result again changes nothing; the release's version stays, and its
    hash stays on the subset's release, not on the subset."""
    ds, drawn = pairs(data)
    for criterion, _ in drawn:
        sub = ds.filter(criterion)
        kept = {record.id for record in sub}
        matching = chosen(ds, criterion)
        assert matching <= kept <= {record.id for record in ds}
        assert all(ds.get(i).kind in ("actor", "source") for i in kept - matching)
        assert kept == {record.id for record in sub.filter(criterion)}
        for record in sub:
            for actor, _ in actor_roles(record):
                assert (actor in ds) == (actor in sub)
            for span in getattr(record, "evidence", ()):
                assert span.exact == sub.text(span)
        assert (ds.version, None, ds.release.content_hash) == (
            sub.version,
            sub.content_hash,
            sub.release.content_hash,
        )
