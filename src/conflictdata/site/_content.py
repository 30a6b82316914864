"""What a site shows: records, the texts of their sources, and validation issues.

A site is built from a release (every record of it) or from contributed files: their records
that can be read, the release's actors and sources and the records they reference (so every
link has somewhere to go), the texts of the contributed sources, and the validator's issues.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from attrs import frozen

from conflictdata._fsutil import read_inside
from conflictdata._loader import Release, resolve
from conflictdata._texts import MAX_TEXT_BYTES
from conflictdata.exceptions import DataError
from conflictdata.io.jsonl import decode_any
from conflictdata.models import Record, Source
from conflictdata.validation import Issue, validate

__all__ = ["Content", "from_contrib", "from_release", "strings"]


@frozen
class Content:
    """The records of a site in their order, the texts of their sources by source id, the
    issues to show (none for a release), and the ids of contributed records."""

    title: str
    records: tuple[Record, ...]
    texts: Mapping[str, str]
    issues: tuple[Issue, ...] = ()
    contributed: frozenset[str] = frozenset()


def from_release(release: Release | None = None) -> Content:
    """The whole of ``release`` (None: the newest shipped one), as :func:`conflictdata.load`
    reads it."""
    dataset = resolve(release)
    title = f"conflictdata dataset {dataset.version}" if dataset.version else "conflictdata records"
    return Content(title, tuple(dataset), dict(dataset.texts))


def _readable(path: Path) -> Iterator[Record]:
    """The records of the lines of ``path`` that decode; the others, and a file that is not a
    regular one (a pipe the validator has read), are the validator's to report."""
    if not path.is_file():
        return
    try:
        handle = path.open("rb")
    except OSError:
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield decode_any(line, file=str(path), number=number)
                except DataError:
                    continue


def _text(folder: Path, source: Source) -> str | None:
    """The text of a contributed source, read as the validator reads it; None if it cannot be,
    and for a dataset file (its records rest on rows, not on words)."""
    if source.path is None or source.is_dataset:
        return None
    try:
        return read_inside(folder, source.path, limit=MAX_TEXT_BYTES).decode("utf-8")
    except (OSError, DataError, UnicodeDecodeError):
        return None


def from_contrib(
    files: Sequence[str | os.PathLike[str]], release: Release | None = None
) -> Content:
    """The records of contributed JSON Lines ``files`` with the issues
    :func:`conflictdata.validate` finds in them against ``release``."""
    dataset = resolve(release)
    report = validate(*files, release=dataset)
    contributed: dict[str, Record] = {}
    texts: dict[str, str] = {}
    for name in files:
        path = Path(name)
        for record in _readable(path):
            contributed.setdefault(record.id, record)
            if isinstance(record, Source):
                text = _text(path.parent, record)
                if text is not None:
                    texts.setdefault(record.id, text)
    named = {value for record in contributed.values() for value in strings(record)}
    context = [
        record
        for record in dataset
        if record.id not in contributed
        and (record.kind in ("actor", "source") or record.id in named)
    ]
    for source_id, text in dataset.texts.items():
        texts.setdefault(source_id, text)
    title = "Contributed records: " + ", ".join(Path(name).name for name in files)
    records = (*context, *contributed.values())
    return Content(title, records, texts, tuple(report.issues), frozenset(contributed))


def strings(value: object) -> Iterator[str]:
    """Every string inside a record's fields (ids among them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings(item)
    elif hasattr(value, "__attrs_attrs__"):
        for attribute in value.__attrs_attrs__:
            yield from strings(getattr(value, attribute.name))
