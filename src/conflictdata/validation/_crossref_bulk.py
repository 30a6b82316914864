"""Layer 3 of validation, across records, the fast path: whole chunks of records at once.

A speed-up of :class:`~conflictdata.validation._crossref.CrossChecker`, never a rule of its own.
Records come in chunks of lines, checked one chunk at a time (in worker processes with
``--jobs``), so what can be settled within a chunk is: :func:`summarize` turns the facts of a
chunk's records into a :class:`ChunkFacts` (its ids, dates and the ids it refers to; its spans
checked against the release's and the chunk's own texts; its dates derived from anchors in the
chunk), and :meth:`BulkChecker.add_chunk` takes it whole with a few set operations. A chunk it
cannot take so (a repeated id, a withdrawn record, a reference to an id not seen yet) is fed to
:meth:`~conflictdata.validation._crossref.CrossChecker.add` record by record instead, which
gives the same issues: the property tests compare the two. :func:`settle_spans` checks the spans
a worker process left open against sources listed in earlier chunks, and :func:`shift_lines`
renumbers a chunk's facts once its first line is known.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, compress
from operator import sub
from pathlib import Path
from typing import Any, NamedTuple, cast

from conflictdata.validation._crossref import (
    CrossChecker,
    Where,
    derived_issues,
    source_text,
    span_issues,
)
from conflictdata.validation._facts import (
    Facts,
    Span,
    each_span,
    reference_targets,
    span_ends,
    span_exacts,
    span_sources,
    span_starts,
)
from conflictdata.validation._report import Issue, moved

__all__ = ["BulkChecker", "ChunkFacts", "settle_spans", "shift_lines", "summarize"]

#: A derived date waiting for its anchor: (where, pointer of the when, anchor, offset, date).
Derived = tuple[Where, str, str, int, str]


class ChunkFacts(NamedTuple):
    """What a chunk of records tells the checks across records, made by :func:`summarize`.

    ``whole`` is False for a chunk that must be added record by record (it repeats an id or
    has a withdrawn record); the other fields are then empty.
    """

    whole: bool
    #: The records' ids, and the line of each.
    ids: list[str]
    lines: list[int]
    #: The dates of the dated records, by id.
    dates: dict[str, str]
    #: The ids referred to that are not in the chunk (the release's among them).
    outside: set[str]
    #: The chunk's source records: the path of each one's text, None if it cannot be read.
    sources: dict[str, str | None]
    #: The texts of the chunk's sources that could be read (or none: they are read again when
    #: quoted later).
    texts: dict[str, str]
    #: The spans and derived dates the chunk could not settle alone.
    spans: list[tuple[Where, Span]]
    derived: list[Derived]
    #: The problems of the spans and derived dates it did settle.
    issues: list[Issue]
    #: Contributed sources listed before the chunk whose texts its spans were checked against
    #: (see :func:`settle_spans`).
    borrowed: frozenset[str] = frozenset()


_NOT_WHOLE = ChunkFacts(False, [], [], {}, set(), {}, {}, [], [], [])


def summarize(
    lines: list[int],
    records: list[Facts],
    file: str,
    folder: Path,
    texts: Mapping[str, str],
    root: str = "",
) -> ChunkFacts:
    """The :class:`ChunkFacts` of a chunk's records from ``file``: their facts, and the line
    of each.

    The texts of the chunk's source records are read (relative to ``folder``, itself relative
    to ``root`` if it is relative: see :func:`source_text`) and checked; its
    spans are checked against them and ``texts`` (the texts known before the chunk); its derived
    dates against anchors in the chunk. The rest is left to :meth:`CrossChecker.add_chunk`.
    Records are many, so each of their facts is taken for all of them at once (``zip(*...)``).
    """
    if not records:
        return ChunkFacts(True, [], [], {}, set(), {}, {}, [], [], [])
    ids, active, own_dates, references, quoting, derivations, listed = zip(*records, strict=True)
    in_chunk = set(ids)
    if len(in_chunk) != len(ids) or not all(active):
        return _NOT_WHOLE
    dates = dict(compress(zip(ids, own_dates, strict=True), own_dates))
    flat = list(chain.from_iterable(references))
    quoted = list(chain.from_iterable(quoting))
    outside = set(reference_targets(flat))
    outside.update(span_sources(quoted))
    outside -= in_chunk
    issues: list[Issue] = []
    own: dict[str, str | None] = {}
    sources: dict[str, str | None] = {}
    for line, record_id, source in compress(zip(lines, ids, listed, strict=True), listed):
        text, found = source_text(source, (file, line, record_id, True), folder, root)
        issues += found
        own[record_id] = text
        sources[record_id] = source[0] if text is not None else None
    readable = {key: text for key, text in own.items() if text is not None}
    known = {**texts, **readable} if readable else texts
    spans: list[tuple[Where, Span]] = []
    if not _all_quote(quoted, known):
        found, unknown = _quote(_spans_of(lines, records, file), known)
        issues += found
        spans = [(where, span) for where, span in unknown if span[1] not in own]  # not unreadable
    derived: list[Derived] = []
    for line, record_id, derivation in compress(
        zip(lines, ids, derivations, strict=True), derivations
    ):
        pointer, anchor, offset, date = derivation
        where = (file, line, record_id, True)
        if anchor in in_chunk:
            anchor_date = dates.get(anchor)
            issues += derived_issues(where, pointer, anchor, anchor_date, offset, date)
        else:
            derived.append((where, pointer, anchor, offset, date))
    return ChunkFacts(
        True, list(ids), lines, dates, outside, sources, readable, spans, derived, issues
    )


def _all_quote(quoted: list[Any], texts: Mapping[str, str]) -> bool:
    """Whether every span of ``quoted`` (flattened) quotes a text of ``texts`` exactly: the
    check of a whole chunk at once, in a few passes over its spans."""
    found = list(map(texts.get, span_sources(quoted)))
    exact, starts = span_exacts(quoted), span_starts(quoted)
    return (
        None not in found
        and list(map(sub, span_ends(quoted), starts)) == list(map(len, exact))
        and all(map(str.startswith, cast("list[str]", found), exact, starts))
    )


def _spans_of(lines: list[int], records: list[Facts], file: str) -> Iterator[tuple[Where, Span]]:
    """Each span of the records, with where its record is."""
    for line, facts in zip(lines, records, strict=True):
        for span in each_span(facts.spans):
            yield (file, line, facts.id, True), span


def _quote(
    spans: Iterable[tuple[Where, Span]], texts: Mapping[str, str]
) -> tuple[list[Issue], list[tuple[Where, Span]]]:
    """The issues of the spans whose source has a text in ``texts``, and the other spans."""
    issues: list[Issue] = []
    unknown: list[tuple[Where, Span]] = []
    for where, span in spans:
        text = texts.get(span[1])
        if text is None:
            unknown.append((where, span))
        else:
            issues += span_issues(where, span, text)
    return issues, unknown


def settle_spans(chunk: ChunkFacts, texts: Mapping[str, str]) -> ChunkFacts:
    """The chunk with the spans it left open checked against ``texts``, the texts of sources
    listed before it, where they quote one of them."""
    found, unknown = _quote(chunk.spans, texts)
    borrowed = frozenset(span[1] for _, span in chunk.spans) & texts.keys()
    return chunk._replace(
        spans=unknown, issues=chunk.issues + found, borrowed=chunk.borrowed | borrowed
    )


def shift_lines(chunk: ChunkFacts, shift: int) -> ChunkFacts:
    """The facts of a chunk whose lines were counted from ``shift`` lines too early."""

    def later(where: Where) -> Where:
        file, line, record_id, active = where
        return file, line + shift, record_id, active

    def derived_later(derived: Derived) -> Derived:
        where, pointer, anchor, offset, date = derived
        return later(where), pointer, anchor, offset, date

    return chunk._replace(
        lines=[line + shift for line in chunk.lines],
        spans=[(later(where), span) for where, span in chunk.spans],
        derived=[derived_later(derived) for derived in chunk.derived],
        issues=moved(chunk.issues, shift),
    )


class BulkChecker(CrossChecker):
    """A :class:`~conflictdata.validation._crossref.CrossChecker` that also takes whole chunks."""

    def add_chunk(self, chunk: ChunkFacts) -> bool:
        """Take the records of a chunk of the current file at once, if they only add new ids
        and refer to records already seen (none of them withdrawn); else change nothing and
        return False: the chunk is then to be added record by record."""
        index, withdrawn = self._index, self._withdrawn_ids
        if not (
            chunk.whole
            and index.keys().isdisjoint(chunk.ids)
            and index.keys() >= chunk.outside
            and (not withdrawn or withdrawn.isdisjoint(chunk.outside))
            and all(self._files.get(source) is not None for source in chunk.borrowed)
        ):
            return False
        base = (len(self._file_names) - 1) << 32
        index.update(zip(chunk.ids, [base | line for line in chunk.lines], strict=True))
        self._dates.update(zip(chunk.dates, map(sys.intern, chunk.dates.values()), strict=True))
        self.issues.extend(chunk.issues)
        for source_id, path in chunk.sources.items():
            self._files[source_id] = (str(self._folder), path) if path is not None else None
            if source_id in chunk.texts:
                self._keep(source_id, chunk.texts[source_id])
            for where, span in self._waiting_spans.pop(source_id, ()):
                self._check_span(where, span)
        for record_id in self._waiting.keys() & chunk.ids:
            self._arrived(Facts(record_id, True, chunk.dates.get(record_id), [], [], None, None))
        for where, span in chunk.spans:
            self._check_span(where, span)
        for where, pointer, anchor, offset, date in chunk.derived:
            self._derived(where, pointer, anchor, self._dates.get(anchor), offset, date)
        return True
