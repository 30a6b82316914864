"""Finding, verifying and reading releases, and the one way to say which release.

Shipped releases live in the package under ``data/releases/X.Y.Z`` and are read with
:mod:`importlib.resources`, so they load from an installed wheel as from a source checkout.
Every file a release lists in its ``datapackage.json`` is checked against the recorded size and
SHA-256 before any record is decoded: a tampered or incomplete release is refused. The folder
layout itself is :mod:`conflictdata._release_folder`.

:func:`resolve` turns what a caller gives for "which release" (nothing, a shipped version, the
path of a release folder, or a :class:`~conflictdata.Dataset`) into a Dataset; every function
that takes a release uses it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib.resources.abc import Traversable
from pathlib import Path

from conflictdata import _columnar, _release_folder
from conflictdata._codec import read_jsonl
from conflictdata._columns import columns_hash, has_columns, read_columns
from conflictdata._release_folder import (
    MANIFEST,
    data_files,
    is_version,
    read_descriptor,
    read_manifest,
    record_filename,
    verify,
    version_key,
)
from conflictdata._texts import source_text
from conflictdata.dataset import Dataset
from conflictdata.exceptions import IntegrityError, UnknownVersionError
from conflictdata.models import RECORD_CLASSES, Record, Source

__all__ = [
    "MANIFEST",
    "Release",
    "data_files",
    "is_version",
    "load",
    "locate",
    "read_manifest",
    "record_filename",
    "release_dir",
    "resolve",
    "verify",
    "version_key",
    "versions",
]

#: What a caller may give for "which release": a shipped version such as ``"1.0.0"``, the path
#: of a release folder, or a loaded :class:`~conflictdata.Dataset`.
Release = str | os.PathLike[str] | Dataset


def versions() -> list[str]:
    """The dataset versions shipped with this installation, oldest first.

    >>> import conflictdata as cd
    >>> "1.0.0" in cd.versions()
    True
    """
    root = _release_folder.releases_root()
    if not root.is_dir():
        return []
    found = [
        entry.name
        for entry in root.iterdir()
        if is_version(entry.name) and entry.joinpath(MANIFEST).is_file()
    ]
    return sorted(found, key=version_key)


def release_dir(version: str | None = None) -> Traversable:
    """The folder of a shipped release; the newest when ``version`` is None."""
    shipped = versions()
    if not shipped:
        raise UnknownVersionError("this installation ships no dataset release")
    if version is None:
        version = shipped[-1]
    if version not in shipped:
        raise UnknownVersionError(
            f"dataset version {version!r} is not shipped; shipped versions: {', '.join(shipped)}"
        )
    return _release_folder.releases_root().joinpath(version)


def locate(release: str | os.PathLike[str] | None) -> Traversable:
    """The folder of a release: the newest shipped one for None, a shipped one for a string
    that :func:`is_version` accepts, otherwise the folder at that path (write ``./1.0.0`` for
    a folder of that name)."""
    if release is None or (isinstance(release, str) and is_version(release)):
        return release_dir(release)
    return Path(release)


def resolve(release: Release | None = None) -> Dataset:
    """The dataset a caller means by ``release``: the newest shipped release for None, a shipped
    version for a string that :func:`is_version` accepts, a Dataset as it is, the records of a
    JSON Lines file for a path ending in ``.jsonl`` (such as an import's output, with no texts
    and no version), otherwise the release folder at that path.

    >>> resolve("1.0.0").version
    '1.0.0'
    >>> ds = resolve()
    >>> resolve(ds) is ds
    True
    """
    if isinstance(release, Dataset):
        return release
    if release is None or (isinstance(release, str) and is_version(release)):
        return load(release)
    if os.fspath(release).endswith(".jsonl"):
        from conflictdata.io.jsonl import read_jsonl

        return Dataset(read_jsonl(release))
    return load(path=release)


def load(
    version: str | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    columns: bool = True,
) -> Dataset:
    """Load a dataset release: the newest shipped one, a shipped ``version``, or the release
    folder at ``path``.

    The files are verified against the release's ``datapackage.json`` first. A release folder
    that holds its columnar form (``conflictdata release columns FOLDER``) is read through it
    when pyarrow is installed, unless ``columns`` is false: its query table is memory-mapped
    and each record is decoded when it is first read, with the same records and answers as
    decoding every line (see :doc:`/performance`).

    >>> import conflictdata as cd
    >>> ds = cd.load(version="1.0.0")
    >>> ds.version
    '1.0.0'
    """
    if version is not None and path is not None:
        raise ValueError("give either version or path, not both")
    folder: Traversable = Path(path) if path is not None else release_dir(version)
    manifest, release_hash = read_descriptor(folder)
    if path is None and manifest["version"] != folder.name:
        raise IntegrityError(
            f"the release in folder {folder.name} says it is version {manifest['version']}",
            file=MANIFEST,
            pointer="/version",
        )
    metadata = {key: value for key, value in manifest.items() if key != "resources"}
    if columns and isinstance(folder, Path) and has_columns(folder) and _columnar.available():
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            table_hash = pool.submit(columns_hash, folder)
            content_hash = verify(folder, manifest, pool=pool)
            store = read_columns(folder, content_hash, table_hash)
        if store is not None:
            hashes = (content_hash, release_hash)
            return Dataset._of_store(
                store, version=manifest["version"], hashes=hashes, metadata=metadata
            )
    by_file = {record_filename(kind): cls for kind, cls in RECORD_CLASSES.items()}
    decoded: dict[str, list[Record]] = {}
    raw_texts: dict[str, bytes] = {}

    def use(rel: str, data: bytes) -> None:  # each file's bytes, once, as soon as verified
        if rel in by_file:
            decoded[rel] = read_jsonl(data, by_file[rel], file=rel)
        else:
            raw_texts[rel] = data

    content_hash = verify(folder, manifest, use)
    records = [record for name in by_file for record in decoded[name]]
    texts = dict(_read_texts(raw_texts, records))
    return Dataset(
        records,
        texts=texts,
        version=manifest["version"],
        content_hash=content_hash,
        release_hash=release_hash,
        metadata=metadata,
    )


def _read_texts(files: dict[str, bytes], records: list[Record]) -> Iterator[tuple[str, str]]:
    """The text of each source, from the verified bytes of the release's files."""
    for source in records:
        if not isinstance(source, Source):
            continue
        raw = files.get(source.path)
        if raw is None:
            raise IntegrityError("source text is missing", file=source.path, record_id=source.id)
        yield source.id, source_text(raw, source)
