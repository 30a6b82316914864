"""EDTF dates as calendar bounds.

Records carry dates as EDTF level 0/1 strings (``2024-11-21``, ``2024-11``, ``2024-11-21~``,
``2024-21`` for spring 2024, ``2024-11/2024-12``, ``2024-11/..``). For ordering and filtering each
is read as the closed range of calendar days it may denote; an open end (``..``) or an unknown end
(empty) is unbounded. Qualifiers (``~`` approximate, ``?`` uncertain, ``%`` both) are kept but do
not widen the range. Seasons (21 spring, 22 summer, 23 autumn, 24 winter) are read as the northern
meteorological seasons: March-May, June-August, September-November, December-February.

>>> bounds("2024-11")
DateRange(start=datetime.date(2024, 11, 1), end=datetime.date(2024, 11, 30), qualified=False)
>>> bounds("2024-11-21~/..").end is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from attrs import frozen

from conflictdata.exceptions import DataError

__all__ = ["SEASONS", "DateRange", "bounds", "record_bounds"]

_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)$")
#: The months of each EDTF season (21 spring to 24 winter), north of the equator; winter's
#: months 13 and 14 are January and February of the next year.
SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}


@frozen
class DateRange:
    """The calendar days a date may denote: ``start`` to ``end`` inclusive; None is unbounded."""

    start: dt.date | None
    end: dt.date | None
    qualified: bool = False

    def overlaps(self, other: DateRange) -> bool:
        """Whether the two ranges share at least one day."""
        return _le(self.start, other.end) and _le(other.start, self.end)

    def within(self, other: DateRange) -> bool:
        """Whether every day of this range lies inside ``other``."""
        return (other.start is None or (self.start is not None and other.start <= self.start)) and (
            other.end is None or (self.end is not None and self.end <= other.end)
        )


def _le(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or a <= b


@functools.lru_cache(maxsize=4096)
def bounds(edtf: str) -> DateRange:
    """The range of days an EDTF level 0/1 date or interval denotes.

    Raises :class:`ValueError` naming the problem for text that is not such a date, or for a day
    that is not in the calendar (``2023-02-29``), or for an interval that ends before it starts.
    Results are cached: records share few distinct dates.
    """
    if "/" not in edtf:
        return _single(edtf)
    first, second = edtf.split("/", 1)
    if first in ("", "..") and second in ("", ".."):
        raise ValueError(f"{edtf!r}: an interval needs at least one dated end")
    start = None if first in ("", "..") else _single(first)
    end = None if second in ("", "..") else _single(second)
    result = DateRange(
        start.start if start else None,
        end.end if end else None,
        bool((start and start.qualified) or (end and end.qualified)),
    )
    if result.start and result.end and result.end < result.start:
        raise ValueError(f"{edtf!r}: the interval ends before it starts")
    return result


def record_bounds(edtf: str | None, record_id: str) -> DateRange | None:
    """:func:`bounds` of a date a record holds, None for no date; a date that is not in the
    calendar raises :class:`~conflictdata.DataError` naming the record."""
    if edtf is None:
        return None
    try:
        return bounds(edtf)
    except ValueError as exc:
        raise DataError(str(exc), record_id=record_id) from None


def _single(text: str) -> DateRange:
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an EDTF level 0/1 date")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    qualified = bool(match.group(4))
    if month is None:
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), qualified)
    if month in SEASONS and day is None:
        first, last = SEASONS[month]
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        end_day = calendar.monthrange(end_year, end_month)[1]
        return DateRange(dt.date(year, first, 1), dt.date(end_year, end_month, end_day), qualified)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month {month} is not 01-12 (nor a season 21-24)")
    if day is None:
        return DateRange(
            dt.date(year, month, 1),
            dt.date(year, month, calendar.monthrange(year, month)[1]),
            qualified,
        )
    try:
        day_date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None
    return DateRange(day_date, day_date, qualified)
