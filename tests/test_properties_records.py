"""Properties of generated records: they satisfy the schema, decode strictly, round-trip, and
keep the rules the types cannot state."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata

import jsonschema
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import strategies as cst
from conflictdata._codec import decode_record, encode_record
from conflictdata._dates import bounds
from conflictdata._hypothesis import _hypothesis_setup_hook
from conflictdata._schema import load_schema
from conflictdata.models import EDTF, RECORD_CLASSES
from conflictdata.vocab import EVENT_MODES, ICD203_BANDS, RECORD_KINDS, RecordKind

VALIDATORS = {
    kind: jsonschema.Draft202012Validator(
        load_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for kind in RECORD_KINDS
}
EDTF_PATTERN = re.compile(EDTF.__metadata__[0].pattern)


@pytest.mark.parametrize("kind", RECORD_KINDS)
@given(data=st.data())
def test_generated_records_pass_the_schema_and_decode_strictly(
    kind: RecordKind, data: st.DataObject
) -> None:
    """Records generated from the models pass the reference JSON Schema validator (format
    checking on) and decode strictly back into an equal record."""
    record = data.draw(cst.records(kind))
    assert kind == record.kind
    assert [] == list(VALIDATORS[kind].iter_errors(json.loads(encode_record(record))))
    assert record == decode_record(encode_record(record), RECORD_CLASSES[kind])


@given(cst.records())
def test_canonical_encoding_is_stable(record: cd.Record) -> None:
    """Encoding what was decoded from an encoding gives the same bytes."""
    encoded = encode_record(record)
    assert encoded == encode_record(decode_record(encoded, type(record)))


@given(cst.edtf_dates())
def test_edtf_dates_are_calendar_dates(date: str) -> None:
    """Generated EDTF dates match the model's pattern and denote real days, in order."""
    assert EDTF_PATTERN.search(date)
    found = bounds(date)  # raises for a day not in the calendar or an interval in reverse
    assert found.start is not None or found.end is not None


@given(cst.whens())
def test_whens_have_what_their_basis_calls_for(when: cd.When) -> None:
    """Unknown dates are null, derived ones have an anchor and an offset, external ones a
    reference, and the precision agrees with the days the date covers."""
    assert (when.basis == "unknown") == (when.date is None)
    assert (when.basis == "derived") == (when.anchor is not None) == (when.offset_days is not None)
    assert (when.basis == "external") == (when.reference is not None)
    if when.date is not None:
        found = bounds(when.date)
        assert found.start is not None
        assert found.end is not None
        days = (found.end - found.start).days + 1
        if when.precision == "day" and "/" not in when.date:
            assert 1 == days
        if when.precision == "week":
            assert 7 == days


@given(cst.likelihoods())
def test_likelihoods_carry_numbers_only_from_icd203(likelihood: cd.Likelihood) -> None:
    """Only ICD 203 expressions have numbers, and they are the expression's band."""
    if likelihood.scale == "ICD-203":
        assert likelihood.value is not None
        assert ICD203_BANDS[likelihood.value] == (likelihood.low, likelihood.high)
    else:
        assert (None, None) == (likelihood.low, likelihood.high)


@given(cst.events())
def test_event_modes_belong_to_the_event_type(event: cd.Event) -> None:
    """An event's mode is one of the PLOVER modes of its type."""
    assert event.mode is None or event.mode in EVENT_MODES[event.type]


@given(cst.records())
def test_withdrawn_records_say_why(record: cd.Record) -> None:
    """Withdrawn records have a reason; active ones have neither reason nor successor."""
    if record.status == "withdrawn":
        assert record.withdrawn_reason
    else:
        assert (None, None) == (record.withdrawn_reason, record.superseded_by)


@given(cst.texts(), st.data())
def test_spans_quote_the_given_text(text: str, data: st.DataObject) -> None:
    """A span drawn for a text quotes it: ``exact == text[start:end]``, never empty."""
    span = data.draw(cst.spans(source="src-a", text=text))
    assert ("src-a", text[span.start : span.end]) == (span.source, span.exact)
    assert span.exact


@given(cst.spans())
def test_free_spans_are_as_long_as_their_offsets(span: cd.Span) -> None:
    """Without a text, a span's quote is as long as its offsets say."""
    assert span.end - span.start == len(span.exact)


@given(cst.texts(), st.data())
def test_sources_hash_their_text(text: str, data: st.DataObject) -> None:
    """A source drawn for a text records the SHA-256 of its UTF-8 NFC form."""
    source = data.draw(cst.sources(text=text))
    nfc = unicodedata.normalize("NFC", text)
    assert hashlib.sha256(nfc.encode("utf-8")).hexdigest() == source.sha256


def test_texts_reach_beyond_ascii_and_the_basic_plane() -> None:
    """Source texts include astral characters (offsets count code points, not UTF-16 units)
    and are always in NFC."""
    astral = find(cst.texts(), lambda text: any(ord(char) > 0xFFFF for char in text))
    assert unicodedata.is_normalized("NFC", astral)


def test_roles_start_before_they_end() -> None:
    """A role's known start is no later than its known end."""

    @given(cst.roles())
    def check(role: cd.Role) -> None:
        if role.start and role.end:
            assert dt.date.fromisoformat(role.start) <= dt.date.fromisoformat(role.end)

    check()


NESTED = [cd.Span, cd.Link, cd.When, cd.Location, cd.Role, cd.EventActor, cd.Likelihood]


@pytest.mark.parametrize(
    "cls", [*NESTED, cd.Resolution, cd.Record, *RECORD_CLASSES.values(), cd.Dataset]
)
def test_from_type_draws_from_the_registered_strategies(cls: type) -> None:
    """After the entry-point hook has run, ``st.from_type`` draws valid values of each class."""
    _hypothesis_setup_hook()

    @settings(max_examples=10)  # the registration is under test, not the strategies
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)
        if isinstance(value, cd.Record):
            errors = VALIDATORS[value.kind].iter_errors(json.loads(encode_record(value)))
            assert [] == list(errors)

    check()
