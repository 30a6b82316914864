"""Validation throughput, side by side in one run, on a realistic contributed file.

    PYTHONPATH=src python benchmarks/bench_validate.py --records 100000

measures, on the same file of ``--records`` records (about 1.15 KB each, every kind mixed):

- ``orjson``: parsing each line with orjson only (no checks at all: the ceiling);
- ``jsonschema``: the reference validator, one reused Draft 2020-12 validator per kind with
  format checking, on lines parsed with :func:`json.loads` (``--jsonschema-records`` of them);
- ``jsonschema-rs``: the Rust validator (formats on), on lines parsed with orjson, if installed;
- ``conflictdata``: :func:`conflictdata.validate`, all three layers (bytes and strict JSON, the
  schema, semantics: references, spans against the source texts, dates), with ``--jobs 1`` and
  with ``--jobs N``;

each the best of ``--repeat`` rounds (a round runs each contender once, in turn, so that a change
in the machine's load touches them alike; jsonschema, slow, runs once), in records per second, and
the ratios the validator is held to; ``--jobs N`` uses N worker processes, and the cores each
run of the validator kept busy (CPU time of the benchmark and of the workers, over wall time)
show whether they do. ``--memory`` also runs the validator alone in a fresh process on files of
two sizes and reports the peak resident memory of each.

The file comes from ``write_contribution(folder, n, seed)`` of ``synthetic.py`` (importable
from here too): a contributed file and the texts of its new sources, whose records are valid:
every reference resolves (to an earlier record of the file or to one of release 1.0.0), every
span quotes its text, derived dates follow from their anchors.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from synthetic import write_contribution

__all__ = ["write_contribution"]


def _best(runs: dict[str, Callable[[], int]], repeat: int) -> dict[str, float]:
    """Records per second of each of ``runs`` (each returns the count of records it handled):
    the best of ``repeat`` rounds, each round running every one once, in turn, so that a
    change in the machine's load touches them alike."""
    best = dict.fromkeys(runs, 0.0)
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.perf_counter()
            count = run()
            best[name] = max(best[name], count / (time.perf_counter() - started))
    return best


def _lines(path: Path, limit: int | None = None) -> Iterator[bytes]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            yield line


def _cpu_and_wall() -> tuple[float, float]:
    """CPU time so far of this process and of the worker processes it waited for, and the
    time; to the microsecond (``os.times`` counts in ticks of 10 ms)."""
    cpu = sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )
    return cpu, time.perf_counter()


def _cores_busy(before: tuple[float, float], after: tuple[float, float]) -> float:
    """How many cores a run kept busy: its CPU time over its wall time."""
    return (after[0] - before[0]) / (after[1] - before[1])


def measure(
    path: Path, *, repeat: int, jobs: int, jsonschema_records: int, busy: dict[int, list[float]]
) -> dict[str, float]:
    """Records per second of each contender on the file at ``path``; ``busy`` gets, by number
    of jobs, the cores each run of the validator kept busy."""
    import jsonschema
    import orjson

    import conflictdata as cd
    from conflictdata._codec import kind_of_id
    from conflictdata._schema import load_schema

    validators = {
        kind: jsonschema.Draft202012Validator(
            load_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for kind in ("source", "actor", "event", "statement", "implication")
    }

    def reference() -> int:
        count = 0
        for line in _lines(path, jsonschema_records):
            value = json.loads(line)
            assert validators[kind_of_id(value["id"]) or ""].is_valid(value)
            count += 1
        return count

    runs: dict[str, Callable[[], int]] = {
        "orjson": lambda: sum(1 for line in _lines(path) if orjson.loads(line))
    }
    try:
        import jsonschema_rs
    except ImportError:
        pass
    else:
        fast = {
            kind: jsonschema_rs.validator_for(load_schema(kind), validate_formats=True)
            for kind in validators
        }

        def rust() -> int:
            count = 0
            for line in _lines(path):
                value = orjson.loads(line)
                assert fast[kind_of_id(value["id"]) or ""].is_valid(value)
                count += 1
            return count

        runs["jsonschema-rs"] = rust

    release = cd.load(version="1.0.0")

    def ours(jobs: int) -> Callable[[], int]:
        def run() -> int:
            before = _cpu_and_wall()
            report = cd.validate(path, release=release, jobs=jobs)
            after = _cpu_and_wall()
            assert report.ok, report.to_text()[:2000]
            busy.setdefault(jobs, []).append(_cores_busy(before, after))
            return report.records

        return run

    runs["conflictdata"] = ours(1)
    if jobs > 1:
        runs[f"conflictdata --jobs {jobs}"] = ours(jobs)
    results = _best(runs, repeat)
    results.update(_best({"jsonschema": reference}, 1))  # slow: once, on its share of lines
    return results


def peak_memory(path: Path) -> int:
    """Peak resident memory (KiB) of a fresh process that validates the file at ``path``.

    Read from the process's own ``VmHWM`` where Linux gives it (``ru_maxrss`` would count the
    memory of the benchmark that started it, which Linux carries across ``exec``).
    """
    code = (
        "import resource, sys, conflictdata as cd; "
        "report = cd.validate(sys.argv[1], release='1.0.0'); assert report.ok; "
        "status = open('/proc/self/status').read() if sys.platform == 'linux' else ''; "
        "peak = [line.split()[1] for line in status.splitlines() if line.startswith('VmHWM')]; "
        "print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip())


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--jsonschema-records", type=int, default=None, help="lines for jsonschema (default all)"
    )
    parser.add_argument("--memory", action="store_true", help="also peak memory at two sizes")
    args = parser.parse_args(arguments)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_contribution(Path(tmp), args.records)
        size = path.stat().st_size
        print(
            f"{args.records:,} records, {size / 1e6:.1f} MB ({size / args.records:,.0f} B/record)"
        )
        busy: dict[int, list[float]] = {}
        results = measure(
            path,
            repeat=args.repeat,
            jobs=args.jobs,
            jsonschema_records=args.jsonschema_records,
            busy=busy,
        )
        for name, rate in results.items():
            print(f"{name:>24}: {rate:>10,.0f} records/s")
        ours = results["conflictdata"]
        print(f"conflictdata / jsonschema: {ours / results['jsonschema']:.1f}x (target 25x)")
        print(f"conflictdata / orjson:     {ours / results['orjson']:.2f} (target 0.5)")
        if args.jobs > 1:
            parallel = results[f"conflictdata --jobs {args.jobs}"]
            print(f"conflictdata --jobs {args.jobs} / orjson: {parallel / results['orjson']:.2f}")
        for jobs, cores in sorted(busy.items()):
            print(f"cores busy, --jobs {jobs}: {min(cores):.2f} to {max(cores):.2f}")
        if args.memory:
            small = write_contribution(Path(tmp) / "small", args.records // 10)
            for label, target in ((args.records // 10, small), (args.records, path)):
                print(f"peak memory, {label:,} records: {peak_memory(target) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
