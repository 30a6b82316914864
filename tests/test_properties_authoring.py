"""Properties of the authoring tools: quotes anchor back to their offsets, and re-anchoring
moves every span exactly over an edit outside the quotes and reports an edit inside one."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from conflictdata import Dataset
from conflictdata._codec import encode_record
from conflictdata.authoring import anchor, find_quote, reanchor, unique_context
from conflictdata.io import dump
from conflictdata.strategies import datasets

#: A small alphabet, so that words repeat and quotes are found in more than one place.
ALPHABET = "abcdefg ."


def _levenshtein(a: str, b: str) -> int:
    """The edit distance of ``a`` and ``b`` (insertions, deletions, substitutions)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


@given(datasets(), st.data())
def test_anchoring_gives_back_the_offsets(ds: Dataset, data: st.DataObject) -> None:
    """The spans of a valid dataset, their offsets removed and each given the context that
    names it alone (or its start as a hint), anchor back to the offsets they had."""
    original = [json.loads(encode_record(record)) for record in ds]
    stripped = []
    for record in original:
        spans = []
        for span in record["evidence"]:
            text = ds.texts[span["source"]]
            quote = {key: span[key] for key in span if key not in ("start", "end")}
            if data.draw(st.booleans(), label="hint"):
                quote["start"] = span["start"]
            else:
                prefix, suffix = unique_context(text, span["start"], span["end"])
                quote |= {"prefix": prefix, "suffix": suffix}
            spans.append(quote)
        stripped.append(dict(record, evidence=spans))
    result = anchor(stripped, ds.texts)
    assert ((), original) == (result.problems, list(result.records))


@given(datasets())
def test_w3c_quote_selectors_find_their_quotes(ds: Dataset) -> None:
    """Each TextQuoteSelector of the W3C export, alone, finds its quote at the offsets of its
    TextPositionSelector."""
    out = io.StringIO()
    dump(ds, out, "annotations")
    for annotation in json.loads(out.getvalue())["first"]["items"]:
        position, quote = annotation["target"]["selector"]
        text = ds.texts[annotation["target"]["source"].removeprefix("urn:conflictdata:")]
        context = {key: quote.get(key, "") for key in ("prefix", "suffix")}
        assert position["start"] == find_quote(text, quote["exact"], **context)


@st.composite
def _quoted(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text and up to four spans of it."""
    text = draw(st.text(ALPHABET, min_size=1, max_size=60))
    spans = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text) - 1))
        spans.append((start, draw(st.integers(start + 1, min(len(text), start + 20)))))
    return text, spans


def _records(text: str, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    evidence = [{"source": "src-a", "start": s, "end": e, "exact": text[s:e]} for s, e in spans]
    return [{"id": "evt-a", "evidence": evidence}]


def _inserted(text: str, at: int, words: str) -> str:
    return text[:at] + words + text[at:]


def _deleted(text: str, at: int, size: int) -> str:
    return text[:at] + text[at + size :]


def _readings(old: str, new: str, size: int, insert: bool) -> list[int]:
    """Every place where one insertion (or deletion) of ``size`` code points turns ``old``
    into ``new``."""
    if insert:
        return [at for at in range(len(old) + 1) if _inserted(old, at, new[at : at + size]) == new]
    return [at for at in range(len(old) - size + 1) if _deleted(old, at, size) == new]


def _outside(at: int, size: int, insert: bool, span: tuple[int, int]) -> bool:
    start, end = span
    return (at <= start or at >= end) if insert else (at + size <= start or at >= end)


def _moved(at: int, size: int, insert: bool, start: int) -> int:
    if insert:
        return start + size if at <= start else start
    return start - size if at + size <= start else start


@given(_quoted(), st.data())
def test_edit_outside_every_quote_moves_every_span(
    quoted: tuple[str, list[tuple[int, int]]], data: st.DataObject
) -> None:
    """Over one insertion or deletion outside every quote (however the texts are read: one
    that can also be read as an edit inside a quote is left out), every span moves exactly,
    its words unchanged, and nothing is reported."""
    old, spans = quoted
    insert = data.draw(st.booleans(), label="insert")
    if insert:
        free = [at for at in range(len(old) + 1) if all(_outside(at, 0, True, s) for s in spans)]
        assume(free)
        at = data.draw(st.sampled_from(free), label="at")
        size = data.draw(st.integers(1, 5), label="size")
        new = _inserted(old, at, data.draw(st.text(ALPHABET, min_size=size, max_size=size)))
    else:
        free = [i for i in range(len(old)) if all(_outside(i, 1, False, s) for s in spans)]
        assume(free)
        at = data.draw(st.sampled_from(free), label="at")
        run = 1
        while at + run < len(old) and all(_outside(at + run, 1, False, s) for s in spans):
            run += 1
        size = data.draw(st.integers(1, run), label="size")
        new = _deleted(old, at, size)
    readings = _readings(old, new, size, insert)
    assume(all(_outside(a, size, insert, s) for a in readings for s in spans))
    result = reanchor(_records(old, spans), old, new, source="src-a")
    assert () == result.problems
    for (start, end), span in zip(spans, result.records[0]["evidence"], strict=True):
        assert span["start"] in {_moved(a, size, insert, start) for a in readings}
        assert (old[start:end], span["start"] + end - start) == (span["exact"], span["end"])
        assert new[span["start"] : span["end"]] == span["exact"]


@given(_quoted(), st.data())
def test_edit_inside_a_quote_is_reported(
    quoted: tuple[str, list[tuple[int, int]]], data: st.DataObject
) -> None:
    """One insertion or deletion inside a quote is reported for that span (its words changed,
    or it is orphaned), unless an edit as small outside the quote gives the same text: then
    its words did not change, and the span moves to where that edit leaves them."""
    old, spans = quoted
    start, end = spans[0]
    insert = data.draw(st.booleans(), label="insert")
    if insert:
        assume(end - start > 1)
        at = data.draw(st.integers(start + 1, end - 1), label="at")
        size = data.draw(st.integers(1, 5), label="size")
        new = _inserted(old, at, data.draw(st.text(ALPHABET, min_size=size, max_size=size)))
    else:
        at = data.draw(st.integers(max(0, start - 4), end - 1), label="at")
        size = data.draw(st.integers(max(1, start - at + 1), len(old) - at), label="size")
        new = _deleted(old, at, size)
    exact = old[start:end]
    kept_whole = [
        x
        for x in range(len(new) - len(exact) + 1)
        if new[x : x + len(exact)] == exact
        and _levenshtein(old[:start], new[:x]) + _levenshtein(old[end:], new[x + len(exact) :])
        <= size
    ]
    result = reanchor(_records(old, spans[:1]), old, new, source="src-a")
    if kept_whole:
        (span,) = result.records[0]["evidence"]
        assert ((), exact, True) == (result.problems, span["exact"], span["start"] in kept_whole)
        return
    assert [("/evidence/0", True)] == [
        (p.where.pointer, p.code in ("quote-changed", "span-orphaned")) for p in result.problems
    ]
