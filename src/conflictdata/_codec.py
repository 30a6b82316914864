"""Typed JSON decoding and canonical encoding of records.

Decoding is strict and fast: each attrs model has a generated :class:`msgspec.Struct` mirror
that carries the same annotated types and forbids unknown fields, so bytes are checked against
exactly the constraints the JSON Schemas state, then built into the attrs model by generated
code. Patterns, the costliest check, are checked on the decoded strings with a memory of the
strings that matched (see :func:`_decode_function`). Encoding is canonical: compact UTF-8 JSON
with object keys in sorted order, so that files diff cleanly.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import operator
import re
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import attrs
import msgspec

from conflictdata._codegen import PassedMemo, compile_function
from conflictdata._introspect import CONSTRAINTS, pattern_of, unwrap
from conflictdata._introspect import fields as model_fields
from conflictdata._msgspec import DECODE_ERRORS, ValidationError, explain
from conflictdata.exceptions import DataError
from conflictdata.models import KIND_BY_PREFIX, RECORD_CLASSES, Record

__all__ = [
    "collector_paused",
    "convert_record",
    "decode_error",
    "decode_line",
    "decode_record",
    "encode_record",
    "encode_sorted",
    "iter_jsonl",
    "kind_of_id",
    "mirror",
    "peek_id",
    "read_jsonl",
]

R = TypeVar("R", bound=Record)

_ENCODER = msgspec.json.Encoder(order="sorted")
#: The fields record schema 1.1 added. They are written only when they hold more than their
#: default, so a record that uses none of them is written byte for byte as under schema 1.0
#: (released files keep their hashes) and readers of schema 1.0 still read it.
SINCE_1_1 = frozenset({"rows", "fatalities", "version", "citation", "id_column"})


def _unset_keys(cls: type[Record]) -> tuple[bytes, ...]:
    """The bytes of each schema 1.1 field of ``cls`` at its default, as the encoder writes it
    (with its comma: keys are sorted, and ``withdrawn_reason`` always follows)."""
    defaults = {field.name: field.default for field in attrs.fields(cls)}
    return tuple(
        b'"' + name.encode() + b'":' + _ENCODER.encode(defaults[name]) + b","
        for name in sorted(SINCE_1_1 & defaults.keys())
    )


_UNSET_KEYS = {cls: _unset_keys(cls) for cls in RECORD_CLASSES.values()}


def encode_record(record: Record) -> bytes:
    """The canonical JSON of one record: compact, UTF-8, keys sorted, the fields new in schema
    1.1 left out where they are unset (:data:`SINCE_1_1`); no trailing newline."""
    encoded = _ENCODER.encode(record)
    for unset in _UNSET_KEYS.get(type(record), ()):
        # A key's quotes are never escaped, and a quote inside a string always is: these bytes
        # can only be that key.
        encoded = encoded.replace(unset, b"", 1)
    return encoded


def encode_sorted(value: Any) -> bytes:
    """Any value in the canonical encoding of records: compact UTF-8 JSON, keys sorted."""
    return _ENCODER.encode(value)


def decode_record(data: bytes | str, cls: type[R]) -> R:
    """Decode one JSON document into a record of class ``cls``.

    Raises one of :data:`~conflictdata._msgspec.DECODE_ERRORS` for bytes that are not a record
    of ``cls`` (malformed JSON, or JSON that breaks the record contract, including unknown
    fields); :func:`decode_error` says what and where.
    """
    decode: Callable[[bytes | str], R] = _decode_function(cls)
    return decode(data)


def kind_of_id(record_id: str) -> str | None:
    """The record kind an id's prefix names, or None: ``kind_of_id("evt-x") == "event"``."""
    return KIND_BY_PREFIX.get(record_id.partition("-")[0])


def iter_jsonl(data: bytes, cls: type[R], *, file: str) -> Iterator[R]:
    """Decode JSON Lines ``data`` into records of ``cls``; blank lines are skipped.

    Raises :class:`~conflictdata.exceptions.DataError` naming ``file``, the line, the JSON
    pointer and the record id (when the line has a readable one) at the first bad line.
    """
    # BytesIO hands out one line at a time: a list of every line first would double the memory.
    for number, line in enumerate(io.BytesIO(data), start=1):
        if line.strip():
            yield decode_line(line, cls, file=file, number=number)


