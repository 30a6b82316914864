"""Typed JSON decoding and canonical encoding of records.

Decoding is strict and fast: each attrs model has a generated :class:`msgspec.Struct` mirror
that carries the same annotated types and forbids unknown fields, so bytes are checked against
exactly the constraints the JSON Schemas state, then converted into the attrs model. Encoding is
canonical: compact UTF-8 JSON with object keys in sorted order, so that files diff cleanly.
"""

from __future__ import annotations

import functools
import operator
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

import attrs
import msgspec

from conflictdata.exceptions import DataError
from conflictdata.models import RECORD_CLASSES, Record

__all__ = [
    "convert_record",
    "decode_line",
    "decode_record",
    "encode_record",
    "iter_jsonl",
    "kind_of_id",
    "peek_id",
    "pointer_of",
    "validation_error",
]

R = TypeVar("R", bound=Record)

_ENCODER = msgspec.json.Encoder(order="sorted")
_PATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
# The location msgspec appends; its steps are model field names and indices, never backticks,
# so a field name that holds backticks is not mistaken for it.
_LOCATION = re.compile(r" - at `\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])+)`\Z")
_FIELD_IN_MESSAGE = re.compile(
    r"^Object (?:contains unknown|missing required) field `(.*)`\Z", re.DOTALL
)
_PREFIX_KIND = {cls.prefix: kind for kind, cls in RECORD_CLASSES.items()}


def encode_record(record: Record) -> bytes:
    """The canonical JSON of one record: compact, UTF-8, keys sorted; no trailing newline."""
    return _ENCODER.encode(record)


def decode_record(data: bytes | str, cls: type[R]) -> R:
    """Decode one JSON document into a record of class ``cls``.

    Raises :class:`msgspec.DecodeError` for malformed JSON and :class:`msgspec.ValidationError`
    (a subclass) for JSON that breaks the record contract, including unknown fields.
    """
    mirror = _decoder(cls).decode(data)
    return msgspec.convert(mirror, cls, from_attributes=True)


def kind_of_id(record_id: str) -> str | None:
    """The record kind an id's prefix names, or None: ``kind_of_id("evt-x") == "event"``."""
    return _PREFIX_KIND.get(record_id.partition("-")[0])


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
    pointer = "".join("/" + step.replace("~", "~0").replace("/", "~1") for step in steps)
    return pointer, message


def iter_jsonl(data: bytes, cls: type[R], *, file: str) -> Iterator[R]:
    """Decode JSON Lines ``data`` into records of ``cls``; blank lines are skipped.

    Raises :class:`~conflictdata.exceptions.DataError` naming ``file``, the line, the JSON
    pointer and the record id (when the line has a readable one) at the first bad line.
    """
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip():
            yield decode_line(line, cls, file=file, number=number)


def decode_line(line: bytes, cls: type[R], *, file: str | None, number: int | None) -> R:
    """Decode line ``number`` of JSON Lines into a record of ``cls``, or raise a located DataError."""
    try:
        return decode_record(line, cls)
    except msgspec.ValidationError as exc:
        raise validation_error(exc, file=file, line=number, record_id=peek_id(line)) from None
    except msgspec.DecodeError as exc:
        raise DataError(f"invalid JSON: {exc}", file=file, line=number) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8: {exc}", file=file, line=number) from None


def convert_record(obj: Any, cls: type[R]) -> R:
    """Convert built-in values (dicts, lists, strings, numbers, None) into a record of ``cls``.

    As strict as :func:`decode_record`: raises :class:`msgspec.ValidationError` for values that
    break the record contract, including unknown fields.
    """
    return msgspec.convert(msgspec.convert(obj, _mirror(cls)), cls, from_attributes=True)


def validation_error(
    error: msgspec.ValidationError,
    *,
    file: str | None = None,
    line: int | None = None,
    record_id: str | None = None,
    prefix: str = "",
) -> DataError:
    """A :class:`DataError` for a msgspec validation error, its JSON pointer below ``prefix``."""
    pointer, message = pointer_of(error)
    return DataError(message, file=file, line=line, pointer=prefix + pointer, record_id=record_id)


def peek_id(line: bytes) -> str | None:
    """The ``id`` of the JSON object on ``line`` when it has a string one, else None."""
    try:
        value = msgspec.json.decode(line, type=_IdOnly).id
    except (msgspec.MsgspecError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None


class _IdOnly(msgspec.Struct):
    id: Any = None


_DECODERS: dict[type, msgspec.json.Decoder[Any]] = {}
_MIRRORS: dict[tuple[type, bool], type[msgspec.Struct]] = {}


def _decoder(cls: type) -> msgspec.json.Decoder[Any]:
    if cls not in _DECODERS:
        _DECODERS[cls] = msgspec.json.Decoder(_mirror(cls))
    return _DECODERS[cls]


def _mirror(cls: type, *, presence: bool = False) -> type[msgspec.Struct]:
    """A frozen Struct with the fields and annotated types of attrs class ``cls``.

    With ``presence``, a field with a default decodes as :data:`msgspec.UNSET` when its key is
    absent (so the keys a document holds can be counted) and string patterns are left out (the
    validator checks them itself, with a cache); every other constraint stays.
    """
    key = (cls, presence)
    if key not in _MIRRORS:
        _MIRRORS[key] = _make_mirror(cls, presence)
    return _MIRRORS[key]


def _make_mirror(cls: type, presence: bool) -> type[msgspec.Struct]:
    hints = typing.get_type_hints(cls, include_extras=True)
    fields: list[tuple[str, Any, Any]] = []
    for field in attrs.fields(cls):
        tp = _rewrite(hints[field.name], presence)
        if field.default is attrs.NOTHING:
            fields.append((field.name, tp, msgspec.NODEFAULT))
        elif presence:
            fields.append((field.name, tp | msgspec.UnsetType, msgspec.UNSET))
        elif attrs.has(type(field.default)):
            builtins = msgspec.to_builtins(field.default)
            factory = functools.partial(msgspec.convert, builtins, _mirror(type(field.default)))
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
        gc=not presence,  # decoded presence mirrors are many, short-lived and never cyclic
    )


def _rewrite(tp: Any, presence: bool) -> Any:
    """``tp`` with every attrs class in it replaced by its Struct mirror."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        metas = tp.__metadata__
        if presence:
            metas = tuple(_without_pattern(meta) for meta in metas)
        return typing.Annotated[(_rewrite(tp.__origin__, presence), *metas)]
    if attrs.has(tp):
        return _mirror(tp, presence=presence)
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(
            operator.or_, (_rewrite(arg, presence) for arg in typing.get_args(tp))
        )
    if origin is tuple:
        item, ellipsis = typing.get_args(tp)
        return tuple[_rewrite(item, presence), ellipsis]  # type: ignore[misc]
    return tp


def _without_pattern(meta: object) -> object:
    if not isinstance(meta, msgspec.Meta) or meta.pattern is None:
        return meta
    kept = {name: getattr(meta, name) for name in _META_CONSTRAINTS}
    return msgspec.Meta(**{name: value for name, value in kept.items() if value is not None})


_META_CONSTRAINTS = ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length")
