"""Content checks over every shipped release, beyond what the schema can say.

Each check is a function from records (and source texts) to a list of problems, one line each
with the record id first. The checks run over every shipped version, and each is also fed a
deliberately broken copy of the records to prove that it can fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources import as_file
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata._loader import release_dir
from conflictdata._release_folder import record_filename
from conflictdata.models import (
    Actor,
    Event,
    Implication,
    Link,
    Record,
    Resolution,
    Source,
    Span,
    Statement,
    When,
)
from conflictdata.vocab import EVENT_MODES, RECORD_KINDS

Texts = Mapping[str, str]
Check = Callable[[Sequence[Record], Texts], list[str]]

# --- sentences ---------------------------------------------------------------------------------

#: Words ending in a full stop that do not end a sentence when more text follows.
ABBREVIATIONS = frozenset(
    {"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Lt.", "Col.", "Sen.", "Rep.", "Gov.", "Prof.",
     "Jr.", "Sr.", "Adm.", "Sgt.", "Capt.", "Maj.", "vs.", "e.g.", "i.e."}
)  # fmt: skip
#: Initialisms written with full stops (U.S., U.K., U.N.) and single initials (J.).
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+$")
_CANDIDATE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)")
_OPENERS = "\"'\u201c\u2018(["


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) offsets of the sentences of ``text``, without outer whitespace.

    A line break always ends a sentence (the sources put one paragraph on a line). Inside a line,
    a sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by
    white space, unless the word so ended is an abbreviation or an initialism such as "U.S.".
    An initialism that really ends a sentence is therefore joined to the next one: the split
    errs towards longer sentences, never cuts inside one.

    >>> text = "U.S. President Joe Biden spoke. Macron listened."
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['U.S. President Joe Biden spoke.', 'Macron listened.']
    """
    sentences: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _CANDIDATE.finditer(line):
            end = match.end()
            if end < len(line.rstrip()) and _is_abbreviation(line, match.start() + 1):
                continue
            _add_stripped(sentences, line, offset, start, end)
            start = end
        _add_stripped(sentences, line, offset, start, len(line))
        offset += len(line) + 1
    return sentences


def _is_abbreviation(line: str, stop: int) -> bool:
    word = line[:stop].rsplit(None, 1)[-1].lstrip(_OPENERS)
    return word in ABBREVIATIONS or bool(_INITIALS.match(word))


