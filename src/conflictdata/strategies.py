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
conflictdata is installed, hypothesis runs its hook through the ``hypothesis`` entry point, so
``st.from_type(Event)`` draws from :func:`events`.

>>> from hypothesis import given
>>> from conflictdata.strategies import events
>>> @given(events())
... def test_every_event_rests_on_something(event):
...     assert event.evidence or event.rows
>>> test_every_event_rests_on_something()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import math
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import attrs
import msgspec
from hypothesis import strategies as st
from msgspec import Meta

from conflictdata import models
from conflictdata._codec import encode_record
from conflictdata._dates import SEASONS
from conflictdata._introspect import constraints, unwrap
from conflictdata._introspect import fields as model_fields
from conflictdata._pointer import json_pointer, steps_of
from conflictdata._schema import load_schema
from conflictdata.dataset import Dataset
from conflictdata.models import (
    RECORD_CLASSES,
    SOURCE_TEXT_DIR,
    Actor,
    Event,
    EventActor,
    Fatalities,
    Implication,
    Likelihood,
    Link,
    Location,
    Record,
    Resolution,
    Role,
    RowRef,
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
    "Mutation",
    "actors",
    "datasets",
    "edtf_dates",
    "event_actors",
    "events",
    "fatalities",
    "implications",
    "likelihoods",
    "links",
    "locations",
    "mutations",
    "record_ids",
    "records",
    "resolutions",
    "roles",
    "row_refs",
    "schema_instances",
    "sources",
    "spans",
    "statements",
    "texts",
    "whens",
]

#: The standard library's regular expression parser (private, as hypothesis also uses it).
re_parser: Any = importlib.import_module("re._parser")
re_constants: Any = importlib.import_module("re._constants")
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
_OFFSET_DAYS = 3650
_PLAIN_DAY = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _strip(tp: Any) -> tuple[Any, dict[str, Any]]:
    """``tp`` without its ``Annotated`` layers, and the constraints they state."""
    return unwrap(tp)[0], constraints(tp)


# ---------------------------------------------------------------------------------------------
# Values the annotations describe only in part


def texts(*, min_size: int = 1, max_size: int = 200) -> SearchStrategy[str]:
    """Source texts in Unicode NFC: any characters, mixed with non-ASCII and astral ones."""
    pieces = st.one_of(st.text(min_size=1, max_size=max_size), st.sampled_from(_TEXT_SAMPLES))
    return (
        st.lists(pieces, min_size=1, max_size=8)
        .map(lambda parts: _nfc("".join(parts))[:max_size])
        .map(_nfc)  # a cut may split what NFC composes
        .filter(lambda text: min_size <= len(text) <= max_size)
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
    for season, (first, last) in SEASONS.items():
        if first <= day.month <= last:
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
    label = _regex("[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?")
    segment = _regex("[A-Za-z0-9._~-]{1,12}")
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{'.'.join(host)}/{'/'.join(path)}",
        st.sampled_from(("http", "https")),
        st.lists(label, min_size=2, max_size=3),
        st.lists(segment, max_size=3),
    )


#: Constraints that name a value with a meaning beyond its pattern, and how to draw such values.
_BY_PATTERN: dict[str, Callable[[], SearchStrategy[Any]]] = {
    _strip(models.EDTF)[1]["pattern"]: edtf_dates,
}
_BY_FORMAT: dict[str, Callable[[], SearchStrategy[Any]]] = {"uri": _urls}


# ---------------------------------------------------------------------------------------------
# Strategies derived from annotations


