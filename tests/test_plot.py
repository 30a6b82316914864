"""The timeline figure: one marker per record, undated records apart, links between records."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata.dataset import Dataset
from conflictdata.models import Event, Implication, Likelihood, Link, Record, Span, Statement, When
from conflictdata.vocab import LINK_RELATIONS

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch

from conflictdata.plot import (
    RELATION_STYLES,
    UNDATED_TITLE,
    timeline_figure,
)

SHIPPED = cd.load()
SOURCE = SHIPPED.sources[0].id


def _span(start: int) -> tuple[Span, ...]:
    text = SHIPPED.texts[SOURCE]
    return (Span(source=SOURCE, start=start, end=start + 5, exact=text[start : start + 5]),)


def _event(slug: str, date: str | None, *links: Link) -> Event:
    when = When(date=date, precision="day", basis="text") if date else When()
    return Event(
        id=f"evt-{slug}",
        type="ASSAULT",
        summary=f"Event {slug}.",
        factuality="CT+",
        when=when,
        links=links,
        evidence=_span(len(slug)),
    )


def _markers(fig: Figure) -> dict[str, str]:
    """Record id -> left title of the panel its marker is in."""
    found: dict[str, str] = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            gid = line.get_gid()
            if gid is not None:
                assert gid not in found, f"{gid} has more than one marker"
                found[gid] = ax.get_title(loc="left")
    return found


def _sample() -> Dataset:
    """Dated and undated records of every drawn kind, related in every way the figure draws."""
    records: list[Record] = [
        *SHIPPED.sources,
        *SHIPPED.actors,
        _event("strike", "2024-11-21"),
        _event("attack", "2024-11-22", Link(rel="same_as", target="evt-strike")),
        _event("reply", None, Link(rel="responds_to", target="evt-strike")),
        Statement(
            id="stm-warning",
            attribution="reported",
            cue="warn",
            speech_act="warning",
            content="A warning.",
            about=("evt-strike", "act-russia"),
            evidence=_span(30),
        ),
        Implication(
            id="imp-escalation",
            proposition="Escalation.",
            cue="could",
            likelihood=Likelihood(verbal="could", scale="FactBank", value="PS+"),
            horizon="2024-12/2025-02",
            drivers=("evt-strike", "stm-warning"),
            evidence=_span(40),
        ),
    ]
    return Dataset(records, texts=SHIPPED.texts)


#: The relations between drawn records in the sample: (from, to).
SAMPLE_RELATIONS = {
    ("evt-attack", "evt-strike"),
    ("evt-reply", "evt-strike"),
    ("stm-warning", "evt-strike"),
    ("evt-strike", "imp-escalation"),
    ("stm-warning", "imp-escalation"),
}


def _lines(fig: Figure) -> list[ConnectionPatch]:
    return [a for a in fig.artists if isinstance(a, ConnectionPatch)]


def _drawn(dataset: Dataset) -> list[str]:
    return sorted(e.record.id for e in dataset.timeline())


def test_one_marker_per_record() -> None:
    """Every event, statement and implication of the shipped dataset has exactly one marker."""
    fig = timeline_figure(SHIPPED)
    assert _drawn(SHIPPED) == sorted(_markers(fig))


def test_undated_records_in_labelled_band() -> None:
    """Records without a date are drawn in the band titled as undated, whose columns are the
    record kinds, not times."""
    dataset = _sample()
    fig = timeline_figure(dataset)
    markers = _markers(fig)
    undated = sorted(e.record.id for e in dataset.timeline() if not e.dated)
    assert ["evt-reply", "stm-warning"] == undated
    assert undated == sorted(i for i, title in markers.items() if title == UNDATED_TITLE)
    band = next(ax for ax in fig.axes if ax.get_title(loc="left") == UNDATED_TITLE)
    labels = [label.get_text() for label in band.get_xticklabels()]
    assert ["events", "statements", "implications"] == labels


def test_links_drawn_once_each() -> None:
    """same_as, responds_to, statement subjects and implication drivers each draw one line;
    a statement's subject that is an actor is not on the figure and draws none."""
    fig = timeline_figure(_sample())
    assert len(SAMPLE_RELATIONS) == len(_lines(fig))
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    expected = {RELATION_STYLES[r].label for r in ("same_as", "responds_to", "about", "driver")}
    assert expected <= legend


def test_every_link_relation_has_a_style() -> None:
    """Every relation a record's links may name is drawn in a style of its own."""
    assert set(LINK_RELATIONS) <= set(RELATION_STYLES)
    assert len(RELATION_STYLES) == len({(s.color, s.linestyle) for s in RELATION_STYLES.values()})


def test_without_links() -> None:
    """links=False draws the markers and no relation lines."""
    fig = timeline_figure(_sample(), links=False)
    assert [] == _lines(fig)
    assert _drawn(_sample()) == sorted(_markers(fig))


@given(st.sets(st.sampled_from(_drawn(_sample()))))
def test_any_subset(chosen: set[str]) -> None:
    """A subset draws one marker per chosen record, and only links between chosen records."""
    full = _sample()
    subset = Dataset(
        [r for r in full.records() if r.id in chosen or r.kind in ("source", "actor")],
        texts=full.texts,
    )
    fig = timeline_figure(subset)
    assert sorted(chosen) == sorted(_markers(fig))
    assert len({r for r in SAMPLE_RELATIONS if set(r) <= chosen}) == len(_lines(fig))


def test_empty_dataset() -> None:
    """A dataset with nothing to draw gives a figure that says so, without axes."""
    fig = timeline_figure(Dataset(SHIPPED.sources, texts=SHIPPED.texts))
    assert [] == fig.axes
    assert ["No events, statements or implications to draw."] == [t.get_text() for t in fig.texts]


def test_no_pyplot_and_light_import(fresh_python: Callable[..., str]) -> None:
    """Importing the package loads no matplotlib; drawing a figure does not load pyplot."""
    code = (
        "import sys, conflictdata, conflictdata.plot as p\n"
        "assert 'matplotlib' not in sys.modules\n"
        "p.timeline_figure(conflictdata.load()).savefig(__import__('io').BytesIO(), format='png')\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    fresh_python(code)
