"""Authoring tools: write a contribution by quoting, and keep its spans through corrections.

- :func:`add_source` writes a text file in Unicode NFC under ``sources/`` and returns the
  Source record with its SHA-256 and path;
- :func:`anchor` and :func:`anchor_files` fill in the ``start`` and ``end`` of every span that
  gives its quote (``exact``, and ``prefix``, ``suffix`` or an approximate ``start`` where the
  words occur more than once), and check the spans that have them;
- :func:`reanchor` and :func:`reanchor_files` move spans from a source text onto its corrected
  version, reporting every quote whose words changed and every span that cannot be placed;
- :func:`find_quote` and :func:`unique_context` are the quote selector itself: the place of a
  quote, and the shortest context that names it alone.

They work on records as JSON objects, before they are valid; :func:`conflictdata.validate`
checks the result. Re-anchoring needs the ``authoring`` extra (diff-match-patch):
``pip install "conflictdata[authoring]"``; the rest needs nothing beyond the core.
The command line has them as ``conflictdata add-source``, ``anchor`` and ``reanchor``.
"""

from __future__ import annotations

from conflictdata._quotes import Candidate, QuoteError, find_quote, unique_context
from conflictdata.authoring._anchor import anchor, anchor_files
from conflictdata.authoring._problem import Problem
from conflictdata.authoring._reanchor import reanchor, reanchor_files
from conflictdata.authoring._records import Outcome
from conflictdata.authoring._source import NewSource, add_source, source_record

__all__ = [
    "Candidate",
    "NewSource",
    "Outcome",
    "Problem",
    "QuoteError",
    "add_source",
    "anchor",
    "anchor_files",
    "find_quote",
    "reanchor",
    "reanchor_files",
    "source_record",
    "unique_context",
]
