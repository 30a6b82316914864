"""The GDELT 2.0 Events importer, on the real 15-minute file's first 250 rows and a Mentions file
constructed from the codebook's layout (tests/data/gdelt/README.md): headerless rows numbered
from 1, the Mentions join, dates, places and actors, located errors, and validation against the
files with 0 errors."""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import importers
from conflictdata.cli import run
from conflictdata.importers import TableError, gdelt
from conflictdata.io.jsonl import write_jsonl
from conflictdata.models import Actor, Event, Source

DATA = Path(__file__).parent / "data" / "gdelt"
EVENTS = DATA / "20191024143000.export.first250.CSV"
MENTIONS = DATA / "20191024143000.mentions.CSV"


def _lines() -> list[list[str]]:
    """The real file's rows, as lists of cells."""
    return [line.split("\t") for line in EVENTS.read_text("utf-8").splitlines()]


def _write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(row) + "\n" for row in rows), "utf-8")
    return path


def _errors(report: Any) -> list[str]:
    return [str(issue) for issue in report.issues if issue.severity == "error"]


def _import(folder: Path, path: Path, **options: Any) -> tuple[Any, list[Any], Path]:
    imported = importers.read("gdelt-events", path, **options)
    output = folder / "gdelt.jsonl"
    write_jsonl(imported, output)
    return imported, list(cd.io.read(output)), output


def _events(records: list[Any]) -> dict[str, Event]:
    return {record.id: record for record in records if isinstance(record, Event)}


def test_the_real_file_imports_and_validates_against_itself(tmp_path: Path) -> None:
    """Every row of the real file is imported or counted (22 rows of CAMEO 01 and 02 codes,
    which have no PLOVER type), none is left out with an error, and the records validate
    against the file with no issue at all."""
    imported, records, output = _import(tmp_path, EVENTS)
    assert (250, [], {"CAMEO 01: no PLOVER type": 15, "CAMEO 02: no PLOVER type": 7}) == (
        imported.rows,
        imported.problems,
        dict(imported.skipped),
    )
    assert 228 == len(_events(records))
    assert [] == [str(issue) for issue in cd.validate(output, dataset_files=[EVENTS]).issues]


def test_a_headerless_file_s_first_line_is_row_1(tmp_path: Path) -> None:
    """RFC 7111 numbers a headerless file's rows from its first line: each event rests on the
    row of its line, which carries its GLOBALEVENTID in column 1 (``id_column`` ``col=1``)."""
    imported, records, _ = _import(tmp_path, EVENTS)
    lines = _lines()
    assert "col=1" == imported.source.id_column
    for event in _events(records).values():
        ref = event.rows[0]
        assert (ref.record_id, f"evt-gdelt-{ref.record_id}") == (lines[ref.row - 1][0], event.id)
    assert 1 == _events(records)["evt-gdelt-881990832"].rows[0].row


def test_a_changed_row_reference_is_caught_by_the_validator(tmp_path: Path) -> None:
    """The validator reads the headerless, tab-separated file by position: a row reference moved
    to another row is a row-id-mismatch, and an id column past the row's end is reported."""
    _, _, output = _import(tmp_path, EVENTS)
    text = output.read_text("utf-8")
    moved = tmp_path / "moved.jsonl"
    moved.write_text(
        text.replace('"record_id":"881990832","row":1,', '"record_id":"881990832","row":2,', 1),
        "utf-8",
    )
    assert ["row-id-mismatch"] == [
        issue.code for issue in cd.validate(moved, dataset_files=[EVENTS]).issues
    ]
    beyond = tmp_path / "beyond.jsonl"
    beyond.write_text(text.replace('"id_column":"col=1"', '"id_column":"col=99"'), "utf-8")
    codes = {issue.code for issue in cd.validate(beyond, dataset_files=[EVENTS]).issues}
    assert {"dataset-id-column"} == codes


def test_mentions_join_as_rows_and_provenance(tmp_path: Path) -> None:
    """A Mentions file joins on GLOBALEVENTID: each mention is a row reference of the event and,
    in its note, the document with the sentence and character offsets (-1 as none), never a
    span (the text is not shipped); mentions of events not imported are counted; the records
    validate against both files with 0 errors."""
    imported, records, output = _import(tmp_path, EVENTS, mentions=[MENTIONS])
    sources = [record for record in records if isinstance(record, Source)]
    assert ["gdelt-events", "gdelt-mentions"] == [s.id.split("-2019")[0][4:] for s in sources]
    event = _events(records)["evt-gdelt-881990832"]
    assert [(sources[0].id, 1), (sources[1].id, 1), (sources[1].id, 3)] == [
        (ref.source, ref.row) for ref in event.rows
    ]
    assert () == event.evidence
    assert "(sentence 4; characters actor1 512, actor2 none, action 540; confidence 50%" in (
        event.note or ""
    )
    assert {
        "CAMEO 01: no PLOVER type": 15,
        "CAMEO 02: no PLOVER type": 7,
        "Mentions rows of events left out": 1,
        "Mentions rows of events not in this file": 1,
    } == dict(imported.skipped)
    report = cd.validate(output, dataset_files=[EVENTS, MENTIONS])
    assert [] == _errors(report)


