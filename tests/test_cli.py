"""The command line: output, exit codes, and errors without tracebacks."""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import conflictdata as cd
from conflictdata import _loader, cli
from conflictdata.cli import run


def _run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_summary_text() -> None:
    """summary prints the version, counts per kind, the sources and a citation line."""
    code, out, err = _run("summary")
    ds = cd.load()
    assert (0, "") == (code, err)
    assert f"conflictdata dataset {ds.version}" in out
    assert f"{len(ds.events)} events" in out
    assert ds.sources[0].id in out
    assert "cite as:" in out
    assert ds.content_hash in out


def test_summary_json() -> None:
    """summary --format json gives the same facts as data."""
    code, out, _ = _run("summary", "--format", "json")
    info = json.loads(out)
    assert 0 == code
    assert cd.load().counts() == info["counts"]


def test_versions_lists_shipped() -> None:
    """versions prints one shipped version a line."""
    assert (0, "".join(v + "\n" for v in cd.versions()), "") == _run("versions")


def test_usage_error_exits_2() -> None:
    """An unknown command is a usage error: exit 2, a message on stderr."""
    code, out, err = _run("frobnicate")
    assert (2, "") == (code, out)
    assert "invalid choice" in err


def test_unknown_version_exits_2() -> None:
    """An unknown dataset version names the shipped ones; exit 2."""
    code, _, err = _run("summary", "--version", "0.0.1")
    assert 2 == code
    assert "1.0.0" in err
    assert "Traceback" not in err


def test_tampered_release_exits_1(release_copy: Path) -> None:
    """A tampered release is refused with exit 1 and a message naming the file."""
    (release_copy / "events.jsonl").write_bytes(b"{}\n")
    code, _, err = _run("summary", "--path", str(release_copy))
    assert 1 == code
    assert "events.jsonl" in err
    assert "Traceback" not in err


def test_missing_folder_exits_1(tmp_path: Path) -> None:
    """A path that is not a release folder exits 1 with a message."""
    code, _, err = _run("summary", "--path", str(tmp_path / "nowhere"))
    assert 1 == code
    assert "not a release folder" in err


@pytest.mark.slow
def test_python_dash_m() -> None:
    """python -m conflictdata runs the same command line."""
    result = subprocess.run(
        [sys.executable, "-m", "conflictdata", "versions"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, cd.versions()[0]) == (result.returncode, result.stdout.split()[0])


def test_closed_pipe_is_not_an_error(fresh_python: Callable[..., str]) -> None:
    """When the reader of the output stops early (``| head -1``), the command ends quietly."""
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'conflictdata', 'export', '--format', 'jsonl'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.readline(); p.stdout.close()\n"
        "sys.stdout.write(str(p.wait()) + '|' + p.stderr.read().decode())\n"
    )
    assert "0|" == fresh_python(script)


def test_version_prints_the_library_version() -> None:
    """conflictdata --version (and -V, --library-version) prints the library's version."""
    for option in ("--version", "-V", "--library-version"):
        assert (0, f"conflictdata {cd.__version__}\n", "") == _run(option)


def test_release_option_names_the_dataset_version() -> None:
    """--release VERSION reads that shipped version; it takes only a version (a folder is
    --path), and an unknown one exits 2 naming the shipped ones."""
    version = cd.versions()[0]
    code, out, err = _run("summary", "--release", version)
    assert (0, "") == (code, err)
    assert f"conflictdata dataset {version}" in out
    code, _, err = _run("summary", "--release", "1.0")
    assert (2, True) == (code, "expected a dataset version such as 1.0.0" in err)
    code, _, err = _run("summary", "--release", "0.0.1")
    assert (2, True) == (code, version in err)


def test_old_version_option_is_deprecated() -> None:
    """--version VERSION after a command still names the dataset version, with a deprecation
    warning on stderr; it cannot be given together with --release."""
    version = cd.versions()[0]
    code, out, err = _run("cite", "--version", version)
    assert (0, cd.cite(version=version) + "\n") == (code, out)
    assert err.startswith("conflictdata: warning: --version VERSION after a command is deprecated")
    code, _, err = _run("cite", "--version", version, "--release", version)
    assert (2, True) == (code, "not allowed with argument" in err)


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_leaves_out_notes(tmp_path: Path, where: str) -> None:
    """-q/--quiet (before or after the command) leaves out the note of what export wrote."""
    target = tmp_path / "out.jsonl"
    export = ["export", "--format", "jsonl", "--output", str(target)]
    code, _, err = _run(*export)
    assert (0, True) == (code, "wrote" in err)
    target.unlink()
    arguments = ["-q", *export] if where == "before" else [*export, "--quiet"]
    assert (0, "", "") == _run(*arguments)
    assert list(cd.load()) == list(cd.io.read(target))


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def test_every_option_and_command_has_help() -> None:
    """Every option, argument and subcommand of the command line has a help text."""
    missing = []
    for parser in _parsers(cli._parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                missing += [
                    f"{parser.prog} {choice.dest}"
                    for choice in action._choices_actions
                    if not choice.help
                ]
            if not action.help:
                missing.append(f"{parser.prog} {'/'.join(action.option_strings) or action.dest}")
    assert [] == missing


def test_release_command_is_listed() -> None:
    """conflictdata release has the steps cut, manifest and check."""
    code, out, _ = _run("release", "--help")
    assert (0, True) == (code, all(step in out for step in ("cut", "manifest", "check")))


def test_summary_loads_the_release_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """summary reads the release once, and cites the dataset it read."""
    calls = []
    real = _loader.load

    def counting(*arguments: Any, **keywords: Any) -> cd.Dataset:
        calls.append(arguments)
        return real(*arguments, **keywords)

    monkeypatch.setattr(_loader, "load", counting)
    monkeypatch.setattr(sys.modules["conflictdata.citation"], "load", counting)
    code, out, _ = _run("summary")
    assert (0, 1) == (code, len(calls))
    assert f"cite as: {cd.cite()}" in out


def test_errors_never_name_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When moving the written file into place fails, the error names the output the user
    gave, not the hidden temporary file beside it."""

    def failing(source: str, target: str, *arguments: Any, **keywords: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), source, None, target)

    monkeypatch.setattr(os, "link", failing)
    target = tmp_path / "out.json"
    code, _, err = _run("export", "--format", "json", "--output", str(target))
    assert (1, f"conflictdata: error: {target}: {os.strerror(errno.ENOSPC)}\n") == (code, err)
    assert [] == [p.name for p in tmp_path.iterdir()]
