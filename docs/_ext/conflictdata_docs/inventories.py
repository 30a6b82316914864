"""Intersphinx inventories made offline from the installed packages.

The docs are built without network access, so the ``objects.inv`` of each project they link to
cannot be downloaded. Instead, each is written here: the public names of the listed modules,
found by importing them, each with the address that project's documentation gives such a name
(its URL scheme). Links therefore point at the real pages, and a reference to a name that is
in none of these inventories still fails the nitpicky build. A class is also listed under the
module it is defined in (``attr._make.Attribute`` for ``attrs.Attribute``), the name type hints
carry. Each project's package must be installed: the ``docs`` extra installs them all.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.metadata
import inspect
import sys
import types
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from sphinx.errors import ExtensionError

from conflictdata_docs._files import write_if_changed


class Entry(NamedTuple):
    name: str
    role: str  # domain:objtype, such as py:class
    uri: str  # relative to the project's base address


class Project(NamedTuple):
    base: str  # the address of the documentation
    distribution: str  # the package whose names are listed
    entries: Callable[[], Iterable[Entry]]


def _role(obj: object) -> str:
    if isinstance(obj, type):
        return "py:exception" if issubclass(obj, BaseException) else "py:class"
    if isinstance(obj, types.ModuleType):
        return "py:module"
    return "py:function" if callable(obj) else "py:data"


def _public(module: types.ModuleType) -> Iterator[tuple[str, object]]:
    """The public names of ``module``: those it exports (``__all__``) and those it defines, or,
    without ``__all__``, all but the modules it imports."""
    exported = getattr(module, "__all__", None)
    for name in sorted(n for n in dir(module) if not n.startswith("_")):
        obj = getattr(module, name)
        if exported is None:
            if not isinstance(obj, types.ModuleType):
                yield name, obj
        elif name in exported or getattr(obj, "__module__", None) == module.__name__:
            yield name, obj


def _members(cls: type) -> Iterator[tuple[str, str]]:
    """(name, role) of the public methods and attributes a class defines or inherits."""
    for name, value in inspect.getmembers(cls):
        if not name.startswith("_"):
            yield name, "py:method" if callable(value) else "py:attribute"


def _walk(modules: Iterable[str], page: Callable[[str, str], str]) -> Iterator[Entry]:
    """Every public name of ``modules`` and of their classes; ``page(module, name)`` gives
    the address of the page that documents ``name`` (a dotted name)."""
    for module_name in modules:
        module = importlib.import_module(module_name)
        yield Entry(module_name, "py:module", page(module_name, module_name))
        for short, obj in _public(module):
            name = f"{module_name}.{short}"
            uri = page(module_name, name)
            yield Entry(name, _role(obj), uri)
            if isinstance(obj, type):
                home = f"{obj.__module__}.{obj.__qualname__}"
                if home != name:
                    yield Entry(home, _role(obj), uri)
                for member, role in _members(obj):
                    yield Entry(f"{name}.{member}", role, page(module_name, f"{name}.{member}"))


_PYTHON_MODULES = (
    "argparse", "collections", "collections.abc", "contextlib", "csv", "dataclasses",
    "datetime", "decimal", "enum", "functools", "gzip", "hashlib", "importlib",
    "importlib.metadata", "importlib.resources", "importlib.resources.abc", "io", "itertools",
    "json", "math", "os", "pathlib", "re", "shutil", "statistics", "string", "sys", "tempfile",
    "textwrap", "types", "typing", "unicodedata", "urllib.parse", "uuid", "warnings", "zipfile",
)  # fmt: skip
_STDTYPES = {"str", "bytes", "bytearray", "list", "tuple", "dict", "set", "frozenset", "range",
             "memoryview"}  # fmt: skip
_CONSTANTS = {"None", "True", "False", "Ellipsis", "NotImplemented"}


def _python() -> Iterator[Entry]:
    for name, obj in _public(builtins):
        if name in _CONSTANTS:
            yield Entry(name, "py:data", f"library/constants.html#{name}")
        elif isinstance(obj, type) and issubclass(obj, BaseException):
            yield Entry(name, "py:exception", f"library/exceptions.html#{name}")
        else:
            page = "stdtypes" if name in _STDTYPES else "functions"
            yield Entry(name, _role(obj), f"library/{page}.html#{name}")
            if isinstance(obj, type):
                for member, role in _members(obj):
                    yield Entry(f"{name}.{member}", role, f"library/stdtypes.html#{name}.{member}")
    for name in ("None", "True", "False"):  # type hints refer to None as a class
        yield Entry(name, "py:class", f"library/constants.html#{name}")
    for entry in _walk(_PYTHON_MODULES, lambda module, name: f"library/{module}.html#{name}"):
        yield entry
        if entry.name.startswith("typing."):  # special forms are referred to in every way
            yield entry._replace(role="py:class")
            yield entry._replace(role="py:data")


#: The projects linked to, by intersphinx name.
PROJECTS: dict[str, Project] = {
    "python": Project("https://docs.python.org/3/", "python", _python),
    "attrs": Project(
        "https://www.attrs.org/en/stable/",
        "attrs",
        lambda: _walk(["attrs"], lambda module, name: f"api.html#{name}"),
    ),
    "pandas": Project(
        "https://pandas.pydata.org/docs/",
        "pandas",
        lambda: _walk(["pandas"], lambda module, name: f"reference/api/{name}.html#{name}"),
    ),
    "msgspec": Project(
        "https://jcristharif.com/msgspec/",
        "msgspec",
        lambda: _walk(["msgspec", "msgspec.json"], lambda module, name: f"api.html#{name}"),
    ),
    "hypothesis": Project(
        "https://hypothesis.readthedocs.io/en/latest/",
        "hypothesis",
        lambda: _walk(
            ["hypothesis", "hypothesis.strategies"],
            lambda module, name: (
                (
                    "reference/strategies.html"
                    if module == "hypothesis.strategies"
                    else "reference/api.html"
                )
                + f"#{name}"
            ),
        ),
    ),
    "matplotlib": Project(
        "https://matplotlib.org/stable/",
        "matplotlib",
        lambda: [
            Entry(
                "matplotlib.figure.Figure",
                "py:class",
                "api/_as_gen/matplotlib.figure.Figure.html#matplotlib.figure.Figure",
            ),
            Entry(
                "matplotlib.figure.Figure.savefig",
                "py:method",
                "api/_as_gen/matplotlib.figure.Figure.savefig.html"
                "#matplotlib.figure.Figure.savefig",
            ),
            Entry(
                "matplotlib.pyplot", "py:module", "api/pyplot_summary.html#module-matplotlib.pyplot"
            ),
        ],
    ),
}


def _version(distribution: str) -> str:
    if distribution == "python":
        return "{}.{}".format(*sys.version_info)
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        raise ExtensionError(
            f"the docs link to {distribution}'s documentation, so {distribution} must be "
            'installed to list its names: pip install ".[docs]"'
        ) from None


def inventory(project: str, spec: Project) -> bytes:
    """The ``objects.inv`` (version 2) of one project."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {_version(spec.distribution)}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = sorted({f"{e.name} {e.role} 1 {e.uri} -\n" for e in spec.entries()})
    return header.encode() + zlib.compress("".join(lines).encode(), 9)


def mapping(folder: Path) -> dict[str, tuple[str, str]]:
    """The ``intersphinx_mapping`` that reads each project's inventory from ``folder``."""
    return {name: (spec.base, str(folder / f"{name}.inv")) for name, spec in PROJECTS.items()}


def write_all(folder: Path) -> None:
    """Write every project's inventory into ``folder``."""
    for name, spec in PROJECTS.items():
        write_if_changed(folder / f"{name}.inv", inventory(name, spec))
