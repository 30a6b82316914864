"""conflictdata: an annotated, versioned, schema-validated dataset of geopolitical events,
statements and projected implications, each traced to the words of its source.

>>> import conflictdata as cd
>>> ds = cd.load()
>>> ds.version == cd.versions()[-1]
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

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
from conflictdata.validate import Issue, Report, validate

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

try:
    __version__ = _version("conflictdata")
except PackageNotFoundError:  # pragma: no cover - running from a source tree never installed
    __version__ = "0+unknown"
