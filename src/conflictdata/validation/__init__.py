"""Validation of contributed records: every problem, exactly located.

:func:`validate` reads JSON Lines of new records (any mix of kinds: each line's kind comes from
its id prefix), from files, binary streams or records in memory, and checks them in three
layers:

1. bytes and strict JSON: UTF-8, no NaN or Infinity, no repeated keys, bounded line length and
   nesting;
2. the JSON Schema of the record's kind (Draft 2020-12, formats checked), with the same verdict
   as the reference ``jsonschema`` validator;
3. semantics: ids unique (also against the release), references resolve (in the files or the
   release), each span's ``exact`` is its source's text, derived dates agree with their anchors,
   dates are calendar days, vocabularies fit (PLOVER modes of the event type), likelihoods fit
   their scale, and more; see :data:`CODES`.

Files are streamed: memory holds the index of ids, not the records. The :class:`Report` lists
every issue with a stable code, the file, line, JSON pointer and record id.

>>> import conflictdata as cd
>>> report = cd.validate(records=[{"id": "evt-talks", "type": "CONSULT"}])
>>> report.ok, [(issue.line, issue.pointer, issue.code) for issue in report.issues]
(False, [(1, '/summary', 'schema-required'), (1, '/factuality', 'schema-required'), (1, '/evidence', 'evidence-missing')])

How the package is built (which modules hold the rules and which only make them fast) is
described in the contributing guide.
"""

from __future__ import annotations

from conflictdata.validation import _code_entries
from conflictdata.validation._codes import Code, Registry
from conflictdata.validation._engine import validate
from conflictdata.validation._report import Issue, Omitted, Report

__all__ = ["CODES", "Code", "Issue", "Omitted", "Registry", "Report", "validate"]

#: Every issue code the validator can report, by code: a :class:`Code` each, with its severity,
#: layer, title, meaning, how to fix it and an example. The page of issue codes in the
#: documentation is generated from it.
CODES: Registry = _code_entries.CODES
