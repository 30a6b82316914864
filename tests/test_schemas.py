"""The JSON Schemas: valid 2020-12, generated from the models, and in agreement with the data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

import conflictdata as cd
from conflictdata._codec import encode_record
from conflictdata._schema import SCHEMA_BASE_URI, generate, load_schema, schema_filename
from conflictdata.models import RECORD_CLASSES
from conflictdata.vocab import RECORD_KINDS


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_schema_passes_metaschema(kind: str) -> None:
    """Each committed schema is a valid Draft 2020-12 schema with its own $id."""
    schema = load_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert SCHEMA_BASE_URI + schema_filename(kind) == schema["$id"]


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_committed_schema_matches_models(kind: str) -> None:
    """The committed schema is exactly what the models generate (regenerate with
    ``python -m conflictdata._schema`` when this fails)."""
    assert generate(RECORD_CLASSES[kind]) == load_schema(kind)


@pytest.mark.slow
def test_committed_schema_files_are_generated_text(tmp_path: Path) -> None:
    """The generator writes the committed files byte for byte, whatever the hash seed: no set
    order leaks into the key order, so regenerating never shows a spurious change."""
    committed = {
        schema_filename(kind): files("conflictdata").joinpath("schemas", schema_filename(kind))
        for kind in RECORD_KINDS
    }
    for seed in ("1", "2"):
        target = tmp_path / seed
        target.mkdir()
        subprocess.run(
            [sys.executable, "-m", "conflictdata._schema", str(target)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        for name, path in committed.items():
            assert path.read_bytes() == (target / name).read_bytes(), name


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_schema_patterns_avoid_backslash_d(kind: str) -> None:
    r"""Patterns use [0-9], never \d, which engines read differently."""
    assert "\\d" not in json.dumps(load_schema(kind))


def test_every_shipped_record_passes_its_schema() -> None:
    """Every record of every shipped release validates, with format checking on."""
    for version in cd.versions():
        for record in cd.load(version=version):
            validator = jsonschema.Draft202012Validator(
                load_schema(record.kind),
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            )
            errors = list(validator.iter_errors(json.loads(encode_record(record))))
            assert [] == errors, record.id


def test_schema_rejects_unknown_fields() -> None:
    """additionalProperties is false at every level, as the decoder forbids unknown fields."""
    event = json.loads(encode_record(cd.load().events[0]))
    event["evidence"][0]["colour"] = "red"
    validator = jsonschema.Draft202012Validator(load_schema("event"))
    assert ["colour"] == [
        e.instance.get("colour") and "colour" for e in validator.iter_errors(event)
    ]