def _add_stripped(out: list[tuple[int, int]], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append((offset + start + lead, offset + start + len(piece.rstrip())))


# --- checks ------------------------------------------------------------------------------------

#: Wikidata items the project vouches for, by actor name. An actor may carry a Q-id only if it
#: is listed here; add an item only after verifying it, and name where it was verified.
#: Verified: all of these by the independent annotation review of release 1.0.0 (the item is the
#: entity named: Q11209 the department, not the building; Q148 the state, not the cultural
#: region Q29520), Q6279, Q3052772, Q57641 and Q11209 also as used for these entities in public
#: code. Q30, Q142 and Q28 are correct but no actor uses them yet.
VOUCHED_WIKIDATA = {
    "Joe Biden": "Q6279",
    "Vladimir Putin": "Q7747",
    "Emmanuel Macron": "Q3052772",
    "Viktor Orbán": "Q57641",
    "Russia": "Q159",
    "Ukraine": "Q212",
    "United States": "Q30",
    "France": "Q142",
    "North Korea": "Q423",
    "People's Republic of China": "Q148",
    "NATO": "Q7184",
    "Hungary": "Q28",
    "United States Department of Defense": "Q11209",
}
#: Hedges that state no probability: FactBank "possible" with no numbers.
UNQUANTIFIED_HEDGES = frozenset({"could", "may", "might", "potentially", "potential", "possibly"})
_COUNTRY = re.compile(r"^[A-Z]{3}$")


def _spans(record: Record) -> tuple[Span, ...]:
    spans: tuple[Span, ...] = getattr(record, "evidence", ())
    return spans


def _whens(record: Record) -> Iterable[tuple[str, When]]:
    if isinstance(record, (Event, Statement)):
        yield "when", record.when
    if isinstance(record, Source):
        yield "published", record.published


def check_unique_ids(records: Sequence[Record], texts: Texts) -> list[str]:
    """Every id is used by one record only, across all kinds."""
    counts = Counter(record.id for record in records)
    return [f"{rid}: id used {n} times" for rid, n in counts.items() if n > 1]


def check_spans(records: Sequence[Record], texts: Texts) -> list[str]:
    """Every span points into a known source and its exact text equals text[start:end]."""
    problems = []
    for record in records:
        for index, span in enumerate(_spans(record)):
            where = f"{record.id}: evidence[{index}]"
            text = texts.get(span.source)
            if text is None:
                problems.append(f"{where}: no text for source {span.source!r}")
            elif not 0 <= span.start < span.end <= len(text):
                problems.append(f"{where}: offsets {span.start}..{span.end} outside the text")
            elif text[span.start : span.end] != span.exact:
                problems.append(
                    f"{where}: exact {span.exact!r} != text {text[span.start : span.end]!r}"
                )
            if span.role is None:
                problems.append(f"{where}: span has no role")
    return problems


def check_references(records: Sequence[Record], texts: Texts) -> list[str]:
    """Every id a record mentions exists, and is of the kind the field calls for."""
    kinds = {record.id: record.kind for record in records}
    problems = []

    def need(record: Record, field: str, target: str | None, *allowed: str) -> None:
        if target is None:
            return
        kind = kinds.get(target)
        if kind is None:
            problems.append(f"{record.id}: {field} {target!r} does not exist")
        elif allowed and kind not in allowed:
            problems.append(
                f"{record.id}: {field} {target!r} is {kind}, not {' or '.join(allowed)}"
            )

    for record in records:
        need(record, "superseded_by", record.superseded_by, record.kind)
        for link in record.links:
            same = (record.kind,) if link.rel == "same_as" else ()
            need(record, f"link {link.rel}", link.target, *same)
            if link.target == record.id:
                problems.append(f"{record.id}: links to itself")
        for span in _spans(record):
            need(record, "span source", span.source, "source")
        for field, when in _whens(record):
            need(record, f"{field}.anchor", when.anchor)
        if isinstance(record, Event):
            for actor in record.actors:
                need(record, "actor", actor.actor, "actor")
        if isinstance(record, Statement):
            need(record, "speaker", record.speaker, "actor")
            for target in record.about:
                need(record, "about", target)
        if isinstance(record, Implication):
            need(record, "holder", record.holder, "actor")
            for target in record.drivers:
                need(record, "driver", target)
            for target in record.affects:
                need(record, "affects", target, "actor")
    return problems


def check_coverage(records: Sequence[Record], texts: Texts) -> list[str]:
    """Every sentence of every source holds an evidence span of an event, statement or
    implication."""
    spans = [
        span
        for record in records
        if isinstance(record, (Event, Statement, Implication))
        for span in record.evidence
    ]
    problems = []
    for source in (r for r in records if isinstance(r, Source)):
        text = texts.get(source.id, "")
        for start, end in split_sentences(text):
            if not any(s.source == source.id and start <= s.start and s.end <= end for s in spans):
                problems.append(f"{source.id}: sentence not covered: {text[start:end]!r}")
    return problems


def check_dates(records: Sequence[Record], texts: Texts) -> list[str]:
    """Each date says how it is known: derived dates equal anchor date + offset_days,
    external dates name a reference, unknown dates are null, text dates cite a time span."""
    dates = {r.id: r.when.date for r in records if isinstance(r, (Event, Statement))}
    problems = []
    for record in records:
        roles = {span.role for span in _spans(record)}
        for field, when in _whens(record):
            where = f"{record.id}: {field}"
            if when.basis == "unknown" and (when.date is not None or when.precision != "unknown"):
                problems.append(f"{where}: basis unknown but a date or precision is given")
            if when.basis != "unknown" and when.date is None:
                problems.append(f"{where}: basis {when.basis} but no date")
            if when.basis == "external" and not when.reference:
                problems.append(f"{where}: external date without a reference")
            if when.basis == "text" and "time" not in roles:
                problems.append(f"{where}: date from the text but no span with role 'time'")
            if when.basis != "derived":
                if when.anchor is not None or when.offset_days is not None:
                    problems.append(f"{where}: anchor/offset_days on a {when.basis} date")
                continue
            anchor_date = dates.get(when.anchor or "")
            if when.offset_days is None or anchor_date is None:
                problems.append(f"{where}: derived date needs a dated anchor and offset_days")
                continue
            try:
                expected = dt.date.fromisoformat(anchor_date) + dt.timedelta(when.offset_days)
            except ValueError:
                problems.append(f"{where}: anchor date {anchor_date!r} is not a day")
                continue
            if when.date != expected.isoformat():
                problems.append(
                    f"{where}: {when.date} != anchor {anchor_date} + {when.offset_days}"
                )
    return problems


def check_implications(records: Sequence[Record], texts: Texts) -> list[str]:
    """Implications keep their hedge as written, a holder, drivers and affected actors, and stay
    open unless a later source (a reference) resolves them; bare hedges stay unquantified."""
    problems = []
    for record in (r for r in records if isinstance(r, Implication)):
        where = record.id
        hedges = [s.exact.lower() for s in record.evidence if s.role == "hedge"]
        if record.cue.lower() not in hedges:
            problems.append(f"{where}: no hedge span reads {record.cue!r}")
        if record.likelihood.verbal != record.cue:
            problems.append(f"{where}: likelihood.verbal != cue {record.cue!r}")
        if record.cue.lower() in UNQUANTIFIED_HEDGES:
            lk = record.likelihood
            if (lk.scale, lk.value, lk.low, lk.high) != ("FactBank", "PS+", None, None):
                problems.append(f"{where}: {record.cue!r} must be FactBank PS+ without numbers")
        if record.resolution.status != "open" and not record.resolution.references:
            problems.append(f"{where}: resolved {record.resolution.status} without a reference")
        if record.holder is None and not record.holder_text:
            problems.append(f"{where}: no holder")
        if not record.drivers:
            problems.append(f"{where}: no drivers")
        if not record.affects:
            problems.append(f"{where}: affects no actor")
        roles = {s.role for s in record.evidence}
        for field, role in (("condition", "condition"), ("horizon_text", "horizon")):
            if getattr(record, field) is not None and role not in roles:
                problems.append(f"{where}: {field} given but no span with role {role!r}")
    return problems


def check_statements(records: Sequence[Record], texts: Texts) -> list[str]:
    """Statements name who speaks, carry a cue span and say what they are about."""
    problems = []
    for record in (r for r in records if isinstance(r, Statement)):
        if record.speaker is None and not record.speaker_text:
            problems.append(f"{record.id}: neither speaker nor speaker_text")
        if not any(s.role == "cue" for s in record.evidence):
            problems.append(f"{record.id}: no span with role 'cue'")
        if not record.about:
            problems.append(f"{record.id}: about nothing")
    return problems


def check_events(records: Sequence[Record], texts: Texts) -> list[str]:
    """An event's mode belongs to its PLOVER type, and it has a trigger span."""
    problems = []
    for record in (r for r in records if isinstance(r, Event)):
        if record.mode is not None and record.mode not in EVENT_MODES[record.type]:
            problems.append(f"{record.id}: mode {record.mode!r} is not a mode of {record.type}")
        if not any(s.role == "trigger" for s in record.evidence):
            problems.append(f"{record.id}: no span with role 'trigger'")
    return problems


def check_actors(records: Sequence[Record], texts: Texts) -> list[str]:
    """Countries are ISO 3166-1 alpha-3 shaped; Wikidata ids are only the vouched ones."""
    problems = []
    for record in records:
        where = getattr(record, "where", None)
        countries = [getattr(record, "country", None), where and where.country]
        for country in filter(None, countries):
            if not _COUNTRY.match(country):
                problems.append(f"{record.id}: country {country!r} is not 3 upper-case letters")
        vouched = VOUCHED_WIKIDATA.get(getattr(record, "name", ""))
        if isinstance(record, Actor) and record.wikidata not in (None, vouched):
            problems.append(f"{record.id}: Wikidata {record.wikidata} is not vouched for")
    return problems


def check_sources(records: Sequence[Record], texts: Texts) -> list[str]:
    """Each source's sha256 is that of its UTF-8 NFC text."""
    problems = []
    for source in (r for r in records if isinstance(r, Source)):
        text = unicodedata.normalize("NFC", texts.get(source.id, ""))
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != source.sha256:
            problems.append(f"{source.id}: sha256 does not match the NFC text")
    return problems


def _word_spans(text: str, words: str) -> Iterable[tuple[int, int]]:
    """Where ``words`` occur in ``text`` as whole words, ignoring case."""
    for match in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text, flags=re.IGNORECASE):
        yield match.start(), match.end()


