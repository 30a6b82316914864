"""The :class:`Dataset`: records of every kind, indexed by id, with their source texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from conflictdata.exceptions import DataError, UnknownRecordError
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
from conflictdata.vocab import RECORD_KINDS, RecordKind

if TYPE_CHECKING:
    from conflictdata.timeline import TimelineEntry

__all__ = ["Dataset"]

R = TypeVar("R", bound=Record)


class Dataset:
    """An immutable collection of records with the texts of their sources.

    Records keep the order they were given in; ids are unique across kinds.

    >>> import conflictdata as cd
    >>> ds = cd.load()
    >>> ds.get(ds.events[0].id) is ds.events[0]
    True
    """

    __slots__ = ("_by_id", "_by_kind", "_texts", "content_hash", "metadata", "version")

    def __init__(
        self,
        records: Iterable[Record],
        *,
        texts: Mapping[str, str] | None = None,
        version: str | None = None,
        content_hash: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        #: The dataset version (SemVer) of a release; None for records gathered otherwise.
        self.version = version
        #: SHA-256 over the release's file hashes; None for records gathered otherwise.
        self.content_hash = content_hash
        #: The release's Data Package descriptor, without its resources.
        self.metadata: Mapping[str, Any] = dict(metadata or {})
        self._texts: Mapping[str, str] = dict(texts or {})
        self._by_id: dict[str, Record] = {}
        by_kind: dict[RecordKind, list[Record]] = {kind: [] for kind in RECORD_KINDS}
        for record in records:
            if record.id in self._by_id:
                raise DataError("duplicate record id", record_id=record.id)
            self._by_id[record.id] = record
            by_kind[record.kind].append(record)
        self._by_kind = {kind: tuple(items) for kind, items in by_kind.items()}

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
        return cast("tuple[R, ...]", self._by_kind[kind])

    def records(self, kind: RecordKind | None = None) -> tuple[Record, ...]:
        """All records in release order (sources, actors, events, statements, implications),
        or those of one kind."""
        if kind is not None:
            if kind not in RECORD_CLASSES:
                raise ValueError(
                    f"unknown record kind {kind!r}; expected one of {', '.join(RECORD_KINDS)}"
                )
            return self._by_kind[kind]
        return tuple(r for k in RECORD_KINDS for r in self._by_kind[k])

    def get(self, record_id: str) -> Record:
        """The record with id ``record_id``.

        Raises :class:`~conflictdata.exceptions.UnknownRecordError` (a :class:`KeyError`) when
        the dataset holds none.
        """
        try:
            return self._by_id[record_id]
        except KeyError:
            raise UnknownRecordError(f"no record with id {record_id!r} in this dataset") from None

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

    def counts(self) -> dict[RecordKind, int]:
        """The number of records of each kind."""
        return {kind: len(items) for kind, items in self._by_kind.items()}

    def timeline(self) -> tuple[TimelineEntry, ...]:
        """Events, statements and implications in time order; see :mod:`conflictdata.timeline`."""
        from conflictdata.timeline import timeline

        return timeline(self)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}s={n}" for kind, n in self.counts().items())
        return f"<Dataset version={self.version!r} {counts}>"
