"""Release folders: their Frictionless Data Package manifest.

A release folder holds one JSON Lines file per record kind, the source texts under
``sources/``, and ``datapackage.json``, which lists every file with its size and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from conflictdata._fsutil import atomic_writer
from conflictdata._loader import MANIFEST

__all__ = ["manifest_resources", "write_manifest"]

_FORMATS = {".jsonl": ("jsonl", "application/jsonl"), ".txt": ("txt", "text/plain")}


def manifest_resources(folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """A Data Package resource for every data file in ``folder``, sorted by path.

    Hidden files (``.DS_Store``) and the manifest itself are skipped.
    """
    root = Path(folder)
    resources = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or rel == MANIFEST or any(p.startswith(".") for p in rel.split("/")):
            continue
        if path.suffix not in _FORMATS:
            raise ValueError(f"{rel}: unexpected file in a release folder")
        data = path.read_bytes()
        fmt, media = _FORMATS[path.suffix]
        name = rel.removesuffix(path.suffix).replace("/", "-").replace("_", "-").lower()
        resources.append(
            {
                "name": name,
                "path": rel,
                "format": fmt,
                "mediatype": media,
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            }
        )
    return resources


def write_manifest(folder: str | os.PathLike[str], metadata: dict[str, Any]) -> Path:
    """Write ``datapackage.json`` into ``folder``: ``metadata`` plus freshly computed resources."""
    descriptor = {**metadata, "resources": manifest_resources(folder)}
    target = Path(folder) / MANIFEST
    with atomic_writer(target, overwrite=True) as handle:
        handle.write((json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return target