def test_the_command_finds_the_mentions_among_the_files(tmp_path: Path) -> None:
    """``conflictdata import gdelt-events`` tells a Mentions file from an Events file by its 16
    columns, joins it with every Events file given, and writes its source once."""
    lines = _lines()
    first = _write(tmp_path / "20191024143000.export.CSV", lines[:125])
    second = _write(tmp_path / "20191024143000.part2.export.CSV", lines[125:])
    output = tmp_path / "out.jsonl"
    arguments = [str(MENTIONS), str(first), str(second), "--output", str(output)]
    err = io.StringIO()
    assert 0 == run(["import", "gdelt-events", *arguments], stderr=err)
    records = list(cd.io.read(output))
    assert 3 == len([record for record in records if isinstance(record, Source)])
    assert [] == _errors(cd.validate(output, dataset_files=[first, second, MENTIONS]))
    only = tmp_path / "only.jsonl"
    err = io.StringIO()
    assert 1 == run(["import", "gdelt-events", str(MENTIONS), "--output", str(only)], stderr=err)
    assert "only GDELT Mentions files" in err.getvalue()
    assert not only.exists()


def test_sqldate_is_the_row_s_date_and_dateadded_is_noted(tmp_path: Path) -> None:
    """SQLDATE is the event's day as the row gives it (basis text: no anchor record holds the
    article's date), and the note says how far it lies from DATEADDED, so that a date a year
    before the article is visible, never corrected."""
    _, records, _ = _import(tmp_path, EVENTS)
    event = _events(records)["evt-gdelt-881990832"]
    assert ("2018-10-24", "day", "text", None) == (
        event.when.date,
        event.when.precision,
        event.when.basis,
        event.when.anchor,
    )
    assert (
        "SQLDATE 2018-10-24, 365 days before GDELT added it (DATEADDED 2019-10-24 14:30 UTC)"
        in (event.note or "")
    )


def test_places_have_the_precision_of_their_geo_type(tmp_path: Path) -> None:
    """ActionGeo_Type 0 is no place; 1 a country, 2 and 5 a region, 3 and 4 a city (exact);
    FIPS codes become ISO alpha-3 (FIPS CA is Canada) and the part of the full name that is
    the first-order division its admin1; the feature id is kept in the note."""
    _, records, _ = _import(tmp_path, EVENTS)
    lines = {line[0]: line for line in _lines()}
    seen = {}
    for event in _events(records).values():
        kind = lines[event.rows[0].record_id][51]
        seen[kind] = None if event.where is None else event.where.precision
    assert {
        "0": None,
        "1": "country",
        "2": "region",
        "3": "exact",
        "4": "exact",
        "5": "region",
    } == seen
    vancouver = _events(records)["evt-gdelt-881990832"]
    assert vancouver.where is not None
    assert ("CAN", "British Columbia") == (vancouver.where.country, vancouver.where.admin1)
    assert "GNS/GNIS feature -575268" in (vancouver.note or "")
    admin1 = {e.where.name: e.where.admin1 for e in _events(records).values() if e.where}
    assert ("Bayelsa", "Tennessee", None) == (
        admin1["Bayelsa State, Bayelsa, Nigeria"],
        admin1["Tennessee, United States"],
        admin1["Minsk, Belarus (general), Belarus"],
    )


def test_actors_keep_cameo_codes_that_are_not_countries(tmp_path: Path) -> None:
    """A CAMEO country code that is no ISO country (EUR, a region) gives no country and says so;
    IGO is an organization; an actor coded only by its country is a state; one CAMEO code with
    two names gives two actors."""
    _, records, _ = _import(tmp_path, EVENTS)
    actors = {record.id: record for record in records if isinstance(record, Actor)}
    eu = next(actor for actor in actors.values() if actor.name == "THE EU")
    assert (None, "organization") == (eu.country, eu.type)
    assert "country EUR, not an ISO 3166-1 country" in (eu.note or "")
    australia = [
        actor
        for actor in actors.values()
        if (actor.note or "").startswith("GDELT CAMEO actor code AUS,")
    ]
    assert {("AUS", "state")} == {(actor.country, actor.type) for actor in australia}
    assert 2 <= len({actor.name for actor in australia})


