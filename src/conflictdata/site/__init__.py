"""A static browser of a dataset: every record beside the words of its source, in web pages.

:func:`build_site` writes a folder of HTML pages that work offline, opened from ``file://`` or
served by any static host: nothing is fetched, the script and style sheet come with the
package. The top page ``index.html`` lists the sources, searches and filters every record
(type, actor, date, factuality, text) and shows the timeline; ``sources/<source-id>.html``
shows a source's text with every evidence span highlighted by record kind, and the panel of
each of its records with the element ``id`` equal to the record's id (``#<record-id>``). Built
from contributed files, the pages also show the validator's issues, a span whose words are not
at its offsets marked both where it says they are and where they are.

The timeline needs matplotlib (``pip install "conflictdata[site]"``); without it, build the
site with ``timeline=False`` (``--no-timeline``).

>>> import tempfile, pathlib
>>> import conflictdata as cd
>>> from conflictdata.site import build_site
>>> built = build_site(pathlib.Path(tempfile.mkdtemp()) / "site")
>>> sorted(p.name for p in built.path.iterdir())
['assets', 'index.html', 'sources', 'timeline.svg']
>>> built.records == len(cd.load()), built.issues
(True, 0)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from attrs import frozen

from conflictdata._fsutil import atomic_folder
from conflictdata._loader import Release
from conflictdata.dataset import Dataset
from conflictdata.exceptions import DataError
from conflictdata.models import Source
from conflictdata.site._content import Content, from_contrib, from_release
from conflictdata.site._figure import timeline_svg
from conflictdata.site._render import Pages, index_page, source_page

__all__ = ["ENTRIES", "TIMELINE_LIMIT", "Built", "build_site"]

#: The most events, statements and implications the timeline is drawn for: a figure of a
#: thousand rows takes matplotlib over a minute, and is too tall to read.
TIMELINE_LIMIT = 400

#: What a site folder holds: an existing folder of only these is replaced with ``overwrite``.
ENTRIES = ("assets", "index.html", "sources", "timeline.svg")


@frozen
class Built:
    """A site written: its folder, how many source pages, records and issues it shows."""

    path: Path
    source_pages: int
    records: int
    issues: int


def _figure(content: Content) -> tuple[bytes | None, str | None]:
    """The timeline's SVG, or None and why it is left out: more records than
    :data:`TIMELINE_LIMIT`, or a contributed date that cannot be placed (its issue is listed)."""
    drawn = sum(r.kind in ("event", "statement", "implication") for r in content.records)
    if drawn > TIMELINE_LIMIT:
        return None, (
            f"The timeline is drawn for at most {TIMELINE_LIMIT} events, statements and "
            f"implications, and these pages have {drawn}: draw a subset with "
            "conflictdata.plot.timeline_figure."
        )
    try:
        return timeline_svg(Dataset(content.records, texts=content.texts), content.title), None
    except DataError as exc:
        return None, f"The timeline is left out: {exc}"


def _write(folder: Path, content: Content, figure: bytes | None, note: str | None) -> int:
    pages = Pages.of(content)
    if figure is not None:
        (folder / "timeline.svg").write_bytes(figure)
    (folder / "index.html").write_text(
        index_page(pages, timeline=figure is not None, note=note), encoding="utf-8"
    )
    (folder / "sources").mkdir()
    sources = [r for r in content.records if isinstance(r, Source) and r.id in pages.with_page]
    for source in sources:
        page = source_page(source, pages)
        (folder / "sources" / f"{source.id}.html").write_text(page, encoding="utf-8")
    (folder / "assets").mkdir()
    for asset in sorted(files(__package__).joinpath("assets").iterdir(), key=lambda a: a.name):
        if asset.is_file() and not asset.name.startswith("."):
            (folder / "assets" / asset.name).write_bytes(asset.read_bytes())
    return len(sources)


def build_site(
    output: str | os.PathLike[str],
    *,
    release: Release | None = None,
    contrib: Sequence[str | os.PathLike[str]] = (),
    overwrite: bool = False,
    timeline: bool = True,
) -> Built:
    """Write the site of ``release`` (None: the newest shipped one; a shipped version, a release
    folder or a :class:`~conflictdata.Dataset`) into the folder ``output``; with ``contrib``
    (paths of JSON Lines files), the site of those contributed records, checked against
    ``release``, with their issues in place. Without ``timeline`` the top page has no timeline
    figure, and matplotlib is not needed; with more than :data:`TIMELINE_LIMIT` records to draw,
    the page says why it has none.

    The same input gives the same bytes. The folder appears only when complete; an existing one
    is replaced only with ``overwrite`` and only if it holds nothing but a site's entries
    (:class:`FileExistsError` otherwise). Raises
    :class:`~conflictdata.exceptions.MissingExtraError` when the timeline is asked for and
    matplotlib is not installed (the ``site`` extra).
    """
    content = from_contrib(contrib, release) if contrib else from_release(release)
    figure, note = _figure(content) if timeline else (None, None)
    with atomic_folder(output, overwrite=overwrite, replaceable=ENTRIES) as folder:
        count = _write(folder, content, figure, note)
    return Built(Path(output), count, len(content.records), len(content.issues))
