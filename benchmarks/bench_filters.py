"""Dataset filters and loading against pandas, polars and DuckDB, side by side in one run.

    python benchmarks/bench_filters.py --sizes 100k,1M --chart docs/_static/filters.svg

For each size, writes a synthetic release (``synthetic.py``) with its columnar form
(``conflictdata release columns``) and its Parquet export, then measures:

- *load*: ``cd.load(path)`` through the columnar form, ``cd.load(path, columns=False)``
  decoding every line, and DuckDB and polars reading the Parquet export (every kind) into
  memory; best of ``--repeat`` wall-clock times, and the peak resident memory of a fresh process
  doing it (``VmHWM``, less that of the same process before loading) against the size of the
  JSON Lines files.
- *filters*: each question (best of ``--asked``) as ``ds.filter(...).counts()`` on the release
  loaded through its columns, and in pandas (a boolean mask), polars (the ids filtered by an
  expression compiled beforehand) and DuckDB (a query) on the events table of the export held in memory, each
  counting the rows. The answers are compared (the same events).

A peer missing from the environment is left out, and said so. Prints three Markdown tables, the
filters with each time's ratio to the fastest data-frame library; ``--chart`` also draws them
(matplotlib).
"""

from __future__ import annotations

import argparse
import os
import subprocess
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
from conflictdata import filters as f  # noqa: E402
from conflictdata._columns import write_columns  # noqa: E402
from conflictdata.io.parquet import write_parquet  # noqa: E402

#: Each question: its name, the Dataset criterion, the same question as a boolean mask of the
#: events frame in pandas, and as a row test in SQL (DuckDB runs it; polars compiles it once into
#: an expression, ``polars.sql_expr``, and filters the ids with that).
QUESTIONS: tuple[tuple[str, f.Criterion, Callable[[Any], Any], str], ...] = (
    (
        "type=ASSAULT",
        f.Type("ASSAULT"),
        lambda t: t["type"] == "ASSAULT",
        "type = 'ASSAULT'",
    ),
    (
        "Type(ASSAULT, THREATEN) & CT+ & place RUS",
        f.Type("ASSAULT", "THREATEN") & f.Factuality("CT+") & f.Country("RUS", via="place"),
        lambda t: (
            t["type"].isin(["ASSAULT", "THREATEN"])
            & (t["factuality"] == "CT+")
            & (t["where_country"] == "RUS")
        ),
        "type IN ('ASSAULT', 'THREATEN') AND factuality = 'CT+' AND where_country = 'RUS'",
    ),
    (
        "factuality=CT+",
        f.Factuality("CT+"),
        lambda t: t["factuality"] == "CT+",
        "factuality = 'CT+'",
    ),
)
PEERS = ("pandas", "polars", "duckdb")
#: How each loader reads the release (``{release}``) or its export (``{export}``) in a fresh
#: process; ``None`` means the peer is not installed.
LOADS = {
    "conflictdata, columns": "import conflictdata as cd, pyarrow; ds = cd.load(path={release!r})",
    "conflictdata, every line": (
        "import conflictdata as cd, pyarrow; ds = cd.load(path={release!r}, columns=False)"
    ),
    "duckdb": (
        "import duckdb, pathlib; tables = [arrow(duckdb.read_parquet(str(p))) "
        "for p in sorted(pathlib.Path({export!r}).glob('*.parquet'))]"
    ),
    "polars": (
        "import polars, pathlib; tables = [polars.read_parquet(p) "
        "for p in sorted(pathlib.Path({export!r}).glob('*.parquet'))]"
    ),
}
_CHILD = """
import sys, time
def hwm():
    return int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])
def arrow(relation):  # DuckDB 1.1 to 1.3 name it fetch_arrow_table, later to_arrow_table
    return (getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table)()
{imports}
before, start = hwm(), time.perf_counter()
{load}
print(time.perf_counter() - start, hwm() - before)
"""


