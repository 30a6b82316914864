"""JSON Lines streams: memory does not grow with the number of records written or read."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import attrs

import conflictdata as cd
import conflictdata.io as cio


def _records(count: int) -> Iterator[cd.Record]:
    """``count`` distinct events, made one at a time."""
    events = cd.load().events
    for number in range(count):
        event = events[number % len(events)]
        yield attrs.evolve(event, id=f"evt-n{number}", summary=f"{event.summary} Ñandú 😀 {number}")


def _peaks(path: Path, count: int) -> tuple[int, int]:
    """Peak traced memory while writing, then while reading, ``count`` records."""
    tracemalloc.start()
    try:
        cio.write_jsonl(_records(count), path)
        write_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        assert count == sum(1 for _ in cio.read_jsonl(path))
        return write_peak, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_jsonl_memory_is_bounded(tmp_path: Path) -> None:
    """Four times the records take no more than half again the peak memory, and far less than
    the file; a reader or writer that held the file or its records would grow with it."""
    _peaks(tmp_path / "warm.jsonl", 50)  # fill caches (decoders, compiled patterns) first
    small = _peaks(tmp_path / "small.jsonl", 1_000)
    large = _peaks(tmp_path / "large.jsonl", 4_000)
    size = (tmp_path / "large.jsonl").stat().st_size
    for small_peak, large_peak in zip(small, large, strict=True):
        assert large_peak < 1.5 * small_peak
        assert large_peak < size / 20
