"""The bounds on the structure of JSON that every reader of the package holds to.

The validator reports a contribution past them as ``json-too-deep`` or ``json-not-finite``; the
release manifest reader refuses one as a located :class:`~conflictdata.DataError`; the typed
decoders of records (loader, ``conflictdata.io``) accept no nesting beyond the record model's
own, which is far less deep.
"""

from __future__ import annotations

from typing import Any

from conflictdata._pointer import json_pointer

__all__ = ["MAX_DEPTH", "MAX_INTEGER_DIGITS", "too_deep_at"]

#: Deepest nesting of arrays and objects accepted; records nest three levels deep.
MAX_DEPTH = 32
#: The most digits an integer may have: Python's own limit for turning text into an integer.
MAX_INTEGER_DIGITS = 4300


def too_deep_at(value: Any) -> str | None:
    """The JSON pointer of the first array or object in ``value`` nested more than
    :data:`MAX_DEPTH` levels deep, or None.

    >>> too_deep_at({"a": [[1]]}) is None
    True
    >>> nested: list[object] = []
    >>> for _ in range(40):
    ...     nested = [nested]
    >>> too_deep_at({"a": nested})
    '/a/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0'
    """
    pending: list[tuple[Any, list[str | int]]] = [(value, [])]
    while pending:
        item, path = pending.pop()
        if isinstance(item, dict | list) and len(path) >= MAX_DEPTH:
            return json_pointer(path)
        if isinstance(item, dict):
            pending.extend((inner, [*path, key]) for key, inner in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend(
                (inner, [*path, index]) for index, inner in reversed(list(enumerate(item)))
            )
    return None
