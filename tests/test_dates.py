"""EDTF dates read as calendar bounds, and the timeline built on them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import conflictdata as cd
from conflictdata._dates import DateRange, bounds


@pytest.mark.parametrize(
    ("edtf", "start", "end"),
    [
        ("2024-11-21", dt.date(2024, 11, 21), dt.date(2024, 11, 21)),
        ("2024-11", dt.date(2024, 11, 1), dt.date(2024, 11, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024-24", dt.date(2024, 12, 1), dt.date(2025, 2, 28)),
        ("2024-11/2024-12", dt.date(2024, 11, 1), dt.date(2024, 12, 31)),
        ("2024-11-21/..", dt.date(2024, 11, 21), None),
        ("../2024", None, dt.date(2024, 12, 31)),
    ],
)
def test_bounds(edtf: str, start: dt.date | None, end: dt.date | None) -> None:
    """Each EDTF form maps to the range of days it can denote."""
    assert (start, end) == (bounds(edtf).start, bounds(edtf).end)


@pytest.mark.parametrize("edtf", ["2023-02-29", "2024-13", "24-11", "/", "2024-12/2024-11", "x"])
def test_bounds_rejects(edtf: str) -> None:
    """Impossible days, months, intervals and non-dates raise ValueError naming the text."""
    with pytest.raises(ValueError, match=re.escape(repr(edtf))):
        bounds(edtf)


def test_qualifier_is_kept() -> None:
    """An approximate date keeps its range and says it is qualified."""
    assert DateRange(dt.date(2024, 11, 21), dt.date(2024, 11, 21), True) == bounds("2024-11-21~")


def test_overlap_and_within() -> None:
    """A month overlaps a day range inside it but does not lie within it."""
    month, days = bounds("2024-11"), bounds("2024-11-10/2024-11-12")
    assert (True, False, True) == (month.overlaps(days), month.within(days), days.within(month))


def test_timeline_places_undated_last() -> None:
    """Dated records come first in date order; undated ones follow, never given a date."""
    entries = cd.load().timeline()
    flags = [entry.dated for entry in entries]
    assert sorted(flags, reverse=True) == flags
    dated = [entry.start for entry in entries if entry.start is not None]
    assert sorted(dated) == dated
