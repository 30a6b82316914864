"""JSON Schema 2020-12 documents generated from the models.

The models are the source of truth; the committed files in ``conflictdata/schemas`` are this
module's output, and a test fails when they differ. Regenerate them with::

    python -m conflictdata._schema
"""

from __future__ import annotations

import json
import sys
import types
import typing
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import attrs
import msgspec
from msgspec import Meta

from conflictdata._fsutil import atomic_writer
from conflictdata._introspect import FieldSpec, fields, unwrap
from conflictdata.models import RECORD_CLASSES, Record
from conflictdata.vocab import RecordKind

__all__ = [
    "FORMER_SCHEMA_NAMES",
    "SCHEMA_BASE_URI",
    "SCHEMA_VERSION",
    "generate",
    "load_schema",
    "schema_filename",
]

#: The base of the schemas' ``$id`` and the ``recordSchema`` of releases: a name, not an
#: address (a URN the project mints for itself; nothing is fetched from it, the schemas ship in
#: the package). The number is the schema's MAJOR version.
SCHEMA_BASE_URI = "urn:conflictdata:schemas:1:"
#: Names the same schemas went by before, each mapped to the current name: a release whose
#: ``recordSchema`` only moved from one to the other has the same record schema.
#: The version of the record schemas, MAJOR.MINOR: MINOR grows when a schema allows more
#: (new optional fields, new forms of evidence), MAJOR (in :data:`SCHEMA_BASE_URI`) when data
#: valid before may not be.
SCHEMA_VERSION = "1.1"
FORMER_SCHEMA_NAMES = {"https://conflictdata.org/schemas/1/": SCHEMA_BASE_URI}
_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# msgspec.Meta attribute -> JSON Schema keyword, by the JSON type the constraint applies to.
_META_KEYWORDS = {
    "string": {"pattern": "pattern", "min_length": "minLength", "max_length": "maxLength"},
    "array": {"min_length": "minItems", "max_length": "maxItems"},
    "number": {
        "ge": "minimum",
        "le": "maximum",
        "gt": "exclusiveMinimum",
        "lt": "exclusiveMaximum",
    },
}
# A record's evidence reads with its own fields: each kind says what its spans are for.
_SHARED_FIELDS = frozenset(field.name for field in attrs.fields(Record)) - {"id", "evidence"}
_PRIMITIVES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def schema_filename(kind: RecordKind) -> str:
    """The file name of the schema of one record kind, such as ``event.schema.json``."""
    return f"{kind}.schema.json"


def generate(cls: type[Record]) -> dict[str, Any]:
    """The JSON Schema of one record class, nested classes inlined under ``$defs``."""
    defs: dict[str, Any] = {}
    body = _object_schema(cls, defs)
    schema: dict[str, Any] = {
        "$schema": _DIALECT,
        "$id": SCHEMA_BASE_URI + schema_filename(cls.kind),
        "title": cls.__name__,
        "$comment": f"conflictdata record schema {SCHEMA_VERSION}",
        "description": _first_paragraph(cls),
        **body,
    }
    if cls.requirement is not None:
        schema["anyOf"] = [
            {"required": [name], "properties": {name: {"minItems": 1}}}
            for name in cls.requirement.fields
        ]
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


@cache
def load_schema(kind: RecordKind) -> dict[str, Any]:
    """The committed schema of one record kind, read from the installed package."""
    text = files("conflictdata").joinpath("schemas", schema_filename(kind)).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _first_paragraph(obj: object) -> str:
    return (obj.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in sorted(fields(cls), key=_field_rank):
        properties[field.name] = _type_schema(field.annotation, defs)
        if field.required:
            required.append(field.name)
        else:
            properties[field.name]["default"] = json.loads(msgspec.json.encode(field.default))
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _field_rank(field: FieldSpec) -> tuple[bool, bool]:
    """Order fields for reading: ``id`` first, the kind's own fields, then the shared ones."""
    return field.name != "id", field.name in _SHARED_FIELDS


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    tp, metas = unwrap(tp)
    schema = _bare_schema(tp, defs)
    for meta in metas:
        _apply_meta(schema, meta)
    return schema


def _bare_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if tp in _PRIMITIVES:
        return {"type": _PRIMITIVES[tp]}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"unsupported union {tp!r}: only 'X | None' is allowed")
        return {"anyOf": [_type_schema(options[0], defs), {"type": "null"}]}
    if origin is tuple:
        item, ellipsis = typing.get_args(tp)
        if ellipsis is not Ellipsis:
            raise TypeError(f"unsupported tuple {tp!r}: only 'tuple[X, ...]' is allowed")
        return {"type": "array", "items": _type_schema(item, defs)}
    if attrs.has(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # reserve the name before recursing
            defs[tp.__name__] = {"description": _first_paragraph(tp), **_object_schema(tp, defs)}
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for type {tp!r}")


def _apply_meta(schema: dict[str, Any], meta: Meta) -> None:
    json_type = "number" if schema.get("type") == "integer" else schema.get("type")
    applicable = _META_KEYWORDS.get(str(json_type), {})
    for attribute in dict.fromkeys(a for k in _META_KEYWORDS.values() for a in k):  # in order
        value = getattr(meta, attribute)
        if value is None:
            continue
        if attribute not in applicable:
            raise TypeError(f"constraint {attribute}={value!r} does not apply to {schema!r}")
        schema[applicable[attribute]] = value
    if meta.description:
        schema["description"] = meta.description
    if meta.extra_json_schema:
        schema.update(meta.extra_json_schema)


def write_all(directory: Path) -> list[Path]:
    """Write one schema file per record kind into ``directory``; return the paths written."""
    written = []
    for kind, cls in RECORD_CLASSES.items():
        path = directory / schema_filename(kind)
        text = json.dumps(generate(cls), indent=2, ensure_ascii=False) + "\n"
        with atomic_writer(path, overwrite=True) as handle:
            handle.write(text.encode("utf-8"))
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - maintainer's script
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src/conflictdata/schemas")
    target.mkdir(parents=True, exist_ok=True)
    for path in write_all(target):
        print(path)
