"""Writing generated files into the documentation's source folder."""

from __future__ import annotations

from pathlib import Path

from conflictdata._fsutil import atomic_writer


def write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, leaving an identical file untouched so that Sphinx
    does not read again the pages that include it."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path, overwrite=True) as handle:
        handle.write(data)
