"""Napoleon for functions, classes and modules only.

Napoleon reads the first line of an attribute's, a property's or a module variable's docs as
``type: description``. This project writes those as prose ("How a date is known: stated by the
source, ..."), which napoleon would turn into a type that links nowhere. So its docstring
handler is replaced by one that leaves those three kinds alone.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.ext import napoleon

_PROSE = frozenset({"attribute", "property", "data"})


def _process_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if what not in _PROSE:
        napoleon._process_docstring(app, what, name, obj, options, lines)


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.napoleon")
    for listener in list(app.events.listeners["autodoc-process-docstring"]):
        if listener.handler is napoleon._process_docstring:
            app.disconnect(listener.id)
    app.connect("autodoc-process-docstring", _process_docstring)
