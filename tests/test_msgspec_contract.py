"""The contract between conflictdata and msgspec, held in one adapter (``_msgspec``).

CI runs these tests on the oldest and on the newest msgspec that ``pyproject.toml`` allows: when
a msgspec release changes what it raises or how it words a location, they fail here, in one
place, and the located errors users read stay the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
import conflictdata.io as cio
from conflictdata._codec import decode_line, decode_record, encode_record, mirror
from conflictdata._msgspec import DECODE_ERRORS, ENCODE_ERRORS, Problem, explain, pointer_of


def _refusal(data: bytes, cls: type | None = None) -> Exception:
    """What msgspec raises for ``data`` (as a record of ``cls``, or as any JSON)."""
    try:
        if cls is None:
            msgspec.json.decode(data)
        else:
            msgspec.json.decode(data, type=mirror(cls))
    except DECODE_ERRORS as exc:
        return exc
    raise AssertionError(f"msgspec accepted {data!r}")


@pytest.mark.parametrize("cls", [None, cd.Event])
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"id": "evt-\xff"}', Problem("not UTF-8 (byte 13): invalid start byte", None, 12, 1)),
        (
            b'{"id": "caf\xe9"}',
            Problem("not UTF-8 (byte 12): invalid continuation byte", None, 11, 1),
        ),
        (
            b'{"id": "evt-\xe2\x80',
            Problem("not UTF-8 (byte 13): unexpected end of data", None, 12, 1),
        ),
        (
            b'{"a": 1,\n"b": "\xc3"}',
            Problem("not UTF-8 (byte 16): invalid continuation byte", None, 15, 2),
        ),
    ],
)
def test_bytes_that_are_not_utf8_are_named_so(
    data: bytes, expected: Problem, cls: type | None
) -> None:
    """Bytes that are not UTF-8 are "not UTF-8" at their first bad byte (1-based in the message,
    0-based as ``offset``) and its line, whatever msgspec raised: ``UnicodeDecodeError`` up to
    0.22, ``DecodeError`` from 0.23, and "Input data was truncated" for a character cut short."""
    assert expected == explain(_refusal(data, cls), data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'{"id": "evt-x", "type": ',
            Problem("invalid JSON (byte 25): Expecting value", None, 24, 1),
        ),
        (b'{"id": "ab"', Problem("invalid JSON (byte 12): Expecting ',' delimiter", None, 11, 1)),
        (b'{"id": "a"} x', Problem("invalid JSON (byte 13): Extra data", None, 12, 1)),
        (
            b'{\n"events": [\n1,,\n]}',
            Problem("invalid JSON (byte 17): Expecting value", None, 16, 3),
        ),
        ('{"é": ]'.encode(), Problem("invalid JSON (byte 8): Expecting value", None, 7, 1)),
    ],
)
def test_malformed_json_is_located_by_byte_and_line(data: bytes, expected: Problem) -> None:
    """Malformed or truncated JSON is "invalid JSON" at a byte offset (counted in bytes, not
    characters) and a line, located the same way on every msgspec version."""
    assert expected == explain(_refusal(data), data)


def test_what_only_msgspec_refuses_keeps_its_words() -> None:
    """JSON that the standard library's parser accepts but msgspec refuses (NaN) is still
    invalid JSON; its words are msgspec's."""
    data = b'{"a": NaN}'
    problem = explain(_refusal(data), data)
    assert (None, None) == (problem.pointer, problem.line)
    assert problem.message.startswith("invalid JSON: ")


