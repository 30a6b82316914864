"""The record model: frozen attrs classes, one per record kind and per nested value.

The models are the single source of truth of the record contract: the JSON Schemas in
``conflictdata/schemas`` are generated from them (``python -m conflictdata._schema``) and a test
fails when the committed files drift. Constraints are written as :class:`msgspec.Meta` annotations,
so the fast decoder enforces exactly what the schemas say. Regular expressions use ``[0-9]``, never
``\\d``, so that every JSON Schema engine reads them alike.

Facts about each record kind live on its class, as class variables, and every module reads them
there: ``kind``, ``prefix`` and ``plural``; ``when_field`` (the :class:`When` that dates it),
``placement_field`` (what places it in time), ``text_fields`` (its words, the main text first) and ``id_fields``
(the fields that hold ids of other records, with the role of the actors they name). Adding a
field that holds actor ids is one edit here; ``tests/test_models.py`` fails if a field holding ids
is not declared.

>>> from conflictdata.models import Span, Statement
>>> span = Span(source="src-example", start=4, end=9, exact="quick")
>>> span.end - span.start
5
>>> [field.name for field in Statement.id_fields]
['speaker', 'about']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, ClassVar

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
    "KIND_BY_PREFIX",
    "PREFIXES",
    "RECORD_CLASSES",
    "Actor",
    "Event",
    "EventActor",
    "Fatalities",
    "IdField",
    "Implication",
    "Likelihood",
    "Link",
    "Location",
    "Record",
    "Requirement",
    "Resolution",
    "Role",
    "RowRef",
    "Source",
    "Span",
    "Statement",
    "When",
    "main_text",
]

#: The id prefix of each record kind, in release order.
PREFIXES: dict[RecordKind, str] = {
    "source": "src",
    "actor": "act",
    "event": "evt",
    "statement": "stm",
    "implication": "imp",
}
#: The record kind of each id prefix.
KIND_BY_PREFIX: dict[str, RecordKind] = {prefix: kind for kind, prefix in PREFIXES.items()}

_SLUG = "[a-z0-9]+(-[a-z0-9]+)*$"
#: The largest whole number a count may hold: what Parquet and the data-frame libraries store.
INT64_MAX = 2**63 - 1
#: The folder of a release's source texts, and the one a dataset file's path names.
SOURCE_TEXT_DIR, DATASET_DIR = "sources", "datasets"
_SOURCE_PATH = (
    f"^({SOURCE_TEXT_DIR}/[A-Za-z0-9._-]+[.]txt|{DATASET_DIR}/[A-Za-z0-9_-][A-Za-z0-9._-]*)$"
)
_DAY = "[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|-2[1-4])?[~?%]?"

RecordId = Annotated[
    str,
    Meta(
        pattern=f"^({'|'.join(PREFIXES.values())})-{_SLUG}",
        max_length=200,
        description="Stable record id: a kind prefix and a lower-case slug; never reused.",
    ),
]
SourceId = Annotated[str, Meta(pattern=f"^{PREFIXES['source']}-{_SLUG}", max_length=200)]
ActorId = Annotated[str, Meta(pattern=f"^{PREFIXES['actor']}-{_SLUG}", max_length=200)]
EventId = Annotated[str, Meta(pattern=f"^{PREFIXES['event']}-{_SLUG}", max_length=200)]
StatementId = Annotated[str, Meta(pattern=f"^{PREFIXES['statement']}-{_SLUG}", max_length=200)]
ImplicationId = Annotated[str, Meta(pattern=f"^{PREFIXES['implication']}-{_SLUG}", max_length=200)]
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
    start: Annotated[Offset, Meta(description="First code point of the span (inclusive).")]
    end: Annotated[Offset, Meta(description="Code point just after the span (exclusive).")]
    exact: Annotated[Text, Meta(description="The quoted text, equal to text[start:end].")]
    role: Annotated[
        SpanRole | None, Meta(description="What part of the record the span supports.")
    ] = None


@frozen(kw_only=True)
class RowRef:
    """A row of a dataset file that supports a record, for records imported from datasets that
    ship no text (UCDP GED, ACLED, ...).

    A W3C Web Annotation FragmentSelector whose value is the RFC 7111 ``row=N`` fragment of the
    file (rows count the file's CSV records from 1, a header row included), with the upstream
    record id that row carries in the source's ``id_column``. Its source is a dataset file: a
    :class:`Source` whose ``path`` is ``datasets/NAME``.
    """

    source: Annotated[SourceId, Meta(description="Id of the dataset file's source record.")]
    row: Annotated[
        int,
        Meta(ge=1, le=INT64_MAX, description="RFC 7111 row number: 1 is the file's first row."),
    ]
    record_id: Annotated[
        Text, Meta(description="The upstream record id that row carries, such as UCDP's id.")
    ]


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

    date: Annotated[EDTF | None, Meta(description="The date; null when it is not known.")] = None
    precision: Annotated[
        DatePrecision, Meta(description="The finest unit the date is known to.")
    ] = "unknown"
    basis: Annotated[DateBasis, Meta(description="How the date is known.")] = "unknown"
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

    name: Annotated[Text, Meta(description="The place as the text names it.")]
    country: Annotated[CountryCode | None, Meta(description="The country the place is in.")] = None
    admin1: Annotated[
        Text | None, Meta(description="First-level administrative division: province, state.")
    ] = None
    lat: Annotated[
        Annotated[float, Meta(ge=-90, le=90)] | None,
        Meta(description="Latitude in decimal degrees (WGS 84)."),
    ] = None
    lon: Annotated[
        Annotated[float, Meta(ge=-180, le=180)] | None,
        Meta(description="Longitude in decimal degrees (WGS 84)."),
    ] = None
    precision: Annotated[LocationPrecision, Meta(description="How closely the place is known.")] = (
        "country"
    )


@frozen(kw_only=True)
class Role:
    """A position an actor holds, as the source writes it, such as "U.S. President"."""

    title: Annotated[Text, Meta(description="The position as written.")]
    start: Annotated[EDTF | None, Meta(description="When the actor took up the position.")] = None
    end: Annotated[EDTF | None, Meta(description="When the actor left the position.")] = None


@frozen(kw_only=True)
class EventActor:
    """An actor taking part in an event, and how."""

    actor: Annotated[ActorId, Meta(description="Id of the actor.")]
    role: Annotated[EventRole, Meta(description="How the actor takes part.")]


@frozen(kw_only=True)
class Likelihood:
    """How likely the holder of an implication takes it to be.

    Hedges such as could, may, might and potentially are unquantified: FactBank ``PS+`` with
    ``low`` and ``high`` null. Numbers appear only where a scale defines them (ICD 203 bands).
    """

    verbal: Annotated[Text | None, Meta(description="The hedge as written.")] = None
    scale: Annotated[
        LikelihoodScale | None, Meta(description="The scale that value belongs to.")
    ] = None
    value: Annotated[
        Text | None,
        Meta(description="A value of the scale: a FactBank value or an ICD 203 expression."),
    ] = None
    low: Annotated[
        Annotated[float, Meta(ge=0, le=1)] | None,
        Meta(description="Lowest probability the value stands for; null when unquantified."),
    ] = None
    high: Annotated[
        Annotated[float, Meta(ge=0, le=1)] | None,
        Meta(description="Highest probability the value stands for; null when unquantified."),
    ] = None


@frozen(kw_only=True)
class Resolution:
    """Whether a projected implication came to pass, according to later sources."""

    status: Annotated[
        ResolutionStatus,
        Meta(description="Where the outcome stands: open until a later source settles it."),
    ] = "open"
    as_of: Annotated[EDTF | None, Meta(description="When the status was last assessed.")] = None
    references: Annotated[
        tuple[Text, ...], Meta(description="The later sources the status rests on.")
    ] = ()


@frozen
class IdField:
    """A field of a record kind that holds ids of other records (besides the ``links``,
    ``superseded_by`` and date anchors every kind may have).

    ``item`` names the attribute of each item that holds the id (an event's actors are
    :class:`EventActor` values); ``kind`` the kind of record it must name (None: any kind);
    ``role`` the role of the actors it names, or ``role_of`` the attribute of each item that
    gives it. A field with neither names no actors.
    """

    name: str
    many: bool = False
    item: str | None = None
    kind: RecordKind | None = None
    role: str | None = None
    role_of: str | None = None

    @property
    def pointer(self) -> str:
        """The JSON pointer of the ids below the record, ``{}`` standing for an item's index."""
        path = f"/{self.name}/{{}}" if self.many else f"/{self.name}"
        return f"{path}/{self.item}" if self.item else path

    def ids(self, record: Any) -> Iterator[tuple[int | None, str, Any]]:
        """(index or None, id, item) for every id the field of ``record`` holds; any object
        with the field (a record, or a decoded mirror of one) will do."""
        value = getattr(record, self.name)
        if not value:
            return
        if not self.many:
            yield None, value, value
            return
        item = self.item
        for index, element in enumerate(value):
            yield index, (getattr(element, item) if item else element), element


@frozen
class Requirement:
    """A rule across fields of a record kind, stated in its JSON Schema as an ``anyOf``: at
    least one of ``fields`` (lists) is given and not empty. ``code`` and ``message`` are what the
    validator reports when none is."""

    fields: tuple[str, ...]
    code: str
    message: str


#: The records that say something rest on words or on rows: at least one of either.
EVIDENCE_REQUIRED = Requirement(
    ("evidence", "rows"),
    "evidence-missing",
    "the record rests on nothing: give at least one text span in evidence "
    "or one row reference in rows",
)


@frozen(kw_only=True)
class Fatalities:
    """Deaths in an event as a dataset reports them: a best estimate and its bounds."""

    best: Annotated[int, Meta(ge=0, le=INT64_MAX, description="The best estimate of the deaths.")]
    low: Annotated[
        Annotated[int, Meta(ge=0, le=INT64_MAX)] | None,
        Meta(description="The lowest estimate of the deaths."),
    ] = None
    high: Annotated[
        Annotated[int, Meta(ge=0, le=INT64_MAX)] | None,
        Meta(description="The highest estimate of the deaths."),
    ] = None


@frozen(kw_only=True)
class Record:
    """Fields every record has.

    A released record is never deleted: it is withdrawn (``status``), with a reason and, where
    another record replaces it, ``superseded_by``.
    """

    kind: ClassVar[RecordKind]
    prefix: ClassVar[str]
    #: The plural of ``kind``: the name of its record file and of its Dataset attribute.
    plural: ClassVar[str]
    #: The field holding the :class:`When` that dates the record, if it has one.
    when_field: ClassVar[str | None] = None
    #: The field that places the record in time: a :class:`When` or an EDTF string.
    placement_field: ClassVar[str | None] = None
    #: The fields holding the record's words, searched by text; the first is its main text.
    text_fields: ClassVar[tuple[str, ...]]
    #: The fields that hold ids of other records, and of which actors in which role.
    id_fields: ClassVar[tuple[IdField, ...]] = ()
    #: A rule across the kind's fields, stated in its JSON Schema.
    requirement: ClassVar[Requirement | None] = None

    id: RecordId
    status: Annotated[
        RecordStatus, Meta(description="Whether the record is in use or withdrawn.")
    ] = "active"
    withdrawn_reason: Annotated[Text | None, Meta(description="Why the record was withdrawn.")] = (
        None
    )
    superseded_by: Annotated[
        RecordId | None, Meta(description="The record that replaces a withdrawn one.")
    ] = None
    note: Annotated[Text | None, Meta(description="A remark of the annotator.")] = None
    links: Annotated[tuple[Link, ...], Meta(description="Typed relations to other records.")] = ()
    evidence: Annotated[
        tuple[Span, ...], Meta(description="The spans of text the record rests on.")
    ] = ()
    rows: Annotated[
        tuple[RowRef, ...], Meta(description="The rows of dataset files the record rests on.")
    ] = ()


#: The path of a source: a text under sources/ or a dataset file under datasets/ (a name, not an
#: f-string in the annotation, which Sphinx's source reader cannot parse).
_SOURCE_PATH = (
    f"^({SOURCE_TEXT_DIR}/[A-Za-z0-9._-]+[.]txt|{DATASET_DIR}/[A-Za-z0-9_-][A-Za-z0-9._-]*)$"
)


@frozen(kw_only=True)
class Source(Record):
    """A source document whose text records point into, or a dataset file whose rows they
    point at.

    A text's ``path`` is ``sources/NAME.txt`` inside the release and ``sha256`` is that of its
    UTF-8 NFC text. A dataset file's ``path`` is ``datasets/NAME`` (NAME as the file was
    published; releases do not ship it), ``sha256`` is that of its bytes, and ``version``,
    ``citation`` and ``id_column`` say which file it is, how to cite it and which column holds
    each row's own id.
    """

    kind: ClassVar[RecordKind] = "source"
    prefix: ClassVar[str] = PREFIXES["source"]
    plural: ClassVar[str] = "sources"
    when_field: ClassVar[str | None] = "published"
    placement_field: ClassVar[str | None] = "published"
    text_fields: ClassVar[tuple[str, ...]] = ("title",)

    id: Annotated[SourceId, Meta(description="Stable id of the source; never reused.")]
    title: Annotated[Text | None, Meta(description="Title of the document.")] = None
    publisher: Annotated[Text | None, Meta(description="Who published the document.")] = None
    url: Annotated[
        Annotated[str, Meta(extra_json_schema={"format": "uri"})] | None,
        Meta(description="Where the document was published."),
    ] = None
    published: Annotated[When, Meta(description="When the document was published.")] = When()
    language: Annotated[
        str, Meta(pattern="^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", description="BCP 47 language tag.")
    ]
    sha256: Annotated[
        str,
        Meta(
            pattern="^[0-9a-f]{64}$",
            description="SHA-256 of the UTF-8 NFC text, or of a dataset file's bytes.",
        ),
    ]
    path: Annotated[
        str,
        Meta(
            pattern=_SOURCE_PATH,
            description="Path of the text file inside the release folder (sources/NAME.txt), "
            "or datasets/NAME for a dataset file, which releases do not ship.",
        ),
    ]
    license: Annotated[
        Text | None, Meta(description="The terms the publisher gives the text under.")
    ] = None
    version: Annotated[
        Text | None, Meta(description="The version of a dataset file, as its publisher names it.")
    ] = None
    citation: Annotated[
        Text | None, Meta(description="How the publisher asks the dataset to be cited.")
    ] = None
    id_column: Annotated[
        Text | None, Meta(description="The column of a dataset file holding each row's own id.")
    ] = None
    evidence: Annotated[
        tuple[Span, ...], Meta(description="Spans of text about the source itself; often none.")
    ] = ()

    @property
    def is_dataset(self) -> bool:
        """Whether the source is a dataset file (rows, no text) rather than a text."""
        return self.path.startswith(DATASET_DIR + "/")


@frozen(kw_only=True)
class Actor(Record):
    """A state, person, body, force, alliance, organization or group."""

    kind: ClassVar[RecordKind] = "actor"
    prefix: ClassVar[str] = PREFIXES["actor"]
    plural: ClassVar[str] = "actors"
    text_fields: ClassVar[tuple[str, ...]] = ("name", "aliases")

    id: Annotated[ActorId, Meta(description="Stable id of the actor; never reused.")]
    name: Annotated[Text, Meta(description="The name the actor is best known by.")]
    type: Annotated[ActorType, Meta(description="What kind of actor it is.")]
    country: Annotated[
        CountryCode | None, Meta(description="The actor's country; null where none applies.")
    ] = None
    wikidata: (
        Annotated[
            str, Meta(pattern="^Q[1-9][0-9]*$", description="Wikidata item, only where certain.")
        ]
        | None
    ) = None
    aliases: Annotated[
        tuple[Text, ...], Meta(description="Other names the sources use for the actor.")
    ] = ()
    roles: Annotated[tuple[Role, ...], Meta(description="Positions the actor holds.")] = ()
    evidence: Annotated[
        tuple[Span, ...], Meta(description="Spans of text that mention the actor.")
    ] = ()


Evidence = Annotated[
    tuple[Span, ...],
    Meta(description="The spans of text the record rests on; it or rows has at least one."),
]


@frozen(kw_only=True)
class Event(Record):
    """Something that happened (or is reported as happening), typed with PLOVER."""

    kind: ClassVar[RecordKind] = "event"
    prefix: ClassVar[str] = PREFIXES["event"]
    plural: ClassVar[str] = "events"
    requirement: ClassVar[Requirement | None] = EVIDENCE_REQUIRED
    when_field: ClassVar[str | None] = "when"
    placement_field: ClassVar[str | None] = "when"
    text_fields: ClassVar[tuple[str, ...]] = ("summary",)
    id_fields: ClassVar[tuple[IdField, ...]] = (
        IdField("actors", many=True, item="actor", kind="actor", role_of="role"),
    )

    id: Annotated[EventId, Meta(description="Stable id of the event; never reused.")]
    type: Annotated[EventType, Meta(description="PLOVER event type.")]
    mode: (
        Annotated[
            str, Meta(pattern="^[a-z]+([_-][a-z]+)*$", description="PLOVER mode of the event type.")
        ]
        | None
    ) = None
    context: Annotated[
        tuple[EventContext, ...], Meta(description="PLOVER contexts: the issue areas concerned.")
    ] = ()
    summary: Annotated[Text, Meta(description="The event in one plain sentence.")]
    actors: Annotated[
        tuple[EventActor, ...], Meta(description="The actors taking part, with their roles.")
    ] = ()
    when: Annotated[When, Meta(description="When the event happened.")] = When()
    where: Annotated[
        Location | None, Meta(description="Where the event happened; null if not given.")
    ] = None
    factuality: Annotated[
        Factuality,
        Meta(description="FactBank factuality: how certain the source's author is it happened."),
    ]
    fatalities: Annotated[
        Fatalities | None, Meta(description="Deaths, where a dataset reports them.")
    ] = None
    evidence: Evidence = ()


@frozen(kw_only=True)
class Statement(Record):
    """Reported speech or an analytic assessment: who says what, with which cue."""

    kind: ClassVar[RecordKind] = "statement"
    prefix: ClassVar[str] = PREFIXES["statement"]
    plural: ClassVar[str] = "statements"
    requirement: ClassVar[Requirement | None] = EVIDENCE_REQUIRED
    when_field: ClassVar[str | None] = "when"
    placement_field: ClassVar[str | None] = "when"
    text_fields: ClassVar[tuple[str, ...]] = ("content", "speaker_text")
    id_fields: ClassVar[tuple[IdField, ...]] = (
        IdField("speaker", kind="actor", role="speaker"),
        IdField("about", many=True, role="about"),
    )

    id: Annotated[StatementId, Meta(description="Stable id of the statement; never reused.")]
    speaker: Annotated[
        ActorId | None, Meta(description="Id of the speaker; null when not one actor.")
    ] = None
    speaker_text: Annotated[
        Text | None, Meta(description='The speaker as written when not one actor: "analysts".')
    ] = None
    attribution: Annotated[
        Attribution, Meta(description="How the source attributes the statement.")
    ]
    cue: Annotated[
        str, Meta(pattern="^[a-z]+(_[a-z]+)*$", description="Lemma of the reporting cue.")
    ]
    speech_act: Annotated[SpeechAct, Meta(description="What the statement does.")]
    content: Annotated[Text, Meta(description="A faithful paraphrase of what is said.")]
    about: Annotated[tuple[RecordId, ...], Meta(description="Records the statement concerns.")] = ()
    when: Annotated[When, Meta(description="When the statement was made.")] = When()
    evidence: Evidence = ()


@frozen(kw_only=True)
class Implication(Record):
    """A projected, forward-looking claim, with its hedge, holder, condition and horizon."""

    kind: ClassVar[RecordKind] = "implication"
    prefix: ClassVar[str] = PREFIXES["implication"]
    plural: ClassVar[str] = "implications"
    requirement: ClassVar[Requirement | None] = EVIDENCE_REQUIRED
    placement_field: ClassVar[str | None] = "horizon"
    text_fields: ClassVar[tuple[str, ...]] = (
        "proposition",
        "condition",
        "holder_text",
        "horizon_text",
    )
    id_fields: ClassVar[tuple[IdField, ...]] = (
        IdField("holder", kind="actor", role="holder"),
        IdField("drivers", many=True),
        IdField("affects", many=True, kind="actor", role="affects"),
    )

    id: Annotated[ImplicationId, Meta(description="Stable id of the implication; never reused.")]
    proposition: Annotated[Text, Meta(description="The projected outcome.")]
    holder: Annotated[
        ActorId | None, Meta(description="Id of who projects it; null when not one actor.")
    ] = None
    holder_text: Annotated[
        Text | None, Meta(description='Who projects it, when not one actor: "the author".')
    ] = None
    cue: Annotated[Text, Meta(description="The hedge as written: could, may, potentially.")]
    likelihood: Annotated[
        Likelihood, Meta(description="How likely the holder takes the outcome to be.")
    ]
    condition: Annotated[Text | None, Meta(description='The "if" as written.')] = None
    horizon: Annotated[
        EDTF | None, Meta(description="When the outcome is projected to come about.")
    ] = None
    horizon_text: Annotated[
        Text | None, Meta(description='The horizon as written: "in the coming months".')
    ] = None
    drivers: Annotated[
        tuple[RecordId, ...], Meta(description="Records the implication follows from.")
    ] = ()
    affects: Annotated[
        tuple[ActorId, ...], Meta(description="Actors the outcome would affect.")
    ] = ()
    resolution: Annotated[
        Resolution,
        Meta(description="Whether the projected outcome came about, according to later sources."),
    ] = Resolution()
    evidence: Evidence = ()


def main_text(record: Record) -> str | None:
    """The record's main text: summary, content, proposition, name or title (the first of its
    class's :attr:`~Record.text_fields`)."""
    text: str | None = getattr(record, type(record).text_fields[0])
    return text


#: The record classes by kind, in release order.
RECORD_CLASSES: dict[RecordKind, type[Record]] = {
    cls.kind: cls for cls in (Source, Actor, Event, Statement, Implication)
}
