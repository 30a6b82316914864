"""Importers: UCDP GED (real rows of GED 19.1, and the later and HDX layouts built from them)
and ACLED (fixtures written from the codebook's column list: ACLED's terms forbid committing
its rows). Every import validates with its dataset file with 0 errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import importers
from conflictdata.cli import run
from conflictdata.importers import acled, ucdp_ged
from conflictdata.io.jsonl import write_jsonl

#: Real rows of UCDP GED 19.1, with their provenance and licence beside them.
GED = Path(__file__).parent / "data" / "ucdp_ged" / "ged191_BGD_MMR_first300.csv"
#: The columns GED 21.1 added to the 42 of 19.1.
_NEW_GED = sorted(
    ucdp_ged.COLUMNS.sets["GED 21.1 and later"] - ucdp_ged.COLUMNS.sets["GED 19.1-20.1"]
)


def _ged_rows() -> tuple[list[str], list[dict[str, str]]]:
    with open(_sample(), newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _sample() -> Path:
    if not GED.is_file():
        pytest.fail(f"the UCDP GED sample is missing: {GED}")
    return GED


def _write(path: Path, header: list[str], rows: list[dict[str, str]], *extra: list[str]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for line in extra:
            writer.writerow(line)
        for row in rows:
            writer.writerow([row.get(name, "") for name in header])
    return path


def _imported(tmp_path: Path, format: str, path: Path, **options: Any) -> tuple[Any, Path]:
    imported = importers.read(format, path, **options)
    output = tmp_path / "imported.jsonl"
    write_jsonl(imported, output)
    return imported, output


def _errors(report: cd.Report) -> list[str]:
    return [str(found) for found in report.issues if found.severity == "error"]


def test_ged_191_imports_every_row_and_validates_against_its_file(tmp_path: Path) -> None:
    imported, output = _imported(tmp_path, "ucdp-ged", _sample())
    records = list(cd.io.jsonl.read_jsonl(output))
    events = [record for record in records if isinstance(record, cd.Event)]
    assert imported.table.layout == "GED 19.1-20.1"
    assert (imported.rows, len(events), imported.problems) == (300, 300, [])
    report = cd.validate(output, dataset_files=[_sample()])
    assert _errors(report) == []
    assert not any(found.code == "dataset-file-absent" for found in report.issues)
    _header, rows = _ged_rows()
    by_id = {row["id"]: row for row in rows}
    for event in events:
        (row,) = event.rows
        assert event.id == f"evt-ucdp-ged-{row.record_id}"
        upstream = by_id[row.record_id]
        assert event.fatalities is not None
        assert event.fatalities.best == int(upstream["best"])
        assert event.where is not None
        if upstream["where_prec"] == "7":
            assert event.where.country is None
        else:
            assert event.where.country == {"775": "MMR", "771": "BGD"}[upstream["country_id"]]
        start, end = upstream["date_start"], upstream["date_end"]
        assert event.when.date == (start if start == end else f"{start}/{end}")
        roles = {actor.role for actor in event.actors}
        assert roles == (
            {"initiator", "target"} if upstream["type_of_violence"] == "3" else {"participant"}
        )


def test_a_row_reference_is_the_rfc_7111_row_of_the_record(tmp_path: Path) -> None:
    """The header is row 1; a cell with a line break inside (as the sample has) does not shift
    the rows after it."""
    _, output = _imported(tmp_path, "ucdp-ged", _sample())
    with open(_sample(), newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    ids = table[0].index("id")
    for record in cd.io.jsonl.read_jsonl(output):
        for row in record.rows:
            assert table[row.row - 1][ids] == row.record_id


def test_every_later_layout_imports_the_same_events(tmp_path: Path) -> None:
    """GED 21.1 and later (49 columns, another order) and the HDX re-publication (iso3 and a
    row of HXL hashtags) give the same events as 19.1, each resting on its own row."""
    header, rows = _ged_rows()
    _, base = _imported(tmp_path, "ucdp-ged", _sample())
    expected = {r.id: r for r in cd.io.jsonl.read_jsonl(base) if isinstance(r, cd.Event)}
    later = [*reversed(header), *_NEW_GED]
    for row in rows:
        row.update(dict.fromkeys(_NEW_GED, ""), relid=f"MMR-{row['year']}-{row['id']}")
    layouts = {
        "ged211.csv": (later, ()),
        "ged191-hdx.csv": ([*header, "iso3"], (["#" + name for name in [*header, "iso3"]],)),
    }
    for name, (columns, extra) in layouts.items():
        folder = tmp_path / name.removesuffix(".csv")
        folder.mkdir()
        path = _write(folder / name, columns, rows, *extra)
        imported, output = _imported(folder, "ucdp-ged", path, version="19.1")
        assert imported.problems == []
        events = {r.id: r for r in cd.io.jsonl.read_jsonl(output) if isinstance(r, cd.Event)}
        assert events.keys() == expected.keys()
        for event_id, event in events.items():
            assert (event.when, event.where, event.fatalities, event.actors) == (
                expected[event_id].when,
                expected[event_id].where,
                expected[event_id].fatalities,
                expected[event_id].actors,
            )
        assert _errors(cd.validate(output)) == []  # the file is found beside the records
        assert imported.table.hxl == bool(extra)


def test_a_wrong_column_set_names_what_is_missing_and_unexpected(tmp_path: Path) -> None:
    header, rows = _ged_rows()
    columns = [name for name in header if name != "best"] + ["deaths_total"]
    path = _write(tmp_path / "ged191.csv", columns, rows)
    with pytest.raises(importers.TableError) as raised:
        list(importers.read("ucdp-ged", path))
    assert "missing best" in str(raised.value)
    assert "unexpected deaths_total" in str(raised.value)
    assert raised.value.where.line == 1
    out = io.StringIO()
    code = run(["import", "ucdp-ged", str(path), "--output", str(tmp_path / "o.jsonl")], stderr=out)
    assert code == 1
    assert "missing best" in out.getvalue()
    assert not (tmp_path / "o.jsonl").exists()


def test_bad_cells_are_located_and_the_rest_is_imported(tmp_path: Path) -> None:
    header, rows = _ged_rows()
    rows[3]["date_start"] = "2015-02-30"
    rows[7]["latitude"] = "north"
    rows[9]["country_id"] = "9999"
    path = _write(tmp_path / "ged191.csv", header, rows)
    imported, output = _imported(tmp_path, "ucdp-ged", path)
    found = {(p.row, p.column, p.value) for p in imported.problems}
    assert found == {
        (5, "date_start", "2015-02-30"),
        (9, "latitude", "north"),
        (11, "country_id", "9999"),
    }
    assert all(p.file == str(path) and p.line >= p.row for p in imported.problems)
    events = [r for r in cd.io.jsonl.read_jsonl(output) if isinstance(r, cd.Event)]
    assert len(events) == 297
    assert _errors(cd.validate(output)) == []


def test_the_command_writes_atomically_and_reports(tmp_path: Path) -> None:
    target = tmp_path / "ged.jsonl"
    err = io.StringIO()
    code = run(["import", "ucdp-ged", str(_sample()), "--output", str(target)], stderr=err)
    assert code == 0, err.getvalue()
    assert "wrote 328 records from 300 rows" in err.getvalue()
    checked = io.StringIO()
    arguments = ["validate", str(target), "--dataset-file", str(_sample()), "--format", "json"]
    assert run(arguments, stdout=checked) == 0
    assert json.loads(checked.getvalue())["errors"] == 0
    again = run(
        ["import", "ucdp-ged", str(_sample()), "--output", str(target)], stderr=io.StringIO()
    )
    assert again == 1  # an existing output is not replaced without --overwrite


def test_row_references_are_checked_against_the_file(tmp_path: Path) -> None:
    _, output = _imported(tmp_path, "ucdp-ged", _sample())
    lines = output.read_text("utf-8").splitlines()
    event = next(i for i, line in enumerate(lines) if line.startswith('{"actors"'))
    lines[event] = lines[event].replace('"row":2,', '"row":3,', 1)
    changed = tmp_path / "changed.jsonl"
    changed.write_text("\n".join(lines) + "\n", "utf-8")
    report = cd.validate(changed, dataset_files=[_sample()])
    assert [found.code for found in report.issues if found.severity == "error"] == [
        "row-id-mismatch"
    ]
    in_workers = cd.validate(changed, dataset_files=[_sample()], jobs=2)
    assert in_workers.issues == report.issues
    with open(changed, "rb") as stream:
        assert cd.validate(stream, dataset_files=[_sample()]).issues == report.issues
    other = tmp_path / "other.csv"
    other.write_bytes(_sample().read_bytes().replace(b"Laukkaing", b"Laukkai", 1))
    report = cd.validate(output, dataset_files=[other])
    assert "dataset-file-absent" in {found.code for found in report.issues}


# --- ACLED: fixtures written from the column list (no ACLED row is committed anywhere) ---

_ACLED_2023 = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
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
    "tags",
    "timestamp",
]
_ACLED_OLD = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
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
    "iso3",
]


def _acled_row(number: int, **cells: str) -> dict[str, str]:
    row = {
        "event_id_cnty": f"XYZ{number}",
        "event_date": "2026-03-0" + str(1 + number % 9),
        "year": "2026",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Testland (2020-)",
        "assoc_actor_1": "",
        "inter1": "State forces",
        "actor2": "Testland Liberation Front",
        "assoc_actor_2": "",
        "inter2": "Rebel group",
        "interaction": "State forces-Rebel group",
        "iso": "104",
        "region": "Southeast Asia",
        "country": "Myanmar",
        "admin1": "Shan",
        "location": "A fictional village",
        "latitude": "21.5",
        "longitude": "97.1",
        "geo_precision": "1",
        "source": "A fictional newspaper",
        "source_scale": "National",
        "notes": f"Synthetic fixture row {number}: a clash between two fictional actors.",
        "fatalities": "2",
        "timestamp": "1767225600",
    }
    row.update(cells)
    return row


def test_acled_both_layouts(tmp_path: Path) -> None:
    rows = [
        _acled_row(1),
        _acled_row(2, time_precision="2", event_date="2026-03-11"),
        _acled_row(3, time_precision="3"),
        _acled_row(
            4,
            event_type="Violence against civilians",
            sub_event_type="Attack",
            actor2="Civilians (Testland)",
            inter2="Civilians",
        ),
        _acled_row(5, iso="0", country="Red Sea", location="Red Sea", geo_precision="3"),
        _acled_row(6, event_type="Strategic developments", sub_event_type="Other"),
        _acled_row(7, assoc_actor_1="Militia A; Militia B"),
    ]
    new = _write(tmp_path / "acled-2026-03.csv", _ACLED_2023, rows)
    old_rows = [
        dict(row, inter1="1", inter2="2", data_id=str(i), event_id_no_cnty=str(i))
        for i, row in enumerate(rows)
    ]
    old_folder = tmp_path / "old"
    old_folder.mkdir()
    old = _write(old_folder / "acled-2022.csv", _ACLED_OLD, old_rows)
    for path, layout in ((new, "ACLED 2023 and later"), (old, "ACLED before 2023")):
        imported, output = _imported(path.parent, "acled", path, version="2026-03-31")
        assert imported.table.layout == layout
        assert imported.problems == []
        assert sum(imported.skipped.values()) == 1
        events = {r.id: r for r in cd.io.jsonl.read_jsonl(output) if isinstance(r, cd.Event)}
        assert set(events) == {f"evt-acled-xyz{n}" for n in (1, 2, 3, 4, 5, 7)}
        assert events["evt-acled-xyz1"].when.date == "2026-03-02"
        assert events["evt-acled-xyz2"].when.date == "2026-03-08/2026-03-14"
        assert events["evt-acled-xyz3"].when == cd.When(
            date="2026-03", precision="month", basis="text"
        )
        assert {a.role for a in events["evt-acled-xyz1"].actors} == {"participant"}
        assert [a.role for a in events["evt-acled-xyz4"].actors] == ["initiator", "target"]
        assert events["evt-acled-xyz5"].where == cd.Location(
            name="Red Sea", country=None, admin1="Shan", lat=21.5, lon=97.1, precision="region"
        )
        assert events["evt-acled-xyz1"].where is not None
        assert events["evt-acled-xyz1"].where.country == "MMR"
        assert len(events["evt-acled-xyz7"].actors) == 4
        assert _errors(cd.validate(output)) == []


def test_reimport_withdraws_what_vanished_upstream(tmp_path: Path) -> None:
    first = _write(tmp_path / "acled-1.csv", _ACLED_2023, [_acled_row(n) for n in (1, 2, 3)])
    _, before = _imported(tmp_path, "acled", first, version="2026-03-01")
    newer = [_acled_row(1), _acled_row(2, fatalities="5"), _acled_row(4)]
    second = _write(tmp_path / "acled-2.csv", _ACLED_2023, newer)
    after = tmp_path / "after.jsonl"
    arguments = [
        "import",
        "acled",
        str(second),
        "--output",
        str(after),
        "--dataset-version",
        "2026-04-01",
        "--previous",
        str(before),
    ]
    assert run(arguments, stderr=io.StringIO()) == 0
    records = {r.id: r for r in cd.io.jsonl.read_jsonl(after)}
    assert records["evt-acled-xyz3"].status == "withdrawn"
    assert records["evt-acled-xyz3"].withdrawn_reason == "removed upstream in 2026-04-01"
    assert records["evt-acled-xyz4"].status == "active"
    change = cd.diff(before, after)
    assert "evt-acled-xyz4" in {r.id for r in change.added}
    assert "evt-acled-xyz3" in {r.id for r in change.withdrawn}
    assert "evt-acled-xyz2" in {c.id for c in change.of("changed")}
    assert _errors(cd.validate(after)) == []


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "type_of_violence": st.sampled_from(["1", "2", "3"]),
                "where_prec": st.integers(1, 7).map(str),
                "date_prec": st.integers(1, 5).map(str),
                "days": st.integers(0, 40),
                "best": st.integers(0, 500),
                "note": st.text(max_size=30),
            }
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_ged_file_imports_to_records_that_validate(cells: list[dict[str, Any]]) -> None:
    """GED rows of any violence type, place and date precision, range of days and citation
    text (quotes and line breaks included) import to records that validate against the file
    with 0 errors, each resting on its own row."""
    import datetime as dt
    import tempfile

    header, rows = _ged_rows()
    made = []
    for number, cell in enumerate(cells):
        start = dt.date(2015, 5, 1)
        row = dict(
            rows[0],
            id=str(1000 + number),
            type_of_violence=cell["type_of_violence"],
            where_prec=cell["where_prec"],
            date_prec=cell["date_prec"],
            date_start=start.isoformat(),
            date_end=(start + dt.timedelta(days=cell["days"])).isoformat(),
            best=str(cell["best"]),
            low=str(cell["best"]),
            high=str(cell["best"]),
            source_article=cell["note"],
        )
        made.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "ged191.csv", header, made)
        imported, output = _imported(Path(folder), "ucdp-ged", path)
        assert imported.problems == []
        report = cd.validate(output, dataset_files=[path])
        assert [str(found) for found in report.issues] == []


def test_ucdp_version_is_read_from_the_file_name() -> None:
    assert ucdp_ged._version_in("GEDEvent_v25_1.csv") == "25.1"
    assert ucdp_ged._version_in("ged191.csv") == "19.1"
    with pytest.raises(ValueError, match="--dataset-version"):
        ucdp_ged._version_in("events.csv")
    assert acled.COLUMNS.sets["ACLED 2023 and later"] == frozenset(_ACLED_2023)


def test_devices_are_never_read(tmp_path: Path) -> None:
    """A device given as the file to import, or as the dataset file, is refused, not read."""
    err = io.StringIO()
    arguments = ["import", "ucdp-ged", "/dev/zero", "--output", str(tmp_path / "z.jsonl")]
    assert run([*arguments, "--dataset-version", "19.1"], stderr=err) == 1
    assert "not a regular file" in err.getvalue()
    _, output = _imported(tmp_path, "ucdp-ged", _sample())
    report = cd.validate(output, dataset_files=["/dev/zero"])
    assert "dataset-file-unreadable" in {found.code for found in report.issues}


def test_w3c_export_points_at_each_row(tmp_path: Path) -> None:
    """Each row reference is an annotation whose target is the dataset file with an RFC 7111
    fragment selector, and whose identifying body is the upstream id."""
    _, output = _imported(tmp_path, "ucdp-ged", _sample())
    records = list(cd.io.jsonl.read_jsonl(output))
    target = tmp_path / "rows.jsonld"
    cd.io.write_annotations(records, target)
    items = json.loads(target.read_text("utf-8"))["first"]["items"]
    assert len(items) == sum(len(record.rows) for record in records)
    first = next(record for record in records if isinstance(record, cd.Event))
    (item,) = (i for i in items if i["id"] == f"urn:conflictdata:{first.id}#row-0")
    assert item["target"]["selector"] == {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc7111",
        "value": f"row={first.rows[0].row}",
    }
    assert {
        "type": "TextualBody",
        "value": first.rows[0].record_id,
        "purpose": "identifying",
    } in item["body"]
