"""The :class:`Dataset`: records of every kind, indexed by id, with their source texts, the
relations between them, filters and data frames."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, Unpack, cast

from conflictdata._choices import choose
from conflictdata._store import MemoryStore, Rows, Store, TextView, between, holds, named_ids
from conflictdata.exceptions import UnknownRecordError
from conflictdata.models import (
    RECORD_CLASSES,
    Actor,
    Event,
    Implication,
    Record,
    Source,
    Span,
    Statement,
)
from conflictdata.relations import DIRECTIONS, ActorRole, Direction, Relations
from conflictdata.vocab import LINK_RELATIONS, RECORD_KINDS, LinkRelation, RecordKind

if TYPE_CHECKING:
    import pandas

    from conflictdata.filters import Criteria, Criterion
    from conflictdata.frames import Frames
    from conflictdata.timeline import TimelineEntry

__all__ = ["Dataset"]

R = TypeVar("R", bound=Record)


class Dataset:
    """An immutable collection of records with the texts of their sources.

    Records keep the order they were given in; ids are unique across kinds. Its attributes are
    read-only. A subset made by :meth:`filter` or :meth:`subset` keeps the ``version`` and
    ``metadata`` of the release it was taken from, but not its ``content_hash`` or
    ``release_hash`` (those stand for the whole release, not for the subset): the whole release and its hash are
    :attr:`release`. Its ``parent`` is the dataset it was taken from and its ``criterion`` the
    filter that made it.

    >>> import conflictdata as cd
    >>> ds = cd.load()
    >>> ds.get(ds.events[0].id) is ds.events[0]
    True
    >>> sub = ds.filter(type="CONSULT")
    >>> (sub.version == ds.version, sub.content_hash, sub.parent is ds, sub.release is ds)
    (True, None, True, True)
    >>> sub.criterion
    Type('CONSULT')
    """

    __slots__ = (
        "_content_hash",
        "_criterion",
        "_kinds",
        "_metadata",
        "_parent",
        "_relations",
        "_release_hash",
        "_rows",
        "_store",
        "_texts",
        "_version",
    )

    def __init__(
        self,
        records: Iterable[Record],
        *,
        texts: Mapping[str, str] | None = None,
        version: str | None = None,
        content_hash: str | None = None,
        release_hash: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        parent: Dataset | None = None,
        criterion: Criterion | None = None,
    ) -> None:
        """``parent`` and ``criterion`` are deprecated: :meth:`subset` and :meth:`filter` set
        them."""
        if parent is not None or criterion is not None:
            warnings.warn(
                "Dataset(parent=..., criterion=...) is deprecated and will be removed in the "
                "next library release: make subsets with Dataset.subset() or Dataset.filter()",
                DeprecationWarning,
                stacklevel=2,
            )
        store = MemoryStore(records, texts or {})
        self._build(store, None, version, (content_hash, release_hash), metadata, parent)
        self._criterion = criterion

    @classmethod
    def _of_store(
        cls,
        store: Store,
        *,
        version: str | None,
        hashes: tuple[str | None, str | None],
        metadata: Mapping[str, Any] | None,
    ) -> Dataset:
        """The whole dataset of a store (a release read in columns)."""
        dataset = cls.__new__(cls)
        dataset._build(store, None, version, hashes, metadata, None)
        dataset._criterion = None
        return dataset

    def _build(
        self,
        store: Store,
        rows: Rows | None,
        version: str | None,
        hashes: tuple[str | None, str | None],
        metadata: Mapping[str, Any] | None,
        parent: Dataset | None,
    ) -> None:
        self._store = store
        self._rows: Rows = range(store.size) if rows is None else rows
        self._version = version
        self._content_hash, self._release_hash = hashes
        self._metadata: Mapping[str, Any] = (
            metadata
            if isinstance(metadata, MappingProxyType)
            else MappingProxyType(dict(metadata or {}))
        )
        self._parent = parent
        self._relations: Relations | None = None
        self._kinds: dict[RecordKind, tuple[Record, ...]] = {}
        if rows is None:
            self._texts: Mapping[str, str] = store.texts
        else:
            sources = between(self._rows, store.bounds["source"])
            self._texts = TextView(store.texts, lambda: map(store.id_of, sources))

    @property
    def version(self) -> str | None:
        """The dataset version (SemVer) of a release or of the release a subset was taken from;
        None for records gathered otherwise."""
        return self._version

    @property
    def content_hash(self) -> str | None:
        """SHA-256 over the release's file hashes; None for a subset (see :attr:`release`) and
        for records gathered otherwise."""
        return self._content_hash

    @property
    def release_hash(self) -> str | None:
        """SHA-256 of the release's ``datapackage.json`` as shipped: it covers the descriptor's
        metadata (version, licences, authors, notes) and, through the file hashes it lists,
        every byte of the data; None for a subset and for records gathered otherwise.

        >>> import hashlib, conflictdata as cd
        >>> from conflictdata._loader import release_dir
        >>> ds = cd.load("1.1.0")
        >>> raw = release_dir("1.1.0").joinpath("datapackage.json").read_bytes()
        >>> ds.release_hash == hashlib.sha256(raw).hexdigest()
        True
        """
        return self._release_hash

    @property
    def metadata(self) -> Mapping[str, Any]:
        """The release's Data Package descriptor, without its resources (read-only)."""
        return self._metadata

    @property
    def parent(self) -> Dataset | None:
        """The dataset this one is a subset of; None for a whole release."""
        return self._parent

    @property
    def criterion(self) -> Criterion | None:
        """The filter that made this subset from ``parent``; None when not made by a filter."""
        return self._criterion

    @property
    def release(self) -> Dataset:
        """The whole dataset this one was taken from (itself when it is no subset): its
        ``version`` and ``content_hash`` identify the release.

        >>> import conflictdata as cd
        >>> ds = cd.load()
        >>> ds.filter(type="CONSULT").filter(actor="Biden").release.content_hash == ds.content_hash
        True
        """
        dataset = self
        while dataset._parent is not None:
            dataset = dataset._parent
        return dataset

    @property
    def sources(self) -> tuple[Source, ...]:
        """The source documents."""
        return self._kind("source", Source)

    @property
    def actors(self) -> tuple[Actor, ...]:
        """The actors."""
        return self._kind("actor", Actor)

    @property
    def events(self) -> tuple[Event, ...]:
        """The events."""
        return self._kind("event", Event)

    @property
    def statements(self) -> tuple[Statement, ...]:
        """The statements."""
        return self._kind("statement", Statement)

    @property
    def implications(self) -> tuple[Implication, ...]:
        """The projected implications."""
        return self._kind("implication", Implication)

    @property
    def texts(self) -> Mapping[str, str]:
        """The NFC text of each source, by source id."""
        return self._texts

    def _kind(self, kind: RecordKind, cls: type[R]) -> tuple[R, ...]:
        found = self._kinds.get(kind)
        if found is None:
            rows = between(self._rows, self._store.bounds[kind])
            found = self._kinds[kind] = tuple(map(self._store.record, rows))
        return cast("tuple[R, ...]", found)

    def records(self, kind: RecordKind | None = None) -> tuple[Record, ...]:
        """All records in release order (sources, actors, events, statements, implications),
        or those of one kind."""
        if kind is not None:
            chosen = choose("records", "record kind", kind, RECORD_KINDS)
            return self._kind(cast("RecordKind", chosen), Record)
        return tuple(r for k in RECORD_KINDS for r in self._kind(k, Record))

    def get(self, record_id: str) -> Record:
        """The record with id ``record_id``.

        Raises :class:`~conflictdata.exceptions.UnknownRecordError` (a :class:`KeyError`) when
        the dataset holds none.
        """
        row = self._row_of(record_id)
        if row is None:
            raise UnknownRecordError(f"no record with id {record_id!r} in this dataset")
        return self._store.record(row)

    def _row_of(self, record_id: object) -> int | None:
        """The store row of the record ``record_id`` if this dataset holds it."""
        if not isinstance(record_id, str):
            return None
        row = self._store.row_of(record_id)
        return row if row is not None and holds(self._rows, row) else None

    def text(self, span: Span) -> str:
        """The text of the source that ``span`` points into, from ``start`` to ``end``.

        >>> import conflictdata as cd
        >>> ds = cd.load()
        >>> span = ds.events[0].evidence[0]
        >>> ds.text(span) == span.exact
        True
        """
        try:
            text = self._texts[span.source]
        except KeyError:
            raise UnknownRecordError(
                f"no text for source {span.source!r} in this dataset"
            ) from None
        return text[span.start : span.end]

    def _record(self, record: Record | str) -> Record:
        return self.get(record if isinstance(record, str) else record.id)

    def _records(self, ids: Iterable[str]) -> tuple[Record, ...]:
        return tuple(map(self.get, ids))

    def _index(self) -> Relations:
        if self._relations is None:
            self._relations = Relations(self)
        return self._relations

    def evidence_text(self, record: Record | str) -> tuple[str, ...]:
        """The text of each evidence span of a record (or record id), in order.

        >>> import conflictdata as cd
        >>> cd.load().evidence_text("evt-oreshnik-test")
        ('the successful test of the Oreshnik missile system by Russia',)
        """
        return tuple(self.text(span) for span in self._record(record).evidence)

    def linked(
        self,
        record: Record | str,
        rel: LinkRelation | None = None,
        *,
        direction: Direction = "both",
    ) -> tuple[Record, ...]:
        """The records linked to ``record`` by ``rel`` (any relation when None), in release order.

        ``direction`` is ``"out"`` (links the record holds), ``"in"`` (links pointing at it) or
        ``"both"``; ``same_as`` is followed in both directions and transitively. Only records of
        this dataset are returned.

        >>> import conflictdata as cd
        >>> [r.id for r in cd.load("1.0.0").linked("evt-oreshnik-test", "same_as")]
        ['evt-russia-hypersonic-missile-launch', 'evt-oreshnik-use']
        """
        if rel is not None:
            choose("linked", "link relation", rel, LINK_RELATIONS)
        choose("linked", "direction", direction, DIRECTIONS)
        return self._records(self._index().linked(self._record(record), rel, direction))

    def driven_by(
        self, record: Record | str, *, transitive: bool = False
    ) -> tuple[Implication, ...]:
        """The implications whose ``drivers`` name ``record`` or a record coreferent with it
        (``same_as``); with ``transitive``, also those that follow from it through a chain of
        implications and of statements about it (see :meth:`Relations.driven_by
        <conflictdata.relations.Relations.driven_by>`).

        >>> import conflictdata as cd
        >>> ds = cd.load("1.0.0")
        >>> [i.id for i in ds.driven_by("evt-oreshnik-test")]
        ['imp-consequences-for-western-involvement']
        >>> [i.id for i in ds.driven_by("evt-oreshnik-test", transitive=True)]
        ['imp-consequences-for-western-involvement', 'imp-situation-spiral-nuclear-conflict']
        """
        ids = self._index().driven_by(self._record(record), transitive=transitive)
        return cast("tuple[Implication, ...]", self._records(ids))

    def about(self, record: Record | str) -> tuple[Statement, ...]:
        """The statements whose ``about`` names ``record`` or a record coreferent with it.

        >>> import conflictdata as cd
        >>> [s.id for s in cd.load("1.0.0").about("evt-oreshnik-test")]
        ['stm-pentagon-concern-hypersonic-launch', 'stm-putin-oreshnik-reaction-to-nato']
        """
        ids = self._index().about(self._record(record))
        return cast("tuple[Statement, ...]", self._records(ids))

    def involving(self, actor: Actor | str, *, role: ActorRole | None = None) -> tuple[Record, ...]:
        """The records an actor (record, id, name or alias) appears in, in any role or in ``role``:
        as an event's actor, a statement's speaker or subject, an implication's holder or an
        actor it affects.

        >>> import conflictdata as cd
        >>> "evt-biden-macron-discussion" in [r.id for r in cd.load().involving("Macron")]
        True
        """
        from conflictdata.filters import Actor as ActorCriterion
        from conflictdata.filters import select

        name = actor if isinstance(actor, str) else actor.id
        return select(self, ActorCriterion(name, role=role))

    def subset(
        self, records: Iterable[Record | str], *, criterion: Criterion | None = None
    ) -> Dataset:
        """A dataset of ``records`` (records or ids of this dataset) and of the actors and sources
        they name, with the texts of those sources, marked as a subset of this one.

        >>> import conflictdata as cd
        >>> ds = cd.load("1.0.0")
        >>> sub = ds.subset(ds.driven_by("evt-oreshnik-test"))
        >>> [r.id for r in sub.records()]  # doctest: +NORMALIZE_WHITESPACE
        ['src-36505e565447df1c', 'act-vladimir-putin', 'act-western-countries',
         'imp-consequences-for-western-involvement']
        """
        rows = set()
        for record in records:
            row = self._row_of(record if isinstance(record, str) else record.id)
            if row is None:
                self._record(record)  # raises UnknownRecordError
            else:
                rows.add(row)
        return self._subset_rows(sorted(rows), criterion)

    def _subset_rows(self, rows: Rows, criterion: Criterion | None) -> Dataset:
        """The subset of the sorted store ``rows`` (of this dataset) and of the records they
        name, and those name in turn."""
        from conflictdata import _columnar

        store = self._store
        if store.has_query_table():
            kept = _columnar.close(store.query_table(), rows)
        else:
            chosen = set(rows)
            queue = list(rows)
            while queue:  # what a kept record names is kept, and what that names in turn
                for name in named_ids(store.record(queue.pop())):
                    row = self._row_of(name)
                    if row is not None and row not in chosen:
                        chosen.add(row)
                        queue.append(row)
            kept = cast("Rows", sorted(chosen))
        subset = Dataset.__new__(Dataset)
        subset._build(store, kept, self._version, (None, None), self._metadata, self)
        subset._criterion = criterion
        return subset

    def filter(self, *criteria: Criterion, **keywords: Unpack[Criteria]) -> Dataset:
        """The records that meet every criterion, with the actors and sources they name.

        Criteria are objects of :mod:`conflictdata.filters` (combine them with ``&``, ``|``,
        ``~``) and keywords (``type="ASSAULT"``, ``actor="Russia"``, ``during="2024-11"``, ...:
        see :class:`conflictdata.filters.Criteria`), all of which must hold. Withdrawn records are
        kept unless ``status="active"`` is asked for.

        >>> import conflictdata as cd
        >>> from conflictdata.filters import Type, Actor
        >>> ds = cd.load()
        >>> sub = ds.filter(Type("CONSULT") & Actor("Biden"))
        >>> [e.id for e in sub.events]
        ['evt-biden-macron-discussion']
        >>> [a.name for a in sub.actors]
        ['Joe Biden', 'Emmanuel Macron']
        """
        from conflictdata.filters import matching_rows, where

        criterion = where(*criteria, **keywords)
        return self._subset_rows(matching_rows(self, criterion), criterion)

    def counts(self) -> dict[RecordKind, int]:
        """The number of records of each kind."""
        bounds = self._store.bounds
        return {kind: len(between(self._rows, bounds[kind])) for kind in RECORD_KINDS}

    def timeline(
        self, *criteria: Criterion, **keywords: Unpack[Criteria]
    ) -> tuple[TimelineEntry, ...]:
        """Events, statements and implications in time order, undated ones last; with criteria,
        only those that meet them (as in :meth:`filter`). See :mod:`conflictdata.timeline`.

        >>> import conflictdata as cd
        >>> [(e.record.id, e.date) for e in cd.load().timeline(kind="event", during="2024-11-22")]
        [('evt-biden-macron-discussion', '2024-11-22')]
        """
        from conflictdata.filters import Kind, select
        from conflictdata.timeline import timeline

        research = Kind("event", "statement", "implication")
        return timeline(self, select(self, research, *criteria, **keywords))

    def to_pandas(self) -> Frames[pandas.DataFrame]:
        """One pandas DataFrame per record kind; see :mod:`conflictdata.frames` for the columns.

        Needs the ``pandas`` extra: ``pip install "conflictdata[pandas]"``.
        """
        from conflictdata.frames import to_pandas

        return to_pandas(self)

    def to_arrow(self) -> Frames[Any]:
        """One pyarrow Table per record kind, with the columns of :meth:`to_pandas`.

        Needs the ``arrow`` extra: ``pip install "conflictdata[arrow]"``.
        """
        from conflictdata.frames import to_arrow

        return to_arrow(self)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, record_id: object) -> bool:
        return self._row_of(record_id) is not None

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{RECORD_CLASSES[kind].plural}={n}" for kind, n in self.counts().items()
        )
        if self._parent is None:
            subset = ""
        else:
            subset = f" subset={self.criterion!r}" if self.criterion is not None else " subset"
        return f"<Dataset version={self.version!r}{subset} {counts}>"
