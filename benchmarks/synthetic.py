"""Deterministic synthetic data shaped like the real dataset, for benchmarks.

Records are made as annotation produces them, document by document: a source, then the records
that quote its text, every kind mixed, each referring only to records made shortly before it.
The records are valid and coherent: every span's ``exact`` is the text between its offsets (the
texts contain non-ASCII characters, so code point and byte offsets differ), every actor, anchor,
driver, ``about`` and link target resolves, derived dates follow from their anchors, and a
record averages about 1.15 KB. The same ``(n, seed)`` always gives the same bytes.

- ``write_release(folder, n, seed)`` writes a complete release folder with ``n`` records: source
  texts under ``sources/``, one JSON Lines file per kind (canonical encoding, as shipped) and a
  ``datapackage.json``, so that ``conflictdata.load(path=folder)`` reads it.
- ``write_contribution(folder, n, seed)`` writes one contributed JSON Lines file of ``n``
  records, each source's line before the lines that quote it, whose first records also refer to
  records of release 1.0.0, and the texts of its sources under ``folder/sources``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack
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

__all__ = ["MIX", "kind_counts", "record_id", "write_contribution", "write_release"]

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
#: Sentences of each kind in a source text; the records of that kind quote them, several
#: records the same sentence.
_SENTENCES_PER_SOURCE = {"event": 26, "statement": 22, "implication": 16}
#: How many of the latest records of each kind a new record may refer to.
_NEARBY = 30
#: Records of release 1.0.0 that the first records of a contribution refer to.
_RELEASE_ACTORS = (("act-russia", "Russia"), ("act-ukraine", "Ukraine"))
_RELEASE_EVENT_DAYS = (("evt-oreshnik-test", dt.date(2024, 11, 21)),)

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

#: A sentence as its pieces of text, each labelled with the span role it supports, if any.
Pieces = list[tuple[str, str | None]]


@dataclass(frozen=True)
class _Sentence:
    """A sentence of a source text: the spans of its labelled pieces, whom it names, what it says."""

    spans: dict[str, Span]
    actors: tuple[str, str]
    meta: dict[str, Any]


@dataclass
class _Text:
    """The text of one source being written, sentence by sentence, and its sentences by kind."""

    source: str
    chunks: list[str] = field(default_factory=list)
    length: int = 0
    sentences: dict[str, list[_Sentence]] = field(
        default_factory=lambda: {kind: [] for kind in _SENTENCES_PER_SOURCE}
    )

    def add(self, pieces: Pieces) -> dict[str, Span]:
        """Append a sentence; return the span of each labelled piece, by its label."""
        spans = {}
        for words, role in pieces:
            if role is not None:
                end = self.length + len(words)
                spans[role] = Span(
                    source=self.source, start=self.length, end=end, exact=words, role=role
                )
            self.chunks.append(words)
            self.length += len(words)
        self.chunks.append(" ")
        self.length += 1
        return spans

    def finished(self) -> str:
        """The whole text, ending in a newline."""
        return "".join(self.chunks).rstrip(" ") + "\n"


def kind_counts(n: int) -> dict[str, int]:
    """How many records of each kind a release of ``n`` records has (at least one of each)."""
    counts = {kind: max(1, round(n * share)) for kind, share in MIX.items()}
    counts["event"] += n - sum(counts.values())
    return counts


def record_id(kind: str, index: int) -> str:
    """The id of the ``index``-th record of ``kind``, computable without the record."""
    return f"{_PREFIXES[kind]}-{_SLUGS[index % len(_SLUGS)]}-{index}"


class _Generator:
    """Makes ``n`` records source by source, in the order annotation produces them.

    ``actors`` (id, name) and ``event_days`` (id, date) name records that exist already, for the
    first records to refer to.
    """

    def __init__(
        self,
        n: int,
        seed: int,
        actors: tuple[tuple[str, str], ...] = (),
        event_days: tuple[tuple[str, dt.date], ...] = (),
    ) -> None:
        self.counts = kind_counts(n)
        self.rng = random.Random(seed)
        self.made = dict.fromkeys(MIX, 0)
        self.names = dict(actors)
        self.nearby: dict[str, deque[str]] = {kind: deque(maxlen=_NEARBY) for kind in MIX}
        self.nearby["actor"].extend(self.names)
        self.nearby["event"].extend(event for event, _ in event_days)
        self.event_days = deque(event_days, maxlen=_NEARBY)

    def documents(self) -> Iterator[tuple[Source, str, list[Record]]]:
        """Each source with its text and the records that quote it, kinds shuffled."""
        sources = self.counts["source"]
        for index in range(sources):
            kinds = [
                kind
                for kind in ("actor", *_SENTENCES_PER_SOURCE)
                for _ in range(_share(self.counts[kind], index, sources))
            ]
            self.rng.shuffle(kinds)
            if not self.nearby["actor"]:  # nobody to name yet: the document's actors come first
                kinds.sort(key=lambda kind: kind != "actor")
            text = _Text(record_id("source", index))
            records = [self._record(kind, text) for kind in kinds]
            finished = text.finished()
            yield self.source(index, finished), finished, records

    def _record(self, kind: str, text: _Text) -> Record:
        index = self.made[kind]
        self.made[kind] += 1
        record: Record = getattr(self, kind)(index, text)
        self.nearby[kind].append(record.id)
        return record

    def _quote(self, kind: str, text: _Text) -> _Sentence:
        """A sentence of ``kind`` for a record to rest on: a new one while the text has fewer
        than its share, then one already written."""
        written = text.sentences[kind]
        if len(written) >= _SENTENCES_PER_SOURCE[kind]:
            return self.rng.choice(written)
        nearby = self.nearby["actor"]
        actors = (self.rng.choice(nearby), self.rng.choice(nearby))
        pieces, meta = self._compose(kind, actors)
        sentence = _Sentence(text.add(pieces), actors, meta)
        written.append(sentence)
        return sentence

    def _compose(self, kind: str, actors: tuple[str, str]) -> tuple[Pieces, dict[str, Any]]:
        rng = self.rng
        first, other = (self.names[actor] for actor in actors)
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
            return [
                (first, "speaker"),
                (" ", None),
                (cue[2], "cue"),
                (" that ", None),
                (rng.choice(_CONTENT), "content"),
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

    def _links(self, kind: str) -> tuple[Link, ...]:
        earlier = self.nearby[kind]
        if not earlier or self.rng.random() > 0.15:
            return ()
        rel = self.rng.choice(["same_as", "responds_to", "refers_to"])
        return (Link(rel=rel, target=self.rng.choice(earlier)),)

    def _note(self) -> str | None:
        return self.rng.choice(_NOTES) if self.rng.random() < 0.4 else None

    def _when(self, day: int, event: str | None = None) -> When:
        """A date; a derived one counts from a recent event dated to the day, as it must.

        ``event``, the id of the event being dated, makes its day available as an anchor.
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
                anchor=anchor,
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

    def source(self, index: int, text: str) -> Source:
        return Source(
            id=record_id("source", index),
            title=f"Analysis of the war in Ukraine, part {index + 1}",
            publisher="Synthetic Wire Service",
            url=f"https://example.org/analysis/{index}",
            published=When(date=f"2024-11-{index % 28 + 1:02d}", precision="day", basis="text"),
            language="en",
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            path=f"sources/{index:06d}.txt",
            license="CC-BY-4.0",
            note="A generated document for benchmarks; its sentences imitate news analysis.",
        )

    def actor(self, index: int, text: _Text) -> Actor:
        actor_id = record_id("actor", index)
        name = _actor_name(index)
        self.names[actor_id] = name
        mention = text.add(
            [("Reporters asked about the part played by ", None), (name, "mention"), (".", None)]
        )["mention"]
        country = _COUNTRIES[index % len(_COUNTRIES)]
        is_state = index < len(_COUNTRIES)
        return Actor(
            id=actor_id,
            name=name,
            type="state" if is_state else self.rng.choice(_ACTOR_TYPES),
            country=country[1],
            wikidata=f"Q{1000 + index}" if self.rng.random() < 0.6 else None,
            aliases=() if is_state else (name.split()[-1],),
            roles=()
            if is_state
            else (Role(title=f"{self.rng.choice(_TITLES)} {country[0]}", start="2019-05-20"),),
            evidence=(mention,),
            note=self._note(),
        )

    def event(self, index: int, text: _Text) -> Event:
        event_id = record_id("event", index)
        sentence = self._quote("event", text)
        event_type = sentence.meta["type"]
        verb, mode = _EVENT_VERBS[event_type]
        where = None
        if self.rng.random() < 0.3:
            name, country, admin1, lat, lon = self.rng.choice(_PLACES)
            where = Location(
                name=name, country=country, admin1=admin1, lat=lat, lon=lon, precision="near"
            )
        initiator, target = sentence.actors
        return Event(
            id=event_id,
            type=event_type,
            mode=mode,
            context=tuple(self.rng.sample(EVENT_CONTEXTS, self.rng.randint(1, 2))),
            summary=f"{self.names[initiator]} {verb} {self.names[target]}, as reported by "
            "officials speaking on condition of anonymity after a week of rising tensions in the "
            "region.",
            actors=(
                EventActor(actor=initiator, role="initiator"),
                EventActor(actor=target, role="target"),
            ),
            when=self._when(sentence.meta["day"], event_id),
            where=where,
            factuality=self.rng.choice(["CT+", "CT+", "PR+", "PS+"]),
            evidence=(sentence.spans["trigger"], sentence.spans["time"], sentence.spans["actor"]),
            links=self._links("event"),
            note=self._note(),
        )

    def statement(self, index: int, text: _Text) -> Statement:
        sentence = self._quote("statement", text)
        cue, speech_act, _ = sentence.meta["cue"]
        speaker = sentence.actors[0]
        named = self.rng.random() < 0.7
        events = self.nearby["event"]
        return Statement(
            id=record_id("statement", index),
            speaker=speaker if named else None,
            speaker_text=None if named else "officials quoted by the source",
            attribution="reported" if named else "unattributed",
            cue=cue,
            speech_act=speech_act,
            content=f"{self.names[speaker]} says that the escalation is a reaction to the other "
            "side's actions, that further escalation would have consequences, and that the "
            "country is prepared to respond to any Western military involvement.",
            about=tuple(self.rng.sample(events, min(len(events), self.rng.randint(1, 2)))),
            when=self._when(sentence.meta["day"]),
            evidence=tuple(sentence.spans[role] for role in ("content", "cue", "speaker", "time")),
            links=self._links("statement"),
            note=self._note(),
        )

    def implication(self, index: int, text: _Text) -> Implication:
        sentence = self._quote("implication", text)
        hedge = sentence.meta["hedge"]
        if hedge == "likely":
            low, high = ICD203_BANDS["likely"]
            likelihood = Likelihood(verbal=hedge, scale="ICD-203", value=hedge, low=low, high=high)
        else:
            likelihood = Likelihood(verbal=hedge, scale="FactBank", value="PS+")
        spans = sentence.spans
        return Implication(
            id=record_id("implication", index),
            proposition=spans["proposition"].exact,
            holder_text="analysts",
            cue=hedge,
            likelihood=likelihood,
            condition=spans["condition"].exact,
            horizon=sentence.meta["horizon"],
            horizon_text=spans["horizon"].exact,
            drivers=tuple(
                self.rng.choice(self.nearby[kind])
                for kind in ("event", "statement")
                if self.nearby[kind]
            ),
            affects=(sentence.actors[1],),
            evidence=tuple(
                spans[role] for role in ("proposition", "hedge", "horizon", "condition")
            ),
            links=self._links("implication"),
            note=self._note(),
        )


