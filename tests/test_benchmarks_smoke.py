"""The benchmark suite works: its synthetic data is valid and it runs end to end at a tiny size.

Speed is never asserted here: the figures depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import collections
import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import conflictdata as cd
from conflictdata import importers
from conflictdata.io import read_jsonl

pytestmark = pytest.mark.slow

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


def _benchmark(name: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run ``benchmarks/NAME.py`` with ``arguments``; the test fails if it does not exit 0."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / f"{name}.py"), *arguments],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    return done


def _references(record: cd.Record) -> list[str]:
    """The ids ``record`` refers to: link targets, actors, speaker, ``about``, drivers,
    ``affects``, its date's anchor and the sources of its spans."""
    found = [link.target for link in record.links]
    found += [actor.actor for actor in getattr(record, "actors", ())]
    found += [span.source for span in getattr(record, "evidence", ())]
    for name in ("about", "drivers", "affects"):
        found += getattr(record, name, ())
    when = getattr(record, "when", None)
    anchor = when.anchor if when is not None else None
    return found + [ref for ref in (getattr(record, "speaker", None), anchor) if ref is not None]


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
        assert all(target in ds for target in _references(record))


def test_synthetic_contribution_is_valid_in_writing_order(tmp_path: Path) -> None:
    """A synthetic contribution has every kind, validates against release 1.0.0 without an
    issue, refers only to its earlier lines and to the release, and the same seed writes the
    same bytes."""
    synthetic = _module("synthetic")
    path = synthetic.write_contribution(tmp_path / "a", 600, seed=7)
    again = synthetic.write_contribution(tmp_path / "b", 600, seed=7)
    assert path.read_bytes() == again.read_bytes()
    release = cd.load(version="1.0.0")
    report = cd.validate(path, release=release)
    assert report.ok, report.to_text()
    assert [] == list(report.issues)
    earlier: set[str] = set()
    for record in read_jsonl(path):
        assert all(target in earlier or target in release for target in _references(record))
        earlier.add(record.id)
    kinds = collections.Counter(record.kind for record in read_jsonl(path))
    assert synthetic.kind_counts(600) == kinds


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


def test_validation_benchmark_runs_at_a_tiny_size() -> None:
    """bench_validate.py at 300 records prints every contender's throughput, the ratios the
    validator is held to, and the cores each number of jobs kept busy (at most that many)."""
    arguments = ["--records", "300", "--repeat", "1", "--jobs", "2", "--jsonschema-records", "50"]
    done = _benchmark("bench_validate", *arguments)
    printed = dict(line.rsplit(":", 1) for line in done.stdout.splitlines()[1:])
    for name in ("orjson", "conflictdata", "conflictdata --jobs 2", "jsonschema"):
        assert float(printed[name.rjust(24)].split()[0].replace(",", "")) > 0, name
    ratios = (
        "conflictdata / jsonschema",
        "conflictdata / orjson",
        "conflictdata --jobs 2 / orjson",
    )
    assert set(ratios) <= printed.keys()
    for jobs in (1, 2):
        low, high = map(float, printed[f"cores busy, --jobs {jobs}"].split(" to "))
        assert 0 < low <= high <= jobs + 0.25, done.stdout


def test_filter_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    """bench_filters.py at 2,000 records answers every question with the Dataset and with each
    installed data-frame library (it checks that all give the same events), prints the ratio to
    the fastest library, times every loader with its peak memory and the two engines' masks
    (checked equal), and draws the chart."""
    chart = tmp_path / "filters.svg"
    done = _benchmark("bench_filters", "--sizes", "2000", "--repeat", "1", "--chart", str(chart))
    filters, loads, engines = (
        [line.strip("|").split(" | ") for line in part.splitlines()[2:]]
        for part in done.stdout.strip().split("\n\n")
    )
    questions = _module("bench_filters").QUESTIONS
    assert [name for name, *_ in questions] == [row[1] for row in filters]
    for row in filters:
        assert float(row[-1].strip().rstrip("x")) > 0, row
    assert [row[1] for row in loads] == list(_module("bench_filters").LOADS)
    for row in loads:
        assert float(row[2]) > 0, row
        assert row[4].endswith("MiB"), row
    assert [row[1] for row in engines] == [questions[1][0]]
    assert float(engines[0][-1].strip().rstrip("x")) > 0
    assert chart.read_bytes().startswith(b"<?xml")


