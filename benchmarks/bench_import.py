"""The importers (UCDP GED, GDELT 2.0 Events, ICEWS) against pandas.read_csv of the same file,
side by side in one run.

    python benchmarks/bench_import.py --sizes 10k,100k --formats ucdp-ged,gdelt-events,icews

For each format and size, writes a file of that many rows into a temporary folder: the rows of
the real sample repeated, each with a new id, so that the cells have the sample's shapes. UCDP
GED: ``--sample``, the 300 rows of GED 19.1 in ``tests/data/ucdp_ged`` (long citations,
embedded line breaks, every precision code); where it is not at hand, two GED 19.1 rows written
here stand in for it, and the run says so. GDELT: the first 250 rows of a real 15-minute Events
file (``--gdelt-sample``, headerless and tab-separated, new GLOBALEVENTIDs); ICEWS: the 300 rows
of 2018 (``--icews-sample``, new Event IDs); a format whose sample is missing is left out, and
the run says so. Then times (best of ``--repeat``, CPU time of the process)
``conflictdata.importers.read`` with every record written by
``conflictdata.io.jsonl.write_jsonl``, and ``pandas.read_csv`` of the same file (tab-separated
and unquoted for GDELT and ICEWS, as the importers read them), and prints a Markdown table with
each one's rows a second and their ratio. A last run of each under ``tracemalloc`` gives its
peak of Python memory: the importer's does not grow with the file, a data frame's does.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from conflictdata import importers  # noqa: E402
from conflictdata.io.jsonl import write_jsonl  # noqa: E402

SAMPLE = HERE.parent / "tests" / "data" / "ucdp_ged" / "ged191_BGD_MMR_first300.csv"
GDELT_SAMPLE = HERE.parent / "tests" / "data" / "gdelt" / "20191024143000.export.first250.CSV"
ICEWS_SAMPLE = HERE.parent / "tests" / "data" / "icews" / "events.2018.sample.first300.tab"
#: The formats measured, in the table's order.
FORMATS = ("ucdp-ged", "gdelt-events", "icews")
#: Two rows of GED 19.1 (UCDP, CC BY 4.0), shortened, in its 42 columns: the stand-in for a
#: missing sample (with a citation holding commas and a cell holding a line break).
_KOKANG = {
    "id": "209980",
    "year": "2015",
    "active_year": "1",
    "type_of_violence": "1",
    "conflict_new_id": "439",
    "conflict_name": "Myanmar (Burma): Kokang",
    "dyad_new_id": "906",
    "dyad_name": "Government of Myanmar (Burma) - MNDAA",
    "side_a_new_id": "144",
    "gwnoa": "775",
    "side_a": "Government of Myanmar (Burma)",
    "side_b_new_id": "880",
    "gwnob": "",
    "side_b": "MNDAA",
    "number_of_sources": "1",
    "source_article": "Democratic Voice of Burma,2015-05-13,Kokang conflict intensifies",
    "source_office": "Democratic Voice of Burma",
    "source_date": "2015-05-13",
    "source_headline": "Kokang conflict intensifies",
    "source_original": "A key commander\nof the MNDAA",
    "where_prec": "2",
    "where_coordinates": "Laukkaing Town",
    "adm_1": "Shan State",
    "adm_2": "Laukkaing District",
    "latitude": "23.690225",
    "longitude": "98.765042",
    "geom_wkt": "POINT (98.765042 23.690225)",
    "priogrid_gid": "163998",
    "country": "Myanmar (Burma)",
    "country_id": "775",
    "region": "Asia",
    "event_clarity": "1",
    "date_prec": "2",
    "date_start": "2015-05-11",
    "date_end": "2015-05-12",
    "deaths_a": "0",
    "deaths_b": "1",
    "deaths_civilians": "0",
    "deaths_unknown": "0",
    "low": "1",
    "best": "1",
    "high": "30",
}
#: The columns of GED 19.1, in its order.
GED_191 = list(_KOKANG)
_NAMSANG = {
    **_KOKANG,
    "id": "50110",
    "year": "2003",
    "type_of_violence": "3",
    "conflict_new_id": "488",
    "conflict_name": "Government of Myanmar (Burma) - Civilians",
    "dyad_new_id": "955",
    "dyad_name": "Government of Myanmar (Burma) - Civilians",
    "side_b_new_id": "1",
    "side_b": "Civilians",
    "number_of_sources": "-1",
    "source_article": "",
    "source_office": "",
    "source_date": "",
    "source_headline": "",
    "source_original": "",
    "where_prec": "5",
    "where_coordinates": "Namsang Township",
    "adm_2": "Loilen District",
    "latitude": "20.89184",
    "longitude": "97.71672",
    "geom_wkt": "POINT (97.716720 20.891840)",
    "priogrid_gid": "159676",
    "event_clarity": "2",
    "date_prec": "4",
    "date_start": "2003-03-01",
    "date_end": "2003-03-31",
    "deaths_b": "0",
    "deaths_civilians": "2",
    "low": "2",
    "best": "2",
    "high": "2",
}
INLINE = [[row[column] for column in GED_191] for row in (_KOKANG, _NAMSANG)]


def sample_rows(path: Path) -> tuple[list[str], list[list[str]], str]:
    """The header and rows of the sample at ``path``, or of the inline rows where it is not a
    file; and what they came from."""
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as handle:
            header, *rows = list(csv.reader(handle))
        return header, rows, f"{path.name} ({len(rows)} rows)"
    print(f"the sample {path} is not a file: using the two inline rows", file=sys.stderr)
    return list(GED_191), [list(row) for row in INLINE], "the two inline rows (no sample)"


def write_rows(path: Path, n: int, header: list[str], rows: list[list[str]]) -> int:
    """Write a GED file of ``n`` rows, the ``rows`` cycled with new ids; its size in bytes."""
    ids = header.index("id")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, row in enumerate(islice(cycle(rows), n), 1):
            writer.writerow([*row[:ids], str(number), *row[ids + 1 :]])
    return path.stat().st_size


def tab_rows(path: Path, header: bool) -> tuple[list[str] | None, list[list[str]]]:
    """The header (None for a headerless file) and rows of a tab-separated, unquoted sample."""
    lines = [line.split("\t") for line in path.read_text("utf-8").splitlines()]
    return (lines[0], lines[1:]) if header else (None, lines)


def write_tab_rows(path: Path, n: int, header: list[str] | None, rows: list[list[str]]) -> int:
    """Write a tab-separated file of ``n`` rows, the ``rows`` cycled with new ids in their
    first column (GLOBALEVENTID, Event ID), after the ``header`` if any; its size in bytes."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if header is not None:
            handle.write("\t".join(header) + "\n")
        for number, row in enumerate(islice(cycle(rows), n), 1):
            handle.write("\t".join([str(number), *row[1:]]) + "\n")
    return path.stat().st_size


