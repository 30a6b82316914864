"""The ``conflictdata`` command line.

:func:`run` takes the arguments and the three streams and returns the exit code, so it can be
called from tests and other programs; :func:`main` is the console entry point. Exit codes:
0 success, 1 invalid input (bad data, a tampered release), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from conflictdata import __version__
from conflictdata._diff import diff
from conflictdata._loader import load, versions
from conflictdata.cite import FORMATS as CITATION_FORMATS
from conflictdata.cite import cite
from conflictdata.dataset import Dataset
from conflictdata.exceptions import ConflictDataError, UnknownVersionError
from conflictdata.io import FORMATS, dump, write
from conflictdata.models import RECORD_CLASSES
from conflictdata.validation import validate

__all__ = ["main", "run"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace, IO[str]], int]


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {message}")


def _add_release_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--version", dest="dataset_version", help="a shipped dataset version (default: newest)"
    )
    where.add_argument("--path", help="a release folder to load instead of a shipped release")


def _load(args: argparse.Namespace) -> Dataset:
    return load(args.dataset_version, path=args.path)


def _summary(args: argparse.Namespace, out: IO[str]) -> int:
    ds = _load(args)
    counts = ds.counts()
    if args.format == "json":
        info: dict[str, Any] = {
            "version": ds.version,
            "content_hash": ds.content_hash,
            "library_version": __version__,
            "counts": counts,
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "language": s.language,
                    "characters": len(ds.texts[s.id]),
                }
                for s in ds.sources
            ],
            "citation": cite(version=ds.version) if args.path is None else None,
        }
        out.write(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.write(f"conflictdata dataset {ds.version} (library {__version__})\n")
    out.write(f"content sha256: {ds.content_hash}\n")
    out.write(
        "records: "
        + ", ".join(f"{n} {RECORD_CLASSES[kind].plural}" for kind, n in counts.items())
        + "\n"
    )
    out.write("sources:\n")
    for source in ds.sources:
        title = source.title or "(untitled)"
        out.write(
            f"  {source.id}  {title}  [{source.language}, {len(ds.texts[source.id])} characters]\n"
        )
    if args.path is None:
        out.write(f"cite as: {cite(version=ds.version)}\n")
    return EXIT_OK


def _versions(args: argparse.Namespace, out: IO[str]) -> int:
    for version in versions():
        out.write(version + "\n")
    return EXIT_OK


def _cite(args: argparse.Namespace, out: IO[str]) -> int:
    out.write(cite(args.format, version=args.dataset_version, path=args.path) + "\n")
    return EXIT_OK


def _diff(args: argparse.Namespace, out: IO[str]) -> int:
    changes = diff(args.a, args.b)
    if args.format == "json":
        out.write(json.dumps(changes.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(changes.to_text())
    return EXIT_OK


def _export(args: argparse.Namespace, out: IO[str]) -> int:
    err: IO[str] = args.stderr
    if args.output is None and args.format in ("csv", "parquet"):
        err.write(
            f"conflictdata export: error: --format {args.format} writes a folder: give --output\n"
        )
        return EXIT_USAGE
    ds = _load(args)
    if args.output is None:
        written = dump(ds, out, args.format)
    else:
        try:
            written = write(ds, args.output, args.format, overwrite=args.overwrite)
        except FileExistsError as exc:
            hint = str(exc) if args.overwrite else f"{args.output} exists: add --overwrite"
            err.write(f"conflictdata: error: {hint}\n")
            return EXIT_INVALID
        err.write(
            f"conflictdata: wrote {written.records} records to {written.path} ({args.format})\n"
        )
    if written.skipped:
        err.write(
            f"conflictdata: {len(written.skipped)} events without coordinates left out: "
            + ", ".join(written.skipped)
            + "\n"
        )
    return EXIT_OK


def _validate(args: argparse.Namespace, out: IO[str]) -> int:
    err: IO[str] = args.stderr
    bar = _ProgressBar(err) if err.isatty() else None
    try:
        report = validate(
            *(_standard_input(args.stdin) if name == "-" else name for name in args.files),
            release=Path(args.path) if args.path is not None else args.dataset_version,
            jobs=args.jobs,
            on_progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    out.write(report.to_json() + "\n" if args.format == "json" else report.to_text())
    return EXIT_OK if report.ok else EXIT_INVALID


class _StandardInput(io.RawIOBase):
    """A binary stream named ``<stdin>`` (as its issues name it) that reads ``stream`` and
    leaves it open."""

    name = "<stdin>"

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _standard_input(stdin: IO[str]) -> IO[bytes]:
    """The bytes of ``stdin``: its binary buffer if it has one, else its text in UTF-8."""
    buffer = getattr(stdin, "buffer", None)
    raw = buffer if buffer is not None else io.BytesIO(stdin.read().encode("utf-8"))
    return io.BufferedReader(_StandardInput(raw))


class _ProgressBar:
    """A plain progress bar for ``validate``'s ``on_progress``: ``name  42% [####------]`` (the
    bytes read, for a stream of unknown size), one line per file, redrawn at most 5 times a
    second, and only once a file takes longer than half a second."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._file: str | None = None
        self._started = self._drawn = 0.0

    def __call__(self, file: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if file != self._file:
            self.close()
            self._file, self._started = file, now
        if now - self._started < 0.5 or now - self._drawn < 0.2:
            return
        if total is None:
            text = f"{file}  {done:,} bytes"
        elif total > 0:
            share = min(done / total, 1.0)
            filled = int(share * 30)
            text = f"{file}  {share:4.0%} [{'#' * filled}{'-' * (30 - filled)}]"
        else:
            return
        self._drawn = now
        self._stream.write("\r" + text)
        self._stream.flush()

    def close(self) -> None:
        """End the line of the bar, if one was drawn."""
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = 0.0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _parser() -> _Parser:
    parser = _Parser(prog="conflictdata", description="Annotated geopolitical event data.")
    parser.add_argument(
        "-V", "--library-version", action="version", version=f"conflictdata {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    summary = commands.add_parser(
        "summary", help="the dataset version, record counts, sources and citation"
    )
    _add_release_options(summary)
    summary.add_argument("--format", choices=("text", "json"), default="text")
    summary.set_defaults(handler=_summary)

    listing = commands.add_parser("versions", help="the shipped dataset versions, oldest first")
    listing.set_defaults(handler=_versions)

    citing = commands.add_parser("cite", help="how to cite a dataset version")
    _add_release_options(citing)
    citing.add_argument(
        "--format", choices=CITATION_FORMATS, default="apa", help="citation format (default: apa)"
    )
    citing.set_defaults(handler=_cite)

    differ = commands.add_parser(
        "diff", help="records added, withdrawn, changed (field by field) and removed from A to B"
    )
    differ.add_argument("a", help="the old release: a shipped version or a release folder")
    differ.add_argument("b", help="the new release: a shipped version or a release folder")
    differ.add_argument("--format", choices=("text", "json"), default="text")
    differ.set_defaults(handler=_diff)

    export = commands.add_parser("export", help="write the records in another format")
    export.add_argument("--format", required=True, choices=FORMATS, help="the output format")
    export.add_argument(
        "--output", help="file (folder for csv and parquet) to write; default: standard output"
    )
    export.add_argument("--overwrite", action="store_true", help="replace an existing output")
    _add_release_options(export)
    export.set_defaults(handler=_export)

    checking = commands.add_parser(
        "validate",
        help="check contributed JSON Lines records: every problem, with file, line and pointer",
    )
    checking.add_argument(
        "files", nargs="+", metavar="FILE", help="JSON Lines files of records; - for standard input"
    )
    _add_release_options(checking)
    checking.add_argument("--format", choices=("text", "json"), default="text")
    checking.add_argument("--jobs", type=_positive, default=1, help="worker processes (default: 1)")
    checking.set_defaults(handler=_validate)
    return parser


def run(
    arguments: Sequence[str],
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line with ``arguments``; return the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(list(arguments))
    except _UsageError as exc:
        err.write(parser.format_usage() if "command" in str(exc) else "")
        err.write(f"{exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --library-version exit after printing
        return int(exc.code or 0)
    args.stdin = stdin if stdin is not None else sys.stdin
    args.stderr = err
    handler: Command = args.handler
    try:
        return handler(args, out)
    except UnknownVersionError as exc:
        err.write(f"conflictdata: error: {exc}\n")
        return EXIT_USAGE
    except ConflictDataError as exc:
        err.write(f"conflictdata: error: {exc}\n")
        return EXIT_INVALID
    except (ValueError, LookupError) as exc:
        err.write(f"conflictdata: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error of ours
        return EXIT_OK
    except OSError as exc:
        err.write(f"conflictdata: error: {exc.filename or ''}: {exc.strerror or exc}\n")
        return EXIT_INVALID


def main() -> NoReturn:
    """Console entry point."""
    code = run(sys.argv[1:])
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit; point it at /dev/null so that flush is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
