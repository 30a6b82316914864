"""The dataset browser against the library's other writers of every evidence span, side by side.

    python benchmarks/bench_site.py --sizes 300,1k,10k

For each size, writes a synthetic release (``synthetic.py``), loads it, and times (best of
``--repeat`` runs) writing its site with :func:`conflictdata.site.build_site`, the same site
without the timeline figure (``timeline=False``), and the peers that write every record and
span: the W3C Web Annotation export (one annotation per span) and the JSON Lines export. The
site with its timeline is timed only up to ``TIMELINE_LIMIT`` records to draw (above it no
figure is drawn).
Prints a Markdown table with each time's ratio to the W3C export, and the bytes written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from synthetic import write_release  # noqa: E402

import conflictdata as cd  # noqa: E402
from conflictdata.io import write  # noqa: E402
from conflictdata.site import TIMELINE_LIMIT, build_site  # noqa: E402


def _size(text: str) -> int:
    text = text.lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def _bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _best(run: Callable[[Path], object], scratch: Path, repeat: int) -> tuple[float, int]:
    """The shortest wall-clock time of ``repeat`` runs writing into a new path, and its bytes."""
    times, written = [], 0
    for attempt in range(repeat):
        target = scratch / f"out-{attempt}"
        start = time.perf_counter()
        run(target)
        times.append(time.perf_counter() - start)
        written = _bytes(target)
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return min(times), written


def measure(n: int, repeat: int) -> list[str]:
    """The table rows of one size."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "release"
        write_release(folder, n)
        ds = cd.load(path=folder)
        spans = sum(len(r.evidence) for r in ds)

        runs: dict[str, Callable[[Path], object]] = {
            "W3C annotations export (peer)": lambda t: write(ds, t, "annotations"),
            "JSON Lines export": lambda t: write(ds, t, "jsonl"),
            "site, pages only": lambda t: build_site(t, release=ds, timeline=False),
        }
        drawn = len(ds.events) + len(ds.statements) + len(ds.implications)
        if drawn <= TIMELINE_LIMIT:
            runs["site with timeline"] = lambda t: build_site(t, release=ds)
        results = {name: _best(run, Path(scratch), repeat) for name, run in runs.items()}
    base = results["W3C annotations export (peer)"][0]
    return [
        f"| {n:,} | {spans:,} | {name} | {seconds:.3f} | {n / seconds:,.0f} | "
        f"{seconds / base:.2f} | {written / 1e6:.1f} |"
        for name, (seconds, written) in results.items()
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1k,10k", help="record counts, comma separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the best kept")
    args = parser.parse_args(argv)
    print("| records | spans | writer | seconds | records/s | x W3C export | MB written |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for size in args.sizes.split(","):
        for row in measure(_size(size), args.repeat):
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
