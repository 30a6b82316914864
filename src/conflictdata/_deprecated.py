"""Old module paths kept for one library release, as modules that still work as functions.

``conflictdata.validate`` and ``conflictdata.cite`` were both modules and the functions
:func:`conflictdata.validate` and :func:`conflictdata.cite`, so ``import conflictdata.cite as c``
gave the function, or the function became the module after ``from conflictdata.cite import
FORMATS``. The modules moved to names of their own (:mod:`conflictdata.validation`,
:mod:`conflictdata.citation`); each old path is a shim whose names warn and forward to the new
module, and which is itself callable as the function (with its signature), whichever of the two
the package attribute ends up being.
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings
from typing import Any

__all__ = ["SHIMS", "install_shim"]

#: The deprecated module paths, each a shim of the module that replaced it.
SHIMS = frozenset({"conflictdata.cite", "conflictdata.validate"})


class _CallableShim(types.ModuleType):
    """A deprecated module path: the names of ``_target`` warn and forward, calls go to
    ``_target``'s ``_function``."""

    _target: str
    _function: str

    def __getattr__(self, name: str) -> Any:
        target = importlib.import_module(self._target)
        if name not in getattr(target, "__all__", ()):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        warnings.warn(
            f"{self.__name__}.{name} is deprecated: use {self._target}.{name}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(target, name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(self._target), self._function)(*args, **kwargs)


def install_shim(name: str, target: str, function: str) -> None:
    """Turn the module ``name`` (being imported) into a shim of module ``target``, callable as
    ``target.function``."""
    module = sys.modules[name]
    module.__class__ = _CallableShim
    module._target = target  # type: ignore[attr-defined]
    module._function = function  # type: ignore[attr-defined]
    # For inspect.signature and help(): what calling the module calls.
    module.__wrapped__ = getattr(importlib.import_module(target), function)  # type: ignore[attr-defined]
