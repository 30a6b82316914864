"""Facts about each record kind are declared once, on its class, and every module follows them."""

from __future__ import annotations

import json
import typing
from typing import Any

import attrs
import msgspec
from hypothesis import given, settings

import conflictdata as cd
from conflictdata import strategies as cst
from conflictdata._codec import encode_record
from conflictdata.filters import record_texts
from conflictdata.models import PREFIXES, RECORD_CLASSES, main_text
from conflictdata.relations import actor_roles
from conflictdata.timeline import record_date
from conflictdata.validation._record_rules import check_record
from conflictdata.validation._schema_layer import to_struct

#: Fields that every kind may hold ids in, checked by rules of their own.
_GENERIC = {"id", "superseded_by", "links", "when", "published", "evidence", "rows"}


def _id_kind(tp: Any) -> tuple[bool, str | None] | None:
    """Whether an annotated type holds record ids, and which kind they must be (None: any)."""
    for meta in getattr(tp, "__metadata__", ()):
        pattern = getattr(meta, "pattern", None) or ""
        for kind, prefix in PREFIXES.items():
            if pattern.startswith(f"^{prefix}-"):
                return True, kind
        if pattern.startswith(f"^({'|'.join(PREFIXES.values())})-"):
            return True, None
    for arg in typing.get_args(tp):
        found = _id_kind(arg)
        if found:
            return found
    return None


def _id_holding_fields(cls: type) -> dict[str, tuple[bool, str | None, str | None]]:
    """(many, kind, item attribute) of each field of ``cls`` that holds ids, found from the
    annotations alone, one level into nested classes (an event's actors)."""
    found: dict[str, tuple[bool, str | None, str | None]] = {}
    hints = typing.get_type_hints(cls, include_extras=True)
    for field in attrs.fields(cls):
        if field.name in _GENERIC:
            continue
        tp = hints[field.name]
        many = "tuple" in repr(tp)
        direct = _id_kind(tp)
        if direct:
            found[field.name] = (many, direct[1], None)
            continue
        for arg in typing.get_args(tp) or (tp,):
            for inner in (arg, *typing.get_args(arg)):
                if isinstance(inner, type) and attrs.has(inner):
                    inner_hints = typing.get_type_hints(inner, include_extras=True)
                    for item in attrs.fields(inner):
                        held = _id_kind(inner_hints[item.name])
                        if held:
                            found[field.name] = (many, held[1], item.name)
    return found


def test_every_field_that_holds_ids_is_declared() -> None:
    """Each field whose annotation holds record ids (an actor id, any record's id, a nested
    value holding one) is declared in its class's ``id_fields``, with the right shape and
    kind; adding such a field without declaring it fails here."""
    for cls in RECORD_CLASSES.values():
        declared = {f.name: (f.many, f.kind, f.item) for f in cls.id_fields}
        assert _id_holding_fields(cls) == declared, cls.__name__


def test_declared_fields_exist_and_actor_fields_have_roles() -> None:
    """Every declared field is a field of its class; fields of actor ids give their role."""
    for cls in RECORD_CLASSES.values():
        names = {field.name for field in attrs.fields(cls)}
        assert {cls.when_field, cls.placement_field, *cls.text_fields} - {None} <= names
        for field in cls.id_fields:
            assert field.name in names
            if field.kind == "actor":
                assert field.role or field.role_of, field
        assert cls.prefix == PREFIXES[cls.kind]


def _ids_in(record: cd.Record) -> list[tuple[str, str]]:
    """(JSON pointer, id) of every id the record's declared-or-not id fields hold, by walking
    its JSON with the annotations (not the declarations)."""
    data = json.loads(encode_record(record))
    found = []
    for name, (many, _, item) in _id_holding_fields(type(record)).items():
        value = data[name]
        if value is None:
            continue
        values = value if many else [value]
        for index, element in enumerate(values):
            target = element[item] if item else element
            pointer = f"/{name}" + (f"/{index}" if many else "") + (f"/{item}" if item else "")
            found.append((pointer, target))
    return found


@settings(max_examples=25)
@given(cst.datasets())
def test_modules_follow_the_declarations(dataset: cd.Dataset) -> None:
    """The validator references every id that the record's id-holding fields hold, and the
    actor roles name the actors of the fields that give roles; dates, main texts and searched words come from the declared
    fields."""
    for record in dataset:
        kind = record.kind
        _, facts = check_record(kind, to_struct(json.loads(encode_record(record)), kind))
        refs = facts.references
        referenced = [
            (template.format(index) if index is not None else template, target)
            for template, index, target in zip(refs[::3], refs[1::3], refs[2::3], strict=True)
        ]
        for pointer, target in _ids_in(record):
            assert (pointer, target) in referenced
        roled = {f.name for f in record.id_fields if f.role or f.role_of}
        actors = {
            target
            for pointer, target in _ids_in(record)
            if pointer.split("/")[1] in roled and target.startswith(PREFIXES["actor"] + "-")
        }
        assert actors == {actor for actor, _ in actor_roles(record)}
        placed = getattr(record, record.placement_field) if record.placement_field else None
        expected = placed.date if isinstance(placed, cd.When) else placed
        assert expected == record_date(record)
        assert getattr(record, record.text_fields[0]) == main_text(record)
        assert main_text(record) is None or main_text(record) in set(record_texts(record))


def test_kind_of_any_id_pattern_comes_from_the_prefixes() -> None:
    """The pattern of an id of any kind lists exactly the declared prefixes."""
    hints = typing.get_type_hints(cd.Record, include_extras=True)
    pattern = next(
        meta.pattern for meta in hints["id"].__metadata__ if isinstance(meta, msgspec.Meta)
    )
    assert f"^({'|'.join(PREFIXES.values())})-" == pattern.split("[", 1)[0]