def test_reanchor_benchmark_runs_at_a_tiny_size() -> None:
    """bench_reanchor.py prints, for each size, the time of difflib and diff-match-patch, their
    ratio and how many code points each diff deleted (difflib left out above --difflib-max)."""
    arguments = ["--sizes", "500,2000", "--repeat", "1", "--difflib-max", "1000"]
    done = _benchmark("bench_reanchor", *arguments)
    rows = [line.strip("|").split(" | ") for line in done.stdout.splitlines()[2:]]
    assert ["500", "2,000"] == [row[0].strip() for row in rows]
    assert float(rows[0][3].strip().rstrip("x")) > 0
    assert "(not run)" == rows[1][1].strip()


def test_import_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    """bench_import.py imports a file of each format (UCDP GED, GDELT, ICEWS) of the requested
    size, checks that every row became records, and prints conflictdata's and pandas' rows a
    second, their ratio and both peaks of memory; with no UCDP sample at hand it says so and
    cycles its two inline rows."""
    bench = _module("bench_import")
    for sample, origin in ((bench.SAMPLE, None), (tmp_path / "missing.csv", "inline")):
        done = _benchmark(
            "bench_import", "--sizes", "50,120", "--repeat", "1", "--sample", str(sample)
        )
        first, _header, _rule, *rows = done.stdout.splitlines()
        if origin is None:
            origin = bench.SAMPLE.name if bench.SAMPLE.is_file() else "inline"
        assert origin in first, first
        assert ("inline" == origin) == ("is not a file" in done.stderr), done.stderr
        cells = [row.strip("|").split(" | ") for row in rows]
        assert [(name, size) for name in bench.FORMATS for size in ("50", "120")] == [
            (row[0].strip(), row[1].strip()) for row in cells
        ]
        for row in cells:
            ours, theirs, ratio = (float(cell.replace(",", "").rstrip("x")) for cell in row[3:6])
            assert all(0 < figure for figure in (ours, theirs, ratio)), row
            assert all(0 < float(cell) for cell in row[7:9]), row  # both peaks of memory
            assert int(row[9].replace(",", "")) > int(row[1]), row  # a source, actors, events


def test_import_benchmark_leaves_out_a_format_without_its_sample(tmp_path: Path) -> None:
    """A GDELT or ICEWS sample that is missing leaves its format out, and the run says so;
    an unknown format is a usage error."""
    done = _benchmark(
        "bench_import",
        "--sizes",
        "20",
        "--repeat",
        "1",
        "--formats",
        "gdelt-events,icews",
        "--gdelt-sample",
        str(tmp_path / "missing.CSV"),
    )
    rows = done.stdout.splitlines()[3:]
    assert ["icews"] == [row.strip("|").split(" | ")[0].strip() for row in rows]
    assert "gdelt-events is left out" in done.stderr
    bench = _module("bench_import")
    with pytest.raises(SystemExit):
        bench.main(["--formats", "acled"])


def test_import_benchmark_cycles_the_rows_with_new_ids(tmp_path: Path) -> None:
    """The benchmark's file has the rows it was asked for, the inline rows' cells but for
    ``id``, which is new and unique in every row; it imports without a problem."""
    bench = _module("bench_import")
    path = tmp_path / "ged191.csv"
    bench.write_rows(path, 5, list(bench.GED_191), [list(row) for row in bench.INLINE])
    with open(path, newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert list(bench.GED_191) == header
    ids = header.index("id")
    assert ["1", "2", "3", "4", "5"] == [row[ids] for row in rows]
    for number, row in enumerate(rows):
        expected = bench.INLINE[number % 2]
        assert expected[:ids] + expected[ids + 1 :] == row[:ids] + row[ids + 1 :]
    imported = importers.read("ucdp-ged", path)
    events = [record.id for record in imported if isinstance(record, cd.Event)]
    assert [] == imported.problems
    assert [f"evt-ucdp-ged-{number}" for number in range(1, 6)] == events


def test_dask_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    """bench_dask.py at 300 records prints a row for each of the five runs, with a ratio to
    one process and each worker's peak memory, and leaves its inputs where it was told."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench_dask.py"),
            *("--sizes", "300", "--repeat", "1", "--workdir", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert 0 == done.returncode, done.stderr
    rows = [line for line in done.stdout.splitlines() if "(300 records)" in line]
    assert 5 == len(rows), done.stdout
    assert all("x |" in row and "peak RSS per worker" in row for row in rows)
