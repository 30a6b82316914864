"""The API reference page: a section for every public module of the package, found by walking
it, so a new module is documented without editing any page; and a table of the names the
package itself exports, each linked to where it is documented."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from types import ModuleType

from sphinx.errors import ExtensionError, PycodeError
from sphinx.pycode import ModuleAnalyzer

import conflictdata
from conflictdata._deprecated import SHIMS

_ROLE = re.compile(r":([a-z]+(?::[a-z]+)?):`")

#: The order of the sections; public modules not named here follow in alphabetical order.
ORDER = (
    "models", "vocab", "dataset", "timeline", "filters", "validation", "exceptions", "io",
    "frames", "diff", "release", "citation", "strategies", "plot", "cli",
)  # fmt: skip


#: Deprecated modules kept for one release: not documented (their new homes are).


def public_modules() -> list[str]:
    """The public modules of the package (no part of the name starts with ``_``), in page order."""
    names = [
        info.name
        for info in pkgutil.walk_packages(conflictdata.__path__, "conflictdata.")
        if not any(part.startswith("_") for part in info.name.split(".")) and info.name not in SHIMS
    ]

    def rank(name: str) -> tuple[int, str]:
        top = name.split(".")[1]
        return (ORDER.index(top) if top in ORDER else len(ORDER), name)

    return sorted(names, key=rank)


def _summary(obj: object) -> str:
    """The first paragraph of ``obj``'s docstring, its reST roles written as MyST roles."""
    doc = (getattr(obj, "__doc__", None) or "").strip()
    return _ROLE.sub(r"{\1}`", " ".join(doc.split("\n\n")[0].split()))


def _public_home(name: str, module: str | None) -> str | None:
    """The public module that documents ``name`` defined in ``module``: the module itself, or
    the public package above a private module that re-exports it; None if there is none."""
    parts = (module or "").split(".")
    while parts and parts[-1].startswith("_"):
        parts.pop()
    home = ".".join(parts)
    if len(parts) < 2 or any(part.startswith("_") for part in parts):
        return None
    if home == module or name in getattr(importlib.import_module(home), "__all__", ()):
        return home
    return None


def _package_names(package: ModuleType) -> Iterator[str]:
    """The table of the package's own exports, and autodoc blocks for those whose defining
    module is private (documented here, under the package's name)."""
    here: list[str] = []
    yield "```{list-table}\n:header-rows: 1\n:widths: 30 70\n\n* - Name\n  - What it is"
    for name in package.__all__:
        obj = getattr(package, name)
        home = _public_home(name, getattr(obj, "__module__", None))
        if name == "__version__" or home is None:
            here.append(name)
            target = f"conflictdata.{name}"
        else:
            target = f"{home}.{name}"
        summary = (
            "The version of the installed library." if name == "__version__" else _summary(obj)
        )
        yield f"* - {{py:obj}}`{name} <{target}>`\n  - {summary}"
    yield "```\n"
    yield "```{eval-rst}"
    for name in here:
        if name == "__version__":
            yield ".. py:data:: conflictdata.__version__\n   :type: str\n"
            yield "   The version of the installed library (PEP 440), read from its metadata.\n"
        elif isinstance(getattr(package, name), type):
            yield f".. autoclass:: conflictdata.{name}\n   :members:\n"
        else:
            yield f".. autofunction:: conflictdata.{name}\n"
    yield "```\n"


def api() -> str:
    """The generated part of the API page, as MyST Markdown."""
    lines = [
        "(api-conflictdata)=",
        "## `conflictdata`\n",
        "```{eval-rst}\n.. automodule:: conflictdata\n   :no-members:\n```\n",
        *_package_names(conflictdata),
    ]
    for name in ["conflictdata", *public_modules()]:
        importlib.import_module(name)  # a module that does not import fails here, by name
        try:  # autodoc reads the ``#:`` docs of data with this, and silently drops them if it fails
            ModuleAnalyzer.for_module(name).analyze()
        except PycodeError as exc:
            raise ExtensionError(f"Sphinx cannot read {name}, so its #: docs are lost") from exc
    for name in public_modules():
        anchor = "api-" + name.replace(".", "-").replace("_", "-")
        lines += [f"({anchor})=", f"## `{name}`\n"]
        lines += [f"```{{eval-rst}}\n.. automodule:: {name}\n   :members:\n```\n"]
    return "\n".join(lines)
