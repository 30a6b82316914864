"""Layer 1 of validation: bytes and strict JSON, for one line.

This is the reference path, taken only for lines the fast path did not accept: it finds every
problem of the bytes (invalid UTF-8, a byte order mark) and of the JSON (malformed or truncated
text, NaN and Infinity, numbers too large for a double, duplicate keys, lone surrogates, nesting
deeper than :data:`MAX_DEPTH`) and says where each is. Line length is bounded by the reader
(:data:`MAX_LINE_BYTES`), so no line is ever held whole when it is too long.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from conflictdata._limits import MAX_DEPTH, MAX_INTEGER_DIGITS
from conflictdata._pointer import json_pointer

__all__ = [
    "INVALID",
    "MAX_LINE_BYTES",
    "Problem",
    "json_pointer",
    "parse_strict",
]

#: Longest line read, in bytes; a record is about a kilobyte.
MAX_LINE_BYTES = 1 << 20

#: A problem found in a line: (code, message, JSON pointer or None).
Problem = tuple[str, str, str | None]


class _Invalid:
    """The result of parsing a line that holds no usable JSON value."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


class _NonFinite:
    """Stands in for NaN, Infinity or an overflowing number until the value is located."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Duplicates(dict[str, Any]):
    """An object that held a key more than once (the last value kept, as everywhere)."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]], repeated: list[str]) -> None:
        super().__init__(pairs)
        self.repeated = repeated


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for key, _ in pairs:
        if key in seen:
            repeated[key] = None
        seen.add(key)
    return _Duplicates(pairs, list(repeated))


def _number(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def _integer(text: str) -> int | _NonFinite:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return _NonFinite(text)
    return int(text)


def parse_strict(line: bytes) -> tuple[Any, list[Problem]]:
    """Parse one line as strict JSON: the value (or :data:`INVALID`) and every problem found.

    Duplicate keys and lone surrogates are reported and parsing goes on (the last value of a
    repeated key is kept); other problems leave no usable value.

    >>> parse_strict(b'{"a": 1, "a": 2}')
    ({'a': 2}, [('json-duplicate-key', "key 'a' appears more than once in this object; ...
    >>> parse_strict(b'{"a": NaN}')[1]
    [('json-non-finite', 'NaN is not a JSON number', '/a')]
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = line[exc.start : exc.end].hex(" ")
        return INVALID, [
            ("utf8-invalid", f"bytes {bad} at byte {exc.start + 1} are not valid UTF-8", None)
        ]
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        problems.append(("utf8-bom", "the line starts with a byte order mark (U+FEFF)", None))
        text = text[1:]
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_NonFinite,
            parse_float=_number,
            parse_int=_integer,
        )
    except RecursionError:
        return INVALID, [*problems, _too_deep("")]
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string"):
            message = f"the line ends inside the string that starts at character {exc.pos + 1}"
            return INVALID, [*problems, ("json-truncated", message, None)]
        if exc.pos >= len(text.rstrip()) and exc.msg != "Extra data":
            message = f"the line ends before its JSON value does ({exc.msg.lower()})"
            return INVALID, [*problems, ("json-truncated", message, None)]
        message = f"{exc.msg} at character {exc.pos + 1}"
        return INVALID, [*problems, ("json-invalid", message, None)]
    fatal = False
    for path, item in _walk(value, []):
        if item is _TOO_DEEP:
            return INVALID, [*problems, _too_deep(json_pointer(path))]
        if isinstance(item, _NonFinite):
            fatal = True
            problems.append(("json-non-finite", _non_finite(item.text), json_pointer(path)))
        elif isinstance(item, _Duplicates):
            for key in item.repeated:
                message = (
                    f"key {key!r} appears more than once in this object; "
                    "readers keep only one of the values"
                )
                problems.append(("json-duplicate-key", message, json_pointer([*path, key])))
        elif isinstance(item, str) and _has_lone_surrogate(item):
            message = "the string holds a lone UTF-16 surrogate escape, which is not a character"
            problems.append(("json-lone-surrogate", message, json_pointer(path)))
        if isinstance(item, dict):
            for key in item:
                if _has_lone_surrogate(key):
                    message = (
                        "the key holds a lone UTF-16 surrogate escape, which is not a character"
                    )
                    problems.append(("json-lone-surrogate", message, json_pointer([*path, key])))
    return (INVALID if fatal else value), problems


def _too_deep(pointer: str) -> Problem:
    return ("json-too-deep", f"arrays and objects nest more than {MAX_DEPTH} levels deep", pointer)


def _non_finite(text: str) -> str:
    if text in ("NaN", "Infinity", "-Infinity"):
        return f"{text} is not a JSON number"
    if text.lstrip("-").isdigit():
        return (
            f"the integer {text[:20]}... has {len(text.lstrip('-'))} digits, more than the "
            f"{MAX_INTEGER_DIGITS} readers accept"
        )
    return f"the number {text[:40]} is too large for a double-precision float"


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_TOO_DEEP = object()


def _walk(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], Any]]:
    """Every value inside ``value`` with its path, depth first; ``_TOO_DEEP`` in place of an
    array or object nested deeper than :data:`MAX_DEPTH`."""
    if isinstance(value, dict | list) and len(path) >= MAX_DEPTH:
        yield path, _TOO_DEEP
        return
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, [*path, index])
