"""conflictdata: an annotated, versioned, schema-validated dataset of geopolitical events,
statements and projected implications, each traced to the words of its source.

>>> import conflictdata as cd
>>> ds = cd.load()
>>> ds.version == cd.versions()[-1]
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from conflictdata._loader import load, versions
from conflictdata.dataset import Dataset
from conflictdata.exceptions import (
    ConflictDataError,
    DataError,
    IntegrityError,
    InvalidCriterionError,
    MissingExtraError,
    UnknownCriterionError,
    UnknownRecordError,
    UnknownVersionError,
)
from conflictdata.models import (
    Actor,
    Event,
    EventActor,
    Fatalities,
    Implication,
    Likelihood,
    Link,
    Location,
    Record,
    Resolution,
    Role,
    RowRef,
    Source,
    Span,
    Statement,
    When,
)

if TYPE_CHECKING:
    from conflictdata._diff import Diff, FieldChange, RecordChange, diff
    from conflictdata.citation import cite
    from conflictdata.validation import Issue, Report, validate

#: Names imported on first use, by the module that defines them: the validator, the diff and
#: the citations bring in more than loading and querying a release needs.
_LAZY = {
    "Diff": "conflictdata._diff",
    "FieldChange": "conflictdata._diff",
    "RecordChange": "conflictdata._diff",
    "diff": "conflictdata._diff",
    "cite": "conflictdata.citation",
    "Issue": "conflictdata.validation",
    "Report": "conflictdata.validation",
    "validate": "conflictdata.validation",
}

__all__ = [
    "Actor",
    "ConflictDataError",
    "DataError",
    "Dataset",
    "Diff",
    "Event",
    "EventActor",
    "Fatalities",
    "FieldChange",
    "Implication",
    "IntegrityError",
    "InvalidCriterionError",
    "Issue",
    "Likelihood",
    "Link",
    "Location",
    "MissingExtraError",
    "Record",
    "RecordChange",
    "Report",
    "Resolution",
    "Role",
    "RowRef",
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

    def __getattr__(name: str) -> Any:
        if name in _LAZY:
            value = getattr(importlib.import_module(_LAZY[name]), name)
            globals()[name] = value
            return value
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
