"""References to conflictdata's names by any name the code knows them by.

An object is documented once, under one name: a class of a public module under that module
(``conflictdata.exceptions.DataError``), a name the package exports from a private module under
the package (``conflictdata.Diff``). Pages, docstrings and type hints call the same object by
other names too: ``conflictdata.DataError`` as users import it, ``conflictdata._diff.Diff`` as
a type hint carries it, ``Dataset.content_hash`` as the docstring's module sees it. A reference
that Sphinx does not find is looked up as Python would (from the package, or from the module
the reference is written in), and resolved to the name the object is documented under. A
reference to something that is not documented still fails the nitpicky build.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import sys
from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

_PACKAGE = "conflictdata"
# The kinds of object indexed by identity, and how to recognise each.
_DEFINITIONS = {
    "class": inspect.isclass,
    "exception": inspect.isclass,
    "function": inspect.isfunction,
    "module": inspect.ismodule,
}


def lookup(scope: Any, dotted: str) -> tuple[Any, list[str]] | None:
    """The module, class or function that the longest leading part of ``dotted`` names in
    ``scope``, and the remaining parts (an attribute, a method)."""
    parts = dotted.split(".")
    obj = scope
    for index, part in enumerate(parts):
        found = getattr(obj, part, None)
        if found is None and inspect.ismodule(obj):  # a submodule not imported yet
            with contextlib.suppress(ImportError):
                found = importlib.import_module(f"{obj.__name__}.{part}")
        if not (inspect.ismodule(found) or inspect.isclass(found) or inspect.isfunction(found)):
            return (obj, parts[index:]) if index else None
        obj = found
    return obj, []


def _scopes(target: str, module: str | None) -> Iterator[tuple[Any, str]]:
    package = importlib.import_module(_PACKAGE)
    if target.startswith(_PACKAGE + "."):
        yield package, target.removeprefix(_PACKAGE + ".")
    if module and module.split(".")[0] == _PACKAGE and module in sys.modules:
        yield sys.modules[module], target


_INDEX: dict[tuple[int, int], dict[int, str]] = {}  # in memory only: ids are per process


def _documented(env: BuildEnvironment) -> dict[int, str]:
    """The name each documented class, function and module is documented under, by identity."""
    objects = env.get_domain("py").objects
    key = (id(env), len(objects))
    if key not in _INDEX:
        _INDEX.clear()
        _INDEX[key] = found = {}
        package = importlib.import_module(_PACKAGE)
        for name, entry in objects.items():
            if entry.objtype in _DEFINITIONS and name.split(".")[0] == _PACKAGE:
                hit = lookup(package, name.removeprefix(_PACKAGE + ".")) if "." in name else None
                obj = package if name == _PACKAGE else (hit[0] if hit and not hit[1] else None)
                if obj is not None and _DEFINITIONS[entry.objtype](obj):
                    found.setdefault(id(obj), name)
    return _INDEX[key]


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    objects = env.get_domain("py").objects
    names = []
    for scope, dotted in _scopes(target, node.get("py:module")):
        hit = lookup(scope, dotted)
        if hit is not None and id(hit[0]) in _documented(env):
            names.append(".".join([_documented(env)[id(hit[0])], *hit[1]]))
    names.append(target)  # a documented name asked for in another role: a vocabulary type
    for name in names:
        if name in objects:
            entry = objects[name]
            return make_refnode(
                app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name
            )
    return None


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", _resolve)
