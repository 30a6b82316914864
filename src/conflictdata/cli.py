"""The ``conflictdata`` command line.

:func:`run` takes the arguments and the three streams and returns the exit code, so it can be
called from tests and other programs; :func:`main` is the console entry point. Exit codes:
0 success, 1 invalid input (bad data, a tampered release, release problems found), 2 usage error
(including a dataset version that is not shipped and an optional dependency not installed).

``conflictdata --version`` prints the library's version; the dataset release a command reads is
``--release VERSION`` or ``--path FOLDER``. Maintainers cut, manifest and check releases with
``conflictdata release cut | manifest | check``.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn, cast

from attrs import frozen

from conflictdata import __version__
from conflictdata._diff import diff
from conflictdata._loader import locate, resolve, versions
from conflictdata._release_folder import RELEASES, is_version
from conflictdata.authoring._commands import add_commands as add_authoring_commands
from conflictdata.citation import FORMATS as CITATION_FORMATS
from conflictdata.citation import cite
from conflictdata.exceptions import ConflictDataError, MissingExtraError, UnknownVersionError
from conflictdata.importers._command import add_command as add_import_command
from conflictdata.io import FORMATS, dump, write
from conflictdata.models import RECORD_CLASSES
from conflictdata.release import (
    ReleaseProblem,
    check_manifest,
    check_policy,
    cut,
    update_manifest,
)
from conflictdata.validation import validate

__all__ = ["main", "run"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _escape(error: UnicodeError) -> tuple[str, int]:
    """The ``\\uXXXX`` escapes (UTF-16 code units) of what a stream's encoding cannot write:
    valid in a JSON string, and legible in text."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    units = error.object[error.start : error.end].encode("utf-16-le", "surrogatepass")
    escaped = "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'little'):04x}" for i in range(0, len(units), 2)
    )
    return escaped, error.end


codecs.register_error("conflictdata-escape", _escape)


class _Printable:
    """A text stream that writes whatever characters it is given: what its encoding cannot
    write (a lone surrogate from a malformed record, a character a terminal lacks) is written
    as ``\\uXXXX``, so a report is never lost for one character."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        try:
            text.encode(self._encoding)
        except UnicodeEncodeError:
            text = text.encode(self._encoding, "conflictdata-escape").decode(self._encoding)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@frozen
class _Console:
    """What a command reads and writes: the three streams, and whether to keep quiet.

    ``stdout`` gets the command's output; ``stderr`` its errors, warnings and (unless
    ``quiet``) its notes such as progress and what was written.
    """

    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]
    quiet: bool = False

    def note(self, message: str) -> None:
        """Tell the user something that is not the output; nothing when quiet."""
        if not self.quiet:
            self.stderr.write(f"conflictdata: {message}\n")

    def warn(self, message: str) -> None:
        """A warning, written even when quiet."""
        self.stderr.write(f"conflictdata: warning: {message}\n")

    def error(self, message: str) -> None:
        """An error message."""
        self.stderr.write(f"conflictdata: error: {message}\n")


Command = Callable[[argparse.Namespace, _Console], int]


class _UsageError(Exception):
    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(f"{parser.prog}: error: {message}")
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(self, message)


class _DeprecatedVersion(argparse.Action):
    """The old spelling ``--version VERSION`` of ``--release VERSION``: it works, and the
    command warns that it is deprecated."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.deprecations = [
            *getattr(namespace, "deprecations", []),
            "--version VERSION after a command is deprecated and will be removed in the next "
            "library release: use --release VERSION (conflictdata --version prints the "
            "library's version)",
        ]


def _dataset_version(text: str) -> str:
    if not is_version(text):
        raise argparse.ArgumentTypeError(
            f"expected a dataset version such as 1.0.0, not {text!r} (a folder is --path)"
        )
    return text


def _add_quiet(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    # On the subcommands the default is SUPPRESS, so that ``conflictdata -q summary`` keeps the
    # main parser's value instead of the subcommand's default.
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default,
        help="leave out notes on standard error (progress, what was written); "
        "errors and warnings are still written",
    )