@pytest.mark.parametrize(
    ("line", "pointer"),
    [
        (b'{"id": "evt-a", "zzz": 1}', "/zzz"),
        (b'{"source": "src-a", "start": -1, "end": 2, "exact": "ab"}', "/start"),
        (b'{"source": "src-a", "start": 0, "end": 2}', "/exact"),
        (b'{"a/b~c": 1, "source": "src-a", "start": 0, "end": 2, "exact": "ab"}', "/a~1b~0c"),
    ],
)
def test_pointer_of_validation_errors(line: bytes, pointer: str) -> None:
    """msgspec's error paths become JSON pointers, naming the unknown or missing field."""
    cls = cd.Event if b"evt" in line else cd.Span
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.json.decode(line, type=mirror(cls))
    assert pointer == pointer_of(info.value)[0]
    assert pointer == explain(info.value, line).pointer


def test_nested_locations_become_pointers() -> None:
    """A value deep in a record is located through fields and indices, and the message loses
    msgspec's location suffix."""
    event = json.loads(encode_record(cd.load().events[0]))
    event["evidence"][0]["start"] = "zero"
    data = json.dumps(event).encode()
    problem = explain(_refusal(data, cd.Event), data)
    assert "/evidence/0/start" == problem.pointer
    assert " - at " not in problem.message


def test_converted_values_are_located_without_bytes() -> None:
    """Values converted from Python objects (CSV cells, Parquet rows) are located alike."""
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.convert({"source": "src-a", "start": 0, "end": "2", "exact": "ab"}, mirror(cd.Span))
    assert "/end" == explain(info.value).pointer


@given(st.binary(max_size=64))
def test_decoding_any_bytes_raises_only_decode_errors(data: bytes) -> None:
    """Decoding any bytes either succeeds or raises one of ``DECODE_ERRORS``, which
    :func:`explain` turns into a message (and a pointer for a contract violation only)."""
    for cls in (None, cd.Event, cd.Span):
        try:
            if cls is None:
                msgspec.json.decode(data)
            else:
                decode_record(data, cls)
        except DECODE_ERRORS as exc:
            problem = explain(exc, data)
            assert problem.message
            if problem.pointer is None:
                assert problem.message.startswith(("not UTF-8", "invalid JSON"))


@given(st.binary(min_size=1, max_size=32))
def test_not_utf8_wins_whatever_was_raised(tail: bytes) -> None:
    """A line that is not UTF-8 is reported as such at the offset Python's decoder gives,
    whether msgspec first found a syntax error, a contract violation or the bad bytes."""
    data = b'{"id": "evt-a", "x": "' + tail
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        expected = exc.start
    else:
        return
    with pytest.raises(cd.DataError) as info:
        decode_line(data, cd.Event, file="f.jsonl", number=7)
    assert ("f.jsonl", 7, None) == (info.value.file, info.value.line, info.value.pointer)
    assert str(info.value).startswith(f"f.jsonl:7: not UTF-8 (byte {expected + 1}): ")


def test_encoding_errors_are_named() -> None:
    """A value JSON cannot hold (a lone surrogate) raises one of ``ENCODE_ERRORS``."""
    with pytest.raises(ENCODE_ERRORS):
        msgspec.json.encode("\ud800")


def test_reader_messages_name_file_line_and_byte(tmp_path: Path) -> None:
    """The JSON Lines and JSON readers say "not UTF-8" with the byte, the file and the line."""
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n\n" + b'{"id": "evt-\xff"}\n')
    with pytest.raises(cd.DataError) as info:
        list(cio.read_jsonl(path))
    assert f"{path}:3: not UTF-8 (byte 13): invalid start byte" == str(info.value)
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"events": [\n{"id": "evt-\xff"}]}')
    with pytest.raises(cd.DataError) as info:
        list(cio.read_json(path))
    assert f"{path}:2: not UTF-8 (byte 26): invalid start byte" == str(info.value)


def test_nesting_too_deep_to_read_is_invalid_json(tmp_path: Path) -> None:
    """Arrays nested deeper than the interpreter can follow are invalid JSON, located at the
    line, never a RecursionError traceback."""
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"\n" + b'{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
    with pytest.raises(cd.DataError, match="nest too deep") as info:
        list(cio.read_jsonl(path))
    assert (str(path), 2) == (info.value.file, info.value.line)
