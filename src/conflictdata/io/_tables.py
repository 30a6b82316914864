"""Record kinds as tables: the columns of the CSV and Parquet formats, read off the JSON Schemas.

A record is one row. Nested objects are flattened into dotted columns (``when.date``); arrays,
of values or of objects, stay whole in one column. Every column has a Table Schema type
(``string``, ``integer``, ``number`` or ``array``), says whether it may be empty, and has a
description: the schema's own (from the model), else that of the nested object it holds.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from conflictdata._schema import load_schema
from conflictdata.vocab import RecordKind

__all__ = ["Column", "Table", "describe", "table", "unwrap"]


@frozen(kw_only=True)
class Column:
    """One column of a record table."""

    #: Dotted name: ``when.date``.
    name: str
    #: The keys leading to the value in the record's JSON object.
    path: tuple[str, ...]
    #: Table Schema type: ``string`` (text as is) or ``integer``, ``number``, ``array`` (JSON).
    type: str
    #: Whether the value is never null (it may still sit inside an object that is null).
    required: bool
    description: str
    #: The allowed values of a controlled vocabulary, else None.
    enum: tuple[str, ...] | None = None


@frozen(kw_only=True)
class Table:
    """The columns of one record kind, and which nested objects may be null as a whole."""

    kind: RecordKind
    columns: tuple[Column, ...]
    #: Paths of the nested objects that may be null, deepest first.
    optional: tuple[tuple[str, ...], ...]


def unwrap(root: Mapping[str, Any], prop: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """The schema ``prop`` without ``X | null`` and ``$ref`` wrappers, and whether it may be null."""
    nullable = "anyOf" in prop
    if nullable:
        (prop,) = (option for option in prop["anyOf"] if option.get("type") != "null")
    ref = _ref(prop)
    return (root["$defs"][ref] if ref else prop), nullable


def describe(root: Mapping[str, Any], title: str, name: str, prop: Mapping[str, Any]) -> str:
    """The description of property ``name`` of the object called ``title``."""
    options = [prop, *prop.get("anyOf", ())]
    for option in options:
        if option.get("description"):
            return str(option["description"])
    for option in options:
        ref = _ref(option) or _ref(option.get("items", {}))
        if ref:
            return str(root["$defs"][ref]["description"])
    raise KeyError(f"{title}.{name} has no description: give it one in the model")


@functools.cache
def table(kind: RecordKind) -> Table:
    """The table of one record kind, from its JSON Schema (fields in the schema's order)."""
    root = load_schema(kind)
    columns: list[Column] = []
    optional: list[tuple[str, ...]] = []
    _flatten(root, root, str(root["title"]), (), columns, optional)
    optional.sort(key=len, reverse=True)
    return Table(kind=kind, columns=tuple(columns), optional=tuple(optional))


def _ref(prop: Mapping[str, Any]) -> str | None:
    ref = prop.get("$ref")
    return str(ref).rpartition("/")[2] if ref else None


def _flatten(
    root: Mapping[str, Any],
    obj: Mapping[str, Any],
    title: str,
    path: tuple[str, ...],
    columns: list[Column],
    optional: list[tuple[str, ...]],
) -> None:
    """Add the columns of object schema ``obj`` (called ``title``) found at ``path``."""
    present = not any(path[: len(p)] == p for p in optional)
    for name, prop in obj["properties"].items():
        bare, nullable = unwrap(root, prop)
        here = (*path, name)
        if bare.get("type") == "object":
            if nullable:
                _check_detectable(root, bare, f"{title}.{name}")
                optional.append(here)
            (ref,) = filter(None, map(_ref, [prop, *prop.get("anyOf", ())]))
            _flatten(root, bare, ref, here, columns, optional)
            continue
        enum = bare.get("enum")
        columns.append(
            Column(
                name=".".join(here),
                path=here,
                type="string" if enum else str(bare["type"]),
                required=present and not nullable,
                description=describe(root, title, name, prop),
                enum=tuple(enum) if enum else None,
            )
        )


def _check_detectable(root: Mapping[str, Any], obj: Mapping[str, Any], where: str) -> None:
    """An object that may be null must have a column that is never empty when it is not null:
    otherwise a row could not tell a null object from one whose fields are all null."""
    for prop in obj["properties"].values():
        bare, nullable = unwrap(root, prop)
        if not nullable and bare.get("type") != "object":
            return
    raise TypeError(f"{where}: a nullable object needs a field that is never null to be flattened")
