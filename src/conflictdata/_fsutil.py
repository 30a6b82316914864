"""Atomic file writes: a crash or an error never leaves a partial file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_writer"]


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path`` for binary writing; move it into place on success.

    Raises :class:`FileExistsError` when ``path`` exists and ``overwrite`` is false. On any
    exception inside the block the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target}: file exists (pass overwrite=True to replace it)")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if the target appeared meanwhile
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
