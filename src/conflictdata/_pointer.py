"""JSON Pointers (RFC 6901), written and read in one place.

>>> json_pointer(["evidence", 0, "a/b~c"])
'/evidence/0/a~1b~0c'
>>> steps_of("/evidence/0/a~1b~0c")
('evidence', 0, 'a/b~c')
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["json_pointer", "steps_of"]


def json_pointer(steps: Iterable[str | int]) -> str:
    """The JSON Pointer of a path of object keys and array indices (``""`` for the root)."""
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in steps)


def steps_of(pointer: str) -> tuple[str | int, ...]:
    """The steps of a JSON Pointer, unescaped; a step of digits reads as an array index."""
    if not pointer:
        return ()
    steps = (step.replace("~1", "/").replace("~0", "~") for step in pointer.split("/")[1:])
    return tuple(int(step) if step.isdigit() else step for step in steps)
