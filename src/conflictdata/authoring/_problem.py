"""What the authoring tools report: a problem or a change, with its code and where it is."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from conflictdata.exceptions import Where

__all__ = ["Problem"]


@frozen(kw_only=True)
class Problem:
    """One thing the authoring tools report about a span or a line, located.

    ``severity`` is ``error`` when the span was left as it was and needs a person (a quote not
    found, found in several places, an orphaned span), ``warning`` when the tool made a change
    that a person should read (a quote whose words were corrected).

    >>> from conflictdata.exceptions import Where
    >>> where = Where(file="new.jsonl", line=2, pointer="/evidence/0/exact", record_id="evt-a")
    >>> print(Problem(code="quote-not-found", message="no 'Kiev' in the text", where=where))
    new.jsonl:2: /evidence/0/exact: error quote-not-found: no 'Kiev' in the text (record evt-a)
    """

    code: str
    message: str
    where: Where
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return self.where.describe(self.message, label=f"{self.severity} {self.code}")
