"""The record model: frozen attrs classes, one per record kind and per nested value.

The models are the single source of truth of the record contract: the JSON Schemas in
``conflictdata/schemas`` are generated from them (``python -m conflictdata._schema``) and a test
fails when the committed files drift. Constraints are written as :class:`msgspec.Meta` annotations,
so the fast decoder enforces exactly what the schemas say. Regular expressions use ``[0-9]``, never
``\\d``, so that every JSON Schema engine reads them alike.

>>> span = Span(source="src-example", start=4, end=9, exact="quick")
>>> span.end - span.start
5
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from attrs import frozen
from msgspec import Meta

from conflictdata.vocab import (
    ActorType,
    Attribution,
    DateBasis,
    DatePrecision,
    EventContext,
    EventRole,
    EventType,
    Factuality,
    LikelihoodScale,
    LinkRelation,
    LocationPrecision,
    RecordKind,
    RecordStatus,
    ResolutionStatus,
    SpanRole,
    SpeechAct,
)

__all__ = [
    "RECORD_CLASSES",
    "Actor",
    "Event",
    "EventActor",
    "Implication",
    "Likelihood",
    "Link",
    "Location",
    "Record",
    "Resolution",
    "Role",
    "Source",
    "Span",
    "Statement",
    "When",
]

_SLUG = "[a-z0-9]+(-[a-z0-9]+)*$"
_DAY = "[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|-2[1-4])?[~?%]?"

RecordId = Annotated[
    str,
    Meta(
        pattern=f"^(src|act|evt|stm|imp)-{_SLUG}",
        max_length=200,
        description="Stable record id: a kind prefix and a lower-case slug; never reused.",
    ),
]
SourceId = Annotated[str, Meta(pattern=f"^src-{_SLUG}", max_length=200)]
ActorId = Annotated[str, Meta(pattern=f"^act-{_SLUG}", max_length=200)]
Text = Annotated[str, Meta(min_length=1)]
EDTF = Annotated[
    str,
    Meta(
        pattern=f"^({_DAY}|{_DAY}/({_DAY}|\\.\\.)?|(\\.\\.)?/{_DAY})$",
        description="An EDTF level 0/1 date or interval: 2024-11-21, 2024-11, 2024-11-21~, 2024-11/2024-12.",
    ),
]
CountryCode = Annotated[
    str, Meta(pattern="^[A-Z]{3}$", description="ISO 3166-1 alpha-3 country code.")
]
Offset = Annotated[
    int, Meta(ge=0, description="Unicode code point offset into the NFC source text.")
]


@frozen(kw_only=True)
class Span:
    """A stretch of a source text that supports a record.

    A W3C Web Annotation TextPositionSelector (``start``, ``end``: code points, half-open) and
    TextQuoteSelector (``exact``) in one: ``exact`` must equal ``text[start:end]``.
    """

    source: Annotated[SourceId, Meta(description="Id of the source whose text this is.")]
    start: Offset
    end: Offset
    exact: Annotated[Text, Meta(description="The quoted text, equal to text[start:end].")]
    role: Annotated[
        SpanRole | None, Meta(description="What part of the record the span supports.")
    ] = None


@frozen(kw_only=True)
class Link:
    """A typed relation from the record that holds it to another record."""

    rel: Annotated[LinkRelation, Meta(description="The relation: same_as is coreference.")]
    target: Annotated[RecordId, Meta(description="Id of the related record.")]


@frozen(kw_only=True)
class When:
    """A date as the source gives it, with its precision and how it is known.

    ``basis`` says how: ``text`` (the source says it), ``derived`` (computed from the text, with
    ``anchor`` and ``offset_days``), ``external`` (known from outside the source, with
    ``reference``) or ``unknown`` (``date`` is null). A date is never invented.
    """

    date: EDTF | None = None
    precision: DatePrecision = "unknown"
    basis: DateBasis = "unknown"
    anchor: Annotated[
        RecordId | None, Meta(description="Record whose date a derived date is counted from.")
    ] = None
    offset_days: Annotated[
        int | None, Meta(description="Days from the anchor's date to this date.")
    ] = None
    reference: Annotated[Text | None, Meta(description="Where an external date is known from.")] = (
        None
    )


@frozen(kw_only=True)
class Location:
    """Where an event happened, as precisely as the text allows."""

    name: Text
    country: CountryCode | None = None
    admin1: Text | None = None
    lat: Annotated[float, Meta(ge=-90, le=90)] | None = None
    lon: Annotated[float, Meta(ge=-180, le=180)] | None = None
    precision: LocationPrecision = "country"


@frozen(kw_only=True)
class Role:
    """A position an actor holds, such as "President of the United States"."""

    title: Text
    start: EDTF | None = None
    end: EDTF | None = None


@frozen(kw_only=True)
class EventActor:
    """An actor taking part in an event, and how."""

    actor: ActorId
    role: EventRole


@frozen(kw_only=True)
class Likelihood:
    """How likely the holder of an implication takes it to be.

    Hedges such as could, may, might and potentially are unquantified: FactBank ``PS+`` with
    ``low`` and ``high`` null. Numbers appear only where a scale defines them (ICD 203 bands).
    """

    verbal: Annotated[Text | None, Meta(description="The hedge as written.")] = None
    scale: LikelihoodScale | None = None
    value: Annotated[
        Text | None,
        Meta(description="A value of the scale: a FactBank value or an ICD 203 expression."),
    ] = None
    low: Annotated[float, Meta(ge=0, le=1)] | None = None
    high: Annotated[float, Meta(ge=0, le=1)] | None = None


@frozen(kw_only=True)
class Resolution:
    """Whether a projected implication came to pass, according to later sources."""

    status: ResolutionStatus = "open"
    as_of: EDTF | None = None
    references: tuple[Text, ...] = ()


@frozen(kw_only=True)
class Record:
    """Fields every record has.

    A released record is never deleted: it is withdrawn (``status``), with a reason and, where
    another record replaces it, ``superseded_by``.
    """

    kind: ClassVar[RecordKind]
    prefix: ClassVar[str]

    id: RecordId
    status: RecordStatus = "active"
    withdrawn_reason: Text | None = None
    superseded_by: RecordId | None = None
    note: Text | None = None
    links: tuple[Link, ...] = ()


@frozen(kw_only=True)
class Source(Record):
    """A source document whose text records point into."""

    kind: ClassVar[RecordKind] = "source"
    prefix: ClassVar[str] = "src"

    id: SourceId
    title: Text | None = None
    publisher: Text | None = None
    url: Annotated[str, Meta(extra_json_schema={"format": "uri"})] | None = None
    published: When = When()
    language: Annotated[
        str, Meta(pattern="^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", description="BCP 47 language tag.")
    ]
    sha256: Annotated[
        str, Meta(pattern="^[0-9a-f]{64}$", description="SHA-256 of the UTF-8 NFC text.")
    ]
    path: Annotated[
        str,
        Meta(
            pattern="^sources/[A-Za-z0-9._-]+[.]txt$",
            description="Path of the text file inside the release folder.",
        ),
    ]
    license: Text | None = None
    evidence: tuple[Span, ...] = ()


@frozen(kw_only=True)
class Actor(Record):
    """A state, person, body, force, alliance, organization or group."""

    kind: ClassVar[RecordKind] = "actor"
    prefix: ClassVar[str] = "act"

    id: ActorId
    name: Text
    type: ActorType
    country: CountryCode | None = None
    wikidata: (
        Annotated[
            str, Meta(pattern="^Q[1-9][0-9]*$", description="Wikidata item, only where certain.")
        ]
        | None
    ) = None
    aliases: tuple[Text, ...] = ()
    roles: tuple[Role, ...] = ()
    evidence: tuple[Span, ...] = ()


Evidence = Annotated[
    tuple[Span, ...], Meta(min_length=1, description="The spans of text the record rests on.")
]


@frozen(kw_only=True)
class Event(Record):
    """Something that happened (or is reported as happening), typed with PLOVER."""

    kind: ClassVar[RecordKind] = "event"
    prefix: ClassVar[str] = "evt"

    id: Annotated[str, Meta(pattern=f"^evt-{_SLUG}", max_length=200)]
    type: EventType
    mode: (
        Annotated[
            str, Meta(pattern="^[a-z]+([_-][a-z]+)*$", description="PLOVER mode of the event type.")
        ]
        | None
    ) = None
    context: tuple[EventContext, ...] = ()
    summary: Text
    actors: tuple[EventActor, ...] = ()
    when: When = When()
    where: Location | None = None
    factuality: Factuality
    evidence: Evidence


@frozen(kw_only=True)
class Statement(Record):
    """Reported speech or an analytic assessment: who says what, with which cue."""

    kind: ClassVar[RecordKind] = "statement"
    prefix: ClassVar[str] = "stm"

    id: Annotated[str, Meta(pattern=f"^stm-{_SLUG}", max_length=200)]
    speaker: ActorId | None = None
    speaker_text: Annotated[
        Text | None, Meta(description='The speaker as written when not one actor: "analysts".')
    ] = None
    attribution: Attribution
    cue: Annotated[
        str, Meta(pattern="^[a-z]+(_[a-z]+)*$", description="Lemma of the reporting cue.")
    ]
    speech_act: SpeechAct
    content: Annotated[Text, Meta(description="A faithful paraphrase of what is said.")]
    about: Annotated[tuple[RecordId, ...], Meta(description="Records the statement concerns.")] = ()
    when: When = When()
    evidence: Evidence


@frozen(kw_only=True)
class Implication(Record):
    """A projected, forward-looking claim, with its hedge, holder, condition and horizon."""

    kind: ClassVar[RecordKind] = "implication"
    prefix: ClassVar[str] = "imp"

    id: Annotated[str, Meta(pattern=f"^imp-{_SLUG}", max_length=200)]
    proposition: Annotated[Text, Meta(description="The projected outcome.")]
    holder: ActorId | None = None
    holder_text: Annotated[
        Text | None, Meta(description='Who projects it, when not one actor: "the author".')
    ] = None
    cue: Annotated[Text, Meta(description="The hedge as written: could, may, potentially.")]
    likelihood: Likelihood
    condition: Annotated[Text | None, Meta(description='The "if" as written.')] = None
    horizon: EDTF | None = None
    horizon_text: Annotated[
        Text | None, Meta(description='The horizon as written: "in the coming months".')
    ] = None
    drivers: Annotated[
        tuple[RecordId, ...], Meta(description="Records the implication follows from.")
    ] = ()
    affects: tuple[ActorId, ...] = ()
    resolution: Resolution = Resolution()
    evidence: Evidence


#: The record classes by kind, in release order.
RECORD_CLASSES: dict[RecordKind, type[Record]] = {
    cls.kind: cls for cls in (Source, Actor, Event, Statement, Implication)
}
