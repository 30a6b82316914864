"""GDELT 2.0 Events: the 61-column, tab-separated, headerless 15-minute export files, with the
Mentions files (16 columns) that join them on ``GLOBALEVENTID``.

Each row becomes an event ``evt-gdelt-<GLOBALEVENTID>`` with its CAMEO actors (``act-gdelt-``
with the actor code and name: GDELT has no actor ids), resting on its row of the file's
:class:`~conflictdata.Source`. A headerless file's first line is row 1 (RFC 7111), and its
source names the id column by position, ``col=1``. A Mentions file given with the events adds,
to each event it mentions, a row reference to each mention's row and, in the note, each
mention's document and the character offsets GDELT found the actors and the action at: offsets
into a text conflictdata does not have, so they are provenance, not spans.

CAMEO's 01 (statements) and 02 (appeals) codes have no PLOVER type in the crosswalk: those rows
are counted, not imported. The mapping, column by column, is on :doc:`/import-gdelt`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence

from attrs import frozen

from conflictdata.importers._cameo import (
    cameo_actor_type,
    cameo_cell,
    cameo_country,
    fips_country,
)
from conflictdata.importers._crosswalk import CROSSWALK_VERSION, UnknownCode
from conflictdata.importers._records import ImportedFile, Skipped, dataset_source, rests_on, slug
from conflictdata.importers._tabular import (
    CellError,
    ColumnSets,
    ImportProblem,
    Row,
    Table,
    cell_float,
    cell_int,
)
from conflictdata.models import Actor, Event, EventActor, Location, Record, RowRef, Source, When
from conflictdata.vocab import ActorType, LocationPrecision

__all__ = ["COLUMNS", "EVENT_COLUMNS", "MENTION_COLUMNS", "read", "split_files"]

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
#: The 61 columns of a GDELT 2.0 Events file, in order (GDELT 2.0 Event Codebook).
EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO),
    *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
#: The 16 columns of a GDELT 2.0 Mentions file, in order (GDELT 2.0 Event Codebook).
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
#: The layout of GDELT 2.0 Events files (headerless: the columns are known by position).
COLUMNS = ColumnSets({"GDELT 2.0 Events": frozenset(EVENT_COLUMNS)})
_MENTIONS = ColumnSets({"GDELT 2.0 Mentions": frozenset(MENTION_COLUMNS)})
#: GDELT's geo types: 1 a country, 2 a US state, 3 a US city, 4 a city elsewhere, 5 a first-order
#: division elsewhere (0: no place).
_PLACE_PRECISION: dict[int, LocationPrecision] = {
    1: "country",
    2: "region",
    3: "exact",
    4: "exact",
    5: "region",
}
#: How many mentions an event's note lists (every mention is in its rows).
_NOTED = 5
_STAMP = re.compile(r"(?<![0-9])([0-9]{14})(?![0-9])")
_CITATION = (
    "Leetaru, Kalev, and Philip A. Schrodt. 2013. GDELT: Global Data on Events, Location and "
    "Tone, 1979-2012. Paper presented at the ISA Annual Convention, San Francisco."
)


@frozen
class _Mention:
    """What an event keeps of one mention: its row and where in which document it is."""

    row: RowRef
    text: str


def split_files(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The Events files and the Mentions files among ``paths``, told apart by their first row's
    number of cells (16 for Mentions); a file that cannot be read counts as Events (reading it
    reports why)."""
    events: list[str] = []
    mentions: list[str] = []
    for path in paths:
        (mentions if _cells_in_first_row(path) == len(MENTION_COLUMNS) else events).append(path)
    return events, mentions


def _cells_in_first_row(path: str) -> int:
    try:
        with open(path, "rb") as handle:
            return handle.readline(2**20).count(b"\t") + 1
    except OSError:
        return 0


def read(path: str, *, version: str | None = None, mentions: Sequence[str] = ()) -> ImportedFile:
    """The records of a GDELT 2.0 Events file, read as they are iterated, with the ``mentions``
    of its events from the Mentions files given.

    ``version`` names the file (GDELT 2.0 is updated every 15 minutes: its files are named by
    the time of the update, ``20191024143000.export.CSV``); without it, the 14-digit time in the
    file's name, or ``2.0`` where the name has none.
    """
    table = _table(path, COLUMNS, EVENT_COLUMNS)
    version = version or _stamp_in(table.path.name) or "2.0"
    source = _source(table, "gdelt-events", version, "Event Database")
    tables = [_table(other, _MENTIONS, MENTION_COLUMNS) for other in mentions]
    return _EventsFile(table, source, version, tables)


def _table(path: str, columns: ColumnSets, names: tuple[str, ...]) -> Table:
    """A GDELT file: tab-separated, nothing quoted, no header."""
    return Table(path, columns, delimiter="\t", quoted=False, names=names)


def _stamp_in(name: str) -> str | None:
    found = _STAMP.search(name)
    return found[1] if found else None


