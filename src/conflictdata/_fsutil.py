"""Atomic file and folder writes: a crash or an error never leaves a partial file behind.

What is written gets the permissions of a file or folder created the ordinary way (``0o666`` or
``0o777`` less the process umask), not the private ones of a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_folder", "atomic_writer"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


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
        os.chmod(tmp, 0o666 & ~_UMASK)
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


@contextlib.contextmanager
def atomic_folder(
    path: str | os.PathLike[str], *, overwrite: bool = False, replaceable: Iterable[str] = ()
) -> Iterator[Path]:
    """Create a temporary folder beside ``path`` to fill; move it into place on success.

    Raises :class:`FileExistsError` when ``path`` exists and ``overwrite`` is false, and also when
    ``overwrite`` is true but ``path`` is not a folder or holds anything other than the entries
    named in ``replaceable`` (a folder of other files is never deleted). On any exception inside
    the block the temporary folder is removed and ``path`` is left as it was.
    """
    target = Path(path)
    if target.exists() or target.is_symlink():
        if not overwrite:
            raise FileExistsError(f"{target}: folder exists (pass overwrite=True to replace it)")
        if target.is_symlink() or not target.is_dir():
            raise FileExistsError(f"{target}: exists and is not a folder; not replacing it")
        allowed = set(replaceable)
        strangers = sorted(entry.name for entry in target.iterdir() if entry.name not in allowed)
        if strangers:
            raise FileExistsError(
                f"{target}: folder holds files this export does not write "
                f"({', '.join(strangers)}); not replacing it"
            )
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        os.chmod(tmp, 0o777 & ~_UMASK)
        yield tmp
        if target.exists():  # only with overwrite, checked above
            _swap(tmp, target)
        else:
            os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``, putting the old folder back if that fails."""
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old)
