"""Hypothesis strategies for records, their nested values and whole consistent datasets.

The strategies are derived from the models: field types, ``Literal`` vocabularies, patterns,
ranges and minimum lengths are read from the annotations of :mod:`conflictdata.models`, so a new
field or a changed constraint is generated without touching this module. On top of that, values
follow the rules the types cannot state: EDTF dates are real calendar days and intervals end after
they start, a ``When`` has the fields its ``basis`` calls for, a withdrawn record has a reason,
and a span's ``exact`` is as long as its offsets say. :func:`datasets` goes further and draws
source texts (with non-ASCII and astral characters: offsets count code points) and records whose
every reference resolves inside the dataset.

hypothesis is a test dependency: ``import conflictdata`` never imports this module. When
conflictdata is installed, hypothesis finds :func:`_hypothesis_setup_hook` through the
``hypothesis`` entry point, so ``st.from_type(Event)`` draws from :func:`events`.

>>> from hypothesis import given
>>> @given(events())
... def test_every_event_has_evidence(event):
...     assert event.evidence
>>> test_every_event_has_evidence()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import attrs
from hypothesis import strategies as st
from msgspec import Meta

from conflictdata import models
from conflictdata.dataset import Dataset
from conflictdata.models import (
    RECORD_CLASSES,
    Actor,
    Event,
    EventActor,
    Implication,
    Likelihood,
    Link,
    Location,
    Record,
    Resolution,
    Role,
    Source,
    Span,
    Statement,
    When,
)
from conflictdata.vocab import (
    EVENT_MODES,
    FACTUALITIES,
    ICD203_BANDS,
    RECORD_KINDS,
    STATEMENT_CUES,
    RecordKind,
)

__all__ = [
    "actors",
    "datasets",
    "edtf_dates",
    "event_actors",
    "events",
    "implications",
    "likelihoods",
    "links",
    "locations",
    "record_ids",
    "records",
    "resolutions",
    "roles",
    "sources",
    "spans",
    "statements",
    "texts",
    "whens",
]

T = TypeVar("T")
R = TypeVar("R", bound=Record)
SearchStrategy = st.SearchStrategy

#: Upper bound of generated tuples and free text, to keep examples small and tests fast.
_MAX_ITEMS = 3
_MAX_TEXT = 24
#: Pieces of source texts, on top of hypothesis' own choice of characters: accented Latin (one
#: that NFC composes), Cyrillic, CJK, right-to-left, astral letters and emoji, line breaks.
_TEXT_SAMPLES = (
    "Café",
    "e\u0301",
    "Київ",
    "中文",
    "عربي",
    "\U0001d518\U0001d52b",
    "\U0001f600",
    "\U0001f1fa\U0001f1e6",
    " ",
    "\n",
    ". ",
)
_QUALIFIERS = ("", "~", "?", "%")
_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}
_OFFSET_DAYS = 3650
_PLAIN_DAY = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _meta_of(tp: Any) -> Meta:
    """The merged msgspec constraints of an ``Annotated`` alias of the models."""
    merged: dict[str, Any] = {}
    for meta in typing.get_args(tp)[1:]:
        if isinstance(meta, Meta):
            merged.update(_constraints(meta))
    return Meta(**merged)


def _constraints(meta: Meta) -> dict[str, Any]:
    names = ("pattern", "min_length", "max_length", "ge", "le", "gt", "lt", "extra_json_schema")
    return {name: getattr(meta, name) for name in names if getattr(meta, name) is not None}


# ---------------------------------------------------------------------------------------------
# Values the annotations describe only in part


def texts(*, min_size: int = 1, max_size: int = 200) -> SearchStrategy[str]:
    """Source texts in Unicode NFC: any characters, mixed with non-ASCII and astral ones."""
    pieces = st.one_of(st.text(max_size=max_size), st.sampled_from(_TEXT_SAMPLES))
    return (
        st.lists(pieces, min_size=1, max_size=8)
        .map(lambda parts: unicodedata.normalize("NFC", "".join(parts))[:max_size])
        .filter(lambda text: min_size <= len(text))
    )


def _edtf_day(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _edtf_of(day: dt.date, precision: str) -> str:
    """``day`` written at ``precision``: day, month, year or season (the season holding it)."""
    if precision == "day":
        return _edtf_day(day)
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    for season, (first, last) in _SEASONS.items():
        if first <= day.month <= last or (first > last and (day.month >= first)):
            return f"{day.year:04d}-{season}"
    return f"{day.year - 1:04d}-24"  # January and February belong to the winter before


#: Days whose season, if winter, starts in the year before (year 1 has no such year).
_DAYS = st.dates(min_value=dt.date(2, 1, 1))


@st.composite
def _single_edtf(draw: st.DrawFn) -> str:
    day = draw(_DAYS)
    precision = draw(st.sampled_from(("day", "month", "year", "season")))
    return _edtf_of(day, precision) + draw(st.sampled_from(_QUALIFIERS))


@st.composite
def _interval_edtf(draw: st.DrawFn) -> str:
    first, last = sorted(draw(st.lists(_DAYS, min_size=2, max_size=2)))
    start, end = (
        _edtf_of(day, draw(st.sampled_from(("day", "month", "year", "season"))))
        + draw(st.sampled_from(_QUALIFIERS))
        for day in (first, last)
    )
    shape = draw(
        st.sampled_from(("closed", "open_end", "unknown_end", "open_start", "unknown_start"))
    )
    return {
        "closed": f"{start}/{end}",
        "open_end": f"{start}/..",
        "unknown_end": f"{start}/",
        "open_start": f"../{end}",
        "unknown_start": f"/{end}",
    }[shape]


def edtf_dates() -> SearchStrategy[str]:
    """EDTF level 0/1 dates and intervals of real calendar days: ``2024-11-21``, ``2024-11~``,
    ``2024-23`` (a season), ``2024-11/2024-12``, ``2024-11-21/..``; intervals end after they start."""
    return st.one_of(_single_edtf(), _interval_edtf())


def _urls() -> SearchStrategy[str]:
    """Absolute http(s) URIs, as the ``uri`` format asks for."""
    label = st.from_regex("[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
    segment = st.from_regex("[A-Za-z0-9._~-]{1,12}", fullmatch=True)
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{'.'.join(host)}/{'/'.join(path)}",
        st.sampled_from(("http", "https")),
        st.lists(label, min_size=2, max_size=3),
        st.lists(segment, max_size=3),
    )


#: Constraints that name a value with a meaning beyond its pattern, and how to draw such values.
_BY_PATTERN: dict[str, Callable[[], SearchStrategy[Any]]] = {
    str(_meta_of(models.EDTF).pattern): edtf_dates,
}
_BY_FORMAT: dict[str, Callable[[], SearchStrategy[Any]]] = {"uri": _urls}


# ---------------------------------------------------------------------------------------------
# Strategies derived from annotations


def _from_annotation(tp: Any) -> SearchStrategy[Any]:
    """Values of the annotated type ``tp`` that satisfy its msgspec constraints."""
    meta: dict[str, Any] = {}
    while typing.get_origin(tp) is typing.Annotated:
        for item in tp.__metadata__:
            if isinstance(item, Meta):
                meta = {**_constraints(item), **meta}  # the outer annotation wins
        tp = tp.__origin__
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return st.one_of(st.none(), *(_from_annotation(_annotate(arg, meta)) for arg in options))
    if origin is Literal:
        return st.sampled_from(typing.get_args(tp))
    if origin is tuple:
        item, _ = typing.get_args(tp)
        low = meta.get("min_length", 0)
        high = max(low, min(meta.get("max_length", _MAX_ITEMS), _MAX_ITEMS))
        return st.lists(_from_annotation(item), min_size=low, max_size=high).map(tuple)
    if attrs.has(tp):
        return _NESTED[tp]()
    if tp is str:
        return _strings(meta)
    if tp is int:
        return st.integers(
            min_value=meta.get("ge", meta["gt"] + 1 if "gt" in meta else None),
            max_value=meta.get("le", meta["lt"] - 1 if "lt" in meta else None),
        )
    if tp is float:
        return st.floats(
            min_value=meta.get("ge", meta.get("gt")),
            max_value=meta.get("le", meta.get("lt")),
            exclude_min="gt" in meta,
            exclude_max="lt" in meta,
            allow_nan=False,
            allow_infinity=False,
        )
    if tp is bool:
        return st.booleans()
    raise TypeError(f"no strategy for the annotation {tp!r}")


def _annotate(tp: Any, meta: Mapping[str, Any]) -> Any:
    return typing.Annotated[tp, Meta(**meta)] if meta else tp


def _strings(meta: Mapping[str, Any]) -> SearchStrategy[str]:
    low, high = meta.get("min_length", 0), meta.get("max_length")
    pattern = meta.get("pattern")
    fmt = meta.get("extra_json_schema", {}).get("format")
    if pattern in _BY_PATTERN:
        return _BY_PATTERN[pattern]()
    if fmt in _BY_FORMAT:
        return _BY_FORMAT[fmt]()
    if pattern is None:
        return st.text(min_size=low, max_size=max(low, min(high or _MAX_TEXT, _MAX_TEXT)))
    return st.from_regex(pattern, fullmatch=True).filter(
        lambda value: low <= len(value) <= (high if high is not None else len(value))
    )


_HINTS: dict[type, dict[str, Any]] = {}
_FIELDS: dict[tuple[type, str], SearchStrategy[Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
    return _HINTS[cls]


def _field(cls: type, name: str) -> SearchStrategy[Any]:
    """Values of one field of a model class, derived from its annotation (built once)."""
    if (cls, name) not in _FIELDS:
        _FIELDS[cls, name] = _from_annotation(_hints(cls)[name])
    return _FIELDS[cls, name]


def _build(cls: type[T], **overrides: Any) -> SearchStrategy[T]:
    """Instances of attrs class ``cls``: every field from its annotation unless overridden by a
    strategy or a fixed value."""
    fields = {
        field.name: _as_strategy(overrides.pop(field.name))
        if field.name in overrides
        else _field(cls, field.name)
        for field in attrs.fields(typing.cast(Any, cls))
    }
    if overrides:
        raise TypeError(f"{cls.__name__} has no fields {sorted(overrides)}")
    return st.builds(cls, **fields)


def _as_strategy(value: Any) -> SearchStrategy[Any]:
    return value if isinstance(value, SearchStrategy) else st.just(value)


# ---------------------------------------------------------------------------------------------
# References: free-standing, or resolving inside one dataset


@attrs.define
class _Scope:
    """What references may point to while one dataset is drawn."""

    texts: dict[str, str]
    ids: dict[RecordKind, list[str]]
    #: Records drawn so far whose date is one plain day: the anchors a derived date may use.
    days: dict[str, dt.date] = attrs.field(factory=dict)
    #: Source paths drawn so far, lower-cased: unique even on case-insensitive file systems.
    paths: set[str] = attrs.field(factory=set)


def record_ids(kind: RecordKind | None = None) -> SearchStrategy[str]:
    """Record ids, of one kind or of any kind, as the models' id patterns define them."""
    return _field(RECORD_CLASSES[kind] if kind else Record, "id")


