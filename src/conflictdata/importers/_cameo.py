"""Crosswalks of the CAMEO-coded datasets (GDELT, ICEWS): CAMEO event codes to PLOVER 2.0,
CAMEO actor types and country codes, FIPS 10-4 country codes and ICEWS country names to ISO
3166-1 alpha-3.

The tables are in ``crosswalks/`` (``cameo_plover.csv``, ``cameo_actor_types.csv``,
``fips_iso.csv``, ``icews_countries.csv``), read once, when first asked.

>>> from conflictdata.importers._cameo import cameo_event, fips_country
>>> cameo_event("042")
PloverCoding(type='CONSULT', mode='visit', context=(), directed=True)
>>> fips_country("IS"), fips_country("CH"), fips_country("SZ")
('ISR', 'CHN', 'CHE')
"""

from __future__ import annotations

from functools import cache
from typing import cast

from conflictdata.importers._crosswalk import (
    PloverCoding,
    UnknownCode,
    _coding,
    _label,
    _pycountry,
    _rows,
    iso_country,
)
from conflictdata.importers._records import Skipped
from conflictdata.importers._tabular import CellError
from conflictdata.vocab import ACTOR_TYPES, ActorType

__all__ = [
    "cameo_actor_type",
    "cameo_cell",
    "cameo_country",
    "cameo_event",
    "cameo_label",
    "fips_country",
    "icews_country",
]


@cache
def _cameo() -> dict[str, tuple[str, PloverCoding | None]]:
    return {row["cameo"]: (row["label"], _coding(row)) for row in _rows("cameo_plover.csv")}


@cache
def _fips() -> dict[str, str | None]:
    return {row["fips"]: row["alpha3"] or None for row in _rows("fips_iso.csv")}


@cache
def _icews() -> dict[str, str | None]:
    return {_label(row["name"]): row["alpha3"] or None for row in _rows("icews_countries.csv")}


@cache
def _actor_types() -> dict[str, ActorType]:
    types: dict[str, ActorType] = {}
    for row in _rows("cameo_actor_types.csv"):
        if row["actor_type"] not in ACTOR_TYPES:
            raise ValueError(f"{row['actor_type']!r} is not an actor type")
        types[row["code"]] = row["actor_type"]
    return types


def _cameo_row(code: str) -> tuple[str, PloverCoding | None]:
    found = _cameo().get(code.strip())
    if found is None:
        raise UnknownCode("cameo_plover.csv", code)
    return found


def cameo_event(code: str) -> PloverCoding | None:
    """The PLOVER coding of a CAMEO event code (three or four digits, as GDELT's EventCode and
    ICEWS's CAMEO Code write it); None for the codes the table maps to no PLOVER type (CAMEO's
    01 and 02 codes). Raises :class:`UnknownCode` for a code not in the table."""
    return _cameo_row(code)[1]


def cameo_label(code: str) -> str:
    """The CAMEO codebook's label of an event code (``"042"``: ``"Make a visit"``)."""
    return _cameo_row(code)[0]


def cameo_cell(column: str, code: str) -> tuple[PloverCoding, str]:
    """The PLOVER coding and the CAMEO label of the event code ``code`` in a row's ``column``:
    a :class:`CellError` for a code the table does not hold, :class:`Skipped` for one it maps
    to no PLOVER type (CAMEO's 01 and 02), as the row is then counted, not imported."""
    try:
        coding, label = cameo_event(code), cameo_label(code)
    except UnknownCode as exc:
        raise CellError(column, code, str(exc)) from None
    if coding is None:
        raise Skipped(f"CAMEO {code[:2]}: no PLOVER type")
    return coding, label


def fips_country(code: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a FIPS 10-4 country code (GDELT's ``*Geo_CountryCode``);
    None for a code that names no ISO country (Kosovo, the Sovereign Base Areas, GDELT's
    ``OS`` for oceans). Raises :class:`UnknownCode` for a code not in the table."""
    table = _fips()
    if code not in table:
        raise UnknownCode("fips_iso.csv", code)
    return table[code]


@cache
def cameo_country(code: str) -> str | None:
    """The ISO 3166-1 alpha-3 code a CAMEO country code is (GDELT's ``Actor*CountryCode``):
    the code itself where ISO 3166-1 assigns it to a country today (pycountry), None for the
    others, which CAMEO uses for regions (``EUR``, ``AFR``), organisations (``IGO``) and
    former states: they name no country."""
    return iso_country(code) if code.isascii() and code.isupper() else None


def cameo_actor_type(code: str) -> ActorType | None:
    """The conflictdata actor type of a CAMEO actor type code (``GOV``, ``MIL``, ``IGO``, ...);
    None for a code the table does not give a type."""
    return _actor_types().get(code)


def icews_country(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of an ICEWS country name: pycountry's lookup first, then
    ``icews_countries.csv`` (``Occupied Palestinian Territory``, ``Turkey``, ...); None for a
    name of no ISO country (Kosovo). Raises :class:`UnknownCode` for a name neither knows."""
    try:
        return cast(str, _pycountry().countries.lookup(name.strip()).alpha_3)
    except LookupError:
        pass
    table = _icews()
    if _label(name) not in table:
        raise UnknownCode("icews_countries.csv", name)
    return table[_label(name)]
