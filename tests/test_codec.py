"""Decoding and canonical encoding of records."""

from __future__ import annotations

import json

import msgspec
import pytest

import conflictdata as cd
from conflictdata._codec import _mirror, decode_record, encode_record, kind_of_id, pointer_of


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
