"""conflictdata export: formats, standard output, refusals and exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import conflictdata as cd
import conflictdata.io as cio
from conflictdata.cli import run


def _run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "json", "geojson", "annotations"])
def test_export_to_stdout(tmp_path: Path, fmt: str) -> None:
    """Without --output, one-document formats go to standard output, as write() would write."""
    code, out, err = _run("export", "--format", fmt)
    target = tmp_path / "x"
    cio.write(cd.load(), target, fmt)
    assert (0, target.read_text("utf-8")) == (code, out)
    assert "Traceback" not in err


def test_export_jsonl_reads_back(tmp_path: Path) -> None:
    """The JSON Lines export of the newest release reads back to its records."""
    code, out, _ = _run("export", "--format", "jsonl")
    (tmp_path / "x.jsonl").write_text(out, "utf-8")
    assert (0, list(cd.load())) == (code, list(cio.read_jsonl(tmp_path / "x.jsonl")))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_folder_formats(tmp_path: Path, fmt: str) -> None:
    """CSV and Parquet need --output; they write a folder that reads back."""
    code, _, err = _run("export", "--format", fmt)
    assert (2, True) == (code, "give --output" in err)
    target = tmp_path / "out"
    code, out, err = _run("export", "--format", fmt, "--output", str(target))
    assert (0, "") == (code, out)
    assert f"wrote {len(cd.load())} records" in err
    assert list(cd.load()) == list(cio.read(target, fmt))


def test_export_refuses_to_overwrite(tmp_path: Path) -> None:
    """An existing output is kept (exit 1, a hint) unless --overwrite is given."""
    target = tmp_path / "x.json"
    target.write_text("mine", "utf-8")
    code, _, err = _run("export", "--format", "json", "--output", str(target))
    assert (1, "mine") == (code, target.read_text("utf-8"))
    assert "add --overwrite" in err
    code, _, _ = _run("export", "--format", "json", "--output", str(target), "--overwrite")
    assert 0 == code
    assert list(cd.load()) == list(cio.read_json(target))


def test_export_geojson_reports_skipped(tmp_path: Path) -> None:
    """Events without coordinates are counted on standard error."""
    unplaced = sum(1 for e in cd.load().events if e.where is None or e.where.lat is None)
    code, out, err = _run("export", "--format", "geojson")
    assert 0 == code
    assert f"{unplaced} events without coordinates left out" in err
    assert "FeatureCollection" == json.loads(out)["type"]


def test_export_from_release_path(release_copy: Path, tmp_path: Path) -> None:
    """--path exports a release folder; a tampered one is refused with exit 1."""
    code, out, _ = _run("export", "--format", "jsonl", "--path", str(release_copy))
    assert (0, len(cd.load())) == (code, len(out.splitlines()))
    (release_copy / "events.jsonl").write_bytes(b"{}\n")
    code, _, err = _run("export", "--format", "jsonl", "--path", str(release_copy))
    assert (1, True) == (code, "events.jsonl" in err)


def test_export_unknown_format() -> None:
    """An unknown format is a usage error."""
    code, _, err = _run("export", "--format", "xlsx")
    assert (2, True) == (code, "invalid choice" in err)