def _share(count: int, index: int, parts: int) -> int:
    """How many of ``count`` things the ``index``-th of ``parts`` even parts gets."""
    return (index + 1) * count // parts - index * count // parts


def _actor_name(index: int) -> str:
    if index < len(_COUNTRIES):
        return _COUNTRIES[index][0]
    first = _FIRST[index % len(_FIRST)]
    return f"{first} {_LAST[index // len(_FIRST) % len(_LAST)]}"


def _records(folder: Path, generator: _Generator) -> Iterator[Record]:
    """The generator's records, each source before those quoting it; writes the source texts
    into ``folder``."""
    for source, text, records in generator.documents():
        (folder / source.path).write_bytes(text.encode("utf-8"))
        yield source
        yield from records


def write_release(folder: Path, n: int, seed: int = 0) -> dict[str, Any]:
    """Write a release of ``n`` records into the new folder ``folder``; return its statistics."""
    generator = _Generator(n, seed)
    (folder / "sources").mkdir(parents=True)
    paths = {kind: folder / f"{kind}s.jsonl" for kind in MIX}
    with ExitStack() as stack:
        files = {kind: stack.enter_context(path.open("wb")) for kind, path in paths.items()}
        for record in _records(folder, generator):
            files[record.kind].write(encode_record(record) + b"\n")
    write_manifest(folder, {"name": "conflictdata-benchmark", "version": "0.0.0"})
    size = sum(path.stat().st_size for path in paths.values())
    return {"records": n, "counts": generator.counts, "bytes": size}


def write_contribution(folder: Path, n: int, seed: int = 0) -> Path:
    """Write ``folder/contribution.jsonl`` with ``n`` records of every kind, valid against
    release 1.0.0, and the texts of its sources under ``folder/sources``; return its path."""
    generator = _Generator(n, seed, _RELEASE_ACTORS, _RELEASE_EVENT_DAYS)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    path = folder / "contribution.jsonl"
    with path.open("wb") as handle:
        for record in _records(folder, generator):
            handle.write(encode_record(record) + b"\n")
    return path
