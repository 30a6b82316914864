"""Every docstring example in the installed package runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import conflictdata
from conflictdata._deprecated import SHIMS

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(conflictdata.__path__, "conflictdata.")
    if name != "conflictdata.__main__" and name not in SHIMS
)


@pytest.mark.parametrize("name", ["conflictdata", *MODULES])
def test_docstring_examples(name: str) -> None:
    """The module's doctests pass, and a module whose docstring shows examples runs them."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert 0 == result.failed
    if ">>>" in (module.__doc__ or ""):
        assert result.attempted > 0
