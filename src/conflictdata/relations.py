"""How records refer to each other: links, drivers, ``about`` and the actors in a record.

:class:`Relations` indexes one dataset in both directions; :class:`~conflictdata.dataset.Dataset` builds
it on first use and answers :meth:`~conflictdata.dataset.Dataset.linked`,
:meth:`~conflictdata.dataset.Dataset.driven_by` and :meth:`~conflictdata.dataset.Dataset.about` with it.
Relations are resolved within the dataset they index: a filtered subset answers with the records
it holds. ``same_as`` (coreference) is symmetric and transitive, so the records coreferent with an
event also count as that event when asking which implications it drives or which statements are
about it.

:func:`actor_roles` says which actors a record names and in which role, as its class declares
them (:attr:`~conflictdata.models.Record.id_fields`).

>>> import conflictdata as cd
>>> ds = cd.load()
>>> actor_roles(ds.get("evt-oreshnik-test"))
(('act-russia', 'initiator'),)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, cast, get_args

from conflictdata.models import PREFIXES, Implication, Record, Statement
from conflictdata.vocab import LinkRelation

if TYPE_CHECKING:
    from conflictdata.dataset import Dataset

__all__ = ["ACTOR_ROLES", "DIRECTIONS", "ActorRole", "Direction", "Relations", "actor_roles"]

#: Type of a value of :data:`ACTOR_ROLES`.
ActorRole = Literal["initiator", "target", "participant", "speaker", "holder", "affects", "about"]
#: The roles an actor can have in a record: an event's ``initiator``, ``target`` or
#: ``participant``; a statement's ``speaker`` or an actor it is ``about``; an implication's
#: ``holder`` or an actor it ``affects``.
ACTOR_ROLES: tuple[ActorRole, ...] = get_args(ActorRole)

#: Type of a value of :data:`DIRECTIONS`.
Direction = Literal["both", "out", "in"]
#: Which links of a record to follow: those it holds (``out``), those pointing at it (``in``).
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)

_ACTOR_PREFIX = PREFIXES["actor"] + "-"


def actor_roles(record: Record) -> tuple[tuple[str, ActorRole], ...]:
    """The ``(actor id, role)`` pairs of a record, in field order; empty for other kinds.

    A field that may name records of any kind (a statement's ``about``) contributes the actors
    among them.
    """
    return tuple(
        (target, cast("ActorRole", getattr(item, field.role_of) if field.role_of else field.role))
        for field in type(record).id_fields
        if field.role or field.role_of
        for _, target, item in field.ids(record)
        if field.kind == "actor" or target.startswith(_ACTOR_PREFIX)
    )


class Relations:
    """Indexes of one dataset's records by what they point at, built in one pass."""

    __slots__ = ("_about", "_drivers", "_incoming", "_order", "_same_as")

    def __init__(self, dataset: Dataset) -> None:
        self._order = {record.id: position for position, record in enumerate(dataset)}
        self._incoming: dict[str, list[tuple[LinkRelation, str]]] = defaultdict(list)
        self._same_as: dict[str, set[str]] = defaultdict(set)
        self._drivers: dict[str, list[str]] = defaultdict(list)
        self._about: dict[str, list[str]] = defaultdict(list)
        for record in dataset:
            for link in record.links:
                self._incoming[link.target].append((link.rel, record.id))
                if link.rel == "same_as":
                    self._same_as[record.id].add(link.target)
                    self._same_as[link.target].add(record.id)
            if isinstance(record, Implication):
                for driver in record.drivers:
                    self._drivers[driver].append(record.id)
            if isinstance(record, Statement):
                for target in record.about:
                    self._about[target].append(record.id)

    def _ordered(self, ids: Iterable[str], exclude: str) -> tuple[str, ...]:
        held = {i for i in ids if i in self._order and i != exclude}
        return tuple(sorted(held, key=self._order.__getitem__))

    def _coreferent(self, record_id: str) -> set[str]:
        found, queue = {record_id}, [record_id]
        while queue:
            for other in self._same_as.get(queue.pop(), ()):
                if other not in found:
                    found.add(other)
                    queue.append(other)
        return found

    def same_as(self, record: Record) -> tuple[str, ...]:
        """Ids of the records coreferent with ``record``, through any chain of ``same_as``."""
        return self._ordered(self._coreferent(record.id), record.id)

    def linked(
        self, record: Record, rel: LinkRelation | None = None, direction: Direction = "both"
    ) -> tuple[str, ...]:
        """Ids of the records linked to ``record`` by ``rel`` (any relation when None).

        ``same_as`` is followed transitively and in both directions whatever ``direction`` says.
        """
        found: set[str] = set()
        if direction in ("both", "out"):
            found.update(link.target for link in record.links if rel in (None, link.rel))
        if direction in ("both", "in"):
            found.update(i for r, i in self._incoming.get(record.id, ()) if rel in (None, r))
        if rel in (None, "same_as"):
            found.update(self._coreferent(record.id))
        return self._ordered(found, record.id)

    def driven_by(self, record: Record, *, transitive: bool = False) -> tuple[str, ...]:
        """Ids of the implications whose ``drivers`` name ``record`` or a record coreferent
        with it.

        With ``transitive``, also the implications that follow from it through a chain of
        drivers and statements: those driven by these implications, by statements ``about``
        the record or about these, and so on.
        """
        found: set[str] = set()
        seen, queue = {record.id}, [record.id]
        while queue:
            for target in self._coreferent(queue.pop()):
                found.update(self._drivers.get(target, ()))
                if transitive:
                    following = (*self._drivers.get(target, ()), *self._about.get(target, ()))
                    queue.extend(i for i in following if i not in seen)
                    seen.update(following)
        return self._ordered(found, record.id)

    def about(self, record: Record) -> tuple[str, ...]:
        """Ids of the statements whose ``about`` names ``record`` or a record coreferent with it."""
        return self._ordered(
            (s for i in self._coreferent(record.id) for s in self._about.get(i, ())), record.id
        )
