"""Each format's own rules: located read errors, the CSV convention, GeoJSON, annotations."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import attrs
import pytest

import conflictdata as cd
import conflictdata.io as cio
from conflictdata._codec import convert_record
from conflictdata.exceptions import DataError
from conflictdata.io._tables import _check_detectable, table
from conflictdata.io.csv import FORMULA_STARTS, dictionary
from conflictdata.vocab import RECORD_KINDS


def _event(**changes: object) -> cd.Event:
    return attrs.evolve(cd.load().events[0], **changes)


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


# JSON Lines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message", "pointer"),
    [
        (b'{"id": "evt-x", "type": ', "invalid JSON", None),
        (b'{"id": "evt-\xff"}', "not UTF-8", None),
        (b"[1, 2]", "kind prefix", "/id"),
        (b'{"id": "xyz-a"}', "kind prefix", "/id"),
        (b'{"id": "evt-x"}', "missing required field", "/type"),
    ],
)
def test_jsonl_errors_name_the_line(
    tmp_path: Path, line: bytes, message: str, pointer: str | None
) -> None:
    """A bad line raises a DataError with the file, its line number and the pointer."""
    good = cio.write_jsonl(cd.load().events, tmp_path / "good.jsonl").path
    assert good is not None
    lines = _lines(good)
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"".join([lines[0], b"\n", line + b"\n", *lines[1:]]))
    with pytest.raises(DataError, match=message) as info:
        list(cio.read_jsonl(path))
    assert (str(path), 3, pointer) == (info.value.file, info.value.line, info.value.pointer)


def test_jsonl_unknown_field_names_record(tmp_path: Path) -> None:
    """An unknown field is refused with its pointer and the record id."""
    path = tmp_path / "x.jsonl"
    data = json.loads(cio.write_jsonl([_event()], path).path.read_bytes())
    data["colour"] = "red"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DataError, match="unknown field") as info:
        list(cio.read_jsonl(path))
    assert ("/colour", data["id"], 1) == (info.value.pointer, info.value.record_id, info.value.line)


def test_csv_file_is_not_jsonl(tmp_path: Path) -> None:
    """A file of another format under a .jsonl name is refused at line 1."""
    cio.write_csv(cd.load(), tmp_path / "csv")
    path = tmp_path / "events.jsonl"
    path.write_bytes((tmp_path / "csv" / "events.csv").read_bytes())
    with pytest.raises(DataError, match="invalid JSON") as info:
        list(cio.read(path))
    assert 1 == info.value.line


# JSON ------------------------------------------------------------------------------------------


def test_json_errors_have_pointers(tmp_path: Path) -> None:
    """Record errors carry the pointer from the document root and the record id."""
    path = tmp_path / "x.json"
    cio.write_json(cd.load(), path)
    document = json.loads(path.read_bytes())
    document["events"][1]["when"]["date"] = "next spring"
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(DataError) as info:
        list(cio.read_json(path))
    assert ("/events/1/when/date", document["events"][1]["id"]) == (
        info.value.pointer,
        info.value.record_id,
    )


@pytest.mark.parametrize(
    ("content", "message", "pointer", "line"),
    [
        (b'{\n"events": [\n1,,\n]}', "invalid JSON", None, 3),
        (b"[]", "expected an object", "", None),
        (b'{"eventz": []}', "unknown key", "/eventz", None),
        (b'{"events": {}}', "expected an array", "/events", None),
    ],
)
def test_json_document_errors(
    tmp_path: Path, content: bytes, message: str, pointer: str | None, line: int | None
) -> None:
    """A document of the wrong shape is refused with the place."""
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(DataError, match=message) as info:
        list(cio.read_json(path))
    assert (pointer, line) == (info.value.pointer, info.value.line)


def test_json_missing_kinds_are_empty(tmp_path: Path) -> None:
    """A key left out reads as no records of that kind."""
    path = tmp_path / "x.json"
    path.write_text('{"events": []}', "utf-8")
    assert [] == list(cio.read_json(path))


# CSV -------------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("text", [*sorted(FORMULA_STARTS), "'"])
def test_csv_neutralises_formulas(tmp_path: Path, text: str) -> None:
    """Texts a spreadsheet would run get an apostrophe on disk, which reading removes."""
    value = f'{text}HYPERLINK("http://example.org")'
    event = _event(summary=value, note=value)
    cio.write_csv([event], tmp_path / "out")
    (row,) = _csv_rows(tmp_path / "out" / "events.csv")
    assert ("'" + value, "'" + value) == (row["summary"], row["note"])
    assert [event] == list(cio.read_csv(tmp_path / "out"))


def test_csv_empty_text_and_null(tmp_path: Path) -> None:
    """Null is an empty cell; an empty text is a lone apostrophe; both come back."""
    source = attrs.evolve(cd.load().sources[0], url="", license=None)
    cio.write_csv([source], tmp_path / "out")
    (row,) = _csv_rows(tmp_path / "out" / "sources.csv")
    assert ("'", "") == (row["url"], row["license"])
    assert [source] == list(cio.read_csv(tmp_path / "out"))


def test_csv_numbers_and_lists_are_json(tmp_path: Path) -> None:
    """Numbers stay numbers (a negative one is not a formula); lists are JSON with sorted keys."""
    when = cd.When(
        date="2024-11-20", precision="day", basis="derived", anchor="evt-a", offset_days=-1
    )
    where = cd.Location(name="Kyiv", country="UKR", lat=50.45, lon=-0.5, precision="exact")
    event = _event(when=when, where=where, context=("military", "cyber"))
    cio.write_csv([event], tmp_path / "out")
    (row,) = _csv_rows(tmp_path / "out" / "events.csv")
    assert ("-1", "50.45", "-0.5", '["military","cyber"]') == (
        row["when.offset_days"],
        row["where.lat"],
        row["where.lon"],
        row["context"],
    )
    assert row["evidence"].startswith('[{"end":')
    assert [event] == list(cio.read_csv(tmp_path / "out"))


def test_csv_null_object_and_object_of_nulls(tmp_path: Path) -> None:
    """A null nested object leaves its columns empty; a present one with null fields stays."""
    present = _event(id="evt-somewhere", where=cd.Location(name="somewhere"))
    absent = _event(id="evt-nowhere", where=None)
    cio.write_csv([present, absent], tmp_path / "out")
    assert [present, absent] == list(cio.read_csv(tmp_path / "out"))


def test_nullable_object_needs_a_field_that_is_never_null() -> None:
    """The flattening refuses a nullable object that could not be told from its null fields."""
    schema = {"properties": {"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}
    with pytest.raises(TypeError, match="never null"):
        _check_detectable({}, schema, "X.y")


def test_csv_multiline_cells_and_errors_count_physical_lines(tmp_path: Path) -> None:
    """Line breaks inside cells round trip, and an error names the line its row starts on."""
    events = [_event(id=f"evt-e{i}", summary=f"line one\r\nline two\rthree {i}") for i in range(3)]
    cio.write_csv(events, tmp_path / "out")
    assert events == list(cio.read_csv(tmp_path / "out"))
    path = tmp_path / "out" / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"evt-e2,", b"evt-e2,WRONG_TYPE-", 1))
    with pytest.raises(DataError, match="Invalid enum value") as info:
        list(cio.read_csv(path))
    assert (8, "/type", "evt-e2") == (info.value.line, info.value.pointer, info.value.record_id)


@pytest.mark.parametrize(
    ("edit", "message", "line"),
    [
        (lambda b: b.replace(b"id,type", b"id,kind", 1), "missing columns: type", 1),
        (lambda b: b.replace(b"id,type", b"id,type,extra", 1), "unknown columns: extra", 1),
        (lambda b: b.replace(b'"[{""end', b'"[{end', 1), "column evidence: invalid JSON", 2),
        (lambda b: b.replace(b"[]\r\n", b"[],surplus\r\n", 1), "row has", 2),
        (lambda b: b"\xff" + b, "not a readable CSV file", 1),
        (lambda b: b"", "empty file", 1),
    ],
)
def test_csv_errors(tmp_path: Path, edit: object, message: str, line: int) -> None:
    """Bad headers, cells and bytes are refused with the file and line."""
    cio.write_csv(cd.load().events, tmp_path / "out")
    path = tmp_path / "out" / "events.csv"
    path.write_bytes(edit(path.read_bytes()))
    with pytest.raises(DataError, match=message) as info:
        list(cio.read_csv(tmp_path / "out"))
    assert (str(path), line) == (info.value.file, info.value.line)


def test_csv_reads_with_byte_order_mark(tmp_path: Path) -> None:
    """A table saved by a spreadsheet with a UTF-8 byte order mark still reads."""
    cio.write_csv(cd.load(), tmp_path / "out")
    path = tmp_path / "out" / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert list(cd.load().events) == list(cio.read_csv(path))


def test_csv_cells_beyond_the_csv_module_limit(tmp_path: Path) -> None:
    """A cell larger than the csv module's default 128 KiB limit round trips."""
    event = _event(note="x" * 300_000)
    cio.write_csv([event], tmp_path / "out")
    assert [event] == list(cio.read_csv(tmp_path / "out"))
    assert 131072 == csv.field_size_limit()


