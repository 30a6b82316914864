"""The marks of PLOVER's ``textInfo.markup``, and where their words are in the sentence.

The gold standard marks the words of a coded sentence with ``(SRC: ...)``, ``(TAR: ...)``,
``(SRC/TAR: ...)`` (a party to a reciprocal event), ``(EVT: ...)`` (the trigger) and
``(LOC: ...)`` (the place). Marks nest (``(LOC: in (TAR: Macedonia))``) and the file has stray
parentheses and braces; a mark that never closes is given up. Each mark's words (the text
inside it, nested marks' words included) are then found in the sentence, in order, so a span's
``exact`` is always ``text[start:end]``; words not in the sentence give no span.

>>> marks("(SRC: U.S.) and (SRC: Russian negotiators) (EVT: return ) (LOC: to Geneva) this week")
[Mark(tag='SRC', words='U.S.'), Mark(tag='SRC', words='Russian negotiators'), Mark(tag='EVT', words='return'), Mark(tag='LOC', words='to Geneva')]
>>> [(m.tag, m.words) for m in marks("(LOC: (EVT: to) Britain) on Sunday")]
[('LOC', 'to Britain'), ('EVT', 'to')]
"""

from __future__ import annotations

import re

from attrs import frozen

__all__ = ["Mark", "find_words", "marks"]

_OPEN = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC)\s*:\s*")


@frozen
class Mark:
    """A mark of the markup: its tag (``SRC``, ``TAR``, ``SRC/TAR``, ``EVT``, ``LOC``) and the
    words inside it."""

    tag: str
    words: str


def marks(markup: str) -> list[Mark]:
    """The closed marks of ``markup``, in the order they open."""
    opened: list[tuple[int, str, list[str], list[int]]] = []  # order, tag, words, depth
    found: list[tuple[int, Mark]] = []
    position = count = 0
    while position < len(markup):
        opening = _OPEN.match(markup, position)
        if opening is not None:
            opened.append((count, opening.group(1), [], [0]))
            count += 1
            position = opening.end()
            continue
        char = markup[position]
        position += 1
        if opened and char == ")":
            order, tag, words, depth = opened[-1]
            if depth[0] == 0:
                opened.pop()
                found.append((order, Mark(tag, " ".join("".join(words).split()))))
                continue
            depth[0] -= 1
        elif opened and char == "(":
            opened[-1][3][0] += 1
        for _, _, words, _ in opened:
            words.append(char)
    return [mark for _, mark in sorted(found, key=lambda pair: pair[0]) if mark.words]


def find_words(text: str, words: str, after: int) -> tuple[int, int] | None:
    """Where ``words`` are in ``text`` (blanks between them matching any run of blanks), the
    first place at or after ``after``, else the first anywhere; None if nowhere."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words.split()))
    for start in (after, 0):
        match = pattern.search(text, start)
        if match is not None:
            return match.start(), match.end()
    return None