def _source(table: Table, family: str, version: str, what: str) -> Source:
    return dataset_source(
        table,
        family=family,
        version=version,
        title=f"GDELT 2.0 {what}, update {version}",
        publisher="The GDELT Project",
        url="https://www.gdeltproject.org/data.html",
        license="GDELT: free and open, cite the GDELT Project",
        citation=_CITATION,
        id_column="col=1",
    )


class _EventsFile(ImportedFile):
    """An Events file's records, each event with the rows and notes of its mentions."""

    def __init__(self, table: Table, source: Source, version: str, mentions: list[Table]) -> None:
        super().__init__(table, source, self._event_records, family="gdelt-events")
        self._version, self._mention_tables = version, mentions
        self._mentions: dict[str, list[_Mention]] = {}

    def __iter__(self) -> Iterator[Record]:
        sources = [
            _source(t, "gdelt-mentions", _stamp_in(t.path.name) or self._version, "Mentions")
            for t in self._mention_tables
        ]
        self._mentions = {}
        for table, source in zip(self._mention_tables, sources, strict=True):
            self._index(table, source.id)
        records = super().__iter__()
        yield next(records)
        yield from sources
        yield from records
        left = sum(len(found) for found in self._mentions.values())
        if left:
            self.skipped["Mentions rows of events not in this file"] += left

    def _index(self, table: Table, source: str) -> None:
        for row in table.rows():
            try:
                event_id, mention = _mention(row, source)
            except CellError as exc:
                self.problems.append(
                    ImportProblem(
                        table.name, row.line, row.number, exc.column, exc.value, exc.message
                    )
                )
                continue
            self._mentions.setdefault(event_id, []).append(mention)

    def _event_records(self, row: Row) -> list[Actor | Event]:
        event_id = _event_id(row)
        mentioned = self._mentions.pop(event_id, [])
        try:
            return list(_records(row, self.source.id, event_id, mentioned))
        except (CellError, Skipped):
            if mentioned:
                self.skipped["Mentions rows of events left out"] += len(mentioned)
            raise


def _event_id(row: Row) -> str:
    if row.width != len(EVENT_COLUMNS):
        raise CellError(
            "SOURCEURL", None, f"the row has {row.width} cells, not {len(EVENT_COLUMNS)}"
        )
    return str(cell_int(row, "GLOBALEVENTID", low=0))


def _mention(row: Row, source: str) -> tuple[str, _Mention]:
    if row.width != len(MENTION_COLUMNS):
        raise CellError(
            "Extras", None, f"the row has {row.width} cells, not {len(MENTION_COLUMNS)}"
        )
    event_id = str(cell_int(row, "GLOBALEVENTID", low=0))
    document = row.get("MentionIdentifier")
    if not document:
        raise CellError("MentionIdentifier", "", "no document")
    offsets = ", ".join(
        f"{who} {_offset(row, column)}"
        for who, column in (
            ("actor1", "Actor1CharOffset"),
            ("actor2", "Actor2CharOffset"),
            ("action", "ActionCharOffset"),
        )
    )
    sentence = cell_int(row, "SentenceID", low=0)
    text = (
        f"{document} (sentence {sentence}; characters {offsets}; confidence "
        f"{cell_int(row, 'Confidence', low=0, high=100)}%; document of "
        f"{cell_int(row, 'MentionDocLen', low=0)} characters)"
    )
    return event_id, _Mention(RowRef(source=source, row=row.number, record_id=event_id), text)


def _offset(row: Row, column: str) -> str:
    """A character offset, or ``none`` for GDELT's -1 (not found in the sentence)."""
    offset = cell_int(row, column, low=-1)
    return "none" if offset < 0 else str(offset)


def _records(
    row: Row, source: str, event_id: str, mentioned: list[_Mention]
) -> Iterator[Actor | Event]:
    """The actors of a row, then its event."""
    code = row.get("EventCode")
    coding, label = cameo_cell("EventCode", code)
    rows = rests_on(source, row, event_id)
    when, dated = _when(row)
    where = _where(row)
    actors, names = [], ["an actor not coded", ""]
    for index, (number, role) in enumerate((("1", "initiator"), ("2", "target"))):
        actor = _actor(row, number, rows)
        if actor is None:
            continue
        yield actor
        names[index] = actor.name
        actors.append(EventActor(actor=actor.id, role=role))  # type: ignore[arg-type]
    place = f" in {where.name}" if where is not None else ""
    who = f"{names[0]} to {names[1]}" if names[1] else names[0]
    who = who[0].upper() + who[1:]
    noted = "; ".join(mention.text for mention in mentioned[:_NOTED])
    more = len(mentioned) - _NOTED
    mentions = (
        f"; mentions: {noted}" + (f"; and {more} more in the rows" if more > 0 else "")
        if mentioned
        else ""
    )
    yield Event(
        id=f"evt-gdelt-{event_id}",
        type=coding.type,
        mode=coding.mode,
        context=coding.context,
        summary=f"{who}: {label} (CAMEO {code}){place}.",
        actors=tuple(dict.fromkeys(actors)),
        when=when,
        where=where,
        factuality="Uu",
        rows=rows + tuple(mention.row for mention in mentioned),
        note=(
            f"GDELT 2.0 event {event_id}; {dated}; IsRootEvent {row.get('IsRootEvent')}, "
            f"QuadClass {row.get('QuadClass')}, GoldsteinScale {row.get('GoldsteinScale')}, "
            f"NumMentions {row.get('NumMentions')}, NumSources {row.get('NumSources')}, "
            f"NumArticles {row.get('NumArticles')}, AvgTone {row.get('AvgTone')}"
            f"{_place_note(row)}; source {row.get('SOURCEURL') or 'not given'}{mentions}; "
            f"coded with conflictdata crosswalks {CROSSWALK_VERSION}"
        ),
    )


