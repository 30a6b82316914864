"""Importers: records from other event datasets, with evidence that points at their rows.

:func:`read` reads a file of another dataset as conflictdata records: the dataset file's
:class:`~conflictdata.Source` first, then each row's actors and event, every one resting on its
row (:class:`~conflictdata.RowRef`: the RFC 7111 row number and the upstream id). Rows are read
one at a time, so memory stays flat whatever the file's size; a row with a cell that cannot be
read is left out and reported in ``problems``, with its file, line, row, column and value.

The PLOVER family's formats that carry their text (``plover-gsr``, ``ngec``) are read as
:class:`ImportedTexts`: each distinct text a source (kept in ``texts``, or written under
``sources/`` beside an output), its records resting on spans of it, and each record that
cannot be read a :class:`RecordProblem` with its line, index and JSON pointer.

>>> from conflictdata import importers
>>> imported = importers.read("ucdp-ged", "ged191_sample.csv")  # doctest: +SKIP
>>> importers.FORMATS
('ucdp-ged', 'acled', 'gdelt-events', 'icews', 'plover-gsr', 'ngec', 'polecat')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from conflictdata.importers import acled, gdelt, icews, ngec, plover_gsr, polecat, ucdp_ged
from conflictdata.importers._json import JsonItem, JsonRecords, RecordProblem
from conflictdata.importers._records import ImportedFile
from conflictdata.importers._tabular import ColumnSets, ImportProblem, Row, Table, TableError
from conflictdata.importers._texts import ImportedTexts, SourceTexts

__all__ = [
    "FORMATS",
    "ColumnSets",
    "ImportProblem",
    "ImportedFile",
    "ImportedTexts",
    "JsonItem",
    "JsonRecords",
    "RecordProblem",
    "Row",
    "SourceTexts",
    "Table",
    "TableError",
    "read",
]

_READERS: dict[str, Callable[..., ImportedFile | ImportedTexts]] = {
    "ucdp-ged": ucdp_ged.read,
    "acled": acled.read,
    "gdelt-events": gdelt.read,
    "icews": icews.read,
    "plover-gsr": plover_gsr.read,
    "ngec": ngec.read,
    "polecat": polecat.read,
}
#: The formats :func:`read` knows.
FORMATS = tuple(_READERS)


def read(
    format: str,
    path: str | os.PathLike[str],
    *,
    version: str | None = None,
    mentions: Sequence[str | os.PathLike[str]] = (),
) -> ImportedFile | ImportedTexts:
    """The records of the file at ``path`` in ``format`` (one of :data:`FORMATS`), read as they
    are iterated; ``version`` names the upstream release the file is (see each format's
    ``read``); ``mentions`` are GDELT Mentions files joined with a ``gdelt-events`` file.
    Raises :class:`TableError` for a file that is not of the format's column sets and
    :class:`ValueError` for an unknown format, or Mentions files given with another one."""
    if format not in _READERS:
        raise ValueError(f"unknown import format {format!r}: use one of {', '.join(FORMATS)}")
    if mentions:
        if format != "gdelt-events":
            raise ValueError(f"Mentions files are joined with gdelt-events files, not {format}")
        return gdelt.read(
            os.fspath(path), version=version, mentions=[os.fspath(m) for m in mentions]
        )
    return _READERS[format](os.fspath(path), version=version)
