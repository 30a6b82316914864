"""The timeline figure of a site, as SVG that is the same bytes for the same records."""

from __future__ import annotations

import io

from conflictdata.dataset import Dataset
from conflictdata.exceptions import MissingExtraError

__all__ = ["timeline_svg"]


def timeline_svg(dataset: Dataset, title: str) -> bytes:
    """The SVG of :func:`conflictdata.plot.timeline_figure` of ``dataset``: no date in it, and
    the element ids drawn from a fixed salt, so the same records give the same bytes. Its words
    are text, not outlines: a reader can search and copy them, and the file is smaller and
    drawn faster."""
    try:
        import matplotlib
    except ImportError as exc:
        raise MissingExtraError("the site's timeline", module="matplotlib", extra="site") from exc
    from conflictdata.plot import timeline_figure

    with matplotlib.rc_context({"svg.hashsalt": "conflictdata-site", "svg.fonttype": "none"}):
        figure = timeline_figure(dataset, width=13, title=title)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
