"""README's example runs as written."""

from __future__ import annotations

import contextlib
import io
import re
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
