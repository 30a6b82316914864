"""Exceptions raised by conflictdata, and :class:`Where`, the location every problem names.

Every error about data says where: the file, the line, the JSON pointer and the record id, as
attributes as well as in the message, so programs can act on them and people can find the place.
Loader errors, validation issues and release problems share one :class:`Where` and write it the
same way.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from conflictdata._pointer import steps_of

__all__ = [
    "ColumnsWarning",
    "ConflictDataError",
    "DataError",
    "IntegrityError",
    "InvalidCriterionError",
    "MissingExtraError",
    "UnknownCriterionError",
    "UnknownRecordError",
    "UnknownVersionError",
    "Where",
]


@frozen(kw_only=True)
class Where:
    """Where a problem is: the file, the line in it, the JSON pointer in the record and the
    record's id; any of them may be unknown.

    >>> from conflictdata.exceptions import Where
    >>> where = Where(file="events.jsonl", line=3, pointer="/when", record_id="evt-a")
    >>> where.describe("expected an integer")
    'events.jsonl:3: /when: expected an integer (record evt-a)'
    >>> where.path
    ('when',)
    """

    file: str | None = None
    line: int | None = None
    pointer: str | None = None
    record_id: str | None = None

    @property
    def path(self) -> tuple[str | int, ...]:
        """The JSON pointer as steps, array indices as integers (RFC 6901 unescaped)."""
        return steps_of(self.pointer or "")

    def describe(self, message: str, *, label: str | None = None) -> str:
        """``message`` preceded by the file, line and pointer (and ``label``, such as a severity
        and code, between the pointer and the message), followed by the record id."""
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        text = ": ".join(part for part in (where, self.pointer, label, message) if part)
        return f"{text} (record {self.record_id})" if self.record_id else text


class ConflictDataError(Exception):
    """Base class of every exception conflictdata raises on purpose."""


class DataError(ConflictDataError, ValueError):
    """Data that does not fit the record contract, with its location and, where one applies,
    the stable ``code`` of the problem (the codes page of the documentation lists them).

    >>> from conflictdata.exceptions import DataError
    >>> error = DataError("expected an integer", file="events.jsonl", line=3, pointer="/when")
    >>> str(error)
    'events.jsonl:3: /when: expected an integer'
    >>> error.where.line
    3
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        pointer: str | None = None,
        record_id: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, file, line, pointer, record_id, code)
        self.message = message
        self.file = file
        self.line = line
        self.pointer = pointer
        self.record_id = record_id
        self.code = code

    @property
    def where(self) -> Where:
        """The location of the problem."""
        return Where(file=self.file, line=self.line, pointer=self.pointer, record_id=self.record_id)

    def __str__(self) -> str:
        return self.where.describe(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {"file": self.file, "line": self.line, "pointer": self.pointer}
        fields |= {"record_id": self.record_id, "code": self.code}
        return _rebuild, (type(self), self.message, fields)


def _rebuild(cls: type[DataError], message: str, fields: dict[str, Any]) -> DataError:
    """A DataError (or subclass) from what :meth:`DataError.__reduce__` pickled."""
    return cls(message, **fields)


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


class ColumnsWarning(UserWarning):
    """A release folder's columnar form is left aside (stale, damaged or of another format):
    the release is read from its JSON Lines instead, with the same records."""
