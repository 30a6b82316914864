"""The codebook: every field of every record kind and every controlled vocabulary, written at
build time from the committed JSON Schemas and :mod:`conflictdata.vocab`, so it cannot drift.

A field without a description, a vocabulary this module does not know how to show, or a
description table that matches no vocabulary stops the build with an error that says what to fix.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

import attrs
from sphinx.errors import ExtensionError
from sphinx.pycode import ModuleAnalyzer

from conflictdata import vocab
from conflictdata._release_folder import record_filename
from conflictdata._schema import load_schema, schema_filename
from conflictdata.models import RECORD_CLASSES, Record

# Fields whose values come from a vocabulary the schema cannot state as an enum: open lists and
# values that depend on another field. (record class or nested value, field) -> vocabularies.
OPEN_VOCABULARIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Event", "mode"): ("EVENT_MODES",),
    ("Statement", "cue"): ("STATEMENT_CUES",),
    ("Likelihood", "value"): ("FACTUALITIES", "ICD203_BANDS"),
}
_TITLES = {
    "EVENT_TYPES": "PLOVER event types",
    "EVENT_MODES": "PLOVER modes",
    "EVENT_CONTEXTS": "PLOVER contexts",
    "FACTUALITIES": "FactBank factuality values",
    "ICD203_BANDS": "ICD 203 expressions of likelihood",
}
_SHARED = [f.name for f in attrs.fields(Record) if f.name != "id"]
_CONSTRAINTS = {
    "pattern": "pattern `{}`",
    "format": "format `{}`",
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
    "minItems": "at least {} items",
    "maxItems": "at most {} items",
    "minimum": "at least {}",
    "maximum": "at most {}",
}


def _anchor(name: str) -> str:
    return "codebook-" + name.lower().replace("_", "-")


def _ref(title: str, name: str) -> str:
    return f"{{ref}}`{title} <{_anchor(name)}>`"


def _title(vocabulary: str) -> str:
    return _TITLES.get(vocabulary, vocabulary.replace("_", " ").capitalize())


@cache
def _vocabularies() -> dict[str, Sequence[str]]:
    """Each public vocabulary's values, by name (tuples, and the keys of ICD203_BANDS)."""
    found: dict[str, Sequence[str]] = {}
    for name in vocab.__all__:
        value = getattr(vocab, name)
        if not name.isupper() or name.endswith("_DESCRIPTIONS"):
            continue
        if isinstance(value, tuple):
            found[name] = value
        elif name == "EVENT_MODES":
            found[name] = sorted({mode for modes in value.values() for mode in modes})
        elif name == "ICD203_BANDS":
            found[name] = list(value)
        else:
            raise ExtensionError(f"codebook: conflictdata.vocab.{name} is of no kind it can show")
    return found


def _descriptions(values: Sequence[str]) -> Mapping[str, str]:
    """The ``*_DESCRIPTIONS`` table of vocab whose keys are exactly ``values``, or nothing."""
    for name in vocab.__all__:
        table = getattr(vocab, name)
        if name.endswith("_DESCRIPTIONS") and set(table) == set(values):
            return table  # type: ignore[no-any-return]
    return {}


class _Field:
    """One property of a schema, rendered as the cells of a codebook row."""

    def __init__(self, owner: str, name: str, prop: dict[str, Any], required: bool) -> None:
        nullable = "anyOf" in prop
        inner = [o for o in prop.get("anyOf", [prop]) if o != {"type": "null"}]
        if len(inner) != 1:
            raise ExtensionError(f"codebook: {owner}.{name}: unexpected union {prop['anyOf']}")
        value = inner[0]
        meaning = prop.get("description") or value.get("description")
        if not meaning:
            raise ExtensionError(
                f"codebook: {owner}.{name} has no description; give it one in "
                "conflictdata/models.py with Meta(description=...) and regenerate the schemas"
            )
        self.meaning: str = meaning
        self.type, self.constraint, self.vocabulary = self._value(value, value is not prop)
        if nullable:
            self.type += " or null"
        default = prop.get("default")
        self.default = (
            "required"
            if required
            else "each field's default"
            if isinstance(default, dict)
            else f"`{json.dumps(default)}`"
        )
        extra = OPEN_VOCABULARIES.get((owner, name))
        if extra:
            self.vocabulary = ", ".join(_ref(_title(v), v) for v in extra)

    def _value(self, schema: dict[str, Any], nested: bool) -> tuple[str, str, str]:
        """(type, constraint, vocabulary) of a schema that is not a union."""
        if "$ref" in schema:
            target = schema["$ref"].rsplit("/", 1)[-1]
            return _ref(target, target), "", ""
        if schema.get("type") == "array":
            kind, constraint, vocabulary = self._value(schema["items"], True)
            constraint = "; ".join(c for c in (constraint, _constraints(schema)) if c)
            return "array of " + kind, constraint, vocabulary
        if "enum" in schema:
            values = schema["enum"]
            known = [n for n, v in _vocabularies().items() if list(v) == values]
            vocabulary = (
                _ref(_title(known[0]), known[0]) if known else ", ".join(f"`{v}`" for v in values)
            )
            return "string", "", vocabulary
        # A pattern with a name of its own (an EDTF date, a record id) is given by that name.
        named = schema.get("description") if nested and "pattern" in schema else None
        constraint = named if named and named != self.meaning else _constraints(schema)
        return schema["type"], constraint, ""


