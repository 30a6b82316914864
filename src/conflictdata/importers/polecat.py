"""POLECAT: the weekly and yearly tab-separated releases of the POLECAT event data (Harvard
Dataverse doi:10.7910/DVN/AJGVIT), as events that rest on their rows.

POLECAT ships no text, so each event rests on its row (RFC 7111 number and ``Event ID``) of the
file's dataset :class:`~conflictdata.Source`, as UCDP GED and ACLED events do. The quirks of the
published files are read: ``Intensity`` or ``Event Intensity``; a header with a ``Headline``
name that the rows have no cell for (the rows are then read without it); stray tabs at the ends
of lines (empty cells past the last column, and empty names in the header); multi-valued cells
joined with ``;`` (one actor per name, contexts, modes: one event per mode). Machine-coded, an
event's factuality is ``Uu`` unless an auxiliary mode says otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import cast

from conflictdata.importers._crosswalk import iso_country
from conflictdata.importers._plover import (
    NotAnEvent,
    UnknownCategory,
    actor_type,
    code,
    coded_events,
)
from conflictdata.importers._records import ImportedFile, Skipped, dataset_source, rests_on, slug
from conflictdata.importers._tabular import (
    CellError,
    ColumnSets,
    Row,
    Table,
    cell_date,
    cell_float,
)
from conflictdata.importers.ngec import feature_precision
from conflictdata.models import Actor, Event, EventActor, Location, RowRef, When
from conflictdata.vocab import EventRole

__all__ = ["COLUMNS", "read"]

_BASE = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
    "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country",
    "Recipient COW", "Primary Recipient Sector", "Recipient Sectors", "Recipient Title",
    "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City", "District", "Province",
    "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source",
    "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language",
    "Version",
]  # fmt: skip


def _sets() -> dict[str, frozenset[str]]:
    sets: dict[str, frozenset[str]] = {}
    for intensity in ("Intensity", "Event Intensity"):
        for extra, name in (((), ""), (("Headline",), ", Headline"), (("",), ", trailing tab")):
            columns = frozenset([*_BASE, intensity, *extra])
            sets[f"POLECAT ({intensity}{name})"] = columns
        sets[f"POLECAT ({intensity}, Headline, trailing tab)"] = frozenset(
            [*_BASE, intensity, "Headline", ""]
        )
    return sets


#: The column sets of POLECAT's files: ``Intensity`` or ``Event Intensity``, with or without
#: the stray ``Headline`` name and trailing tabs.
COLUMNS = ColumnSets(_sets())
_CITATION = (
    "Halterman, Andrew, Philip A. Schrodt, Andreas Beger, Benjamin E. Bagozzi and Grace I. "
    "Scarborough. 2023. PLOVER and POLECAT: A New Political Event Ontology and Dataset. "
    "SocArXiv rm5dw. Data: POLECAT, Harvard Dataverse, doi:10.7910/DVN/AJGVIT."
)


class _Tsv(Table):
    """A POLECAT file: a header with ``Headline`` whose first row has one cell fewer (trailing
    empty cells aside) is read without that name, as the rows have no such column; empty
    names (trailing tabs) are dropped from each row."""

    def _rows(self, reader: Iterator[list[str]]) -> Iterator[Row]:
        for row in super()._rows(_WithoutHeadline(reader)):
            yield Row(row.number, row.line, {k: v for k, v in row.cells.items() if k})


class _WithoutHeadline:
    """The records of a CSV reader, the header without ``Headline`` where the first data row
    shows the rows have no cell for it; ``line_num`` as the reader's."""

    def __init__(self, reader: Iterator[list[str]]) -> None:
        self._reader = reader
        self._ahead: list[tuple[list[str], int]] = []
        self._given = 0
        header = next(reader, None)
        if header is None:
            return
        header_line = self._reader_line()
        first = next(reader, None)
        names = [name.strip() for name in header]
        if first is not None and "Headline" in names:
            filled = len(first)
            while filled and not first[filled - 1].strip():
                filled -= 1
            if filled == len([name for name in names if name]) - 1:
                header = [
                    cell for cell, name in zip(header, names, strict=True) if name != "Headline"
                ]
        self._ahead = [(header, header_line)]
        if first is not None:
            self._ahead.append((first, self._reader_line()))

    def _reader_line(self) -> int:
        return int(getattr(self._reader, "line_num", 0))

    @property
    def line_num(self) -> int:
        """The line number the reader had after the record last given."""
        return self._given

    def __iter__(self) -> _WithoutHeadline:
        return self

    def __next__(self) -> list[str]:
        if self._ahead:
            record, self._given = self._ahead.pop(0)
            return record
        record = next(self._reader)
        self._given = self._reader_line()
        return record


