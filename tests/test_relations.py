"""Relations between records: links both ways, coreference, drivers, statements about, actors."""

from __future__ import annotations

import pytest

import conflictdata as cd
from conflictdata.relations import ACTOR_ROLES, actor_roles

TEXT = "One. Two. Three. Four. Five. Six. Seven."


def _evidence(words: str) -> tuple[cd.Span, ...]:
    start = TEXT.index(words)
    return (cd.Span(source="src-r", start=start, end=start + len(words), exact=words),)


def _event(record_id: str, *links: tuple[str, str], actor: str | None = None) -> cd.Event:
    return cd.Event(
        id=record_id,
        type="ASSAULT",
        summary="Something happens.",
        factuality="CT+",
        actors=(cd.EventActor(actor=actor, role="initiator"),) if actor else (),
        links=tuple(cd.Link(rel=rel, target=target) for rel, target in links),  # type: ignore[arg-type]
        evidence=_evidence("One."),
    )


def _implication(record_id: str, *drivers: str, **fields: object) -> cd.Implication:
    return cd.Implication(
        id=record_id,
        proposition="Something follows.",
        cue="could",
        likelihood=cd.Likelihood(verbal="could", scale="FactBank", value="PS+"),
        drivers=drivers,
        evidence=_evidence("Five."),
        **fields,  # type: ignore[arg-type]
    )


def _statement(record_id: str, *about: str, **fields: object) -> cd.Statement:
    return cd.Statement(
        id=record_id,
        attribution="author",
        cue="say",
        speech_act="claim",
        content="Something is said.",
        about=about,
        evidence=_evidence("Six."),
        **fields,  # type: ignore[arg-type]
    )


def graph() -> cd.Dataset:
    """evt-a, evt-b and evt-c are one event (b same_as a, c same_as b); evt-d responds to evt-a
    and is part of evt-war; implications and statements hang off the coreferent events."""
    return cd.Dataset(
        [
            cd.Source(id="src-r", language="en", sha256="0" * 64, path="sources/r.txt"),
            cd.Actor(id="act-x", name="Ex", type="state"),
            cd.Actor(id="act-y", name="Why", type="state"),
            _event("evt-a", actor="act-x"),
            _event("evt-b", ("same_as", "evt-a")),
            _event("evt-c", ("same_as", "evt-b")),
            _event("evt-d", ("responds_to", "evt-a"), ("part_of", "evt-war")),
            _event("evt-war"),
            _statement("stm-1", "evt-b", speaker="act-x"),
            _statement("stm-2", "act-x", "act-y"),
            _implication("imp-1", "evt-c", holder="act-x"),
            _implication("imp-2", "imp-1", affects=("act-x",)),
            _implication("imp-3", "stm-1"),
            _implication("imp-4", "evt-war"),
        ],
        texts={"src-r": TEXT},
    )


def ids(records: tuple[cd.Record, ...]) -> list[str]:
    return [record.id for record in records]


@pytest.mark.parametrize(
    ("record", "rel", "direction", "expected"),
    [
        ("evt-a", "same_as", "both", ["evt-b", "evt-c"]),
        ("evt-c", "same_as", "out", ["evt-a", "evt-b"]),
        ("evt-a", "responds_to", "in", ["evt-d"]),
        ("evt-a", "responds_to", "out", []),
        ("evt-d", None, "out", ["evt-a", "evt-war"]),
        ("evt-war", None, "both", ["evt-d"]),
        ("evt-a", None, "both", ["evt-b", "evt-c", "evt-d"]),
    ],
)
def test_linked(record: str, rel: str | None, direction: str, expected: list[str]) -> None:
    """Links are followed out, in or both ways; same_as always both ways and transitively."""
    assert expected == ids(graph().linked(record, rel, direction=direction))  # type: ignore[arg-type]


def test_driven_by_counts_coreferent_records() -> None:
    """Implications driven by a record coreferent with the one asked about are its own."""
    ds = graph()
    assert ["imp-1"] == ids(ds.driven_by("evt-a")) == ids(ds.driven_by(ds.get("evt-b")))
    assert ["imp-2"] == ids(ds.driven_by("imp-1"))


def test_driven_by_transitive_follows_implications_and_statements() -> None:
    """Transitively, implications driven by implications, and by statements about the record,
    follow from it too."""
    assert ["imp-1", "imp-2", "imp-3"] == ids(graph().driven_by("evt-a", transitive=True))
    assert ["imp-4"] == ids(graph().driven_by("evt-war", transitive=True))


def test_about_counts_coreferent_records() -> None:
    """Statements about a record coreferent with the one asked about are about it."""
    ds = graph()
    assert ["stm-1"] == ids(ds.about("evt-c"))
    assert ["stm-2"] == ids(ds.about("act-y"))


def test_involving_every_role() -> None:
    """An actor appears as an event actor, a speaker, a subject, a holder and an affected one."""
    ds = graph()
    assert ["evt-a", "stm-1", "stm-2", "imp-1", "imp-2"] == ids(ds.involving("act-x"))
    assert ["stm-1"] == ids(ds.involving(ds.get("act-x"), role="speaker"))  # type: ignore[arg-type]
    assert ["stm-2"] == ids(ds.involving("why"))


def test_actor_roles_cover_every_role() -> None:
    """actor_roles() reports each of ACTOR_ROLES from the field that holds it."""
    seen = {role for record in graph() for _, role in actor_roles(record)}
    assert {"initiator", "speaker", "about", "holder", "affects"} == seen
    assert set(ACTOR_ROLES) >= seen


def test_relations_stay_within_a_subset() -> None:
    """A subset answers with the records it holds and the links they hold."""
    sub = graph().filter(id=["evt-a", "evt-b", "imp-2"])
    assert (["evt-b"], [], []) == (
        ids(sub.linked("evt-a")),
        ids(sub.driven_by("evt-a", transitive=True)),
        ids(sub.about("evt-a")),
    )


def test_evidence_text() -> None:
    """evidence_text() gives the words of each evidence span, for a record or an id."""
    ds = graph()
    assert ("One.",) == ds.evidence_text("evt-a") == ds.evidence_text(ds.get("evt-a"))
    assert () == ds.evidence_text("act-x")


def test_bad_relation_arguments() -> None:
    """An unknown relation or direction names the valid ones; an unknown id is a KeyError."""
    ds = graph()
    with pytest.raises(cd.InvalidCriterionError, match="did you mean 'same_as'"):
        ds.linked("evt-a", "same")  # type: ignore[arg-type]
    with pytest.raises(cd.InvalidCriterionError, match="Valid: both, out, in"):
        ds.linked("evt-a", direction="up")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="evt-zz"):
        ds.driven_by("evt-zz")