def _add_release_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--release",
        metavar="VERSION",
        type=_dataset_version,
        help="a shipped dataset version (default: the newest)",
    )
    where.add_argument(
        "--path", metavar="FOLDER", help="a release folder to read instead of a shipped release"
    )
    where.add_argument(
        "--version",
        dest="release",
        metavar="VERSION",
        type=_dataset_version,
        action=_DeprecatedVersion,
        help="deprecated spelling of --release VERSION",
    )


def _release(args: argparse.Namespace) -> str | Path | None:
    """The release the options name: a folder (``--path``), a version, or None (the newest)."""
    return Path(args.path) if args.path is not None else args.release


def _summary(args: argparse.Namespace, console: _Console) -> int:
    out = console.stdout
    ds = resolve(_release(args))
    counts = ds.counts()
    citation = cite(release=ds) if args.path is None else None
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
            "citation": citation,
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
    if citation is not None:
        out.write(f"cite as: {citation}\n")
    return EXIT_OK


def _versions(args: argparse.Namespace, console: _Console) -> int:
    for version in versions():
        console.stdout.write(version + "\n")
    return EXIT_OK


def _cite(args: argparse.Namespace, console: _Console) -> int:
    console.stdout.write(cite(args.format, release=_release(args)) + "\n")
    return EXIT_OK


def _diff(args: argparse.Namespace, console: _Console) -> int:
    changes = diff(args.a, args.b)
    console.stdout.write(changes.to_json() + "\n" if args.format == "json" else changes.to_text())
    return EXIT_OK


@contextlib.contextmanager
def _writing(target: str | os.PathLike[str]) -> Iterator[None]:
    """An error while ``target`` is written names ``target``, never the hidden temporary file or
    folder (``.NAME.*`` beside it) that is written first and moved into place."""
    path = Path(target)
    try:
        yield
    except OSError as exc:
        names = [name for name in (exc.filename, exc.filename2) if name is not None]
        for name in names:
            inside = Path(os.fsdecode(name))
            with contextlib.suppress(ValueError):
                first = inside.relative_to(path.parent).parts[0]
                if first.startswith(f".{path.name}."):
                    raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise


def _export(args: argparse.Namespace, console: _Console) -> int:
    if args.output == "-":
        args.output = None
    if args.output is None and args.format in ("csv", "parquet"):
        console.stderr.write(
            f"conflictdata export: error: --format {args.format} writes a folder: give --output\n"
        )
        return EXIT_USAGE
    options = {} if args.partition_by is None else {"partition_by": args.partition_by}
    if options and args.format != "parquet":
        console.stderr.write("conflictdata export: error: --partition-by is for --format parquet\n")
        return EXIT_USAGE
    ds = resolve(_release(args))
    if args.output is None:
        written = dump(ds, console.stdout, args.format)
    else:
        try:
            with _writing(args.output):
                written = write(ds, args.output, args.format, overwrite=args.overwrite, **options)
        except FileExistsError as exc:
            console.error(str(exc) if args.overwrite else f"{args.output} exists: add --overwrite")
            return EXIT_INVALID
        console.note(f"wrote {written.records} records to {written.path} ({args.format})")
    if written.skipped:
        console.warn(
            f"{len(written.skipped)} events without coordinates left out: "
            + ", ".join(written.skipped)
        )
    return EXIT_OK


def _site(args: argparse.Namespace, console: _Console) -> int:
    from conflictdata.site import build_site

    try:
        with _writing(args.output):
            built = build_site(
                args.output,
                release=_release(args),
                contrib=args.contrib,
                overwrite=args.overwrite,
                timeline=args.timeline,
            )
    except FileExistsError as exc:
        console.error(str(exc) if args.overwrite else f"{args.output} exists: add --overwrite")
        return EXIT_INVALID
    console.note(
        f"wrote {built.path}/index.html: {built.records} records, {built.source_pages} source "
        f"pages, {built.issues} issues"
    )
    return EXIT_OK


