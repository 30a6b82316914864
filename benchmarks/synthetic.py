"""Deterministic synthetic releases shaped like the real one, for benchmarks.

``write_release(folder, n, seed)`` writes a complete release folder with ``n`` records: source
texts under ``sources/``, one JSON Lines file per kind (canonical encoding, as shipped) and a
``datapackage.json``, so that ``conflictdata.load(path=folder)`` reads it. The records are valid
and coherent: every span's ``exact`` is the text between its offsets (the texts contain non-ASCII
characters, so code point and byte offsets differ), every actor, anchor, driver, ``about`` and
link target resolves, and a record averages about 1.2 KB. The same ``(n, seed)`` always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictdata._codec import encode_record
from conflictdata.models import (
    Actor,
    Event,
    EventActor,
    Implication,
    Likelihood,
    Link,
    Location,
    Record,
    Role,
    Source,
    Span,
    Statement,
    When,
)
from conflictdata.release import write_manifest
from conflictdata.vocab import EVENT_CONTEXTS, ICD203_BANDS

__all__ = ["MIX", "kind_counts", "record_id", "write_release"]

#: Share of each record kind: a source document yields a few actors and many events,
#: statements and implications.
MIX = {"source": 0.004, "actor": 0.046, "event": 0.38, "statement": 0.32, "implication": 0.25}
_PREFIXES = {
    "source": "src",
    "actor": "act",
    "event": "evt",
    "statement": "stm",
    "implication": "imp",
}
_SLUGS = ("kyiv", "donbas", "kursk", "oreshnik", "nato-summit", "sanctions")
_SENTENCES_PER_SOURCE = {"event": 26, "statement": 22, "implication": 16}

_COUNTRIES = [
    ("Russia", "RUS"),
    ("Ukraine", "UKR"),
    ("the United States", "USA"),
    ("France", "FRA"),
    ("Hungary", "HUN"),
    ("North Korea", "PRK"),
    ("China", "CHN"),
    ("Poland", "POL"),
    ("Türkiye", "TUR"),
    ("Germany", "DEU"),
    ("Belarus", "BLR"),
    ("Moldova", "MDA"),
]
_FIRST = ["Viktor", "Joe", "Emmanuel", "Olaf", "Andrzej", "Volodymyr", "Recep", "Maia", "Kaja"]
_LAST = ["Orbán", "Müller", "Kowalski", "Zelenskyy", "Şahin", "Dupont", "Novak", "Kallas"]
_TITLES = ["President of", "Prime Minister of", "Foreign Minister of", "Defence Minister of"]
_ACTOR_TYPES = ["person", "government_body", "armed_forces", "organization"]
_EVENT_VERBS = {
    "ASSAULT": ("launched a hypersonic ballistic missile strike against", "aerial"),
    "MOBILIZE": ("moved additional troops and air-defence units towards", "troops"),
    "CONSULT": ("discussed the ongoing conflict by phone with", "phone"),
    "THREATEN": ("threatened a “proportionate response” against", "violence"),
    "SANCTION": ("imposed a further package of sanctions on", None),
    "AID": ("delivered long-range missiles and ammunition to", None),
    "COOPERATE": ("agreed on closer military cooperation with", None),
    "ACCUSE": ("blamed the escalation of the war on", "allege"),
}
_CIRCUMSTANCES = [
    "a day after the successful test of the Oreshnik missile system, in what analysts describe "
    "as a pivotal moment in the ongoing conflict",
    "following the decision to allow strikes on military targets across the border, a shift "
    "that potentially alters the balance of power",
    "as European leaders cautioned against underestimating the Kremlin\u2019s nuclear threats and "
    "the risk of a broader conflict",
    "amid reports of North Korean troops fighting alongside Russian forces near Kursk, which "
    "complicates the conflict further",
]
_STATEMENT_CUES = [  # (cue lemma, speech act, as written)
    ("warn", "warning", "has warned"),
    ("emphasize", "claim", "has emphasized"),
    ("caution", "caution", "cautioned"),
    ("express_concern", "concern", "expressed concern"),
    ("suggest", "suggestion", "suggested"),
    ("see_as", "assessment", "is seen as arguing"),
]
_CONTENT = [
    "the use of the new missile system is a direct reaction to the alliance\u2019s actions and a "
    "warning of consequences for any Western military involvement",
    "any attack on its territory could escalate into a broader conflict, and that the nuclear "
    "threats should not be underestimated",
    "nuclear threats are increasingly being leveraged as a bargaining tool in the precarious "
    "geopolitical landscape",
    "the decision marks a significant shift — one that enables the defenders to strike back more "
    "effectively",
]
_HEDGES = ["could", "may", "potentially", "likely"]
_OUTCOMES = [
    "lead to a prolonged conflict, with both sides preparing for a potential increase in "
    "hostilities along the front line",
    "bolster military support for the front line and reshape global alliances and security "
    "dynamics",
    "spiral into a more extensive conflict involving nuclear capabilities and third countries",
    "prompt further sanctions against the aggressor and its partners in the region",
]
_HORIZONS = [
    ("in the coming months", "2024-11/2025-03"),
    ("before the winter", "2024-11/2024-12"),
    ("next year", "2025"),
]
_PLACES = [
    ("Dnipro", "UKR", "Dnipropetrovsk Oblast", 48.4647, 35.0462),
    ("Kursk", "RUS", "Kursk Oblast", 51.7304, 36.1926),
    ("Rzeszów", "POL", "Podkarpackie", 50.0412, 21.9991),
]
_NOTES = [
    "The date is given by the text relative to the publication of the source document.",
    "Possibly coreferent with an earlier mention in the same document; kept apart on purpose.",
    "The text does not say who initiated the action; the initiator is the grammatical subject.",
]

Pieces = list[tuple[str, str | None]]


@dataclass
class _Sentence:
    """Where a sentence and its labelled parts are in a text, and what it says."""

    parts: dict[str, tuple[int, int]]
    actors: tuple[int, int]
    meta: dict[str, Any]


@dataclass
class _Text:
    """A source text being written, sentence by sentence."""

    chunks: list[str] = field(default_factory=list)
    length: int = 0
    sentences: dict[str, list[_Sentence]] = field(default_factory=dict)
    mentions: dict[int, tuple[int, int]] = field(default_factory=dict)

    def add(self, kind: str, actors: tuple[int, int], pieces: Pieces, meta: dict[str, Any]) -> None:
        parts = {}
        for text, role in pieces:
            if role is not None:
                parts[role] = (self.length, self.length + len(text))
            self.chunks.append(text)
            self.length += len(text)
        self.chunks.append(" ")
        self.length += 1
        if "actor" in parts:
            self.mentions.setdefault(actors[0], parts["actor"])
        self.sentences.setdefault(kind, []).append(_Sentence(parts, actors, meta))


def kind_counts(n: int) -> dict[str, int]:
    """How many records of each kind a release of ``n`` records has (at least one of each)."""
    counts = {kind: max(1, round(n * share)) for kind, share in MIX.items()}
    counts["event"] += n - sum(counts.values())
    return counts


def record_id(kind: str, index: int) -> str:
    """The id of the ``index``-th record of ``kind``, computable without the record."""
    return f"{_PREFIXES[kind]}-{_SLUGS[index % len(_SLUGS)]}-{index}"


class _Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.counts = kind_counts(n)
        self.rng = random.Random(seed)
        self.names = [_actor_name(i) for i in range(self.counts["actor"])]
        self.event_days: list[tuple[int, dt.date]] = []
        drafts = [self._draft(source) for source in range(self.counts["source"])]
        self.sentences = [draft.sentences for draft in drafts]
        self.mentions = [draft.mentions for draft in drafts]
        self.texts = ["".join(draft.chunks).rstrip(" ") + "\n" for draft in drafts]

    def _draft(self, source: int) -> _Text:
        """The text of one source: its home actors (index = source mod sources) appear first."""
        n_actors = self.counts["actor"]
        home = list(range(source, n_actors, self.counts["source"]))
        draft = _Text()
        for kind, count in _SENTENCES_PER_SOURCE.items():
            for i in range(count):
                first = home[i] if i < len(home) else self.rng.randrange(n_actors)
                actors = (first, self.rng.randrange(n_actors))
                draft.add(kind, actors, *self._sentence(kind, actors))
        return draft

    def _sentence(self, kind: str, actors: tuple[int, int]) -> tuple[Pieces, dict[str, Any]]:
        rng = self.rng
        first, other = (self.names[i] for i in actors)
        day = rng.randint(1, 28)
        if kind == "event":
            event_type = rng.choice(list(_EVENT_VERBS))
            verb = _EVENT_VERBS[event_type][0]
            return [
                (f"On {day} November", "time"),
                (", ", None),
                (first, "actor"),
                (f" {verb} {other}, {rng.choice(_CIRCUMSTANCES)}", "trigger"),
                (", according to officials speaking on condition of anonymity.", None),
            ], {"type": event_type, "day": day}
        if kind == "statement":
            cue = rng.choice(_STATEMENT_CUES)
            content = rng.choice(_CONTENT)
            return [
                (first, "actor"),
                (" ", None),
                (cue[2], "cue"),
                (" that ", None),
                (content, "content"),
                (", ", None),
                (f"in remarks reported on {day} November", "time"),
                (".", None),
            ], {"cue": cue, "day": day}
        hedge, horizon = rng.choice(_HEDGES), rng.choice(_HORIZONS)
        return [
            (f"Analysts say the pressure on {other} ", None),
            (hedge, "hedge"),
            (" ", None),
            (rng.choice(_OUTCOMES), "proposition"),
            (" ", None),
            (horizon[0], "horizon"),
            (", ", None),
            ("if the current escalation continues and no ceasefire is agreed", "condition"),
            (".", None),
        ], {"hedge": hedge, "horizon": horizon[1]}

    def _span(self, source: int, sentence: _Sentence, role: str, as_role: str) -> Span:
        start, end = sentence.parts[role]
        return Span(
            source=record_id("source", source),
            start=start,
            end=end,
            exact=self.texts[source][start:end],
            role=as_role,
        )

    def _pick(self, kind: str, index: int) -> tuple[int, _Sentence]:
        """The source of the ``index``-th record of ``kind`` and a sentence of it: records come
        source by source, as annotation produces them."""
        source = index * self.counts["source"] // self.counts[kind]
        return source, self.rng.choice(self.sentences[source][kind])

    def _links(self, kind: str, index: int) -> tuple[Link, ...]:
        if index == 0 or self.rng.random() > 0.15:
            return ()
        rel = self.rng.choice(["same_as", "responds_to", "refers_to"])
        return (Link(rel=rel, target=record_id(kind, self.rng.randrange(index))),)

    def _note(self) -> str | None:
        return self.rng.choice(_NOTES) if self.rng.random() < 0.4 else None

    def _when(self, day: int, event: int | None = None) -> When:
        """A date; a derived one counts from an earlier event dated to the day, as it must.

        ``event``, the index of the event being dated, makes its day available as an anchor.
        """
        roll = self.rng.random()
        if roll < 0.55 and (roll < 0.4 or not self.event_days):
            date = dt.date(2024, 11, day)
            when = When(date=date.isoformat(), precision="day", basis="text")
        elif roll < 0.55:
            anchor, anchor_date = self.rng.choice(self.event_days)
            offset = self.rng.randint(1, 3)
            date = anchor_date + dt.timedelta(days=offset)
            when = When(
                date=date.isoformat(),
                precision="day",
                basis="derived",
                anchor=record_id("event", anchor),
                offset_days=offset,
            )
        elif roll < 0.7:
            return When(
                date=f"2024-11-{day:02d}~",
                precision="day",
                basis="external",
                reference="Reported by several outlets on the day, per the wire services\u2019 timeline.",
            )
        else:
            return When()
        if event is not None:
            self.event_days.append((event, date))
        return when

    def source(self, index: int) -> Source:
        return Source(
            id=record_id("source", index),
            title=f"Analysis of the war in Ukraine, part {index + 1}",
            publisher="Synthetic Wire Service",
            url=f"https://example.org/analysis/{index}",
            published=When(date=f"2024-11-{index % 28 + 1:02d}", precision="day", basis="text"),
            language="en",
            sha256=hashlib.sha256(self.texts[index].encode("utf-8")).hexdigest(),
            path=f"sources/{index:06d}.txt",
            license="CC-BY-4.0",
            note="A generated document for benchmarks; its sentences imitate news analysis.",
        )

    def actor(self, index: int) -> Actor:
        source = index % self.counts["source"]
        mention = self.mentions[source].get(index)
        name = self.names[index]
        country = _COUNTRIES[index % len(_COUNTRIES)]
        is_state = index < len(_COUNTRIES)
        evidence = ()
        if mention is not None:
            start, end = mention
            evidence = (
                Span(
                    source=record_id("source", source),
                    start=start,
                    end=end,
                    exact=self.texts[source][start:end],
                    role="mention",
                ),
            )
        return Actor(
            id=record_id("actor", index),
            name=name,
            type="state" if is_state else self.rng.choice(_ACTOR_TYPES),
            country=country[1],
            wikidata=f"Q{1000 + index}" if self.rng.random() < 0.6 else None,
            aliases=() if is_state else (name.split()[-1],),
            roles=()
            if is_state
            else (Role(title=f"{self.rng.choice(_TITLES)} {country[0]}", start="2019-05-20"),),
            evidence=evidence,
            note=self._note(),
        )

    def event(self, index: int) -> Event:
        source, sentence = self._pick("event", index)
        event_type = sentence.meta["type"]
        mode = _EVENT_VERBS[event_type][1]
        where = None
        if self.rng.random() < 0.3:
            name, country, admin1, lat, lon = self.rng.choice(_PLACES)
            where = Location(
                name=name, country=country, admin1=admin1, lat=lat, lon=lon, precision="near"
            )
        first, other = (self.names[i] for i in sentence.actors)
        return Event(
            id=record_id("event", index),
            type=event_type,
            mode=mode,
            context=tuple(self.rng.sample(EVENT_CONTEXTS, self.rng.randint(1, 2))),
            summary=f"{first} {_EVENT_VERBS[event_type][0]} {other}, as reported by officials "
            "speaking on condition of anonymity after a week of rising tensions in the region.",
            actors=(
                EventActor(actor=record_id("actor", sentence.actors[0]), role="initiator"),
                EventActor(actor=record_id("actor", sentence.actors[1]), role="target"),
            ),
            when=self._when(sentence.meta["day"], index),
            where=where,
            factuality=self.rng.choice(["CT+", "CT+", "PR+", "PS+"]),
            evidence=(
                self._span(source, sentence, "trigger", "trigger"),
                self._span(source, sentence, "time", "time"),
                self._span(source, sentence, "actor", "actor"),
            ),
            links=self._links("event", index),
            note=self._note(),
        )

    def statement(self, index: int) -> Statement:
        source, sentence = self._pick("statement", index)
        cue, speech_act, _ = sentence.meta["cue"]
        named = self.rng.random() < 0.7
        n_events = self.counts["event"]
        return Statement(
            id=record_id("statement", index),
            speaker=record_id("actor", sentence.actors[0]) if named else None,
            speaker_text=None if named else "officials quoted by the source",
            attribution="reported" if named else "unattributed",
            cue=cue,
            speech_act=speech_act,
            content=f"{self.names[sentence.actors[0]]} says that the escalation is a reaction to "
            "the other side's actions, that further escalation would have consequences, and that "
            "the country is prepared to respond to any Western military involvement.",
            about=tuple(
                record_id("event", self.rng.randrange(n_events))
                for _ in range(self.rng.randint(1, 2))
            ),
            when=self._when(sentence.meta["day"]),
            evidence=(
                self._span(source, sentence, "content", "content"),
                self._span(source, sentence, "cue", "cue"),
                self._span(source, sentence, "actor", "speaker"),
                self._span(source, sentence, "time", "time"),
            ),
            links=self._links("statement", index),
            note=self._note(),
        )

    def implication(self, index: int) -> Implication:
        source, sentence = self._pick("implication", index)
        hedge = sentence.meta["hedge"]
        if hedge == "likely":
            low, high = ICD203_BANDS["likely"]
            likelihood = Likelihood(verbal=hedge, scale="ICD-203", value=hedge, low=low, high=high)
        else:
            likelihood = Likelihood(verbal=hedge, scale="FactBank", value="PS+")
        proposition = self._span(source, sentence, "proposition", "proposition")
        horizon = self._span(source, sentence, "horizon", "horizon")
        return Implication(
            id=record_id("implication", index),
            proposition=proposition.exact,
            holder_text="analysts",
            cue=hedge,
            likelihood=likelihood,
            condition="if the current escalation continues and no ceasefire is agreed",
            horizon=sentence.meta["horizon"],
            horizon_text=horizon.exact,
            drivers=(
                record_id("event", self.rng.randrange(self.counts["event"])),
                record_id("statement", self.rng.randrange(self.counts["statement"])),
            ),
            affects=(record_id("actor", sentence.actors[1]),),
            evidence=(
                proposition,
                self._span(source, sentence, "hedge", "hedge"),
                horizon,
                self._span(source, sentence, "condition", "condition"),
            ),
            links=self._links("implication", index),
            note=self._note(),
        )

    def records(self, kind: str) -> Iterator[Record]:
        make: Callable[[int], Record] = getattr(self, kind)
        for index in range(self.counts[kind]):
            yield make(index)


def _actor_name(index: int) -> str:
    if index < len(_COUNTRIES):
        return _COUNTRIES[index][0]
    first = _FIRST[index % len(_FIRST)]
    return f"{first} {_LAST[index // len(_FIRST) % len(_LAST)]}"


def write_release(folder: Path, n: int, seed: int = 0) -> dict[str, Any]:
    """Write a release of ``n`` records into the new folder ``folder``; return its statistics."""
    generator = _Generator(n, seed)
    (folder / "sources").mkdir(parents=True)
    for index, text in enumerate(generator.texts):
        (folder / "sources" / f"{index:06d}.txt").write_bytes(text.encode("utf-8"))
    size = 0
    for kind in MIX:
        path = folder / f"{kind}s.jsonl"
        with path.open("wb") as handle:
            for record in generator.records(kind):
                handle.write(encode_record(record) + b"\n")
        size += path.stat().st_size
    write_manifest(folder, {"name": "conflictdata-benchmark", "version": "0.0.0"})
    return {"records": n, "counts": generator.counts, "bytes": size}
