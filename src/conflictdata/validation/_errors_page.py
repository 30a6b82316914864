"""Writes ``docs/errors.md``, the page of every validation issue code, from the registry.

Each code's example is run through the validator against the shipped release and the page shows
what it reports, so the page cannot say anything the validator does not do. A test fails when
the committed page differs from what this module writes. Regenerate it with::

    python -m conflictdata.validation._errors_page docs/errors.md
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import attrs

from conflictdata._fsutil import atomic_writer
from conflictdata._limits import MAX_DEPTH
from conflictdata._loader import load
from conflictdata.dataset import Dataset
from conflictdata.validation._code_entries import CODES
from conflictdata.validation._codes import Code, Layer
from conflictdata.validation._engine import validate
from conflictdata.validation._json_layer import MAX_LINE_BYTES
from conflictdata.validation._report import Issue

__all__ = ["EXAMPLE_FILE", "errors_page", "run_example"]

#: The name of the contributed file in the examples.
EXAMPLE_FILE = "contribution.jsonl"

_LAYERS: dict[Layer, tuple[str, str]] = {
    "file": ("Files and bytes", "Problems of the file and its bytes, before any JSON is read."),
    "json": (
        "Strict JSON",
        "Problems of the JSON text of a line: what the JSON standard forbids, and what it allows "
        "but readers disagree on.",
    ),
    "schema": (
        "The JSON Schema",
        "Problems the record's JSON Schema finds (Draft 2020-12, with format checking), with the "
        "reference `jsonschema` validator's verdict; first, the line must be a record with an id "
        "that names its kind.",
    ),
    "semantics": (
        "Meaning",
        "Rules the schema cannot state: ids, references, spans against their source text, dates, "
        "vocabularies and fields that go together.",
    ),
}


def run_example(code: Code, release: Dataset) -> list[Issue]:
    """What the validator reports for a code's example (none without an example), with file
    names as if it ran in the example's folder."""
    if code.example is None:
        return []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / EXAMPLE_FILE
        data = code.example.encode("utf-8", "surrogateescape")
        path.write_bytes(data + b"\n" if data else data)
        for name, content in code.files:
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_bytes(content)
        here = str(Path(folder)) + os.sep
        return [
            attrs.evolve(issue, file=EXAMPLE_FILE, message=issue.message.replace(here, ""))
            for issue in validate(path, release=release).issues
        ]


def errors_page(release: Dataset | None = None) -> str:
    """The Markdown of ``docs/errors.md``."""
    release = release if release is not None else load()
    out = [
        "# Validation issues",
        "",
        "{func}`conflictdata.validate` and `conflictdata validate` report every problem they find "
        "with a stable code, listed here. An *error* makes a file invalid (exit code 1); a "
        "*warning* asks you to look again but does not. Each issue names the file, the line, the "
        "JSON pointer of the value inside the record and the record's id. See "
        "[Contributing records](contributing.md) for how to run the validator.",
        "",
        f"Lines longer than {MAX_LINE_BYTES:,} bytes and JSON nested more than {MAX_DEPTH} levels "
        f"deep are not read. Each example below is a file `{EXAMPLE_FILE}` checked against "
        f"release {release.version} and what the validator reports for it.",
        "",
        "This page is generated from the registry of codes ({data}`conflictdata.validation.CODES`); "
        "a test fails when it drifts.",
        "",
    ]
    for layer, (title, intro) in _LAYERS.items():
        codes = [code for code in CODES.values() if code.layer == layer]
        out += [
            f"## {title}",
            "",
            intro,
            "",
            "| Code | Severity | Problem |",
            "| --- | --- | --- |",
        ]
        out += [f"| {{ref}}`{c.code} <{c.code}>` | {c.severity} | {c.title} |" for c in codes]
        out.append("")
        for code in codes:
            out += _section(code, release)
    return "\n".join(out)


def _section(code: Code, release: Dataset) -> list[str]:
    out = [
        f"({code.code})=",
        f"### `{code.code}`: {code.title}",
        "",
        f"*{code.severity}.* {code.meaning}",
        "",
    ]
    if code.example is not None:
        shown = code.example.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        shown = shown.replace("\ufeff", "\\ufeff")
        language = "json" if _is_json_lines(code.example) else "text"
        out += [f"Example `{EXAMPLE_FILE}`:", "", f"```{language}", shown or "", "```", ""]
        for name, content in code.files:
            text = content.decode("utf-8", "backslashreplace")
            out += [f"with `{name}` beside it, holding:", "", "```text", text, "```", ""]
        reported = "\n".join(str(issue) for issue in run_example(code, release))
        out += ["reports:", "", "```text", reported, "```", ""]
    out += [f"**How to fix:** {code.fix}", ""]
    return out


def _is_json_lines(text: str) -> bool:
    """Whether every line of ``text`` is JSON as a highlighter reads it (no NaN, no BOM)."""
    try:
        for line in text.splitlines():
            json.loads(line, parse_constant=_refuse)
    except ValueError:
        return False
    return "\ufeff" not in text


def _refuse(name: str) -> float:
    raise ValueError(name)


if __name__ == "__main__":  # pragma: no cover - maintainer's script
    parser = argparse.ArgumentParser(description="Write the validation issues page.")
    parser.add_argument("target", nargs="?", type=Path, default=Path("docs/errors.md"))
    target = parser.parse_args().target
    with atomic_writer(target, overwrite=True) as handle:
        handle.write(errors_page().encode("utf-8"))
    print(target)
