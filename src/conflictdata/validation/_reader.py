"""Reading files in chunks, and the worker processes: how the work is cut up, never a rule.

:func:`chunks` cuts a binary stream into chunks of whole lines, about a megabyte each, never
holding a line longer than :data:`~conflictdata.validation._json_layer.MAX_LINE_BYTES` whole.
With ``jobs`` above 1, :func:`start_pool` starts worker processes and :func:`in_processes` hands
them the chunks of a regular file (each worker reads its chunk from the file itself) and yields
the results in order; the engine merges them as if one process had checked every chunk.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Protocol

from conflictdata.models import PREFIXES
from conflictdata.validation._crossref import TextFile, text_again
from conflictdata.validation._crossref_bulk import settle_spans, shift_lines
from conflictdata.validation._json_layer import MAX_LINE_BYTES
from conflictdata.validation._lines import BLANKS, Checked, Chunk, check_chunk
from conflictdata.validation._report import moved
from conflictdata.validation._rows import marked_lines

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import ProcessPoolExecutor

__all__ = [
    "Pool",
    "Result",
    "chunks",
    "in_processes",
    "read",
    "renumbered",
    "reset_worker",
    "start_pool",
]


class Result(Protocol):
    """What a pool gives back for a chunk, when it is done."""

    def result(self) -> Checked: ...


class Pool(Protocol):
    """Where the chunks of regular files are checked: a process pool (:func:`start_pool`), or
    a Dask cluster's stand-in for one (:mod:`conflictdata.dask`)."""

    def submit(self, fn: Callable[[Chunk], Checked], chunk: Chunk, /) -> Result: ...

    def shutdown(self, *, cancel_futures: bool = ...) -> None: ...


_BLOCK = 1 << 20
_SOURCE_ID = f'"id":"{PREFIXES["source"]}-'.encode()


def chunks(handle: IO[bytes], name: str) -> Iterator[Chunk]:
    """The stream in chunks of whole lines, about a megabyte each; a line longer than
    :data:`~conflictdata.validation._json_layer.MAX_LINE_BYTES` is skipped over (never held
    whole) and given as its own chunk.

    Their lines are not counted here (checking a chunk does that): each has line 1 first.
    """
    offset = 0  # of the first byte not yet in a chunk
    carry = b""
    while True:
        data = handle.read(_BLOCK)
        if not data:
            if carry:
                yield Chunk(name, 1, carry, offset=offset, length=len(carry))
            return
        data = carry + data if carry else data
        cut = _cut(data)
        if cut:
            chunk, carry = data[:cut], data[cut:]
            yield Chunk(name, 1, chunk, offset=offset, length=cut)
            offset += cut
        elif len(data) > MAX_LINE_BYTES:
            length, carry, blank = _skip_line(handle, len(data), not data.strip(BLANKS))
            yield Chunk(name, 1, b"", too_long=length, blank=blank)
            offset += length + 1
        else:
            carry = data


def _cut(data: bytes) -> int:
    """Where a chunk of ``data`` ends: after its last line, or before the last line in its second
    half that lists a source (so a source and the records that follow and quote it tend to be in
    one chunk, which checks them on its own); 0 if it has no whole line."""
    cut = data.rfind(b"\n") + 1
    half = len(data) // 2
    source = data.rfind(_SOURCE_ID, half, cut)
    if source >= 0:
        start = data.rfind(b"\n", 0, source) + 1  # of the source's line
        if start > half:
            return start
    return cut


def _skip_line(handle: IO[bytes], length: int, blank: bool) -> tuple[int, bytes, bool]:
    """Read past the end of the current line (``length`` bytes so far, ``blank`` if they are
    all blanks): its length, what follows it, and whether it is blank."""
    while True:
        data = handle.read(_BLOCK)
        end = data.find(b"\n")
        if not data or end >= 0:
            rest = data[:end] if end >= 0 else data
            blank = blank and not rest.strip(BLANKS)
            return length + len(rest), data[end + 1 :] if end >= 0 else b"", blank
        blank = blank and not data.strip(BLANKS)
        length += len(data)


