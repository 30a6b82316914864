"""Issues kept up to a bound per file and code, so that memory follows the input's structure,
not the number of its problems: a file of two million bad lines keeps the first
:data:`MAX_ISSUES_PER_CODE` of each code, and counts the rest.

Which issues are kept does not depend on the order they are found in (worker processes and
chunks find issues across records in varying orders): each kind of issue has a key, and the
issues with the smallest keys are the ones kept.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from itertools import count
from typing import Any

from conflictdata.validation._report import Issue, Omitted, Severity

__all__ = ["MAX_ISSUES_PER_CODE", "KeptIssues"]

#: The most issues of one code kept for one file.
MAX_ISSUES_PER_CODE = 1000


class _Largest:
    """A heap entry ordered backwards, so that the heap's top is the largest key."""

    __slots__ = ("issue", "key")

    def __init__(self, key: Any, issue: Issue) -> None:
        self.key, self.issue = key, issue

    def __lt__(self, other: _Largest) -> bool:
        return bool(self.key > other.key)


class KeptIssues:
    """Issues added one by one or in bulk (``+=``, ``append``, ``extend``), of which the
    ``limit`` with the smallest ``key`` (given also the order of arrival) are kept for each
    file and code; iterating gives them in the order they came."""

    def __init__(self, key: Callable[[Issue, int], Any], limit: int = MAX_ISSUES_PER_CODE) -> None:
        self._key, self._limit = key, limit
        self._heaps: dict[tuple[str | None, str], list[_Largest]] = {}
        self._arrival = count()
        self._omitted: dict[tuple[str | None, str, Severity], int] = {}

    def append(self, found: Issue) -> None:
        """Keep ``found`` if it is among the first of its file and code."""
        group = (found.file, found.code)
        heap = self._heaps.setdefault(group, [])
        arrival = next(self._arrival)
        entry = _Largest((self._key(found, arrival), arrival), found)
        if len(heap) < self._limit:
            heapq.heappush(heap, entry)
            return
        dropped = heapq.heappushpop(heap, entry).issue
        where = (dropped.file, dropped.code, dropped.severity)
        self._omitted[where] = self._omitted.get(where, 0) + 1

    def extend(self, issues: Iterable[Issue]) -> None:
        """Add each of ``issues``."""
        for found in issues:
            self.append(found)

    def __iter__(self) -> Iterator[Issue]:
        entries = [entry for heap in self._heaps.values() for entry in heap]
        return (entry.issue for entry in sorted(entries, key=lambda entry: entry.key[1]))

    def __len__(self) -> int:
        return sum(len(heap) for heap in self._heaps.values())

    def omitted(self) -> tuple[Omitted, ...]:
        """How many issues of each file, code and severity were not kept, in a fixed order."""
        return tuple(
            Omitted(file=file, code=code, severity=severity, count=number)
            for (file, code, severity), number in sorted(
                self._omitted.items(), key=lambda item: (str(item[0][0]), item[0][1])
            )
        )
