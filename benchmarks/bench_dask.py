"""Validating and exporting synthetic records in one process, with ``--jobs 2``, and on a
two-worker Dask LocalCluster, side by side in one run: records a second, ratios to one process,
and each worker's peak memory (its maximum resident set size) after the cluster's runs.

    python benchmarks/bench_dask.py --sizes 100000,1000000 --repeat 3

Needs the ``dask`` and ``arrow`` extras. The figures go to standard output as a Markdown table;
the machine's load average is printed with them, as the ratios depend on it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

import conflictdata as cd
import conflictdata.dask as cdd
from conflictdata.io import write_parquet


def _best(repeat: int, run: Callable[[], object], clean: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        clean()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    clean()
    return min(times) if repeat < 3 else statistics.median(times)


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(n: int, repeat: int, work: Path, client: Any) -> list[tuple[str, float, str]]:
    """The rows of one size: (what, seconds, note)."""
    folder = work / f"n{n}"
    contribution = synthetic.write_contribution(folder / "contribution", n)
    release = folder / "release"
    synthetic.write_release(release, n)
    records = sum(1 for _ in contribution.open("rb"))
    base = cd.load(version="1.0.0")
    out = folder / "out"

    def clean() -> None:
        shutil.rmtree(out, ignore_errors=True)

    rows = [
        (
            "validate, one process",
            _best(repeat, lambda: cd.validate(contribution, release=base), clean),
        ),
        (
            "validate, --jobs 2",
            _best(repeat, lambda: cd.validate(contribution, release=base, jobs=2), clean),
        ),
        (
            "validate, 2-worker cluster",
            _best(repeat, lambda: cdd.validate(contribution, release=base, client=client), clean),
        ),
        (
            "export, one process",
            _best(
                repeat,
                lambda: write_parquet(cd.load(path=release), out, partition_by="year,month"),
                clean,
            ),
        ),
        (
            "export, 2-worker cluster",
            _best(
                repeat,
                lambda: cdd.write_parquet(
                    release, out, client=client, partition_by="year,month", blocksize=16 << 20
                ),
                clean,
            ),
        ),
    ]
    peaks = client.run(_peak_kib)
    note = "peak RSS per worker: " + ", ".join(f"{kib / 1024:.0f} MiB" for kib in peaks.values())
    return [(f"{what} ({records:,} records)", seconds, note) for what, seconds in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="record counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (the best is kept)")
    parser.add_argument("--workdir", help="where to write the inputs (default: a temporary one)")
    args = parser.parse_args(argv)
    from distributed import Client, LocalCluster

    work = Path(args.workdir or tempfile.mkdtemp(prefix="pq-bench-"))
    print(f"load average: {os.getloadavg()}; cores: {os.cpu_count()}")
    print("| run | seconds | records/s | ratio to one process | note |")
    print("| --- | ---: | ---: | ---: | --- |")
    try:
        for n in (int(size) for size in args.sizes.split(",")):
            # A fresh cluster a size, so that each worker's peak memory is that size's.
            with (
                LocalCluster(
                    n_workers=2,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard": False},  # distributed 2025.1 starts it otherwise
                ) as cluster,
                Client(cluster) as client,
            ):
                rows = measure(n, args.repeat, work, client)
            alone = {"validate": rows[0][1], "export": rows[3][1]}
            for what, seconds, note in rows:
                family = "validate" if what.startswith("validate") else "export"
                ratio = alone[family] / seconds
                print(f"| {what} | {seconds:.2f} | {n / seconds:,.0f} | {ratio:.2f}x | {note} |")
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