def _constraints(schema: dict[str, Any]) -> str:
    return "; ".join(
        "not empty" if k in ("minLength", "minItems") and schema[k] == 1 else text.format(schema[k])
        for k, text in _CONSTRAINTS.items()
        if k in schema
    )


def _table(owner: str, schema: dict[str, Any], names: Sequence[str]) -> Iterator[str]:
    yield "```{list-table}"
    yield ":header-rows: 1"
    yield ":widths: 14 16 14 22 14 20"
    yield ""
    yield "* - Field\n  - Type\n  - Default\n  - Constraint\n  - Vocabulary\n  - Meaning"
    for name in names:
        field = _Field(owner, name, schema["properties"][name], name in schema["required"])
        cells = (
            f"`{name}`",
            field.type,
            field.default,
            field.constraint,
            field.vocabulary,
            field.meaning,
        )
        yield "* -" + "\n  -".join(f" {cell}" if cell else "" for cell in cells)
    yield "```"
    yield ""


def _records() -> Iterator[str]:
    schemas = {kind: load_schema(kind) for kind in RECORD_CLASSES}
    first = next(iter(schemas.values()))
    yield "(codebook-shared)="
    yield "## Fields every record has\n"
    yield (
        "Besides its `id`, every record of every kind has these fields. A released record is "
        "never deleted: it is withdrawn, with a reason and, where another record replaces it, "
        "the id of that record.\n"
    )
    yield from _table("Record", first, _SHARED)
    for kind, cls in RECORD_CLASSES.items():
        schema = schemas[kind]
        own = [name for name in schema["properties"] if name not in _SHARED]
        yield f"({_anchor(cls.__name__)})="
        yield f"## {cls.__name__}\n"
        yield (
            f"{schema['description']} One JSON object a line in `{record_filename(kind)}`; ids "
            f"start with `{cls.prefix}-`. Python class: {{class}}`conflictdata.models."
            f"{cls.__name__}`. JSON Schema: `{schema_filename(kind)}` "
            f"(`{schema['$id']}`). With the {_ref('fields every record has', 'shared')}:\n"
        )
        yield from _table(cls.__name__, schema, own)
    definitions: dict[str, dict[str, Any]] = {}
    for schema in schemas.values():
        for name, definition in schema.get("$defs", {}).items():
            if definitions.setdefault(name, definition) != definition:
                raise ExtensionError(f"codebook: $defs/{name} differs between the schemas")
    yield "(codebook-values)="
    yield "## Nested values\n"
    yield "Objects that appear inside records.\n"
    for name, definition in sorted(definitions.items()):
        yield f"({_anchor(name)})="
        yield f"### {name}\n"
        yield f"{definition['description']} Python class: {{class}}`conflictdata.models.{name}`.\n"
        yield from _table(name, definition, list(definition["properties"]))


def _vocabulary_sections() -> Iterator[str]:
    comments = ModuleAnalyzer.for_module("conflictdata.vocab").find_attr_docs()
    yield "(codebook-vocabularies)="
    yield "## Vocabularies\n"
    for name, values in _vocabularies().items():
        comment = " ".join(comments.get(("", name), [])).strip()
        yield f"({_anchor(name)})="
        yield f"### {_title(name)}\n"
        yield f"{comment} In Python: {{data}}`conflictdata.vocab.{name}`.\n"
        if name == "EVENT_MODES":
            yield from _modes()
        elif name == "ICD203_BANDS":
            yield "| Expression | Probability from | to |\n| --- | --- | --- |"
            yield from (
                f"| {e} | {low:.2f} | {high:.2f} |" for e, (low, high) in vocab.ICD203_BANDS.items()
            )
            yield ""
        elif descriptions := _descriptions(values):
            yield "| Value | Meaning |\n| --- | --- |"
            yield from (f"| `{v}` | {descriptions[v]} |" for v in values)
            yield ""
        else:
            yield ", ".join(f"`{v}`" for v in values) + "\n"


def _modes() -> Iterator[str]:
    descriptions = vocab.EVENT_MODE_DESCRIPTIONS
    listed = {(t, m) for t, modes in vocab.EVENT_MODES.items() for m in modes}
    if listed != set(descriptions):
        raise ExtensionError("codebook: EVENT_MODES and EVENT_MODE_DESCRIPTIONS disagree")
    yield "| Event type | Mode | Meaning |\n| --- | --- | --- |"
    for event_type, modes in vocab.EVENT_MODES.items():
        for mode in modes:
            yield f"| `{event_type}` | `{mode}` | {descriptions[event_type, mode]} |"
    types_without = ", ".join(f"`{t}`" for t, modes in vocab.EVENT_MODES.items() if not modes)
    yield f"\nTypes without modes: {types_without}.\n"


def codebook() -> str:
    """The generated part of the codebook page, as MyST Markdown."""
    fields = {
        (schema.get("title", name), field)
        for kind in RECORD_CLASSES
        for name, schema in [(kind, load_schema(kind)), *load_schema(kind).get("$defs", {}).items()]
        for field in schema["properties"]
    }
    unknown = sorted(set(OPEN_VOCABULARIES) - fields)
    if unknown:
        raise ExtensionError(f"codebook: OPEN_VOCABULARIES names fields no schema has: {unknown}")
    return "\n".join([*_records(), *_vocabulary_sections()])
