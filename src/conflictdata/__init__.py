"""conflictdata: an annotated, versioned, schema-validated dataset of geopolitical events,
statements and projected implications, each traced to the words of its source.

>>> import conflictdata as cd
>>> ds = cd.load()
>>> ds.version == cd.versions()[-1]
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from conflictdata._diff import Diff, FieldChange, RecordChange, diff
from conflictdata._loader import load, versions
from conflictdata.cite import cite
from conflictdata.dataset import Dataset
from conflictdata.exceptions import (
    ConflictDataError,
    DataError,
    IntegrityError,
    InvalidCriterionError,
    UnknownCriterionError,
    UnknownRecordError,
    UnknownVersionError,
)
from conflictdata.models import (
    Actor,
    Event,
    EventActor,
    Implication,
    Likelihood,
    Link,
    Location,
    Record,
    Resolution,
    Role,
    Source,
    Span,
    Statement,
    When,
)
from conflictdata.validation import Issue, Report, validate

__all__ = [
    "Actor",
    "ConflictDataError",
    "DataError",
    "Dataset",
    "Diff",
    "Event",
    "EventActor",
    "FieldChange",
    "Implication",
    "IntegrityError",
    "InvalidCriterionError",
    "Issue",
    "Likelihood",
    "Link",
    "Location",
    "Record",
    "RecordChange",
    "Report",
    "Resolution",
    "Role",
    "Source",
    "Span",
    "Statement",
    "UnknownCriterionError",
    "UnknownRecordError",
    "UnknownVersionError",
    "When",
    "__version__",
    "cite",
    "diff",
    "load",
    "validate",
    "versions",
]

if TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> str:
        # The version is looked up on first use: importlib.metadata costs a fifth of the
        # package's import time.
        if name != "__version__":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("conflictdata")
        except PackageNotFoundError:  # pragma: no cover - a source tree never installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
