"""A picture of a dataset: its events, statements and implications in time, and the links
between them.

Needs matplotlib (``pip install "conflictdata[plot]"``), imported only when a figure is drawn.
The figure is built without :mod:`matplotlib.pyplot`: it needs no display and leaves pyplot's
state alone. Save it with :meth:`~matplotlib.figure.Figure.savefig`; a notebook shows it as it is.

>>> import conflictdata as cd
>>> from conflictdata.plot import timeline_figure
>>> fig = timeline_figure(cd.load())
>>> fig.axes[0].get_title(loc="left")
'Events and statements, by date'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from conflictdata.dataset import Dataset
from conflictdata.exceptions import MissingExtraError
from conflictdata.models import Event, Implication, Record, Statement
from conflictdata.timeline import TimelineEntry

if TYPE_CHECKING:
    import matplotlib.figure
    from matplotlib.axes import Axes

__all__ = [
    "EVENTS_TITLE",
    "IMPLICATIONS_TITLE",
    "RELATION_STYLES",
    "UNDATED_TITLE",
    "RelationStyle",
    "timeline_figure",
]

#: Title of the panel of dated events and statements.
EVENTS_TITLE = "Events and statements, by date"
#: Title of the panel of implications whose horizon is known.
IMPLICATIONS_TITLE = "Implications, by projected horizon"
#: Title of the band that holds the records whose date is not known.
UNDATED_TITLE = "Undated: no date is known (in the order of their sources' text)"

_KIND_STYLES = {
    "event": ("o", "#1f5f9e"),
    "statement": ("s", "#d9731a"),
    "implication": ("D", "#7a3d9c"),
}
_UNDATED_COLUMNS = {"event": 0.2, "statement": 0.5, "implication": 0.8}


class RelationStyle(NamedTuple):
    """How one relation between records is drawn."""

    #: Its name in the legend.
    label: str
    #: Line colour.
    color: str
    #: Line style: solid, dashed or dotted.
    linestyle: Literal["-", "--", ":"]
    #: Matplotlib arrow style: ``-`` for none.
    arrowstyle: str


#: How each relation is drawn: record links by their ``rel``, and ``about`` (a statement's
#: subjects), ``driver`` (a record an implication follows from) and ``anchor`` (the record a
#: derived date is counted from).
RELATION_STYLES: dict[str, RelationStyle] = {
    "same_as": RelationStyle("same as", "#17becf", "-", "-"),
    "responds_to": RelationStyle("responds to", "#e41a1c", "-", "-|>"),
    "causes": RelationStyle("causes", "#111111", "-", "-|>"),
    "part_of": RelationStyle("part of", "#1a8a6e", "-", "-|>"),
    "refers_to": RelationStyle("refers to", "#8c8c8c", "-", "->"),
    "about": RelationStyle("statement about", "#d9731a", ":", "->"),
    "driver": RelationStyle("drives implication", "#7a3d9c", "--", "-|>"),
    "anchor": RelationStyle("date counted from", "#8c8c8c", ":", "->"),
}


class _Row(NamedTuple):
    entry: TimelineEntry
    axes: Axes
    x: float
    y: int


def _relations(record: Record) -> Iterator[tuple[str, str, str]]:
    """(from id, to id, relation) for every relation ``record`` states."""
    for link in record.links:
        yield record.id, link.target, link.rel
    if isinstance(record, Statement):
        for target in record.about:
            yield record.id, target, "about"
    if isinstance(record, Implication):
        for driver in record.drivers:
            yield driver, record.id, "driver"
    field = type(record).when_field
    when = getattr(record, field) if field else None
    if when is not None and when.anchor:
        yield record.id, when.anchor, "anchor"


def _headline(record: Record, width: int) -> str:
    if isinstance(record, Event):
        text = f"{record.type}: {record.summary}"
    elif isinstance(record, Statement):
        text = f"{record.speech_act}: {record.content}"
    elif isinstance(record, Implication):
        text = f"{record.cue}: {record.proposition}"
    else:
        text = record.kind
    return text if len(text) <= width else text[: width - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def timeline_figure(
    dataset: Dataset,
    *,
    links: bool = True,
    headlines: bool = True,
    width: float = 11.0,
    row_height: float = 0.3,
    title: str | None = None,
) -> matplotlib.figure.Figure:
    """A timeline of the events, statements and implications of ``dataset``.

    One row and one marker per record, in the order of :meth:`Dataset.timeline
    <conflictdata.dataset.Dataset.timeline>`: a dated record sits at the middle of the days
    its date may denote, with a bar across them when there is more than one; an implication
    sits at its horizon. Records whose date is not known are drawn in a separate band titled
    :data:`UNDATED_TITLE`, never on the time axis. With ``links``, lines join related
    records (styles in :data:`RELATION_STYLES`); relations to records outside ``dataset``
    are left out, so a subset draws cleanly. With ``headlines``, each row is labelled with
    its type, speech act or hedge and its text.

    Each marker's ``gid`` is its record's id.

    Args:
        dataset: The records to draw; actors and sources are not drawn.
        links: Whether to draw the relations between records.
        headlines: Whether to write each record's headline beside its row.
        width: Width of the figure in inches; the height follows the number of rows.
        row_height: Height of one row in inches.
        title: A title above the figure.

    Returns:
        A :class:`matplotlib.figure.Figure`.

    Raises:
        conflictdata.exceptions.MissingExtraError: matplotlib is not installed (a
            :class:`ModuleNotFoundError` whose message names the ``plot`` extra).
    """
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingExtraError("figures", module="matplotlib", extra="plot") from exc

    entries = dataset.timeline()
    panels = [
        (name, group)
        for name, group in (
            (EVENTS_TITLE, [e for e in entries if e.dated and e.record.kind != "implication"]),
            (
                IMPLICATIONS_TITLE,
                [e for e in entries if e.dated and e.record.kind == "implication"],
            ),
            (UNDATED_TITLE, [e for e in entries if not e.dated]),
        )
        if group
    ]
    heights = [len(group) + 1.5 for _, group in panels]
    fig = Figure(
        figsize=(width, 1.2 + row_height * sum(heights) + (0.4 if title else 0.0)),
        layout="constrained",
    )
    if title:
        fig.suptitle(title)
    if not panels:
        fig.text(0.5, 0.5, "No events, statements or implications to draw.", ha="center")
        return fig
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
    rows: dict[str, _Row] = {}
    for ax, (panel_title, group) in zip(axes, panels, strict=True):
        ax.set_title(panel_title, loc="left", fontsize=10, fontweight="bold")
        _label_rows(ax, group)
        draw = _draw_undated if panel_title == UNDATED_TITLE else _draw_dated
        rows.update(draw(ax, group))
    for row in rows.values():
        marker, color = _KIND_STYLES[row.entry.record.kind]
        row.axes.plot(
            [row.x],
            [row.y],
            marker=marker,
            color=color,
            markersize=7,
            zorder=3,
            gid=row.entry.record.id,
            linestyle="none",
        )
        if headlines:
            row.axes.annotate(
                _headline(row.entry.record, 80),
                (1.0, row.y),
                xytext=(6, 0),
                xycoords=("axes fraction", "data"),
                textcoords="offset points",
                va="center",
                fontsize=8,
                annotation_clip=False,
            )
    used = _draw_relations(fig, rows) if links else []
    _legend(fig, {r.entry.record.kind for r in rows.values()}, used)
    return fig


def _label_rows(ax: Axes, group: Sequence[TimelineEntry]) -> None:
    ax.set_yticks(range(len(group)), [e.record.id for e in group], fontsize=8, family="monospace")
    ax.set_ylim(len(group) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    for y in range(0, len(group), 2):
        ax.axhspan(y - 0.5, y + 0.5, color="#f2f2f2", zorder=0, linewidth=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _draw_dated(ax: Axes, group: Sequence[TimelineEntry]) -> Iterator[tuple[str, _Row]]:
    """Rows on a time axis: a marker in the middle of the days a date may denote, a bar across
    them when there are several, dashed to the edge where the range is open."""
    import matplotlib.dates as mdates

    def number(day: dt.date) -> float:  # the start of ``day`` on matplotlib's date axis
        value: float = mdates.date2num(dt.datetime.combine(day, dt.time()))  # type: ignore[no-untyped-call]
        return value

    known = [number(d) for e in group for d in (e.start, e.end) if d is not None]
    pad = max(1.0, (max(known) - min(known)) / 20)
    low, high = min(known) - pad, max(known) + 1 + pad
    ax.set_xlim(low, high)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    for y, entry in enumerate(group):
        first = number(entry.start) if entry.start else low
        after = number(entry.end) + 1 if entry.end else high
        if after - first > 1:
            ax.plot(
                [first, after],
                [y, y],
                color=_KIND_STYLES[entry.record.kind][1],
                alpha=0.35,
                linewidth=6,
                zorder=2,
                solid_capstyle="butt",
                linestyle="-" if entry.start and entry.end else "--",
            )
        if entry.start and entry.end:
            x = (first + after) / 2
        else:  # an open range: the marker sits in the known end day
            x = first + 0.5 if entry.start else after - 0.5
        yield entry.record.id, _Row(entry, ax, x, y)


def _draw_undated(ax: Axes, group: Sequence[TimelineEntry]) -> Iterator[tuple[str, _Row]]:
    """Rows without a time axis: one column a kind, so that links between them stay apart."""
    ax.set_facecolor("#fbf7ee")
    ax.set_xlim(0, 1)
    ax.set_xticks(list(_UNDATED_COLUMNS.values()), [f"{k}s" for k in _UNDATED_COLUMNS], fontsize=8)
    ax.tick_params(axis="x", length=0, labeltop=True, labelbottom=False)
    for y, entry in enumerate(group):
        yield entry.record.id, _Row(entry, ax, _UNDATED_COLUMNS[entry.record.kind], y)


def _draw_relations(fig: matplotlib.figure.Figure, rows: dict[str, _Row]) -> list[str]:
    from matplotlib.patches import ConnectionPatch

    used: list[str] = []
    for row in rows.values():
        for origin, target, relation in _relations(row.entry.record):
            if origin not in rows or target not in rows or origin == target:
                continue
            a, b = rows[origin], rows[target]
            style = RELATION_STYLES[relation]
            bend = 0.2 if b.y > a.y or b.axes is not a.axes else -0.2
            fig.add_artist(
                ConnectionPatch(
                    (a.x, a.y),
                    (b.x, b.y),
                    a.axes.transData,
                    b.axes.transData,
                    arrowstyle=style.arrowstyle,
                    connectionstyle=f"arc3,rad={bend}",
                    color=style.color,
                    linestyle=style.linestyle,
                    linewidth=1.2,
                    shrinkA=5,
                    shrinkB=5,
                    mutation_scale=10,
                    zorder=2,
                    alpha=0.9,
                )
            )
            if relation not in used:
                used.append(relation)
    return used


def _legend(fig: matplotlib.figure.Figure, kinds: set[str], relations: list[str]) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker=marker, color=color, linestyle="none", label=kind)
        for kind, (marker, color) in _KIND_STYLES.items()
        if kind in kinds
    ]
    handles += [
        Line2D([], [], color=s.color, linestyle=s.linestyle, label=s.label)
        for s in (RELATION_STYLES[r] for r in sorted(relations, key=list(RELATION_STYLES).index))
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(len(handles), 6),
        fontsize=8,
        frameon=False,
    )
