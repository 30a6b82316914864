"""README and the install page say what the project is."""

from __future__ import annotations

import contextlib
import io
import re
import tomllib
from pathlib import Path

import conflictdata as cd

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example_runs() -> None:
    """The Python block of README.md runs and prints the dataset version and a citation."""
    code = re.search(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)
    assert code is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), str(README), "exec"), {})
    printed = out.getvalue()
    assert printed.startswith(cd.versions()[-1] + " ")
    assert cd.load().content_hash in printed


def test_the_install_page_lists_every_extra() -> None:
    """docs/install.md's table of extras names exactly the extras pyproject.toml declares."""
    root = README.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    page = (root / "docs" / "install.md").read_text("utf-8")
    listed = re.findall(r"^\| `([a-z]+)` \|", page, re.MULTILINE)
    assert sorted(declared["optional-dependencies"]) == sorted(listed)