def renumbered(checked: Checked, shift: int) -> Checked:
    """A chunk's result with ``shift`` added to every line number."""
    if not shift:
        return checked
    return checked._replace(
        issues=moved(checked.issues, shift), summary=shift_lines(checked.summary, shift)
    )


def start_pool(jobs: int, texts: dict[str, str]) -> ProcessPoolExecutor:
    """``jobs`` worker processes, each given the release's source ``texts``."""
    from concurrent.futures import ProcessPoolExecutor  # imported only when jobs are asked for

    return ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(texts,))


def in_processes(
    executor: Pool,
    chunks: Iterable[Chunk],
    ahead: int,
    listed: tuple[int, dict[str, TextFile]],
) -> Iterator[tuple[Chunk, Checked]]:
    """Chunks checked in worker processes, results in order, at most ``ahead`` in flight.

    A worker reads its chunk from the file itself, and sends back the chunk's issues and
    summary, not each record's facts. ``listed`` (a file's number and the text files of the
    contributed sources listed before it) goes with the first ``ahead`` chunks, so that each
    worker is likely to get it (one that does not leaves more spans to this process).
    """
    generation, sources = listed
    running: deque[tuple[Chunk, Result]] = deque()
    for sent, unsent in enumerate(chunks):
        chunk = unsent._replace(
            data=b"", generation=generation, sources=sources if sent < ahead and sources else None
        )
        running.append((chunk, executor.submit(_check_remote, chunk)))
        if len(running) >= ahead:
            done, future = running.popleft()
            yield done, future.result()
    while running:
        done, future = running.popleft()
        yield done, future.result()


#: The release's source texts, in a worker process.
_WORKER_TEXTS: dict[str, str] = {}
#: In a worker process: the number of the file being checked and the text files of the
#: contributed sources listed before it; the texts of those read, by file (a few hundred).
_WORKER_SOURCES: dict[int, dict[str, TextFile]] = {}
_WORKER_READ: dict[TextFile, str | None] = {}


def _start_worker(texts: dict[str, str]) -> None:
    """Set up a worker process: the release's texts, and the collector paused as in the main
    process (a worker started by fork inherits that; one started afresh does not)."""
    gc.disable()
    _WORKER_TEXTS.update(texts)


def reset_worker(texts: dict[str, str]) -> None:
    """Set up this process for another run of checks (a Dask worker checks the chunks of one
    run after another): the release's ``texts``, nothing kept from the run before."""
    _WORKER_TEXTS.clear()
    _WORKER_TEXTS.update(texts)
    _WORKER_SOURCES.clear()
    _WORKER_READ.clear()


def _check_remote(chunk: Chunk) -> Checked:
    """In a worker process: read a chunk from its file and check it (what it sends back leaves
    out the records' facts and the texts read, and has the lines the row checks need)."""
    whole = read(chunk)
    checked = check_chunk(whole, _WORKER_TEXTS)
    summary = checked.summary._replace(texts={})
    if chunk.sources is not None and chunk.generation not in _WORKER_SOURCES:
        _WORKER_SOURCES.clear()
        _WORKER_SOURCES[chunk.generation] = chunk.sources
    files = _WORKER_SOURCES.get(chunk.generation)
    if files and summary.spans:
        quoted = {span[1] for _, span in summary.spans if span[1] in files}
        texts = {source: _text_of(files[source]) for source in quoted}
        readable = {source: text for source, text in texts.items() if text is not None}
        if readable:
            summary = settle_spans(summary, readable)
    return checked._replace(records=None, summary=summary, marked=marked_lines(whole.data))


def _text_of(file: TextFile) -> str | None:
    """A contributed source text in a worker process (read once; None if it cannot be read)."""
    if file not in _WORKER_READ:
        if len(_WORKER_READ) >= 256:
            _WORKER_READ.clear()
        _WORKER_READ[file] = text_again(file)
    return _WORKER_READ[file]


def read(chunk: Chunk) -> Chunk:
    """The chunk with its lines, read from its file if they are not in it."""
    if chunk.too_long is not None or chunk.data:
        return chunk
    with open(os.path.join(chunk.root, chunk.file), "rb") as handle:
        handle.seek(chunk.offset)
        return chunk._replace(data=handle.read(chunk.length))
