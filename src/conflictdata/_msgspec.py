"""The one adapter between conflictdata and the way msgspec reports bad input.

msgspec is the fast decoder, and what it raises changes between releases: invalid UTF-8 raised
:class:`UnicodeDecodeError` up to 0.22 and raises :class:`msgspec.DecodeError` from 0.23, and a
value's location is only text at the end of a message. Every other module asks this one:
:data:`DECODE_ERRORS` is what decoding bad input may raise, and :func:`explain` turns any of them
into a :class:`Problem` that reads the same on every supported msgspec.

:func:`explain` runs on the error path only, never on the hot path. There it judges the bytes
itself rather than by the exception's type: bytes that are not UTF-8 are "not UTF-8" at their
first bad byte, whatever msgspec raised; malformed JSON is located by the standard library's
parser (its ``pos`` and ``lineno`` are documented API); only a value that breaks the record
contract is read off msgspec's message, whose location suffix (`` - at `$.a[0]` ``) becomes a
JSON pointer. ``tests/test_msgspec_contract.py`` pins each assumption; CI runs it on the oldest
and the newest msgspec that ``pyproject.toml`` allows.

>>> import msgspec
>>> from conflictdata._msgspec import explain
>>> try:
...     msgspec.json.decode(b'{"id": "caf\\xe9"}')
... except Exception as error:
...     print(explain(error, b'{"id": "caf\\xe9"}').message)
not UTF-8 (byte 12): invalid continuation byte
"""

from __future__ import annotations

import json
import re
from typing import cast

import attrs
import msgspec

from conflictdata._pointer import json_pointer

__all__ = ["DECODE_ERRORS", "ENCODE_ERRORS", "Problem", "ValidationError", "explain", "pointer_of"]

#: Everything that decoding bad input with msgspec may raise, on every supported version
#: (RecursionError: arrays or objects nested deeper than the interpreter's recursion limit).
DECODE_ERRORS: tuple[type[Exception], ...] = (
    msgspec.MsgspecError,
    UnicodeDecodeError,
    RecursionError,
)
#: What encoding a value that JSON cannot hold may raise (a lone surrogate, an unknown type).
ENCODE_ERRORS: tuple[type[Exception], ...] = (TypeError, UnicodeEncodeError, msgspec.EncodeError)
#: A document that is JSON but breaks the type it is decoded into (a subclass of DecodeError).
ValidationError = msgspec.ValidationError

_PATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
# The location msgspec appends; its steps are model field names and indices, never backticks,
# so a field name that holds backticks is not mistaken for it.
_LOCATION = re.compile(r" - at `\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])+)`\Z")
_FIELD_IN_MESSAGE = re.compile(
    r"^Object (?:contains unknown|missing required) field `(.*)`\Z", re.DOTALL
)


@attrs.frozen
class Problem:
    """Why a document did not decode, located within it.

    ``pointer`` is the JSON pointer of the value that breaks the record contract (None for bytes
    that are not UTF-8 or not JSON); ``offset`` is the 0-based byte offset of the first bad byte
    and ``line`` its 1-based line in the document, where they are known.
    """

    message: str
    pointer: str | None = None
    offset: int | None = None
    line: int | None = None


def explain(error: Exception, data: bytes | str | None = None) -> Problem:
    """What is wrong with ``data``, which msgspec refused with ``error`` (one of
    :data:`DECODE_ERRORS`), in words and a location that do not depend on msgspec's version.

    Without ``data`` (values converted from Python objects, not decoded from JSON), ``error``
    is a :data:`ValidationError`.
    """
    if data is None:
        pointer, message = pointer_of(cast("msgspec.ValidationError", error))
        return Problem(message, pointer=pointer)
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Problem(
                f"not UTF-8 (byte {exc.start + 1}): {exc.reason}",
                offset=exc.start,
                line=raw.count(b"\n", 0, exc.start) + 1,
            )
    else:
        text = data
    if isinstance(error, msgspec.ValidationError):
        pointer, message = pointer_of(error)
        return Problem(message, pointer=pointer)
    if isinstance(error, RecursionError):
        return Problem("invalid JSON: arrays and objects nest too deep to read")
    return _syntax(text, error)


def pointer_of(error: msgspec.ValidationError) -> tuple[str, str]:
    """Split a msgspec validation message into (JSON pointer, message without location).

    For a missing or unknown field the pointer names the field itself. An unknown field whose
    name ends like msgspec's own location suffix (`` - at `$.a` ``) cannot be told from one.
    """
    message = str(error)
    location = _LOCATION.search(message)
    path = location.group(1) if location else ""
    message = message[: location.start()] if location else message
    steps = [name or index for name, index in _PATH_STEP.findall(path)]
    field = _FIELD_IN_MESSAGE.match(message)
    if field:
        steps.append(field.group(1))
    return json_pointer(steps), message


def _syntax(text: str, error: Exception) -> Problem:
    """The first syntax error of ``text`` as the standard library's parser locates it; msgspec's
    words, unlocated, for what that parser accepts (NaN, a byte order mark) or cannot follow
    (nesting deeper than the interpreter's recursion limit)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        offset = len(text[: exc.pos].encode("utf-8"))
        return Problem(
            f"invalid JSON (byte {offset + 1}): {exc.msg}", offset=offset, line=exc.lineno
        )
    except RecursionError:
        pass
    return Problem(f"invalid JSON: {error}")
