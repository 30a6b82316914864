"""Re-anchoring: spans moved from a source text onto its corrected version.

The two texts are compared with diff-match-patch (a minimal character diff; the performance
page says why not the standard library's ``difflib``). A span that no change touches is moved
by the diff and keeps its words. A span that a change touches keeps its words too when an edit as
small leaves them whole (an insertion beside a quote that begins or ends like it can be
aligned inside it). Otherwise its new words are those the diff maps it to, reported as
``quote-changed`` with the old and the new words when the change kept at least half of the
quote; when it did not, the span is ``span-orphaned`` (left as it was, for a person to
place), unless its quote is found once elsewhere in the new text with enough to tell it apart
(a quote of 32 code points or more, or with the 32 that preceded or followed it: a moved
paragraph).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from conflictdata._dmp import engine
from conflictdata._loader import Release
from conflictdata._quotes import occurrences, show
from conflictdata.authoring._problem import Problem
from conflictdata.authoring._records import Outcome, RecordsFile, change_files, change_records
from conflictdata.authoring._texts import Texts, read_text_file
from conflictdata.exceptions import DataError, Where

__all__ = ["Shift", "reanchor", "reanchor_files"]

#: The least share of a quote's code points that a change must keep for the span to follow
#: the change; below it the span is orphaned.
KEPT = 0.5
#: Code points a quote, or the old text on one side of it, must have for the quote to be
#: found again elsewhere in the new text.
CONTEXT = 32


class Shift:
    """Where each position of ``old`` went in ``new``."""

    def __init__(self, old: str, new: str) -> None:
        self._engine = engine("re-anchoring")
        self.old, self.new = old, new
        self._diffs = self._engine.diff_main(old, new, False)
        self._changes: list[tuple[int, int, int]] = []  # old start, old end, code points changed
        at = 0
        for op, part in self._diffs:
            if op == self._engine.DIFF_EQUAL:
                at += len(part)
                continue
            end = at + len(part) if op == self._engine.DIFF_DELETE else at
            if self._changes and self._changes[-1][1] == at:
                began, _, size = self._changes.pop()
                self._changes.append((began, end, size + len(part)))
            else:
                self._changes.append((at, end, len(part)))
            at = end
        self._starts = [change[0] for change in self._changes]

    def position(self, at: int) -> int:
        """The position in ``new`` of position ``at`` of ``old`` (after what was inserted
        there)."""
        return int(self._engine.diff_xIndex(self._diffs, at))

    def touching(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The changes inside ``start:end`` of ``old``: deletions that overlap it and
        insertions strictly inside it."""
        found = []
        for change in reversed(self._changes[: bisect.bisect_left(self._starts, end)]):
            began, ended, _ = change
            if (ended <= start) if began < ended else (began <= start):
                break  # this change, and every one before it, ends before the span
            found.append(change)
        return found[::-1]

    def kept(self, at: int) -> bool:
        """Whether the code point at ``at`` in ``old`` is in ``new`` too."""
        index = bisect.bisect_right(self._starts, at) - 1
        return index < 0 or not self._changes[index][0] <= at < self._changes[index][1]

    def end(self, at: int) -> int:
        """The position in ``new`` of the end ``at`` of a stretch of ``old`` (before what was
        inserted there)."""
        return 0 if at == 0 else self.position(at - 1) + self.kept(at - 1)

    def cost(self, a: str, b: str) -> int:
        """The edit distance of ``a`` and ``b`` (diff-match-patch's Levenshtein distance of
        their minimal diff)."""
        return int(self._engine.diff_levenshtein(self._engine.diff_main(a, b, False)))


def reanchor(
    records: Iterable[Mapping[str, Any]],
    old: str,
    new: str,
    *,
    source: str,
    file: str = "<records>",
) -> Outcome:
    """Move the spans of ``records`` (JSON objects) that quote ``source`` from its text
    ``old`` onto ``new``; the records given are not changed. The source's own record, when it
    is among them, gets the SHA-256 of ``new``.

    >>> old = "Talks in Kiev began. Russia warned."
    >>> new = "Talks in Kyiv began on Monday. Russia warned."
    >>> spans = [{"source": "src-a", "start": 9, "end": 13, "exact": "Kiev"},
    ...          {"source": "src-a", "start": 21, "end": 27, "exact": "Russia"}]
    >>> result = reanchor([{"id": "evt-a", "evidence": spans}], old, new, source="src-a")
    >>> [(s["start"], s["end"], s["exact"]) for s in result.records[0]["evidence"]]
    [(9, 13, 'Kyiv'), (31, 37, 'Russia')]
    >>> print(result.problems[0].message)
    the quote changed from 'Kiev' to 'Kyiv': check that the span still says what the record needs
    """
    change = functools.partial(_reanchor_record, shift=Shift(old, new), source=source)
    return change_records(records, change, file)


def reanchor_files(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *paths: str | os.PathLike[str],
    source: str | None = None,
    release: Release | None = None,
    output: str | os.PathLike[str] | None = None,
) -> Outcome:
    """Move the spans of the JSON Lines files ``paths`` from the text in file ``old`` onto
    the text in file ``new``, and rewrite each file that changed, atomically (or write the one
    file given to ``output``).

    ``source`` is the id of the source whose text is corrected; by default the source, in
    the files or in ``release``, whose SHA-256 is that of ``old``. Raises
    :class:`~conflictdata.exceptions.DataError` for a text that is not UTF-8 or not NFC, or
    no such source, and :class:`OSError` for a file that cannot be read or written.
    """
    old_text, old_raw = _read_text(old)
    new_text, _ = _read_text(new)
    files = [RecordsFile.read(path) for path in paths]
    if source is None:
        texts = Texts.gather(files, release)
        digest = hashlib.sha256(old_raw).hexdigest()
        named = sorted(key for key, value in texts.sha256.items() if value == digest)
        if len(named) != 1:
            which = "no source" if not named else f"sources {', '.join(named)}"
            raise DataError(
                f"{which} in the files or the release has this text: give the source id",
                file=os.fspath(old),
            )
        source = named[0]
    change = functools.partial(_reanchor_record, shift=Shift(old_text, new_text), source=source)
    return change_files(files, change, output)


