"""The PLOVER family's importers against pandas reading the same files, side by side in one run.

    python benchmarks/bench_import_plover.py --sizes 10k,100k

For each size and format, writes an input of that many records into a temporary folder, shaped
as the test fixtures in ``tests/data`` (``--data``): the 52 events of the real PLOVER gold
standard sample, as a JSON array (``plover-gsr``) and as JSON Lines (``plover-gsr-lines``), each
record with a new id and its own sentence (a number added at its end, so that every record is a
new source text to write); the NGEC events, JSON Lines, each with its own story likewise; the
POLECAT rows, TSV, each with a new ``Event ID``. Then times (best of ``--repeat``, CPU time of
the process) ``conflictdata.importers.read`` with every record written by
``conflictdata.io.jsonl.write_jsonl`` and every text under ``sources/``, and
``pandas.read_json`` or ``pandas.read_csv`` of the same file, and prints a Markdown table with
each one's records a second and their ratio. A last run of each under ``tracemalloc`` gives its
peak of Python memory: JSON Lines and TSV stream, so the importer's stays flat; a JSON array is
read whole.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from bench_import import best, peak  # noqa: E402

from conflictdata import importers  # noqa: E402
from conflictdata.io.jsonl import write_jsonl  # noqa: E402

DATA = HERE.parent / "tests" / "data"
#: The formats measured: (name in the table, importer format, how the input is written).
FORMATS = ("plover-gsr", "plover-gsr-lines", "ngec", "polecat")


def _gsr(data: Path) -> list[dict[str, Any]]:
    records = json.loads((data / "plover" / "PLOVER_GSR_CAMEO.part-a.json").read_text("utf-8"))
    return [record for record in records if record.get("event") != "DOCUMENT"]


def _ngec(data: Path) -> list[dict[str, Any]]:
    lines = (data / "ngec" / "events.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines[:3]]  # the fourth is wrong on purpose


def _renumbered(records: list[dict[str, Any]], n: int, text: str) -> list[dict[str, Any]]:
    """``n`` records cycled from ``records``, each with a new id and its own ``text`` (a
    number added at its end: the marks and offsets stay where they were)."""
    made = []
    for number, record in enumerate(islice(cycle(records), n), 1):
        made.append(
            dict(record, id=f"{record['id']}-{number}", **{text: f"{record[text]} {number}"})
        )
    return made


def write_input(kind: str, path: Path, n: int, data: Path) -> int:
    """Write an input of ``n`` records in the format ``kind``; its size in bytes."""
    if kind == "polecat":
        with open(data / "polecat" / "polecat_sample.tsv", newline="", encoding="utf-8") as handle:
            header, *rows = list(csv.reader(handle, delimiter="\t"))
        rows = rows[:2]  # the third has a bad date on purpose
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(header)
            for number, row in enumerate(islice(cycle(rows), n), 1):
                writer.writerow([f"{row[0]}-{number}", *row[1:]])
        return path.stat().st_size
    if kind == "ngec":
        records = _renumbered(_ngec(data), n, "event_text")
    else:
        records = _renumbered(_gsr(data), n, "text")
    with open(path, "w", encoding="utf-8") as handle:
        if kind == "plover-gsr":
            json.dump(records, handle, ensure_ascii=False, indent=1)
        else:
            handle.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return path.stat().st_size


def _reader(kind: str, path: Path) -> Callable[[], int]:
    import pandas

    if kind == "polecat":
        return lambda: len(pandas.read_csv(path, sep="\t"))
    return lambda: len(pandas.read_json(path, lines=kind != "plover-gsr"))


def measure(kind: str, n: int, repeat: int, data: Path) -> str:
    """One row of the Markdown table for an input of ``n`` records in format ``kind``."""
    format_ = "plover-gsr" if kind.startswith("plover-gsr") else kind
    suffix = {"polecat": ".tsv", "plover-gsr": ".json"}.get(kind, ".jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        size = write_input(kind, path, n, data)
        output = Path(tmp) / "out" / "imported.jsonl"
        output.parent.mkdir()

        def imported() -> int:
            found = importers.read(format_, path)
            found.texts_beside(output, overwrite=True)
            written = write_jsonl(found, output, overwrite=True)
            assert [] == found.problems, found.problems[:3]
            assert n == found.rows
            return written.records

        ours, ours_wall, records = best(imported, repeat)
        frame = _reader(kind, path)
        theirs, theirs_wall, length = best(frame, repeat)
        assert n == length, (n, length)
        ours_peak, theirs_peak = peak(imported), peak(frame)
        written = output.stat().st_size
        texts = len(list((output.parent / "sources").iterdir())) if format_ != "polecat" else 0
    mib = 2**20
    return (
        f"| {kind} | {n:,} | {size / mib:.1f} | {n / ours:,.0f} | {n / theirs:,.0f} "
        f"| {theirs / ours:.3f}x | {ours_wall:.2f} / {theirs_wall:.2f} "
        f"| {ours_peak / mib:.1f} | {theirs_peak / mib:.1f} | {records:,} | {texts:,} "
        f"| {written / mib:.1f} |"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated record counts")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (best kept)")
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help=f"comma-separated, of {', '.join(FORMATS)}"
    )
    parser.add_argument("--data", type=Path, default=DATA, help="the tests' data folder")
    args = parser.parse_args(argv)
    sizes = [
        int(s.lower().replace("k", "000").replace("m", "000000")) for s in args.sizes.split(",")
    ]
    kinds = [kind for kind in args.formats.split(",") if kind]
    unknown = sorted(set(kinds) - set(FORMATS))
    if unknown:
        parser.error(f"unknown formats: {', '.join(unknown)}")
    print(
        f"records shaped as the fixtures in {args.data}; times are CPU seconds, best of {args.repeat}"
    )
    print(
        "| format | records | input MiB | conflictdata records/s | pandas records/s "
        "| conflictdata / pandas | wall s (conflictdata / pandas) "
        "| conflictdata peak MiB | pandas peak MiB | records written | texts written "
        "| JSON Lines MiB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in kinds:
        for n in sizes:
            print(measure(kind, n, args.repeat, args.data), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