def read(path: str, *, version: str | None = None) -> ImportedFile:
    """The records of a POLECAT file, read as they are iterated; ``version`` names the release
    (the ``Version`` cell of the first row is kept in each event's note)."""
    table = _Tsv(path, COLUMNS, delimiter="\t", quoted=False)
    given = version or table.path.stem
    source = dataset_source(
        table,
        family="polecat",
        version=given,
        title=f"POLECAT event data file {table.path.name}",
        publisher="POLECAT (Harvard Dataverse doi:10.7910/DVN/AJGVIT)",
        url="https://doi.org/10.7910/DVN/AJGVIT",
        license="the Dataverse terms of the POLECAT dataset",
        citation=_CITATION,
        id_column="Event ID",
    )
    return ImportedFile(table, source, lambda row: _records(row, source.id), family="polecat")


def _split(row: Row, column: str) -> list[str]:
    return [part.strip() for part in row.get(column).split(";") if part.strip()]


def _records(row: Row, source: str) -> Iterator[Actor | Event]:
    upstream = row.get("Event ID")
    if not slug(upstream):
        raise CellError("Event ID", upstream, "no id")
    category = row.get("Event Type")
    try:
        codings = code(
            category, _split(row, "Event Mode"), _split(row, "Contexts"), factuality="Uu"
        )
    except NotAnEvent:
        raise Skipped(f"{category}: not an event") from None
    except UnknownCategory as exc:
        raise CellError("Event Type", category, str(exc)) from None
    rows = rests_on(source, row, upstream)
    taking_part: list[EventActor] = []
    names: dict[str, str] = {}
    for side, role in (("Actor", "initiator"), ("Recipient", "target")):
        for actor in _actors(row, side, rows):
            names[actor.id] = actor.name
            yield actor
            taking_part.append(EventActor(actor=actor.id, role=cast(EventRole, role)))
    day = cell_date(row, "Event Date")
    when = When(date=day.isoformat(), precision="day", basis="text")
    where = _where(row)
    intensity = row.get("Intensity") or row.get("Event Intensity")
    heading = [
        f"POLECAT {upstream}, version {row.get('Version') or 'not given'}",
        f"Event Type {category!r}, Event Mode {row.get('Event Mode')!r}",
        f"intensity {intensity or 'not given'}, quad {row.get('Quad Code') or 'not given'}",
        f"source {row.get('Source') or 'not given'}, published {row.get('Publication Date') or 'not given'}",
    ]
    yield from coded_events(
        "polecat",
        upstream,
        codings,
        taking_part,
        names,
        notes=(heading, ()),
        when=when,
        where=where,
        rows=rows,
    )


def _actors(row: Row, side: str, rows: tuple[RowRef, ...]) -> Iterator[Actor]:
    """The actors of one side: the ``;``-joined names with the country, sector, raw name and
    Wikipedia id at the same place in their cells."""
    names = row.get(f"{side} Name").split(";")
    columns = {
        "country": f"{side} Country",
        "sector": f"Primary {side} Sector",
        "raw": f"{side} Name Raw",
        "wiki": f"Wikipedia {side} ID",
        "title": f"{side} Title",
    }
    cells = {key: row.get(column).split(";") for key, column in columns.items()}
    for index, name in enumerate(names):
        name = name.strip()
        if not name:
            continue

        def at(key: str, position: int = index) -> str:
            found = cells[key]
            if len(found) == len(names):
                return found[position].strip()
            return found[0].strip() if len(found) == 1 else ""

        country_code = at("country")
        country = iso_country(country_code)
        sector = at("sector") or None
        key = f"{name}|{country_code}|{sector}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
        words = slug(name)[:60].strip("-")
        raw = at("raw")
        yield Actor(
            id=f"act-polecat-{words}-{digest}" if words else f"act-polecat-{digest}",
            name=name,
            type=actor_type(sector, country_code or None, is_country=country is not None),
            country=country,
            aliases=(raw,) if raw and raw != name else (),
            rows=rows,
            note=(
                f"POLECAT country {country_code!r}, sector {sector!r}, Wikipedia id "
                f"{at('wiki')!r} (not a Wikidata item), title {at('title')!r}"
            ),
        )


def _where(row: Row) -> Location | None:
    name = row.get("Placename") or row.get("City") or row.get("Province") or row.get("Country")
    if not name:
        return None
    country_code = row.get("Country")
    country = iso_country(country_code)
    return Location(
        name=name,
        country=country,
        admin1=row.get("Province") or None,
        lat=cell_float(row, "Latitude", low=-90, high=90),
        lon=cell_float(row, "Longitude", low=-180, high=180),
        precision=feature_precision(None, row.get("Feature Type")),
    )
