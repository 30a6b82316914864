"""The Dask filter benchmark runs end to end at a tiny size, and every engine finds the same
rows. Speed is never asserted here: the figures depend on the machine (see docs/cluster.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_dask_filter.py"


def test_the_benchmark_runs_and_the_engines_agree() -> None:
    """At 3,000 events over three years, each question's rows matched are the same for Dask
    (pruned or not), DuckDB and polars, and pruning reads fewer files for the within question."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "3000", "--first-year", "2022"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    rows = re.findall(r"^\| (.+?) \| (.+?) \| [0-9.]+ \| ([0-9,]+) \| (\S+) \|", done.stdout, re.M)
    questions = {question for question, *_ in rows if question != "question"}
    assert 2 == len(questions)
    for question in questions:
        found = {engine: (matched, read) for q, engine, matched, read in rows if q == question}
        assert 4 == len(found)
        assert 1 == len({matched for matched, _ in found.values()})
    within = {engine: read for q, engine, _, read in rows if "within" in q}
    assert int(within["conflictdata.dask.select"]) < int(
        within["conflictdata.dask.select, prune=False"]
    )