def read_jsonl(data: bytes, cls: type[R], *, file: str) -> list[R]:
    """All records of JSON Lines ``data``, as :func:`iter_jsonl` decodes them, in a list.

    Records hold no reference cycles, so the cyclic garbage collector is paused while they are
    built (and restored after): its passes over the growing heap of new records would otherwise
    cost more time than decoding them.
    """
    with collector_paused():
        return list(iter_jsonl(data, cls, file=file))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk job that makes no reference cycles (it is
    restored after, even on error): the collector would otherwise walk the growing heap of new
    objects again and again and find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decode_line(line: bytes, cls: type[R], *, file: str | None, number: int | None) -> R:
    """Decode line ``number`` of JSON Lines into a record of ``cls``, or raise a located DataError."""
    try:
        return decode_record(line, cls)
    except DECODE_ERRORS as exc:
        raise decode_error(exc, line, file=file, line=number) from None


def convert_record(obj: Any, cls: type[R]) -> R:
    """Convert built-in values (dicts, lists, strings, numbers, None) into a record of ``cls``.

    As strict as :func:`decode_record`: raises :data:`~conflictdata._msgspec.ValidationError`
    for values that break the record contract, including unknown fields.
    """
    build: Callable[[Any], R] = _builder(cls)
    return build(msgspec.convert(obj, mirror(cls)))


def decode_error(
    error: Exception,
    data: bytes | str | None = None,
    *,
    file: str | None = None,
    line: int | None = None,
    record_id: str | None = None,
    prefix: str = "",
) -> DataError:
    """A located :class:`DataError` for ``data`` that decoding refused with ``error``: its JSON
    pointer below ``prefix``, and the record id read off ``data`` unless ``record_id`` is given.
    ``line`` is the line of ``data`` in ``file``; without it, the line within ``data``. Without
    ``data``, ``error`` is a validation error of values converted from Python objects."""
    problem = explain(error, data)
    if problem.pointer is None:
        return DataError(problem.message, file=file, line=problem.line if line is None else line)
    if record_id is None and isinstance(data, bytes):
        record_id = peek_id(data)
    return DataError(
        problem.message,
        file=file,
        line=line,
        pointer=prefix + problem.pointer,
        record_id=record_id,
    )


def peek_id(line: bytes) -> str | None:
    """The ``id`` of the JSON object on ``line`` when it has a string one, else None."""
    try:
        value = msgspec.json.decode(line, type=_IdOnly).id
    except DECODE_ERRORS:
        return None
    return value if isinstance(value, str) else None


class _IdOnly(msgspec.Struct):
    id: Any = None


class _PatternMismatch(ValidationError):
    """A string that does not match its pattern, found after decoding (see :func:`_builder`)."""


_DECODE_FUNCTIONS: dict[type, Callable[[Any], Any]] = {}
_MIRRORS: dict[tuple[type, bool, bool, bool], type[msgspec.Struct]] = {}
_BUILDERS: dict[type, Callable[[Any], Any]] = {}
_PATTERNS: dict[str, _Pattern] = {}
#: Checks of the constraints that ``Meta`` states besides ``pattern`` (and documentation).
_META_CHECKS = tuple(name for name in CONSTRAINTS if name != "pattern")
#: Strings remembered per pattern as matching it; the memory is emptied when full.
_SEEN_LIMIT = 4096


