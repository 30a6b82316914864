"""Sphinx extension of the conflictdata docs: what can be generated from the package is.

Before the pages are read it writes into ``docs/_generated/``: the intersphinx inventories
(``intersphinx/*.inv``, see :mod:`conflictdata_docs.inventories`), the codebook
(``codebook.md``), the module sections of the API reference (``api.md``) and the timeline
figure of the shipped dataset (``timeline.png``). The pages include them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from conflictdata_docs import (
    api,
    codebook,
    docstrings,
    figures,
    inventories,
    references,
    signatures,
)
from conflictdata_docs._files import write_if_changed

GENERATED = Path(__file__).resolve().parents[2] / "_generated"


def _write_inventories(app: Sphinx, config: Config) -> None:
    inventories.write_all(GENERATED / "intersphinx")


def _write_pages(app: Sphinx) -> None:
    write_if_changed(GENERATED / "codebook.md", codebook.codebook().encode("utf-8"))
    write_if_changed(GENERATED / "api.md", api.api().encode("utf-8"))
    figures.write_timeline(GENERATED / "timeline.png")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _write_inventories)  # before intersphinx reads them
    app.connect("builder-inited", _write_pages)
    docstrings.setup(app)
    references.setup(app)
    signatures.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
