"""Filtering a partitioned events export through Dask, with and without partition pruning, beside
DuckDB and polars over the same folder, in one run: seconds, rows matched, files read, ratios.

    python benchmarks/bench_dask_filter.py --rows 10000000

The export (``events.parquet`` by year and month, in the schema of
:func:`conflictdata.io.parquet.arrow_schema`, the other tables empty) is generated with pyarrow
in batches, never through JSON Lines, into a temporary folder deleted at the end. Each question
runs on a two-worker LocalCluster (one thread a worker); every engine materialises the matching
rows with all their columns. Files read by Dask are counted by a file system that logs every
file opened, in the calling process and on the workers. Needs the ``dask`` and ``test`` extras.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fsspec.implementations.local import LocalFileSystem

import conflictdata.dask as cdd
from conflictdata.io.parquet import arrow_schema, finish_partitions, write_partitions
from conflictdata.models import RECORD_CLASSES
from conflictdata.vocab import EVENT_TYPES, RECORD_KINDS

#: Years of the generated events; a few are undated or have an open start (partition year 0).
FIRST_YEAR, LAST_YEAR = 1995, 2024
COUNTRIES = ("UKR", "RUS", "SYR", "YEM", "SDN", "COD", "MLI", "AFG", "IRQ", "NGA", "MMR", "SOM")
#: The questions: a name, the criteria, and the same question as SQL over the flat columns.
QUESTIONS: tuple[tuple[str, dict[str, Any], str], ...] = (
    (
        'during="2023" (overlaps)',
        {"during": "2023"},
        "date IS NOT NULL AND (date_start IS NULL OR date_start <= DATE '2023-12-31')"
        " AND (date_end IS NULL OR date_end >= DATE '2023-01-01') AND year <= 2023",
    ),
    (
        'type="ASSAULT", during="2023-06", within',
        {"type": "ASSAULT", "during": "2023-06", "date_match": "within"},
        "type = 'ASSAULT' AND date_start >= DATE '2023-06-01' AND date_end <= DATE '2023-06-30'"
        " AND year = 2023 AND month = 6",
    ),
)


class CountingFileSystem(LocalFileSystem):
    """The local file system, appending the path of every file it opens to ``log``."""

    def __init__(self, log: str, **options: Any) -> None:
        super().__init__(**options)
        self.log = log

    def _open(self, path: str, mode: str = "rb", **options: Any) -> Any:
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(f"{path}\n")
        return super()._open(path, mode, **options)


def files_opened(log: Path) -> list[str]:
    """The data files (not ``_metadata``) logged as opened, each once."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return sorted({line for line in lines if not Path(line).name.startswith("_")})


