"""Layer 2 of validation, the fast path: a speed-up of the schema check, never a rule of its own.

:func:`decode_fast` decodes a line with the strict msgspec mirror of its record class (unknown
fields forbidden; types, enums, ranges and lengths enforced), then runs checks generated from
the models that test string patterns and formats with the schema's own regular expressions and
jsonschema's own format checkers (with a cache of values already seen: ids, dates and cues
repeat), and proves that no key is repeated by counting colons (below). It returns None for any
line it does not accept, and that line goes to the reference path
(:func:`conflictdata.validation._schema_layer.schema_problems`), which finds and locates every
error. So the verdict is the reference validator's by construction wherever msgspec is stricter
(``1.0`` is an integer to JSON Schema, not to msgspec), and the property tests check that the
fast path never accepts what the reference path rejects.

Repeated keys (msgspec, like most readers, keeps the last value): the fast path counts the keys
the record was decoded from while it checks the patterns. The count is exact: a line is decoded
first by a mirror that requires every field (most lines give them all, as the library writes
them), then by one where absent fields decode as ``UNSET``. In the line, each key is followed
by one colon, and other colons can only be in strings; so a line with as many colons as the
record has keys repeats none. Where strings hold colons too (addresses, times), a finer count:
where no blank stands before a colon, each key ends in the two bytes ``":``; elsewhere they can
only be an escaped quote or the opening quote of a string that starts with a colon, which make
their count larger. A line where ``":`` occurs exactly as often as the record has keys
therefore repeats none.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import msgspec

from conflictdata._codec import mirror
from conflictdata._codegen import PassedMemo, compile_function
from conflictdata._introspect import fields as model_fields
from conflictdata._introspect import format_of, pattern_of, unwrap
from conflictdata._msgspec import DECODE_ERRORS
from conflictdata.models import PREFIXES, RECORD_CLASSES
from conflictdata.validation._schema_layer import end_anchor
from conflictdata.vocab import RecordKind

__all__ = ["KIND_BY_PREFIX", "decode_fast"]

#: The record kind of each id prefix, as it starts the value of ``"id"`` in bytes.
KIND_BY_PREFIX: dict[bytes, RecordKind] = {
    f"{prefix}-".encode(): kind for kind, prefix in PREFIXES.items()
}
_ID_KEY = b'"id":"'
#: How many first bytes of a line guess its kind, and the way each beginning was last decoded
#: (see :func:`decode_fast`).
_GUESS_BYTES = 12
_GUESSES: dict[bytes, _Way] = {}
_CACHE_LIMIT = 16384


def decode_fast(line: bytes) -> tuple[RecordKind, Any] | None:
    """The kind and decoded record of a line the fast path accepts, else None.

    None means only "look closer": the reference path decides. The kind is first guessed from
    the line's first bytes, as they began the last line of a kind (writers put keys in one
    order, so a kind's lines begin alike), which spares looking for the id; a wrong guess
    fails (each kind's id has its own pattern) and the id is looked for. Each kind is decoded
    first as a complete record, every field given (as writers write them), whose keys need
    no counting, then as one that may leave fields out; the guess remembers which one served.
    """
    start = line[:_GUESS_BYTES]
    guess = _GUESSES.get(start)
    if guess is not None:
        found = _decoded(line, guess)
        if found is not None:
            return found
    at = line.find(_ID_KEY)
    prefix = line[at + 6 : at + 10] if at >= 0 else _prefix_in(line)
    for way in (_FAST or _fast_path()).get(prefix, ()):
        if way is not guess:
            found = _decoded(line, way)
            if found is not None:
                if len(_GUESSES) >= _CACHE_LIMIT:
                    _GUESSES.clear()
                _GUESSES[start] = way
                return found
    return None


def _decoded(line: bytes, way: _Way) -> tuple[RecordKind, Any] | None:
    """The kind and record of a line as ``way`` decodes and checks it, if they pass."""
    kind, decode, count_keys = way
    try:
        record = decode(line)
    except DECODE_ERRORS:
        return None
    keys = count_keys(record)
    if keys < 0 or (line.count(b":") != keys and not _keys_counted(line, keys)):
        return None
    return kind, record


def _keys_counted(line: bytes, keys: int) -> bool:
    """Whether the line has exactly ``keys`` keys, for a line with colons in its strings."""
    return line.count(b'":') == keys and not (b" :" in line or b"\t:" in line or b"\r:" in line)


def _prefix_in(line: bytes) -> bytes:
    """The first bytes of the id in a line written with blanks around its colons, as
    ``json.dumps`` does (b"" if there is no such id)."""
    at = line.find(b'"id"')
    if at < 0:
        return b""
    value = line[at + 4 : at + 24].lstrip(b" \t\r")
    if value[:1] != b":":
        return b""
    value = value[1:].lstrip(b" \t\r")
    return value[1:5] if value[:1] == b'"' else b""


# --- decoders, and pattern and format checks generated from the models ---


#: One way to decode and check a line: the record kind, a decoder and its generated check (see
#: :func:`_generate_checks`).
_Way = tuple[RecordKind, Callable[[bytes], Any], Callable[[Any], int]]
#: The fast path by the first bytes of an id (``b"evt-"``): two ways, for complete records and
#: for any; built when first needed.
_FAST: dict[bytes, tuple[_Way, _Way]] = {}


def _fast_path() -> dict[bytes, tuple[_Way, _Way]]:
    checks = _generate_checks()
    for prefix, kind in KIND_BY_PREFIX.items():
        cls = RECORD_CLASSES[kind]
        complete = msgspec.json.Decoder(mirror(cls, patterns=False, complete=True)).decode
        partial = msgspec.json.Decoder(mirror(cls, patterns=False, presence=True)).decode
        _FAST[prefix] = (
            (kind, complete, checks[cls.__name__, True]),
            (kind, partial, checks[cls.__name__, False]),
        )
    return _FAST


@attrs.frozen
class _Field:
    """What the fast path checks in one field: whether it may be absent or null, a pattern or
    format on its strings, a nested class, each item of a sequence."""

    name: str
    optional: bool
    nullable: bool
    pattern: str | None
    format: str | None
    nested: type | None
    sequence: bool


def _fields(cls: type) -> list[_Field]:
    return [
        _Field(field.name, not field.required, *_describe(field.annotation))
        for field in model_fields(cls)
    ]


def _describe(tp: Any) -> tuple[bool, str | None, str | None, type | None, bool]:
    """(nullable, pattern, format, nested attrs class, is a sequence) of an annotated type."""
    pattern, format_ = pattern_of(tp), format_of(tp)
    tp = unwrap(tp)[0]
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        _, inner_pattern, inner_format, nested, sequence = _describe(inner)
        return True, inner_pattern or pattern, inner_format or format_, nested, sequence
    if origin is tuple:
        _, inner_pattern, inner_format, nested, _ = _describe(typing.get_args(tp)[0])
        return False, inner_pattern or pattern, inner_format or format_, nested, True
    return False, pattern, format_, (tp if attrs.has(tp) else None), False


def _generate_checks() -> dict[tuple[str, bool], Callable[[Any], int]]:
    """Functions, by record class and whether its mirror is complete, that check the patterns
    and formats (and the class's requirement) of a decoded mirror and count the keys it was decoded from (-1: a check
    failed). They are written out as Python source, as attrs writes ``__init__``, with nested
    classes inlined, so they run without calls or lookups."""
    namespace: dict[str, Any] = {"UNSET": msgspec.UNSET}
    matchers: dict[tuple[str, str], str] = {}
    sources = []
    names = {}
    for cls in RECORD_CLASSES.values():
        for complete in (True, False):
            name = f"keys_{cls.__name__}{'_complete' if complete else ''}"
            body = _count_and_check(cls, "o", 0, "    ", matchers, complete)
            if cls.requirement is not None:  # at least one of these lists is not empty
                given = " or ".join(f"o.{field}" for field in cls.requirement.fields)
                body.append(f"    if not ({given}): return -1")
            sources.append("\n".join([f"def {name}(o):", "    n = 0", *body, "    return n"]))
            names[cls.__name__, complete] = name
    for (kind, rule), name in matchers.items():
        test = _pattern_test(rule) if kind == "pattern" else _format_test(rule)
        namespace[f"_test{name}"] = test
        memo = PassedMemo(test, _CACHE_LIMIT)
        namespace[f"_passed{name}"], namespace[f"_check{name}"] = memo.seen, memo.passes
    compile_function("\n\n".join(sources) + "\n", next(iter(names.values())), namespace)
    return {key: namespace[name] for key, name in names.items()}


def _count_and_check(
    cls: type,
    name: str,
    depth: int,
    indent: str,
    matchers: dict[tuple[str, str], str],
    complete: bool,
) -> list[str]:
    """Source lines that add the keys of the mirror of ``cls`` in variable ``name`` to ``n``
    and return -1 when one of its strings breaks its pattern or format (in a complete mirror,
    every field is given)."""
    fields = [attrs.evolve(field, optional=False) if complete else field for field in _fields(cls)]
    required = sum(not field.optional for field in fields)
    lines = [f"{indent}n += {required}"] if required else []
    value, item = f"x{depth}", f"y{depth}"
    for field in fields:
        rules = [(k, r) for k, r in (("pattern", field.pattern), ("format", field.format)) if r]
        if not (field.optional or rules or field.nested):
            continue
        lines.append(f"{indent}{value} = {name}.{field.name}")
        inner = indent
        if field.optional:
            lines += [f"{inner}if {value} is not UNSET:", f"{inner}    n += 1"]
            inner += "    "
        if not (rules or field.nested):
            continue
        if field.nullable:
            lines.append(f"{inner}if {value} is not None:")
            inner += "    "
        target = value
        if field.sequence:
            lines.append(f"{inner}for {item} in {value}:")
            inner, target = inner + "    ", item
        for rule in rules:
            suffix = matchers.setdefault(rule, f"_{len(matchers)}")
            test = f"{target} in _passed{suffix} or _check{suffix}({target})"
            if depth == 0 and field.name == "id":  # new in every record: not worth remembering
                test = f"_test{suffix}({target})"
            lines.append(f"{inner}if not ({test}): return -1")
        if field.nested is not None:
            lines += _count_and_check(field.nested, target, depth + 1, inner, matchers, complete)
    return lines


def _pattern_test(pattern: str) -> Callable[[str], object]:
    """``re.search``, as jsonschema applies ``pattern``, but with ``$`` at the end of the pattern
    written as ``\\Z``: a value that passes only because ``$`` also matches before a final line
    break goes to the reference path, which reports it precisely."""
    return re.compile(end_anchor(pattern)).search


def _format_test(format_: str) -> Callable[[str], bool]:
    """jsonschema's check of ``format_``; for ``uri``, the function jsonschema itself calls.

    Importing jsonschema's format checkers takes seconds (one of them builds a parser), so the
    fast path calls the library jsonschema uses for ``uri`` (rfc3987 when installed, else
    rfc3986-validator) directly; a test holds the two to the same verdict.
    """
    if format_ == "uri" and importlib.util.find_spec("rfc3987") is None:  # jsonschema's first
        try:
            validate_rfc3986 = importlib.import_module("rfc3986_validator").validate_rfc3986
        except ImportError:
            pass
        else:
            return lambda value: bool(validate_rfc3986(value, rule="URI"))
    import jsonschema

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return lambda value: bool(checker.conforms(value, format_))
