"""The PLOVER family's import benchmark runs end to end at a tiny size, and its inputs import
without a problem. Speed is never asserted: the figures depend on the machine."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import conflictdata as cd
from conflictdata import importers

pytestmark = pytest.mark.slow
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _bench() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        path = BENCHMARKS / "bench_import_plover.py"
        spec = importlib.util.spec_from_file_location("benchmarks_bench_import_plover", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_plover_import_benchmark_runs_at_a_tiny_size() -> None:
    """bench_import_plover.py prints a row per format and size with both readers' records a
    second, their ratio, both peaks of memory, the records and texts written."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench_import_plover.py"),
            "--sizes",
            "20,60",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    _first, _header, _rule, *rows = done.stdout.splitlines()
    cells = [row.strip("|").split(" | ") for row in rows]
    expected = [(kind, size) for kind in _bench().FORMATS for size in ("20", "60")]
    assert expected == [(row[0].strip(), row[1].strip()) for row in cells]
    for row in cells:
        ours, theirs, ratio = (float(cell.replace(",", "").rstrip("x")) for cell in row[3:6])
        assert all(0 < figure for figure in (ours, theirs, ratio)), row
        assert int(row[9].replace(",", "")) > int(row[1]), row  # sources, actors and events
        texts = int(row[10].replace(",", ""))
        assert (0 if row[0].strip() == "polecat" else int(row[1])) == texts, row


@pytest.mark.parametrize("kind", ["plover-gsr", "plover-gsr-lines", "ngec", "polecat"])
def test_benchmark_inputs_import_and_validate(kind: str, tmp_path: Path) -> None:
    """Each input the benchmark writes has new ids and its own texts, imports with no problem
    and validates with 0 errors."""
    bench = _bench()
    suffix = {"polecat": ".tsv", "plover-gsr": ".json"}.get(kind, ".jsonl")
    path = tmp_path / f"input{suffix}"
    bench.write_input(kind, path, 7, bench.DATA)
    imported = importers.read("plover-gsr" if kind.startswith("plover-gsr") else kind, path)
    output = tmp_path / "out.jsonl"
    imported.texts_beside(output)
    cd.io.jsonl.write_jsonl(imported, output)
    assert [] == imported.problems
    assert 7 == imported.rows
    report = cd.validate(output)
    assert [] == [str(found) for found in report.issues if found.severity == "error"]
