"""Datasets drawn from ``datasets()`` are consistent: every span quotes its source, every id
and every reference resolves, source hashes match their texts, derived dates agree."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterator

import attrs
from hypothesis import given

import conflictdata as cd
from conflictdata import strategies as cst
from conflictdata._dates import bounds


def references(record: cd.Record) -> Iterator[tuple[str, str]]:
    """(what, id) for every id a record refers to."""
    for link in record.links:
        yield "link", link.target
    if record.superseded_by:
        yield "superseded_by", record.superseded_by
    for span in getattr(record, "evidence", ()):
        yield "span source", span.source
    for name in ("when", "published"):
        when = getattr(record, name, None)
        if when is not None and when.anchor:
            yield "anchor", when.anchor
    if isinstance(record, cd.Event):
        yield from (("event actor", actor.actor) for actor in record.actors)
    if isinstance(record, cd.Statement):
        yield from (("about", i) for i in record.about)
        if record.speaker:
            yield "speaker", record.speaker
    if isinstance(record, cd.Implication):
        yield from (("driver", i) for i in record.drivers)
        yield from (("affects", i) for i in record.affects)
        if record.holder:
            yield "holder", record.holder


@given(cst.datasets())
def test_every_span_quotes_its_source(ds: cd.Dataset) -> None:
    """``ds.text(span) == span.exact`` for every evidence span of every record."""
    for record in ds:
        for span in getattr(record, "evidence", ()):
            assert span.exact == ds.text(span)


@given(cst.datasets())
def test_every_id_and_reference_resolves(ds: cd.Dataset) -> None:
    """``get`` finds every record by its id, and every id a record refers to names a record of
    the kind the reference calls for."""
    expected_kind = {
        "span source": cd.Source,
        "event actor": cd.Actor,
        "speaker": cd.Actor,
        "holder": cd.Actor,
        "affects": cd.Actor,
    }
    for record in ds:
        assert record is ds.get(record.id)
        for what, target in references(record):
            assert isinstance(ds.get(target), expected_kind.get(what, cd.Record)), (what, target)
        if record.superseded_by:
            assert type(record) is type(ds.get(record.superseded_by))
            assert record.superseded_by != record.id


@given(cst.datasets())
def test_sources_hash_their_nfc_text(ds: cd.Dataset) -> None:
    """Every source has a text in NFC whose UTF-8 SHA-256 is the source's ``sha256``, and no
    two sources share a path."""
    for source in ds.sources:
        text = ds.texts[source.id]
        assert unicodedata.is_normalized("NFC", text)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == source.sha256
    paths = [source.path.lower() for source in ds.sources]
    assert len(set(paths)) == len(paths)


@given(cst.datasets())
def test_derived_dates_agree_with_their_anchors(ds: cd.Dataset) -> None:
    """A derived date is its anchor's date plus ``offset_days``."""
    for record in ds:
        for when in attrs.astuple(record, recurse=False):
            if not isinstance(when, cd.When) or when.basis != "derived":
                continue
            anchor = ds.get(str(when.anchor))
            anchor_when = getattr(anchor, "when", None) or getattr(anchor, "published", None)
            assert anchor_when is not None
            assert anchor_when.date is not None
            start = bounds(anchor_when.date).start
            assert start is not None
            assert when.offset_days is not None
            assert bounds(str(when.date)).start == start + dt.timedelta(days=when.offset_days)
