"""Figures drawn from the shipped dataset at build time."""

from __future__ import annotations

import io
from pathlib import Path

import conflictdata
from conflictdata.plot import timeline_figure
from conflictdata_docs._files import write_if_changed


def write_timeline(path: Path) -> None:
    """Draw the newest shipped release's timeline into the PNG file ``path``."""
    dataset = conflictdata.load()
    figure = timeline_figure(dataset, width=13, title=f"conflictdata dataset {dataset.version}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    write_if_changed(path, buffer.getvalue())
