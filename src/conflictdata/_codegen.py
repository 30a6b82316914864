"""Generated Python functions, compiled so that tracebacks and debuggers show their source.

The decoders' builders and the validator's fast checks are written out as Python source, as
attrs writes ``__init__`` methods, because that runs several times faster than a loop over
fields. Each is compiled under a unique file name that is registered in :mod:`linecache`, so a
traceback through generated code shows its lines, and ``pdb`` can list them.

>>> import linecache
>>> double = compile_function("def double(x):\\n    return 2 * x\\n", "double", {})
>>> double(21)
42
>>> linecache.getline(double.__code__.co_filename, 2).strip()
'return 2 * x'
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable
from typing import Any

__all__ = ["PassedMemo", "compile_function"]

_NUMBERS = itertools.count(1)


class PassedMemo:
    """The strings known to pass ``test``, for generated checks: they ask ``value in
    memo.seen`` first and call the test only for a string not seen; at most ``limit`` are
    remembered (the memory is emptied when full, so it holds recent strings: ids are referred
    to near where they are defined).

    >>> memo = PassedMemo(str.isdigit, limit=2)
    >>> memo.passes("42"), memo.passes("x"), sorted(memo.seen)
    (True, False, ['42'])
    """

    __slots__ = ("limit", "seen", "test")

    def __init__(self, test: Callable[[str], object], limit: int) -> None:
        self.test, self.limit = test, limit
        self.seen: set[str] = set()

    def passes(self, value: str) -> bool:
        """Whether ``value`` passes the test; remembered if it does."""
        if not self.test(value):
            return False
        if len(self.seen) >= self.limit:
            self.seen.clear()
        self.seen.add(value)
        return True


def compile_function(source: str, name: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    """Compile ``source`` (which defines ``name``, and may define more functions that then land
    in ``namespace``) with ``namespace`` as its globals, and return the function ``name``."""
    filename = f"<conflictdata generated {name} #{next(_NUMBERS)}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    exec(compile(source, filename, "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    return function
