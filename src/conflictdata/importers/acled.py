"""ACLED: the Armed Conflict Location & Event Data exports, as CSV.

Both layouts are read: the 31 columns since 2023 (``disorder_type``, ``civilian_targeting``,
``tags``; text ``inter1``/``inter2``) and the 31 before (``data_id``, ``event_id_no_cnty``,
``iso3``; numeric ``inter1``/``inter2``). Each row becomes an event
``evt-acled-<event_id_cnty>`` with its actors (``act-acled-<name>``, ACLED having no actor ids),
resting on its row of the file's :class:`~conflictdata.Source`. A row of a category with no
PLOVER type (``Change to group/activity``, ``Other``, ...) is counted, not imported.

ACLED's terms forbid redistributing its data: the records an import writes (with ACLED's
``notes`` as their summaries) are for the user's own analysis, never for a contribution or a
release. The project ships no ACLED row; its tests use files written from the column list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from conflictdata.importers._crosswalk import (
    CROSSWALK_VERSION,
    UnknownCode,
    acled_actor_type,
    acled_event,
    iso_numeric_country,
)
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
from conflictdata.models import Actor, Event, EventActor, Fatalities, Location, RowRef, When
from conflictdata.vocab import EventRole, LocationPrecision

__all__ = ["COLUMNS", "read"]

_SHARED = frozenset(
    [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "iso",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "timestamp",
    ]
)
#: The column sets of ACLED exports: since the 2023 column changes, and before them.
COLUMNS = ColumnSets(
    {
        "ACLED 2023 and later": _SHARED | {"disorder_type", "civilian_targeting", "tags"},
        "ACLED before 2023": _SHARED | {"data_id", "event_id_no_cnty", "iso3"},
    }
)
_CITATION = (
    "Raleigh, Clionadh, Andrew Linke, Havard Hegre and Joakim Karlsen. 2010. Introducing "
    "ACLED: An Armed Conflict Location and Event Dataset. Journal of Peace Research 47(5): "
    "651-660."
)
#: ACLED's geo_precision: 1 the town itself, 2 near it or a part of a region, 3 a larger region.
_PLACE_PRECISION: dict[int, LocationPrecision] = {1: "exact", 2: "near", 3: "region"}
#: The forms of event_date in ACLED exports, newest first.
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%m-%Y")


def read(path: str, *, version: str | None = None) -> ImportedFile:
    """The records of an ACLED CSV export, read as they are iterated.

    ``version`` names the export (ACLED's data change daily: a download date such as
    ``"2026-12-01"`` is the usual name); without it, the day the file was last modified.
    """
    table = Table(path, COLUMNS)
    if version is None:
        version = dt.datetime.fromtimestamp(table.path.stat().st_mtime, dt.UTC).date().isoformat()
    source = dataset_source(
        table,
        family="acled",
        version=version,
        title=f"ACLED export {version}",
        publisher="Armed Conflict Location & Event Data (ACLED)",
        url="https://acleddata.com/",
        license="ACLED Terms of Use: no redistribution of the data",
        citation=_CITATION,
        id_column="event_id_cnty",
    )
    return ImportedFile(table, source, lambda row: _records(row, source.id), family="acled")


def _records(row: Row, source: str) -> Iterator[Actor | Event]:
    """The actors of a row, then its event."""
    event_id = row.get("event_id_cnty")
    if not slug(event_id):
        raise CellError("event_id_cnty", event_id, "no id")
    try:
        coding = acled_event(row.get("event_type"), row.get("sub_event_type"))
    except UnknownCode as exc:
        raise CellError("sub_event_type", row.get("sub_event_type"), str(exc)) from None
    if coding is None:
        raise Skipped(f"{row.get('sub_event_type')}: no PLOVER type")
    rows = rests_on(source, row, event_id)
    taking_part = []
    for number in ("1", "2"):
        named = _actor(row, number, rows)
        if named is None:
            continue
        yield named
        role: EventRole = (
            ("initiator" if number == "1" else "target") if coding.directed else "participant"
        )
        taking_part.append(EventActor(actor=named.id, role=role))
        for associated in _associated(row, number, rows):
            yield associated
            taking_part.append(EventActor(actor=associated.id, role="participant"))
    notes = row.get("notes")
    where = _where(row)
    yield Event(
        id=f"evt-acled-{slug(event_id)}",
        type=coding.type,
        mode=coding.mode,
        context=coding.context,
        summary=notes or f"{row.get('sub_event_type')} in {where.name}.",
        actors=tuple(dict.fromkeys(taking_part)),
        when=_when(row),
        where=where,
        factuality="CT+",
        fatalities=Fatalities(best=cell_int(row, "fatalities", low=0)),
        rows=rows,
        note=(
            f"ACLED {event_id} ({row.get('event_type')}: {row.get('sub_event_type')}), "
            f"timestamp {row.get('timestamp')}; sources: {row.get('source') or 'none given'} "
            f"({row.get('source_scale') or 'scale not given'}); coded with conflictdata "
            f"crosswalks {CROSSWALK_VERSION}"
        ),
    )


def _actor(row: Row, number: str, rows: tuple[RowRef, ...]) -> Actor | None:
    name = row.get(f"actor{number}")
    if not name:
        return None
    column = f"inter{number}"
    try:
        kind = acled_actor_type(row.get(column))
    except UnknownCode as exc:
        raise CellError(column, row.get(column), str(exc)) from None
    return Actor(id=_actor_id(name), name=name, type=kind, rows=rows)


def _associated(row: Row, number: str, rows: tuple[RowRef, ...]) -> Iterator[Actor]:
    """The actors associated with actor ``number`` (``;``-separated); ACLED gives no type for
    them, so they are groups."""
    for name in row.get(f"assoc_actor_{number}").split(";"):
        if name.strip():
            yield Actor(id=_actor_id(name.strip()), name=name.strip(), type="group", rows=rows)


def _actor_id(name: str) -> str:
    """``act-acled-`` with the name's words and the start of its SHA-256 (names that differ
    only in case or punctuation are different ACLED actors)."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    words = slug(name)[:80].strip("-")
    return f"act-acled-{words}-{digest}" if words else f"act-acled-{digest}"


def _when(row: Row) -> When:
    """The day for time_precision 1; the week around the recorded day (ACLED records the
    middle of the period) for 2; the month for 3 (its recorded day is not the event's)."""
    day = cell_date(row, "event_date", _DATE_FORMATS)
    precision = cell_int(row, "time_precision", low=1, high=3)
    if precision == 1:
        return When(date=day.isoformat(), precision="day", basis="text")
    if precision == 2:
        week = (day - dt.timedelta(days=3), day + dt.timedelta(days=3))
        return When(
            date=f"{week[0].isoformat()}/{week[1].isoformat()}", precision="week", basis="text"
        )
    return When(date=day.isoformat()[:7], precision="month", basis="text")


def _where(row: Row) -> Location:
    try:
        country = iso_numeric_country(row.get("iso"))
    except UnknownCode as exc:
        raise CellError("iso", row.get("iso"), str(exc)) from None
    name = row.get("location") or row.get("country")
    if not name:
        raise CellError("location", "", "no place name, and no country")
    return Location(
        name=name,
        country=country,
        admin1=row.get("admin1") or None,
        lat=cell_float(row, "latitude", low=-90, high=90),
        lon=cell_float(row, "longitude", low=-180, high=180),
        precision=_PLACE_PRECISION[cell_int(row, "geo_precision", low=1, high=3)],
    )
