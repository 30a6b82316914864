"""What every importer shares: the dataset file's source record, row references, and the
records of a file read row by row with each bad row reported and left out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from conflictdata.importers._crosswalk import UnknownCode
from conflictdata.importers._tabular import CellError, ImportProblem, Row, Table, cell_int
from conflictdata.models import DATASET_DIR, Actor, Record, RowRef, Source

__all__ = ["ImportedFile", "Skipped", "dataset_source", "looked_up", "rests_on", "slug"]

T = TypeVar("T")
_NOT_SLUG = re.compile("[^a-z0-9]+")
_NOT_NAME = re.compile("[^A-Za-z0-9._-]+")


class Skipped(Exception):
    """A row of a category that is not imported (on purpose: the reason says why)."""


def slug(text: str) -> str:
    """``text`` as the lower-case words of an id: ``19.1`` -> ``19-1``."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def dataset_source(
    table: Table,
    *,
    family: str,
    version: str,
    title: str,
    publisher: str,
    url: str,
    license: str,
    citation: str,
    id_column: str,
) -> Source:
    """The source record of a dataset file: its id names the dataset, the version and the
    first 12 hexadecimal digits of the file's SHA-256, so that each file has its own."""
    name = _NOT_NAME.sub("_", table.path.name).lstrip(".") or "dataset"
    return Source(
        id=f"src-{family}-{slug(version)}-{table.sha256[:12]}",
        title=title,
        publisher=publisher,
        url=url,
        language="en",
        sha256=table.sha256,
        path=f"{DATASET_DIR}/{name}",
        license=license,
        version=version,
        citation=citation,
        id_column=id_column,
    )


def rests_on(source: str, row: Row, record_id: str) -> tuple[RowRef, ...]:
    """The row reference of a record imported from ``row`` of the file of ``source``."""
    return (RowRef(source=source, row=row.number, record_id=record_id),)


def looked_up(row: Row, column: str, lookup: Callable[[int], T]) -> T:
    """``lookup`` of the whole number in a cell; a code the crosswalk does not know is a
    :class:`CellError` of that cell."""
    number = cell_int(row, column)
    try:
        return lookup(number)
    except UnknownCode as exc:
        raise CellError(column, row.get(column), str(exc)) from None


class ImportedFile(Iterable[Record]):
    """The records of one dataset file: its source first, then each row's records (an actor
    only the first time it appears). A row with a cell that cannot be read is left out, and
    its :class:`ImportProblem` added to ``problems``; a row of a category that is not
    imported is counted in ``skipped``, by reason; ``rows`` counts the data rows.
    ``family`` names the dataset (``ucdp-ged``): its sources' ids begin ``src-FAMILY-``."""

    def __init__(
        self,
        table: Table,
        source: Source,
        records: Callable[[Row], Iterable[Record]],
        *,
        family: str,
    ) -> None:
        self.table, self.source, self._records, self.family = table, source, records, family
        self.problems: list[ImportProblem] = []
        self.skipped: Counter[str] = Counter()
        self.rows = 0

    @property
    def version(self) -> str:
        """The upstream release the file is, as its source names it."""
        return self.source.version or ""

    def texts_beside(self, output: Path, *, overwrite: bool = False) -> None:
        """Nothing: a dataset file carries no source texts (the PLOVER family's
        :class:`~conflictdata.importers.ImportedTexts` writes its texts beside ``output``)."""

    def __iter__(self) -> Iterator[Record]:
        yield self.source
        actors: set[str] = set()
        for row in self.table.rows():
            self.rows += 1
            try:
                records = list(self._records(row))
            except Skipped as exc:
                self.skipped[str(exc)] += 1
                continue
            except CellError as exc:
                self.problems.append(
                    ImportProblem(
                        self.table.name, row.line, row.number, exc.column, exc.value, exc.message
                    )
                )
                continue
            for record in records:
                if isinstance(record, Actor):
                    if record.id in actors:
                        continue
                    actors.add(record.id)
                yield record
