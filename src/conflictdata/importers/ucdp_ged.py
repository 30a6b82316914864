"""UCDP GED: the Georeferenced Event Dataset of the Uppsala Conflict Data Program, as CSV.

Every published column set since GED 19.1 is read: the 42 columns of 19.1 and 20.1, the 49 of
21.1 on (with ``relid``, ``code_status``, the ``*_dset_id`` columns and ``where_description``),
and the HDX re-publication (an ``iso3`` column and a row of HXL hashtags, which is not data).
Each row becomes an event ``evt-ucdp-ged-<id>`` with its two sides as actors
(``act-ucdp-<side_*_new_id>``, UCDP's stable actor ids), all resting on the row
(:class:`~conflictdata.RowRef`) of the file's :class:`~conflictdata.Source`; the mapping is on
:doc:`/importers` and :doc:`/crosswalks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from conflictdata.importers._crosswalk import CROSSWALK_VERSION, gw_country, ucdp_violence
from conflictdata.importers._records import ImportedFile, dataset_source, looked_up, rests_on
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
from conflictdata.vocab import ActorType, DatePrecision, EventRole, LocationPrecision

__all__ = ["COLUMNS", "read"]

_COMMON = frozenset(
    [
        "id",
        "year",
        "active_year",
        "type_of_violence",
        "conflict_new_id",
        "conflict_name",
        "dyad_new_id",
        "dyad_name",
        "side_a_new_id",
        "gwnoa",
        "side_a",
        "side_b_new_id",
        "gwnob",
        "side_b",
        "number_of_sources",
        "source_article",
        "source_office",
        "source_date",
        "source_headline",
        "source_original",
        "where_prec",
        "where_coordinates",
        "adm_1",
        "adm_2",
        "latitude",
        "longitude",
        "geom_wkt",
        "priogrid_gid",
        "country",
        "country_id",
        "region",
        "event_clarity",
        "date_prec",
        "date_start",
        "date_end",
        "deaths_a",
        "deaths_b",
        "deaths_civilians",
        "deaths_unknown",
        "low",
        "best",
        "high",
    ]
)
_SINCE_21_1 = _COMMON | frozenset(
    [
        "relid",
        "code_status",
        "conflict_dset_id",
        "dyad_dset_id",
        "side_a_dset_id",
        "side_b_dset_id",
        "where_description",
    ]
)
#: The column sets of UCDP GED files, by the releases that have them.
COLUMNS = ColumnSets(
    {
        "GED 19.1-20.1": _COMMON,
        "GED 21.1 and later": _SINCE_21_1,
        "GED 19.1-20.1 (HDX)": _COMMON | {"iso3"},
        "GED 21.1 and later (HDX)": _SINCE_21_1 | {"iso3"},
    }
)
_PUBLISHER = "Uppsala Conflict Data Program (UCDP)"
_CITATION = (
    "Sundberg, Ralph, and Erik Melander. 2013. Introducing the UCDP Georeferenced Event "
    "Dataset. Journal of Peace Research 50(4): 523-532."
)
#: The GED codebook's date_prec: 1 the exact day, 2 a range of 2-6 days, 3 the week,
#: 4 8-30 days or the month, 5 more than a month or the year.
_DATE_PRECISION: dict[int, DatePrecision] = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
#: The GED codebook's where_prec: 1 the exact place, 2 within 25 km of it, 3 the second-order
#: and 4 the first-order administrative division, 5 a line or area across them, 6 only the
#: country (the coordinates are its centroid), 7 international waters or airspace (no country).
_PLACE_PRECISION: dict[int, LocationPrecision] = {
    1: "exact",
    2: "near",
    3: "region",
    4: "region",
    5: "region",
    6: "country",
    7: "region",
}
_VIOLENCE = {1: "State-based violence", 2: "Non-state violence", 3: "One-sided violence"}
_VERSION_IN_NAME = re.compile(r"ged[_-]?(?:event)?[_-]?v?([0-9]{2})[_.-]?([0-9])", re.IGNORECASE)


def read(path: str, *, version: str | None = None) -> ImportedFile:
    """The records of a UCDP GED CSV file, read as they are iterated.

    ``version`` is the GED release (``"19.1"``); without it, it is read from the file's name
    (``ged191.csv``, ``GEDEvent_v25_1.csv``), and a name that does not say raises
    :class:`ValueError`.
    """
    table = Table(path, COLUMNS)
    version = version or _version_in(table.path.name)
    source = dataset_source(
        table,
        family="ucdp-ged",
        version=version,
        title=f"UCDP Georeferenced Event Dataset (GED) Global version {version}",
        publisher=_PUBLISHER,
        url="https://ucdp.uu.se/downloads/",
        license="CC BY 4.0",
        citation=_CITATION,
        id_column="id",
    )
    return ImportedFile(
        table, source, lambda row: _records(row, source.id, version), family="ucdp-ged"
    )


def _version_in(name: str) -> str:
    found = _VERSION_IN_NAME.search(name)
    if found is None:
        raise ValueError(
            f"the UCDP GED version cannot be read from the file name {name!r}: give it "
            "(--dataset-version 19.1)"
        )
    return f"{int(found[1])}.{found[2]}"


def _records(row: Row, source: str, version: str) -> Iterator[Actor | Event]:
    """The actors of a row, then its event."""
    record_id = cell_int(row, "id", low=0)
    coding = ucdp_violence(cell_int(row, "type_of_violence", low=1, high=3))
    rows = rests_on(source, row, str(record_id))
    sides = []
    for side in ("a", "b"):
        actor = _actor(row, side, rows)
        yield actor
        role: EventRole = (
            ("initiator" if side == "a" else "target") if coding.directed else "participant"
        )
        sides.append(EventActor(actor=actor.id, role=role))
    deaths = Fatalities(
        best=cell_int(row, "best", low=0),
        low=cell_int(row, "low", low=0),
        high=cell_int(row, "high", low=0),
    )
    where = _where(row)
    violence = _VIOLENCE[cell_int(row, "type_of_violence")]
    summary = (
        f"{violence} ({row.get('conflict_name')}): {row.get('side_a')} and {row.get('side_b')}"
        f" in {where.name}; {deaths.best} deaths (best estimate)."
    )
    relid = f", relid {row.get('relid')}" if row.get("relid") else ""
    cited = row.get("source_article")
    yield Event(
        id=f"evt-ucdp-ged-{record_id}",
        type=coding.type,
        mode=coding.mode,
        context=coding.context,
        summary=summary,
        actors=tuple(sides),
        when=_when(row),
        where=where,
        factuality="CT+",
        fatalities=deaths,
        rows=rows,
        note=(
            f"UCDP GED {version} id {record_id}{relid}; dyad {row.get('dyad_name')}; "
            f"event_clarity {row.get('event_clarity')}; coded with conflictdata crosswalks "
            f"{CROSSWALK_VERSION}" + (f"; sources: {cited}" if cited else "")
        ),
    )


def _actor(row: Row, side: str, rows: tuple[RowRef, ...]) -> Actor:
    new_id = cell_int(row, f"side_{side}_new_id", low=0)
    name = row.get(f"side_{side}")
    if not name:
        raise CellError(f"side_{side}", "", "no name for the side")
    gwno = row.get(f"gwno{side}")
    country = None
    if gwno and "," not in gwno:  # the state of a government side (a coalition has several)
        country = looked_up(row, f"gwno{side}", gw_country)
    kind: ActorType = "government_body" if name.startswith("Government of") else "group"
    return Actor(id=f"act-ucdp-{new_id}", name=name, type=kind, country=country, rows=rows)


def _when(row: Row) -> When:
    start, end = cell_date(row, "date_start"), cell_date(row, "date_end")
    if end < start:
        raise CellError("date_end", row.get("date_end"), "before date_start")
    if start == end:
        return When(date=start.isoformat(), precision="day", basis="text")
    precision = _DATE_PRECISION[cell_int(row, "date_prec", low=1, high=5)]
    return When(date=f"{start.isoformat()}/{end.isoformat()}", precision=precision, basis="text")


def _where(row: Row) -> Location:
    precision = cell_int(row, "where_prec", low=1, high=7)
    lat = cell_float(row, "latitude", low=-90, high=90)
    lon = cell_float(row, "longitude", low=-180, high=180)
    country = None if precision == 7 else looked_up(row, "country_id", gw_country)
    name = row.get("where_coordinates") or row.get("country")
    if not name:
        raise CellError("where_coordinates", "", "no place name, and no country")
    return Location(
        name=name,
        country=country,
        admin1=row.get("adm_1") or None,
        lat=lat,
        lon=lon,
        precision=_PLACE_PRECISION[precision],
    )
