"""The validator with the chunks of the files checked on a Dask cluster's workers.

The engine (:func:`conflictdata.validation._engine.validate_in`) cuts each file into chunks of
whole lines and merges what was found in each, in order, with the checks across records; here
the chunks go to the workers instead of worker processes, :data:`TASK_CHUNKS` to a task (a task
a chunk would cost more in scheduling than checking it does). A worker runs the same check as a
worker process (``_check_remote`` in ``conflictdata.validation._reader``) on each chunk of its
task, reading the chunk from the file by its absolute path, so the report is the one-process
report by construction.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import IO, Any, NamedTuple

from conflictdata._codec import collector_paused
from conflictdata.dask._cluster import connected
from conflictdata.validation._crossref import TextFile
from conflictdata.validation._engine import validate_in
from conflictdata.validation._lines import Checked, Chunk
from conflictdata.validation._reader import reset_worker
from conflictdata.validation._report import Report

__all__ = ["TASK_CHUNKS", "validate"]

#: How many chunks (about a megabyte each) a task checks.
TASK_CHUNKS = 16


def validate(
    *files: str | os.PathLike[str] | IO[bytes],
    client: Any = None,
    address: str | None = None,
    release: Any = None,
    dataset_files: Iterable[str | os.PathLike[str]] = (),
    on_progress: Callable[[str, int, int | None], None] | None = None,
) -> Report:
    """:func:`conflictdata.validate` of ``files`` on a Dask cluster: the same report.

    The chunks of files given by path (about a megabyte each) are checked on the workers,
    sixteen to a task, two tasks per worker thread in flight; streams are checked in this
    process. The cluster is ``client``, the scheduler at ``address``, or the default client
    (see :func:`~conflictdata.dask.connected`). ``release``, ``dataset_files`` and
    ``on_progress`` are those of :func:`conflictdata.validate`.
    """
    with connected(client, address) as found:
        threads = max(1, sum(found.nthreads().values()))
        return validate_in(
            *files,
            records=None,
            release=release,
            pool=lambda texts: _DaskPool(found, texts),
            workers=threads * TASK_CHUNKS,  # the engine keeps two workers' worth in flight
            on_progress=on_progress,
            dataset_files=dataset_files,
        )


class _Task:
    """Chunks checked by one task on the cluster, and what it found (fetched once)."""

    def __init__(self, fn: Callable[[Chunk], Checked]) -> None:
        self.fn = fn
        self.chunks: list[Chunk] = []
        self.future: Any = None
        self.found: list[Checked] | None = None


class _Part(NamedTuple):
    """What a pool gives back for one chunk of a task."""

    pool: _DaskPool
    task: _Task
    at: int

    def result(self) -> Checked:
        return self.pool.result(self.task, self.at)


class _DaskPool:
    """A process pool's ``submit`` and ``shutdown``, on a Dask cluster: the chunks submitted
    go to the workers :data:`TASK_CHUNKS` to a task, with absolute paths."""

    def __init__(self, client: Any, texts: dict[str, str]) -> None:
        self.client = client
        self.run = uuid.uuid4().hex
        self.root = os.getcwd()
        (self.texts,) = client.scatter([texts], broadcast=True, hash=False)
        self.filling: _Task | None = None
        self.futures: list[Any] = []
        self.listed: tuple[dict[str, TextFile] | None, dict[str, TextFile] | None] = (None, None)

    def submit(self, fn: Callable[[Chunk], Checked], chunk: Chunk, /) -> _Part:
        task = self.filling or _Task(fn)
        self.filling = task
        task.chunks.append(chunk._replace(root=self.root, sources=self._absolute(chunk.sources)))
        if len(task.chunks) >= TASK_CHUNKS:
            self._send()
        return _Part(self, task, len(task.chunks) - 1)

    def _absolute(self, sources: dict[str, TextFile] | None) -> dict[str, TextFile] | None:
        """The text files of ``sources`` with absolute folders (made once for each listing)."""
        if sources is None:
            return None
        given, made = self.listed
        if given is not sources:
            made = {
                key: (os.path.join(self.root, folder), path)
                for key, (folder, path) in sources.items()
            }
            self.listed = (sources, made)
        return made

    def _send(self) -> None:
        """Submit the task being filled."""
        task, self.filling = self.filling, None
        if task is not None:
            task.future = self.client.submit(
                _check_on_worker, task.fn, task.chunks, self.run, self.texts, pure=False
            )
            self.futures = [f for f in self.futures if not f.done()]
            self.futures.append(task.future)

    def result(self, task: _Task, at: int) -> Checked:
        """What the task found in its chunk number ``at`` (the task sent first if need be)."""
        if task.future is None:
            self._send()
        if task.found is None:
            task.found = task.future.result()
            task.future.release()
        return task.found[at]

    def shutdown(self, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            self.client.cancel([f for f in self.futures if not f.done()])
        self.futures = []
        self.client.cancel([self.texts])


#: One check at a time in a worker process (its state is the current run's).
_LOCK = threading.Lock()
_RUN: list[str | None] = [None]


def _check_on_worker(
    fn: Callable[[Chunk], Checked], chunks: list[Chunk], run: str, texts: dict[str, str]
) -> list[Checked]:
    """On a worker: check the chunks of a task of the run ``run`` (the collector paused, as in
    a worker process)."""
    with _LOCK, collector_paused():
        if _RUN[0] != run:
            reset_worker(texts)
            _RUN[0] = run
        return [fn(chunk) for chunk in chunks]
