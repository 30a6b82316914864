"""Validation throughput, side by side in one run, on a realistic contributed file.

    PYTHONPATH=src python benchmarks/bench_validate.py --records 100000

measures, on the same file of ``--records`` records (about 1.2 KB each, every kind mixed):

- ``orjson``: parsing each line with orjson only (no checks at all: the ceiling);
- ``jsonschema``: the reference validator, one reused Draft 2020-12 validator per kind with
  format checking, on lines parsed with :func:`json.loads` (``--jsonschema-records`` of them);
- ``jsonschema-rs``: the Rust validator (formats on), on lines parsed with orjson, if installed;
- ``conflictdata``: :func:`conflictdata.validate`, all three layers (bytes and strict JSON, the
  schema, semantics: references, spans against the source texts, dates), with ``--jobs 1`` and
  with ``--jobs N``;

each the best of ``--repeat`` rounds (a round runs each contender once, in turn, so that a change
in the machine's load touches them alike; jsonschema, slow, runs once), in records per second, and
the ratios the validator is held to; ``--jobs N`` uses N worker processes. ``--memory`` also runs the validator alone in a fresh process on files of two sizes and
reports the peak resident memory of each.

The data generator is importable: ``write_contribution(folder, n, seed)`` writes a contributed
file and the texts of its new sources, and returns the file's path. Its records are valid: every
reference resolves (within the file or in release 1.0.0), every span quotes its text, derived
dates follow from their anchors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

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
from conflictdata.vocab import ICD203_BANDS

__all__ = ["write_contribution"]

#: Records per source document.
_PER_SOURCE = 250
#: Share of each kind among a document's records (the rest are events).
_ACTORS, _STATEMENTS, _IMPLICATIONS = 0.05, 0.30, 0.25

_NAMES = [
    ("Olena Kovalenko", "UKR"),
    ("Jürgen Müller", "DEU"),
    ("Zbigniew Wójcik", "POL"),
    ("Ayşe Yılmaz", "TUR"),  # noqa: RUF001 - the texts hold non-ASCII letters on purpose
    ("Марія Шевченко", "UKR"),
    ("Pierre Lefèvre", "FRA"),
    ("Dmitri Sokolov", "RUS"),
    ("Kaja Tamm", "EST"),
]
_EVENTS = [  # type, mode, context, what the initiator does to the target
    ("ASSAULT", "aerial", "military", "launched a missile strike on positions held by"),
    ("MOBILIZE", "troops", "military", "moved additional troops and air defences towards"),
    ("CONSULT", "phone", "diplomatic", "discussed the ongoing conflict by phone with"),
    ("THREATEN", "violence", "military", "threatened a “proportionate response” against"),
    ("SANCTION", "discontinue", "economic", "imposed a further package of sanctions on"),
    ("AID", None, "military", "delivered long-range missiles and ammunition to"),
    ("ACCUSE", "allege", "diplomatic", "blamed the escalation of the war on"),
]
_CIRCUMSTANCES = [
    "in what analysts describe as a pivotal moment in the war",
    "a shift that potentially alters the balance of power along the front line",
    "as European leaders cautioned against underestimating the nuclear threats",
    "amid reports of foreign troops fighting alongside the regular forces near the border",
]
_CUES = [("warn", "warning", "warned"), ("emphasize", "claim", "emphasized")]
_CUES += [("caution", "caution", "cautioned"), ("suggest", "suggestion", "suggested")]
_CONTENTS = [
    "any attack on its territory could escalate into a broader conflict with the alliance",
    "the new missile system is a direct reaction to the alliance’s recent actions",  # noqa: RUF001
    "nuclear threats are increasingly being used as a bargaining tool in the negotiations",
]
_HEDGES = ["could", "may", "potentially", "likely"]
_OUTCOMES = [
    "lead to a prolonged conflict, with both sides preparing for more hostilities",
    "reshape global alliances and security dynamics in the region",
    "prompt further sanctions against the aggressor and its partners",
]
_HORIZONS = [("in the coming months", "2024-11/2025-03"), ("next year", "2025")]
_NOTES = [
    "The text does not say who initiated the action; the initiator is the grammatical subject.",
    "Possibly coreferent with an earlier mention in the same document; kept apart on purpose.",
    None,
]


class _Document:
    """The text of one source, written sentence by sentence, and the spans of its parts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, *pieces: str) -> list[tuple[int, int]]:
        """Append a sentence of ``pieces``; return the (start, end) of each piece."""
        where = []
        for piece in pieces:
            where.append((self.length, self.length + len(piece)))
            self.parts.append(piece)
            self.length += len(piece)
        self.parts.append(" ")
        self.length += 1
        return where

    @property
    def text(self) -> str:
        return "".join(self.parts) + "\n"


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counter = 0
        self.actors: list[str] = ["act-russia", "act-ukraine"]  # in release 1.0.0
        self.events: list[tuple[str, str | None]] = [("evt-oreshnik-test", "2024-11-21")]
        self.statements: list[str] = []

    def _id(self, prefix: str, slug: str) -> str:
        self.counter += 1
        return f"{prefix}-{slug}-{self.counter}"

    def document(self, number: int, size: int) -> tuple[Source, str, list[Record]]:
        """A source, its text, and ``size`` records annotating it."""
        doc = _Document()
        source_id = f"src-bench-{number:05d}"
        drafts: list[Callable[[], Record]] = []
        for _ in range(size):
            roll = self.rng.random()
            if roll < _ACTORS:
                drafts.append(self._actor(doc, source_id))
            elif roll < _ACTORS + _STATEMENTS:
                drafts.append(self._statement(doc, source_id))
            elif roll < _ACTORS + _STATEMENTS + _IMPLICATIONS:
                drafts.append(self._implication(doc, source_id))
            else:
                drafts.append(self._event(doc, source_id))
        text = doc.text
        source = Source(
            id=source_id,
            title=f"Analysis of the war, part {number + 1}",
            publisher="Benchmark Wire Service",
            url=f"https://example.org/analysis/{number}",
            published=When(date="2024-11-23", precision="day", basis="text"),
            language="en",
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            path=f"sources/bench-{number:05d}.txt",
            license="CC-BY-4.0",
        )
        return source, text, [draft() for draft in drafts]

    def _actor(self, doc: _Document, source: str) -> Callable[[], Record]:
        name, country = self.rng.choice(_NAMES)
        (mention,) = doc.add(f"{name} spoke to reporters on Monday.")[:1]
        record_id = self._id("act", "person")
        self.actors.append(record_id)
        span = _Pending(doc, source, mention, "mention")
        return lambda: Actor(
            id=record_id,
            name=name,
            type="person",
            country=country,
            aliases=(name.split()[-1],),
            roles=(Role(title="Minister of Foreign Affairs", start="2022-03-01"),),
            evidence=(span.resolve(),),
            note=self.rng.choice(_NOTES),
        )

    def _event(self, doc: _Document, source: str) -> Callable[[], Record]:
        event_type, mode, context, verb = self.rng.choice(_EVENTS)
        initiator, target = self.rng.sample(self.actors[-12:], 2)
        day = self.rng.randint(1, 28)
        when, time_piece = self._when(day)
        pieces = doc.add(
            time_piece,
            ", ",
            f"the forces of {initiator[4:]} {verb} {target[4:]}",
            f", {self.rng.choice(_CIRCUMSTANCES)}.",
        )
        record_id = self._id("evt", event_type.lower())
        self.events.append((record_id, when.date if when.precision == "day" else None))
        spans = [
            _Pending(doc, source, pieces[2], "trigger"),
            _Pending(doc, source, pieces[0], "time"),
            _Pending(doc, source, pieces[3], "content"),
        ]
        links = ()
        if self.rng.random() < 0.15:
            links = (Link(rel="responds_to", target=self.rng.choice(self.events[:-1])[0]),)
        where = None
        if self.rng.random() < 0.3:
            where = Location(name="Dnipro", country="UKR", lat=48.4647, lon=35.0462)
        return (
            lambda: Event(
                id=record_id,
                type=event_type,  # type: ignore[arg-type]
                mode=mode,
                context=(context,),  # type: ignore[arg-type]
                summary=f"The forces of {initiator[4:]} {verb} {target[4:]}, as reported by "
                "officials speaking on condition of anonymity after a week of rising tensions.",
                actors=(
                    EventActor(actor=initiator, role="initiator"),
                    EventActor(actor=target, role="target"),
                ),
                when=when,
                where=where,
                factuality=self.rng.choice(["CT+", "CT+", "PR+", "PS+"]),  # type: ignore[arg-type]
                evidence=tuple(span.resolve() for span in spans),
                links=links,
                note=self.rng.choice(_NOTES),
            )
        )

    def _when(self, day: int) -> tuple[When, str]:
        roll = self.rng.random()
        dated = [(eid, date) for eid, date in self.events[-20:] if date]
        if roll < 0.2 and dated:
            anchor, date = self.rng.choice(dated)
            offset = self.rng.randint(1, 3)
            derived = (dt.date.fromisoformat(date) + dt.timedelta(days=offset)).isoformat()
            return When(
                date=derived,
                precision="day",
                basis="derived",
                anchor=anchor,
                offset_days=offset,
            ), f"{offset} day{'s' if offset > 1 else ''} later"
        if roll < 0.6:
            return When(
                date=f"2024-11-{day:02d}", precision="day", basis="text"
            ), f"On {day} November"
        return When(), "Earlier this month"

    def _statement(self, doc: _Document, source: str) -> Callable[[], Record]:
        cue, act, written = self.rng.choice(_CUES)
        speaker = self.rng.choice(self.actors[-12:])
        content = self.rng.choice(_CONTENTS)
        pieces = doc.add(f"Officials of {speaker[4:]}", f" {written}", " that ", content, ".")
        record_id = self._id("stm", cue)
        self.statements.append(record_id)
        about = tuple({self.rng.choice(self.events[-30:])[0] for _ in range(2)})
        spans = [
            _Pending(doc, source, pieces[3], "content"),
            _Pending(doc, source, pieces[1], "cue"),
            _Pending(doc, source, pieces[0], "speaker"),
        ]
        named = self.rng.random() < 0.7
        return lambda: Statement(
            id=record_id,
            speaker=speaker if named else None,
            speaker_text=None if named else "officials quoted by the source",
            attribution="reported",
            cue=cue,
            speech_act=act,  # type: ignore[arg-type]
            content=f"Officials say that {content}, and that the country is prepared to respond "
            "to any further escalation, whatever form it takes and wherever it comes from.",
            about=about,
            evidence=tuple(span.resolve() for span in spans),
            note=self.rng.choice(_NOTES),
        )

    def _implication(self, doc: _Document, source: str) -> Callable[[], Record]:
        hedge = self.rng.choice(_HEDGES)
        outcome = self.rng.choice(_OUTCOMES)
        horizon_text, horizon = self.rng.choice(_HORIZONS)
        pieces = doc.add(
            "Analysts say the escalation ",
            hedge,
            " ",
            outcome,
            " ",
            horizon_text,
            ", if no ceasefire is agreed.",
        )
        if hedge == "likely":
            low, high = ICD203_BANDS["likely"]
            likelihood = Likelihood(verbal=hedge, scale="ICD-203", value=hedge, low=low, high=high)
        else:
            likelihood = Likelihood(verbal=hedge, scale="FactBank", value="PS+")
        drivers = [self.rng.choice(self.events[-30:])[0]]
        if self.statements:
            drivers.append(self.rng.choice(self.statements[-30:]))
        spans = [
            _Pending(doc, source, pieces[3], "proposition"),
            _Pending(doc, source, pieces[1], "hedge"),
            _Pending(doc, source, pieces[5], "horizon"),
            _Pending(doc, source, pieces[6], "condition"),
        ]
        affects = (self.rng.choice(self.actors[-12:]),)
        return lambda: Implication(
            id=self._id("imp", hedge),
            proposition=outcome,
            holder_text="analysts",
            cue=hedge,
            likelihood=likelihood,
            condition="if no ceasefire is agreed",
            horizon=horizon,
            horizon_text=horizon_text,
            drivers=tuple(drivers),
            affects=affects,
            evidence=tuple(span.resolve() for span in spans),
        )