def test_csv_unknown_table_name(tmp_path: Path) -> None:
    """A single table must be named after its kind."""
    path = tmp_path / "mine.csv"
    path.write_text("id\n", "utf-8")
    with pytest.raises(DataError, match=r"events\.csv"):
        list(cio.read_csv(path))


def test_data_dictionary_describes_every_column(tmp_path: Path) -> None:
    """datapackage.json lists each table's columns as in its header, with type and meaning."""
    cio.write_csv(cd.load(), tmp_path / "out")
    package = json.loads((tmp_path / "out" / "datapackage.json").read_bytes())
    assert dictionary() == package
    for resource in package["resources"]:
        with open(tmp_path / "out" / resource["path"], encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        fields = resource["schema"]["fields"]
        assert header == [field["name"] for field in fields]
        for field in fields:
            assert field["type"] in ("string", "integer", "number", "array")
            assert field["description"].strip()
    assert [f"{kind}s" for kind in RECORD_KINDS] == [r["name"] for r in package["resources"]]


def test_frictionless_validates_csv_export(tmp_path: Path) -> None:
    """frictionless (the dev extra) finds a CSV export valid against its own data dictionary,
    with formula-protected and empty texts, negative numbers and coordinates in it."""
    frictionless = pytest.importorskip("frictionless")
    when = cd.When(
        date="2024-11-20", precision="day", basis="derived", anchor="evt-a", offset_days=-1
    )
    where = cd.Location(name="Kyiv", lat=50.45, lon=-30.5)
    event = _event(id="evt-other", note="=SUM(A1)", when=when, where=where)
    source = attrs.evolve(cd.load().sources[0], id="src-other", url="")
    cio.write_csv([*cd.load(), event, source], tmp_path / "out")
    report = frictionless.validate(str(tmp_path / "out" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_required_columns() -> None:
    """Non-null fields are required columns, unless they sit inside an object that may be null."""
    spec = table("event")
    assert {"id", "type", "summary", "when.basis", "evidence", "links"} <= {
        c.name for c in spec.columns if c.required
    }
    assert not any(c.required for c in spec.columns if c.name.startswith("where."))


# Parquet ---------------------------------------------------------------------------------------


def test_parquet_tables_are_typed_and_flat(tmp_path: Path) -> None:
    """Nested objects are flattened into columns, lists of objects are lists of structs, date
    bounds are dates, vocabularies dictionary-encoded, with descriptions in field metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cio.write_parquet(cd.load(), tmp_path / "out")
    schema = pq.read_schema(tmp_path / "out" / "events.parquet")
    assert {"when", "where"}.isdisjoint(schema.names)
    assert pa.types.is_list(schema.field("evidence").type)
    assert pa.types.is_struct(schema.field("evidence").type.value_type)
    assert b"description" in schema.field("summary").metadata
    assert pa.int64() == schema.field("date_offset_days").type
    assert pa.date32() == schema.field("date_start").type
    assert pa.float64() == schema.field("where_lat").type
    assert pa.dictionary(pa.int32(), pa.string()) == schema.field("factuality").type


def test_parquet_errors(tmp_path: Path) -> None:
    """A file that is not Parquet, or has other columns, is refused naming the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    path.write_bytes(b"PAR1 not really")
    with pytest.raises(DataError, match="not a Parquet file") as info:
        list(cio.read_parquet(path))
    assert str(path) == info.value.file
    pq.write_table(pa.table({"id": ["evt-a"]}), path)
    with pytest.raises(DataError, match="columns do not match"):
        list(cio.read_parquet(path))


def test_parquet_row_errors_are_located(tmp_path: Path) -> None:
    """A bad value names the row (as line), the pointer and the record id."""
    import pyarrow.parquet as pq

    cio.write_parquet(cd.load(), tmp_path / "out")
    path = tmp_path / "out" / "events.parquet"
    table_ = pq.read_table(path)
    rows = table_.to_pylist()
    rows[1]["factuality"] = "sure"
    pq.write_table(type(table_).from_pylist(rows, schema=table_.schema), path)
    with pytest.raises(DataError, match="Invalid enum value") as info:
        list(cio.read_parquet(path))
    assert (2, "/factuality", rows[1]["id"]) == (
        info.value.line,
        info.value.pointer,
        info.value.record_id,
    )


# GeoJSON ---------------------------------------------------------------------------------------


def test_geojson_points_and_skipped(tmp_path: Path) -> None:
    """Events with coordinates become Points [lon, lat] carrying the record; others are named."""
    placed = _event(id="evt-placed", where=cd.Location(name="Dnipro", lat=48.45, lon=34.98))
    half = _event(id="evt-half", where=cd.Location(name="Dnipro", lat=48.45))
    records = [*cd.load().actors, placed, half, _event(id="evt-none", where=None)]
    written = cio.write_geojson(records, tmp_path / "x.geojson")
    assert (1, ("evt-half", "evt-none")) == (written.records, written.skipped)
    document = json.loads((tmp_path / "x.geojson").read_bytes())
    (feature,) = document["features"]
    assert ("FeatureCollection", "evt-placed", [34.98, 48.45]) == (
        document["type"],
        feature["id"],
        feature["geometry"]["coordinates"],
    )
    assert placed == convert_record(feature["properties"], cd.Event)


# Web Annotations -------------------------------------------------------------------------------


def _annotations(path: Path) -> list[dict[str, object]]:
    document = json.loads(path.read_bytes())
    assert ("AnnotationCollection", document["total"]) == (
        document["type"],
        len(document["first"]["items"]),
    )
    return document["first"]["items"]


def test_one_annotation_per_span(tmp_path: Path) -> None:
    """Every evidence span of every record is one annotation whose selectors find its text."""
    ds = cd.load()
    cio.write_annotations(ds, tmp_path / "x.jsonld")
    items = _annotations(tmp_path / "x.jsonld")
    spans = [(r, i, s) for r in ds for i, s in enumerate(getattr(r, "evidence", ()))]
    assert len(spans) == len(items)
    text = ds.texts[ds.sources[0].id]
    for (record, index, span), item in zip(spans, items, strict=True):
        position, quote = item["target"]["selector"]
        assert f"urn:conflictdata:{record.id}#evidence-{index}" == item["id"]
        assert (span.start, span.end) == (position["start"], position["end"])
        assert text[span.start : span.end] == quote["exact"]
        context = quote.get("prefix", "") + quote["exact"] + quote.get("suffix", "")
        assert context in text
        assert {
            "source": f"urn:conflictdata:{record.id}",
            "type": "SpecificResource",
            "purpose": "linking",
        } in item["body"]


def test_annotation_offsets_are_code_points(tmp_path: Path) -> None:
    """Astral characters count one each, as Python strings and the Web Annotation model do."""
    text = "😀 Ñandú \U0001d518\U0001d528 says: attack."  # emoji, Ñ and Fraktur letters
    start = text.index("attack")
    span = cd.Span(source="src-emoji", start=start, end=start + 6, exact="attack")
    event = _event(evidence=(span,))
    cio.write_annotations(
        [event], tmp_path / "x.jsonld", texts={"src-emoji": text}, base="https://example.org/"
    )
    (item,) = _annotations(tmp_path / "x.jsonld")
    position, quote = item["target"]["selector"]
    assert (start, start + 6) == (position["start"], position["end"])
    assert (text[:start], ".") == (quote["prefix"], quote["suffix"])
    assert "https://example.org/src-emoji" == item["target"]["source"]


@pytest.mark.parametrize(
    ("texts", "pointer"),
    [({}, "/evidence/0/source"), ({"src-36505e565447df1c": "short"}, "/evidence/0/exact")],
)
def test_annotations_need_matching_texts(
    tmp_path: Path, texts: dict[str, str], pointer: str
) -> None:
    """A span without its text, or whose quote differs from it, is refused; no file appears."""
    event = _event()
    with pytest.raises(DataError) as info:
        cio.write_annotations([event], tmp_path / "x.jsonld", texts=texts)
    assert (pointer, event.id) == (info.value.pointer, info.value.record_id)
    assert [] == list(tmp_path.iterdir())
