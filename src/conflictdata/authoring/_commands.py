"""The authoring commands of the command line: ``add-source``, ``anchor`` and ``reanchor``.

:func:`add_commands` adds them to the ``conflictdata`` parser; each handler takes the parsed
arguments and the console and returns the exit code (0 done, 1 problems left for a person).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from conflictdata._fsutil import atomic_writer
from conflictdata.authoring._anchor import anchor_files
from conflictdata.authoring._problem import Problem
from conflictdata.authoring._reanchor import reanchor_files
from conflictdata.authoring._source import add_source

__all__ = ["add_commands"]


class Console(Protocol):
    """What a command writes to (the command line's console)."""

    stdout: IO[str]

    def note(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...


Handler = Callable[[argparse.Namespace, Any], int]


def add_commands(
    add: Callable[[str, str, Handler], argparse.ArgumentParser],
    release_options: Callable[[argparse.ArgumentParser], None],
    release: Callable[[argparse.Namespace], Any],
    text_or_json: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add the authoring commands with ``add`` (name, help, handler); ``release_options``
    adds ``--release`` and ``--path`` to a command, ``release`` reads them back, and
    ``text_or_json`` adds ``--format``."""
    adding = add(
        "add-source",
        "write a text file in Unicode NFC under sources/ and print (or append) its Source record",
        _add_source,
    )
    adding.add_argument("textfile", metavar="TEXTFILE", help="the text of the source (UTF-8)")
    adding.add_argument("--id", help="the source id (default: src- and the file's name)")
    for name in ("title", "publisher", "url", "license"):
        adding.add_argument(f"--{name}", help=f"the source's {name}")
    adding.add_argument(
        "--published",
        metavar="DATE",
        help="the date of publication, such as 2024-11-22 (needs --url)",
    )
    adding.add_argument("--language", default="en", help="BCP 47 language tag (default: en)")
    adding.add_argument(
        "--append",
        metavar="FILE",
        help="append the record to this JSON Lines file, and write the text beside it",
    )
    adding.add_argument(
        "--folder", default=".", help="where sources/ is, without --append (default: .)"
    )
    adding.add_argument("--overwrite", action="store_true", help="replace an existing text")

    anchoring = add(
        "anchor",
        "fill in start and end of every span that gives its quote: rewrites each file",
        lambda args, console: _anchor(args, console, release(args)),
    )
    anchoring.add_argument("files", nargs="+", metavar="FILE", help="JSON Lines files of records")
    anchoring.add_argument("--output", help="write the (one) file here instead of rewriting it")
    release_options(anchoring)
    text_or_json(anchoring)

    moving = add(
        "reanchor",
        "move spans from a source text onto its corrected version: rewrites each file",
        lambda args, console: _reanchor(args, console, release(args)),
    )
    moving.add_argument("--old", required=True, help="the text the spans quote now")
    moving.add_argument("--new", required=True, help="the corrected text (NFC)")
    moving.add_argument("files", nargs="+", metavar="RECORDS", help="JSON Lines files of records")
    moving.add_argument(
        "--source", help="the id of the source (default: the one whose sha256 is OLD's)"
    )
    moving.add_argument("--output", help="write the (one) file here instead of rewriting it")
    release_options(moving)
    text_or_json(moving)


def _add_source(args: argparse.Namespace, console: Console) -> int:
    fields = {name: getattr(args, name) for name in ("title", "publisher", "url", "license")}
    folder = Path(args.append).parent if args.append else Path(args.folder)
    added = add_source(
        args.textfile,
        folder,
        id=args.id,
        language=args.language,
        overwrite=args.overwrite,
        published=args.published,
        **fields,
    )
    if added.normalised:
        console.warn(f"{args.textfile} was not in Unicode NFC: {added.path} holds it normalised")
    console.note(f"wrote {added.path}")
    line = json.dumps(added.record, ensure_ascii=False, separators=(",", ":")) + "\n"
    if args.append is None:
        console.stdout.write(line)
        return 0
    target = Path(args.append)
    before = target.read_bytes() if target.exists() else b""
    if before and not before.endswith(b"\n"):
        before += b"\n"
    with atomic_writer(target, overwrite=True) as out:
        out.write(before + line.encode("utf-8"))
    console.note(f"appended {added.record['id']} to {target}")
    return 0


def _anchor(args: argparse.Namespace, console: Console, release: Any) -> int:
    result = anchor_files(*args.files, release=release, output=args.output)
    summary = {"anchored": result.placed}
    return _report(
        args, console, result.problems, result.written, summary, f"anchored {result.placed} spans"
    )


def _reanchor(args: argparse.Namespace, console: Console, release: Any) -> int:
    result = reanchor_files(
        args.old, args.new, *args.files, source=args.source, release=release, output=args.output
    )
    changed = sum(problem.code == "quote-changed" for problem in result.problems)
    orphaned = sum(problem.code == "span-orphaned" for problem in result.problems)
    summary = {"moved": result.placed, "changed": changed, "orphaned": orphaned}
    text = f"moved {result.placed} spans, {changed} with changed words, {orphaned} orphaned"
    return _report(args, console, result.problems, result.written, summary, text)


def _report(
    args: argparse.Namespace,
    console: Console,
    problems: Sequence[Problem],
    written: Sequence[Path],
    summary: dict[str, int],
    text: str,
) -> int:
    """Print the problems (as text or JSON) and what was written; 1 when an error is left."""
    errors = sum(problem.severity == "error" for problem in problems)
    if args.format == "json":
        document = {
            **summary,
            "written": [str(path) for path in written],
            "problems": [_as_json(problem) for problem in problems],
        }
        console.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        for problem in problems:
            console.stdout.write(f"{problem}\n")
        console.stdout.write(f"{text}; {errors} left to fix\n")
    for path in written:
        console.note(f"wrote {path}")
    return 1 if errors else 0


def _as_json(problem: Problem) -> dict[str, Any]:
    where = problem.where
    return {
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message,
        "file": where.file,
        "line": where.line,
        "pointer": where.pointer,
        "record_id": where.record_id,
    }
