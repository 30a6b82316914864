"""Citing a dataset version: the text a paper's reference list needs."""

from __future__ import annotations

from conflictdata._loader import load

__all__ = ["cite"]

_TITLE = "conflictdata: annotated geopolitical events, statements and projected implications"


def cite(format: str = "apa", *, version: str | None = None) -> str:
    """The citation of a shipped dataset version (the newest by default).

    >>> import conflictdata as cd
    >>> "Dataset version 1.0.0" in cd.cite(version="1.0.0")
    True
    """
    if format != "apa":
        raise ValueError(f"unknown citation format {format!r}; expected one of: apa")
    dataset = load(version)
    return (
        f"conflictdata contributors. ({str(dataset.metadata.get('created', 'n.d.'))[:4]}). {_TITLE} "
        f"[Data set]. Dataset version {dataset.version}, content sha256 {dataset.content_hash}."
    )