def _decode_function(cls: type) -> Callable[[Any], Any]:
    """Strict decoding of JSON into a record of ``cls``, fast.

    Regular expressions are most of the cost of decoding, and most strings that carry a pattern
    (ids of sources and actors, dates, country codes) repeat from record to record. So the JSON
    is decoded into a mirror that checks every constraint but patterns, and the builder checks
    each patterned string, remembering the strings that matched. Anything wrong sends the JSON
    to the strict mirror, which checks patterns as it decodes, so every error is msgspec's own,
    worded and located as msgspec words and locates it.
    """
    if cls not in _DECODE_FUNCTIONS:
        loose = msgspec.json.Decoder(mirror(cls, patterns=False)).decode
        strict = msgspec.json.Decoder(mirror(cls)).decode
        build = _builder(cls)

        def decode(data: Any) -> Any:
            try:
                return build(loose(data))
            except ValidationError:
                return build(strict(data))

        _DECODE_FUNCTIONS[cls] = decode
    return _DECODE_FUNCTIONS[cls]


def mirror(
    cls: type, *, patterns: bool = True, presence: bool = False, complete: bool = False
) -> type[msgspec.Struct]:
    """A frozen Struct with the fields and annotated types of attrs class ``cls``, which forbids
    unknown fields; without its ``pattern`` constraints when ``patterns`` is false.

    With ``presence``, a field with a default decodes as :data:`msgspec.UNSET` when its key is
    absent, so the keys a document holds can be counted (the validator does). With
    ``complete``, every field is required: a document that decodes holds every key.
    """
    key = (cls, patterns, presence, complete)
    if key not in _MIRRORS:
        _MIRRORS[key] = _make_mirror(cls, patterns, presence, complete)
    return _MIRRORS[key]


def _make_mirror(cls: type, patterns: bool, presence: bool, complete: bool) -> type[msgspec.Struct]:
    fields: list[tuple[str, Any, Any]] = []
    for field in model_fields(cls):
        tp = _rewrite(field.annotation, patterns, presence, complete)
        if complete or field.required:
            fields.append((field.name, tp, msgspec.NODEFAULT))
        elif presence:
            fields.append((field.name, tp | msgspec.UnsetType, msgspec.UNSET))
        elif attrs.has(type(field.default)):
            builtins = msgspec.to_builtins(field.default)
            nested = mirror(type(field.default), patterns=patterns)
            factory = functools.partial(msgspec.convert, builtins, nested)
            fields.append((field.name, tp, msgspec.field(default_factory=factory)))
        else:
            fields.append((field.name, tp, field.default))
    return msgspec.defstruct(
        cls.__name__,
        [
            (name, tp) if default is msgspec.NODEFAULT else (name, tp, default)
            for name, tp, default in fields
        ],
        kw_only=True,
        frozen=True,
        forbid_unknown_fields=True,
        gc=False,
    )


def _rewrite(tp: Any, patterns: bool, presence: bool, complete: bool) -> Any:
    """``tp`` with every attrs class in it replaced by its Struct mirror (and without ``pattern``
    constraints when ``patterns`` is false)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        bare, metas = unwrap(tp)
        inner = _rewrite(bare, patterns, presence, complete)
        metadata = [meta if patterns else _without_pattern(meta) for meta in metas]
        kept = [meta for meta in metadata if meta is not None]
        return typing.Annotated[(inner, *kept)] if kept else inner
    if attrs.has(tp):
        return mirror(tp, patterns=patterns, presence=presence, complete=complete)
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(
            operator.or_,
            (_rewrite(arg, patterns, presence, complete) for arg in typing.get_args(tp)),
        )
    if origin is tuple:
        item, ellipsis = typing.get_args(tp)
        return tuple[_rewrite(item, patterns, presence, complete), ellipsis]  # type: ignore[misc]
    return tp


def _without_pattern(meta: Any) -> Any:
    """``meta`` without its pattern (and documentation); None when nothing is left to check."""
    if not isinstance(meta, msgspec.Meta):
        return meta
    checks = {name: getattr(meta, name) for name in _META_CHECKS}
    kept = {name: value for name, value in checks.items() if value is not None}
    return msgspec.Meta(**kept) if kept else None


class _Pattern(PassedMemo):
    """One ``pattern`` constraint, checked on decoded strings with a memory of matches."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        super().__init__(re.compile(pattern).search, _SEEN_LIMIT)
        self.pattern = pattern

    def check_once(self, value: str) -> str:
        """Check a string that is not expected to recur (a record's own id), not remembering it."""
        if self.test(value) is None:
            raise _PatternMismatch(f"Expected `str` matching regex {self.pattern!r}")
        return value

    def check(self, value: str) -> str:
        if not self.passes(value):
            raise _PatternMismatch(f"Expected `str` matching regex {self.pattern!r}")
        return value

    def check_all(self, values: tuple[str, ...]) -> tuple[str, ...]:
        seen = self.seen
        for value in values:
            if value not in seen:
                self.check(value)
        return values


