"""Filtering records: what each criterion matches, how subsets stay whole, and bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import conflictdata as cd
from conflictdata.filters import (
    Actor,
    And,
    Attribution,
    Basis,
    Context,
    Country,
    Criterion,
    Cue,
    During,
    Factuality,
    Id,
    Kind,
    Likelihood,
    Mode,
    Not,
    Or,
    Precision,
    Resolution,
    Satisfies,
    Source,
    SpeechAct,
    Status,
    Text,
    Type,
    select,
    where,
)

TEXT = (
    "Alpha struck Beta in November. Gamma warned that the war could spread. "
    "Delta met Alpha. Analysts see further strikes as likely."
)


def _span(words: str, role: str | None = None) -> cd.Span:
    start = TEXT.index(words)
    return cd.Span(source="src-w", start=start, end=start + len(words), exact=words, role=role)  # type: ignore[arg-type]


def world() -> cd.Dataset:
    """A small dataset with one record for each situation the criteria tell apart."""
    records: list[cd.Record] = [
        cd.Source(
            id="src-w",
            language="en",
            sha256="0" * 64,
            path="sources/w.txt",
            title="The world report",
            published=cd.When(date="2024-12-01", precision="day", basis="text"),
        ),
        cd.Actor(id="act-alpha", name="Alpha", type="state", country="AAA", aliases=("Alphans",)),
        cd.Actor(id="act-beta", name="Beta", type="state", country="BBB"),
        cd.Actor(id="act-gamma", name="Gamma Person", type="person", country="AAA"),
        cd.Actor(id="act-delta", name="Delta", type="group"),
        cd.Event(
            id="evt-strike",
            type="ASSAULT",
            mode="aerial",
            context=("military",),
            summary="Alpha strikes Beta.",
            actors=(
                cd.EventActor(actor="act-alpha", role="initiator"),
                cd.EventActor(actor="act-beta", role="target"),
            ),
            when=cd.When(date="2024-11", precision="month", basis="text"),
            where=cd.Location(name="Beta City", country="BBB", precision="near"),
            factuality="CT+",
            evidence=(_span("Alpha struck Beta", "trigger"), _span("in November", "time")),
        ),
        cd.Event(
            id="evt-meeting",
            type="CONSULT",
            summary="Delta meets Alpha.",
            actors=(
                cd.EventActor(actor="act-delta", role="participant"),
                cd.EventActor(actor="act-alpha", role="participant"),
            ),
            factuality="PR+",
            status="withdrawn",
            withdrawn_reason="A duplicate.",
            evidence=(_span("Delta met Alpha"),),
        ),
        cd.Statement(
            id="stm-warning",
            speaker="act-gamma",
            attribution="direct",
            cue="warn",
            speech_act="warning",
            content="Gamma warns that the war could spread.",
            about=("evt-strike", "act-beta"),
            when=cd.When(date="2024-11-20", precision="day", basis="derived", anchor="evt-strike"),
            evidence=(_span("Gamma warned that the war could spread"),),
        ),
        cd.Implication(
            id="imp-spread",
            proposition="The war spreads.",
            holder="act-gamma",
            cue="could",
            likelihood=cd.Likelihood(verbal="could", scale="FactBank", value="PS+"),
            horizon="2025",
            drivers=("evt-strike",),
            affects=("act-beta",),
            evidence=(_span("the war could spread"),),
        ),
        cd.Implication(
            id="imp-more-strikes",
            proposition="Further strikes follow.",
            holder_text="analysts",
            cue="likely",
            likelihood=cd.Likelihood(
                verbal="likely", scale="ICD-203", value="likely", low=0.55, high=0.8
            ),
            resolution=cd.Resolution(status="occurred"),
            evidence=(_span("Analysts see further strikes as likely"),),
        ),
    ]
    return cd.Dataset(records, texts={"src-w": TEXT}, version="9.9.9", content_hash="c" * 64)


def ids(records: tuple[cd.Record, ...]) -> list[str]:
    return [record.id for record in records]


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (Kind("statement", "implication"), ["stm-warning", "imp-spread", "imp-more-strikes"]),
        (Type("ASSAULT"), ["evt-strike"]),
        (Mode("aerial"), ["evt-strike"]),
        (Context("military"), ["evt-strike"]),
        (Factuality("PR+"), ["evt-meeting"]),
        (SpeechAct("warning"), ["stm-warning"]),
        (Attribution("direct", "author"), ["stm-warning"]),
        (Cue("WARN", "could"), ["stm-warning", "imp-spread"]),
        (Likelihood("PS+"), ["imp-spread"]),
        (Likelihood(scale="ICD-203"), ["imp-more-strikes"]),
        (Likelihood(quantified=False), ["imp-spread"]),
        (Resolution("occurred"), ["imp-more-strikes"]),
        (Status("withdrawn"), ["evt-meeting"]),
        (Basis("derived"), ["stm-warning"]),
        (Precision("month"), ["evt-strike"]),
        (Id("act-delta", "imp-spread"), ["act-delta", "imp-spread"]),
        (Satisfies(lambda r: r.id.endswith("ta")), ["act-beta", "act-delta"]),
    ],
)
def test_each_criterion_matches_its_field(criterion: Criterion, expected: list[str]) -> None:
    """Each criterion matches the records whose field has one of its values, and no others."""
    assert expected == ids(select(world(), criterion))


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (Actor("act-alpha"), ["evt-strike", "evt-meeting"]),
        (Actor("alphans"), ["evt-strike", "evt-meeting"]),
        (Actor("Alpha", role="initiator"), ["evt-strike"]),
        (Actor("Beta"), ["evt-strike", "stm-warning", "imp-spread"]),
        (Actor("Beta", role="about"), ["stm-warning"]),
        (Actor("Beta", role="affects"), ["imp-spread"]),
        (Actor("gamma person", role="speaker"), ["stm-warning"]),
        (Actor("act-gamma", role="holder"), ["imp-spread"]),
        (Actor("Delta", "Beta", role="target"), ["evt-strike"]),
    ],
)
def test_actor_by_id_name_alias_and_role(criterion: Criterion, expected: list[str]) -> None:
    """An actor is found by id, name or alias in any case, in any role or in the one given."""
    assert expected == ids(select(world(), criterion))


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        ({"speaker": "Gamma Person"}, ["stm-warning"]),
        ({"holder": "act-gamma"}, ["imp-spread"]),
        ({"affects": "Beta"}, ["imp-spread"]),
        ({"actor": ["Alpha", "Delta"], "role": "participant"}, ["evt-meeting"]),
    ],
)
def test_actor_keywords(keywords: dict[str, object], expected: list[str]) -> None:
    """speaker=, holder= and affects= are actor criteria in that role; role= qualifies actor=."""
    assert expected == ids(select(world(), **keywords))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (Country("bbb", via="place"), ["evt-strike"]),
        (
            Country("AAA", via="actor"),
            ["act-alpha", "act-gamma", "evt-strike", "evt-meeting", "stm-warning", "imp-spread"],
        ),
        (Country("BBB"), ["act-beta", "evt-strike", "stm-warning", "imp-spread"]),
    ],
)
def test_country_by_place_or_actor(criterion: Criterion, expected: list[str]) -> None:
    """A country matches where an event happened, the actors of that country and the records
    naming them."""
    assert expected == ids(select(world(), criterion))


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (During("2024-11"), ["evt-strike", "stm-warning"]),
        (During("2024-11-10", "2024-11-12"), ["evt-strike"]),
        (During("2024-11-10", "2024-11-12", match="within"), []),
        (During("2024-11-20", match="within"), ["stm-warning"]),
        (During("2024-11/2024-12", match="within"), ["src-w", "evt-strike", "stm-warning"]),
        (During(dt.date(2025, 6, 1)), ["imp-spread"]),
        (During(None, "2024-10"), []),
        (During("2024-12-01", None), ["src-w", "imp-spread"]),
        (During("2024-11-25/.."), ["src-w", "evt-strike", "imp-spread"]),
    ],
)
def test_dates_are_ranges_of_days(criterion: Criterion, expected: list[str]) -> None:
    """A month-precision date overlaps a day range inside the month but does not lie within it;
    implications are dated by their horizon, sources by publication; undated records never
    match."""
    assert expected == ids(select(world(), criterion))


def test_undated_records_never_match_a_date() -> None:
    """Even an unbounded range leaves out the records without a date."""
    dated = ids(select(world(), During(None, None)))
    assert ["src-w", "evt-strike", "stm-warning", "imp-spread"] == dated


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("STRIKES", ["evt-strike", "imp-more-strikes"]),
        ("in november", ["evt-strike"]),
        ("alphans", ["act-alpha"]),
        ("world report", ["src-w"]),
        (re.compile(r"^Delta"), ["act-delta", "evt-meeting"]),
    ],
)
def test_text_searches_words_and_evidence(
    query: str | re.Pattern[str], expected: list[str]
) -> None:
    """Text matches summaries, contents, propositions, names, titles and evidence quotes,
    regardless of case; a compiled pattern is searched as it is."""
    assert expected == ids(select(world(), Text(query)))


def test_source_matches_its_records() -> None:
    """Source matches the source record and every record with evidence in it."""
    expected = ["src-w", "evt-strike", "evt-meeting", "stm-warning", "imp-spread"]
    assert [*expected, "imp-more-strikes"] == ids(select(world(), Source("src-w")))


def test_keywords_are_and_of_criteria() -> None:
    """Keyword criteria, several at once, mean the same as the & of their criteria."""
    ds = world()
    by_keyword = select(ds, kind=["event", "statement"], during="2024-11", status="active")
    by_criteria = select(ds, Kind("event", "statement") & During("2024-11") & Status("active"))
    assert ["evt-strike", "stm-warning"] == ids(by_keyword) == ids(by_criteria)


def test_withdrawn_records_are_kept_unless_asked() -> None:
    """A filter removes only what it asks for: withdrawn records stay unless status= says."""
    ds = world()
    assert ["evt-strike", "evt-meeting"] == ids(ds.filter(kind="event").events)
    assert ["evt-strike"] == ids(ds.filter(kind="event", status="active").events)


def test_filter_keeps_what_records_name() -> None:
    """A filtered dataset keeps the actors and sources its records name, the source texts, and
    the parent's version, and says it is a subset: no content hash of its own, the parent's
    hash on the release it was taken from."""
    ds = world()
    sub = ds.filter(type="ASSAULT")
    assert ["src-w", "act-alpha", "act-beta", "evt-strike"] == ids(sub.records())
    assert {"src-w": TEXT} == dict(sub.texts)
    assert ("9.9.9", None, "c" * 64, ds, ds, Type("ASSAULT")) == (
        sub.version,
        sub.content_hash,
        sub.release.content_hash,
        sub.parent,
        sub.release,
        sub.criterion,
    )
    assert (None, None) == (ds.parent, ds.criterion)
    assert "subset=Type('ASSAULT')" in repr(sub)


def test_subset_keeps_sources_named_by_kept_sources() -> None:
    """A kept record brings the sources it quotes, and the sources those quote, with texts."""
    quoted = cd.Source(id="src-a", language="en", sha256="0" * 64, path="sources/a.txt")
    quoting = cd.Source(
        id="src-b",
        language="en",
        sha256="1" * 64,
        path="sources/b.txt",
        evidence=(cd.Span(source="src-a", start=0, end=5, exact="Alpha"),),
    )
    event = cd.Event(
        id="evt-e",
        type="AGREE",
        summary="They agree.",
        factuality="CT+",
        evidence=(cd.Span(source="src-b", start=0, end=4, exact="Beta"),),
    )
    ds = cd.Dataset([quoted, quoting, event], texts={"src-a": "Alpha", "src-b": "Beta"})
    sub = ds.filter(kind="event")
    assert (["src-a", "src-b", "evt-e"], {"src-a": "Alpha", "src-b": "Beta"}) == (
        ids(sub.records()),
        dict(sub.texts),
    )


def test_subset_of_a_subset_resolves_names_in_the_release() -> None:
    """Actors absent from a subset can still be named: they match nothing there."""
    sub = world().filter(type="CONSULT")
    assert [] == ids(select(sub, actor="Gamma Person"))


def test_combinators() -> None:
    """&, | and ~ build And, Or and Not, flattening nested ones; ~~c is c."""
    a, b, c = Type("ASSAULT"), Kind("actor"), Status("active")
    assert And(a, b, c) == (a & b) & c == a & (b & c)
    assert Or(a, b, c) == (a | b) | c
    assert Not(a) == ~a
    assert a == ~~a
    assert "((Type('ASSAULT') | Kind('actor')) & ~Status('active'))" == repr((a | b) & ~c)
    assert ["evt-strike"] == ids(select(world(), And(a)))
    assert len(world()) == len(select(world(), And()))
    assert [] == ids(select(world(), Or()))


def test_where_builds_one_criterion() -> None:
    """where() of one keyword is that criterion; of several, their And."""
    assert Type("ASSAULT") == where(type="assault")
    assert And(Kind("event"), During("2024-11", match="within")) == where(
        Kind("event"), during="2024-11", date_match="within"
    )
    assert During("2024-11-01", "2024-11-05") == where(during=("2024-11-01", "2024-11-05"))


def test_vocabulary_values_are_matched_case_insensitively() -> None:
    """A vocabulary value in another case is read as the one it names."""
    assert (Factuality("CT+"), SpeechAct("warning")) == (Factuality("ct+"), SpeechAct("WARNING"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Type("ASSUALT"), "unknown PLOVER event type 'ASSUALT'; did you mean 'ASSAULT'?"),
        (lambda: Kind("events"), "did you mean 'event'? Valid: source, actor, event, statement"),
        (lambda: Mode("aireal"), "did you mean 'aerial'?"),
        (lambda: Context("militry"), "did you mean 'military'?"),
        (lambda: Factuality("CT"), "Valid: CT+, PR+, PS+, CT-, PR-, PS-, CTu, Uu"),
        (lambda: SpeechAct("warn"), "did you mean 'warning'?"),
        (lambda: Attribution("quoted"), "Valid: direct, reported, unattributed, author"),
        (lambda: Resolution("closed"), "Valid: open, occurred, not_occurred, mixed"),
        (lambda: Status("deleted"), "Valid: active, withdrawn"),
        (lambda: Likelihood("likley"), "did you mean 'likely'"),
        (lambda: Likelihood(scale="ICD203"), "did you mean 'ICD-203'?"),
        (lambda: Likelihood(), "give a value, a scale or quantified"),
        (lambda: Actor("act-alpha", role="agent"), "Valid: initiator, target, participant"),
        (lambda: Country("Ukraine"), "not an ISO 3166-1 alpha-3 code"),
        (lambda: During("2024-13"), "month 13 is not 01-12"),
        (lambda: During("2023-02-29"), "not a day of the calendar"),
        (lambda: During("2024-11-30", "2024-11-01"), "ends (2024-11-01) before it starts"),
        (lambda: During("yesterday"), "'yesterday' is not an EDTF level 0/1 date"),
        (lambda: During("2024", match="inside"), "date match 'inside'. Valid: overlaps, within"),
        (lambda: During(), "give one EDTF date or interval"),
        (lambda: Text(""), "the query is empty"),
        (lambda: Type(), "give at least one value"),
        (lambda: select(world(), actor="Alfa"), "did you mean 'Alpha'?"),
        (lambda: select(world(), source="src-x"), "unknown source 'src-x'"),
        (lambda: select(world(), id="evt-strke"), "did you mean 'evt-strike'?"),
    ],
)
def test_impossible_values_name_the_choices(make: object, message: str) -> None:
    """An impossible value raises InvalidCriterionError (a ValueError) that names the valid
    choices or the closest ones."""
    with pytest.raises(cd.InvalidCriterionError, match=re.escape(message)):
        make()  # type: ignore[operator]
    assert issubclass(cd.InvalidCriterionError, ValueError)


def test_ambiguous_actor_name_asks_for_an_id() -> None:
    """A name two actors share is refused, listing their ids."""
    ds = cd.Dataset(
        [
            cd.Actor(id="act-a1", name="Same", type="person"),
            cd.Actor(id="act-a2", name="Other", type="person", aliases=("same",)),
        ]
    )
    with pytest.raises(cd.InvalidCriterionError, match=r"names several actors \(act-a1, act-a2\)"):
        select(ds, actor="Same")


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"typ": "ASSAULT"}, "unknown criterion 'typ'; did you mean type?"),
        ({"speach_act": "warning"}, "did you mean speech_act?"),
        ({"xyzzy": "red"}, "unknown criterion 'xyzzy'. Valid: kind, type, mode"),
        ({"role": "initiator"}, "role= qualifies actor=; give actor= too"),
        ({"date_match": "within"}, "date_match= qualifies during="),
    ],
)
def test_unknown_keywords_suggest_the_valid_ones(keywords: dict[str, str], message: str) -> None:
    """An unknown keyword raises UnknownCriterionError (a TypeError) naming the closest ones."""
    with pytest.raises(cd.UnknownCriterionError, match=re.escape(message)):
        world().filter(**keywords)  # type: ignore[arg-type]
    assert issubclass(cd.UnknownCriterionError, TypeError)


@pytest.mark.parametrize(
    "make",
    [
        lambda: world().filter("ASSAULT"),
        lambda: Type(3),
        lambda: Actor(None),
        lambda: During(20241121),
        lambda: Likelihood(quantified="yes"),
        lambda: Type("ASSAULT") & "x",
        lambda: Not("x"),
    ],
)
def test_wrong_python_types_raise_type_error(make: object) -> None:
    """A value of the wrong Python type raises TypeError saying what was expected."""
    with pytest.raises(TypeError, match=r"expected|unsupported operand"):
        make()  # type: ignore[operator]


def test_records_of_unknown_kind() -> None:
    """Dataset.records() with an unknown kind names the kinds."""
    with pytest.raises(ValueError, match="did you mean 'event'"):
        world().records("events")  # type: ignore[arg-type]


def test_timeline_applies_criteria_first() -> None:
    """Dataset.timeline() with criteria orders only the matching research records, undated last."""
    entries = world().timeline(actor="Alpha")
    assert [("evt-strike", "2024-11"), ("evt-meeting", None)] == [
        (entry.record.id, entry.date) for entry in entries
    ]
    assert ["evt-strike", "stm-warning", "imp-spread", "evt-meeting", "imp-more-strikes"] == [
        entry.record.id for entry in world().timeline()
    ]


def test_keyword_criteria_are_typed() -> None:
    """The keywords filter() takes are exactly the typed ``Criteria`` keys."""
    from conflictdata.filters import KEYWORDS, Criteria

    assert sorted(Criteria.__annotations__) == sorted(KEYWORDS)
