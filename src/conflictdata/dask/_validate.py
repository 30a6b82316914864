"""The validator with the chunks of the files checked on a Dask cluster's workers.

The engine (:func:`conflictdata.validation._engine.validate_in`) cuts each file into chunks of
whole lines and merges what was found in each, in order, with the checks across records; here
the chunks go to the workers instead of worker processes. A worker runs the same check as a
worker process (``_check_remote`` in ``conflictdata.validation._reader``), reading its chunk from
the file, so the report is the one-process report by construction.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from conflictdata.dask._cluster import connected
from conflictdata.validation._engine import validate_in
from conflictdata.validation._lines import Checked, Chunk
from conflictdata.validation._reader import Result, reset_worker
from conflictdata.validation._report import Report

__all__ = ["validate"]


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
    two per worker thread in flight; streams are checked in this process. The cluster is
    ``client``, the scheduler at ``address``, or the default client (see
    :func:`~conflictdata.dask.connected`). ``release``, ``dataset_files`` and ``on_progress``
    are those of :func:`conflictdata.validate`.
    """
    with connected(client, address) as found:
        workers = max(1, sum(found.nthreads().values()))
        return validate_in(
            *files,
            records=None,
            release=release,
            pool=lambda texts: _DaskPool(found, texts),
            workers=workers,
            on_progress=on_progress,
            dataset_files=dataset_files,
        )


class _DaskPool:
    """A process pool's ``submit`` and ``shutdown``, on a Dask cluster."""

    def __init__(self, client: Any, texts: dict[str, str]) -> None:
        self.client = client
        self.run = uuid.uuid4().hex
        self.folder = os.getcwd()
        (self.texts,) = client.scatter([texts], broadcast=True, hash=False)
        self.futures: list[Any] = []

    def submit(self, fn: Callable[[Chunk], Checked], chunk: Chunk, /) -> Result:
        future = self.client.submit(
            _check_on_worker, fn, chunk, self.run, self.folder, self.texts, pure=False
        )
        self.futures = [f for f in self.futures if not f.done()]
        self.futures.append(future)
        return future  # type: ignore[no-any-return]

    def shutdown(self, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            self.client.cancel([f for f in self.futures if not f.done()])
        self.futures = []
        self.client.cancel([self.texts])


#: One check at a time in a worker process (its state is the current run's).
_LOCK = threading.Lock()
_RUN: list[str | None] = [None]


def _check_on_worker(
    fn: Callable[[Chunk], Checked], chunk: Chunk, run: str, folder: str, texts: dict[str, str]
) -> Checked:
    """On a worker: check a chunk of the run ``run``, in ``folder``, the current folder of the
    process that validates: relative paths (of the file, of the source texts beside it) are
    read from there and named in issues as they were given, as in one process."""
    with _LOCK, _in_folder(folder):
        if _RUN[0] != run:
            reset_worker(texts)
            _RUN[0] = run
        return fn(chunk)


@contextlib.contextmanager
def _in_folder(folder: str) -> Iterator[None]:
    """Work in ``folder`` (if it is not the current folder already), then go back."""
    here = os.getcwd()
    if here == folder:
        yield
        return
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)
