"""Docstrings in the docs: napoleon where it helps, and examples run as the tests run them.

Napoleon reads the first line of an attribute's, a property's or a module variable's docs as
``type: description``. This project writes those as prose ("How a date is known: stated by the
source, ..."), which napoleon would turn into a type that links nowhere. So its docstring
handler is replaced by one that leaves those three kinds alone.

The tests run every docstring example with the globals of its module
(``tests/test_doctests.py``), as :func:`doctest.testmod` does. The doctest builder runs the
examples of a page in one namespace; so each module's docstring examples are put in a group
of their own, set up with that module's globals, and run exactly as the tests run them.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext import napoleon

from conflictdata_docs.references import lookup

_PROSE = frozenset({"attribute", "property", "data"})
_DOCSTRING_OF = "docstring of "


def _process_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if what not in _PROSE:
        napoleon._process_docstring(app, what, name, obj, options, lines)


def _module_of(source: str) -> str | None:
    """The module whose globals a docstring's examples see, from the source autodoc gives the
    docstring (``.../release.py:docstring of conflictdata.release.check_policy``)."""
    if _DOCSTRING_OF not in source:
        return None
    name = source.rsplit(_DOCSTRING_OF, 1)[1]
    package = importlib.import_module("conflictdata")
    hit = (package, []) if name == "conflictdata" else lookup(package, name.partition(".")[2])
    module = inspect.getmodule(hit[0]) if hit else None
    return module.__name__ if module else None


def _group_docstring_examples(app: Sphinx, doctree: nodes.document) -> None:
    modules = set()
    for block in doctree.findall(nodes.doctest_block):
        module = _module_of(block.source or "")
        if module:
            block["groups"] = [module]
            modules.add(module)
    for module in sorted(modules):
        setup = f"import importlib\nglobals().update(vars(importlib.import_module({module!r})))"
        doctree += nodes.comment(setup, setup, testnodetype="testsetup", groups=[module])


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.napoleon")
    for listener in list(app.events.listeners["autodoc-process-docstring"]):
        if listener.handler is napoleon._process_docstring:
            app.disconnect(listener.id)
    app.connect("autodoc-process-docstring", _process_docstring)
    app.connect("doctree-read", _group_docstring_examples)
