"""The layout of a release folder, shared by reading (:mod:`conflictdata._loader`) and by
writing and checking (:mod:`conflictdata.release`).

A release folder holds one JSON Lines file per record kind (:func:`record_filename`), the source
texts under ``sources/`` and ``datapackage.json`` (:data:`MANIFEST`), a Frictionless Data Package
descriptor listing every other file with its size and SHA-256. Paths inside a release are
relative POSIX paths (:func:`member`). Shipped releases live in the package under
``data/releases/X.Y.Z`` (:func:`releases_root`); in the repository that is :data:`RELEASES`.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from conflictdata._fsutil import UnsafeFileError, open_inside, read_inside, too_large
from conflictdata._limits import MAX_DEPTH, too_deep_at
from conflictdata.exceptions import DataError, IntegrityError
from conflictdata.models import RECORD_CLASSES
from conflictdata.vocab import RecordKind

__all__ = [
    "MANIFEST",
    "RELEASES",
    "data_files",
    "is_version",
    "member",
    "read_descriptor",
    "read_manifest",
    "record_filename",
    "releases_root",
    "verify",
    "version_key",
]

#: The descriptor of a release folder.
MANIFEST = "datapackage.json"
#: Where release folders live, relative to the repository root.
RELEASES = Path("data", "releases")

_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_SHA256 = re.compile(r"^sha256:[0-9a-f]{64}$")
_RELATIVE_PATH = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")


def record_filename(kind: RecordKind) -> str:
    """The JSON Lines file of one record kind in a release: ``events.jsonl``."""
    return f"{RECORD_CLASSES[kind].plural}.jsonl"


def releases_root() -> Traversable:
    """The folder of the shipped releases, inside the installed package."""
    return files("conflictdata").joinpath("data", "releases")


def member(folder: Traversable, path: str) -> Traversable:
    """The file at ``path`` (a relative POSIX path, such as a source's ``sources/x.txt``) in a
    release folder."""
    return folder.joinpath(*path.split("/"))


#: The most bytes a release's manifest may have.
MAX_MANIFEST_BYTES = 16 << 20
#: The most bytes any one file of a release may have.
MAX_RESOURCE_BYTES = 4 << 30


def read_member(folder: Traversable, path: str, *, limit: int = MAX_RESOURCE_BYTES) -> bytes:
    """The bytes of the file at ``path`` in a release folder, at most ``limit``: a folder on
    disk is read with :func:`~conflictdata._fsutil.read_inside` (no links followed, regular
    files only); a folder inside an archive has neither links nor special files."""
    if isinstance(folder, Path):
        return read_inside(folder, path, limit=limit)
    data = member(folder, path).read_bytes()
    if len(data) > limit:
        raise too_large(len(data), limit, path)
    return data


def is_version(text: str) -> bool:
    """Whether ``text`` is a dataset version: SemVer MAJOR.MINOR.PATCH without extras."""
    return _SEMVER.match(text) is not None


def version_key(version: str) -> tuple[int, int, int]:
    """The sort key of a version: ``version_key("1.10.0") > version_key("1.9.2")``."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def read_manifest(folder: Traversable) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of a release folder, with its ``resources`` list and
    SemVer ``version`` checked."""
    return read_descriptor(folder)[0]


def read_descriptor(folder: Traversable) -> tuple[dict[str, Any], str]:
    """The parsed ``datapackage.json`` of a release folder, checked as :func:`read_manifest`
    does, and the release hash: the SHA-256 of the descriptor's bytes."""
    try:
        raw = read_member(folder, MANIFEST, limit=MAX_MANIFEST_BYTES)
    except FileNotFoundError:
        raise IntegrityError(f"not a release folder: no {MANIFEST}", file=str(folder)) from None
    try:
        manifest = json.loads(raw)
    except RecursionError:
        raise DataError("invalid JSON: arrays and objects nest too deep", file=MANIFEST) from None
    except ValueError as exc:  # not UTF-8, not JSON, or an integer past Python's digit limit
        raise DataError(f"invalid JSON: {exc}", file=MANIFEST) from None
    deep = too_deep_at(manifest)
    if deep is not None:
        message = f"arrays and objects nest more than {MAX_DEPTH} levels deep"
        raise DataError(message, file=MANIFEST, pointer=deep)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("resources"), list):
        raise DataError(
            "a data package needs a 'resources' list", file=MANIFEST, pointer="/resources"
        )
    version = manifest.get("version")
    if not isinstance(version, str) or not is_version(version):
        raise DataError(
            f"a release needs a SemVer 'version' such as 1.0.0 (got {version!r})",
            file=MANIFEST,
            pointer="/version",
        )
    return manifest, hashlib.sha256(raw).hexdigest()


def data_files(folder: Traversable) -> Iterator[tuple[str, Traversable]]:
    """Every data file of a release folder as (relative POSIX path, file), sorted by path.

    The manifest itself and hidden files and folders (``.DS_Store``) are skipped.
    """
    pending: list[tuple[str, Traversable]] = [("", folder)]
    found: list[tuple[str, Traversable]] = []
    while pending:
        prefix, directory = pending.pop()
        for entry in directory.iterdir():
            rel = prefix + entry.name
            if entry.name.startswith(".") or rel == MANIFEST:
                continue
            if isinstance(entry, Path):
                _check_entry(entry, rel)
            if entry.is_dir():
                pending.append((rel + "/", entry))
            elif entry.is_file():
                found.append((rel, entry))
    return iter(sorted(found, key=lambda item: item[0]))


