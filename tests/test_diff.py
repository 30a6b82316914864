"""Diffs between releases: records added, withdrawn, changed field by field, and removed."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata._diff import FieldChange, _compare
from conflictdata.cli import run

Derive = Callable[..., Path]
Records = dict[str, list[dict[str, Any]]]


def _edit(records: Records) -> None:
    """Add an event, withdraw the first, correct the date of the second, delete an actor."""
    first, second = records["events.jsonl"][:2]
    records["events.jsonl"].append(dict(first, id="evt-added-in-test"))
    first.update(status="withdrawn", withdrawn_reason="duplicate")
    second["when"] = dict(second["when"], date="1999-01-01")
    second["evidence"] = [*second["evidence"], second["evidence"][0]]
    records["actors.jsonl"].pop()


def _run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_diff_of_a_release_with_itself_is_empty(release_copy: Path) -> None:
    """A version, its folder and its Dataset have no differences."""
    changes = cd.diff(cd.versions()[-1], release_copy)
    assert (cd.load().content_hash, cd.load().content_hash) == (changes.a_hash, changes.b_hash)
    assert () == changes.records
    assert () == cd.diff(cd.load(), str(release_copy)).records


def test_diff_classifies_records(derive_release: Derive) -> None:
    """diff lists the added, withdrawn, changed and removed records, each by id and kind."""
    ds = cd.load()
    first, second = ds.events[:2]
    changes = cd.diff(ds, derive_release("1.1.0", edit=_edit))
    assert [("evt-added-in-test", "event")] == [(r.id, r.kind) for r in changes.added]
    assert [first.id] == [r.id for r in changes.withdrawn]
    assert [second.id] == [r.id for r in changes.changed]
    assert [(ds.actors[-1].id, "actor")] == [(r.id, r.kind) for r in changes.removed]
    assert {"added": 1, "withdrawn": 1, "changed": 1, "removed": 1} == changes.counts()
    assert ("1.1.0", ds.version) == (changes.b_version, changes.a_version)


def test_diff_names_each_changed_field(derive_release: Derive) -> None:
    """A changed record lists each field by JSON pointer with its old and new value; a
    withdrawal lists status and reason, which are not corrections."""
    ds = cd.load()
    first, second = ds.events[:2]
    changes = cd.diff(ds, derive_release("1.1.0", edit=_edit))
    (changed,) = changes.changed
    span = msgspec.json.decode(msgspec.json.encode(second.evidence[0]))
    assert [
        FieldChange(op="add", pointer=f"/evidence/{len(second.evidence)}", new=span),
        FieldChange(op="replace", pointer="/when/date", old=second.when.date, new="1999-01-01"),
    ] == list(changed.fields)
    (withdrawn,) = changes.withdrawn
    assert [
        FieldChange(op="replace", pointer="/status", old="active", new="withdrawn"),
        FieldChange(op="replace", pointer="/withdrawn_reason", old=None, new="duplicate"),
    ] == list(withdrawn.fields)
    assert () == withdrawn.corrections()
    assert first.id == withdrawn.id


def test_diff_as_text_and_json(derive_release: Derive) -> None:
    """The text form marks each record and shows each field; the JSON form holds the same."""
    folder = derive_release("1.1.0", edit=_edit)
    second = cd.load().events[1]
    changes = cd.diff(cd.versions()[-1], folder)
    text = changes.to_text()
    assert "1 added, 1 withdrawn, 1 changed, 1 removed" == text.splitlines()[2]
    assert f"~ {second.id} (event): changed" in text
    assert f'    /when/date: {json.dumps(second.when.date)} -> "1999-01-01"' in text
    assert "+ evt-added-in-test (event): added" in text
    data = json.loads(json.dumps(changes.to_dict()))
    assert {"version": "1.1.0", "content_hash": changes.b_hash} == data["b"]
    replaced = data["records"][2]["fields"][1]
    assert {
        "op": "replace",
        "pointer": "/when/date",
        "old": second.when.date,
        "new": "1999-01-01",
    } == replaced
    assert {"op", "pointer", "new"} == set(data["records"][2]["fields"][0])


def test_cli_diff(derive_release: Derive) -> None:
    """conflictdata diff A B prints the text diff; --format json the JSON one."""
    folder = str(derive_release("1.1.0", edit=_edit))
    expected = cd.diff(cd.versions()[-1], folder)
    assert (0, expected.to_text(), "") == _run("diff", cd.versions()[-1], folder)
    code, out, _ = _run("diff", cd.versions()[-1], folder, "--format", "json")
    assert (0, expected.to_dict()) == (code, json.loads(out))


def test_cli_diff_errors(release_copy: Path) -> None:
    """An unknown version is a usage error (2); a tampered release exits 1 naming the file."""
    code, _, err = _run("diff", "9.9.9", str(release_copy))
    assert (2, True) == (code, "9.9.9" in err)
    (release_copy / "actors.jsonl").write_bytes(b"")
    code, _, err = _run("diff", cd.versions()[-1], str(release_copy))
    assert (1, True, False) == (code, "actors.jsonl" in err, "Traceback" in err)


def test_output_verbs(derive_release: Derive) -> None:
    """Diff, RecordChange and FieldChange each have to_dict, to_json (the dict as JSON) and
    to_text; the diff's text is its header and its records' texts; str() of a field change is
    its text."""
    changes = cd.diff(cd.versions()[-1], derive_release("1.1.0", edit=_edit))
    record = changes.changed[0]
    field = record.fields[0]
    for item in (changes, record, field):
        assert item.to_dict() == json.loads(item.to_json())
        assert json.dumps(item.to_dict(), ensure_ascii=False) == item.to_json(indent=None)
    assert "".join(r.to_text() for r in changes.records) in changes.to_text()
    assert [f"~ {record.id} (event): changed", *(f"    {f}" for f in record.fields)] == (
        record.to_text().splitlines()
    )
    assert str(field) == field.to_text()


@pytest.mark.parametrize("name", ["Diff", "RecordChange", "FieldChange"])
def test_as_dict_is_a_deprecated_alias(derive_release: Derive, name: str) -> None:
    """as_dict() still gives to_dict(), with a DeprecationWarning naming the new verb."""
    changes = cd.diff(cd.versions()[-1], derive_release("1.1.0", edit=_edit))
    item = {"Diff": changes, "RecordChange": changes.changed[0]}.get(
        name, changes.changed[0].fields[0]
    )
    with pytest.warns(DeprecationWarning, match=rf"{name}\.as_dict\(\) is deprecated: use to_dict"):
        assert item.to_dict() == item.as_dict()


def test_diff_of_a_subset_does_not_claim_the_release_hash() -> None:
    """A subset has no content hash, so a diff against its release shows one hash, not two
    equal hashes for different records."""
    ds = cd.load()
    changes = cd.diff(ds.filter(type="CONSULT"), ds)
    header = changes.to_text().splitlines()[:2]
    assert (None, ds.content_hash) == (changes.a_hash, changes.b_hash)
    assert [
        f"--- {ds.version}  content sha256 -",
        f"+++ {ds.version}  content sha256 {ds.content_hash}",
    ] == header


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=20,
)


def _unescape(step: str) -> str:
    return step.replace("~1", "/").replace("~0", "~")


def _apply(document: Any, changes: list[FieldChange]) -> Any:
    """Apply field changes as JSON Patch operations; removals from the end of lists first."""
    root = {"": copy.deepcopy(document)}
    ordered = [c for c in changes if c.op != "remove"] + [
        c for c in reversed(changes) if c.op == "remove"
    ]
    for change in ordered:
        *parents, last = [""] + [_unescape(s) for s in change.pointer.split("/")[1:]]
        target: Any = root
        for step in parents:
            target = target[int(step) if isinstance(target, list) else step]
        key: Any = int(last) if isinstance(target, list) else last
        if change.op == "remove":
            del target[key]
        elif change.op == "add" and isinstance(target, list):
            target.insert(key, change.new)
        else:
            target[key] = change.new
    return root[""]


@given(old=JSON, new=JSON)
def test_field_changes_turn_old_into_new(old: Any, new: Any) -> None:
    """For any two JSON values, applying the field changes to the old one gives the new one,
    and equal values give no changes."""
    changes = _compare(old, new, "")
    assert json.dumps(new, sort_keys=True) == json.dumps(_apply(old, changes), sort_keys=True)
    assert [] == _compare(new, copy.deepcopy(new), "")