def _batches(rows: int, batch: int, seed: int, first_year: int) -> Iterator[Any]:
    """Batches of events in the export's schema: days spread over the years, types and
    countries with uneven weights, 1% undated and 0.5% with an open start."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    schema = arrow_schema("event")
    rng = np.random.default_rng(seed)
    first = dt.date(first_year, 1, 1).toordinal() - dt.date(1970, 1, 1).toordinal()
    days = (dt.date(LAST_YEAR, 12, 31) - dt.date(first_year, 1, 1)).days + 1
    weights = np.linspace(3, 1, len(EVENT_TYPES))
    for start in range(0, rows, batch):
        n = min(batch, rows - start)
        day = pa.array(first + rng.integers(0, days, n), pa.int32()).cast(pa.date32())
        fate = rng.random(n)
        undated, open_start = pa.array(fate < 0.01), pa.array((fate >= 0.01) & (fate < 0.015))
        text = pc.strftime(pc.cast(day, pa.timestamp("s")), format="%Y-%m-%d")
        date = pc.if_else(
            undated,
            None,
            pc.if_else(open_start, pc.binary_join_element_wise("..", text, "/"), text),
        )
        columns = {
            "id": pc.binary_join_element_wise(
                "evt-g", pa.array(np.arange(start, start + n).astype(str)), "-"
            ),
            "type": pa.array(rng.choice(EVENT_TYPES, n, p=weights / weights.sum())),
            "date": date,
            "date_start": pc.if_else(pc.or_(undated, open_start), None, day),
            "date_end": pc.if_else(undated, None, day),
            "date_precision": pc.if_else(undated, "unknown", "day"),
            "date_basis": pc.if_else(undated, "unknown", "text"),
            "where_country": pa.array(rng.choice(COUNTRIES, n)),
            "factuality": pa.array(["CT+"] * n),
            "status": pa.array(["active"] * n),
            "summary": pa.array(["an event"] * n),
        }
        arrays = []
        for field in schema:
            if field.name in columns:
                arrays.append(columns[field.name].cast(field.type))
            elif pa.types.is_list(field.type):
                arrays.append(pa.array([[]] * n, field.type))
            else:
                arrays.append(pa.nulls(n, field.type))
        yield pa.Table.from_arrays(arrays, schema=schema)


def write_export(folder: Path, rows: int, first_year: int = FIRST_YEAR, seed: int = 22) -> int:
    """Write the events export at ``folder``; how many partition data files it has."""
    partitions = ("year", "month")
    for kind in RECORD_KINDS:
        table = folder / f"{RECORD_CLASSES[kind].plural}.parquet"
        table.mkdir(parents=True)
        if kind == "event":
            write_partitions(_batches(rows, 1_000_000, seed, first_year), table, kind, partitions)
        finish_partitions(table, kind, partitions)
    return len(list((folder / "events.parquet").rglob("part-*.parquet")))


def _timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    rows = run()
    return time.perf_counter() - start, rows


def measure(
    folder: Path, work: Path, client: Any, counting: type[CountingFileSystem]
) -> list[tuple[str, str, float, int, str]]:
    """The rows of the table: (question, engine, seconds, rows matched, files read), counting
    files with ``counting``."""
    import duckdb
    import polars as pl

    events = folder / "events.parquet"
    glob = str(events / "**" / "*.parquet")
    results = []
    for name, criteria, sql in QUESTIONS:
        for prune in (True, False):
            log = work / f"opened-{len(results)}.log"
            fs = counting(str(log))

            def dask_rows(criteria: Any = criteria, prune: bool = prune, fs: Any = fs) -> int:
                frames = cdd.select(folder, options={"filesystem": fs}, prune=prune, **criteria)
                return len(client.compute(frames.events).result())

            seconds, rows = _timed(dask_rows)
            engine = "conflictdata.dask.select" + ("" if prune else ", prune=False")
            results.append((name, engine, seconds, rows, str(len(files_opened(log)))))
        query = f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true) WHERE {sql}"
        seconds, rows = _timed(lambda query=query: duckdb.sql(query).to_arrow_table().num_rows)
        results.append((name, "DuckDB", seconds, rows, "n/a"))

        def polars_rows(sql: str = sql) -> int:
            frame = pl.scan_parquet(glob, hive_partitioning=True)
            return (
                pl.SQLContext(events=frame)
                .execute(f"SELECT * FROM events WHERE {sql}")
                .collect()
                .height
            )

        seconds, rows = _timed(polars_rows)
        results.append((name, "polars", seconds, rows, "n/a"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="events in the export")
    parser.add_argument(
        "--first-year", type=int, default=FIRST_YEAR, help=f"of the events (to {LAST_YEAR})"
    )
    arguments = parser.parse_args(argv)
    from distributed import Client, LocalCluster

    work = Path(tempfile.mkdtemp(prefix="conflictdata-bench-dask-filter-"))
    try:
        folder = work / "export"
        start = time.perf_counter()
        files = write_export(folder, arguments.rows, arguments.first_year)
        print(
            f"{arguments.rows:,} events, {files} partition files, written in "
            f"{time.perf_counter() - start:.1f} s; load average {os.getloadavg()[0]:.2f}"
        )
        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                scheduler_kwargs={"dashboard": False},
            ) as cluster,
            Client(cluster) as client,
        ):
            # By its module's name, so that the workers import the class rather than receive a
            # copy of it (an fsspec class holds a lock, which cannot be pickled).
            counting = importlib.import_module("bench_dask_filter").CountingFileSystem
            rows = measure(folder, work, client, counting)
        print(
            "\n| question | engine | seconds | rows matched | files read | ratio to pruned Dask |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for name, engine, seconds, matched, read in rows:
            base = next(
                s for q, e, s, _, _ in rows if q == name and e == "conflictdata.dask.select"
            )
            print(
                f"| {name} | {engine} | {seconds:.2f} | {matched:,} | {read} | {seconds / base:.2f}x |"
            )
        print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
