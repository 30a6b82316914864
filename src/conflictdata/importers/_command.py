"""The ``import`` command of the command line, and re-importing a newer file of a dataset.

``conflictdata import FORMAT FILE... --output OUT.jsonl`` writes the records of the files to one
JSON Lines file, atomically, with a progress bar on a terminal, and lists the rows it left out.
With ``--previous OLD.jsonl`` (an earlier import of the same dataset), the records of the new
files replace their earlier versions, the earlier records that are not in them any more are
kept withdrawn ("removed upstream in VERSION"), never dropped, and ``conflictdata diff OLD.jsonl
OUT.jsonl`` lists what changed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import attrs

from conflictdata.importers import FORMATS, ImportedFile, ImportedTexts, TableError, gdelt, read
from conflictdata.io.jsonl import read_jsonl, write_jsonl
from conflictdata.models import Actor, Record, Source

__all__ = ["add_command", "imported_again"]

Handler = Callable[[argparse.Namespace, Any], int]


class ProgressBar(Protocol):
    """The command line's progress bar: told a file's bytes read and size, then closed."""

    def __call__(self, file: str, done: int, total: int | None) -> None: ...

    def close(self) -> None: ...


#: How many left-out rows the command lists (all are counted).
_LISTED = 20


def add_command(
    add: Callable[[str, str, Handler], argparse.ArgumentParser],
    progress_bar: Callable[[Any], ProgressBar | None],
) -> None:
    """Add ``import`` with ``add`` (name, help, handler); ``progress_bar(console)`` is the
    command line's bar for the console (None where it draws none)."""

    def run(args: argparse.Namespace, console: Any) -> int:
        return _import(args, console, progress_bar(console))

    command = add(
        "import",
        "read UCDP GED, ACLED, GDELT or ICEWS files as records that point at their rows, into "
        "JSON Lines",
        run,
    )
    command.add_argument("format", choices=FORMATS, help="the format of the files")
    command.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the dataset files (CSV or TSV; for gdelt-events, Mentions files among them are "
        "joined with the Events files)",
    )
    command.add_argument("--output", required=True, help="the JSON Lines file to write")
    command.add_argument("--overwrite", action="store_true", help="replace an existing output")
    command.add_argument(
        "--dataset-version",
        help="the upstream release of the files, such as 19.1 (UCDP GED: read from the file "
        "name when not given; ACLED: the file's date)",
    )
    command.add_argument(
        "--previous",
        metavar="OLD.jsonl",
        help="an earlier import of the dataset: its records missing from the new files are "
        "kept, withdrawn as removed upstream",
    )


def _import(
    args: argparse.Namespace,
    console: Any,
    bar: ProgressBar | None,
) -> int:
    paths: list[str] = list(args.files)
    mentions: list[str] = []
    if args.format == "gdelt-events":  # Mentions files join the Events files given with them
        paths, mentions = gdelt.split_files(paths)
        if not paths:
            raise TableError(
                "only GDELT Mentions files: give the Events files they join with",
                file=mentions[0],
                code="import-columns",
            )
    files = [
        read(args.format, path, version=args.dataset_version, mentions=mentions) for path in paths
    ]
    for imported in files:  # the PLOVER family's texts go to sources/ beside the output
        imported.texts_beside(Path(args.output), overwrite=args.overwrite)
    records: Iterable[Record] = _records_of(files, bar)
    if args.previous is not None:
        first = files[0]
        records = imported_again(
            records,
            read_jsonl(args.previous),
            family=first.family,
            version=first.version,
        )
    try:
        written = write_jsonl(records, args.output, overwrite=args.overwrite)
    finally:
        if bar is not None:
            bar.close()
    problems = [problem for imported in files for problem in imported.problems]
    for problem in problems[:_LISTED]:
        console.warn(str(problem))
    if len(problems) > _LISTED:
        console.warn(f"... and {len(problems) - _LISTED} more rows left out")
    for imported in files:
        for reason, count in sorted(imported.skipped.items()):
            console.note(f"{imported.table.name}: {count} rows not imported ({reason})")
    rows = sum(imported.rows for imported in files)
    console.note(
        f"wrote {written.records} records from {rows} rows to {written.path}; "
        f"{len(problems)} rows left out with errors"
    )
    return 1 if problems else 0


def _records_of(
    files: list[ImportedFile | ImportedTexts], bar: ProgressBar | None
) -> Iterator[Record]:
    """The records of each file in turn, telling ``bar`` how far each has been read; a source
    or actor that an earlier file gave (the same text, the same actor, a Mentions file joined
    with two Events files) is not given again."""
    given: set[str] = set()
    for imported in files:
        table = imported.table
        for record in imported:
            if bar is not None:
                bar(table.name, table.done, table.size)
            if isinstance(record, Source | Actor):
                if record.id in given:
                    continue
                given.add(record.id)
            yield record


def imported_again(
    records: Iterable[Record], previous: Iterable[Record], *, family: str, version: str
) -> Iterator[Record]:
    """The records of a new import, then those of the ``previous`` import it follows that it
    does not have: a record that rests on rows of the same dataset ``family`` (``ucdp-ged``)
    is withdrawn as removed upstream in ``version``; the others (earlier files' sources among
    them) are kept as they were."""
    seen: set[str] = set()
    for record in records:
        seen.add(record.id)
        yield record
    prefix = f"src-{family}-"
    reason = f"removed upstream in {version}"
    for record in previous:
        if record.id in seen:
            continue
        upstream = any(row.source.startswith(prefix) for row in record.rows)
        if upstream and record.status == "active":
            record = attrs.evolve(record, status="withdrawn", withdrawn_reason=reason)
        yield record
