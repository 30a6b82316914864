"""Decoding and canonical encoding of records."""

from __future__ import annotations

import gc
import json

import attrs
import msgspec
import pytest

import conflictdata as cd
from conflictdata._codec import (
    _mirror,
    decode_record,
    encode_record,
    kind_of_id,
    pointer_of,
    read_jsonl,
)


def test_shipped_records_round_trip() -> None:
    """Every shipped record encodes and decodes back to an equal record."""
    for record in cd.load():
        assert record == decode_record(encode_record(record), type(record))


def test_encoding_is_canonical() -> None:
    """Encoded records are compact, UTF-8 and have their keys sorted at every level."""
    for record in cd.load():
        data = encode_record(record)
        parsed = json.loads(data)
        assert (
            json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            == data
        )


@pytest.mark.parametrize(
    ("line", "pointer"),
    [
        (b'{"id": "evt-a", "zzz": 1}', "/zzz"),
        (b'{"source": "src-a", "start": -1, "end": 2, "exact": "ab"}', "/start"),
        (b'{"source": "src-a", "start": 0, "end": 2}', "/exact"),
    ],
)
def test_pointer_of_validation_errors(line: bytes, pointer: str) -> None:
    """msgspec's error paths become JSON pointers, naming the unknown or missing field."""
    cls = cd.Event if b"evt" in line else cd.Span
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.json.decode(line, type=_mirror(cls))
    assert pointer == pointer_of(info.value)[0]


def test_kind_of_id() -> None:
    """The id prefix names the record kind."""
    assert ("event", "actor", None) == (
        kind_of_id("evt-a"),
        kind_of_id("act-b"),
        kind_of_id("xyz-c"),
    )


def test_decode_rejects_float_for_integer_offsets() -> None:
    """Offsets must be JSON integers."""
    with pytest.raises(msgspec.ValidationError):
        decode_record(b'{"source": "src-a", "start": 0.5, "end": 2, "exact": "ab"}', cd.Span)


def _full_records() -> list[cd.Record]:
    """One record of each kind with every optional nested value filled in."""
    span = cd.Span(source="src-a", start=0, end=5, exact="Kyiv\u2019", role="place")
    when = cd.When(
        date="2024-11-22", precision="day", basis="derived", anchor="evt-a", offset_days=1
    )
    links = (cd.Link(rel="same_as", target="evt-b"),)
    return [
        cd.Source(
            id="src-a",
            language="en",
            sha256="0" * 64,
            path="sources/a.txt",
            published=when,
            links=links,
        ),
        cd.Actor(
            id="act-a",
            name="A",
            type="person",
            roles=(cd.Role(title="President", start="2019"),),
            evidence=(span,),
        ),
        cd.Event(
            id="evt-a",
            type="ASSAULT",
            summary="s",
            actors=(cd.EventActor(actor="act-a", role="initiator"),),
            when=when,
            where=cd.Location(name="Dnipro", country="UKR", lat=48.5, lon=35.0, precision="near"),
            factuality="CT+",
            evidence=(span, span),
            links=links,
        ),
        cd.Statement(
            id="stm-a",
            attribution="author",
            cue="warn",
            speech_act="warning",
            content="c",
            about=("evt-a",),
            evidence=(span,),
        ),
        cd.Implication(
            id="imp-a",
            proposition="p",
            cue="likely",
            likelihood=cd.Likelihood(verbal="likely", scale="ICD-203", low=0.55, high=0.8),
            resolution=cd.Resolution(status="mixed", as_of="2025", references=("r",)),
            evidence=(span,),
        ),
    ]


def _nested_values(value: object) -> list[object]:
    if isinstance(value, tuple):
        return [inner for item in value for inner in _nested_values(item)]
    if attrs.has(type(value)):
        found: list[object] = [value]
        for field in attrs.fields(type(value)):
            found += _nested_values(getattr(value, field.name))
        return found
    return [value]


def test_decoding_builds_model_instances_all_the_way_down() -> None:
    """Every nested value of a decoded record is a model instance or plain data, never a
    decoder-internal type, and the record equals the one encoded."""
    for record in _full_records():
        decoded = decode_record(encode_record(record), type(record))
        assert record == decoded
        kinds = {type(value).__module__ for value in _nested_values(decoded)}
        assert kinds <= {"conflictdata.models", "builtins"}


@pytest.mark.parametrize("enabled", [True, False])
def test_read_jsonl_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    """read_jsonl pauses the cyclic garbage collector only while it decodes, even on error."""
    data = b"\n".join(encode_record(r) for r in cd.load().actors)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert list(cd.load().actors) == read_jsonl(data, cd.Actor, file="actors.jsonl")
        assert enabled == gc.isenabled()
        with pytest.raises(cd.DataError):
            read_jsonl(data + b'\n{"id": 1}', cd.Actor, file="actors.jsonl")
        assert enabled == gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_decoding_refuses_models_with_attrs_validators() -> None:
    """Decoding skips attrs' __init__, so a model with attrs validators is refused, not
    silently unchecked."""

    @attrs.frozen
    class Checked:
        value: int = attrs.field(validator=attrs.validators.gt(0))

    with pytest.raises(TypeError, match="validators"):
        decode_record(b'{"value": 1}', Checked)  # type: ignore[type-var]