def best(run: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """The shortest CPU time and wall-clock time of ``repeat`` runs, and the last result."""
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        start, started = time.process_time(), time.perf_counter()
        result = run()
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - started)
    return min(cpu), min(wall), result


def peak(run: Callable[[], object]) -> int:
    """The peak of memory Python allocated (``tracemalloc``) while ``run`` ran, in bytes."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(
    n: int,
    header: list[str] | None,
    rows: list[list[str]],
    repeat: int,
    format: str = "ucdp-ged",
) -> str:
    """One row of the Markdown table for a file of ``n`` rows in ``format``."""
    import pandas

    with tempfile.TemporaryDirectory() as tmp:
        if format == "ucdp-ged":
            path = Path(tmp) / "ged191.csv"
            size = write_rows(path, n, list(header or ()), rows)
            options: dict[str, object] = {}
        else:
            path = Path(tmp) / (
                "20191024143000.export.CSV" if format == "gdelt-events" else "events.tab"
            )
            size = write_tab_rows(path, n, header, rows)
            options = {
                "sep": "\t",
                "quoting": csv.QUOTE_NONE,
                "header": None if header is None else 0,
            }
        output = Path(tmp) / "imported.jsonl"

        def imported() -> int:
            found = importers.read(format, path, version="19.1" if format == "ucdp-ged" else None)
            written = write_jsonl(found, output, overwrite=True)
            assert [] == found.problems, found.problems[:3]
            assert n == found.rows
            return written.records

        def frame() -> int:
            return len(pandas.read_csv(path, **options))  # type: ignore[call-overload]

        ours, ours_wall, records = best(imported, repeat)
        theirs, theirs_wall, length = best(frame, repeat)
        assert n == length, (n, length)
        ours_peak, theirs_peak = peak(imported), peak(frame)
        written = output.stat().st_size
    mib = 2**20
    return (
        f"| {format} | {n:,} | {size / mib:.1f} | {n / ours:,.0f} | {n / theirs:,.0f} "
        f"| {theirs / ours:.3f}x | {ours_wall:.2f} / {theirs_wall:.2f} "
        f"| {ours_peak / mib:.1f} | {theirs_peak / mib:.1f} | {records:,} | {written / mib:.1f} |"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated row counts")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (best kept)")
    parser.add_argument(
        "--sample", type=Path, default=SAMPLE, help="a UCDP GED 19.1 CSV whose rows are cycled"
    )
    parser.add_argument(
        "--gdelt-sample", type=Path, default=GDELT_SAMPLE, help="a GDELT 2.0 Events file"
    )
    parser.add_argument(
        "--icews-sample", type=Path, default=ICEWS_SAMPLE, help="an ICEWS events file"
    )
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help=f"comma-separated, of {', '.join(FORMATS)}"
    )
    args = parser.parse_args(argv)
    sizes = [
        int(s.lower().replace("k", "000").replace("m", "000000")) for s in args.sizes.split(",")
    ]
    formats = [name for name in args.formats.split(",") if name]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        parser.error(f"unknown formats: {', '.join(unknown)}")
    samples: dict[str, tuple[list[str] | None, list[list[str]]]] = {}
    origins = []
    if "ucdp-ged" in formats:
        header, rows, origin = sample_rows(args.sample)
        samples["ucdp-ged"] = (header, rows)
        origins.append(f"UCDP GED {origin}")
    for name, path, has_header in (
        ("gdelt-events", args.gdelt_sample, False),
        ("icews", args.icews_sample, True),
    ):
        if name not in formats:
            continue
        if not path.is_file():
            print(f"the {name} sample {path} is not a file: {name} is left out", file=sys.stderr)
            continue
        samples[name] = tab_rows(path, has_header)
        origins.append(f"{name} {path.name} ({len(samples[name][1])} rows)")
    print(f"rows shaped as {'; '.join(origins)}; times are CPU seconds, best of {args.repeat}")
    print(
        "| format | rows | file MiB | conflictdata rows/s | pandas.read_csv rows/s "
        "| conflictdata / pandas | wall s (conflictdata / pandas) "
        "| conflictdata peak MiB | pandas peak MiB | records written | JSON Lines MiB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in (name for name in FORMATS if name in samples):
        header, rows = samples[name]
        for n in sizes:
            print(measure(n, header, rows, args.repeat, name), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
