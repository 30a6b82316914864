"""Property tests: generated records survive every readable format unchanged, and the views
(GeoJSON, Web Annotations) say exactly what the records say."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
import conflictdata.io as cio
from conflictdata._codec import convert_record
from conflictdata.io.csv import FORMULA_STARTS
from conflictdata.io.webannotation import QUOTE_CONTEXT
from conflictdata.strategies import datasets, events, records

FOLDER_FORMATS = {"csv", "parquet"}
#: Any text Unicode allows in UTF-8 (no lone surrogates), NUL and line breaks included.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
#: Beginnings that the CSV rule must protect, and a few it must leave alone.
BEGINNINGS = st.sampled_from(sorted(FORMULA_STARTS | {"'", "''", "", "\n", " ", "😀", "[", "1"}))


def _round_trip(items: list[cd.Record], fmt: str) -> list[cd.Record]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / ("out" if fmt in FOLDER_FORMATS else f"out.{fmt}")
        assert len(items) == cio.write(items, target, fmt).records
        return list(cio.read(target, fmt))


def _in_kind_order(items: list[cd.Record]) -> list[cd.Record]:
    return list(cd.Dataset(items))


@given(datasets())
def test_datasets_round_trip_through_every_readable_format(ds: cd.Dataset) -> None:
    """A generated dataset (non-ASCII and astral text, empty tuples, nulls) comes back equal,
    in release order, from JSON Lines, JSON, CSV and Parquet."""
    for fmt in ("jsonl", "json", "csv", "parquet"):
        assert list(ds) == _round_trip(list(ds), fmt)


@given(st.lists(records(), max_size=4, unique_by=lambda record: record.id))
def test_records_of_mixed_kinds_round_trip(items: list[cd.Record]) -> None:
    """Records in any order: JSON Lines keeps it, the per-kind formats give release order."""
    assert items == _round_trip(items, "jsonl")
    for fmt in ("json", "csv", "parquet"):
        assert _in_kind_order(items) == _round_trip(items, fmt)


@given(events(), BEGINNINGS, ANY_TEXT, BEGINNINGS, ANY_TEXT)
def test_csv_keeps_any_text(
    event: cd.Event, start: str, rest: str, url_start: str, url_rest: str
) -> None:
    """Texts of any characters and beginnings (formula characters, apostrophes, line breaks,
    NUL, astral characters) and the empty text come back exactly from CSV."""
    note = (start + rest) or "x"
    source = attrs.evolve(
        cd.load().sources[0], url=url_start + url_rest, title=note, publisher=None
    )
    changed = attrs.evolve(event, note=note, summary=note)
    assert [source, changed] == _round_trip([changed, source], "csv")


@given(st.lists(events(), max_size=5, unique_by=lambda event: event.id))
def test_geojson_places_exactly_the_events_with_coordinates(items: list[cd.Event]) -> None:
    """Each event with lat and lon is one Point feature carrying the record; the rest are named
    as skipped, in order."""
    placed = [e for e in items if e.where and e.where.lat is not None and e.where.lon is not None]
    with tempfile.TemporaryDirectory() as folder:
        written = cio.write_geojson(items, Path(folder) / "x.geojson")
        features = json.loads((Path(folder) / "x.geojson").read_bytes())["features"]
    assert [e.id for e in items if e not in placed] == list(written.skipped)
    assert placed == [convert_record(f["properties"], cd.Event) for f in features]
    assert [[e.where.lon, e.where.lat] for e in placed if e.where] == [
        f["geometry"]["coordinates"] for f in features
    ]


@given(datasets())
def test_annotations_select_the_span_text(ds: cd.Dataset) -> None:
    """Every span is one annotation whose position counts code points and whose quote,
    prefix and suffix are the text at and around it."""
    with tempfile.TemporaryDirectory() as folder:
        cio.write_annotations(ds, Path(folder) / "x.jsonld")
        items = json.loads((Path(folder) / "x.jsonld").read_bytes())["first"]["items"]
    spans = [span for record in ds for span in getattr(record, "evidence", ())]
    assert len(spans) == len(items)
    for span, item in zip(spans, items, strict=True):
        text = ds.texts[span.source]
        position, quote = item["target"]["selector"]
        assert (span.start, span.end) == (position["start"], position["end"])
        assert text[span.start : span.end] == quote["exact"]
        assert text[max(0, span.start - QUOTE_CONTEXT) : span.start] == quote.get("prefix", "")
        assert text[span.end : span.end + QUOTE_CONTEXT] == quote.get("suffix", "")
