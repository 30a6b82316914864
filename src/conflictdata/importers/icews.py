"""ICEWS: the coded events of the Integrated Crisis Early Warning System, as the tab-separated
files of its Harvard Dataverse deposit publish them (20 columns with a header; ``NA`` or empty
for a missing value; nothing quoted).

Each row becomes an event ``evt-icews-<Event ID>-<YYYYMMDD>``: ICEWS reused event ids before
2014, and an id is unique only with its event date, so the date is part of the id. Its source
and target become actors (``act-icews-`` with the name's words and a digest of the name and
country: ICEWS has no actor ids), all resting on the row. Countries are names, mapped to ISO
3166-1 alpha-3 with pycountry and ``icews_countries.csv``. CAMEO's 01 and 02 codes have no PLOVER
type in the crosswalk: those rows are counted, not imported. The mapping, column by column, is
on :doc:`/import-icews`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from conflictdata.importers._cameo import cameo_cell, icews_country
from conflictdata.importers._crosswalk import CROSSWALK_VERSION, UnknownCode
from conflictdata.importers._records import ImportedFile, Skipped, dataset_source, rests_on, slug
from conflictdata.importers._tabular import (
    CellError,
    ColumnSets,
    Row,
    Table,
    cell_date,
    cell_float,
    cell_int,
)
from conflictdata.models import Actor, Event, EventActor, Location, Record, RowRef, Source, When
from conflictdata.vocab import ActorType, LocationPrecision

__all__ = ["COLUMNS", "read"]

#: The 20 columns of an ICEWS events file (ICEWS Dataverse deposit, doi:10.7910/DVN/28075).
ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
#: The column set of ICEWS events files.
COLUMNS = ColumnSets({"ICEWS events": frozenset(ICEWS_COLUMNS)})
#: The forms of Event Date: ISO days, and the month/day/year of the 2017 file.
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
_CITATION = (
    "Boschee, Elizabeth, Jennifer Lautenschlager, Sean O'Brien, Steve Shellman, James Starz, "
    "and Michael Ward. 2015. ICEWS Coded Event Data. Harvard Dataverse. "
    "https://doi.org/10.7910/DVN/28075"
)
#: Sectors that make an actor armed forces or a government body (ICEWS gives no actor type).
_ARMED = frozenset(["Military", "Police"])
_GOVERNMENT = frozenset(["Government"])


def read(path: str, *, version: str | None = None) -> ImportedFile:
    """The records of an ICEWS events file, read as they are iterated.

    ``version`` names the file (the Dataverse deposit's files are named
    ``events.2018.20200427085336.tab``); without it, the file's name.
    """
    table = Table(path, COLUMNS, delimiter="\t", quoted=False)
    version = version or table.path.name
    source = dataset_source(
        table,
        family="icews",
        version=version,
        title=f"ICEWS Coded Event Data, file {version}",
        publisher="Integrated Crisis Early Warning System (ICEWS), Harvard Dataverse",
        url="https://doi.org/10.7910/DVN/28075",
        license="ICEWS Dataverse terms of use",
        citation=_CITATION,
        id_column="Event ID",
    )
    return _IcewsFile(table, source)


class _IcewsFile(ImportedFile):
    """An ICEWS file's records, each (Event ID, Event Date) once."""

    def __init__(self, table: Table, source: Source) -> None:
        super().__init__(table, source, self._row_records, family="icews")
        self._seen: set[int] = set()

    def __iter__(self) -> Iterator[Record]:
        self._seen = set()
        return super().__iter__()

    def _row_records(self, row: Row) -> Iterator[Actor | Event]:
        return _records(row, self.source.id, self._seen)


def _cell(row: Row, column: str) -> str:
    """A cell, with ICEWS's ``NA`` for a missing value read as empty."""
    value = row.get(column)
    return "" if value == "NA" else value


