"""Validating and exporting synthetic records in one process, with ``--jobs 2``, and on a
two-worker Dask LocalCluster, side by side in one run: records a second, ratios to one process,
and each worker's peak memory (its peak resident set size, Linux's ``VmHWM``, reset before
each of the cluster's runs) during the cluster's validation and export.

    python benchmarks/bench_dask.py --sizes 100000,1000000 --repeat 3

Needs the ``dask`` and ``arrow`` extras, and Linux (``/proc``). Each size has a cluster of its
own, warmed up by validating one record (the workers' first imports are not timed, as the one
process has made its own before). The figures go to standard output as a Markdown table; the
machine's load average is printed with them, as the ratios depend on it. Inputs go under
``--workdir`` and are kept, or else into a temporary folder, each size's deleted once measured.
"""

from __future__ import annotations

import argparse
import os
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
    """This process's peak resident set size since it was last reset, in KiB."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def _on_workers(client: Any, run: Callable[[], object]) -> tuple[Callable[[], object], list[str]]:
    """``run``, with each worker's peak memory during it put in the list returned."""
    peaks: list[str] = []

    def measured() -> object:
        client.run(_reset_peak)
        done = run()
        found = client.run(_peak_kib).values()
        peaks[:] = [f"{kib / 1024:.0f} MiB" for kib in found]
        return done

    return measured, peaks


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

    on_cluster, validate_peaks = _on_workers(
        client, lambda: cdd.validate(contribution, release=base, client=client)
    )
    export_on_cluster, export_peaks = _on_workers(
        client,
        lambda: cdd.write_parquet(
            release, out, client=client, partition_by="year,month", blocksize=16 << 20
        ),
    )
    runs: list[tuple[str, Callable[[], object], list[str]]] = [
        ("validate, one process", lambda: cd.validate(contribution, release=base), []),
        ("validate, --jobs 2", lambda: cd.validate(contribution, release=base, jobs=2), []),
        ("validate, 2-worker cluster", on_cluster, validate_peaks),
        (
            "export, one process",
            lambda: write_parquet(cd.load(path=release), out, partition_by="year,month"),
            [],
        ),
        ("export, 2-worker cluster", export_on_cluster, export_peaks),
    ]
    rows = []
    for what, run, peaks in runs:
        seconds = _best(repeat, run, clean)
        note = "peak RSS per worker: " + (", ".join(peaks) if peaks else "-")
        rows.append((f"{what} ({records:,} records)", seconds, note))
    return rows


def _warm_up(client: Any, work: Path) -> None:
    """The workers' first imports, made before anything is timed."""
    one = work / "warm-up.jsonl"
    one.write_text('{"id": "evt-warm-up", "type": "CONSULT"}\n', encoding="utf-8")
    cdd.validate(one, client=client, release=cd.Dataset([]))


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
                _warm_up(client, work)
                rows = measure(n, args.repeat, work, client)
            if args.workdir is None:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
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