def check_actor_words(records: Sequence[Record], texts: Texts) -> list[str]:
    """An actor's aliases and role titles are written as its sources write them: each occurs in a
    source the actor's evidence points into (the codebook: aliases are "other names the sources
    use", a title is "the position as written")."""
    problems = []
    for actor in (r for r in records if isinstance(r, Actor) and r.status == "active"):
        sources = [texts.get(source, "") for source in {s.source for s in actor.evidence}]
        words = [("alias", alias) for alias in actor.aliases]
        words += [("role title", role.title) for role in actor.roles]
        for what, word in words:
            if not any(next(iter(_word_spans(text, word)), None) for text in sources):
                problems.append(f"{actor.id}: {what} {word!r} is not written in its sources")
    return problems


def check_actor_mentions(records: Sequence[Record], texts: Texts) -> list[str]:
    """Every mention of an actor by its name or an alias, in a source its evidence points into,
    is one of its evidence spans (or inside one), unless the words are part of another actor's
    mention ("NATO" in "NATO countries")."""
    actors = [r for r in records if isinstance(r, Actor) and r.status == "active"]
    mentions = [(a.id, s) for a in actors for s in a.evidence]
    problems = []
    for actor in actors:
        for source in sorted({s.source for s in actor.evidence}):
            text = texts.get(source, "")
            for word in (actor.name, *actor.aliases):
                for start, end in _word_spans(text, word):
                    owners = {
                        owner
                        for owner, s in mentions
                        if s.source == source and s.start <= start and end <= s.end
                    }
                    if not owners:
                        problems.append(
                            f"{actor.id}: mention {text[start:end]!r} at {start}..{end} "
                            "is not in its evidence"
                        )
    return problems


