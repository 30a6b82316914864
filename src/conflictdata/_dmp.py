"""The one place that imports diff-match-patch (the ``authoring`` extra)."""

from __future__ import annotations

from typing import Any

from conflictdata.exceptions import MissingExtraError

__all__ = ["engine"]


def engine(what: str) -> Any:
    """A ``diff_match_patch`` set for exact, repeatable results: minimal diffs (no time
    limit) and fuzzy matching of patterns of any length. Raises
    :class:`~conflictdata.exceptions.MissingExtraError` naming ``what`` needs it."""
    try:
        from diff_match_patch import diff_match_patch
    except ImportError:
        raise MissingExtraError(what, module="diff_match_patch", extra="authoring") from None
    found = diff_match_patch()
    found.Diff_Timeout = 0
    found.Match_MaxBits = 0
    found.Match_Threshold = 0.6
    return found
