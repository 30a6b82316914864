"""Layer 2 of validation, the reference path: the JSON Schema contract, exactly.

:func:`schema_problems` runs the ``jsonschema`` Draft 2020-12 validator with format checking on a
parsed record and turns each of its errors into a problem at a JSON pointer, worded from the
error's structured fields. This is the verdict: the fast path
(:mod:`conflictdata.validation._schema_fast`) only accepts lines this path would accept, and
hands every other line here. :func:`to_struct` decodes an accepted record as the fast path
would have, for the record rules.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import msgspec

from conflictdata._codec import mirror
from conflictdata._schema import load_schema
from conflictdata.models import RECORD_CLASSES
from conflictdata.validation._json_layer import Problem, json_pointer
from conflictdata.validation._report import shorten
from conflictdata.vocab import RecordKind

__all__ = ["WORDED_KEYWORDS", "end_anchor", "keyword_code", "schema_problems", "to_struct"]


def to_struct(value: Any, kind: RecordKind) -> Any:
    """A record the reference validator accepted, decoded as the fast path would have.

    Floats with no fractional part become integers first (JSON Schema counts ``1.0`` as an
    integer; msgspec does not).
    """
    return msgspec.convert(
        _integral(value), mirror(RECORD_CLASSES[kind], patterns=False, presence=True)
    )


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral(item) for item in value]
    return value


def keyword_code(keyword: str) -> str:
    """The issue code of a JSON Schema keyword: ``minLength`` -> ``schema-min-length``."""
    return "schema-" + re.sub(r"(?<!^)(?=[A-Z])", "-", keyword).lower()


def schema_problems(value: Any, kind: RecordKind) -> list[Problem]:
    """Every error the reference validator finds in ``value``, each at its JSON pointer.

    A record that breaks its kind's :class:`~conflictdata.models.Requirement` (the ``anyOf`` at
    the top of its schema) gets that requirement's code, at its first field. A value that passes
    also gets ``pattern-trailing-newline`` for each string that matches its
    pattern only because Python's ``$`` also matches before a final newline.
    """
    normal, strict = _validators(kind)
    requirement = RECORD_CLASSES[kind].requirement
    found = (
        problem
        for error in normal.iter_errors(value)
        for problem in (
            [(requirement.code, requirement.message, "/" + requirement.fields[0])]
            if requirement is not None and list(error.relative_schema_path) == ["anyOf"]
            else _flatten(error)
        )
    )
    problems = list(dict.fromkeys(found))  # one error per missing property lists them all
    if not problems:
        for error in strict.iter_errors(value):
            message = (
                f"{shorten(repr(error.instance))} ends with a line break: Python's $ lets it match "
                "the pattern, other JSON Schema engines do not"
            )
            problems.append(
                ("pattern-trailing-newline", message, json_pointer(error.absolute_path))
            )
    return problems


def _flatten(error: Any) -> list[Problem]:
    """One problem per located cause: anyOf of ``X | null`` reports X's errors, a missing or
    unexpected property is pointed at by name."""
    path = list(error.absolute_path)
    keyword = error.validator
    if keyword == "anyOf" and error.instance is not None and error.context:
        branches = error.validator_value
        causes = [
            cause
            for cause in error.context
            if branches[cause.relative_schema_path[0]] != {"type": "null"}
        ]
        return [problem for cause in causes for problem in _flatten(cause)]
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [
            (keyword_code(keyword), f"required property {name!r} is missing", _at(path, name))
            for name in missing
        ]
    if keyword == "additionalProperties":
        allowed = error.schema.get("properties", {})
        return [
            (keyword_code(keyword), f"property {name!r} is not allowed here", _at(path, name))
            for name in error.instance
            if name not in allowed
        ]
    return [(keyword_code(keyword), shorten(_message(error)), json_pointer(path))]


def _message(error: Any) -> str:
    """The words of a reference validator's error, written here from its structured fields
    (``validator``, ``validator_value``, ``instance``), so a report reads the same on every
    jsonschema release; jsonschema's own words only for a keyword our schemas do not use."""
    value, instance = error.validator_value, repr(error.instance)
    match error.validator:
        case "type":
            types = [value] if isinstance(value, str) else value
            return f"{instance} is not of type {' or '.join(repr(name) for name in types)}"
        case "enum":
            return f"{instance} is not one of {value!r}"
        case "pattern":
            return f"{instance} does not match {value!r}"
        case "minLength" | "minItems" if value == 1:
            return f"{instance} should be non-empty"
        case "minLength":
            return f"{instance} is shorter than {value} characters"
        case "maxLength":
            return f"{instance} is longer than {value} characters"
        case "minItems":
            return f"{instance} has fewer than {value} items"
        case "minimum":
            return f"{instance} is less than the minimum of {value!r}"
        case "maximum":
            return f"{instance} is greater than the maximum of {value!r}"
        case "format":
            return f"{instance} is not a {value!r}"
    return str(error.message)


#: The keywords whose errors :func:`_message` words itself.
WORDED_KEYWORDS = frozenset(
    {
        "type",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minItems",
        "minimum",
        "maximum",
        "format",
    }
)


def _at(path: list[Any], name: str) -> str:
    return json_pointer([*path, name])


@cache
def _validators(kind: RecordKind) -> tuple[Any, Any]:
    """The reference validator of a kind, and one whose patterns end with ``\\Z`` for ``$``."""
    import jsonschema

    schema = load_schema(kind)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    normal = jsonschema.Draft202012Validator(schema, format_checker=checker)
    strict = jsonschema.Draft202012Validator(_end_anchored(schema), format_checker=checker)
    return normal, strict


def _end_anchored(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            key: (
                end_anchor(value)
                if key == "pattern" and isinstance(value, str)
                else _end_anchored(value)
            )
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_end_anchored(item) for item in schema]
    return schema


def end_anchor(pattern: str) -> str:
    """``pattern`` with a final ``$`` written as ``\\Z`` (the very end of the string)."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
