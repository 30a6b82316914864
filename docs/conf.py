"""Sphinx configuration of the conflictdata documentation.

Build the pages, and run every example in them::

    sphinx-build -n -W --keep-going -b html docs docs/_build/html
    sphinx-build -n -W --keep-going -b doctest docs docs/_build/doctest

The docs describe the source tree they sit in (``src`` comes first on the path). Nothing is
downloaded: the intersphinx inventories are written from the installed packages
(``_ext/conflictdata_docs/inventories.py``).
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent / "src"), str(DOCS / "_ext")]

from conflictdata_docs import GENERATED, inventories, signatures  # noqa: E402

import conflictdata  # noqa: E402

project = "conflictdata"
author = "conflictdata contributors"
copyright = "conflictdata contributors"
release = version = conflictdata.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "myst_parser",
    "conflictdata_docs",
]
exclude_patterns = ["_build", "_generated"]
nitpicky = True

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_type_aliases = signatures.TYPE_ALIASES
python_use_unqualified_type_names = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False

intersphinx_mapping = inventories.mapping(GENERATED / "intersphinx")

doctest_global_setup = "import conflictdata as cd"
# As the tests run docstrings (tests/test_doctests.py); exception messages are compared too.
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)

# The dataset browser of the newest shipped release, built with the pages and copied beside them
# (``dataset-browser/index.html``); the site page links to it.
from conflictdata.site import build_site  # noqa: E402

(GENERATED / "site").mkdir(parents=True, exist_ok=True)
build_site(GENERATED / "site" / "dataset-browser", overwrite=True)
html_extra_path = [str(GENERATED / "site")]

html_theme = "furo"
html_title = f"conflictdata {release}"
