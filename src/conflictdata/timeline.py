"""Records in time order across kinds, with undated records kept apart.

Events and statements are placed by their ``when``; implications by their ``horizon`` (when they
are projected to come about). A record whose date is unknown is never given one: it is listed
after the dated records, in the order its evidence appears in its source.

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

from conflictdata._dates import bounds
from conflictdata.dataset import Dataset
from conflictdata.models import Event, Implication, Record, Statement

__all__ = ["TimelineEntry", "timeline"]


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


def _date_of(record: Record) -> str | None:
    if isinstance(record, (Event, Statement)):
        return record.when.date
    if isinstance(record, Implication):
        return record.horizon
    return None


def _text_position(record: Record) -> tuple[str, int]:
    evidence = getattr(record, "evidence", ())
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
        date = _date_of(record)
        span = bounds(date) if date else None
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