def _ref(
    scope: _Scope | None, kinds: Sequence[RecordKind] = RECORD_KINDS, *, besides: str = ""
) -> SearchStrategy[str]:
    """Ids to refer to: any well-formed id of ``kinds``, or one of the scope's other than
    ``besides`` (nothing when the scope has none)."""
    if scope is None:
        return st.one_of(*(record_ids(kind) for kind in kinds))
    found = [i for kind in kinds for i in scope.ids[kind] if i != besides]
    return st.sampled_from(found) if found else st.nothing()


def _refs(
    scope: _Scope | None, kinds: Sequence[RecordKind] = RECORD_KINDS, *, besides: str = ""
) -> SearchStrategy[tuple[str, ...]]:
    strategy = _ref(scope, kinds, besides=besides)
    if strategy is st.nothing():
        return st.just(())
    return st.lists(strategy, max_size=_MAX_ITEMS, unique=True).map(tuple)


def _maybe(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


# ---------------------------------------------------------------------------------------------
# Nested values


@st.composite
def _span(draw: st.DrawFn, source: str | None, text: str | None) -> Span:
    source = source if source is not None else draw(_field(Span, "source"))
    if text is None:
        exact = draw(_field(Span, "exact"))
        start = draw(st.integers(min_value=0, max_value=10**6))
        end = start + len(exact)
    else:
        start, end = sorted(
            draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=2, unique=True))
        )
        exact = text[start:end]
    return draw(
        _build(
            Span,
            source=source,
            start=start,
            end=end,
            exact=exact,
        )
    )