def _records(row: Row, source: str, seen: set[int]) -> Iterator[Actor | Event]:
    """The actors of a row, then its event; a row that repeats the Event ID and date of an
    earlier row (ICEWS published exact duplicates) is the same event, counted, not imported."""
    number = cell_int(row, "Event ID", low=0)
    event_id = str(number)
    day = cell_date(row, "Event Date", _DATE_FORMATS)
    key = number * 100_000_000 + int(day.strftime("%Y%m%d"))  # the pair as one number
    if key in seen:
        raise Skipped("repeats the Event ID and Event Date of an earlier row")
    seen.add(key)
    code = _cell(row, "CAMEO Code")
    coding, label = cameo_cell("CAMEO Code", code)
    rows = rests_on(source, row, event_id)
    taking_part, names = [], []
    for side, role in (("Source", "initiator"), ("Target", "target")):
        actor = _actor(row, side, rows)
        if actor is None:
            continue
        yield actor
        names.append(actor.name)
        taking_part.append(EventActor(actor=actor.id, role=role))  # type: ignore[arg-type]
    where = _where(row)
    place = f" in {where.name}" if where is not None else ""
    who = " to ".join(names) if names else "No actor coded"
    text = _cell(row, "Event Text") or label
    yield Event(
        id=f"evt-icews-{event_id}-{day.strftime('%Y%m%d')}",
        type=coding.type,
        mode=coding.mode,
        context=coding.context,
        summary=f"{who}: {text} (CAMEO {code}){place}.",
        actors=tuple(dict.fromkeys(taking_part)),
        when=When(date=day.isoformat(), precision="day", basis="text"),
        where=where,
        factuality="Uu",
        rows=rows,
        note=(
            f"ICEWS event {event_id} of {day.isoformat()}; Intensity {_cell(row, 'Intensity')}; "
            f"story {_cell(row, 'Story ID') or 'not given'}, sentence "
            f"{_cell(row, 'Sentence Number') or 'not given'}, publisher "
            f"{_cell(row, 'Publisher') or 'not given'}; coded with conflictdata crosswalks "
            f"{CROSSWALK_VERSION}"
        ),
    )


def _country(row: Row, column: str) -> str | None:
    name = _cell(row, column)
    if not name:
        return None
    try:
        return icews_country(name)
    except UnknownCode as exc:
        raise CellError(column, name, str(exc)) from None


def _actor(row: Row, side: str, rows: tuple[RowRef, ...]) -> Actor | None:
    name = _cell(row, f"{side} Name")
    if not name:
        return None
    country_name = _cell(row, f"{side} Country")
    country = _country(row, f"{side} Country")
    sectors = [part.strip() for part in _cell(row, f"{side} Sectors").split(",") if part.strip()]
    kind: ActorType = (
        "state"
        if name == country_name
        else "armed_forces"
        if _ARMED.intersection(sectors)
        else "government_body"
        if _GOVERNMENT.intersection(sectors)
        else "group"
    )
    digest = hashlib.sha256(f"{name}\t{country_name}".encode()).hexdigest()[:8]
    words = slug(name)[:80].strip("-")
    return Actor(
        id=f"act-icews-{words}-{digest}" if words else f"act-icews-{digest}",
        name=name,
        type=kind,
        country=country,
        rows=rows,
        note=f"ICEWS actor; country {country_name or 'not given'}; sectors "
        f"{', '.join(sectors) or 'none'}",
    )


def _where(row: Row) -> Location | None:
    city, district, province = (_cell(row, column) for column in ("City", "District", "Province"))
    country_name = _cell(row, "Country")
    name = city or district or province or country_name
    if not name:
        return None
    precision: LocationPrecision = (
        "exact" if city else "region" if district or province else "country"
    )
    lat = _cell(row, "Latitude")
    lon = _cell(row, "Longitude")
    return Location(
        name=", ".join(part for part in (city, district, province, country_name) if part),
        country=_country(row, "Country"),
        admin1=province or None,
        lat=cell_float(row, "Latitude", low=-90, high=90) if lat else None,
        lon=cell_float(row, "Longitude", low=-180, high=180) if lon else None,
        precision=precision,
    )