def _bar_for(console: _Console) -> _ProgressBar | None:
    """A progress bar on the console's standard error, if it is a terminal and not quiet."""
    err = console.stderr
    return _ProgressBar(err) if err.isatty() and not console.quiet else None


def _validate(args: argparse.Namespace, console: _Console) -> int:
    bar = _bar_for(console)
    try:
        report = validate(
            *(_standard_input(console.stdin) if name == "-" else name for name in args.files),
            release=_release(args),
            jobs=args.jobs,
            on_progress=bar,
            dataset_files=args.dataset_file,
        )
    finally:
        if bar is not None:
            bar.close()
    console.stdout.write(report.to_json() + "\n" if args.format == "json" else report.to_text())
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


def _problems(console: _Console, problems: Sequence[ReleaseProblem]) -> int:
    """List release problems one a line on standard output; exit 1 when there is any."""
    for problem in problems:
        console.stdout.write(f"{problem}\n")
    return EXIT_INVALID if problems else EXIT_OK


def _release_cut(args: argparse.Namespace, console: _Console) -> int:
    with _writing(Path(args.root, args.version)):
        target = cut(args.version, base=args.base, root=args.root, changelog=args.changelog)
    console.stdout.write(f"created {target}; edit its records, then run manifest and check\n")
    return _problems(console, check_manifest(target))


def _release_manifest(args: argparse.Namespace, console: _Console) -> int:
    update_manifest(args.folder)
    return _problems(console, check_manifest(args.folder))


def _release_columns(args: argparse.Namespace, console: _Console) -> int:
    from conflictdata.release import write_columns

    written = write_columns(args.folder)
    console.note(f"wrote the columnar form of {args.folder}: {written}")
    return 0


def _release_check(args: argparse.Namespace, console: _Console) -> int:
    problems = check_manifest(locate(args.new))
    if not any(p.code == "manifest-stale" for p in problems):
        problems += check_policy(args.old, args.new)
    return _problems(console, problems)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _text_or_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people or JSON for programs (default: text)",
    )


def _commands(parser: argparse.ArgumentParser, dest: str) -> Callable[..., _Parser]:
    """A function that adds a subcommand to ``parser`` (with ``-q``) and returns its parser."""
    commands = parser.add_subparsers(
        dest=dest, required=True, parser_class=_Parser, metavar="COMMAND", help="the command"
    )

    def add(name: str, about: str, handler: Command | None = None) -> _Parser:
        command: _Parser = commands.add_parser(name, help=about, description=about)
        _add_quiet(command)
        if handler is not None:
            command.set_defaults(handler=handler)
        return command

    return add


def _release_parser(add: Callable[..., _Parser]) -> None:
    releasing = add(
        "release", "cut, manifest and check dataset releases (maintainers, at the repository root)"
    )
    step = _commands(releasing, "step")
    cutting = step("cut", "start a new release as a copy of an older one", _release_cut)
    cutting.add_argument("version", help="the new dataset version, such as 1.1.0")
    cutting.add_argument("--from", dest="base", required=True, help="the release to start from")
    cutting.add_argument(
        "--root", default=str(RELEASES), help=f"the folder of the releases (default: {RELEASES})"
    )
    cutting.add_argument(
        "--changelog",
        default="CHANGELOG.md",
        help="the changelog to add an entry to (default: CHANGELOG.md)",
    )
    manifest = step("manifest", "regenerate a release's datapackage.json", _release_manifest)
    manifest.add_argument("folder", help="the release folder")
    columns = step(
        "columns",
        "write a release folder's columnar form, which load() queries without decoding every line",
        _release_columns,
    )
    columns.add_argument("folder", help="the release folder")
    checking = step("check", "check a release against the one before it", _release_check)
    checking.add_argument("old", help="the previous release: a shipped version or a folder")
    checking.add_argument("new", help="the new release: a shipped version or a folder")


