"""Records in time order across kinds, with undated records kept apart.

Events and statements are placed by their ``when``; implications by their ``horizon`` (when they
are projected to come about). Each entry keeps the range of days its date may denote (``start``,
``end``; a month-precision date spans its month, an open end is None and sorts outermost). A
record whose date is unknown is never given one: it is listed after the dated records, in the
order its evidence appears in its source.

:meth:`Dataset.timeline <conflictdata.dataset.Dataset.timeline>` takes the criteria of
:meth:`~conflictdata.dataset.Dataset.filter` to order only some records;
:func:`conflictdata.frames.timeline_to_pandas` makes a DataFrame of a timeline.

>>> import conflictdata as cd
>>> from conflictdata.timeline import timeline
>>> entries = timeline(cd.load())
>>> all(e.dated for e in entries[: sum(e.dated for e in entries)])
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import frozen

from conflictdata._dates import DateRange, record_bounds
from conflictdata.dataset import Dataset
from conflictdata.models import Record, When

__all__ = ["DateRange", "TimelineEntry", "record_date", "record_range", "timeline"]


@frozen
class TimelineEntry:
    """One record on the timeline with the range of days it may fall on (None when undated)."""

    record: Record
    start: dt.date | None
    end: dt.date | None

    @property
    def dated(self) -> bool:
        """Whether the record has any known date bound."""
        return self.start is not None or self.end is not None

    @property
    def date(self) -> str | None:
        """The record's date as written (EDTF), see :func:`record_date`."""
        return record_date(self.record)


def record_date(record: Record) -> str | None:
    """The EDTF date a record is placed by, the one its class names as its
    :attr:`~conflictdata.models.Record.placement_field`: ``when`` for events and statements,
    ``horizon`` for implications, ``published`` for sources; None for actors and undated
    records."""
    field = type(record).placement_field
    if field is None:
        return None
    value = getattr(record, field)
    return value.date if isinstance(value, When) else value


def record_range(record: Record) -> DateRange | None:
    """The days :func:`record_date` may denote (``2024-11`` is all of November), or None when the
    record is undated; a date not in the calendar raises :class:`~conflictdata.DataError` naming
    the record."""
    return record_bounds(record_date(record), record.id)


def _text_position(record: Record) -> tuple[str, int]:
    evidence = record.evidence
    return (evidence[0].source, evidence[0].start) if evidence else ("", 0)


def timeline(
    dataset: Dataset, records: Iterable[Record] | None = None
) -> tuple[TimelineEntry, ...]:
    """The events, statements and implications of ``dataset`` in time order.

    Dated records come first, ordered by their earliest possible day, then their latest, then
    their position in the text; undated records follow in text order.
    """
    chosen = (
        records
        if records is not None
        else (*dataset.events, *dataset.statements, *dataset.implications)
    )
    entries = []
    for record in chosen:
        span = record_range(record)
        entries.append(
            TimelineEntry(record, span.start if span else None, span.end if span else None)
        )

    def key(entry: TimelineEntry) -> tuple[bool, dt.date, dt.date, tuple[str, int]]:
        return (
            not entry.dated,
            entry.start or dt.date.min,
            entry.end or dt.date.max,
            _text_position(entry.record),
        )

    return tuple(sorted(entries, key=key))
