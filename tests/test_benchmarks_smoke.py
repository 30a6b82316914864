"""The benchmark suite works: its synthetic data is valid and it runs end to end at a tiny size.

Speed is never asserted here: the figures depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import conflictdata as cd

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


def test_synthetic_release_is_valid_and_deterministic(tmp_path: Path) -> None:
    """A synthetic release loads, every span quotes its text, every reference resolves, and the
    same seed writes the same bytes."""
    synthetic = _module("synthetic")
    first, second = tmp_path / "a", tmp_path / "b"
    stats = synthetic.write_release(first, 500, seed=7)
    synthetic.write_release(second, 500, seed=7)
    for path in sorted(first.rglob("*.jsonl")):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()
    ds = cd.load(path=first)
    assert 500 == len(ds) == stats["records"]
    assert synthetic.kind_counts(500) == ds.counts()
    for record in ds:
        for span in getattr(record, "evidence", ()):
            assert span.exact == ds.text(span)
        targets = [link.target for link in record.links]
        targets += [actor.actor for actor in getattr(record, "actors", ())]
        targets += list(getattr(record, "about", ())) + list(getattr(record, "drivers", ()))
        when = getattr(record, "when", None)
        targets += [when.anchor] if when is not None and when.anchor else []
        assert all(target in ds for target in targets)


def test_suite_runs_at_a_tiny_size(tmp_path: Path) -> None:
    """run.py at 200 records reports a figure, or why there is none, for every task, prints the
    targets table and leaves no data behind."""
    work, figures, tables = tmp_path / "work", tmp_path / "figures.json", tmp_path / "tables.md"
    work.mkdir()
    arguments = ["--sizes", "200", "--repeat", "1", "--sample", "50", "--import-runs", "1"]
    outputs = ["--workdir", str(work), "--json", str(figures), "--markdown", str(tables)]
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), *arguments, *outputs],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    results = json.loads(figures.read_text("utf-8"))["sizes"][0]["results"]
    assert set(_module("tasks").TASKS) == set(results)
    for name, report in results.items():
        assert {"cpu", "wall"} <= set(report) or {"unavailable"} == set(report), name
    assert "## Targets" in tables.read_text("utf-8")
    assert [] == list(work.iterdir())
