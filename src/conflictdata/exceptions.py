"""Exceptions raised by conflictdata.

Every error about data says where: the file, the line, the JSON pointer and the record id, as
attributes as well as in the message, so programs can act on them and people can find the place.
"""

from __future__ import annotations

__all__ = [
    "ConflictDataError",
    "DataError",
    "IntegrityError",
    "InvalidCriterionError",
    "MissingExtraError",
    "UnknownCriterionError",
    "UnknownRecordError",
    "UnknownVersionError",
]


class ConflictDataError(Exception):
    """Base class of every exception conflictdata raises on purpose."""


class DataError(ConflictDataError, ValueError):
    """Data that does not fit the record contract, with its location.

    >>> from conflictdata.exceptions import DataError
    >>> str(DataError("expected an integer", file="events.jsonl", line=3, pointer="/when"))
    'events.jsonl:3: /when: expected an integer'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        pointer: str | None = None,
        record_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.pointer = pointer
        self.record_id = record_id

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        parts = [p for p in (where, self.pointer, self.message) if p]
        text = ": ".join(parts)
        return f"{text} (record {self.record_id})" if self.record_id else text


class IntegrityError(DataError):
    """A release whose files do not match its manifest: tampered, truncated or incomplete."""


class InvalidCriterionError(ConflictDataError, ValueError):
    """A filter criterion with an impossible value: an unknown event type, a malformed date.

    The message names the valid choices and the closest ones to what was given.
    """


class MissingExtraError(ConflictDataError, ModuleNotFoundError):
    """An optional dependency that is not installed; the message names the extra to install.

    >>> from conflictdata.exceptions import MissingExtraError
    >>> error = MissingExtraError("Parquet files", module="pyarrow", extra="arrow")
    >>> print(error)
    Parquet files need pyarrow: pip install "conflictdata[arrow]"
    >>> (error.name, error.extra, isinstance(error, ImportError))
    ('pyarrow', 'arrow', True)
    """

    def __init__(self, what: str, *, module: str, extra: str) -> None:
        super().__init__(f'{what} need {module}: pip install "conflictdata[{extra}]"', name=module)
        self.what = what
        self.extra = extra


class UnknownCriterionError(ConflictDataError, TypeError):
    """A filter keyword that is not a criterion; the message names the closest ones."""


class UnknownVersionError(ConflictDataError, LookupError):
    """A dataset version that is not shipped with this installation."""


class UnknownRecordError(ConflictDataError, KeyError):
    """A record id that the dataset does not hold."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