def spans(*, source: str | None = None, text: str | None = None) -> SearchStrategy[Span]:
    """Evidence spans: ``end - start == len(exact)``; with ``text``, ``exact`` is
    ``text[start:end]`` (``text`` must then hold at least one character)."""
    if text is not None and not text:
        raise ValueError("a span needs a text of at least one character")
    return _span(source, text)


def _scoped_span(scope: _Scope | None) -> SearchStrategy[Span]:
    if scope is None:
        return spans()
    return st.sampled_from(sorted(scope.texts)).flatmap(
        lambda source: spans(source=source, text=scope.texts[source])
    )


def links() -> SearchStrategy[Link]:
    """Typed links to well-formed record ids."""
    return _build(Link, target=_ref(None))


_DATED_PRECISIONS = ("day", "month", "year", "week", "interval")
_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@st.composite
def _when_date(draw: st.DrawFn) -> tuple[str, str]:
    """An EDTF date for a When, and the precision that agrees with it."""
    shape = draw(st.sampled_from(_DATED_PRECISIONS))
    if shape in ("day", "month", "year"):
        return _edtf_of(draw(_DAYS), shape) + draw(st.sampled_from(_QUALIFIERS)), shape
    if shape == "week":
        first = draw(st.dates(max_value=dt.date.max - dt.timedelta(days=6)))
        return f"{_edtf_day(first)}/{_edtf_day(first + dt.timedelta(days=6))}", "week"
    days = sorted(draw(st.lists(_DAYS, min_size=2, max_size=2)))
    precisions = draw(st.lists(st.sampled_from(("day", "month", "year")), min_size=2, max_size=2))
    text = "/".join(_edtf_of(day, p) for day, p in zip(days, precisions, strict=True))
    return text, max(precisions, key=_RANK.__getitem__)