def _check_entry(entry: Path, rel: str) -> None:
    """Refuse a link or a special file in a release folder on disk (never followed)."""
    mode = entry.lstat().st_mode
    if stat.S_ISLNK(mode):
        raise UnsafeFileError(
            "a release folder holds no symbolic links", file=rel, code="file-link"
        )
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise UnsafeFileError(
            "a release folder holds only regular files and folders",
            file=rel,
            code="file-not-regular",
        )


def verify(
    folder: Traversable,
    manifest: dict[str, Any],
    use: Callable[[str, bytes], None] | None = None,
    *,
    pool: Executor | None = None,
) -> str:
    """Check that the manifest lists exactly the folder's data files, every record file
    among them, each with its size and SHA-256; ``use(path, data)`` is given the bytes of each
    file as soon as they are checked, so that a reader reads every file once; without ``use``,
    the files of a folder on disk are hashed a megabyte at a time, and none is held whole, by
    the threads of ``pool`` when given (the checks and their errors are in the manifest's order
    all the same).

    Returns the release's content hash: the SHA-256 of its sorted ``path sha256`` lines.
    """
    ahead = _hashing(folder, manifest, pool) if use is None and pool is not None else {}
    try:
        return _verify(folder, manifest, use, ahead)
    finally:
        for future in ahead.values():
            future.cancel()


def _hashing(
    folder: Traversable, manifest: dict[str, Any], pool: Executor
) -> dict[tuple[str, int], Future[tuple[str, int, bytes | None]]]:
    """The hashes of the listed files, started in ``pool`` (until a resource that is not
    well formed: the check in order reports it)."""
    started: dict[tuple[str, int], Future[tuple[str, int, bytes | None]]] = {}
    for resource in manifest["resources"]:
        try:
            rel, _, size = _resource_fields(resource, "", {})
        except DataError:
            break
        if (rel, size) not in started:
            started[rel, size] = pool.submit(_digest, folder, rel, size, keep=False)
    return started


def _verify(
    folder: Traversable,
    manifest: dict[str, Any],
    use: Callable[[str, bytes], None] | None,
    ahead: dict[tuple[str, int], Future[tuple[str, int, bytes | None]]],
) -> str:
    listed: dict[str, str] = {}
    for index, resource in enumerate(manifest["resources"]):
        rel, expected, size = _resource_fields(resource, f"/resources/{index}", listed)
        try:
            started = ahead.pop((rel, size), None)
            if started is not None:
                digest, length, data = started.result()
            else:
                digest, length, data = _digest(folder, rel, size, keep=use is not None)
        except FileNotFoundError:
            raise IntegrityError(
                "release is incomplete: listed file is missing", file=rel
            ) from None
        except UnsafeFileError as exc:
            if exc.code != "file-too-large":
                raise
            raise IntegrityError(
                f"file does not match the release manifest (more than the {size} bytes it "
                "lists): it was changed",
                file=rel,
            ) from None
        if digest != expected.removeprefix("sha256:") or length != size:
            raise IntegrityError(
                f"file does not match the release manifest (sha256 {digest}, {length} bytes; "
                f"expected {expected}, {size} bytes): it was changed or truncated",
                file=rel,
            )
        listed[rel] = digest
        if use is not None and data is not None:
            use(rel, data)
    for kind in RECORD_CLASSES:
        if record_filename(kind) not in listed:
            raise IntegrityError(
                f"{MANIFEST} does not list the {kind} records", file=record_filename(kind)
            )
    for rel, _ in data_files(folder):
        if rel not in listed:
            raise IntegrityError(
                f"file is not listed in {MANIFEST}: a release holds exactly the files it lists",
                file=rel,
            )
    lines = "".join(f"{rel} {digest}\n" for rel, digest in sorted(listed.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _digest(
    folder: Traversable, rel: str, size: int, *, keep: bool
) -> tuple[str, int, bytes | None]:
    """The SHA-256 and length of a release file of at most ``size`` bytes (more is refused as
    :func:`read_member` refuses it), and its bytes when ``keep`` is true."""
    if keep or not isinstance(folder, Path):
        data = read_member(folder, rel, limit=size)
        return hashlib.sha256(data).hexdigest(), len(data), data if keep else None
    digest, length = hashlib.sha256(), 0
    with open_inside(folder, rel) as handle:
        while block := handle.read(1 << 20):
            length += len(block)
            if length > size:
                raise too_large(length, size, rel)
            digest.update(block)
    return digest.hexdigest(), length, None


def _resource_fields(resource: Any, pointer: str, listed: dict[str, str]) -> tuple[str, str, int]:
    """The ``path``, ``hash`` and ``bytes`` of one manifest resource, checked."""
    if not isinstance(resource, dict):
        raise DataError("a resource must be an object", file=MANIFEST, pointer=pointer)
    rel, expected, size = resource.get("path"), resource.get("hash"), resource.get("bytes")
    if not isinstance(rel, str) or not _RELATIVE_PATH.match(rel) or ".." in rel.split("/"):
        raise DataError(
            f"a resource 'path' must be a relative POSIX path inside the release (got {rel!r})",
            file=MANIFEST,
            pointer=pointer + "/path",
        )
    if rel in listed:
        raise DataError(f"{rel} is listed twice", file=MANIFEST, pointer=pointer + "/path")
    if not isinstance(expected, str) or not _SHA256.match(expected):
        raise DataError(
            f"a resource 'hash' must be 'sha256:' and 64 lower-case hex digits (got {expected!r})",
            file=MANIFEST,
            pointer=pointer + "/hash",
        )
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise DataError(
            f"a resource needs its size in 'bytes' (got {size!r})",
            file=MANIFEST,
            pointer=pointer + "/bytes",
        )
    return rel, expected, size