def _builder(cls: type) -> Callable[[Any], Any]:
    """A function that turns a decoded mirror of attrs class ``cls`` into an instance of ``cls``.

    The builder checks the strings that have a ``pattern`` (see :func:`_decode_function`), and
    only those: the mirror's decoder has checked everything else. It copies the fields over,
    building nested values, and sets them as attrs' own ``__init__`` does, without checking
    them a second time (``msgspec.convert`` would). It is generated code, one function per
    class, because that is several times faster than a loop over the fields.
    """
    if cls not in _BUILDERS:
        _BUILDERS[cls] = _make_builder(cls)
    return _BUILDERS[cls]


def _make_builder(cls: type) -> Callable[[Any], Any]:
    if getattr(cls, "__attrs_post_init__", None) or any(
        field.validator or field.converter for field in attrs.fields(cls)
    ):
        raise TypeError(f"{cls.__name__}: attrs validators, converters and hooks are not supported")
    namespace: dict[str, Any] = {
        "cls": cls,
        "new": object.__new__,
        "bind": object.__setattr__.__get__,
    }
    lines = [f"def build_{cls.__name__}(m):", "    o = new(cls)", "    s = bind(o)"]
    for field in model_fields(cls):
        # A record's own id is unique to it: remembering it would only fill the memory.
        remember = not (field.name == "id" and issubclass(cls, Record))
        value = _build_expression(field.annotation, f"m.{field.name}", namespace, remember)
        lines.append(f"    s({field.name!r}, {value})")
    lines.append("    return o")
    return compile_function("\n".join(lines) + "\n", f"build_{cls.__name__}", namespace)


def _build_expression(
    tp: Any, source: str, namespace: dict[str, Any], remember: bool = True
) -> str:
    """Python source that turns the mirror value ``source`` of type ``tp`` into the model value."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        pattern = pattern_of(tp)
        if pattern is None:
            return _build_expression(tp.__origin__, source, namespace)
        name = _pattern_name(pattern, namespace)
        if not remember:
            return f"{name}.check_once({source})"
        return f"({source} if {source} in {name}.seen else {name}.check({source}))"
    if isinstance(tp, type) and attrs.has(tp):
        name = f"build_{tp.__name__}"
        namespace[name] = _builder(tp)
        return f"{name}({source})"
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        inner = [_build_expression(arg, "v", namespace) for arg in args if arg is not type(None)]
        if all(expression == "v" for expression in inner):
            return source
        if len(inner) == 1 and len(args) == 2:
            return f"(None if (v := {source}) is None else {inner[0]})"
    elif origin is tuple:
        item_type = typing.get_args(tp)[0]
        item = _build_expression(item_type, "x", namespace)
        if item == "x":
            return source
        pattern = pattern_of(item_type)
        if pattern is not None:  # patterned strings: check them, keep the tuple
            return f"{_pattern_name(pattern, namespace)}.check_all({source})"
        return f"(() if not (t := {source}) else tuple([{item} for x in t]))"
    elif not _holds_attrs(tp):
        return source
    raise TypeError(f"cannot build values of type {tp!r}")


def _holds_attrs(tp: Any) -> bool:
    return (isinstance(tp, type) and attrs.has(tp)) or any(
        _holds_attrs(arg) for arg in typing.get_args(tp)
    )


def _pattern_name(pattern: str, namespace: dict[str, Any]) -> str:
    """The name under which the builder's code finds the check of ``pattern``."""
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = _Pattern(pattern)
    name = f"pattern_{list(_PATTERNS).index(pattern)}"
    namespace[name] = _PATTERNS[pattern]
    return name
