"""The validator on generated data: a single change to a valid record is reported where it was
made, and JSON built from the schemas alone passes the JSON and schema layers.

``test_validate`` holds the agreement of the fast path with the reference validator, the fuzzing
with arbitrary bytes, and generated datasets validated as contributions."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import strategies as cst
from conflictdata._checks_schema import decode_fast
from conflictdata.validate import CODES, Report, validate
from conflictdata.vocab import RECORD_KINDS, RecordKind

#: No release to extend: the generated records stand on their own.
NO_RELEASE = cd.Dataset([])
BEFORE_SEMANTICS = ("file", "json", "schema")


def validate_line(line: bytes) -> Report:
    """The report on a file holding one line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "new.jsonl"
        path.write_bytes(line + b"\n")
        return validate(path, release=NO_RELEASE)


@given(cst.mutations())
def test_a_single_change_is_reported_where_it_was_made(mutation: cst.Mutation) -> None:
    """The fast path declines a record with one change, and the validator reports a JSON or
    schema error at the JSON pointer of the change (for a dropped or added field, the field's
    own pointer)."""
    line = json.dumps(mutation.instance, ensure_ascii=False).encode("utf-8")
    assert decode_fast(line) is None
    report = validate_line(line)
    found = [i.pointer for i in report.errors if CODES[i.code].layer in BEFORE_SEMANTICS]
    assert mutation.pointer in found, [str(i) for i in report.issues]


@pytest.mark.parametrize("kind", RECORD_KINDS)
@given(data=st.data())
def test_schema_instances_pass_the_json_and_schema_layers(
    kind: RecordKind, data: st.DataObject
) -> None:
    """JSON built from the committed schema alone has no file, JSON or schema issue (its
    semantics, such as references that resolve nowhere, are another matter)."""
    line = json.dumps(data.draw(cst.schema_instances(kind))).encode("utf-8")
    report = validate_line(line)
    assert [] == [str(i) for i in report.issues if CODES[i.code].layer in BEFORE_SEMANTICS]
