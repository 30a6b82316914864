"""Finding, verifying and reading release folders.

Shipped releases live in the package under ``data/releases/X.Y.Z`` and are read with
:mod:`importlib.resources`, so they load from an installed wheel as from a source checkout.
Every file a release lists in its ``datapackage.json`` is checked against the recorded size and
SHA-256 before any record is decoded: a tampered or incomplete release is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from conflictdata._codec import read_jsonl
from conflictdata.dataset import Dataset
from conflictdata.exceptions import DataError, IntegrityError, UnknownVersionError
from conflictdata.models import RECORD_CLASSES, Record, Source

__all__ = ["MANIFEST", "load", "record_filename", "release_dir", "versions"]

MANIFEST = "datapackage.json"
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def record_filename(kind: str) -> str:
    """The JSON Lines file of one record kind in a release: ``events.jsonl``."""
    return f"{kind}s.jsonl"


def _releases_root() -> Traversable:
    return files("conflictdata").joinpath("data", "releases")


def _semver_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def versions() -> list[str]:
    """The dataset versions shipped with this installation, oldest first.

    >>> import conflictdata as cd
    >>> "1.0.0" in cd.versions()
    True
    """
    root = _releases_root()
    if not root.is_dir():
        return []
    found = [
        entry.name
        for entry in root.iterdir()
        if _SEMVER.match(entry.name) and entry.joinpath(MANIFEST).is_file()
    ]
    return sorted(found, key=_semver_key)


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
    return _releases_root().joinpath(version)


def load(version: str | None = None, *, path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load a dataset release: the newest shipped one, a shipped ``version``, or the release
    folder at ``path``.

    The files are verified against the release's ``datapackage.json`` first.

    >>> import conflictdata as cd
    >>> ds = cd.load(version="1.0.0")
    >>> ds.version
    '1.0.0'
    """
    if version is not None and path is not None:
        raise ValueError("give either version or path, not both")
    folder: Traversable = Path(path) if path is not None else release_dir(version)
    manifest = read_manifest(folder)
    content_hash = verify(folder, manifest)
    records: list[Record] = []
    for kind, cls in RECORD_CLASSES.items():
        name = record_filename(kind)
        records.extend(read_jsonl(folder.joinpath(name).read_bytes(), cls, file=name))
    texts = dict(_read_texts(folder, records))
    return Dataset(
        records,
        texts=texts,
        version=str(manifest.get("version")),
        content_hash=content_hash,
        metadata={key: value for key, value in manifest.items() if key != "resources"},
    )


def read_manifest(folder: Traversable) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of a release folder."""
    try:
        raw = folder.joinpath(MANIFEST).read_bytes()
    except FileNotFoundError:
        raise IntegrityError(f"not a release folder: no {MANIFEST}", file=str(folder)) from None
    try:
        manifest = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"invalid JSON: {exc}", file=MANIFEST) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("resources"), list):
        raise DataError(
            "a data package needs a 'resources' list", file=MANIFEST, pointer="/resources"
        )
    return manifest


def verify(folder: Traversable, manifest: dict[str, Any]) -> str:
    """Check every resource's size and SHA-256 and that each record file is listed.

    Returns the release's content hash: the SHA-256 of its sorted ``path sha256`` lines.
    """
    listed: dict[str, str] = {}
    for index, resource in enumerate(manifest["resources"]):
        pointer = f"/resources/{index}"
        rel, expected = resource.get("path"), str(resource.get("hash", ""))
        if not isinstance(rel, str) or not expected.startswith("sha256:"):
            raise DataError(
                "a resource needs a 'path' and a 'sha256:' hash", file=MANIFEST, pointer=pointer
            )
        try:
            data = folder.joinpath(*rel.split("/")).read_bytes()
        except FileNotFoundError:
            raise IntegrityError(
                "release is incomplete: listed file is missing", file=rel
            ) from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != expected.removeprefix("sha256:") or len(data) != resource.get("bytes"):
            raise IntegrityError(
                f"file does not match the release manifest (sha256 {digest}, {len(data)} bytes; "
                f"expected {expected}, {resource.get('bytes')} bytes): it was changed or truncated",
                file=rel,
            )
        listed[rel] = digest
    for kind in RECORD_CLASSES:
        if record_filename(kind) not in listed:
            raise IntegrityError(
                f"{MANIFEST} does not list the {kind} records", file=record_filename(kind)
            )
    lines = "".join(f"{rel} {digest}\n" for rel, digest in sorted(listed.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _read_texts(folder: Traversable, records: list[Record]) -> Iterator[tuple[str, str]]:
    for source in records:
        if not isinstance(source, Source):
            continue
        try:
            raw = folder.joinpath(*source.path.split("/")).read_bytes()
        except FileNotFoundError:
            raise IntegrityError(
                "source text is missing", file=source.path, record_id=source.id
            ) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"source text is not UTF-8: {exc}", file=source.path, record_id=source.id
            ) from None
        if not unicodedata.is_normalized("NFC", text):
            raise DataError(
                "source text is not in Unicode NFC", file=source.path, record_id=source.id
            )
        if hashlib.sha256(raw).hexdigest() != source.sha256:
            raise IntegrityError(
                "source text does not match the record's sha256",
                file=source.path,
                record_id=source.id,
            )
        yield source.id, text
