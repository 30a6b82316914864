"""Deprecated: the validator's module is now :mod:`conflictdata.validation`.

``from conflictdata.validate import CODES, Report, validate`` and ``conflictdata.validate.CODES``
still work for one library release, with a :class:`DeprecationWarning`. The function
``conflictdata.validate`` is unchanged; this module, once imported, is callable as that
function too, since importing it rebinds the package's ``validate`` attribute to it.
"""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

from conflictdata import validation

__all__: list[str] = []

_MOVED = frozenset(validation.__all__)


class _CallableModule(types.ModuleType):
    """A module that calls :func:`conflictdata.validate` when called."""

    def __call__(self, *args: Any, **kwargs: Any) -> validation.Report:
        return validation.validate(*args, **kwargs)


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"conflictdata.validate.{name} is deprecated: use conflictdata.validation.{name}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(validation, name)


#: For :func:`inspect.signature` and ``help()``: what calling this module calls.
__wrapped__ = validation.validate
sys.modules[__name__].__class__ = _CallableModule
