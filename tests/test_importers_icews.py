"""The ICEWS importer, on the real sample of 2018 events (tests/data/icews/README.md): ids unique
with their dates, ``NA`` and empty cells, country names to ISO codes, places, located errors, and
validation against the file with 0 errors."""

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
from conflictdata.importers import TableError, icews
from conflictdata.io.jsonl import write_jsonl
from conflictdata.models import Actor, Event

SAMPLE = Path(__file__).parent / "data" / "icews" / "events.2018.sample.first300.tab"


def _table() -> tuple[list[str], list[dict[str, str]]]:
    lines = SAMPLE.read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return header, [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    text = "\t".join(header) + "\n"
    text += "".join("\t".join(row.get(name, "") for name in header) + "\n" for row in rows)
    path.write_text(text, "utf-8")
    return path


def _import(folder: Path, path: Path) -> tuple[Any, list[Any], Path]:
    imported = importers.read("icews", path)
    output = folder / "icews.jsonl"
    write_jsonl(imported, output)
    return imported, list(cd.io.read(output)), output


def _events(records: list[Any]) -> dict[str, Event]:
    return {record.id: record for record in records if isinstance(record, Event)}


def _errors(report: Any) -> list[str]:
    return [str(issue) for issue in report.issues if issue.severity == "error"]


def test_the_real_sample_imports_and_validates_against_itself(tmp_path: Path) -> None:
    """Every row of the sample is imported or counted (63 rows of CAMEO 01 and 02 codes), none
    is left out with an error, and the records validate against the file with no issue."""
    imported, records, output = _import(tmp_path, SAMPLE)
    assert (300, [], {"CAMEO 01: no PLOVER type": 45, "CAMEO 02: no PLOVER type": 18}) == (
        imported.rows,
        imported.problems,
        dict(imported.skipped),
    )
    assert 237 == len(_events(records))
    assert "Event ID" == imported.source.id_column
    assert [] == [str(issue) for issue in cd.validate(output, dataset_files=[SAMPLE]).issues]


def test_a_reused_event_id_gives_two_events(tmp_path: Path) -> None:
    """ICEWS reused event ids before 2014: two rows with one Event ID and two dates are two
    events, their ids made unique by the date, each resting on its row with the upstream id."""
    header, rows = _table()
    again = dict(rows[0], **{"Event Date": "2013-05-02"})
    path = _write(tmp_path / "events.2013.tab", header, [rows[0], again])
    _, records, output = _import(tmp_path, path)
    events = _events(records)
    assert ["evt-icews-32889836-20130502", "evt-icews-32889836-20180601"] == sorted(events)
    assert [("32889836", 2), ("32889836", 3)] == sorted(
        (event.rows[0].record_id, event.rows[0].row) for event in events.values()
    )
    assert [] == _errors(cd.validate(output, dataset_files=[path]))


def test_a_repeated_row_is_counted_once(tmp_path: Path) -> None:
    """A row repeating the Event ID and date of an earlier row (ICEWS's exact duplicates) is the
    same event: counted, not imported twice, so the output has unique ids and validates; a
    second pass over the file gives the same records."""
    header, rows = _table()
    path = _write(tmp_path / "events.2021.tab", header, [rows[0], rows[1], rows[0]])
    imported, records, output = _import(tmp_path, path)
    assert {"repeats the Event ID and Event Date of an earlier row": 1} == dict(imported.skipped)
    assert [2, 3] == [event.rows[0].row for event in _events(records).values()]
    assert records == list(imported)
    assert [] == _errors(cd.validate(output, dataset_files=[path]))


def test_na_and_empty_cells_are_missing_alike(tmp_path: Path) -> None:
    """``NA`` (readr's rewrite) and an empty cell (the Dataverse files) both mean missing: the
    two files give the same events."""
    header, rows = _table()
    with_na = _write(tmp_path / "na.tab", header, rows[:40])
    blank = [
        {name: "" if value == "NA" else value for name, value in row.items()} for row in rows[:40]
    ]
    without = _write(tmp_path / "blank.tab", header, blank)
    first = _events(list(importers.read("icews", with_na)))
    second = _events(list(importers.read("icews", without)))
    assert [(e.id, e.where, e.actors, e.summary) for e in first.values()] == [
        (e.id, e.where, e.actors, e.summary) for e in second.values()
    ]


def test_country_names_become_iso_codes(tmp_path: Path) -> None:
    """Country names become ISO 3166-1 alpha-3 codes, with pycountry and, for the names it does
    not know, the table (Occupied Palestinian Territory, Turkey); Kosovo has none."""
    _, records, _ = _import(tmp_path, SAMPLE)
    by_name = {actor.name: actor for actor in records if isinstance(actor, Actor)}
    assert ("BGD", "PSE") == (
        by_name["Foreign Affairs (Bangladesh)"].country,
        by_name["Foreign Affairs (Palestinian Territory, Occupied)"].country,
    )
    assert ("state", "USA") == (by_name["United States"].type, by_name["United States"].country)
    header, rows = _table()
    turkey = dict(rows[0], **{"Source Name": "Turkey", "Source Country": "Turkey"})
    path = _write(tmp_path / "turkey.tab", header, [turkey])
    actors = [record for record in importers.read("icews", path) if isinstance(record, Actor)]
    assert ("state", "TUR") == (actors[0].type, actors[0].country)
    kosovo = dict(rows[0], **{"Source Name": "Kosovo", "Source Country": "Kosovo"})
    path = _write(tmp_path / "kosovo.tab", header, [kosovo])
    actors = [record for record in importers.read("icews", path) if isinstance(record, Actor)]
    assert ("state", None) == (actors[0].type, actors[0].country)


def test_places_have_the_precision_of_their_finest_part(tmp_path: Path) -> None:
    """A city is exact, a district or province a region, a country alone the country; the
    province is admin1."""
    _, records, _ = _import(tmp_path, SAMPLE)
    first = _events(records)["evt-icews-32889836-20180601"]
    assert first.where is not None
    assert ("exact", "VNM", "Thanh Pho Ha Noi", 21.0245) == (
        first.where.precision,
        first.where.country,
        first.where.admin1,
        first.where.lat,
    )
    precisions = {event.where.precision for event in _events(records).values() if event.where}
    assert {"exact", "region", "country"} == precisions


def test_the_2017_date_form_is_read(tmp_path: Path) -> None:
    """The 2017 file writes Event Date as month/day/year: it is read as the same day."""
    header, rows = _table()
    path = _write(
        tmp_path / "Events.2017.tab", header, [dict(rows[0], **{"Event Date": "6/1/2018"})]
    )
    assert ["evt-icews-32889836-20180601"] == list(_events(list(importers.read("icews", path))))


def test_bad_rows_are_located_and_left_out(tmp_path: Path) -> None:
    """A row with a bad cell (id, date, CAMEO code, unknown country name, coordinate) is left
    out and reported with file, line, row, column and value; the rest is imported, the input
    is not modified, and the output validates against the file with 0 errors."""
    header, rows = _table()
    bad = [dict(row, **{"CAMEO Code": "040"}) for row in rows[:7]]
    bad[1]["Event ID"] = "abc"
    bad[2]["Event Date"] = "2018-13-01"
    bad[3]["CAMEO Code"] = "999"
    bad[4]["Target Country"] = "Atlantis"
    bad[5]["Latitude"] = "91"
    path = _write(tmp_path / "bad.tab", header, bad)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    imported, records, output = _import(tmp_path, path)
    assert [
        (3, "Event ID", "abc"),
        (4, "Event Date", "2018-13-01"),
        (5, "CAMEO Code", "999"),
        (6, "Target Country", "Atlantis"),
        (7, "Latitude", "91"),
    ] == [(p.row, p.column, p.value) for p in imported.problems]
    assert all(p.file == str(path) and p.line == p.row for p in imported.problems)
    assert 2 == len(_events(records))
    assert before == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [] == _errors(cd.validate(output, dataset_files=[path]))
    err = io.StringIO()
    out = tmp_path / "cli.jsonl"
    assert 1 == run(["import", "icews", str(path), "--output", str(out)], stderr=err)
    assert f"{path}:5: row 5, column CAMEO Code ('999')" in err.getvalue()


def test_a_file_of_other_columns_is_refused(tmp_path: Path) -> None:
    """A file without ICEWS's columns is refused before any row, naming what is missing."""
    header, _ = _table()
    path = _write(tmp_path / "renamed.tab", [*header[:-1], "Lon"], [])
    with pytest.raises(TableError, match="missing Longitude; unexpected Lon"):
        list(importers.read("icews", path))
    assert 20 == len(icews.ICEWS_COLUMNS) == len(icews.COLUMNS.sets["ICEWS events"])


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "id": st.integers(1, 5),
                "day": st.integers(1, 28),
                "code": st.sampled_from(["040", "0874", "112", "190", "020", "1724"]),
                "name": st.text(
                    st.characters(codec="utf-8", exclude_characters="\t\r\n"),
                    min_size=1,
                    max_size=15,
                ),
                "city": st.sampled_from(["", "NA", "Hanoi"]),
            }
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda cell: (cell["id"], cell["day"]),
    )
)
def test_any_rows_import_to_records_that_validate(cells: list[dict[str, Any]]) -> None:
    """Rows of any id and date (ids repeated on other days), CAMEO code, actor name (quotes
    included: nothing is quoted) and place import with no problem to records that validate
    against the file with 0 errors; each event's id is its Event ID and its day."""
    header, rows = _table()
    made = []
    for cell in cells:
        made.append(
            dict(
                rows[0],
                **{
                    "Event ID": str(cell["id"]),
                    "Event Date": f"2018-06-{cell['day']:02d}",
                    "CAMEO Code": cell["code"],
                    "Source Name": cell["name"].strip() or "x",
                    "City": cell["city"],
                },
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "events.tab", header, made)
        imported, records, output = _import(Path(folder), path)
        assert [] == imported.problems
        expected = {
            f"evt-icews-{c['id']}-201806{c['day']:02d}" for c in cells if c["code"] != "020"
        }
        assert expected == set(_events(records))
        assert [] == _errors(cd.validate(output, dataset_files=[path]))
