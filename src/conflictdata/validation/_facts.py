"""The facts of a record that the checks across records need, and the layout of their lists.

:class:`Facts` keeps a record's references and spans as flat lists (a record has few, records
are many, and a flat list of values that already exist is the cheapest thing to build). This
module is the one place that knows their layout: :func:`~conflictdata.validation._record_rules.check_record`
appends in this order, and everything that reads the lists, for one record or for the
concatenated lists of a chunk (still aligned), goes through the helpers below.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

__all__ = [
    "Facts",
    "Reference",
    "Span",
    "each_reference",
    "each_span",
    "reference_targets",
    "span_ends",
    "span_exacts",
    "span_indexes",
    "span_sources",
    "span_starts",
]

#: One reference: a JSON pointer template (``"/links/{}/target"``), the index that fills it
#: (None for a single field) and the id referred to.
Reference = tuple[str, int | None, str]
#: One span: its index in ``evidence``, the source id, start, end and exact text.
Span = tuple[int, str, int, int, str]


class Facts(NamedTuple):
    """What the checks across records need to know of one record.

    Records are many and these facts are made for each, so they are flat lists of values that
    already exist: a JSON pointer is kept as a template and an index, and made only when there
    is something to report.
    """

    id: str
    active: bool
    #: The record's own EDTF date (``when.date``, or ``published.date`` of a source), if any.
    date: str | None
    #: The ids it references: :data:`Reference` values each, flattened; the sources of its
    #: spans are in ``spans``.
    references: list[Any]
    #: Its spans: :data:`Span` values each, flattened; a span that ends before it starts is
    #: left out (its source is among the references).
    spans: list[Any]
    #: (pointer of the ``when``, anchor id, offset in days, the record's date) of a derived date.
    derived: tuple[str, str, int, str] | None
    #: (path, sha256) of a source record.
    source: tuple[str, str] | None


def reference_targets(references: list[Any]) -> list[str]:
    """The ids referred to in a flat list of references."""
    return references[2::3]


def each_reference(references: list[Any]) -> Iterator[Reference]:
    """The references of a flat list of them, one at a time."""
    items = iter(references)
    return zip(items, items, items, strict=True)


def span_indexes(spans: list[Any]) -> list[int]:
    """The evidence index of each span in a flat list of spans."""
    return spans[::5]


def span_sources(spans: list[Any]) -> list[str]:
    """The source id of each span in a flat list of spans."""
    return spans[1::5]


def span_starts(spans: list[Any]) -> list[int]:
    """The start of each span in a flat list of spans."""
    return spans[2::5]


def span_ends(spans: list[Any]) -> list[int]:
    """The end of each span in a flat list of spans."""
    return spans[3::5]


def span_exacts(spans: list[Any]) -> list[str]:
    """The exact text of each span in a flat list of spans."""
    return spans[4::5]


def each_span(spans: list[Any]) -> Iterator[Span]:
    """The spans of a flat list of them, one at a time."""
    items = iter(spans)
    return zip(items, items, items, items, items, strict=True)
