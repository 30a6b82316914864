"""Safe reads inside a folder, and atomic writes that a crash never leaves half done.

Reading: :func:`read_inside` opens a file named relative to a folder one path component at a
time, never following a symbolic link (``O_NOFOLLOW`` on every step, so nothing is checked after
a link was already followed), refuses anything that is not a regular file (a device, a FIFO, a
socket) before reading a byte, and refuses a file larger than the caller's bound. A contributed
source text that links to ``/etc/passwd`` is an error that names it, never text that is read.

Writing: a file or folder is written under a temporary name beside its target and moved into
place when complete, so a crash never leaves half of it at the target's name; a folder replaces
an old one in one atomic exchange where the system has one (``renameat2`` with
``RENAME_EXCHANGE`` on Linux), and otherwise the old folder is moved aside and put back by the
next run if the process died in between. Temporary names are ``.TARGET.conflictdata-XXXX.tmp``;
the writer holds a lock on its temporary file or folder while it lives, so the next write to the
same target removes what a killed one left (never following a link, and only what belongs to the
same user). What is written gets the permissions of a file or folder created the ordinary way
(``0o666`` or ``0o777`` less the process umask), not the private ones of a temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
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
    with open_inside(folder, relative) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise too_large(size, limit, relative)
        data = handle.read(size + 1)  # no more: a read of ``limit`` bytes reserves that much
    if len(data) > size:
        raise UnsafeFileError("the file grew while it was read", file=relative, code="file-changed")
    return data


def open_inside(folder: str | os.PathLike[str], relative: str) -> IO[bytes]:
    """The regular file at ``relative`` (a POSIX path) inside ``folder``, opened for reading
    without following a link; raises as :func:`read_inside` does, whatever the file's size."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise UnsafeFileError("the path leaves the folder", file=relative, code="file-outside")
    return os.fdopen(_open_inside(os.fspath(folder), parts, relative), "rb")


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
#: In the name of every temporary file and folder the tool writes: ``.TARGET.conflictdata-*``.
_TEMP_MARK = ".conflictdata-"
_TEMP_SUFFIXES = (".tmp", ".old")


def _temp_prefix(target: Path) -> str:
    return f".{target.name}{_TEMP_MARK}"


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
    _clean_stale(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held until the file is in place: it is live
            os.chmod(tmp, 0o666 & ~_UMASK)
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
    the block the temporary folder is removed and ``path`` is left as it was; an old folder is
    replaced in one atomic step where the system can (see the module's docstring).
    """
    target = Path(path)
    _check_target(target)
    _clean_stale(target)
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
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".tmp"))
    lock = _locked(tmp)
    try:
        os.chmod(tmp, 0o777 & ~_UMASK)
        yield tmp
        if target.exists():  # only with overwrite, checked above
            _swap(tmp, target)
        else:
            _rename_new(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        os.close(lock)


def _locked(folder: Path) -> int:
    """A descriptor of ``folder`` holding an exclusive lock on it: the folder is live."""
    fd = os.open(folder, _OPEN_DIR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _swap(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target`` and delete the old folder: in one atomic exchange where
    the system has one, else by moving the old folder aside (a process killed in between leaves
    it under a temporary name, which the next run puts back)."""
    try:
        _rename2(new, target, _RENAME_EXCHANGE)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
    else:
        shutil.rmtree(new, ignore_errors=True)  # the old folder (a leftover: next run)
        return
    lock = _locked(target)
    try:
        old = _move_aside(target)
        try:
            os.replace(new, target)
        except BaseException:
            os.replace(old, target)
            raise
    finally:
        os.close(lock)
    shutil.rmtree(old)


def _move_aside(target: Path) -> Path:
    """Move folder ``target`` to a new temporary name beside it, and return that name."""
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".old"))
    os.replace(target, old)
    return old


def _rename_new(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, which must not exist (not even as an empty folder)."""
    try:
        _rename2(source, target, _RENAME_NOREPLACE)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(source, target)


_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def _rename2(source: Path, target: Path, flags: int) -> None:
    """Linux's ``renameat2(2)`` with ``flags``; an :class:`OSError` with an errno in
    ``_UNSUPPORTED`` where the system or the file system lacks it."""
    import ctypes  # only when a folder is moved into place

    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_cwd = -100
    if function(at_cwd, os.fsencode(source), at_cwd, os.fsencode(target), flags) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(source), None, str(target))


def _clean_stale(target: Path) -> None:
    """Remove the temporary files and folders that a killed write to ``target`` left beside it,
    and put back an old folder that a killed swap left aside while ``target`` is missing.

    Only entries named as this module names them, owned by this user, that are a regular file or
    a folder (never a link) and that no live writer holds locked are touched."""
    prefix = _temp_prefix(target)
    try:
        entries = [
            entry
            for entry in os.scandir(target.parent)
            if entry.name.startswith(prefix) and entry.name.endswith(_TEMP_SUFFIXES)
        ]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            _clean_one(entry, target)


def _clean_one(entry: os.DirEntry[str], target: Path) -> None:
    status = entry.stat(follow_symlinks=False)
    is_dir = stat.S_ISDIR(status.st_mode)
    if status.st_uid != os.geteuid() or not (is_dir or stat.S_ISREG(status.st_mode)):
        return
    fd = os.open(entry.path, _OPEN_DIR if is_dir else _OPEN_FILE)
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (status.st_dev, status.st_ino):
            return  # replaced meanwhile
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a live write
        if is_dir and entry.name.endswith(".old") and not os.path.lexists(target):
            _rename_new(Path(entry.path), target)
        elif is_dir:
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    finally:
        os.close(fd)
