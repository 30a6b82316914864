"""The command line: output, exit codes, and errors without tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import conflictdata as cd
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