@st.composite
def _when(draw: st.DrawFn, scope: _Scope | None, owner: str) -> When:
    bases = typing.get_args(_hints(When)["basis"])
    if scope is not None and not set(scope.days) - {owner}:
        bases = tuple(basis for basis in bases if basis != "derived")
    basis = draw(st.sampled_from(bases))
    fields: dict[str, Any] = {
        "basis": basis,
        "anchor": None,
        "offset_days": None,
        "reference": None,
    }
    if basis == "unknown":
        fields.update(date=None, precision="unknown")
    elif basis == "derived":
        if scope is None:
            anchor, start = draw(_ref(None)), draw(st.dates())
        else:
            anchor = draw(st.sampled_from(sorted(set(scope.days) - {owner})))
            start = scope.days[anchor]
        low = max(-_OFFSET_DAYS, (dt.date.min - start).days)
        high = min(_OFFSET_DAYS, (dt.date.max - start).days)
        offset = draw(st.integers(low, high))
        day = start + dt.timedelta(days=offset)
        fields.update(
            date=_edtf_day(day),
            precision="day",
            anchor=anchor,
            offset_days=offset,
        )
    else:
        date, precision = draw(_when_date())
        fields.update(date=date, precision=precision)
        if basis == "external":
            fields["reference"] = _field(When, "reference").filter(bool)
    when = draw(_build(When, **fields))
    if scope is not None and when.date and _PLAIN_DAY.fullmatch(when.date):
        scope.days[owner] = dt.date.fromisoformat(when.date)
    return when