def _from_annotation(tp: Any, *, optional: bool = True) -> SearchStrategy[Any]:
    """Values of the annotated type ``tp`` that satisfy its msgspec constraints; with
    ``optional`` false, never None."""
    tp, meta = _strip(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [_annotate(arg, meta) for arg in typing.get_args(tp) if arg is not type(None)]
        none = [st.none()] if optional else []
        return st.one_of(*none, *(_from_annotation(arg) for arg in options))
    if origin is Literal:
        return st.sampled_from(typing.get_args(tp))
    if origin is tuple:
        item, _ = typing.get_args(tp)
        low = meta.get("min_length", 0)
        high = max(low, min(meta.get("max_length", _MAX_ITEMS), _MAX_ITEMS))
        return st.lists(_from_annotation(item), min_size=low, max_size=high).map(tuple)
    if attrs.has(tp):
        return st.deferred(_NESTED[tp])
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
    """``tp`` annotated with the constraints ``meta`` (as :func:`_strip` gives them)."""
    if not meta:
        return tp
    kept = {name: value for name, value in meta.items() if name != "format"}
    extra = {"format": meta["format"]} if "format" in meta else None
    return typing.Annotated[tp, Meta(**kept, extra_json_schema=extra)]


def _strings(meta: Mapping[str, Any]) -> SearchStrategy[str]:
    low, high = meta.get("min_length", 0), meta.get("max_length")
    pattern = meta.get("pattern")
    fmt = meta.get("format")
    if pattern in _BY_PATTERN:
        return _BY_PATTERN[pattern]()
    if fmt in _BY_FORMAT:
        return _BY_FORMAT[fmt]()
    return _plain_strings(pattern, low, high)


def _plain_strings(pattern: str | None, low: int, high: int | None) -> SearchStrategy[str]:
    """Strings that match ``pattern`` (if any), ``low`` to ``high`` characters long."""
    if pattern is None:
        return st.text(min_size=low, max_size=max(low, min(high or _MAX_TEXT, _MAX_TEXT)))
    return _regex(pattern).filter(
        lambda value: low <= len(value) <= (high if high is not None else len(value))
    )


def _regex(pattern: str) -> SearchStrategy[str]:
    """Strings that fully match ``pattern``.

    The plain patterns of the models (literals, classes, groups, alternatives, repeats, anchors)
    are turned into a few whole-string draws, many times faster than
    :func:`hypothesis.strategies.from_regex`, which draws character by character and is used
    for anything else.
    """
    compiled = re.compile(pattern)
    try:
        strategy = _from_parsed(re_parser.parse(pattern))
    except _Unsupported:
        return st.from_regex(pattern, fullmatch=True)
    return strategy.filter(compiled.fullmatch)  # a safeguard that never rejects


class _Unsupported(Exception):
    """A regular expression construct :func:`_regex` does not translate."""


def _from_parsed(items: Any) -> SearchStrategy[str]:
    parts: list[SearchStrategy[str]] = []
    for op, arg in items:
        if op is re_constants.AT and arg in (re_constants.AT_BEGINNING, re_constants.AT_END):
            continue
        if op is re_constants.LITERAL:
            parts.append(st.just(chr(arg)))
        elif op is re_constants.IN:
            parts.append(st.sampled_from(_alphabet(arg)))
        elif op is re_constants.SUBPATTERN:
            parts.append(_from_parsed(arg[-1]))
        elif op is re_constants.BRANCH:
            parts.append(st.one_of(*(_from_parsed(branch) for branch in arg[1])))
        elif op is re_constants.MAX_REPEAT:
            low, high, repeated = arg
            high = low + _MAX_ITEMS * 4 if high == re_constants.MAXREPEAT else high
            if len(repeated) == 1 and repeated[0][0] is re_constants.IN:
                alphabet = _alphabet(repeated[0][1])
                parts.append(st.text(alphabet=alphabet, min_size=low, max_size=high))
            else:
                piece = _from_parsed(repeated)
                parts.append(
                    st.lists(piece, min_size=low, max_size=min(high, _MAX_ITEMS)).map("".join)
                )
        else:
            raise _Unsupported(op)
    return st.tuples(*parts).map("".join)


def _alphabet(items: Any) -> str:
    chars: list[str] = []
    for op, arg in items:
        if op is re_constants.LITERAL:
            chars.append(chr(arg))
        elif op is re_constants.RANGE:
            chars.extend(chr(code) for code in range(arg[0], arg[1] + 1))
        else:
            raise _Unsupported(op)
    return "".join(sorted(set(chars)))


_FIELDS: dict[tuple[type, str, bool], SearchStrategy[Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    return {field.name: field.annotation for field in model_fields(cls)}


def _field(cls: type, name: str, *, present: bool = False) -> SearchStrategy[Any]:
    """Values of one field of a model class, derived from its annotation (built once); with
    ``present``, never None."""
    key = (cls, name, present)
    if key not in _FIELDS:
        _FIELDS[key] = _from_annotation(_hints(cls)[name], optional=not present)
    return _FIELDS[key]


def _instance(draw: st.DrawFn, cls: type[T], /, **fixed: Any) -> T:
    """An instance of attrs class ``cls``: every field drawn from its annotation, unless
    ``fixed`` gives a value or a strategy for it."""
    values: dict[str, Any] = {}
    for field in attrs.fields(typing.cast(Any, cls)):
        value = fixed.pop(field.name) if field.name in fixed else _field(cls, field.name)
        values[field.name] = draw(value) if isinstance(value, SearchStrategy) else value
    if fixed:
        raise TypeError(f"{cls.__name__} has no fields {sorted(fixed)}")
    return cls(**values)


def _tuple(
    draw: st.DrawFn,
    item: Callable[[], T],
    *,
    low: int = 0,
    key: Callable[[T], object] | None = None,
) -> tuple[T, ...]:
    """``low`` to ``max(low, _MAX_ITEMS)`` items made by ``item()``, unique by ``key``."""
    items: list[T] = []
    for _ in range(draw(st.integers(low, max(low, _MAX_ITEMS)))):
        new = item()
        if key is None or all(key(new) != key(old) for old in items):
            items.append(new)
    return tuple(items)


def _bare(cls: type, name: str) -> tuple[Any, dict[str, Any]]:
    """The type of field ``name`` of ``cls`` without ``Annotated``, and its constraints."""
    return _strip(_hints(cls)[name])


@st.composite
def _drawn(draw: st.DrawFn, make: Callable[..., T], *args: Any) -> T:
    """The strategy of values ``make(draw, *args)``."""
    return make(draw, *args)


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
    #: The ids of the withdrawn records, decided before any record is drawn.
    withdrawn: frozenset[str] = frozenset()
    #: Whether the record being drawn is active: an active record rests on active ones only.
    active: bool = True

    def usable(self, ids: typing.Iterable[str]) -> list[str]:
        """Those of ``ids`` the record being drawn may refer to."""
        return [i for i in ids if not self.active or i not in self.withdrawn]


def _no_ids() -> dict[RecordKind, list[str]]:
    return {kind: [] for kind in RECORD_KINDS}


def record_ids(kind: RecordKind | None = None) -> SearchStrategy[str]:
    """Record ids, of one kind or of any kind, as the models' id patterns define them."""
    return _field(RECORD_CLASSES[kind] if kind else Record, "id")


def _ref(
    draw: st.DrawFn,
    scope: _Scope | None,
    kinds: Sequence[RecordKind] = RECORD_KINDS,
    *,
    besides: str = "",
) -> str | None:
    """An id to refer to: any well-formed id of ``kinds``, or one of the scope's other than
    ``besides`` (None when the scope has none)."""
    if scope is None:
        return draw(record_ids(draw(st.sampled_from(kinds))))
    found = scope.usable(i for kind in kinds for i in scope.ids[kind] if i != besides)
    return draw(st.sampled_from(found)) if found else None


def _refs(
    draw: st.DrawFn,
    scope: _Scope | None,
    kinds: Sequence[RecordKind] = RECORD_KINDS,
    *,
    besides: str = "",
) -> tuple[str, ...]:
    ids = _tuple(draw, lambda: _ref(draw, scope, kinds, besides=besides), key=lambda i: i)
    return tuple(i for i in ids if i is not None)


def _maybe(draw: st.DrawFn, make: Callable[[], T]) -> T | None:
    return make() if draw(st.booleans()) else None


# ---------------------------------------------------------------------------------------------
# Nested values


def _span(draw: st.DrawFn, source: str | None, text: str | None) -> Span:
    if text is None:
        exact = draw(_field(Span, "exact"))
        start = draw(st.integers(min_value=0, max_value=10**6))
        end = start + len(exact)
    else:
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        exact = text[start:end]
    source_id = _field(Span, "source") if source is None else source
    return _instance(draw, Span, source=source_id, start=start, end=end, exact=exact)


def spans(*, source: str | None = None, text: str | None = None) -> SearchStrategy[Span]:
    """Evidence spans: ``end - start == len(exact)``; with ``text``, ``exact`` is
    ``text[start:end]`` (``text`` must then hold at least one character)."""
    if text is not None and not text:
        raise ValueError("a span needs a text of at least one character")
    return _drawn(_span, source, text)


@st.composite
def _fatalities(draw: st.DrawFn) -> Fatalities:
    best = draw(st.integers(0, 10_000))
    low = draw(st.none() | st.integers(0, best))
    high = draw(st.none() | st.integers(best, 20_000))
    return Fatalities(best=best, low=low, high=high)


def fatalities() -> SearchStrategy[Fatalities]:
    """Deaths: a best estimate, and bounds (when given) on either side of it."""
    return _fatalities()


def row_refs() -> SearchStrategy[RowRef]:
    """Row references: a source id, an RFC 7111 row number and an upstream record id."""
    return _drawn(_instance, RowRef)


def _scoped_span(draw: st.DrawFn, scope: _Scope | None) -> Span:
    if scope is None:
        return _span(draw, None, None)
    source = draw(st.sampled_from(scope.usable(sorted(scope.texts))))
    return _span(draw, source, scope.texts[source])


def _link(draw: st.DrawFn, scope: _Scope | None, besides: str) -> Link | None:
    target = _ref(draw, scope, besides=besides)
    return None if target is None else _instance(draw, Link, target=target)


def links() -> SearchStrategy[Link]:
    """Typed links to well-formed record ids."""
    return typing.cast(SearchStrategy[Link], _drawn(_link, None, ""))  # never None unscoped


_DATED_SHAPES = ("day", "month", "year", "week", "interval")
_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _when_date(draw: st.DrawFn) -> tuple[str, str]:
    """An EDTF date for a When, and the precision that agrees with it."""
    shape = draw(st.sampled_from(_DATED_SHAPES))
    if shape in ("day", "month", "year"):
        return _edtf_of(draw(_DAYS), shape) + draw(st.sampled_from(_QUALIFIERS)), shape
    if shape == "week":
        first = draw(st.dates(max_value=dt.date.max - dt.timedelta(days=6)))
        return f"{_edtf_day(first)}/{_edtf_day(first + dt.timedelta(days=6))}", "week"
    days = sorted(draw(_DAYS) for _ in range(2))
    precisions = [draw(st.sampled_from(("day", "month", "year"))) for _ in days]
    text = "/".join(_edtf_of(day, p) for day, p in zip(days, precisions, strict=True))
    return text, max(precisions, key=_RANK.__getitem__)


def _when(draw: st.DrawFn, scope: _Scope | None, owner: str) -> When:
    bases: tuple[str, ...] = typing.get_args(_bare(When, "basis")[0])
    anchors = scope.usable(sorted(set(scope.days) - {owner})) if scope is not None else []
    if scope is not None and not anchors:
        bases = tuple(basis for basis in bases if basis != "derived")
    basis = draw(st.sampled_from(bases))
    fields: dict[str, Any] = {"basis": basis, "anchor": None, "offset_days": None}
    fields["reference"] = _field(When, "reference", present=True) if basis == "external" else None
    if basis == "unknown":
        fields.update(date=None, precision="unknown")
    elif basis == "derived":
        if scope is None:
            anchor, start = _ref(draw, None), draw(st.dates())
        else:
            anchor = draw(st.sampled_from(anchors))
            start = scope.days[anchor]
        low = max(-_OFFSET_DAYS, (dt.date.min - start).days)
        high = min(_OFFSET_DAYS, (dt.date.max - start).days)
        offset = draw(st.integers(low, high))
        day = start + dt.timedelta(days=offset)
        fields.update(date=_edtf_day(day), precision="day", anchor=anchor, offset_days=offset)
    else:
        fields["date"], fields["precision"] = _when_date(draw)
    when = _instance(draw, When, **fields)
    if scope is not None and when.date and _PLAIN_DAY.fullmatch(when.date):
        scope.days[owner] = dt.date.fromisoformat(when.date)
    return when


def whens() -> SearchStrategy[When]:
    """Dates with the fields their basis calls for: ``unknown`` has no date, ``derived`` an
    anchor and an offset, ``external`` a reference; the precision agrees with the date."""
    return _drawn(_when, None, "")


def locations() -> SearchStrategy[Location]:
    """Places with a name and, optionally, country, region and coordinates in range."""
    return _drawn(_instance, Location)


def _role(draw: st.DrawFn) -> Role:
    start, end = sorted(draw(_DAYS) for _ in range(2))
    return _instance(
        draw,
        Role,
        start=_maybe(draw, lambda: _edtf_day(start)),
        end=_maybe(draw, lambda: _edtf_day(end)),
    )


def roles() -> SearchStrategy[Role]:
    """Positions held, with a start no later than the end when both are known."""
    return _drawn(_role)


def _event_actor(draw: st.DrawFn, scope: _Scope | None) -> EventActor | None:
    actor = _ref(draw, scope, ("actor",))
    return None if actor is None else _instance(draw, EventActor, actor=actor)


def event_actors() -> SearchStrategy[EventActor]:
    """Actors of an event with their roles."""
    return typing.cast(SearchStrategy[EventActor], _drawn(_event_actor, None))  # never None


def _likelihood(draw: st.DrawFn) -> Likelihood:
    scale = draw(_field(Likelihood, "scale"))
    if scale == "ICD-203":
        value = draw(st.sampled_from(sorted(ICD203_BANDS)))
        low, high = ICD203_BANDS[value]
        return _instance(draw, Likelihood, scale=scale, value=value, low=low, high=high)
    factuality = draw(st.sampled_from(FACTUALITIES)) if scale == "FactBank" else None
    return _instance(draw, Likelihood, scale=scale, value=factuality, low=None, high=None)


def likelihoods() -> SearchStrategy[Likelihood]:
    """Likelihoods: unquantified FactBank values (no numbers), ICD 203 expressions with their
    band, or nothing but the hedge as written."""
    return _drawn(_likelihood)


def _resolution(draw: st.DrawFn) -> Resolution:
    status = draw(_field(Resolution, "status"))
    if status == "open":
        return Resolution()
    item = _from_annotation(typing.get_args(_bare(Resolution, "references")[0])[0])
    references = _tuple(draw, lambda: draw(item), low=1)
    return _instance(draw, Resolution, status=status, as_of=_single_edtf(), references=references)


def resolutions() -> SearchStrategy[Resolution]:
    """Resolutions: open, or settled as of a date with at least one reference."""
    return _drawn(_resolution)


#: The strategy of each nested value class, used where a field's annotation names the class.
_NESTED: dict[type, Callable[[], SearchStrategy[Any]]] = {
    Span: spans,
    RowRef: row_refs,
    Fatalities: fatalities,
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


def _record(draw: st.DrawFn, kind: RecordKind, scope: _Scope | None, record_id: str | None) -> Any:
    """A record of ``kind``: the shared fields and the lists of ids here, the kind's own from
    ``_OWN_FIELDS``."""
    cls = RECORD_CLASSES[kind]
    record_id = record_id or draw(_field(cls, "id"))
    if scope is None:
        withdrawn = draw(_field(cls, "status")) == "withdrawn"
    else:
        withdrawn = record_id in scope.withdrawn
        scope.active = not withdrawn
    shared: dict[str, Any] = {
        "id": record_id,
        "status": "withdrawn" if withdrawn else "active",
        "withdrawn_reason": None,
        "superseded_by": None,
        "links": _items(_tuple(draw, lambda: _link(draw, scope, record_id))),
    }
    if withdrawn:
        shared["withdrawn_reason"] = _field(cls, "withdrawn_reason", present=True)
        shared["superseded_by"] = _maybe(
            draw, lambda: _ref(draw, scope, (kind,), besides=record_id)
        )
    # Every kind has evidence; the kinds with a requirement need at least one span or row.
    # Rows name dataset sources, which consistent datasets (a scope) do not have.
    shared["rows"] = () if scope is not None else _tuple(draw, lambda: draw(row_refs()))
    shared["evidence"] = _tuple(
        draw,
        lambda: _scoped_span(draw, scope),
        low=int(cls.requirement is not None and not shared["rows"]),
    )
    # Fields that list ids of other records (drivers, about, affects) name records in scope.
    for field in cls.id_fields:
        if field.many and field.item is None:
            kinds = (field.kind,) if field.kind else RECORD_KINDS
            shared[field.name] = _refs(draw, scope, kinds, besides=record_id)
    return _instance(draw, cls, **shared, **_OWN_FIELDS[kind](draw, scope, record_id))


def _items(values: tuple[T | None, ...]) -> tuple[T, ...]:
    return tuple(value for value in values if value is not None)


def _source_fields(draw: st.DrawFn, scope: _Scope | None, record_id: str) -> dict[str, Any]:
    text = scope.texts[record_id] if scope is not None else draw(texts())
    path = draw(_field(Source, "path"))
    if scope is not None:  # a text of the dataset, at a path no other text has
        while path.lower() in scope.paths or not path.startswith(f"{SOURCE_TEXT_DIR}/"):
            path = draw(_field(Source, "path"))
        scope.paths.add(path.lower())
    return {
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "path": path,
        "published": _when(draw, scope, record_id),
    }


def _actor_fields(draw: st.DrawFn, scope: _Scope | None, record_id: str) -> dict[str, Any]:
    return {}


def _event_fields(draw: st.DrawFn, scope: _Scope | None, record_id: str) -> dict[str, Any]:
    event_type = draw(_field(Event, "type"))
    modes = EVENT_MODES[event_type]
    contexts = _field(Event, "context").map(lambda values: tuple(dict.fromkeys(values)))
    actors = _tuple(draw, lambda: _event_actor(draw, scope), key=_actor_of)
    return {
        "type": event_type,
        "mode": _maybe(draw, lambda: draw(st.sampled_from(modes))) if modes else None,
        "context": contexts,
        "actors": _items(actors),
        "when": _when(draw, scope, record_id),
    }


def _actor_of(value: EventActor | None) -> str | None:
    return value.actor if value else None


def _statement_fields(draw: st.DrawFn, scope: _Scope | None, record_id: str) -> dict[str, Any]:
    attribution = draw(_field(Statement, "attribution"))
    speaker = None
    if attribution in ("direct", "reported") and draw(st.booleans()):
        speaker = _ref(draw, scope, ("actor",))
    return {
        "attribution": attribution,
        "speaker": speaker,
        "speaker_text": None if speaker else _field(Statement, "speaker_text", present=True),
        "cue": st.one_of(st.sampled_from(STATEMENT_CUES), _field(Statement, "cue")),
        "when": _when(draw, scope, record_id),
    }


def _implication_fields(draw: st.DrawFn, scope: _Scope | None, record_id: str) -> dict[str, Any]:
    holder = _ref(draw, scope, ("actor",)) if draw(st.booleans()) else None
    return {
        "holder": holder,
        "holder_text": None if holder else _field(Implication, "holder_text", present=True),
    }


_OWN_FIELDS: dict[RecordKind, Callable[[st.DrawFn, _Scope | None, str], dict[str, Any]]] = {
    "source": _source_fields,
    "actor": _actor_fields,
    "event": _event_fields,
    "statement": _statement_fields,
    "implication": _implication_fields,
}


def _source_of(draw: st.DrawFn, text: str) -> Source:
    record_id = draw(record_ids("source"))
    withdrawn = draw(_field(Source, "status")) == "withdrawn"
    scope = _Scope(
        {record_id: unicodedata.normalize("NFC", text)},
        _no_ids(),
        withdrawn=frozenset({record_id} if withdrawn else ()),
    )
    return typing.cast(Source, _record(draw, "source", scope, record_id))


def sources(*, text: str | None = None) -> SearchStrategy[Source]:
    """Sources whose ``sha256`` is that of the UTF-8 NFC ``text``, or of a drawn text."""
    if text is None:
        return _drawn(_record, "source", None, None)
    return _drawn(_source_of, text)


def actors() -> SearchStrategy[Actor]:
    """Actors of every type, with aliases and roles."""
    return _drawn(_record, "actor", None, None)


def events() -> SearchStrategy[Event]:
    """Events: a PLOVER type with one of its modes, contexts, actors, date, place, evidence."""
    return _drawn(_record, "event", None, None)


def statements() -> SearchStrategy[Statement]:
    """Statements: a speaker (an actor id or, exclusively, as written), attribution, cue,
    speech act, what they are about, date and evidence."""
    return _drawn(_record, "statement", None, None)


def implications() -> SearchStrategy[Implication]:
    """Implications: a proposition, its holder (an actor id or, exclusively, as written), hedge,
    likelihood, condition, horizon, drivers, affected actors and resolution."""
    return _drawn(_record, "implication", None, None)


def records(kind: RecordKind | None = None) -> SearchStrategy[Record]:
    """Records of one kind, or of any kind."""
    kinds = [kind] if kind else list(RECORD_KINDS)
    return st.sampled_from(kinds).flatmap(lambda k: _drawn(_record, k, None, None))


# ---------------------------------------------------------------------------------------------
# Datasets


def _dataset(draw: st.DrawFn, max_sources: int, max_per_kind: int) -> Dataset:
    ids = _no_ids()
    for kind in RECORD_KINDS:
        low, high = (1, max(1, max_sources)) if kind == "source" else (0, max_per_kind)
        ids[kind] = draw(st.lists(record_ids(kind), min_size=low, max_size=high, unique=True))
    statuses = {i: draw(_field(RECORD_CLASSES[k], "status")) for k in RECORD_KINDS for i in ids[k]}
    statuses[ids["source"][0]] = "active"  # the evidence of active records needs a source
    withdrawn = frozenset(i for i, status in statuses.items() if status == "withdrawn")
    scope = _Scope({source: draw(texts()) for source in ids["source"]}, ids, withdrawn=withdrawn)
    drawn = [_record(draw, kind, scope, i) for kind in RECORD_KINDS for i in ids[kind]]
    return Dataset(drawn, texts=scope.texts)


def datasets(*, max_sources: int = 3, max_per_kind: int = 4) -> SearchStrategy[Dataset]:
    """Consistent datasets: one to ``max_sources`` sources with drawn texts (and their
    ``sha256``), up to ``max_per_kind`` records of every other kind; every span quotes its
    source, every reference (links, anchors, about, drivers, affects, holders, speakers, event
    actors, superseded_by) names a record of the dataset, and an active record's an active one;
    derived dates agree with their anchors. Such a dataset passes :func:`conflictdata.validate`
    without an error."""
    return _drawn(_dataset, max_sources, max_per_kind)


# ---------------------------------------------------------------------------------------------
# JSON from the committed schemas, and single changes that break them

#: The JSON Schema keywords the committed schemas use; any other one is refused, so that a new
#: keyword cannot be ignored silently by :func:`schema_instances`.
_SCHEMA_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$comment", "$defs", "$ref", "title", "description", "default",
        "type", "enum", "anyOf", "properties", "required", "additionalProperties", "items",
        "pattern", "format", "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum",
    }
)  # fmt: skip
_JSON_TYPES = {
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}
#: A value of each JSON type, to put where that type is not allowed.
_OF_TYPE: dict[str, Any] = {
    "null": None,
    "boolean": True,
    "integer": 7,
    "number": 0.5,
    "string": "x",
    "array": [],
    "object": {},
}


def _resolved(root: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        reference = node["$ref"]
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are supported, not {reference!r}")
        target: Any = root
        for token in steps_of(reference[1:]):
            target = target[token if isinstance(target, list) else str(token)]
        node = target
    unknown = set(node) - _SCHEMA_KEYWORDS
    if unknown:
        raise ValueError(f"schema keywords {sorted(unknown)} are not supported")
    return node


def _from_schema(root: Mapping[str, Any], node: Mapping[str, Any]) -> SearchStrategy[Any]:
    node = _resolved(root, node)
    if "anyOf" in node and "type" in node:  # a record's requirement: meet one of its branches
        return st.one_of(*(_from_schema(root, _met(node, branch)) for branch in node["anyOf"]))
    if "anyOf" in node:
        return st.one_of(*(_from_schema(root, option) for option in node["anyOf"]))
    if "enum" in node:
        return st.sampled_from(node["enum"])
    json_type = node["type"]
    if json_type == "object":
        if node.get("additionalProperties") is not False:
            raise ValueError("objects must forbid additional properties")
        properties = {name: _from_schema(root, sub) for name, sub in node["properties"].items()}
        required = set(node.get("required", ()))
        return st.fixed_dictionaries(
            {name: value for name, value in properties.items() if name in required},
            optional={name: value for name, value in properties.items() if name not in required},
        )
    if json_type == "array":
        low = node.get("minItems", 0)
        high = max(low, min(node.get("maxItems", _MAX_ITEMS), _MAX_ITEMS))
        return st.lists(_from_schema(root, node["items"]), min_size=low, max_size=high)
    if json_type == "string":
        if "format" in node:
            return _BY_FORMAT[node["format"]]()
        return _plain_strings(node.get("pattern"), node.get("minLength", 0), node.get("maxLength"))
    if json_type == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    if json_type == "number":
        low, high = node.get("minimum"), node.get("maximum")
        return st.one_of(
            st.floats(low, high, allow_nan=False, allow_infinity=False),
            st.integers(
                None if low is None else math.ceil(low), None if high is None else math.floor(high)
            ),
        )
    if json_type == "boolean":
        return st.booleans()
    if json_type == "null":
        return st.none()
    raise ValueError(f"unsupported schema type {json_type!r}")


def _met(node: Mapping[str, Any], branch: Mapping[str, Any]) -> dict[str, Any]:
    """An object's schema with one branch of its ``anyOf`` (required properties, and
    constraints on them) made part of it."""
    met = {key: value for key, value in node.items() if key != "anyOf"}
    met["required"] = [*node.get("required", ()), *branch.get("required", ())]
    met["properties"] = {
        name: {**sub, **branch.get("properties", {}).get(name, {})}
        for name, sub in node["properties"].items()
    }
    return met


def schema_instances(kind: RecordKind) -> SearchStrategy[dict[str, Any]]:
    """JSON objects built from the committed JSON Schema of ``kind`` alone (types, enums,
    patterns, lengths, ranges, required and optional properties), without the models.

    They satisfy the schema but not always the rules beyond it: a pattern-shaped date such as
    ``2023-02-31`` is not a calendar day, and references resolve nowhere.
    """
    root = load_schema(kind)
    return _from_schema(root, root)


@attrs.frozen
class Mutation:
    """The JSON of a valid record with one change that breaks the record contract.

    ``change`` is ``missing`` (a required field dropped), ``unknown`` (a field added that the
    schema does not define), ``type`` (a value of a JSON type the schema does not allow),
    ``vocabulary`` (a value outside an enumeration) or ``constraint`` (a string, number or array
    outside its pattern, length or range). ``pointer`` is the JSON pointer of the changed value;
    for a dropped or added field it is the pointer of that field (its object's pointer, a slash,
    and the field name), not the pointer of the object that holds it.
    """

    kind: RecordKind
    change: str
    pointer: str
    instance: Any


def _json_types(root: Mapping[str, Any], node: Mapping[str, Any]) -> set[str]:
    node = _resolved(root, node)
    if "anyOf" in node and "type" not in node:  # not a record's requirement
        return set().union(*(_json_types(root, option) for option in node["anyOf"]))
    if "enum" in node:
        return {_JSON_TYPES[type(value)] for value in node["enum"]}
    return {node["type"], "integer"} if node["type"] == "number" else {node["type"]}


def _nodes(
    root: Mapping[str, Any], node: Mapping[str, Any], value: Any, path: tuple[str, ...]
) -> typing.Iterator[tuple[tuple[str, ...], Mapping[str, Any], Mapping[str, Any]]]:
    """Every value inside ``value`` as (path, schema allowing it, schema branch it takes)."""
    allowing = _resolved(root, node)
    taken = allowing
    if "anyOf" in allowing and "type" not in allowing:  # not a record's requirement
        kind = _JSON_TYPES[type(value)]
        taken = next(
            _resolved(root, option)
            for option in allowing["anyOf"]
            if kind in _json_types(root, option)
        )
    yield path, allowing, taken
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _nodes(root, taken["properties"][name], item, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(root, taken["items"], item, (*path, str(index)))


def _breaking_values(draw: st.DrawFn, node: Mapping[str, Any]) -> list[Any]:
    """Values of the right JSON type that break the constraints of schema ``node``."""
    found: list[Any] = []
    if "pattern" in node:
        pattern = re.compile(node["pattern"])
        found.append(draw(st.text(max_size=8).filter(lambda text: not pattern.search(text))))
    if node.get("minLength", 0) > 0:
        found.append("")
    if "maxLength" in node:
        found.append("a" * (node["maxLength"] + 1))
    if "minimum" in node:
        found.append(node["minimum"] - 1)
    if "maximum" in node:
        found.append(node["maximum"] + 1)
    if node.get("minItems", 0) > 0:
        found.append([])
    return found


def _mutation(draw: st.DrawFn, kind: RecordKind) -> Mutation:
    root = load_schema(kind)
    instance = msgspec.json.decode(encode_record(draw(records(kind))))
    nodes = list(_nodes(root, root, instance, ()))
    change = draw(st.sampled_from(("missing", "unknown", "type", "vocabulary", "constraint")))
    if change == "missing":
        path, _, node = draw(st.sampled_from([n for n in nodes if n[2].get("required")]))
        name = draw(st.sampled_from(node["required"]))
        del _at(instance, path)[name]
        return Mutation(kind, change, json_pointer((*path, name)), instance)
    if change == "unknown":
        path, _, node = draw(st.sampled_from([n for n in nodes if n[2].get("type") == "object"]))
        name = draw(st.text(max_size=12).filter(lambda text: text not in node["properties"]))
        _at(instance, path)[name] = draw(st.sampled_from(list(_OF_TYPE.values())))
        return Mutation(kind, change, json_pointer((*path, name)), instance)
    if change == "type":
        wrong = [
            (path, value)
            for path, allowing, _ in nodes
            for name, value in _OF_TYPE.items()
            if name not in _json_types(root, allowing)
        ]
        path, value = draw(st.sampled_from(wrong))
    elif change == "vocabulary":
        path, _, node = draw(st.sampled_from([n for n in nodes if "enum" in n[2]]))
        value = draw(st.text(max_size=12).filter(lambda text: text not in node["enum"]))
    else:
        path, _, node = draw(st.sampled_from([n for n in nodes if _constrained(n[2])]))
        value = draw(st.sampled_from(_breaking_values(draw, node)))
    return Mutation(kind, change, json_pointer(path), _put(instance, path, value))


def _constrained(node: Mapping[str, Any]) -> bool:
    bounds = ("pattern", "maxLength", "minimum", "maximum")
    return (
        any(k in node for k in bounds)
        or node.get("minLength", 0) > 0
        or node.get("minItems", 0) > 0
    )


def _at(value: Any, path: tuple[str, ...]) -> Any:
    for token in path:
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def _put(instance: Any, path: tuple[str, ...], value: Any) -> Any:
    """``instance`` with the value at ``path`` replaced by ``value``."""
    if not path:
        return value
    holder = _at(instance, path[:-1])
    holder[int(path[-1]) if isinstance(holder, list) else path[-1]] = value
    return instance


def mutations(kind: RecordKind | None = None) -> SearchStrategy[Mutation]:
    """Invalid records: the JSON of a valid record of ``kind`` (or of any kind) with one
    change, and the JSON pointer of that change; see :class:`Mutation`."""
    kinds = [kind] if kind else list(RECORD_KINDS)
    return st.sampled_from(kinds).flatmap(lambda k: _drawn(_mutation, k))