class _Pending:
    """A span whose text is read once the document is complete."""

    def __init__(self, doc: _Document, source: str, at: tuple[int, int], role: str) -> None:
        self.doc, self.source, self.at, self.role = doc, source, at, role

    def resolve(self) -> Span:
        start, end = self.at
        return Span(
            source=self.source,
            start=start,
            end=end,
            exact=self.doc.text[start:end],
            role=self.role,  # type: ignore[arg-type]
        )


def _records(n: int, seed: int) -> Iterator[tuple[Source, str, list[Record]]]:
    generator = _Generator(seed)
    number = 0
    while n > 0:
        size = min(n - 1, _PER_SOURCE) if n > 1 else 0
        source, text, records = generator.document(number, size)
        yield source, text, records
        n -= 1 + len(records)
        number += 1


def write_contribution(folder: Path, n: int, seed: int = 0) -> Path:
    """Write ``folder/contribution.jsonl`` with ``n`` valid records of every kind, and the texts
    of its new sources under ``folder/sources``; return the file's path. The same ``(n, seed)``
    always gives the same bytes."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    path = folder / "contribution.jsonl"
    with path.open("wb") as handle:
        for source, text, records in _records(n, seed):
            (folder / source.path).write_bytes(text.encode("utf-8"))
            handle.write(encode_record(source) + b"\n")
            for record in records:
                handle.write(encode_record(record) + b"\n")
    return path


# --- measuring ---


def _best(runs: dict[str, Callable[[], int]], repeat: int) -> dict[str, float]:
    """Records per second of each of ``runs`` (each returns the count of records it handled):
    the best of ``repeat`` rounds, each round running every one once, in turn, so that a
    change in the machine's load touches them alike."""
    best = dict.fromkeys(runs, 0.0)
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.perf_counter()
            count = run()
            best[name] = max(best[name], count / (time.perf_counter() - started))
    return best