def check_conditions(records: Sequence[Record], texts: Texts) -> list[str]:
    """A projection driven by an event the author does not commit to (factuality other than
    CT+ or CT-) holds only if that event happens: it names the event as its condition."""
    factuality = {r.id: r.factuality for r in records if isinstance(r, Event)}
    problems = []
    for imp in (r for r in records if isinstance(r, Implication) and r.status == "active"):
        uncertain = [d for d in imp.drivers if factuality.get(d, "CT+") not in ("CT+", "CT-")]
        if uncertain and imp.condition is None:
            problems.append(f"{imp.id}: driver {uncertain[0]} is not asserted but no condition")
    return problems


CHECKS: tuple[Check, ...] = (
    check_unique_ids,
    check_spans,
    check_references,
    check_coverage,
    check_dates,
    check_implications,
    check_statements,
    check_events,
    check_actors,
    check_sources,
)


#: Rules adopted in release 1.1.0 (see the annotation guide), with the first version they
#: apply to; releases before it are not changed, they are corrected by later ones.
LATER_CHECKS: tuple[tuple[Check, str], ...] = (
    (check_actor_words, "1.1.0"),
    (check_actor_mentions, "1.1.0"),
    (check_conditions, "1.1.0"),
)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _release(version: str) -> tuple[list[Record], Texts]:
    ds = cd.load(version=version)
    return list(ds), {source.id: ds.texts[source.id] for source in ds.sources}


