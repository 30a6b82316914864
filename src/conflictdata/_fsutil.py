"""Safe reads inside a folder, and atomic writes that a crash never leaves half done.

Reading: :func:`read_inside` opens a file named relative to a folder one path component at a
time, never following a symbolic link (``O_NOFOLLOW`` on every step, so nothing is checked after
a link was already followed), refuses anything that is not a regular file (a device, a FIFO, a
socket) before reading a byte, and refuses a file larger than the caller's bound. A contributed
source text that links to ``/etc/passwd`` is an error that names it, never text that is read.

Writing: what is written gets the permissions of a file or folder created the ordinary way
(``0o666`` or ``0o777`` less the process umask), not the private ones of a temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from conflictdata.exceptions import DataError

__all__ = ["UnsafeFileError", "atomic_folder", "atomic_writer", "read_inside", "too_large"]


class UnsafeFileError(DataError):
    """A file inside a folder that may not be read: a symbolic link (``file-link``), not a
    regular file (``file-not-regular``), a name that leaves the folder (``file-outside``), or
    larger than the bound its reader sets (``file-too-large``), or one that grew while it was read
    (``file-changed``)."""


_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def read_inside(folder: str | os.PathLike[str], relative: str, *, limit: int) -> bytes:
    """The bytes of the regular file at ``relative`` (a POSIX path) inside ``folder``, at most
    ``limit`` of them; raises :class:`UnsafeFileError` (located at ``relative``) for a link, a
    special file, a path that leaves the folder or a larger file, and :class:`FileNotFoundError`
    when there is no such file."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise UnsafeFileError("the path leaves the folder", file=relative, code="file-outside")
    fd = _open_inside(os.fspath(folder), parts, relative)
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise too_large(size, limit, relative)
        data = handle.read(size + 1)  # no more: a read of ``limit`` bytes reserves that much
    if len(data) > size:
        raise UnsafeFileError("the file grew while it was read", file=relative, code="file-changed")
    return data


def too_large(size: int, limit: int, relative: str) -> UnsafeFileError:
    """The error for a file of ``size`` bytes where at most ``limit`` may be read."""
    return UnsafeFileError(
        f"the file has {size} bytes, more than the {limit} it may have",
        file=relative,
        code="file-too-large",
    )


def _open_inside(folder: str, parts: tuple[str, ...], relative: str) -> int:
    """A descriptor of the regular file ``parts`` below ``folder``, opened without following a
    link at any step."""
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        for part in parts[:-1]:
            _expect(part, directory, relative, stat.S_ISDIR)
            inner = os.open(part, _OPEN_DIR, dir_fd=directory)
            os.close(directory)
            directory = inner
        # Looked at before it is opened (opening a device can act on it), and again after, on
        # the descriptor, in case it was swapped in between; the open itself follows no link.
        _expect(parts[-1], directory, relative, stat.S_ISREG)
        fd = os.open(parts[-1], _OPEN_FILE, dir_fd=directory)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # replaced by a link meanwhile
            raise UnsafeFileError(_LINK, file=relative, code="file-link") from None
        raise
    finally:
        os.close(directory)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafeFileError(_SPECIAL, file=relative, code="file-not-regular")
    return fd


_LINK = "a symbolic link: files are read only where they are, never through a link"
_SPECIAL = "not a regular file (a device, FIFO or socket is never read)"


def _expect(name: str, directory: int, relative: str, kind: Callable[[int], bool]) -> None:
    """Raise unless ``name`` in ``directory`` is of ``kind`` (a folder or a regular file)."""
    try:
        mode = os.stat(name, dir_fd=directory, follow_symlinks=False).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise FileNotFoundError(errno.ENOENT, "no such file", relative) from None
    if stat.S_ISLNK(mode):
        raise UnsafeFileError(_LINK, file=relative, code="file-link")
    if kind(mode):
        return
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):  # a file where a folder is named, or so
        raise FileNotFoundError(errno.ENOENT, "no such file", relative)
    raise UnsafeFileError(_SPECIAL, file=relative, code="file-not-regular")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path`` for binary writing; move it into place on success.

    Raises :class:`FileExistsError` when ``path`` exists and ``overwrite`` is false, and
    :class:`UnsafeFileError` when it is anything but a regular file (a link, a device, a FIFO:
    only regular files are ever replaced). On any exception inside the block the temporary file
    is removed and ``path`` is left as it was.
    """
    target = Path(path)
    _check_target(target)
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


def _check_target(target: Path) -> None:
    """Refuse to write over anything but a regular file or a folder (never through a link)."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        what = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
        raise UnsafeFileError(
            f"{what}: only regular files are replaced (for standard output, give -)",
            file=str(target),
            code="target-not-regular",
        )


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
    _check_target(target)
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
