"""JSON Lines throughput and peak memory of conflictdata.io, at one or more sizes.

Usage: ``PYTHONPATH=src python benchmarks/io_jsonl.py 2000 8000``

For each size, writes that many distinct events (the shipped events with new ids and non-ASCII
summaries, about 1 KB each, made one at a time) with ``write_jsonl`` and reads them back with
``read_jsonl``: once for throughput, once under ``tracemalloc`` for the peak traced memory.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import attrs

import conflictdata as cd
import conflictdata.io as cio


def records(count: int) -> Iterator[cd.Record]:
    events = cd.load().events
    for number in range(count):
        event = events[number % len(events)]
        yield attrs.evolve(event, id=f"evt-n{number}", summary=f"{event.summary} Ñandú 😀 {number}")


def timed(path: Path, count: int) -> tuple[float, float]:
    path.unlink(missing_ok=True)
    start = time.perf_counter()
    cio.write_jsonl(records(count), path)
    middle = time.perf_counter()
    assert count == sum(1 for _ in cio.read_jsonl(path))
    return middle - start, time.perf_counter() - middle


def peaks(path: Path, count: int) -> tuple[int, int]:
    path.unlink(missing_ok=True)
    tracemalloc.start()
    cio.write_jsonl(records(count), path)
    write_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    for _ in cio.read_jsonl(path):
        pass
    read_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return write_peak, read_peak


def main(sizes: list[int]) -> None:
    folder = Path(tempfile.mkdtemp())
    timed(folder / "warm.jsonl", 100)
    for count in sizes:
        path = folder / f"{count}.jsonl"
        write_s, read_s = timed(path, count)
        megabytes = path.stat().st_size / 1e6
        write_peak, read_peak = peaks(path, count)
        print(
            f"{count:>9} records {megabytes:7.1f} MB | "
            f"write {count / write_s:7.0f} rec/s {megabytes / write_s:5.1f} MB/s | "
            f"read {count / read_s:7.0f} rec/s {megabytes / read_s:5.1f} MB/s | "
            f"peak traced memory: write {write_peak / 1024:6.1f} KiB, read {read_peak / 1024:6.1f} KiB"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [2000, 8000])