def _day(row: Row, column: str) -> dt.date:
    value = row.get(column)[:8]
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise CellError(column, row.get(column), "not a date (YYYYMMDD)") from None


def _when(row: Row) -> tuple[When, str]:
    """GDELT's date of the event (SQLDATE), as the row gives it, and a note of how it stands to
    the time GDELT added the event (DATEADDED)."""
    day = _day(row, "SQLDATE")
    added = row.get("DATEADDED")
    if len(added) != 14 or not added.isdigit():
        raise CellError("DATEADDED", added, "not a time (YYYYMMDDHHMMSS)")
    offset = (day - _day(row, "DATEADDED")).days
    stamp = f"{added[:4]}-{added[4:6]}-{added[6:8]} {added[8:10]}:{added[10:12]} UTC"
    relation = (
        "the day" if offset == 0 else f"{abs(offset)} days {'before' if offset < 0 else 'after'}"
    )
    note = f"SQLDATE {day.isoformat()}, {relation} GDELT added it (DATEADDED {stamp})"
    return When(date=day.isoformat(), precision="day", basis="text"), note


def _where(row: Row) -> Location | None:
    kind = cell_int(row, "ActionGeo_Type", low=0, high=5)
    if kind == 0:
        return None
    name = row.get("ActionGeo_FullName")
    if not name:
        raise CellError("ActionGeo_FullName", "", "no place name for a coded place")
    code = row.get("ActionGeo_CountryCode")
    try:
        country = fips_country(code) if code else None
    except UnknownCode as exc:
        raise CellError("ActionGeo_CountryCode", code, str(exc)) from None
    parts = name.split(", ")
    admin1 = parts[1] if kind in (3, 4, 5) and len(parts) == 3 else None
    admin1 = parts[0] if kind in (2, 5) and len(parts) == 2 else admin1
    if admin1 is not None and admin1.endswith("(general)"):
        admin1 = None  # GDELT's "Belarus (general)": no division is known
    return Location(
        name=name,
        country=country,
        admin1=admin1,
        lat=cell_float(row, "ActionGeo_Lat", low=-90, high=90),
        lon=cell_float(row, "ActionGeo_Long", low=-180, high=180),
        precision=_PLACE_PRECISION[kind],
    )


def _place_note(row: Row) -> str:
    parts = [
        f"{label} {row.get(column)}"
        for label, column in (
            ("GNS/GNIS feature", "ActionGeo_FeatureID"),
            ("ADM1 code", "ActionGeo_ADM1Code"),
            ("ADM2 code", "ActionGeo_ADM2Code"),
        )
        if row.get(column)
    ]
    return "; " + ", ".join(parts) if parts else ""


def _actor(row: Row, number: str, rows: tuple[RowRef, ...]) -> Actor | None:
    prefix = f"Actor{number}"
    code = row.get(f"{prefix}Code")
    name = row.get(f"{prefix}Name") or code
    if not code:
        return None
    country_code = row.get(f"{prefix}CountryCode")
    country = cameo_country(country_code) if country_code else None
    type_code = row.get(f"{prefix}Type1Code")
    kind: ActorType = cameo_actor_type(type_code) or (
        "state" if country is not None and code == country_code else "group"
    )
    coded = [f"CAMEO actor code {code}"]
    if country_code:
        iso = "" if country else ", not an ISO 3166-1 country"
        coded.append(f"country {country_code}{iso}")
    coded += [
        f"{label} {row.get(prefix + column)}"
        for label, column in (
            ("known group", "KnownGroupCode"),
            ("ethnic", "EthnicCode"),
            ("religion", "Religion1Code"),
            ("religion", "Religion2Code"),
            ("type", "Type1Code"),
            ("type", "Type2Code"),
            ("type", "Type3Code"),
        )
        if row.get(prefix + column)
    ]
    return Actor(
        id=_actor_id(code, name),
        name=name,
        type=kind,
        country=country,
        rows=rows,
        note=f"GDELT {', '.join(coded)}",
    )


def _actor_id(code: str, name: str) -> str:
    """``act-gdelt-`` with the actor code, the name's words and the start of the SHA-256 of both
    (one CAMEO code names many actors: ``AUS`` is AUSTRALIA and VICTORIA)."""
    digest = hashlib.sha256(f"{code}\t{name}".encode()).hexdigest()[:8]
    words = slug(f"{code} {name}")[:80].strip("-")
    return f"act-gdelt-{words}-{digest}" if words else f"act-gdelt-{digest}"