# --- the shipped releases pass -----------------------------------------------------------------


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("version", cd.versions())
def test_shipped_release_passes(version: str, check: Check) -> None:
    """Every shipped release passes every content check."""
    records, texts = _release(version)
    assert [] == check(records, texts)


@pytest.mark.parametrize(
    ("version", "check"),
    [
        (version, check)
        for check, since in LATER_CHECKS
        for version in cd.versions()
        if _version_key(version) >= _version_key(since)
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_shipped_release_passes_later_rules(version: str, check: Check) -> None:
    """Every shipped release from the one that adopted a rule passes its check."""
    records, texts = _release(version)
    assert [] == check(records, texts)


def test_later_rules_find_what_release_1_1_0_corrected() -> None:
    """Release 1.0.0, made before these rules, breaks them exactly where 1.1.0 corrects it."""
    records, texts = _release("1.0.0")
    found = {
        check.__name__: sorted({line.split(":")[0] for line in check(records, texts)})
        for check, _ in LATER_CHECKS
    }
    assert {
        "check_actor_words": [
            "act-emmanuel-macron",
            "act-joe-biden",
            "act-nato",
            "act-north-korea",
            "act-viktor-orban",
            "act-vladimir-putin",
            "act-western-countries",
        ],
        "check_actor_mentions": ["act-joe-biden", "act-russia", "act-ukraine"],
        "check_conditions": ["imp-reshape-global-alliances"],
    } == found
    corrected = {entry["record"] for entry in cd.load(version="1.1.0").metadata["changes"]}
    assert {rid for ids in found.values() for rid in ids} <= corrected


@pytest.mark.parametrize("version", cd.versions())
def test_shipped_release_is_clean_under_the_validator(version: str) -> None:
    """The validator reports nothing, neither error nor warning, on the records of every
    shipped release read as one contribution that extends no release."""
    with as_file(release_dir(version)) as folder:
        files = [folder / record_filename(kind) for kind in RECORD_KINDS]
        report = cd.validate(*files, release=cd.Dataset([]))
    assert [] == [str(issue) for issue in report.issues]


def test_first_release_resolution_and_coreference() -> None:
    """In 1.0.0 every implication is open, and the three mentions of the Oreshnik launch form
    one same_as cluster around evt-oreshnik-test."""
    ds = cd.load(version="1.0.0")
    assert {"open"} == {imp.resolution.status for imp in ds.implications}
    cluster = {
        event.id
        for event in ds.events
        if Link(rel="same_as", target="evt-oreshnik-test") in event.links
    }
    assert {"evt-russia-hypersonic-missile-launch", "evt-oreshnik-use"} == cluster


# --- the sentence splitter ---------------------------------------------------------------------


def test_splitter_on_first_source() -> None:
    """The first source splits into its 13 sentences, and "U.S." does not end one."""
    ds = cd.load(version="1.0.0")
    text = ds.texts["src-36505e565447df1c"]
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert 13 == len(sentences)
    assert sentences[6].startswith("A day after the successful test")
    assert sentences[6].endswith("discussed the ongoing conflict in Ukraine.")
    assert all(s[-1] in ".!?" for s in sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. Army moved. Then it stopped.", ["The U.S. Army moved.", "Then it stopped."]),
        ("Gen. Smith spoke.\nDr. Jones left!", ["Gen. Smith spoke.", "Dr. Jones left!"]),
        ('He said "No." Then he went.', ['He said "No."', "Then he went."]),
        ("Sanctions by the U.S.", ["Sanctions by the U.S."]),
        ("  \n\n", []),
        ("No stop at the end", ["No stop at the end"]),
    ],
)
def test_splitter_cases(text: str, expected: list[str]) -> None:
    """Abbreviations and initialisms inside a line do not end sentences; line ends always do."""
    assert expected == [text[a:b] for a, b in split_sentences(text)]


_WORDS = st.sampled_from(["Biden", "U.S.", "met", "Dr.", "war.", "Why?", "yes!", "a", '"No."'])


@given(st.lists(st.lists(_WORDS, max_size=8).map(" ".join), max_size=4).map("\n".join))
def test_splitter_partitions_the_text(text: str) -> None:
    """Sentences are in order, do not overlap, have no outer white space and together hold every
    non-space character of the text."""
    sentences = split_sentences(text)
    covered: set[int] = set()
    previous_end = 0
    for start, end in sentences:
        assert previous_end <= start < end
        assert text[start:end] == text[start:end].strip()
        covered.update(range(start, end))
        previous_end = end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


# --- every check can fail ----------------------------------------------------------------------


def _replace(records: list[Record], record_id: str, **changes: Any) -> list[Record]:
    return [attrs.evolve(r, **changes) if r.id == record_id else r for r in records]


def _get(records: list[Record], record_id: str) -> Record:
    return next(r for r in records if r.id == record_id)


def _shift_first_span(records: list[Record]) -> list[Record]:
    event = _get(records, "evt-oreshnik-test")
    assert isinstance(event, Event)
    span = event.evidence[0]
    moved = attrs.evolve(span, start=span.start + 1, end=span.end + 1)
    return _replace(records, event.id, evidence=(moved, *event.evidence[1:]))


def _drop_first_sentence(records: list[Record]) -> list[Record]:
    text = cd.load(version="1.0.0").texts["src-36505e565447df1c"]
    first_end = split_sentences(text)[0][1]
    return [
        r
        for r in records
        if not isinstance(r, (Event, Statement, Implication))
        or all(s.start >= first_end for s in r.evidence)
    ]


def _wrong_offset(records: list[Record]) -> list[Record]:
    event = _get(records, "evt-biden-macron-discussion")
    assert isinstance(event, Event)
    return _replace(records, event.id, when=attrs.evolve(event.when, offset_days=2))


def _resolved_without_reference(records: list[Record]) -> list[Record]:
    return _replace(records, "imp-prolonged-conflict", resolution=Resolution(status="occurred"))


def _quantified_could(records: list[Record]) -> list[Record]:
    imp = _get(records, "imp-prolonged-conflict")
    assert isinstance(imp, Implication)
    return _replace(records, imp.id, likelihood=attrs.evolve(imp.likelihood, low=0.4, high=0.6))


def _hedge_span_removed(records: list[Record]) -> list[Record]:
    imp = _get(records, "imp-prolonged-conflict")
    assert isinstance(imp, Implication)
    kept = tuple(s for s in imp.evidence if s.role != "hedge")
    return _replace(records, imp.id, evidence=kept)


BREAKAGES: list[tuple[str, Check, Callable[[list[Record]], list[Record]]]] = [
    ("duplicate id", check_unique_ids, lambda rs: [*rs, rs[-1]]),
    ("shifted span", check_spans, _shift_first_span),
    (
        "dangling link",
        check_references,
        lambda rs: _replace(rs, "evt-oreshnik-use", links=(Link(rel="same_as", target="evt-x"),)),
    ),
    (
        "same_as across kinds",
        check_references,
        lambda rs: _replace(
            rs, "evt-oreshnik-use", links=(Link(rel="same_as", target="act-nato"),)
        ),
    ),
    (
        "unknown speaker",
        check_references,
        lambda rs: _replace(rs, "stm-pentagon-concern-hypersonic-launch", speaker="act-nobody"),
    ),
    (
        "driver missing",
        check_references,
        lambda rs: _replace(rs, "imp-prolonged-conflict", drivers=("evt-gone",)),
    ),
    (
        "affects a non-actor",
        check_references,
        lambda rs: _replace(rs, "imp-prolonged-conflict", affects=("evt-oreshnik-test",)),
    ),
    (
        "superseded by nothing",
        check_references,
        lambda rs: _replace(rs, "evt-oreshnik-use", superseded_by="evt-gone"),
    ),
    ("uncovered sentence", check_coverage, _drop_first_sentence),
    ("derived date disagrees", check_dates, _wrong_offset),
    (
        "external date without reference",
        check_dates,
        lambda rs: _replace(
            rs, "evt-oreshnik-test", when=When(date="2024-11-21", precision="day", basis="external")
        ),
    ),
    ("resolved without a source", check_implications, _resolved_without_reference),
    ("could with numbers", check_implications, _quantified_could),
    ("hedge span missing", check_implications, _hedge_span_removed),
    (
        "no speaker",
        check_statements,
        lambda rs: _replace(rs, "stm-analysts-suggest-nuclear-escalation", speaker_text=None),
    ),
    (
        "mode of another type",
        check_events,
        lambda rs: _replace(rs, "evt-oreshnik-test", mode="phone"),
    ),
    ("lower-case country", check_actors, lambda rs: _replace(rs, "act-russia", country="rus")),
    ("invented Q-id", check_actors, lambda rs: _replace(rs, "act-kremlin", wikidata="Q42")),
    (
        "wrong sha256",
        check_sources,
        lambda rs: _replace(rs, "src-36505e565447df1c", sha256="0" * 64),
    ),
]


def _unused_alias(records: list[Record]) -> list[Record]:
    return _replace(records, "act-nato", aliases=("North Atlantic Treaty Organization",))


def _normalised_title(records: list[Record]) -> list[Record]:
    actor = _get(records, "act-joe-biden")
    assert isinstance(actor, Actor)
    role = attrs.evolve(actor.roles[0], title="President of the United States")
    return _replace(records, actor.id, roles=(role,))


def _mention_dropped(records: list[Record]) -> list[Record]:
    actor = _get(records, "act-joe-biden")
    assert isinstance(actor, Actor)
    return _replace(records, actor.id, evidence=actor.evidence[1:])


def _condition_dropped(records: list[Record]) -> list[Record]:
    return _replace(records, "imp-reshape-global-alliances", condition=None)


LATER_BREAKAGES: list[tuple[str, Check, Callable[[list[Record]], list[Record]]]] = [
    ("alias the source does not use", check_actor_words, _unused_alias),
    ("title not as written", check_actor_words, _normalised_title),
    ("mention left out", check_actor_mentions, _mention_dropped),
    ("uncertain driver without condition", check_conditions, _condition_dropped),
]


#: Each breakage with the release it breaks: the first release its check applies to.
_BROKEN = [("1.0.0", *b) for b in BREAKAGES] + [("1.1.0", *b) for b in LATER_BREAKAGES]


@pytest.mark.parametrize(
    ("version", "check", "breakage"),
    [(version, check, breakage) for version, _, check, breakage in _BROKEN],
    ids=[name for _, name, _, _ in _BROKEN],
)
def test_check_fails_on_broken_copy(
    version: str, check: Check, breakage: Callable[[list[Record]], list[Record]]
) -> None:
    """A deliberately broken copy of a release (1.0.0; 1.1.0 for the checks adopted in it)
    makes the check report a problem that the intact release does not have."""
    records, texts = _release(version)
    assert [] == check(records, texts)
    assert [] != check(breakage(records), texts)
