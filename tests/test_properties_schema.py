"""The models and the committed JSON Schemas agree both ways.

Records generated from the models pass the schemas (``test_properties_records``); here, JSON
generated from the committed schemas alone decodes into the models and encodes back to itself,
defaults filled in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata import strategies as cst
from conflictdata._codec import SINCE_1_1, decode_record, encode_record
from conflictdata._schema import load_schema
from conflictdata.models import RECORD_CLASSES
from conflictdata.vocab import RECORD_KINDS, RecordKind


def resolve(root: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node`` with a local ``$ref`` followed."""
    while "$ref" in node:
        target: Any = root
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token]
        node = target
    return node


def with_defaults(root: Mapping[str, Any], node: Mapping[str, Any], value: Any) -> Any:
    """``value`` with every absent optional property set to its schema default, at every level."""
    node = resolve(root, node)
    if "anyOf" in node and "type" not in node:  # the unions are "X or null" (not requirements)
        (option,) = (
            option
            for option in node["anyOf"]
            if (value is None) == (resolve(root, option).get("type") == "null")
        )
        return with_defaults(root, option, value)
    if isinstance(value, dict):
        filled = dict(value)
        for name, sub in node["properties"].items():
            if name in filled:
                filled[name] = with_defaults(root, sub, filled[name])
            elif "default" in sub:
                filled[name] = sub["default"]
        return filled
    if isinstance(value, list):
        return [with_defaults(root, node["items"], item) for item in value]
    return value


@pytest.mark.parametrize("kind", RECORD_KINDS)
@given(data=st.data())
def test_schema_instances_decode_and_encode_back(kind: RecordKind, data: st.DataObject) -> None:
    """JSON built from the committed schema alone is valid by the reference validator, decodes
    strictly into the model, and encodes back to the same JSON with the defaults filled in
    (but for the fields new in schema 1.1, which are written only when set)."""
    root = load_schema(kind)
    instance = data.draw(cst.schema_instances(kind))
    validator = jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [] == list(validator.iter_errors(instance))
    record = decode_record(json.dumps(instance), RECORD_CLASSES[kind])
    expected = with_defaults(root, root, instance)
    for name in SINCE_1_1 & expected.keys():
        if expected[name] == root["properties"][name]["default"]:
            del expected[name]
    assert expected == json.loads(encode_record(record))
