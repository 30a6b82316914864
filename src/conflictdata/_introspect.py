"""The one reading of the models' annotations, shared by everything derived from them.

The record contract is written once, as attrs classes with ``Annotated[..., msgspec.Meta(...)]``
types (:mod:`conflictdata.models`). The JSON Schema generator, the strict decoders and their
builders, the validator's fast checks and the hypothesis strategies all take those annotations
apart; they do it through these functions, so a new kind of constraint is read in one place.

>>> from conflictdata.models import EDTF, Span
>>> unwrap(EDTF)[0]
<class 'str'>
>>> constraints(fields(Span)[1].annotation)
{'ge': 0}
>>> pattern_of(fields(Span)[0].annotation)
'^src-[a-z0-9]+(-[a-z0-9]+)*$'
"""

from __future__ import annotations

import functools
import typing
from typing import Any

import attrs
from msgspec import Meta

__all__ = ["CONSTRAINTS", "FieldSpec", "constraints", "fields", "format_of", "pattern_of", "unwrap"]

#: The attributes of :class:`msgspec.Meta` that constrain a value (besides documentation and
#: ``extra_json_schema``), in the order the JSON Schemas list them.
CONSTRAINTS = ("gt", "ge", "lt", "le", "multiple_of", "pattern", "min_length", "max_length", "tz")


@attrs.frozen
class FieldSpec:
    """One field of an attrs class: its name, full annotation, and default (``attrs.NOTHING``
    when the field is required)."""

    name: str
    annotation: Any
    default: Any

    @property
    def required(self) -> bool:
        """Whether a document must give the field."""
        return self.default is attrs.NOTHING


@functools.cache
def fields(cls: type) -> tuple[FieldSpec, ...]:
    """The fields of attrs class ``cls`` in attrs order, with their resolved annotations."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(
        FieldSpec(field.name, hints[field.name], field.default) for field in attrs.fields(cls)
    )


def unwrap(tp: Any) -> tuple[Any, tuple[Meta, ...]]:
    """``tp`` without its ``Annotated`` layers, and their :class:`msgspec.Meta` values in the
    order they apply: the innermost first, each later one overriding what an earlier one says
    (Python flattens ``Annotated[Annotated[T, inner], outer]`` to ``Annotated[T, inner, outer]``)."""
    metas: list[Meta] = []
    while typing.get_origin(tp) is typing.Annotated:
        metas.extend(meta for meta in tp.__metadata__ if isinstance(meta, Meta))
        tp = tp.__origin__
    return tp, tuple(metas)


def constraints(tp: Any) -> dict[str, Any]:
    """The constraints the ``Annotated`` layers of ``tp`` state (an outer layer wins over an
    inner one), by :data:`CONSTRAINTS` name, plus ``format`` where a layer's
    ``extra_json_schema`` gives one."""
    found: dict[str, Any] = {}
    for meta in unwrap(tp)[1]:
        found.update(
            (name, value) for name in CONSTRAINTS if (value := getattr(meta, name)) is not None
        )
        extra = meta.extra_json_schema or {}
        if "format" in extra:
            found["format"] = extra["format"]
    return found


def pattern_of(tp: Any) -> str | None:
    """The ``pattern`` constraint of an annotated type (its outer layers), if it has one."""
    pattern: str | None = constraints(tp).get("pattern")
    return pattern


def format_of(tp: Any) -> str | None:
    """The JSON Schema ``format`` of an annotated type (its outer layers), if it has one."""
    fmt: str | None = constraints(tp).get("format")
    return fmt
