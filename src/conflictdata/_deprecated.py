"""Old module paths kept for one library release, as modules that still work as functions.

``conflictdata.cite`` was both a module and the function :func:`conflictdata.cite`, so
``import conflictdata.cite as c`` gave the function, or the function became the module after
``from conflictdata.cite import FORMATS``. The modules moved to names of their own; the old path
is a shim that warns, forwards every attribute to the new module, and is itself callable as the
function, whichever of the two the package attribute ends up being.
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings
from typing import Any

__all__ = ["SHIMS", "install_shim"]

#: The deprecated module paths, each a shim of the module that replaced it.
SHIMS = frozenset({"conflictdata.cite"})


class _CallableShim(types.ModuleType):
    """A deprecated module path: attributes come from ``_target``, calls go to ``_function``."""

    _target: str
    _function: str

    def __getattr__(self, name: str) -> Any:
        warnings.warn(
            f"the module {self.__name__} is deprecated: use {self._target}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(self._target), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function = getattr(importlib.import_module(self._target), self._function)
        return function(*args, **kwargs)


def install_shim(name: str, target: str, function: str) -> None:
    """Turn the module ``name`` (being imported) into a shim of ``target`` that calls
    ``target.function`` when called, and warn that it is deprecated."""
    module = sys.modules[name]
    module.__class__ = _CallableShim
    module._target = target  # type: ignore[attr-defined]
    module._function = function  # type: ignore[attr-defined]
    warnings.warn(
        f"the module {name} is deprecated: use {target}", DeprecationWarning, stacklevel=3
    )
