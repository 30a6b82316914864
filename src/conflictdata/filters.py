"""Composable criteria that select records, for :meth:`Dataset.filter <conflictdata.dataset.Dataset.filter>`.

A criterion is a test on one record. Criteria combine with ``&`` (and), ``|`` (or) and ``~``
(not); keyword criteria are the same tests by name, and all of them together mean "and"::

    ds.filter(type="ASSAULT", actor="act-russia")
    ds.filter(Type("ASSAULT") & Actor("act-russia"))            # the same
    ds.filter(Type("ASSAULT") | Actor("act-russia", role="initiator"))

Every record kind is tested, actors and sources too: a criterion about a field that a kind does
not have never matches a record of that kind (``Type("ASSAULT")`` matches events only, so
``~Type("ASSAULT")`` matches every actor and source). :meth:`~conflictdata.dataset.Dataset.filter` then
adds back the actors and sources that the matching records name, so the subset still resolves
them; :func:`select` gives exactly the matching records.

Withdrawn records are treated like any other: a filter removes only what it is asked to remove
(``status="active"`` drops the withdrawn ones), so that keyword criteria mean exactly the
criteria they name and nothing is left out silently.

Dates are read as the ranges of days they may denote: ``2024-11`` is the whole month, so it
*overlaps* the range 2024-11-20/2024-11-25 but does not lie *within* it; ``../2024-11-17`` is any
day up to 17 November. Events and
statements are dated by ``when``, implications by their ``horizon``, sources by ``published``;
a record without a date never matches a date criterion.

Values are checked when a criterion is made, or, for actors, sources and ids, when it is applied:
an impossible value raises :class:`~conflictdata.InvalidCriterionError` naming the valid choices
and the closest ones; an unknown keyword raises :class:`~conflictdata.UnknownCriterionError`.

>>> import conflictdata as cd
>>> ds = cd.load("1.0.0")
>>> [r.id for r in select(ds, type="CONSULT")]
['evt-biden-macron-discussion']
>>> [r.id for r in select(ds, type="MOBILIZE", during="2024-11-21")]
['evt-oreshnik-test', 'evt-russia-hypersonic-missile-launch', 'evt-oreshnik-use']
>>> [r.id for r in select(ds, Kind("event") & Actor("Biden") & ~Actor("Macron"))]
['evt-biden-long-range-missile-decision']
>>> Type("assault") | Actor("act-russia", role="initiator")
(Type('ASSAULT') | Actor('act-russia', role='initiator'))
>>> Type("ASSUALT")
Traceback (most recent call last):
...
conflictdata.exceptions.InvalidCriterionError: Type: unknown PLOVER event type 'ASSUALT'; did you mean 'ASSAULT'? Valid: AGREE, CONSULT, ...
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import ClassVar, Literal, TypedDict, Unpack, get_args

from attrs import frozen

from conflictdata import _columnar, vocab
from conflictdata._choices import choose, fold, invalid
from conflictdata._dates import DateRange, bounds
from conflictdata.dataset import Dataset
from conflictdata.exceptions import InvalidCriterionError, UnknownCriterionError
from conflictdata.models import Actor as ActorRecord
from conflictdata.models import Event, Implication, Record, Statement, When
from conflictdata.models import Source as SourceRecord
from conflictdata.relations import ACTOR_ROLES, ActorRole, actor_roles
from conflictdata.timeline import record_range
from conflictdata.vocab import (
    ATTRIBUTIONS,
    DATE_BASES,
    DATE_PRECISIONS,
    EVENT_CONTEXTS,
    EVENT_MODE_VALUES,
    EVENT_TYPES,
    FACTUALITIES,
    LIKELIHOOD_SCALES,
    LIKELIHOOD_VALUES,
    RECORD_KINDS,
    RECORD_STATUSES,
    RESOLUTION_STATUSES,
    SPEECH_ACTS,
    DateBasis,
    DatePrecision,
    EventContext,
    EventType,
    LikelihoodScale,
    RecordKind,
    RecordStatus,
    ResolutionStatus,
)

__all__ = [
    "DATE_MATCHES",
    "KEYWORDS",
    "Actor",
    "And",
    "Attribution",
    "Basis",
    "Context",
    "Country",
    "CountryVia",
    "Criteria",
    "Criterion",
    "Cue",
    "DateMatch",
    "During",
    "Factuality",
    "Id",
    "Kind",
    "Likelihood",
    "Mode",
    "Not",
    "Or",
    "Precision",
    "Predicate",
    "Resolution",
    "Satisfies",
    "Source",
    "SpeechAct",
    "Status",
    "Text",
    "Type",
    "record_texts",
    "select",
    "where",
]

#: A compiled criterion: a test of one record.
Predicate = Callable[[Record], bool]

#: Type of a value of :data:`DATE_MATCHES`.
DateMatch = Literal["overlaps", "within"]
#: How a record's date range must relate to a :class:`During` range.
DATE_MATCHES: tuple[DateMatch, ...] = get_args(DateMatch)

_COUNTRY = re.compile("^[A-Z]{3}$")


def _strings(name: str, values: tuple[object, ...]) -> tuple[str, ...]:
    if not values:
        raise InvalidCriterionError(f"{name}: give at least one value")
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{name}: expected strings, got {value!r} ({type(value).__name__})")
    return tuple(str(value) for value in values)


class Criterion(ABC):
    """A test on records; combine with ``&``, ``|`` and ``~``.

    Criteria are frozen attrs classes (equal when their values are), made with
    ``@frozen(init=False, repr=False)``: each takes its values in its own ``__init__`` and shows
    itself as it is written, ``Type('ASSAULT')``.
    """

    __slots__ = ()

    @abstractmethod
    def compile(self, dataset: Dataset) -> Predicate:
        """A function testing records of ``dataset``; names it needs are looked up once."""

    def __and__(self, other: Criterion) -> Criterion:
        if not isinstance(other, Criterion):
            return NotImplemented
        return And(self, other)

    def __or__(self, other: Criterion) -> Criterion:
        if not isinstance(other, Criterion):
            return NotImplemented
        return Or(self, other)

    def __invert__(self) -> Criterion:
        return Not(self)


def _parts(cls: type[And | Or], criteria: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
    parts: list[Criterion] = []
    for criterion in criteria:
        if not isinstance(criterion, Criterion):
            raise TypeError(
                f"{cls.__name__}: expected criteria, got {criterion!r} ({type(criterion).__name__})"
            )
        parts.extend(criterion.parts if isinstance(criterion, cls) else (criterion,))
    return tuple(parts)


@frozen(init=False, repr=False)
class And(Criterion):
    """Records that meet every one of ``parts`` (all records when there are none)."""

    parts: tuple[Criterion, ...]

    def __init__(self, *parts: Criterion) -> None:
        self.__attrs_init__(_parts(And, parts))

    def compile(self, dataset: Dataset) -> Predicate:
        tests = [part.compile(dataset) for part in self.parts]
        return lambda record: all(test(record) for test in tests)

    def __repr__(self) -> str:
        return "(" + " & ".join(map(repr, self.parts)) + ")" if self.parts else "And()"


@frozen(init=False, repr=False)
class Or(Criterion):
    """Records that meet at least one of ``parts`` (none when there are none)."""

    parts: tuple[Criterion, ...]

    def __init__(self, *parts: Criterion) -> None:
        self.__attrs_init__(_parts(Or, parts))

    def compile(self, dataset: Dataset) -> Predicate:
        tests = [part.compile(dataset) for part in self.parts]
        return lambda record: any(test(record) for test in tests)

    def __repr__(self) -> str:
        return "(" + " | ".join(map(repr, self.parts)) + ")" if self.parts else "Or()"


@frozen
class Not(Criterion):
    """Records that do not meet ``part``; ``~~c`` is ``c``."""

    part: Criterion

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.part, Criterion):
            raise TypeError(f"Not: expected a criterion, got {self.part!r}")

    def compile(self, dataset: Dataset) -> Predicate:
        test = self.part.compile(dataset)
        return lambda record: not test(record)

    def __invert__(self) -> Criterion:
        return self.part

    def __repr__(self) -> str:
        return f"~{self.part!r}"


@frozen(init=False, repr=False)
class _Values(Criterion):
    """Records one of whose values of a field is among ``values``."""

    values: tuple[str, ...]

    def __init__(self, *values: str) -> None:
        name = type(self).__name__
        self.__attrs_init__(tuple(dict.fromkeys(self._check(_strings(name, values)))))

    def _check(self, values: tuple[str, ...]) -> Iterator[str]:
        yield from values

    @staticmethod
    @abstractmethod
    def _of(record: Record) -> Iterable[str | None]:
        """The values of the field this criterion tests."""

    def compile(self, dataset: Dataset) -> Predicate:
        wanted, of = frozenset(self.values), self._of
        return lambda record: any(value in wanted for value in of(record))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.values))})"


class _Vocabulary(_Values):
    """A :class:`_Values` criterion over a controlled vocabulary, checked on creation."""

    __slots__ = ()
    what: ClassVar[str]
    vocabulary: ClassVar[tuple[str, ...]]

    def _check(self, values: tuple[str, ...]) -> Iterator[str]:
        name = type(self).__name__
        return (choose(name, self.what, value, self.vocabulary) for value in values)


def _when(record: Record) -> When | None:
    field = type(record).when_field
    return None if field is None else getattr(record, field)


@frozen(init=False, repr=False)
class Kind(_Vocabulary):
    """Records of the given kinds: ``Kind("event", "statement")``."""

    what: ClassVar[str] = "record kind"
    vocabulary: ClassVar[tuple[str, ...]] = RECORD_KINDS

    def __init__(self, *kinds: RecordKind) -> None:
        super().__init__(*kinds)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.kind,)


@frozen(init=False, repr=False)
class Type(_Vocabulary):
    """Events of the given PLOVER event types: ``Type("ASSAULT", "COERCE")``."""

    what: ClassVar[str] = "PLOVER event type"
    vocabulary: ClassVar[tuple[str, ...]] = EVENT_TYPES

    def __init__(self, *types: EventType) -> None:
        super().__init__(*types)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.type,) if isinstance(record, Event) else ()


@frozen(init=False, repr=False)
class Mode(_Vocabulary):
    """Events of the given PLOVER modes (of any type): ``Mode("weapons")``."""

    what: ClassVar[str] = "PLOVER mode"
    vocabulary: ClassVar[tuple[str, ...]] = EVENT_MODE_VALUES

    def __init__(self, *modes: str) -> None:
        super().__init__(*modes)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.mode,) if isinstance(record, Event) else ()


@frozen(init=False, repr=False)
class Context(_Vocabulary):
    """Events with at least one of the given PLOVER contexts: ``Context("cbrn")``."""

    what: ClassVar[str] = "PLOVER context"
    vocabulary: ClassVar[tuple[str, ...]] = EVENT_CONTEXTS

    def __init__(self, *contexts: EventContext) -> None:
        super().__init__(*contexts)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return record.context if isinstance(record, Event) else ()


@frozen(init=False, repr=False)
class Factuality(_Vocabulary):
    """Events with one of the given FactBank factuality values: ``Factuality("CT+")``."""

    what: ClassVar[str] = "FactBank value"
    vocabulary: ClassVar[tuple[str, ...]] = FACTUALITIES

    def __init__(self, *values: vocab.Factuality) -> None:
        super().__init__(*values)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.factuality,) if isinstance(record, Event) else ()


@frozen(init=False, repr=False)
class SpeechAct(_Vocabulary):
    """Statements of the given speech acts: ``SpeechAct("warning", "threat")``."""

    what: ClassVar[str] = "speech act"
    vocabulary: ClassVar[tuple[str, ...]] = SPEECH_ACTS

    def __init__(self, *acts: vocab.SpeechAct) -> None:
        super().__init__(*acts)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.speech_act,) if isinstance(record, Statement) else ()


@frozen(init=False, repr=False)
class Attribution(_Vocabulary):
    """Statements with the given attributions: ``Attribution("direct", "reported")``."""

    what: ClassVar[str] = "attribution"
    vocabulary: ClassVar[tuple[str, ...]] = ATTRIBUTIONS

    def __init__(self, *attributions: vocab.Attribution) -> None:
        super().__init__(*attributions)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.attribution,) if isinstance(record, Statement) else ()


@frozen(init=False, repr=False)
class Resolution(_Vocabulary):
    """Implications whose resolution has one of the given statuses: ``Resolution("open")``."""

    what: ClassVar[str] = "resolution status"
    vocabulary: ClassVar[tuple[str, ...]] = RESOLUTION_STATUSES

    def __init__(self, *statuses: ResolutionStatus) -> None:
        super().__init__(*statuses)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.resolution.status,) if isinstance(record, Implication) else ()


@frozen(init=False, repr=False)
class Status(_Vocabulary):
    """Records with the given status: ``Status("active")`` leaves withdrawn records out."""

    what: ClassVar[str] = "record status"
    vocabulary: ClassVar[tuple[str, ...]] = RECORD_STATUSES

    def __init__(self, *statuses: RecordStatus) -> None:
        super().__init__(*statuses)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.status,)


@frozen(init=False, repr=False)
class Basis(_Vocabulary):
    """Dated records whose date is known on the given basis: ``Basis("derived", "external")``.

    Events and statements (``when``) and sources (``published``) have a basis; implications do not.
    """

    what: ClassVar[str] = "date basis"
    vocabulary: ClassVar[tuple[str, ...]] = DATE_BASES

    def __init__(self, *bases: DateBasis) -> None:
        super().__init__(*bases)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        when = _when(record)
        return (when.basis,) if when else ()


@frozen(init=False, repr=False)
class Precision(_Vocabulary):
    """Records whose date has the given precision: ``Precision("month", "year")``."""

    what: ClassVar[str] = "date precision"
    vocabulary: ClassVar[tuple[str, ...]] = DATE_PRECISIONS

    def __init__(self, *precisions: DatePrecision) -> None:
        super().__init__(*precisions)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        when = _when(record)
        return (when.precision,) if when else ()


@frozen(init=False, repr=False)
class Cue(_Values):
    """Statements and implications with one of the given cues, in any case.

    A statement's cue is its reporting lemma (``warn``, ``express_concern``); an implication's
    is its hedge as written (``could``, ``may``), also matched against ``likelihood.verbal``.
    Cues are an open vocabulary, so any value is accepted.
    """

    def __init__(self, *cues: str) -> None:
        super().__init__(*cues)

    def _check(self, values: tuple[str, ...]) -> Iterator[str]:
        return (fold(value) for value in values)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        if isinstance(record, Statement):
            return (fold(record.cue),)
        if isinstance(record, Implication):
            verbal = record.likelihood.verbal
            return (fold(record.cue), fold(verbal) if verbal else None)
        return ()


@frozen(init=False, repr=False)
class Likelihood(Criterion):
    """Implications by likelihood: its ``value`` (a FactBank value such as ``PS+`` or an ICD 203
    expression such as ``likely``), its ``scale``, and whether it is ``quantified`` (has a
    probability bound: hedges such as could and may are not)."""

    values: tuple[str, ...]
    scale: LikelihoodScale | None
    quantified: bool | None

    def __init__(
        self,
        *values: str,
        scale: LikelihoodScale | None = None,
        quantified: bool | None = None,
    ) -> None:
        name = "Likelihood"
        if not values and scale is None and quantified is None:
            raise InvalidCriterionError(f"{name}: give a value, a scale or quantified=True/False")
        checked = tuple(choose(name, "likelihood value", v, LIKELIHOOD_VALUES) for v in values)
        if scale is not None:
            scale = choose(name, "likelihood scale", scale, LIKELIHOOD_SCALES)  # type: ignore[assignment]
        if quantified is not None and not isinstance(quantified, bool):
            raise TypeError(
                f"{name}: expected True, False or None for quantified, got {quantified!r}"
            )
        self.__attrs_init__(checked, scale, quantified)

    def compile(self, dataset: Dataset) -> Predicate:
        def test(record: Record) -> bool:
            if not isinstance(record, Implication):
                return False
            likelihood = record.likelihood
            quantified = likelihood.low is not None or likelihood.high is not None
            return (
                (not self.values or likelihood.value in self.values)
                and (self.scale is None or likelihood.scale == self.scale)
                and (self.quantified is None or quantified == self.quantified)
            )

        return test

    def __repr__(self) -> str:
        shown = [repr(v) for v in self.values]
        shown += [f"scale={self.scale!r}"] if self.scale is not None else []
        shown += [f"quantified={self.quantified!r}"] if self.quantified is not None else []
        return f"Likelihood({', '.join(shown)})"


def _actor_ids(name: str, references: tuple[str, ...], dataset: Dataset) -> frozenset[str]:
    """The ids of the actors that ``references`` (ids, names or aliases, in any case) name,
    among the actors of the whole release and the actor ids its records hold."""
    root = dataset.release
    ids = {actor for record in root for actor, _ in actor_roles(record)}
    ids.update(actor.id for actor in root.actors)
    labels: dict[str, set[str]] = defaultdict(set)
    for actor in root.actors:
        for label in (actor.name, *actor.aliases):
            labels[fold(label)].add(actor.id)
    found: set[str] = set()
    for reference in references:
        if reference in ids:
            found.add(reference)
            continue
        named = sorted(labels.get(fold(reference), ()))
        if len(named) > 1:
            raise InvalidCriterionError(
                f"{name}: {reference!r} names several actors ({', '.join(named)}); give an id"
            )
        if not named:
            names = (label for a in root.actors for label in (a.name, *a.aliases))
            raise invalid(name, "actor id, name or alias", reference, [*sorted(ids), *names])
        found.add(named[0])
    return frozenset(found)


@frozen(init=False, repr=False)
class Actor(Criterion):
    """Records naming one of the given actors (by id, name or alias), in any role or in ``role``.

    Roles are those of :data:`conflictdata.relations.ACTOR_ROLES`: an event's ``initiator``,
    ``target`` or ``participant``; a statement's ``speaker`` or ``about``; an implication's
    ``holder`` or ``affects``. Actor records themselves are not matched: a filtered dataset keeps
    the actors its records name.
    """

    actors: tuple[str, ...]
    role: ActorRole | None

    def __init__(self, *actors: str, role: ActorRole | None = None) -> None:
        if role is not None:
            role = choose("Actor", "actor role", role, ACTOR_ROLES)  # type: ignore[assignment]
        self.__attrs_init__(_strings("Actor", actors), role)

    def compile(self, dataset: Dataset) -> Predicate:
        wanted = _actor_ids("Actor", self.actors, dataset)
        role = self.role
        return lambda record: any(
            actor in wanted and role in (None, r) for actor, r in actor_roles(record)
        )

    def __repr__(self) -> str:
        role = f", role={self.role!r}" if self.role is not None else ""
        return f"Actor({', '.join(map(repr, self.actors))}{role})"


#: How :class:`Country` ties a record to a country: by where it happened, by its actors, or both.
CountryVia = Literal["any", "place", "actor"]


@frozen(init=False, repr=False)
class Country(Criterion):
    """Records tied to one of the given countries (ISO 3166-1 alpha-3).

    ``via="place"``: events that happened there (``where.country``); ``via="actor"``: records
    naming an actor of that country, and actors of that country; ``via="any"`` (the default):
    either.
    """

    codes: tuple[str, ...]
    via: CountryVia

    def __init__(self, *codes: str, via: CountryVia = "any") -> None:
        checked = tuple(code.upper() for code in _strings("Country", codes))
        for code, given in zip(checked, codes, strict=True):
            if not _COUNTRY.match(code):
                raise InvalidCriterionError(
                    f"Country: {given!r} is not an ISO 3166-1 alpha-3 code such as 'UKR'"
                )
        via = choose("Country", "way to match a country", via, get_args(CountryVia))  # type: ignore[assignment]
        self.__attrs_init__(checked, via)

    def compile(self, dataset: Dataset) -> Predicate:
        wanted = frozenset(self.codes)
        by_place, by_actor = self.via in ("any", "place"), self.via in ("any", "actor")
        country = {actor.id: actor.country for actor in dataset.release.actors}

        def test(record: Record) -> bool:
            if (
                by_place
                and isinstance(record, Event)
                and record.where
                and record.where.country in wanted
            ):
                return True
            if by_actor:
                if isinstance(record, ActorRecord):
                    return record.country in wanted
                return any(country.get(actor) in wanted for actor, _ in actor_roles(record))
            return False

        return test

    def __repr__(self) -> str:
        via = f", via={self.via!r}" if self.via != "any" else ""
        return f"Country({', '.join(map(repr, self.codes))}{via})"


DateLike = str | dt.date | None


def _range_of(value: DateLike, end: bool) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise TypeError(
            f"During: expected an EDTF date string, a datetime.date or None, got {value!r}"
        )
    try:
        days = bounds(value)
    except ValueError as exc:
        raise InvalidCriterionError(f"During: {exc}") from None
    return days.end if end else days.start


@frozen(init=False, repr=False)
class During(Criterion):
    """Dated records whose date range overlaps (or, with ``match="within"``, lies within) a range.

    One argument is an EDTF date or interval (``"2024-11"``, ``"2024-11-20/2024-11-25"``,
    ``"2024-11-20/.."``) or a :class:`datetime.date`; two arguments are the first and the last
    day (inclusive), either of which may be None for an open end.
    """

    start: dt.date | None
    end: dt.date | None
    match: DateMatch

    def __init__(self, *when: DateLike, match: DateMatch = "overlaps") -> None:
        if len(when) not in (1, 2) or when == (None,):
            raise InvalidCriterionError(
                "During: give one EDTF date or interval, or a first and a last day"
            )
        first, last = (when[0], when[0]) if len(when) == 1 else when
        start, end = _range_of(first, end=False), _range_of(last, end=True)
        if start and end and end < start:
            raise InvalidCriterionError(
                f"During: the range ends ({end}) before it starts ({start})"
            )
        match = choose("During", "date match", match, DATE_MATCHES)  # type: ignore[assignment]
        self.__attrs_init__(start, end, match)

    def compile(self, dataset: Dataset) -> Predicate:
        wanted = DateRange(self.start, self.end)

        def test(record: Record) -> bool:
            days = record_range(record)
            if days is None:
                return False
            return days.within(wanted) if self.match == "within" else days.overlaps(wanted)

        return test

    def __repr__(self) -> str:
        first = self.start.isoformat() if self.start else ".."
        last = self.end.isoformat() if self.end else ".."
        match = f", match={self.match!r}" if self.match != "overlaps" else ""
        return f"During('{first}/{last}'{match})"


def record_texts(record: Record) -> Iterator[str]:
    """The words :class:`Text` searches: the record's
    :attr:`~conflictdata.models.Record.text_fields` (summary, content, proposition and
    condition, the speaker's or holder's words, names and aliases, titles) and every evidence
    quote."""
    for field in type(record).text_fields:
        value = getattr(record, field)
        if isinstance(value, str):
            yield value
        elif value:
            yield from value
    yield from (span.exact for span in record.evidence)


@frozen(init=False, repr=False)
class Text(Criterion):
    """Records whose words (see :func:`record_texts`) contain ``query``.

    A string matches case-insensitively; a compiled regular expression is searched as it is.
    """

    query: str | re.Pattern[str]

    def __init__(self, query: str | re.Pattern[str]) -> None:
        if not isinstance(query, (str, re.Pattern)):
            raise TypeError(f"Text: expected a string or a compiled pattern, got {query!r}")
        if not (query.pattern if isinstance(query, re.Pattern) else query):
            raise InvalidCriterionError("Text: the query is empty")
        self.__attrs_init__(query)

    def compile(self, dataset: Dataset) -> Predicate:
        query = self.query
        if isinstance(query, re.Pattern):
            pattern = query
            return lambda record: any(pattern.search(t) for t in record_texts(record))
        folded = fold(query)
        return lambda record: any(folded in fold(t) for t in record_texts(record))

    def __repr__(self) -> str:
        return f"Text({self.query!r})"


class _Known(_Values):
    """A :class:`_Values` criterion over ids the whole release must hold, checked when applied."""

    __slots__ = ()
    what: ClassVar[str]

    @staticmethod
    @abstractmethod
    def _known(dataset: Dataset) -> tuple[str, ...]:
        """The ids this criterion may name."""

    def compile(self, dataset: Dataset) -> Predicate:
        known = frozenset(self._known(dataset.release))
        for value in self.values:
            if value not in known:
                raise invalid(type(self).__name__, self.what, value, sorted(known))
        return super().compile(dataset)


@frozen(init=False, repr=False)
class Id(_Known):
    """The records with the given ids."""

    what: ClassVar[str] = "record id"

    def __init__(self, *ids: str) -> None:
        super().__init__(*ids)

    @staticmethod
    def _known(dataset: Dataset) -> tuple[str, ...]:
        return tuple(record.id for record in dataset)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        return (record.id,)


@frozen(init=False, repr=False)
class Source(_Known):
    """Records with evidence in the given sources (text spans, or rows of dataset files), and
    those source records themselves."""

    what: ClassVar[str] = "source"

    def __init__(self, *sources: str) -> None:
        super().__init__(*sources)

    @staticmethod
    def _known(dataset: Dataset) -> tuple[str, ...]:
        return tuple(source.id for source in dataset.sources)

    @staticmethod
    def _of(record: Record) -> Iterable[str | None]:
        if isinstance(record, SourceRecord):
            return (record.id,)
        return (*(span.source for span in record.evidence), *(row.source for row in record.rows))


@frozen
class Satisfies(Criterion):
    """Records for which ``function(record)`` is true: for tests no other criterion expresses."""

    function: Callable[[Record], bool]

    def compile(self, dataset: Dataset) -> Predicate:
        return self.function

    def __repr__(self) -> str:
        return f"Satisfies({getattr(self.function, '__qualname__', self.function)!r})"


Many = str | Iterable[str]


class Criteria(TypedDict, total=False):
    """The keyword criteria of :meth:`Dataset.filter <conflictdata.dataset.Dataset.filter>` and
    :func:`where`; each takes one value or several (any of them)."""

    kind: RecordKind | Iterable[RecordKind]
    type: EventType | Iterable[EventType]
    mode: Many
    context: EventContext | Iterable[EventContext]
    actor: Many
    role: ActorRole
    speaker: Many
    holder: Many
    affects: Many
    country: Many
    during: DateLike | tuple[DateLike, DateLike]
    date_match: DateMatch
    factuality: vocab.Factuality | Iterable[vocab.Factuality]
    speech_act: vocab.SpeechAct | Iterable[vocab.SpeechAct]
    attribution: vocab.Attribution | Iterable[vocab.Attribution]
    cue: Many
    likelihood: Many
    resolution: ResolutionStatus | Iterable[ResolutionStatus]
    source: Many
    status: RecordStatus | Iterable[RecordStatus]
    text: str | re.Pattern[str]
    id: Many
    basis: DateBasis | Iterable[DateBasis]
    precision: DatePrecision | Iterable[DatePrecision]


def _values(value: object) -> tuple[object, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return (value,)
    return tuple(value)


def _during(value: object, keywords: Mapping[str, object]) -> Criterion:
    match = keywords.get("date_match", "overlaps")
    if isinstance(value, tuple):
        return During(*value, match=match)  # type: ignore[arg-type]
    return During(value, match=match)  # type: ignore[arg-type]


def _actor(role: ActorRole | None) -> Callable[[object, Mapping[str, object]], Criterion]:
    def make(value: object, keywords: Mapping[str, object]) -> Criterion:
        return Actor(*_values(value), role=role or keywords.get("role"))  # type: ignore[arg-type]

    return make


def _many(cls: Callable[..., Criterion]) -> Callable[[object, Mapping[str, object]], Criterion]:
    return lambda value, keywords: cls(*_values(value))


_FACTORIES: dict[str, Callable[[object, Mapping[str, object]], Criterion]] = {
    "kind": _many(Kind),
    "type": _many(Type),
    "mode": _many(Mode),
    "context": _many(Context),
    "actor": _actor(None),
    "speaker": _actor("speaker"),
    "holder": _actor("holder"),
    "affects": _actor("affects"),
    "country": _many(Country),
    "during": _during,
    "factuality": _many(Factuality),
    "speech_act": _many(SpeechAct),
    "attribution": _many(Attribution),
    "cue": _many(Cue),
    "likelihood": _many(Likelihood),
    "resolution": _many(Resolution),
    "source": _many(Source),
    "status": _many(Status),
    "text": lambda value, keywords: Text(value),  # type: ignore[arg-type]
    "id": _many(Id),
    "basis": _many(Basis),
    "precision": _many(Precision),
}
#: Keywords that only qualify another: ``role`` (of ``actor``), ``date_match`` (of ``during``).
_QUALIFIERS = {"role": "actor", "date_match": "during"}

#: The keyword criteria, in the order :func:`where` combines them.
KEYWORDS: tuple[str, ...] = (*_FACTORIES, *_QUALIFIERS)


def where(*criteria: Criterion, **keywords: Unpack[Criteria]) -> Criterion:
    """One criterion meaning all of ``criteria`` and of the keyword criteria.

    >>> where(Kind("event"), type="ASSAULT", during="2024-11")
    (Kind('event') & Type('ASSAULT') & During('2024-11-01/2024-11-30'))
    """
    for criterion in criteria:
        if not isinstance(criterion, Criterion):
            hint = (
                " (use keywords for values, such as type='ASSAULT')"
                if isinstance(criterion, str)
                else ""
            )
            raise TypeError(
                f"expected criteria such as Type('ASSAULT') as positional arguments, got "
                f"{criterion!r} ({type(criterion).__name__}){hint}"
            )
    parts = list(criteria)
    for name, value in keywords.items():
        if name in _QUALIFIERS:
            if _QUALIFIERS[name] not in keywords:
                raise UnknownCriterionError(
                    f"{name}= qualifies {_QUALIFIERS[name]}=; give {_QUALIFIERS[name]}= too"
                )
            continue
        if name not in _FACTORIES:
            close = difflib.get_close_matches(name, KEYWORDS, n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else "."
            raise UnknownCriterionError(
                f"unknown criterion {name!r}{hint} Valid: {', '.join(KEYWORDS)}"
            )
        parts.append(_FACTORIES[name](value, keywords))
    return parts[0] if len(parts) == 1 else And(*parts)


def select(
    dataset: Dataset, *criteria: Criterion, **keywords: Unpack[Criteria]
) -> tuple[Record, ...]:
    """The records of ``dataset`` that meet all criteria, in release order (nothing added).

    A dataset of 20,000 records or more is queried in columns when pyarrow is installed (the
    ``arrow`` extra): the query table of its release, built when it is first queried and kept;
    so is any dataset whose release has its table at hand (read with the release's columnar
    form, or built by an earlier query). The records are the same either way."""
    rows = matching_rows(dataset, where(*criteria, **keywords))
    return tuple(map(dataset._store.record, rows))


def matching_rows(dataset: Dataset, criterion: Criterion) -> Sequence[int]:
    """The store rows of the records of ``dataset`` that meet ``criterion``, sorted."""
    large = len(dataset) >= _columnar.COLUMNAR_FROM and _columnar.available()
    if large or dataset._store.has_query_table():
        return _columnar.rows(dataset, criterion)
    test = criterion.compile(dataset)
    store = dataset._store
    return [row for row in dataset._rows if test(store.record(row))]
