"""A source text cut into highlights: every evidence span marked, overlaps kept legible.

Spans may nest or cross, which HTML elements cannot; so the text is cut at every span's start
and end, and each piece covered by at least one span becomes one ``<mark>`` naming every span
and record that covers it (``data-spans``, ``data-records``). The pieces of one span, read in
order, are exactly its text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from html import escape

from attrs import frozen

__all__ = ["Mark", "Piece", "pieces", "render"]


@frozen
class Mark:
    """One span to mark: ``[start, end)`` of the text, the span's key (``record-id/index``),
    its record and the record's kind; ``issue`` the code of a validation issue it shows (then
    ``side`` is ``claimed`` or ``found``: where the span says its words are, or where they
    are) and ``message`` what the issue says."""

    start: int
    end: int
    key: str
    record: str
    kind: str
    role: str | None = None
    issue: str | None = None
    side: str | None = None
    message: str | None = None


@frozen
class Piece:
    """A stretch ``[start, end)`` of the text and the marks that cover all of it."""

    start: int
    end: int
    marks: tuple[Mark, ...]


def pieces(length: int, marks: Iterable[Mark]) -> Iterator[Piece]:
    """The text ``[0, length)`` cut at every boundary of ``marks`` (clipped to the text; empty
    marks are dropped), each piece with the marks covering it, in mark order."""
    kept = [m for m in marks if 0 <= m.start < m.end <= length]
    cuts = sorted({0, length, *(m.start for m in kept), *(m.end for m in kept)})
    starting: dict[int, list[Mark]] = {}
    for mark in kept:
        starting.setdefault(mark.start, []).append(mark)
    order = {id(mark): index for index, mark in enumerate(kept)}
    active: list[Mark] = []
    for start, end in itertools.pairwise(cuts):
        active = [m for m in active if m.end > start]
        active.extend(starting.get(start, ()))
        active.sort(key=lambda m: order[id(m)])
        yield Piece(start, end, tuple(active))


def _mark_html(text: str, marks: Sequence[Mark], names: dict[str, str]) -> str:
    spans = [m for m in marks if m.issue is None]
    issues = [m for m in marks if m.issue is not None]
    records = list(dict.fromkeys(m.record for m in marks))
    kinds = sorted({m.kind for m in marks})
    classes = ["hl", *(f"k-{kind}" for kind in kinds)]
    classes += sorted({f"issue-{m.side}" for m in issues})
    if len(records) > 1:
        classes.append("many")
    label = "; ".join(
        f"{names.get(m.kind, m.kind)} {m.record}"
        + (f" ({m.role})" if m.role else "")
        + (f": {m.issue} ({m.side} offsets): {m.message}" if m.issue else "")
        for m in marks
    )
    attributes = {
        "class": " ".join(classes),
        "data-records": " ".join(records),
        "data-spans": " ".join(m.key for m in spans),
        "data-issues": " ".join(dict.fromkeys(f"{m.issue}:{m.side}:{m.key}" for m in issues)),
        "tabindex": "0",
        "role": "button",
        "title": label,
    }
    written = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items() if value)
    return f"<mark {written}>{_text(text)}</mark>"


def _text(text: str) -> str:
    """``text`` as HTML character data; a carriage return as a reference, which HTML keeps
    (a literal one is read as a line feed, and the highlight would not be its span's words)."""
    return escape(text, quote=False).replace("\r", "&#13;")


def render(text: str, marks: Iterable[Mark], names: dict[str, str]) -> str:
    """The HTML of ``text`` with ``marks`` highlighted; ``names`` are the words that name each
    kind in the highlights' titles."""
    return "".join(
        _mark_html(text[p.start : p.end], p.marks, names)
        if p.marks
        else _text(text[p.start : p.end])
        for p in pieces(len(text), marks)
    )