def best(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The shortest wall-clock time of ``repeat`` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def installed(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None


#: A maker, from a question's pandas mask and SQL, of a run that counts the matching rows.
Peer = Callable[[Callable[[Any], Any], str], Callable[[], int]]


def peers(events: Any) -> dict[str, Peer]:
    """The data-frame libraries installed, each with the quickest way it has to answer (a mask
    in pandas, an expression compiled beforehand in polars, a query in DuckDB)."""
    found: dict[str, Peer] = {}
    columns = events.select(["id", "type", "factuality", "where_country"])
    frame = columns.to_pandas()
    found["pandas"] = lambda mask, _sql: lambda: len(frame[mask(frame)])
    if installed("polars"):
        import polars as pl

        table = pl.from_arrow(columns)

        def polars_run(_mask: Callable[[Any], Any], sql: str) -> Callable[[], int]:
            expression = pl.sql_expr(sql)  # the ids alone: quicker than filtering every column
            return lambda: table.select(pl.col("id").filter(expression)).height

        found["polars"] = polars_run
    if installed("duckdb"):
        import duckdb

        con = duckdb.connect()
        con.register("events", columns)
        found["duckdb"] = lambda _mask, sql: (
            lambda: len(con.execute(f"SELECT id FROM events WHERE {sql}").fetchall())
        )
    return found


def load_in_child(code: str, repeat: int) -> tuple[float, int]:
    """The best time (s) of ``repeat`` fresh processes running ``code``, and their least peak
    memory added by it (KiB)."""
    imports = code.split(";")[0]
    script = _CHILD.format(imports=imports, load=";".join(code.split(";")[1:]).strip())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
        )
        if done.returncode:
            raise SystemExit(f"the load failed:\n{script}\n{done.stderr}")
        seconds, kib = done.stdout.splitlines()[-1].split()  # DuckDB may draw a progress bar
        runs.append((float(seconds), int(kib)))
    return min(s for s, _ in runs), min(k for _, k in runs)


def measure(
    n: int, repeat: int, asked: int, tmp: Path
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The load (best of ``repeat``) and the filter (best of ``asked``) figures for a synthetic
    release of ``n`` records; the last filter row also holds the engines' times of the compound
    question's mask."""
    release, export = tmp / f"release-{n}", tmp / f"export-{n}"
    write_release(release, n)
    write_columns(release)
    write_parquet(cd.load(path=release, columns=False), export)
    size = sum(p.stat().st_size for p in release.glob("*.jsonl"))
    loads = []
    for name, code in LOADS.items():
        module = code.split()[1].rstrip(",;")
        if not installed(module):
            print(f"{module} is not installed: left out", file=sys.stderr)
            continue
        seconds, kib = load_in_child(code.format(release=str(release), export=str(export)), repeat)
        loads.append({"n": n, "loader": name, "seconds": seconds, "kib": kib, "bytes": size})
    ds = cd.load(path=release)
    import pyarrow.parquet as pq

    libraries = peers(pq.read_table(export / "events.parquet"))
    filters = []
    for name, criterion, mask, sql in QUESTIONS:
        ours, counts = best(lambda c=criterion: ds.filter(c).counts(), asked)
        events = counts["event"]  # type: ignore[index]
        assert events == len(ds.filter(criterion).events)
        row: dict[str, Any] = {"n": n, "question": name, "conflictdata": ours}
        for library, make in libraries.items():
            row[library], count = best(make(mask, sql), asked)
            assert count == events, (library, count, events)
        filters.append(row)
    filters[-1]["engines"] = engines(ds, asked)
    return loads, filters


def engines(ds: cd.Dataset, repeat: int) -> dict[str, Any]:
    """The mask of the compound question over the release's query table, with the engine the
    Dataset uses (NumPy over dictionary codes) and with ``pyarrow.compute`` on the same
    columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    queried = ds._store.query_table()
    table = queried.table

    def arrow() -> int:
        mask = pc.and_(
            pc.and_(
                pc.is_in(table.column("type"), value_set=pa.array(["ASSAULT", "THREATEN"])),
                pc.equal(table.column("factuality"), "CT+"),
            ),
            pc.equal(table.column("place_country"), "RUS"),
        )
        return int(pc.sum(pc.fill_null(mask, False)).as_py() or 0)

    def codes() -> int:
        from conflictdata._columnar import _Masks

        return int(_Masks(ds, queried, None).of(QUESTIONS[1][1], None).sum())

    numpy_time, found = best(codes, repeat)
    arrow_time, expected = best(arrow, repeat)
    assert found == expected, (found, expected)
    return {"n": len(ds), "numpy": numpy_time, "pyarrow.compute": arrow_time}


def load_table(loads: list[dict[str, Any]]) -> list[str]:
    rows = [
        "| records | loader | seconds | DuckDB / this | peak memory added | / JSON Lines size |",
        "|---|---|---|---|---|---|",
    ]
    for item in loads:
        duck = next(
            (x["seconds"] for x in loads if x["n"] == item["n"] and x["loader"] == "duckdb"), None
        )
        ratio = f"{duck / item['seconds']:.2f}x" if duck else ""
        mib = item["kib"] / 1024
        rows.append(
            f"| {item['n']:,} | {item['loader']} | {item['seconds']:.3f} | {ratio} "
            f"| {mib:,.0f} MiB | {item['kib'] * 1024 / item['bytes']:.2f} |"
        )
    return rows


def filter_table(filters: list[dict[str, Any]]) -> list[str]:
    rows = [
        "| records | question | conflictdata ms | pandas ms | polars ms | duckdb ms "
        "| conflictdata / fastest |",
        "|---|---|---|---|---|---|---|",
    ]
    for item in filters:
        times = [item[p] for p in PEERS if p in item]
        cells = " | ".join(f"{item[p] * 1000:.2f}" if p in item else "" for p in PEERS)
        rows.append(
            f"| {item['n']:,} | {item['question']} | {item['conflictdata'] * 1000:.2f} | {cells} "
            f"| {item['conflictdata'] / min(times):.2f}x |"
        )
    return rows


def engine_table(filters: list[dict[str, Any]]) -> list[str]:
    rows = [
        "| records | mask of the compound question | NumPy over codes ms | pyarrow.compute ms "
        "| pyarrow.compute / NumPy |",
        "|---|---|---|---|---|",
    ]
    for item in (row["engines"] for row in filters if "engines" in row):
        rows.append(
            f"| {item['n']:,} | {QUESTIONS[1][0]} | {item['numpy'] * 1000:.2f} "
            f"| {item['pyarrow.compute'] * 1000:.2f} "
            f"| {item['pyarrow.compute'] / item['numpy']:.1f}x |"
        )
    return rows


def chart(loads: list[dict[str, Any]], filters: list[dict[str, Any]], path: Path) -> None:
    """Filter and load times, grouped by size, on a log scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    tools = ("conflictdata", *PEERS)
    groups = [(item["n"], item["question"]) for item in filters]
    width = 0.8 / len(tools)
    for at, tool in enumerate(tools):
        values = [item.get(tool, float("nan")) * 1000 for item in filters]
        left.bar([i + at * width for i in range(len(groups))], values, width, label=tool)
    left.set_xticks([i + 0.4 - width / 2 for i in range(len(groups))])
    left.set_xticklabels([f"{n:,}\n{q[:18]}" for n, q in groups], fontsize=7)
    left.set_yscale("log")
    left.set_ylabel("ms (log scale)")
    left.set_title("ds.filter(...) and the same question in memory")
    left.legend(fontsize=7)
    sizes = sorted({item["n"] for item in loads})
    loaders = list(dict.fromkeys(item["loader"] for item in loads))
    width = 0.8 / max(len(loaders), 1)
    for at, loader in enumerate(loaders):
        values = [
            next((x["seconds"] for x in loads if x["n"] == n and x["loader"] == loader), 0)
            for n in sizes
        ]
        right.bar([i + at * width for i in range(len(sizes))], values, width, label=loader)
    right.set_xticks([i + 0.4 - width / 2 for i in range(len(sizes))])
    right.set_xticklabels([f"{n:,} records" for n in sizes])
    right.set_yscale("log")
    right.set_ylabel("seconds (log scale)")
    right.set_title("load: release folder or its Parquet export")
    right.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, metadata={"Date": None})  # the same figures give the same file


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated sizes, such as 100k,1M")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each load (best kept)")
    parser.add_argument(
        "--asked", type=int, default=30, help="runs of each filter and mask (best kept)"
    )
    parser.add_argument("--chart", type=Path, help="also draw the figures into this file")
    args = parser.parse_args(argv)
    sizes = [
        int(s.lower().replace("k", "000").replace("m", "000000")) for s in args.sizes.split(",")
    ]
    loads: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            measured = measure(n, args.repeat, args.asked, Path(tmp))
            loads += measured[0]
            filters += measured[1]
    print("\n".join(filter_table(filters)))
    print()
    print("\n".join(load_table(loads)))
    print()
    print("\n".join(engine_table(filters)))
    if args.chart:
        chart(loads, filters, args.chart)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
