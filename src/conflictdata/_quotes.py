"""Finding a quote in a text: by its words, the words around it and a hint of where it is.

This is the W3C TextQuoteSelector (``exact``, ``prefix``, ``suffix``) with an approximate
position: the quote is placed where its words occur with the given context; when they occur
in more than one place the hint picks the nearest, and otherwise every place is an error that
shows each one.
"""

from __future__ import annotations

import re

from attrs import frozen

from conflictdata._dmp import engine
from conflictdata.exceptions import DataError, MissingExtraError

__all__ = ["Candidate", "QuoteError", "find_quote", "occurrences", "show", "unique_context"]

#: Code points of text shown on each side of a place in messages.
SHOWN = 30


@frozen
class Candidate:
    """A place in a text: ``start`` and ``end`` (code points), and the text around it."""

    start: int
    end: int
    context: str

    def __str__(self) -> str:
        return f"{self.start}-{self.end} {self.context}"


class QuoteError(DataError):
    """A quote that cannot be placed: not in the text (``quote-not-found``; ``candidates``
    holds the closest match, if any part of the quote is in the text) or in several places
    that its context and hint do not tell apart (``quote-ambiguous``; ``candidates`` holds
    every one)."""

    candidates: tuple[Candidate, ...] = ()


def show(text: str, start: int, end: int) -> str:
    """The place ``start:end`` of ``text`` with up to :data:`SHOWN` code points on each side,
    the place in brackets, cut at word boundaries and on one line.

    >>> show("The talks in Kyiv ended on Monday.", 13, 17)
    '"The talks in [Kyiv] ended on Monday."'
    """
    before = text[max(0, start - SHOWN) : start]
    after = text[end : end + SHOWN]
    if start > SHOWN:
        before = "…" + re.sub(r"^\S*\s", "", before, count=1)
    if end + SHOWN < len(text):
        after = re.sub(r"\s\S*$", "", after, count=1) + "…"
    shown = f"{before}[{text[start:end]}]{after}"
    return '"' + re.sub(r"\s+", " ", shown) + '"'


def occurrences(text: str, exact: str) -> list[int]:
    """Every start of ``exact`` in ``text``, overlapping ones included."""
    found, at = [], text.find(exact)
    while at >= 0:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def find_quote(
    text: str,
    exact: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> int:
    """The start of ``exact`` in ``text``: the one place where it is preceded by ``prefix`` and
    followed by ``suffix`` (when given), or, among several, the one nearest ``hint``.

    Raises :class:`QuoteError` when there is no such place, or several and no hint (or two
    as near to it).

    >>> text = "Russia warned. Then Russia struck."
    >>> find_quote(text, "Russia", suffix=" struck")
    20
    >>> find_quote(text, "Russia", hint=15)
    20
    >>> find_quote(text, "Russia")
    Traceback (most recent call last):
    ...
    conflictdata._quotes.QuoteError: 'Russia' is in the text 2 times: 0-6 "[Russia] warned. Then Russia struck."; 20-26 "Russia warned. Then [Russia] struck."; give a prefix or suffix, or a start near the right one
    """
    starts = [
        at
        for at in occurrences(text, exact)
        if (prefix is None or text[max(0, at - len(prefix)) : at] == prefix)
        and (suffix is None or text[at + len(exact) : at + len(exact) + len(suffix)] == suffix)
    ]
    if len(starts) > 1 and hint is not None:
        distance = sorted(abs(at - hint) for at in starts)
        if distance[0] < distance[1]:
            starts = [at for at in starts if abs(at - hint) == distance[0]]
    if len(starts) == 1:
        return starts[0]
    if not starts:
        raise _not_found(text, exact, context=prefix is not None or suffix is not None, hint=hint)
    places = tuple(Candidate(at, at + len(exact), show(text, at, at + len(exact))) for at in starts)
    error = QuoteError(
        f"{exact!r} is in the text {len(places)} times"
        + (" with that context" if prefix is not None or suffix is not None else "")
        + ": "
        + "; ".join(map(str, places))
        + "; give "
        + ("a longer prefix or suffix" if prefix or suffix else "a prefix or suffix")
        + ", or a start near the right one",
        code="quote-ambiguous",
    )
    error.candidates = places
    raise error


def _not_found(text: str, exact: str, *, context: bool, hint: int | None) -> QuoteError:
    """The error for a quote that is not in ``text``, naming the closest match (found by
    diff-match-patch's fuzzy matching, nearest ``hint``, when the extra is installed)."""
    if context and exact in text:
        return QuoteError(
            f"{exact!r} is in the text, but never with that prefix and suffix: "
            + "; ".join(show(text, at, at + len(exact)) for at in occurrences(text, exact)),
            code="quote-not-found",
        )
    try:
        matcher = engine("the closest match to a quote")
    except MissingExtraError:
        return QuoteError(f"{exact!r} is not in the text", code="quote-not-found")
    matcher.Match_Distance = 10 * max(len(text), 1)  # anywhere in the text, the hint first
    start = matcher.match_main(text, exact, hint or 0)
    if start < 0:
        return QuoteError(
            f"{exact!r} is not in the text, nor anything like it", code="quote-not-found"
        )
    end = min(len(text), start + len(exact))
    closest = Candidate(start, end, show(text, start, end))
    error = QuoteError(
        f"{exact!r} is not in the text; the closest match is {text[start:end]!r} at {closest}",
        code="quote-not-found",
    )
    error.candidates = (closest,)
    return error


def unique_context(text: str, start: int, end: int, *, least: int = 0) -> tuple[str, str]:
    """The ``prefix`` and ``suffix`` of ``text[start:end]``: ``least`` code points on each
    side, more where needed until the quote with them is found in the text only at
    ``start`` (as far as the text allows).

    >>> unique_context("the cat sat; the cat ran", 17, 20)
    ('e ', ' r')
    """
    exact = text[start:end]
    others = [at for at in occurrences(text, exact) if at != start]
    size = least
    while True:
        prefix = text[max(0, start - size) : start]
        suffix = text[end : end + size]
        others = [
            at
            for at in others
            if text[max(0, at - len(prefix)) : at] == prefix
            and text[at + len(exact) : at + len(exact) + len(suffix)] == suffix
        ]
        if not others or (len(prefix) == start and len(suffix) == len(text) - end):
            return prefix, suffix
        size = max(1, size * 2)