def test_bad_rows_are_located_and_left_out(tmp_path: Path) -> None:
    """A row with a bad cell (id, date, FIPS code, CAMEO code, a missing cell) is left out and
    reported with its file, line, row, column and value; every other row is imported, the
    input is not modified, and the output validates against the file with 0 errors."""
    lines = _lines()
    bad = [list(line) for line in lines[:8]]
    bad[1][0] = "x1"
    bad[2][1] = "20191332"
    bad[3][53] = "QQ"
    bad[4][26] = "999"
    bad[5] = bad[5][:60]
    bad[6][59] = "2019"
    path = _write(tmp_path / "bad.export.CSV", bad)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    imported, records, output = _import(tmp_path, path)
    assert [
        (2, "GLOBALEVENTID", "x1"),
        (3, "SQLDATE", "20191332"),
        (4, "ActionGeo_CountryCode", "QQ"),
        (5, "EventCode", "999"),
        (6, "SOURCEURL", None),
        (7, "DATEADDED", "2019"),
    ] == [(p.row, p.column, p.value) for p in imported.problems]
    assert all(p.file == str(path) and p.line == p.row for p in imported.problems)
    assert ["evt-gdelt-881990832", "evt-gdelt-881990839"] == sorted(_events(records))
    assert before == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [] == _errors(cd.validate(output, dataset_files=[path]))


def test_a_file_of_another_layout_is_refused_before_any_row(tmp_path: Path) -> None:
    """A file whose first row has not 61 cells (GDELT 1.0's 57 or 58, an ICEWS file) is no GDELT
    2.0 Events file: nothing is written and the command exits 1."""
    old = _write(tmp_path / "20130401.export.CSV", [line[:58] for line in _lines()[:3]])
    with pytest.raises(TableError, match="58 cells, not the 61 columns"):
        list(importers.read("gdelt-events", old))
    output = tmp_path / "out.jsonl"
    assert 1 == run(
        ["import", "gdelt-events", str(old), "--output", str(output)], stderr=io.StringIO()
    )
    assert not output.exists()
    empty = tmp_path / "empty.CSV"
    empty.write_bytes(b"")
    with pytest.raises(TableError, match="empty"):
        list(importers.read("gdelt-events", empty))


def test_the_columns_are_the_codebook_s() -> None:
    """The Events layout has 61 columns from GLOBALEVENTID to SOURCEURL, the Mentions layout 16,
    each name once."""
    assert (61, "GLOBALEVENTID", "SOURCEURL") == (
        len(set(gdelt.EVENT_COLUMNS)),
        gdelt.EVENT_COLUMNS[0],
        gdelt.EVENT_COLUMNS[-1],
    )
    assert (16, "ActionCharOffset") == (len(set(gdelt.MENTION_COLUMNS)), gdelt.MENTION_COLUMNS[9])


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "days": st.integers(-400, 5),
                "geo": st.integers(0, 5),
                "code": st.sampled_from(["042", "0874", "112", "1712", "190", "195", "010"]),
                "actor": st.sampled_from(["", "USA", "IGOEUREEC", "AFR", "CHNGOV"]),
                "name": st.text(
                    st.characters(codec="utf-8", exclude_characters="\t\r\n"), max_size=20
                ),
            }
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_rows_import_to_records_that_validate(cells: list[dict[str, Any]]) -> None:
    """Rows of any date offset, geo type, CAMEO code, actor code and name (quotes included:
    nothing is quoted in GDELT files) import with no problem to records that validate against
    the file with 0 errors, each event resting on the row of its line."""
    import datetime as dt

    template = _lines()[1]
    made = []
    for number, cell in enumerate(cells):
        row = list(template)
        row[0] = str(1000 + number)
        row[1] = (dt.date(2019, 10, 24) + dt.timedelta(days=cell["days"])).strftime("%Y%m%d")
        row[51] = str(cell["geo"])
        row[26] = cell["code"]
        row[5] = cell["actor"]
        row[6] = cell["name"].strip()
        row[7] = cell["actor"][:3]
        made.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "20191024143000.export.CSV", made)
        imported, records, output = _import(Path(folder), path)
        assert [] == imported.problems
        assert {
            f"evt-gdelt-{1000 + n}": n + 1 for n, c in enumerate(cells) if c["code"] != "010"
        } == {event.id: event.rows[0].row for event in _events(records).values()}
        assert [] == _errors(cd.validate(output, dataset_files=[path]))


def test_mentions_go_only_with_gdelt_events(tmp_path: Path) -> None:
    """Mentions files are joined with GDELT Events files only: given with another format they
    are a ValueError naming it; a Mentions file read as Events is refused by its width."""
    with pytest.raises(ValueError, match="not icews"):
        importers.read("icews", EVENTS, mentions=[MENTIONS])
    with pytest.raises(TableError, match="16 cells, not the 61 columns"):
        list(importers.read("gdelt-events", MENTIONS))
    assert ([str(EVENTS)], [str(MENTIONS)]) == gdelt.split_files([str(MENTIONS), str(EVENTS)])
