"""The machinery of validation issue codes: :class:`Code`, :class:`Registry` and its
:meth:`Registry.issue`.

Every code the validator can report is registered with its severity, layer, title, what it
means, how to fix it and an example; the entries themselves are data, in
:mod:`conflictdata.validation._code_entries`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from attrs import frozen

from conflictdata.validation._report import Issue, Severity

__all__ = ["Code", "Layer", "Registry"]

Layer = Literal["file", "json", "schema", "semantics"]


@frozen(kw_only=True)
class Code:
    """An issue code and its documentation.

    ``example`` is the content of a contributed file that shows the problem (checked against
    the shipped release, with ``files`` written beside it), or None where a short example is
    impossible (a line over a megabyte).
    """

    code: str
    severity: Severity
    layer: Layer
    title: str
    meaning: str
    fix: str
    example: str | None
    files: tuple[tuple[str, bytes], ...] = ()


class Registry(Mapping[str, Code]):
    """The issue codes, by code, in the order of the layers that report them."""

    def __init__(self, *codes: Code) -> None:
        self._codes = {code.code: code for code in codes}

    def __getitem__(self, code: str) -> Code:
        return self._codes[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"<Registry of {len(self)} issue codes>"

    def issue(
        self,
        code: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        pointer: str | None = None,
        record_id: str | None = None,
    ) -> Issue:
        """An :class:`~conflictdata.validation.Issue` of a registered code, with the
        code's severity (an unknown code is an error)."""
        known = self.get(code)
        return Issue(
            code=code,
            severity=known.severity if known is not None else "error",
            message=message,
            file=file,
            line=line,
            pointer=pointer,
            record_id=record_id,
        )
