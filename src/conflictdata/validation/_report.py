"""The results of validation: :class:`Issue` and :class:`Report`.

Issues are data, as in frictionless: each has a stable ``code`` (a slug documented in the registry
:data:`conflictdata.validation.CODES`), a severity, a message and where it is: the file, the line,
the JSON pointer into the record and the record id.
"""

from __future__ import annotations

import json
import warnings
from typing import Any, Literal

from attrs import asdict, evolve, frozen

from conflictdata.exceptions import Where

__all__ = ["Issue", "Omitted", "Report", "Severity", "moved", "shorten"]

Severity = Literal["error", "warning"]


@frozen(kw_only=True)
class Issue:
    """One problem found in a contributed file.

    >>> issue = Issue(code="ref-unresolved", severity="error", message="no record has the id "
    ...     "'act-nobody'", file="new.jsonl", line=3, pointer="/speaker", record_id="stm-a")
    >>> issue.to_text()
    "new.jsonl:3: /speaker: error ref-unresolved: no record has the id 'act-nobody' (record stm-a)"

    ``str(issue)`` is the same text; ``issue.where`` is the location, as loader errors and
    release problems give theirs, and ``issue.path`` the pointer's steps:

    >>> issue.path
    ('speaker',)
    """

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    pointer: str | None = None
    record_id: str | None = None

    @property
    def where(self) -> Where:
        """Where the problem is."""
        return Where(file=self.file, line=self.line, pointer=self.pointer, record_id=self.record_id)

    @property
    def path(self) -> tuple[str | int, ...]:
        """The JSON pointer as steps (object keys, and array indices as integers)."""
        return self.where.path

    def __str__(self) -> str:
        return self.where.describe(self.message, label=f"{self.severity} {self.code}")

    def to_dict(self) -> dict[str, Any]:
        """The issue as a JSON-ready dict."""
        return asdict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The issue as JSON text (see :meth:`to_dict`)."""
        return _json(self.to_dict(), indent)

    def to_text(self) -> str:
        """The issue for people, on one line: ``file:line: pointer: severity code: message``."""
        return str(self)


@frozen(kw_only=True)
class Omitted:
    """Issues of one code in one file that a report counts but does not list (past the
    first thousand of them)."""

    file: str | None
    code: str
    severity: Severity
    count: int

    def to_text(self) -> str:
        """The line a report shows for them."""
        return f"{self.file or '-'}: {self.count} more {self.severity} {self.code} not listed"


@frozen(kw_only=True)
class Report:
    """Everything validation found, in file and line order.

    ``ok`` is true when no issue is an error (warnings do not make a file invalid).

    >>> report = Report(files=("new.jsonl",), records=2, issues=())
    >>> report.ok, report.to_text()
    (True, 'new.jsonl: 2 records, no problems\\n')
    """

    files: tuple[str, ...]
    records: int
    issues: tuple[Issue, ...]
    release: str | None = None
    #: Issues counted but not listed: past the first thousand of one code in one file.
    omitted: tuple[Omitted, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the files are valid: no issue has severity ``error``."""
        return not self.errors and not any(o.severity == "error" for o in self.omitted)

    def _total(self, severity: Severity) -> int:
        listed = sum(issue.severity == severity for issue in self.issues)
        return listed + sum(o.count for o in self.omitted if o.severity == severity)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of severity ``error``."""
        return tuple(issue for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues of severity ``warning``."""
        return tuple(issue for issue in self.issues if issue.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict: ``ok``, counts, the files, the release and issues."""
        return {
            "ok": self.ok,
            "files": list(self.files),
            "release": self.release,
            "records": self.records,
            "errors": self._total("error"),
            "warnings": self._total("warning"),
            "issues": [issue.to_dict() for issue in self.issues],
            "omitted": [asdict(omitted) for omitted in self.omitted],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (see :meth:`to_dict`)."""
        return _json(self.to_dict(), indent)

    def to_text(self) -> str:
        """The report for people: one line per issue, then a summary line."""
        lines = [str(issue) for issue in self.issues]
        lines += [omitted.to_text() for omitted in self.omitted]
        files = ", ".join(self.files) or "(no files)"
        records = _count(self.records, "record")
        against = f" (checked against release {self.release})" if self.release else ""
        if self.issues:
            found = f"{_count(self._total('error'), 'error')}, "
            found += _count(self._total("warning"), "warning")
            lines.append(f"{files}: {found} in {records}{against}")
        else:
            lines.append(f"{files}: {records}, no problems{against}")
        return "\n".join(lines) + "\n"

    def format_text(self) -> str:
        """Deprecated alias of :meth:`to_text`, to be removed in the next library release."""
        warnings.warn(
            "Report.format_text() is deprecated: use Report.to_text()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.to_text()


def _json(data: dict[str, Any], indent: int | None) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def shorten(text: str, limit: int = 300) -> str:
    """``text`` cut to ``limit`` characters for a message, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def moved(issues: list[Issue], shift: int) -> list[Issue]:
    """The issues with ``shift`` added to their line numbers."""
    return [
        evolve(found, line=found.line + shift) if found.line is not None else found
        for found in issues
    ]
