"""Toctree lines for pages that are written elsewhere and merged later.

A toctree entry naming a page that does not exist fails the build (and so does an empty
``:glob:`` pattern), so the index's toctrees list pages still being written as they will be
named, and the lines naming any of :data:`PENDING_PAGES` that does not exist yet are dropped
before the index is parsed. A missing page not in that set fails the build as usual.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: Pages being written elsewhere; empty this set once they are all merged.
PENDING_PAGES = frozenset(
    {
        "tutorial",
        "formats",
        "contributing",
        "errors",
        "strategies",
        "performance",
    }
)


def _drop_pending(app: Sphinx, docname: str, content: list[str]) -> None:
    if docname != app.config.root_doc:
        return
    missing = PENDING_PAGES - app.env.found_docs
    content[0] = "\n".join(line for line in content[0].split("\n") if line.strip() not in missing)


def setup(app: Sphinx) -> None:
    app.connect("source-read", _drop_pending)
