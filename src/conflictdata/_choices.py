"""Checking a value against its valid choices, with an error that names them and the closest.

>>> choose("Type", "PLOVER event type", "assault", ("AGREE", "ASSAULT"))
'ASSAULT'
>>> choose("Type", "PLOVER event type", "ASSUALT", ("AGREE", "ASSAULT"))
Traceback (most recent call last):
...
conflictdata.exceptions.InvalidCriterionError: Type: unknown PLOVER event type 'ASSUALT'; did you mean 'ASSAULT'? Valid: AGREE, ASSAULT
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from conflictdata.exceptions import InvalidCriterionError

__all__ = ["choose", "fold", "invalid"]

_SHOWN = 40


def fold(text: str) -> str:
    """``text`` in NFC and case-folded, for matching regardless of case."""
    return unicodedata.normalize("NFC", text).casefold()


def invalid(name: str, what: str, value: object, choices: Iterable[str]) -> InvalidCriterionError:
    """The error for ``value`` that is none of ``choices``: it names the closest and the valid."""
    choices = list(choices)
    by_fold = {fold(choice): choice for choice in choices}
    close = difflib.get_close_matches(fold(str(value)), by_fold, n=3)
    hint = f"; did you mean {' or '.join(repr(by_fold[c]) for c in close)}?" if close else "."
    shown = ", ".join(choices[:_SHOWN]) + (", ..." if len(choices) > _SHOWN else "")
    return InvalidCriterionError(f"{name}: unknown {what} {value!r}{hint} Valid: {shown}")


def choose(name: str, what: str, value: object, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``, else its only match in another case; or raise
    :class:`TypeError` (not a string) or :class:`~conflictdata.InvalidCriterionError`."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a string, got {value!r} ({type(value).__name__})")
    if value in choices:
        return value
    same = [choice for choice in choices if fold(choice) == fold(value)]
    if len(same) == 1:
        return same[0]
    raise invalid(name, what, value, choices)
