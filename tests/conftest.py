"""Shared fixtures, the hypothesis profiles and the ``slow`` marker.

Profiles: ``ci`` (the default: few examples, fast) and ``thorough`` (many examples); choose with
the environment variable ``CONFLICTDATA_HYPOTHESIS_PROFILE``. Tests that start interpreters or
run the benchmarks are marked ``slow`` (those that use :func:`fresh_python` by that alone), so
``python -m pytest -m "not slow"`` is a quick inner loop; CI and README's command run them all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from importlib.resources import as_file
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from conflictdata._loader import release_dir
from conflictdata._release_folder import MANIFEST, record_filename
from conflictdata.release import write_manifest
from conflictdata.vocab import RECORD_KINDS

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("CONFLICTDATA_HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that starts a fresh interpreter through :func:`fresh_python`."""
    for item in items:
        if "fresh_python" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    """A writable copy of the newest shipped release folder."""
    target = tmp_path / "release"
    with as_file(release_dir()) as source:
        shutil.copytree(source, target)
    return target


Edit = Callable[[dict[str, list[dict[str, Any]]]], None]
#: Runs Python code in a fresh interpreter: ``run(code, *arguments, env=None, strict=False)``.
FreshPython = Callable[..., str]


@pytest.fixture
def fresh_python() -> FreshPython:
    """A function that runs ``code`` in a fresh interpreter (with ``arguments`` in ``sys.argv``,
    the environment ``env`` if given, warnings as errors if ``strict``) and returns what it
    printed; the test fails if it exits other than 0 or writes anything to standard error."""

    def run(
        code: str, *arguments: str, env: dict[str, str] | None = None, strict: bool = False
    ) -> str:
        command = [sys.executable, *(("-W", "error") if strict else ()), "-c", code, *arguments]
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert (0, "") == (result.returncode, result.stderr)
        return result.stdout

    return run


@pytest.fixture
def derive_release(tmp_path: Path) -> Callable[..., Path]:
    """A function that writes a release derived from a release folder (the newest shipped one
    by default) under ``tmp_path`` and returns its folder: ``derive(version, edit=...,
    changes=..., base=..., name=..., **metadata)`` (the folder is ``name``, by default the
    version). ``edit`` gets the records of each record file as
    dicts, by file name, and changes them in place; ``changes`` are the descriptor's notes."""

    def derive(
        version: str,
        *,
        edit: Edit | None = None,
        changes: Sequence[dict[str, str]] = (),
        base: Path | None = None,
        name: str | None = None,
        **metadata: Any,
    ) -> Path:
        target = tmp_path / "releases" / (name or version)
        if base is None:
            with as_file(release_dir()) as shipped:
                shutil.copytree(shipped, target)
        else:
            shutil.copytree(base, target)
        names = [record_filename(kind) for kind in RECORD_KINDS]
        records = {
            name: [json.loads(line) for line in (target / name).read_text("utf-8").splitlines()]
            for name in names
        }
        if edit is not None:
            edit(records)
        for name, items in records.items():
            lines = [json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in items]
            (target / name).write_text("".join(lines), "utf-8")
        descriptor = json.loads((target / MANIFEST).read_text("utf-8"))
        descriptor.pop("resources")
        descriptor.update(version=version, changes=list(changes), **metadata)
        write_manifest(target, descriptor)
        return target

    return derive
