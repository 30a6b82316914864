"""What changed between two dataset releases, record by record and field by field.

Records are compared as the JSON the release files hold, so every field change is named by the
JSON pointer of the field inside its record, as in the files.
"""

from __future__ import annotations

import json
import warnings
from typing import Any, Literal

import msgspec
from attrs import frozen

from conflictdata._codec import encode_record
from conflictdata._loader import Release, resolve
from conflictdata._pointer import json_pointer
from conflictdata.vocab import RECORD_KINDS, RecordKind

__all__ = ["Diff", "FieldChange", "RecordChange", "diff"]

Change = Literal["added", "withdrawn", "changed", "removed"]
Operation = Literal["add", "remove", "replace"]

_CHANGES: tuple[Change, ...] = ("added", "withdrawn", "changed", "removed")
_MARKS: dict[Change, str] = {"added": "+", "withdrawn": "x", "changed": "~", "removed": "-"}
_WITHDRAWAL_FIELDS = ("/status", "/withdrawn_reason", "/superseded_by")


class _Output:
    """The output verbs shared by the diff's classes: :meth:`to_dict` (defined by each),
    :meth:`to_json` and :meth:`to_text`, and the deprecated :meth:`as_dict`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def to_json(self, *, indent: int | None = 2) -> str:
        """The same as JSON text (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def as_dict(self) -> dict[str, Any]:
        """Deprecated alias of :meth:`to_dict`, to be removed in the next library release."""
        warnings.warn(
            f"{type(self).__name__}.as_dict() is deprecated: use to_dict()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.to_dict()


@frozen(kw_only=True)
class FieldChange(_Output):
    """One field that differs: its JSON pointer in the record and its old and new value.

    ``op`` is as in JSON Patch: ``add`` (no old value), ``remove`` (no new value) or ``replace``.
    """

    op: Operation
    pointer: str
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data; ``old``/``new`` only where they exist."""
        data: dict[str, Any] = {"op": self.op, "pointer": self.pointer}
        if self.op != "add":
            data["old"] = self.old
        if self.op != "remove":
            data["new"] = self.new
        return data

    def to_text(self) -> str:
        """The change for people: ``/summary: "old" -> "new"``."""
        old = _show(self.old) if self.op != "add" else "(absent)"
        new = _show(self.new) if self.op != "remove" else "(absent)"
        return f"{self.pointer}: {old} -> {new}"

    def __str__(self) -> str:
        return self.to_text()


@frozen(kw_only=True)
class RecordChange(_Output):
    """A record that was added, withdrawn, changed or removed between two releases.

    ``fields`` lists every field that differs (none for added and removed records).
    """

    id: str
    kind: RecordKind
    change: Change
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {
            "id": self.id,
            "kind": self.kind,
            "change": self.change,
            "fields": [field.to_dict() for field in self.fields],
        }

    def to_text(self) -> str:
        """The change for people: a line for the record, then an indented line a field."""
        lines = [f"{_MARKS[self.change]} {self.id} ({self.kind}): {self.change}"]
        lines.extend(f"    {field.to_text()}" for field in self.fields)
        return "\n".join(lines) + "\n"

    def corrections(self) -> tuple[FieldChange, ...]:
        """The field changes other than the act of withdrawing (status, reason, successor)."""
        if self.change != "withdrawn":
            return self.fields
        return tuple(f for f in self.fields if f.pointer not in _WITHDRAWAL_FIELDS)


@frozen(kw_only=True)
class Diff(_Output):
    """The differences between release ``a`` (old) and release ``b`` (new).

    >>> import conflictdata as cd
    >>> d = cd.diff("1.0.0", "1.0.0")
    >>> (d.a_version, d.b_version, d.records)
    ('1.0.0', '1.0.0', ())
    """

    a_version: str | None
    b_version: str | None
    a_hash: str | None
    b_hash: str | None
    records: tuple[RecordChange, ...]

    def of(self, change: Change) -> tuple[RecordChange, ...]:
        """The record changes of one kind of change, such as ``"added"``."""
        return tuple(r for r in self.records if r.change == change)

    @property
    def added(self) -> tuple[RecordChange, ...]:
        """Records in ``b`` that ``a`` does not have."""
        return self.of("added")

    @property
    def withdrawn(self) -> tuple[RecordChange, ...]:
        """Records active in ``a`` and withdrawn in ``b``."""
        return self.of("withdrawn")

    @property
    def changed(self) -> tuple[RecordChange, ...]:
        """Records in both whose fields differ (other than by being withdrawn)."""
        return self.of("changed")

    @property
    def removed(self) -> tuple[RecordChange, ...]:
        """Records in ``a`` missing from ``b``: the release policy never allows this."""
        return self.of("removed")

    def counts(self) -> dict[Change, int]:
        """The number of records of each kind of change."""
        return {change: len(self.of(change)) for change in _CHANGES}

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data."""
        return {
            "a": {"version": self.a_version, "content_hash": self.a_hash},
            "b": {"version": self.b_version, "content_hash": self.b_hash},
            "counts": self.counts(),
            "records": [record.to_dict() for record in self.records],
        }

    def to_text(self) -> str:
        """The diff for people: a header, counts, then one line a record and one a field."""
        lines = [
            f"--- {self.a_version or '(records)'}  content sha256 {self.a_hash or '-'}",
            f"+++ {self.b_version or '(records)'}  content sha256 {self.b_hash or '-'}",
            ", ".join(f"{n} {change}" for change, n in self.counts().items()),
        ]
        return "\n".join(lines) + "\n" + "".join(record.to_text() for record in self.records)


def diff(a: Release, b: Release) -> Diff:
    """The records added, withdrawn, changed (field by field) and removed from ``a`` to ``b``.

    ``a`` and ``b`` are each a shipped dataset version (``"1.0.0"``), the path of a release
    folder, or a :class:`~conflictdata.Dataset`. A string that looks like a version is taken as
    one; write ``./1.0.0`` for a folder of that name.

    >>> import conflictdata as cd
    >>> cd.diff("1.0.0", "1.1.0").counts()
    {'added': 5, 'withdrawn': 1, 'changed': 23, 'removed': 0}
    """
    old, new = resolve(a), resolve(b)
    old_records = {record.id: record for record in old}
    new_records = {record.id: record for record in new}
    changes: list[RecordChange] = []
    for record_id, before in old_records.items():
        after = new_records.get(record_id)
        if after is None:
            changes.append(RecordChange(id=record_id, kind=before.kind, change="removed"))
            continue
        old_json, new_json = encode_record(before), encode_record(after)
        if old_json == new_json:
            continue
        fields = tuple(_compare(msgspec.json.decode(old_json), msgspec.json.decode(new_json), ""))
        if fields:
            withdrawn = before.status == "active" and after.status == "withdrawn"
            change: Change = "withdrawn" if withdrawn else "changed"
            changes.append(
                RecordChange(id=record_id, kind=before.kind, change=change, fields=fields)
            )
    changes.extend(
        RecordChange(id=record.id, kind=record.kind, change="added")
        for record in new
        if record.id not in old_records
    )
    order = {kind: index for index, kind in enumerate(RECORD_KINDS)}
    changes.sort(key=lambda c: (_CHANGES.index(c.change), order[c.kind], c.id))
    return Diff(
        a_version=old.version,
        b_version=new.version,
        a_hash=old.content_hash,
        b_hash=new.content_hash,
        records=tuple(changes),
    )


def _compare(old: Any, new: Any, pointer: str) -> list[FieldChange]:
    """The field changes that turn JSON value ``old`` into ``new``, in document order."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = sorted(old.keys() | new.keys())
        pairs = [(json_pointer([key])[1:], key) for key in keys]
        return _pairs(old, new, pointer, pairs)
    if isinstance(old, list) and isinstance(new, list):
        return _pairs(old, new, pointer, [(str(i), i) for i in range(max(len(old), len(new)))])
    if type(old) is type(new) and _show(old) == _show(new):
        return []
    return [FieldChange(op="replace", pointer=pointer, old=old, new=new)]


def _pairs(old: Any, new: Any, pointer: str, steps: list[tuple[str, Any]]) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for step, key in steps:
        here = f"{pointer}/{step}"
        in_old = key in old if isinstance(old, dict) else key < len(old)
        in_new = key in new if isinstance(new, dict) else key < len(new)
        if not in_new:
            changes.append(FieldChange(op="remove", pointer=here, old=old[key]))
        elif not in_old:
            changes.append(FieldChange(op="add", pointer=here, new=new[key]))
        else:
            changes.extend(_compare(old[key], new[key], here))
    return changes


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
