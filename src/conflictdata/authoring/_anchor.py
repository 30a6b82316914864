"""Anchoring: the offsets of every span that gives its quote but not where it is.

A span to anchor gives ``source`` and ``exact``, and may give ``prefix`` and ``suffix`` (the
text just before and after the quote, as in a W3C TextQuoteSelector) and a ``start`` without
an ``end`` (an approximate start: among several places the nearest is taken). Anchoring sets
``start`` and ``end`` and removes ``prefix`` and ``suffix``, which are not fields of a record.
A span that already has both offsets is checked, never moved.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from conflictdata._loader import Release
from conflictdata._quotes import QuoteError, find_quote, occurrences, show
from conflictdata.authoring._problem import Problem
from conflictdata.authoring._records import Outcome, RecordsFile, change_files, change_records
from conflictdata.authoring._texts import Texts
from conflictdata.exceptions import Where

__all__ = ["anchor", "anchor_files", "anchor_record"]

_CONTEXT = ("prefix", "suffix")


def anchor(
    records: Iterable[Mapping[str, Any]], texts: Mapping[str, str], *, file: str = "<records>"
) -> Outcome:
    """Anchor the spans of ``records`` (JSON objects, as :func:`json.loads` gives them) in
    ``texts`` (source texts by source id); the records given are not changed.

    Problems name ``file`` and the record's 1-based index as its line.

    >>> text = "Russia warned. Then Russia struck."
    >>> span = {"source": "src-a", "exact": "Russia", "suffix": " struck"}
    >>> result = anchor([{"id": "evt-strike", "evidence": [span]}], {"src-a": text})
    >>> result.records[0]["evidence"]
    [{'source': 'src-a', 'start': 20, 'end': 26, 'exact': 'Russia'}]
    >>> result.placed, result.ok
    (1, True)
    """
    return change_records(records, functools.partial(anchor_record, texts=texts), file)


def anchor_files(
    *paths: str | os.PathLike[str],
    release: Release | None = None,
    output: str | os.PathLike[str] | None = None,
) -> Outcome:
    """Anchor the spans of the JSON Lines files ``paths`` and rewrite each file that changed,
    atomically; or write the one file given to ``output`` instead (changed or not).

    The texts are those of ``release`` (a shipped version, a folder or a Dataset; the newest
    shipped release for None) and of the sources listed in the files, read beside each file.
    Raises :class:`OSError` for a file that cannot be read or written, and
    :class:`ValueError` for ``output`` with more than one file.
    """
    files = [RecordsFile.read(path) for path in paths]
    texts = Texts.gather(files, release)
    change = functools.partial(anchor_record, texts=texts.texts)
    return change_files(files, change, output, texts.problems)


def anchor_record(
    record: dict[str, Any], where: Callable[[str], Where], *, texts: Mapping[str, str]
) -> tuple[int, bool, list[Problem]]:
    """Anchor the spans of ``record`` in place: how many were anchored, whether the record
    changed, and the problems (``where`` locates a JSON pointer in the record). A span without
    ``source`` or ``exact``, or not an object, is left to the validator."""
    evidence = record.get("evidence")
    if not isinstance(evidence, list):
        return 0, False, []
    anchored, changed, problems = 0, False, []
    for index, span in enumerate(evidence):
        if not isinstance(span, dict):
            continue
        exact, source = span.get("exact"), span.get("source")
        if not (isinstance(exact, str) and exact and isinstance(source, str)):
            continue
        pointer = f"/evidence/{index}"
        text = texts.get(source)
        if text is None:
            message = (
                f"no text for source {source!r}: list the source (with its text) in a file "
                "given, or name the release that has it"
            )
            problems.append(_problem("text-missing", message, where(pointer + "/source")))
            continue
        try:
            placed = _place(span, text, exact)
        except QuoteError as error:
            code = error.code or "quote-not-found"
            problems.append(_problem(code, error.message, where(pointer + "/exact")))
            continue
        if placed is None:
            problems.append(_problem("span-mismatch", _mismatch(span, text, exact), where(pointer)))
            continue
        anchored += _offset(span.get("start")) is None or _offset(span.get("end")) is None
        changed |= placed != span
        evidence[index] = placed
    return anchored, changed, problems


def _problem(code: str, message: str, where: Where) -> Problem:
    return Problem(code=code, message=message, where=where)


def _place(span: dict[str, Any], text: str, exact: str) -> dict[str, Any] | None:
    """``span`` anchored in ``text``, or None when its offsets are given and its quote or
    context is not there; raises :class:`QuoteError` for a quote that cannot be placed."""
    start, end = (_offset(span.get(key)) for key in ("start", "end"))
    prefix, suffix = (_text(span.get(key)) for key in _CONTEXT)
    if start is None or end is None:
        hint = start if start is not None else None if end is None else end - len(exact)
        at = find_quote(text, exact, prefix=prefix, suffix=suffix, hint=hint)
    elif text[start:end] == exact and _fits(text, start, end, prefix or "", suffix or ""):
        at = start
    else:
        return None
    rest = {key: value for key, value in span.items() if key not in ("start", "end", *_CONTEXT)}
    return {"source": rest.pop("source"), "start": at, "end": at + len(exact), **rest}


def _fits(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether ``prefix`` and ``suffix`` are the text just before ``start`` and after ``end``."""
    return text[max(0, start - len(prefix)) : start] == prefix and text[end:].startswith(suffix)


def _offset(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _mismatch(span: dict[str, Any], text: str, exact: str) -> str:
    """What is wrong with an anchored span whose quote or context is not at its offsets."""
    start, end = span["start"], span["end"]
    if text[start:end] == exact:
        return f"the prefix or suffix given is not the text around {start}-{end}: fix or remove it"
    places = occurrences(text, exact)
    shown = "; ".join(f"{at}-{at + len(exact)} {show(text, at, at + len(exact))}" for at in places)
    return (
        f"exact is {exact!r}, but the text at {start}-{end} reads {text[start:end]!r}; "
        + (f"the quote is at {shown}" if places else "the quote is not in the text")
        + " (remove start and end to have it anchored)"
    )
