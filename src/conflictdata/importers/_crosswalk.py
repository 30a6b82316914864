"""Crosswalks from UCDP GED and ACLED codes to conflictdata's vocabularies.

The mappings are versioned data files in ``crosswalks/`` (one CSV per table, each row with the
reason for its mapping); this module reads them once, when first asked, and answers lookups.
Country codes come from pycountry (the ``importers`` extra) where ISO 3166 has them, and from
the tables where it does not.

>>> from conflictdata.importers._crosswalk import acled_event, gw_country, ucdp_violence
>>> gw_country(775)
'MMR'
>>> acled_event("Explosions/Remote violence", "Grenade")
PloverCoding(type='ASSAULT', mode='explosives', context=(), directed=True)
>>> ucdp_violence(1).directed
False
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from types import ModuleType
from typing import cast

from attrs import Attribute, field, frozen
from attrs.validators import in_

from conflictdata.exceptions import ConflictDataError, MissingExtraError
from conflictdata.vocab import (
    ACTOR_TYPES,
    EVENT_CONTEXTS,
    EVENT_MODES,
    EVENT_TYPES,
    ActorType,
    EventContext,
    EventType,
)

__all__ = [
    "CROSSWALK_VERSION",
    "PloverCoding",
    "UnknownCode",
    "acled_actor_type",
    "acled_event",
    "gw_country",
    "iso_country",
    "iso_numeric_country",
    "ucdp_country",
    "ucdp_violence",
]

#: The version of the crosswalk tables, which imported records name in their notes.
CROSSWALK_VERSION = "2026.12.1"


class UnknownCode(ConflictDataError, LookupError):
    """A code or label that a crosswalk table does not hold; ``table`` and ``value`` say which.

    >>> print(UnknownCode("acled_inter.csv", "Soldiers"))
    'Soldiers' is not in the crosswalk table acled_inter.csv (crosswalks 2026.12.1)
    """

    def __init__(self, table: str, value: object) -> None:
        super().__init__(table, value)
        self.table = table
        self.value = value

    def __str__(self) -> str:
        return f"{self.value!r} is not in the crosswalk table {self.table} (crosswalks {CROSSWALK_VERSION})"


def _mode_of_type(
    instance: PloverCoding, attribute: Attribute[str | None], value: str | None
) -> None:
    if value is not None and value not in EVENT_MODES[instance.type]:
        raise ValueError(f"{value!r} is not a PLOVER mode of {instance.type}")


def _contexts(
    instance: PloverCoding,
    attribute: Attribute[tuple[EventContext, ...]],
    value: tuple[EventContext, ...],
) -> None:
    unknown = [context for context in value if context not in EVENT_CONTEXTS]
    if unknown:
        raise ValueError(f"not PLOVER contexts: {unknown!r}")


@frozen
class PloverCoding:
    """How a category of another dataset is coded in PLOVER 2.0: the event ``type``, its
    ``mode`` (None where the input does not say which), ``context`` and whether the input's
    actor order is ``directed`` (first actor initiator, second target) or not (both
    participants)."""

    type: EventType = field(validator=in_(EVENT_TYPES))
    mode: str | None = field(validator=_mode_of_type)
    context: tuple[EventContext, ...] = field(validator=_contexts)
    directed: bool


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of the crosswalk table ``name``, without its ``#`` header lines."""
    text = (files("conflictdata.importers") / "crosswalks" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _coding(row: dict[str, str]) -> PloverCoding | None:
    """The PLOVER coding a table row gives, None where its type is empty."""
    if not row["type"]:
        return None
    if row["directed"] not in {"0", "1"}:
        raise ValueError(f"directed must be 0 or 1, not {row['directed']!r}")
    return PloverCoding(
        type=cast(EventType, row["type"]),
        mode=row["mode"] or None,
        context=cast(tuple[EventContext, ...], tuple(row["context"].split(";")))
        if row["context"]
        else (),
        directed=row["directed"] == "1",
    )


def _label(text: str) -> str:
    """A label as the tables are keyed: without surrounding blanks, case folded."""
    return text.strip().casefold()


@cache
def _gw_states() -> dict[int, str | None]:
    return {int(row["gwno"]): row["alpha3"] or None for row in _rows("gw_states.csv")}


@cache
def _ucdp_names() -> dict[str, str | None]:
    names: dict[str, str | None] = {}
    for row in _rows("gw_states.csv"):
        earlier = [name for name in row["earlier_ucdp_names"].split(";") if name]
        for name in (row["ucdp_name"], *earlier):
            names[_label(name)] = row["alpha3"] or None
    return names


@cache
def _acled_iso() -> dict[int, str | None]:
    return {int(row["iso"]): row["alpha3"] or None for row in _rows("acled_iso.csv")}


@cache
def _ucdp_violence() -> dict[int, PloverCoding]:
    codings = {int(row["type_of_violence"]): _coding(row) for row in _rows("ucdp_violence.csv")}
    return {code: coding for code, coding in codings.items() if coding is not None}


@cache
def _acled_events() -> dict[tuple[str, str], PloverCoding | None]:
    return {
        (_label(row["event_type"]), _label(row["sub_event_type"])): _coding(row)
        for row in _rows("acled_events.csv")
    }


@cache
def _acled_inter() -> dict[str, ActorType]:
    types: dict[str, ActorType] = {}
    for row in _rows("acled_inter.csv"):
        if row["actor_type"] not in ACTOR_TYPES:
            raise ValueError(f"{row['actor_type']!r} is not an actor type")
        types[row["code"]] = types[_label(row["label"])] = row["actor_type"]
    return types


def _pycountry() -> ModuleType:
    try:
        import pycountry
    except ImportError:
        raise MissingExtraError("country codes", module="pycountry", extra="importers") from None
    return pycountry


def iso_country(value: object, *, alpha_2: bool = False) -> str | None:
    """The ISO 3166-1 alpha-3 code of an alpha-3 code (or, with ``alpha_2``, an alpha-2 one)
    that ISO 3166 has (pycountry); None for any other value, such as the codes of regions and
    organisations (``IGO``, ``EUR``).

    >>> iso_country("rus"), iso_country("IGO"), iso_country("UA", alpha_2=True)
    ('RUS', None, 'UKR')
    """
    sizes = (2, 3) if alpha_2 else (3,)
    if not isinstance(value, str) or not value.isalpha() or len(value) not in sizes:
        return None
    countries = _pycountry().countries
    code = value.upper()
    found = countries.get(alpha_3=code) if len(code) == 3 else countries.get(alpha_2=code)
    return None if found is None else cast(str, found.alpha_3)


def _number(value: object) -> int | None:
    """``value`` as a table key: an int, or a string of ASCII digits; None for anything else."""
    if isinstance(value, str):
        text = value.strip()
        return int(text) if text.isascii() and text.isdigit() else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def gw_country(gwno: int) -> str | None:
    """The ISO 3166-1 alpha-3 code of a Gleditsch-Ward state number as UCDP GED uses it
    (``country_id``, ``gwnoa``, ``gwnob``); None for a state without one (Kosovo, states
    dissolved since 1989). Raises :class:`UnknownCode` for a number not in the table."""
    table = _gw_states()
    number = _number(gwno)
    if number is None or number not in table:
        raise UnknownCode("gw_states.csv", gwno)
    return table[number]


def ucdp_country(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a UCDP country name (``Myanmar (Burma)``): pycountry's
    lookup first, then the UCDP names of the Gleditsch-Ward table. Raises :class:`UnknownCode`
    for a name neither knows."""
    try:
        return cast(str, _pycountry().countries.lookup(name.strip()).alpha_3)
    except LookupError:
        pass
    names = _ucdp_names()
    if _label(name) not in names:
        raise UnknownCode("gw_states.csv (UCDP names)", name)
    return names[_label(name)]


def iso_numeric_country(code: int | str) -> str | None:
    """The ISO 3166-1 alpha-3 code of an ACLED ``iso`` value (ISO 3166-1 numeric, read with
    pycountry); None for ACLED's codes that name no country (0). Raises :class:`UnknownCode`
    for any other value."""
    number = _number(code)
    if number is not None and 0 < number < 1000:
        found = _pycountry().countries.get(numeric=f"{number:03d}")
        if found is not None:
            return cast(str, found.alpha_3)
    table = _acled_iso()
    if number is None or number not in table:
        raise UnknownCode("ISO 3166-1 numeric and acled_iso.csv", code)
    return table[number]


def ucdp_violence(type_of_violence: int) -> PloverCoding:
    """The PLOVER coding of a UCDP GED ``type_of_violence`` (1 state-based, 2 non-state,
    3 one-sided). Raises :class:`UnknownCode` for any other value."""
    table = _ucdp_violence()
    number = _number(type_of_violence)
    if number is None or number not in table:
        raise UnknownCode("ucdp_violence.csv", type_of_violence)
    return table[number]


def acled_event(event_type: str, sub_event_type: str) -> PloverCoding | None:
    """The PLOVER coding of an ACLED event type and sub-event type, as the ACLED codebook writes
    them (surrounding blanks and case aside); None for the categories with no PLOVER type
    (``Change to group/activity``, ``Other``, ...). Raises :class:`UnknownCode` for a pair the
    codebook does not list."""
    key = (_label(event_type), _label(sub_event_type))
    table = _acled_events()
    if key not in table:
        raise UnknownCode("acled_events.csv", (event_type, sub_event_type))
    return table[key]


def acled_actor_type(inter: str | int) -> ActorType:
    """The conflictdata actor type of an ACLED ``inter1``/``inter2`` value: a code 1-8 (exports
    before 2023, the API's ``inter_num``) or its text label (since 2023). Raises
    :class:`UnknownCode` for any other value, 0 (no actor) included."""
    number = _number(inter)
    key = str(number) if number is not None else _label(inter) if isinstance(inter, str) else None
    table = _acled_inter()
    if key is None or key not in table:
        raise UnknownCode("acled_inter.csv", inter)
    return table[key]
