"""Dataset filters against pandas, polars and DuckDB on the same tables, side by side in one run.

    python benchmarks/bench_filters.py --sizes 100k,1M

For each size, writes a synthetic release (``synthetic.py``), loads it, and times each question
(best of ``--repeat`` runs) in columns (what ``Dataset.filter`` runs from ``COLUMNAR_FROM``
records on, the query table already built; the build is reported on its own line), testing each
record (the path below that size), and pandas, polars and DuckDB on the events table of
``ds.to_arrow()`` held in memory. A peer missing from the environment is left out, and said so.
The data-frame libraries answer over the events table only, the Dataset over every record (a
answers are compared on the events: the same ids). Prints a Markdown
table with each time's ratio to the fastest data-frame library.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from synthetic import write_release  # noqa: E402

import conflictdata as cd  # noqa: E402
from conflictdata import _columnar  # noqa: E402
from conflictdata import filters as f  # noqa: E402

#: Each question: its name, the Dataset criterion, and the same question as a row test of the
#: events table in pandas, polars and SQL.
QUESTIONS: tuple[tuple[str, f.Criterion, str, str], ...] = (
    (
        "type=ASSAULT",
        f.Type("ASSAULT"),
        "type == 'ASSAULT'",
        "type = 'ASSAULT'",
    ),
    (
        "Type(ASSAULT, THREATEN) & CT+ & place RUS",
        f.Type("ASSAULT", "THREATEN") & f.Factuality("CT+") & f.Country("RUS", via="place"),
        "type in ('ASSAULT', 'THREATEN') and factuality == 'CT+' and where_country == 'RUS'",
        "type IN ('ASSAULT', 'THREATEN') AND factuality = 'CT+' AND where_country = 'RUS'",
    ),
    (
        "factuality=CT+",
        f.Factuality("CT+"),
        "factuality == 'CT+'",
        "factuality = 'CT+'",
    ),
)


def best(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The shortest wall-clock time of ``repeat`` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def peers(events: Any) -> dict[str, Callable[[str, str], Callable[[], int]]]:
    """The data-frame libraries installed, each a maker of a run that counts matching rows."""
    found: dict[str, Callable[[str, str], Callable[[], int]]] = {}
    frame = events.select(["id", "type", "factuality", "where_country"]).to_pandas()
    found["pandas"] = lambda query, _sql: lambda: len(frame.query(query))
    try:
        import polars as pl

        table = pl.from_arrow(events.select(["id", "type", "factuality", "where_country"]))
        found["polars"] = lambda _query, sql: (
            lambda: table.sql(f"SELECT id FROM self WHERE {sql}").height
        )
    except ImportError:
        print("polars is not installed: left out", file=sys.stderr)
    try:
        import duckdb

        con = duckdb.connect()
        con.register("events", events.select(["id", "type", "factuality", "where_country"]))
        found["duckdb"] = lambda _query, sql: (
            lambda: len(con.execute(f"SELECT id FROM events WHERE {sql}").fetchall())
        )
    except ImportError:
        print("duckdb is not installed: left out", file=sys.stderr)
    return found


def measure(n: int, repeat: int) -> list[str]:
    """Rows of the Markdown table for a synthetic release of ``n`` records."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "release"
        write_release(folder, n)
        ds = cd.load(path=folder)
    libraries = peers(ds.to_arrow().events)
    start = time.perf_counter()
    _columnar.query_table(ds)
    rows = [f"| {n:,} | query table built once | {time.perf_counter() - start:.3f} s | | | | | |"]
    for name, criterion, query, sql in QUESTIONS:
        columns, found = best(lambda c=criterion: _columnar.select(ds, c), repeat)
        test = criterion.compile(ds)
        loop, slow = best(lambda t=test: [r for r in ds if t(r)], max(1, repeat // 3))
        assert [r.id for r in found] == [r.id for r in slow]  # type: ignore[attr-defined]
        events = [r.id for r in slow if r.id.startswith("evt-")]
        times = {}
        for library, make in libraries.items():
            times[library], count = best(make(query, sql), repeat)
            assert count == len(events), (library, count, len(events))
        fastest = min(times.values())
        cells = " | ".join(
            f"{times.get(lib, float('nan')) * 1000:.1f}" for lib in ("pandas", "polars", "duckdb")
        )
        rows.append(
            f"| {n:,} | {name} | {columns * 1000:.1f} ms | {loop * 1000:.0f} ms | {cells} "
            f"| {columns / fastest:.2f}x |"
        )
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated sizes, such as 100k,1M")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (best kept)")
    args = parser.parse_args(argv)
    sizes = [
        int(s.lower().replace("k", "000").replace("m", "000000")) for s in args.sizes.split(",")
    ]
    print(
        "| records | question | columns | each record | pandas ms | polars ms | duckdb ms "
        "| columns / fastest |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        print("\n".join(measure(n, args.repeat)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
