"""The rules the PLOVER importers share: PLOVER 0.5 names to 2.0, lists of modes and contexts,
auxiliary modes to FactBank factuality, and sector codes to actor types.

- **0.5 to 2.0.** The gold standard records are PLOVER 0.5b1: its categories (``DEMAND``,
  ``DISAPPROVE``, ``INVESTIGATE``, ``FIGHT``), modes (``demo-org``, ``assassinate``, ...) and
  contexts (``refugee``, ``resource``, ...) are renamed by the tables ``plover_05_*.csv`` in
  ``crosswalks/``. A value the tables give no 2.0 name for is kept in the record's note, never
  dropped; a value that is neither 2.0 nor in the tables is kept in the note too, as unknown.
- **One record per type and mode**, as the NGEC coder does: a list of modes gives one event
  each (the event's ``mode`` is one string); no mode gives one event with ``mode`` null.
  Contexts stay a list (the model's ``context`` is a tuple).
- **Auxiliary modes** (``negation``, ``hypothetical``, ``future``, ``historical``), wherever
  the input puts them (mode or context), are not modes: they set the factuality. ``negation``
  makes it negative, ``hypothetical`` possible and ``future`` probable (FactBank ``CT-``,
  ``PS+``, ``PR+``; together ``PS-`` or ``PR-``); ``historical`` says when, not how certain, and
  leaves it. The record stays an event (see ``docs/import-plover.md``: the input gives no hedge
  or holder for an implication, and an implication has no type, actors or place).

>>> from conflictdata.importers._plover import code
>>> [(c.type, c.mode, c.context) for c in code("DEMAND", [], ["diplomatic", "historical"])]
[('REQUEST', None, ('diplomatic',))]
>>> code("FIGHT", ["assassinate"], [])[0].mode
'targeted'
>>> code("THREATEN", ["violence", "future", "negation"], [], factuality="Uu")[0].factuality
'PR-'
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import TypeVar

from attrs import frozen

from conflictdata.importers._crosswalk import CROSSWALK_VERSION
from conflictdata.importers._records import slug
from conflictdata.models import Event, EventActor, Location, RowRef, Span, When
from conflictdata.vocab import (
    ACTOR_TYPES,
    EVENT_CONTEXTS,
    EVENT_MODES,
    EVENT_TYPES,
    ActorType,
    EventContext,
    EventType,
    Factuality,
)

__all__ = [
    "AUXILIARY_MODES",
    "Coding",
    "NotAnEvent",
    "UnknownCategory",
    "actor_type",
    "code",
    "coded_events",
    "factuality_of",
]

T = TypeVar("T")

#: PLOVER's auxiliary modes: not modes of a type, but whether and when the event happened.
AUXILIARY_MODES = ("negation", "hypothetical", "future", "historical")


class NotAnEvent(Exception):
    """A PLOVER category that is not an event (the gold standard's ``DOCUMENT`` record)."""


class UnknownCategory(ValueError):
    """An event category that is neither PLOVER 2.0 nor a 0.5 name the tables know."""


@frozen
class Coding:
    """One event's PLOVER 2.0 coding: ``type``, ``mode`` (None where there is none), contexts,
    ``auxiliary`` modes, ``factuality``, and ``kept``: what the input said that has no 2.0
    name, as ``field: value`` lines for the note."""

    type: EventType
    mode: str | None
    context: tuple[EventContext, ...]
    auxiliary: tuple[str, ...]
    factuality: Factuality
    kept: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    text = (files("conflictdata.importers") / "crosswalks" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


#: The vocabularies by name, so that a lookup gives a typed value.
_TYPES: dict[str, EventType] = {name: name for name in EVENT_TYPES}
_CONTEXT_NAMES: dict[str, EventContext] = {name: name for name in EVENT_CONTEXTS}
_ACTOR_TYPES: dict[str, ActorType] = {name: name for name in ACTOR_TYPES}


def _vocabulary(table: str, value: str, names: dict[str, T]) -> T | None:
    """``value`` of a table's cell as a typed vocabulary value (None for an empty cell)."""
    if not value:
        return None
    if value not in names:
        raise ValueError(f"{table}: {value!r} is not in the vocabulary")
    return names[value]


def _mode_in(table: str, kind: EventType | None, mode: str | None) -> str | None:
    if kind is not None and mode is not None and mode not in EVENT_MODES[kind]:
        raise ValueError(f"{table}: {mode!r} is not a PLOVER 2.0 mode of {kind}")
    return mode


@cache
def _events() -> dict[str, tuple[EventType | None, str | None]]:
    name = "plover_05_events.csv"
    table: dict[str, tuple[EventType | None, str | None]] = {}
    for row in _rows(name):
        kind = _vocabulary(name, row["type"], _TYPES)
        table[row["event_05"]] = (kind, _mode_in(name, kind, row["mode"] or None))
    return table


@cache
def _modes() -> dict[tuple[str, str], tuple[EventType | None, str | None]]:
    name = "plover_05_modes.csv"
    table: dict[tuple[str, str], tuple[EventType | None, str | None]] = {}
    for row in _rows(name):
        kind = _vocabulary(name, row["type"], _TYPES)
        target = kind or _events()[row["event_05"]][0]
        mode = _mode_in(name, target, row["mode"] or None)
        table[(row["event_05"], row["mode_05"])] = (kind, mode)
    return table


@cache
def _contexts() -> dict[str, tuple[EventContext | None, str | None]]:
    name = "plover_05_contexts.csv"
    table: dict[str, tuple[EventContext | None, str | None]] = {}
    for row in _rows(name):
        auxiliary = row["auxiliary"] or None
        if auxiliary is not None and auxiliary not in AUXILIARY_MODES:
            raise ValueError(f"{name}: {auxiliary!r} is not an auxiliary mode")
        context = _vocabulary(name, row["context"], _CONTEXT_NAMES)
        table[row["context_05"]] = (context, auxiliary)
    return table


@cache
def _sectors() -> dict[str, ActorType]:
    name = "plover_sectors.csv"
    table: dict[str, ActorType] = {}
    for row in _rows(name):
        kind = _vocabulary(name, row["actor_type"], _ACTOR_TYPES)
        if kind is None:
            raise ValueError(f"{name}: the sector {row['sector']!r} has no actor type")
        table[row["sector"]] = kind
    return table


def _type_of(category: str) -> tuple[EventType, str | None]:
    """The 2.0 type of a category (2.0 or 0.5), and the mode a 0.5 rename implies."""
    name = category.strip().upper()
    if name in _TYPES:
        return _TYPES[name], None
    known = _events()
    if name not in known:
        raise UnknownCategory(f"{category!r} is not a PLOVER 2.0 event type or a 0.5 category")
    kind, mode = known[name]
    if kind is None:
        raise NotAnEvent(name)
    return kind, mode


def factuality_of(auxiliary: Iterable[str], base: Factuality) -> Factuality:
    """The FactBank factuality of an event with these auxiliary modes: ``negation`` negative,
    ``hypothetical`` possible, ``future`` probable (hypothetical before future where both are
    given); ``base`` (the input's own, such as ``CT+`` for a human coder) otherwise.

    >>> factuality_of(["negation"], "CT+"), factuality_of(["hypothetical"], "Uu")
    ('CT-', 'PS+')
    >>> factuality_of(["historical"], "CT+")
    'CT+'
    """
    given = set(auxiliary)
    negated = "negation" in given
    if "hypothetical" in given:
        return "PS-" if negated else "PS+"
    if "future" in given:
        return "PR-" if negated else "PR+"
    return "CT-" if negated else base


def code(
    category: str,
    modes: Iterable[str],
    contexts: Iterable[str],
    *,
    factuality: Factuality = "CT+",
) -> list[Coding]:
    """The PLOVER 2.0 codings of an event of ``category`` with these modes and contexts (0.5
    or 2.0 names): one per mode, or one with no mode. Raises ``NotAnEvent`` for a
    category that is not an event and ``UnknownCategory`` for one no table knows."""
    kind, implied = _type_of(category)
    old = category.strip().upper()
    kept: list[str] = []
    auxiliary: list[str] = []
    context: list[EventContext] = []
    for value in (item.strip() for item in contexts):
        if not value:
            continue
        if value in _CONTEXT_NAMES:
            context.append(_CONTEXT_NAMES[value])
            continue
        if value in AUXILIARY_MODES:
            auxiliary.append(value)
            continue
        renamed, aux = _contexts().get(value.lower(), (None, None))
        if renamed is not None:
            context.append(renamed)
        elif aux is not None:
            auxiliary.append(aux)
        else:
            kept.append(f"context {value!r} (no PLOVER 2.0 context)")
    plain: list[str] = []
    for value in (item.strip() for item in modes):
        if value in AUXILIARY_MODES:
            auxiliary.append(value)
        elif value:
            plain.append(value)
    if old != kind:
        kept.insert(0, f"PLOVER 0.5 category {old} coded as {kind}")
    chosen = factuality_of(auxiliary, factuality)
    codings: list[Coding] = []
    for mode in dict.fromkeys(plain or [""]):
        this_type, this_mode, notes = _mode_of(old, kind, implied, mode)
        codings.append(
            Coding(
                type=this_type,
                mode=this_mode,
                context=tuple(dict.fromkeys(context)),
                auxiliary=tuple(dict.fromkeys(auxiliary)),
                factuality=chosen,
                kept=(*kept, *notes),
            )
        )
    return codings


def _mode_of(
    old: str, kind: EventType, implied: str | None, mode: str
) -> tuple[EventType, str | None, list[str]]:
    """The type and 2.0 mode of ``mode`` given with category ``old`` (2.0 type ``kind``)."""
    if not mode:
        return kind, implied, []
    if mode in EVENT_MODES[kind]:
        return kind, mode, []
    if (old, mode) in _modes():
        moved, renamed = _modes()[(old, mode)]
        if renamed is not None:
            return moved or kind, renamed, []
        return kind, implied, [f"mode {mode!r} (no PLOVER 2.0 mode of {kind})"]
    return kind, implied, [f"mode {mode!r} (not a PLOVER 2.0 mode of {kind})"]


def actor_type(sector: str | None, code: str | None, *, is_country: bool) -> ActorType:
    """The actor type of a PLOVER sector code (its first three letters), or for an actor with
    no sector: a state when its ``code`` names a country (``is_country``), else a group."""
    value = (sector or "").strip()
    if not value or not value[:3].isalpha():
        return "state" if is_country and code else "group"
    return _sectors().get(value[:3].upper(), "group")


def coded_events(
    format_: str,
    upstream: str,
    codings: Sequence[Coding],
    taking_part: Sequence[EventActor],
    names: Mapping[str, str],
    *,
    notes: tuple[Sequence[str], Sequence[str]],
    when: When,
    where: Location | None,
    evidence: Sequence[Span] = (),
    rows: tuple[RowRef, ...] = (),
) -> Iterator[Event]:
    """The events of one upstream record of ``format_`` (``ngec``, ``polecat``), one a coding:
    the id from the upstream id's slug and digest (and the mode, when a list of modes gives
    several), the summary from the coding and the actors, and the note: ``notes[0]``, what the
    coding kept and its auxiliary modes, ``notes[1]``, and the crosswalks' version."""
    digest = hashlib.sha256(upstream.encode("utf-8")).hexdigest()[:8]
    actors = tuple(dict.fromkeys(taking_part))
    parts = [f"{part.role} {names[part.actor]}" for part in actors]
    for coding in codings:
        suffix = f"-{slug(coding.mode)}" if len(codings) > 1 and coding.mode else ""
        coded = f"PLOVER {coding.type}" + (f" ({coding.mode})" if coding.mode else "")
        note = [
            *notes[0],
            *coding.kept,
            *(f"auxiliary mode {aux}" for aux in coding.auxiliary),
            *notes[1],
            f"coded with conflictdata crosswalks {CROSSWALK_VERSION}",
        ]
        yield Event(
            id=f"evt-{format_}-{slug(upstream)[:120].strip('-')}-{digest}{suffix}",
            type=coding.type,
            mode=coding.mode,
            context=coding.context,
            summary=f"{coded}: {'; '.join(parts)}." if parts else f"{coded}, no actor coded.",
            actors=actors,
            when=when,
            where=where,
            factuality=coding.factuality,
            evidence=tuple(dict.fromkeys(evidence)),
            rows=rows,
            note="; ".join(note),
        )
