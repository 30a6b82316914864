"""Decoding and canonical encoding of records."""

from __future__ import annotations

import gc
import json

import attrs
import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata._codec import (
    _PATTERNS,
    _SEEN_LIMIT,
    decode_record,
    encode_record,
    kind_of_id,
    mirror,
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


def _strict(data: bytes, cls: type[cd.Record]) -> object:
    """What the strict mirror says of ``data``: the decoded mirror or the error message."""
    try:
        return msgspec.structs.asdict(msgspec.json.decode(data, type=mirror(cls)))
    except msgspec.ValidationError as error:
        return str(error)


def _fast(data: bytes, cls: type[cd.Record]) -> object:
    """What decode_record says of ``data``, in the same terms as :func:`_strict`."""
    try:
        decode_record(data, cls)
    except msgspec.ValidationError as error:
        return str(error)
    return msgspec.structs.asdict(msgspec.json.decode(data, type=mirror(cls)))


_PATTERNED = [  # (record index in _full_records, JSON pointer steps of a string with a pattern)
    (2, ["id"]),
    (2, ["mode"]),
    (2, ["evidence", 1, "source"]),
    (2, ["actors", 0, "actor"]),
    (2, ["when", "date"]),
    (2, ["when", "anchor"]),
    (2, ["where", "country"]),
    (2, ["links", 0, "target"]),
    (3, ["about", 0]),
    (4, ["resolution", "as_of"]),
]


@given(
    place=st.sampled_from(_PATTERNED),
    values=st.lists(
        st.one_of(
            st.text(max_size=12),
            st.from_regex(r"(src|act|evt|stm|imp)-[a-z0-9]{1,3}", fullmatch=True),
            st.from_regex(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?[~?]?", fullmatch=True),
            st.from_regex(r"[A-Z]{3}|[a-z]{1,4}(-[a-z]{1,3})?", fullmatch=True),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_decoding_agrees_with_the_strict_mirror(
    place: tuple[int, list[str | int]], values: list[str]
) -> None:
    """Decoding accepts exactly the strings the strict mirror accepts in every field with a
    pattern, and rejects the others with the same error, however often a string recurs (the
    decoder remembers strings that matched)."""
    index, steps = place
    record = _full_records()[index]
    for value in [*values, *values]:
        document = json.loads(encode_record(record))
        target = document
        for step in steps[:-1]:
            target = target[step]
        target[steps[-1]] = value
        data = json.dumps(document).encode()
        assert _strict(data, type(record)) == _fast(data, type(record))


def test_memory_of_matching_strings_is_bounded() -> None:
    """The strings remembered as matching their pattern stay below a fixed number."""
    lines = b"\n".join(b'{"id": "act-a%d", "name": "A", "type": "state"}' % i for i in range(5000))
    assert 5000 == len(read_jsonl(lines, cd.Actor, file="actors.jsonl"))
    assert all(len(pattern.seen) <= _SEEN_LIMIT for pattern in _PATTERNS.values())