def whens() -> SearchStrategy[When]:
    """Dates with the fields their basis calls for: ``unknown`` has no date, ``derived`` an
    anchor and an offset, ``external`` a reference; the precision agrees with the date."""
    return _when(None, "")


def locations() -> SearchStrategy[Location]:
    """Places with a name and, optionally, country, region and coordinates in range."""
    return _build(Location)


@st.composite
def _role(draw: st.DrawFn) -> Role:
    dates = draw(st.lists(_DAYS, min_size=2, max_size=2).map(sorted))
    ends = [draw(_maybe(st.just(_edtf_of(day, "day")))) for day in dates]
    return draw(_build(Role, start=ends[0], end=ends[1]))


def roles() -> SearchStrategy[Role]:
    """Positions held, with a start no later than the end when both are known."""
    return _role()


def event_actors() -> SearchStrategy[EventActor]:
    """Actors of an event with their roles."""
    return _build(EventActor, actor=_ref(None, ("actor",)))


@st.composite
def _likelihood(draw: st.DrawFn) -> Likelihood:
    scale = draw(_field(Likelihood, "scale"))
    if scale == "ICD-203":
        value = draw(st.sampled_from(sorted(ICD203_BANDS)))
        low, high = ICD203_BANDS[value]
        return draw(
            _build(
                Likelihood,
                scale=scale,
                value=value,
                low=low,
                high=high,
            )
        )
    factbank = draw(st.sampled_from(FACTUALITIES)) if scale == "FactBank" else None
    return draw(
        _build(
            Likelihood,
            scale=scale,
            value=factbank,
            low=None,
            high=None,
        )
    )


def likelihoods() -> SearchStrategy[Likelihood]:
    """Likelihoods: unquantified FactBank values (no numbers), ICD 203 expressions with their
    band, or nothing but the hedge as written."""
    return _likelihood()


@st.composite
def _resolution(draw: st.DrawFn) -> Resolution:
    status = draw(_field(Resolution, "status"))
    if status == "open":
        return Resolution()
    return draw(
        _build(
            Resolution,
            status=status,
            as_of=_single_edtf(),
            references=_field(Resolution, "references").filter(bool),
        )
    )


def resolutions() -> SearchStrategy[Resolution]:
    """Resolutions: open, or settled as of a date with at least one reference."""
    return _resolution()


_NESTED: dict[type, Callable[[], SearchStrategy[Any]]] = {
    Span: spans,
    Link: links,
    When: whens,
    Location: locations,
    Role: roles,
    EventActor: event_actors,
    Likelihood: likelihoods,
    Resolution: resolutions,
}


# ---------------------------------------------------------------------------------------------
# Records


def _tuples(
    cls: type, name: str, item: SearchStrategy[Any] | None = None, **unique: Any
) -> SearchStrategy[Any]:
    """Tuples for field ``name`` of ``cls``, as long as the field asks, of ``item``s (by
    default, drawn from the annotation of the field's items)."""
    tp = _hints(cls)[name]
    low = 0
    while typing.get_origin(tp) is typing.Annotated:
        low = max(low, int(_meta_of(tp).min_length or 0))
        tp = tp.__origin__
    if item is None:
        item = _from_annotation(typing.get_args(tp)[0])
    return st.lists(item, min_size=low, max_size=max(low, _MAX_ITEMS), **unique).map(tuple)


