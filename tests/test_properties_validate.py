"""The validator on generated data: a single change to a valid record is reported where it was
made, and JSON built from the schemas alone passes the JSON and schema layers.

``test_validate`` holds the agreement of the fast path with the reference validator, the fuzzing
with arbitrary bytes, and generated datasets validated as contributions."""

from __future__ import annotations

import contextlib
import importlib
import json
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import strategies as cst
from conflictdata._codec import encode_record
from conflictdata.validation import CODES, Report, validate
from conflictdata.validation._crossref_bulk import BulkChecker
from conflictdata.validation._schema_fast import decode_fast
from conflictdata.vocab import RECORD_KINDS, RecordKind

reader = importlib.import_module("conflictdata.validation._reader")
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


@st.composite
def _tangled_contributions(draw: st.DrawFn) -> tuple[list[bytes], dict[str, bytes]]:
    """The lines of a generated dataset, tangled so that checks across records have plenty to
    report: lines shuffled (references forward), repeated (ids twice), dropped (references to
    nothing), records withdrawn (references to withdrawn ones), spans misquoted, and source
    texts changed or missing; with the files of the texts."""
    dataset = draw(cst.datasets())
    records = list(dataset)
    texts = {source.path: dataset.texts[source.id].encode("utf-8") for source in dataset.sources}
    for at in draw(st.lists(st.integers(0, len(records) - 1), max_size=3)):
        record = records[at]
        records[at] = attrs.evolve(record, status="withdrawn", withdrawn_reason="Retracted.")
    for at in draw(st.lists(st.integers(0, len(records) - 1), max_size=3)):
        record = records[at]
        if record.evidence:
            span = attrs.evolve(record.evidence[0], exact=record.evidence[0].exact + "x")
            records[at] = attrs.evolve(record, evidence=(span, *record.evidence[1:]))
    for path in (
        draw(st.lists(st.sampled_from(sorted(texts)), max_size=2, unique=True)) if texts else ()
    ):
        if draw(st.booleans()):
            texts[path] = b"changed: " + texts[path]
        else:
            del texts[path]
    lines = [encode_record(record) for record in records]
    lines += draw(st.lists(st.sampled_from(lines), max_size=3))  # ids repeated
    lines = draw(st.permutations(lines))
    dropped = draw(st.lists(st.integers(0, len(lines) - 1), max_size=2, unique=True))
    return [line for at, line in enumerate(lines) if at not in dropped], texts


@given(_tangled_contributions(), st.integers(64, 4096))
def test_chunks_taken_whole_give_the_record_by_record_report(
    contribution: tuple[list[bytes], dict[str, bytes]], block: int
) -> None:
    """Checks across records take a chunk of lines at once where they can; the report is the
    one they give taking every record on its own, however the lines are cut into chunks."""
    lines, texts = contribution
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "new.jsonl"
        path.write_bytes(b"".join(line + b"\n" for line in lines))
        for name, text in texts.items():
            (Path(folder) / name).parent.mkdir(exist_ok=True)
            (Path(folder) / name).write_bytes(text)
        with mock.patch.object(reader, "_BLOCK", block):
            whole = validate(path, release=NO_RELEASE)
            with mock.patch.object(BulkChecker, "add_chunk", return_value=False):
                one_by_one = validate(path, release=NO_RELEASE)
    assert one_by_one == whole


@given(
    st.lists(
        cst.records()
        | cst.mutations().map(lambda mutation: mutation.instance)
        | st.sampled_from(RECORD_KINDS).flatmap(cst.schema_instances),
        max_size=6,
    )
)
def test_records_in_memory_are_reported_as_the_file_written_from_them(
    records: list[cd.Record | dict[str, Any]],
) -> None:
    """Validating records in memory gives the issues of validating the JSON Lines file written
    from them (model instances in their canonical JSON, dicts by ``json.dumps``), under the
    file name ``<records>`` (also where a message names a line)."""
    data = b"".join(
        (
            encode_record(record)
            if isinstance(record, cd.Record)
            else json.dumps(record, ensure_ascii=False).encode("utf-8")
        )
        + b"\n"
        for record in records
    )
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        Path("new.jsonl").write_bytes(data)
        from_file = validate("new.jsonl", release=NO_RELEASE)
        in_memory = validate(records=records, release=NO_RELEASE)
    named = [
        attrs.evolve(i, file="<records>", message=i.message.replace("new.jsonl:", "<records>:"))
        for i in from_file.issues
    ]
    assert named == list(in_memory.issues)
    assert from_file.records == in_memory.records