def _read_text(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    text, raw = read_text_file(path)
    if not unicodedata.is_normalized("NFC", text):
        raise DataError(
            "the text is not in Unicode NFC: conflictdata add-source writes it normalised",
            file=os.fspath(path),
        )
    return text, raw


def _reanchor_record(
    record: dict[str, Any], where: Callable[[str], Where], *, shift: Shift, source: str
) -> tuple[int, bool, list[Problem]]:
    """Re-anchor ``record``'s spans of ``source`` in place: how many moved with their words,
    whether the record changed, and the problems."""
    changed = False
    if record.get("id") == source and "sha256" in record:
        digest = hashlib.sha256(shift.new.encode("utf-8")).hexdigest()
        changed = record["sha256"] != digest
        record["sha256"] = digest
    evidence = record.get("evidence")
    if not isinstance(evidence, list):
        return 0, changed, []
    moved, problems = 0, []
    for index, span in enumerate(evidence):
        if not (isinstance(span, dict) and span.get("source") == source):
            continue
        start, end, exact = span.get("start"), span.get("end"), span.get("exact")
        if not (
            isinstance(start, int)
            and isinstance(end, int)
            and isinstance(exact, str)
            and shift.old[start:end] == exact
            and exact
        ):
            message = "the span does not quote the old text at its offsets: it is left as it was"
            problems.append(
                Problem(code="span-orphaned", message=message, where=where(f"/evidence/{index}"))
            )
            continue
        placed, problem = _follow(shift, start, end, exact)
        located = where(f"/evidence/{index}")
        if placed is None:
            problems.append(Problem(code="span-orphaned", message=str(problem), where=located))
            continue
        if problem is not None:
            problems.append(
                Problem(code="quote-changed", message=problem, where=located, severity="warning")
            )
        new_start, new_end = placed
        moved += problem is None
        updated = dict(span, start=new_start, end=new_end, exact=shift.new[new_start:new_end])
        changed |= updated != span
        evidence[index] = updated
    return moved, changed, problems


def _follow(
    shift: Shift, start: int, end: int, exact: str
) -> tuple[tuple[int, int] | None, str | None]:
    """Where the quote ``start:end`` of the old text is in the new one, and what to report
    (None when its words are the same)."""
    touching = shift.touching(start, end)
    if not touching:
        new_start = shift.position(start)
        return (new_start, new_start + len(exact)), None
    intact = _intact(shift, start, end, exact, touching)
    if intact is not None:
        return (intact, intact + len(exact)), None
    new_start = shift.position(start)
    new_end = max(new_start, shift.end(end))
    words = shift.new[new_start:new_end]
    deleted = sum(
        min(end, ended) - max(start, began) for began, ended, _ in touching if began < ended
    )
    if words.strip() and (len(exact) - deleted) / len(exact) >= KEPT:
        return (new_start, new_end), (
            f"the quote changed from {exact!r} to {words!r}: "
            "check that the span still says what the record needs"
        )
    again = _relocated(shift, start, end, exact)
    if again is not None:
        return (again, again + len(exact)), None
    old_words = show(shift.old, start, end)
    return None, (
        f"the quote {exact!r} cannot be placed in the new text with confidence "
        f"(it was {old_words}; the change leaves {words!r} there): place it by hand"
    )


def _intact(
    shift: Shift, start: int, end: int, exact: str, touching: list[tuple[int, int, int]]
) -> int | None:
    """Where the quote ``start:end`` of the old text is in the new one when the changes that
    the diff puts inside it can as well be outside it (the same edit distance with the quote
    kept whole: an insertion beside a quote that begins or ends like it can be aligned
    inside); None when every edit as small changes its words. Around the quote and the
    changes touching it, as many code points as they change are compared on each side."""
    slack = sum(size for _, _, size in touching)
    low = max(0, min(start, touching[0][0]) - slack)
    high = min(len(shift.old), max(end, touching[-1][1]) + slack)
    new_low = shift.position(low)
    around = shift.new[new_low : shift.end(high)]
    least = shift.cost(shift.old[low:high], around)
    for at in occurrences(around, exact):
        before = shift.cost(shift.old[low:start], around[:at])
        if before + shift.cost(shift.old[end:high], around[at + len(exact) :]) <= least:
            return new_low + at
    return None


def _relocated(shift: Shift, start: int, end: int, exact: str) -> int | None:
    """The start of the quote ``start:end`` of the old text where it went in the new one, when
    its words are found there once with enough to tell them apart: the quote alone if it has
    :data:`CONTEXT` code points, else with the :data:`CONTEXT` code points that preceded or
    followed it (a paragraph moved with its quotes); None otherwise."""
    prefix = shift.old[start - CONTEXT : start] if start >= CONTEXT else None
    suffix = shift.old[end : end + CONTEXT] if end + CONTEXT <= len(shift.old) else None
    found = [
        at
        for at in occurrences(shift.new, exact)
        if len(exact) >= CONTEXT
        or (prefix is not None and shift.new[max(0, at - CONTEXT) : at] == prefix)
        or (suffix is not None and shift.new.startswith(suffix, at + len(exact)))
    ]
    return found[0] if len(found) == 1 else None