def _parser() -> _Parser:
    parser = _Parser(prog="conflictdata", description="Annotated geopolitical event data.")
    shown = f"conflictdata {__version__}"
    parser.add_argument(
        "--version", action="version", version=shown, help="print the library's version"
    )
    parser.add_argument(
        "-V", "--library-version", action="version", version=shown, help="the same as --version"
    )
    _add_quiet(parser, default=False)
    add = _commands(parser, "command")

    summary = add("summary", "the dataset version, record counts, sources and citation", _summary)
    _add_release_options(summary)
    _text_or_json(summary)

    add("versions", "the shipped dataset versions, oldest first", _versions)

    citing = add("cite", "how to cite a dataset version", _cite)
    _add_release_options(citing)
    citing.add_argument(
        "--format", choices=CITATION_FORMATS, default="apa", help="citation format (default: apa)"
    )

    differ = add(
        "diff",
        "records added, withdrawn, changed (field by field) and removed from A to B",
        _diff,
    )
    differ.add_argument("a", help="the old release: a shipped version or a release folder")
    differ.add_argument("b", help="the new release: a shipped version or a release folder")
    _text_or_json(differ)

    export = add("export", "write the records in another format", _export)
    export.add_argument("--format", required=True, choices=FORMATS, help="the output format")
    export.add_argument(
        "--output",
        help="file (folder for csv and parquet) to write; default, or -: standard output",
    )
    export.add_argument("--overwrite", action="store_true", help="replace an existing output")
    export.add_argument(
        "--partition-by",
        choices=("year", "year,month"),
        help="parquet only: hive partitions by the year (and month) of each record's first day",
    )
    _add_release_options(export)

    checking = add(
        "validate",
        "check contributed JSON Lines records: every problem, with file, line and pointer",
        _validate,
    )
    checking.add_argument(
        "files", nargs="+", metavar="FILE", help="JSON Lines files of records; - for standard input"
    )
    _add_release_options(checking)
    _text_or_json(checking)
    checking.add_argument("--jobs", type=_positive, default=1, help="worker processes (default: 1)")
    checking.add_argument(
        "--dataset-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a dataset file whose rows imported records point at (repeatable; a file named as "
        "its source's path, beside the records, is found without it)",
    )

    site = add("site", "write a static browser of the records beside their words", _site)
    site.add_argument("--output", required=True, metavar="DIR", help="the folder to write")
    site.add_argument(
        "--contrib", nargs="+", default=(), metavar="FILE", help="contributed JSON Lines files"
    )
    site.add_argument("--overwrite", action="store_true", help="replace an existing site folder")
    site.add_argument(
        "--no-timeline",
        dest="timeline",
        action="store_false",
        help="leave out the timeline figure (then matplotlib is not needed)",
    )
    _add_release_options(site)

    _release_parser(add)
    add_authoring_commands(add, _add_release_options, _release, _text_or_json)
    add_import_command(add, _bar_for)
    return parser


def run(
    arguments: Sequence[str],
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line with ``arguments``; return the exit code."""
    out = cast("IO[str]", _Printable(stdout if stdout is not None else sys.stdout))
    err = cast("IO[str]", _Printable(stderr if stderr is not None else sys.stderr))
    parser = _parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(list(arguments))
    except _UsageError as exc:
        err.write(exc.parser.format_usage() if "COMMAND" in str(exc) else "")
        err.write(f"{exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version exit after printing
        return int(exc.code or 0)
    console = _Console(stdin if stdin is not None else sys.stdin, out, err, quiet=args.quiet)
    for deprecation in getattr(args, "deprecations", ()):
        console.warn(deprecation)
    handler: Command = args.handler
    try:
        return handler(args, console)
    except (UnknownVersionError, MissingExtraError) as exc:
        console.error(str(exc))
        return EXIT_USAGE
    except ConflictDataError as exc:
        console.error(str(exc))
        return EXIT_INVALID
    except (ValueError, LookupError) as exc:
        console.error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error of ours
        return EXIT_OK
    except OSError as exc:
        console.error(f"{exc.filename or ''}: {exc.strerror or exc}")
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