def _lines(path: Path, limit: int | None = None) -> Iterator[bytes]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            yield line


def measure(path: Path, *, repeat: int, jobs: int, jsonschema_records: int) -> dict[str, float]:
    """Records per second of each contender on the file at ``path``."""
    import jsonschema
    import orjson

    import conflictdata as cd
    from conflictdata._codec import kind_of_id
    from conflictdata._schema import load_schema

    validators = {
        kind: jsonschema.Draft202012Validator(
            load_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for kind in ("source", "actor", "event", "statement", "implication")
    }

    def reference() -> int:
        count = 0
        for line in _lines(path, jsonschema_records):
            value = json.loads(line)
            assert validators[kind_of_id(value["id"]) or ""].is_valid(value)
            count += 1
        return count

    runs: dict[str, Callable[[], int]] = {
        "orjson": lambda: sum(1 for line in _lines(path) if orjson.loads(line))
    }
    try:
        import jsonschema_rs
    except ImportError:
        pass
    else:
        fast = {
            kind: jsonschema_rs.validator_for(load_schema(kind), validate_formats=True)
            for kind in validators
        }

        def rust() -> int:
            count = 0
            for line in _lines(path):
                value = orjson.loads(line)
                assert fast[kind_of_id(value["id"]) or ""].is_valid(value)
                count += 1
            return count

        runs["jsonschema-rs"] = rust

    release = cd.load(version="1.0.0")

    def ours(jobs: int) -> Callable[[], int]:
        def run() -> int:
            report = cd.validate(path, release=release, jobs=jobs)
            assert report.ok, report.format_text()[:2000]
            return report.records

        return run

    runs["conflictdata"] = ours(1)
    if jobs > 1:
        runs[f"conflictdata --jobs {jobs}"] = ours(jobs)
    results = _best(runs, repeat)
    results.update(_best({"jsonschema": reference}, 1))  # slow: once, on its share of lines
    return results


def peak_memory(path: Path) -> int:
    """Peak resident memory (KiB) of a fresh process that validates the file at ``path``.

    Read from the process's own ``VmHWM`` where Linux gives it (``ru_maxrss`` would count the
    memory of the benchmark that started it, which Linux carries across ``exec``).
    """
    code = (
        "import resource, sys, conflictdata as cd; "
        "report = cd.validate(sys.argv[1], release='1.0.0'); assert report.ok; "
        "status = open('/proc/self/status').read() if sys.platform == 'linux' else ''; "
        "peak = [line.split()[1] for line in status.splitlines() if line.startswith('VmHWM')]; "
        "print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip())


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--jsonschema-records", type=int, default=None, help="lines for jsonschema (default all)"
    )
    parser.add_argument("--memory", action="store_true", help="also peak memory at two sizes")
    args = parser.parse_args(arguments)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_contribution(Path(tmp), args.records)
        size = path.stat().st_size
        print(
            f"{args.records:,} records, {size / 1e6:.1f} MB ({size / args.records:,.0f} B/record)"
        )
        results = measure(
            path, repeat=args.repeat, jobs=args.jobs, jsonschema_records=args.jsonschema_records
        )
        for name, rate in results.items():
            print(f"{name:>24}: {rate:>10,.0f} records/s")
        ours = results["conflictdata"]
        print(f"conflictdata / jsonschema: {ours / results['jsonschema']:.1f}x (target 25x)")
        print(f"conflictdata / orjson:     {ours / results['orjson']:.2f} (target 0.5)")
        if args.jobs > 1:
            parallel = results[f"conflictdata --jobs {args.jobs}"]
            print(f"conflictdata --jobs {args.jobs} / orjson: {parallel / results['orjson']:.2f}")
        if args.memory:
            small = write_contribution(Path(tmp) / "small", args.records // 10)
            for label, target in ((args.records // 10, small), (args.records, path)):
                print(f"peak memory, {label:,} records: {peak_memory(target) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