def _tuples_of(
    cls: type, name: str, item: type, ref_field: str, ref: SearchStrategy[str]
) -> SearchStrategy[Any]:
    """Tuples for field ``name`` of ``cls``: ``item``s whose ``ref_field`` is drawn from ``ref``,
    one item a reference at most; empty when there is nothing to refer to."""
    if ref is st.nothing():
        return st.just(())
    return _tuples(
        cls,
        name,
        _build(item, **{ref_field: ref}),
        unique_by=operator.attrgetter(ref_field),
    )


Fields = Callable[[st.DrawFn, str], dict[str, Any]]


def _no_fields(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
    return {}


@st.composite
def _record(
    draw: st.DrawFn,
    cls: type[R],
    scope: _Scope | None,
    record_id: str | None,
    fields: Fields = _no_fields,
) -> R:
    """A record of ``cls``: the shared fields here, the kind's own from ``fields(draw, id)``."""
    record_id = record_id or draw(_field(cls, "id"))
    withdrawn = draw(_field(cls, "status")) == "withdrawn"
    shared = {
        "id": record_id,
        "status": "withdrawn" if withdrawn else "active",
        "withdrawn_reason": _present(cls, "withdrawn_reason") if withdrawn else None,
        "superseded_by": (
            _maybe(_ref(scope, (cls.kind,), besides=record_id)) if withdrawn else None
        ),
        "links": _tuples_of(cls, "links", Link, "target", _ref(scope, besides=record_id)),
    }
    if "evidence" in _hints(cls):
        shared["evidence"] = _tuples(cls, "evidence", _scoped_span(scope))
    return draw(_build(cls, **shared, **fields(draw, record_id)))


def _present(cls: type, name: str) -> SearchStrategy[Any]:
    """Values of an optional field, never None."""
    return _field(cls, name).filter(lambda value: value is not None)


def _source(scope: _Scope | None, record_id: str | None = None) -> SearchStrategy[Source]:
    def fields(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
        text = scope.texts[record_id] if scope else draw(texts())
        if scope is None:
            path = draw(_field(Source, "path"))
        else:
            path = draw(_field(Source, "path").filter(lambda p: p.lower() not in scope.paths))
            scope.paths.add(path.lower())
        return {
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "path": path,
            "published": _when(scope, record_id),
        }

    return _record(Source, scope, record_id, fields)


def sources(*, text: str | None = None) -> SearchStrategy[Source]:
    """Sources whose ``sha256`` is that of the UTF-8 NFC ``text``, or of a drawn text."""
    if text is None:
        return _source(None)
    nfc = unicodedata.normalize("NFC", text)
    return record_ids("source").flatmap(
        lambda record_id: _source(_Scope({record_id: nfc}, _no_ids()), record_id)
    )


def _no_ids() -> dict[RecordKind, list[str]]:
    return {kind: [] for kind in RECORD_KINDS}


def _actor(scope: _Scope | None, record_id: str | None = None) -> SearchStrategy[Actor]:
    return _record(Actor, scope, record_id)


def actors() -> SearchStrategy[Actor]:
    """Actors of every type, with aliases and roles."""
    return _actor(None)


def _event(scope: _Scope | None, record_id: str | None = None) -> SearchStrategy[Event]:
    def fields(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
        event_type = draw(_field(Event, "type"))
        modes = EVENT_MODES[event_type]
        return {
            "type": event_type,
            "mode": _maybe(st.sampled_from(modes)) if modes else None,
            "context": _tuples(Event, "context", unique=True),
            "actors": _tuples_of(Event, "actors", EventActor, "actor", _ref(scope, ("actor",))),
            "when": _when(scope, record_id),
        }

    return _record(Event, scope, record_id, fields)


def events() -> SearchStrategy[Event]:
    """Events: a PLOVER type with one of its modes, contexts, actors, date, place, evidence."""
    return _event(None)


def _statement(scope: _Scope | None, record_id: str | None = None) -> SearchStrategy[Statement]:
    def fields(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
        attribution = draw(_field(Statement, "attribution"))
        speaker = None
        if attribution in ("direct", "reported"):
            speaker = draw(_maybe(_ref(scope, ("actor",))))
        return {
            "attribution": attribution,
            "speaker": speaker,
            "speaker_text": None if speaker else _field(Statement, "speaker_text"),
            "cue": st.one_of(st.sampled_from(STATEMENT_CUES), _field(Statement, "cue")),
            "about": _refs(scope, besides=record_id),
            "when": _when(scope, record_id),
        }

    return _record(Statement, scope, record_id, fields)


def statements() -> SearchStrategy[Statement]:
    """Statements: a speaker (an actor, or as written), attribution, cue, speech act, what they
    are about, date and evidence."""
    return _statement(None)


def _implication(scope: _Scope | None, record_id: str | None = None) -> SearchStrategy[Implication]:
    def fields(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
        holder = draw(_maybe(_ref(scope, ("actor",))))
        return {
            "holder": holder,
            "holder_text": None if holder else _field(Implication, "holder_text"),
            "drivers": _refs(scope, besides=record_id),
            "affects": _refs(scope, ("actor",)),
        }

    return _record(Implication, scope, record_id, fields)


def implications() -> SearchStrategy[Implication]:
    """Implications: a proposition, its holder, hedge, likelihood, condition, horizon,
    drivers, affected actors and resolution."""
    return _implication(None)


_BUILDERS: dict[RecordKind, Callable[[_Scope | None, str | None], SearchStrategy[Any]]] = {
    "source": _source,
    "actor": _actor,
    "event": _event,
    "statement": _statement,
    "implication": _implication,
}


def records(kind: RecordKind | None = None) -> SearchStrategy[Record]:
    """Records of one kind, or of any kind."""
    kinds = [kind] if kind else list(RECORD_KINDS)
    return st.one_of(*(_BUILDERS[k](None, None) for k in kinds))


# ---------------------------------------------------------------------------------------------
# Datasets


@st.composite
def _dataset(draw: st.DrawFn, max_sources: int, max_per_kind: int) -> Dataset:
    ids = _no_ids()
    for kind in RECORD_KINDS:
        low, high = (1, max(1, max_sources)) if kind == "source" else (0, max_per_kind)
        ids[kind] = draw(st.lists(record_ids(kind), min_size=low, max_size=high, unique=True))
    scope = _Scope({source: draw(texts()) for source in ids["source"]}, ids)
    drawn = [draw(_BUILDERS[kind](scope, i)) for kind in RECORD_KINDS for i in ids[kind]]
    return Dataset(drawn, texts=scope.texts)


def datasets(*, max_sources: int = 3, max_per_kind: int = 4) -> SearchStrategy[Dataset]:
    """Consistent datasets: one to ``max_sources`` sources with drawn texts (and their
    ``sha256``), up to ``max_per_kind`` records of every other kind; every span quotes its
    source, every reference (links, anchors, about, drivers, affects, holders, speakers, event
    actors, superseded_by) names a record of the dataset, derived dates agree with their anchors."""
    return _dataset(max_sources, max_per_kind)


# ---------------------------------------------------------------------------------------------
# Registration with hypothesis


def _hypothesis_setup_hook() -> None:
    """Register the strategies for :func:`hypothesis.strategies.from_type`.

    hypothesis calls this through the ``hypothesis`` entry point when it is imported; the
    strategies are deferred, so nothing is built until one is drawn from.
    """
    by_type: dict[type, Callable[[], SearchStrategy[Any]]] = {
        **_NESTED,
        Source: sources,
        Actor: actors,
        Event: events,
        Statement: statements,
        Implication: implications,
        Record: records,
        Dataset: datasets,
    }
    for cls, strategy in by_type.items():
        st.register_type_strategy(cls, st.deferred(strategy))
