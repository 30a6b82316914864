"""Release manifests, the dataset versioning policy and cutting a release."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from importlib.resources import as_file
from itertools import pairwise
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata._loader import release_dir
from conflictdata._release_folder import MANIFEST, read_manifest
from conflictdata.cli import run
from conflictdata.release import (
    ReleaseProblem,
    check_manifest,
    check_policy,
    cut,
    main,
    manifest_resources,
    required_bump,
    update_manifest,
)

ROOT = Path(__file__).resolve().parent.parent
Derive = Callable[..., Path]
Records = dict[str, list[dict[str, Any]]]


def _codes(problems: tuple[ReleaseProblem, ...]) -> list[tuple[str, str | None]]:
    return [(p.code, p.record_id) for p in problems]


#: An event of 1.0.0 that no other record names: withdrawing or deleting it leaves every
#: other record valid, so the policy's own problems are all there is to report.
_LONE_EVENT = "evt-both-sides-preparing-for-hostilities"


def _first_event(records: Records) -> dict[str, Any]:
    """The event the policy tests change (see ``_LONE_EVENT``)."""
    (event,) = (r for r in records["events.jsonl"] if r["id"] == _LONE_EVENT)
    return event


def _add_event(records: Records) -> None:
    records["events.jsonl"].append(dict(_first_event(records), id="evt-added-in-test"))


def _correct_summary(records: Records) -> None:
    _first_event(records)["summary"] = "A corrected summary."


def _withdraw(reason: str | None, successor: str | None = None) -> Callable[[Records], None]:
    def edit(records: Records) -> None:
        _first_event(records).update(
            status="withdrawn", withdrawn_reason=reason, superseded_by=successor
        )

    return edit


def _first_event_id() -> str:
    assert _LONE_EVENT in cd.load(version="1.0.0")
    return _LONE_EVENT


@pytest.fixture
def derive_release(derive_release: Derive, tmp_path: Path) -> Derive:
    """The policy tests below derive their releases from the shipped 1.0.0 and check them
    against it: the conftest fixture with 1.0.0 as the default base."""
    base = tmp_path / "base-1.0.0"
    with as_file(release_dir("1.0.0")) as shipped:
        shutil.copytree(shipped, base)

    def derive(version: str, **options: Any) -> Path:
        options.setdefault("base", base)
        return derive_release(version, **options)

    return derive


# The committed manifests


@pytest.mark.parametrize("version", cd.versions())
def test_committed_manifest_lists_exactly_the_files(version: str) -> None:
    """Every shipped release's datapackage.json resources equal manifest_resources(folder)
    (regenerate with ``conflictdata release manifest FOLDER``)."""
    folder = release_dir(version)
    assert manifest_resources(folder) == read_manifest(folder)["resources"]


@pytest.mark.parametrize("version", cd.versions())
def test_committed_manifest_has_citation_metadata(version: str) -> None:
    """Every shipped descriptor has name, title, version, created, licenses, sources,
    contributors and the record schema, in the forms a citation and frictionless need."""
    assert () == check_manifest(release_dir(version))


@pytest.mark.parametrize("version", cd.versions())
def test_frictionless_validates_shipped_release(version: str) -> None:
    """frictionless (the dev extra) finds every shipped release valid: the descriptor, and each
    file's size and SHA-256; JSON Lines files are file resources, not tables."""
    frictionless = pytest.importorskip("frictionless")
    with as_file(release_dir(version)) as folder:
        report = frictionless.validate(str(folder / MANIFEST))
    assert (True, []) == (report.valid, report.flatten(["type", "message"]))


def test_frictionless_refuses_a_changed_file(release_copy: Path) -> None:
    """frictionless reports a record file whose bytes no longer match the manifest."""
    frictionless = pytest.importorskip("frictionless")
    events = release_copy / "events.jsonl"
    events.write_bytes(events.read_bytes() + b"\n")
    report = frictionless.validate(str(release_copy / MANIFEST))
    assert {"hash-count", "byte-count"} == {error[0] for error in report.flatten(["type"])}


def test_check_manifest_finds_stale_resources_and_missing_metadata(release_copy: Path) -> None:
    """check_manifest reports a file changed after the manifest was written, and a descriptor
    without contributors or with a date-only created."""
    descriptor = json.loads((release_copy / MANIFEST).read_text("utf-8"))
    descriptor.update(created="2026-11-24", contributors=[])
    (release_copy / MANIFEST).write_text(json.dumps(descriptor), "utf-8")
    (release_copy / "statements.jsonl").write_bytes(b"\n")
    problems = check_manifest(release_copy)
    assert [
        ("metadata-missing", "/created"),
        ("metadata-missing", "/contributors"),
        ("manifest-stale", "/resources"),
    ] == [(p.code, p.pointer) for p in problems]
    assert "statements.jsonl" in problems[-1].message


def test_changelog_has_an_entry_for_every_shipped_version() -> None:
    """CHANGELOG.md's Dataset section has a heading for each shipped version."""
    dataset_section = (ROOT / "CHANGELOG.md").read_text("utf-8").split("\n## Dataset\n", 1)[1]
    headings = re.findall(r"^### ([0-9]+\.[0-9]+\.[0-9]+)\b", dataset_section, re.MULTILINE)
    assert set(cd.versions()) <= set(headings)


# The policy


def test_every_consecutive_pair_of_shipped_releases_keeps_the_policy() -> None:
    """No shipped release deletes or silently changes a record of the one before it, and
    each bumps its version as its changes need."""
    for old, new in pairwise(cd.versions()):
        assert [] == [str(p) for p in check_policy(old, new)], (old, new)


def test_identical_patch_release_keeps_the_policy(derive_release: Derive) -> None:
    """A PATCH release with the same records breaks no rule."""
    assert () == check_policy("1.0.0", derive_release("1.0.1"))


def test_added_records_need_a_minor_release(derive_release: Derive) -> None:
    """Adding a record is fine in a MINOR release and too much for a PATCH release."""
    assert () == check_policy("1.0.0", derive_release("1.1.0", edit=_add_event))
    problems = check_policy("1.0.0", derive_release("1.0.1", edit=_add_event))
    assert [("bump-too-small", None)] == _codes(problems)
    assert "records were added" in problems[0].message


def test_a_correction_needs_a_note(derive_release: Derive) -> None:
    """A changed record without a 'changes' note is refused; with one it is a fine PATCH."""
    event_id = _first_event_id()
    silent = derive_release("1.0.1", edit=_correct_summary)
    assert [("change-without-note", event_id)] == _codes(check_policy("1.0.0", silent))
    noted = derive_release(
        "1.0.1",
        edit=_correct_summary,
        changes=[{"record": event_id, "note": "summary fixed"}],
        name="noted",
    )
    assert () == check_policy("1.0.0", noted)


def test_a_note_must_name_a_changed_record(derive_release: Derive) -> None:
    """A 'changes' note for a record the release does not change is reported."""
    stale = derive_release("1.0.1", changes=[{"record": "evt-unchanged", "note": "nothing"}])
    assert [("note-without-change", "evt-unchanged")] == _codes(check_policy("1.0.0", stale))


def test_deleting_a_record_is_refused(derive_release: Derive) -> None:
    """A record of the old release that is missing from the new one is reported, whatever
    the version bump."""
    event_id = _first_event_id()

    def delete(records: Records) -> None:
        records["events.jsonl"].remove(_first_event(records))

    assert [("record-removed", event_id)] == _codes(
        check_policy("1.0.0", derive_release("2.0.0", edit=delete))
    )


def test_withdrawal_needs_a_reason_and_a_known_successor(derive_release: Derive) -> None:
    """Withdrawing is a PATCH change that needs a reason and may have a note; a successor
    must exist."""
    event_id = _first_event_id()
    with_reason = derive_release("1.0.1", edit=_withdraw("duplicate of another event"))
    assert () == check_policy("1.0.0", with_reason)
    without = derive_release("1.0.1", edit=_withdraw(None), name="without")
    # the validator finds it too: the record is invalid on its own
    assert [("withdrawn-without-reason", event_id), ("record-invalid", event_id)] == _codes(
        check_policy("1.0.0", without)
    )
    noted = derive_release(
        "1.0.1",
        edit=_withdraw("duplicate"),
        changes=[{"record": event_id, "note": "withdrawn: a duplicate"}],
        name="noted",
    )
    assert () == check_policy("1.0.0", noted)
    lost = derive_release("1.0.1", edit=_withdraw("merged", "evt-nowhere"), name="lost")
    assert [("successor-unknown", event_id), ("record-invalid", event_id)] == _codes(
        check_policy("1.0.0", lost)
    )


@pytest.mark.parametrize(
    ("version", "code"),
    [
        ("1.0.0", "version-not-newer"),
        ("0.9.0", "version-not-newer"),
        ("1.2.0", "version-not-next"),
        ("1.1.1", "version-not-next"),
        ("3.0.0", "version-not-next"),
    ],
)
def test_version_must_be_the_next_one(derive_release: Derive, version: str, code: str) -> None:
    """The new version is greater than the old and bumps one part by one, resetting the rest."""
    assert [(code, None)] == _codes(check_policy("1.0.0", derive_release(version)))


def test_a_schema_change_needs_a_major_release(derive_release: Derive) -> None:
    """Records written for another record schema need a MAJOR release."""
    minor = derive_release("1.1.0")
    descriptor = json.loads((minor / MANIFEST).read_text("utf-8"))
    descriptor["recordSchema"] = "https://conflictdata.org/schemas/2/"
    (minor / MANIFEST).write_text(json.dumps(descriptor), "utf-8")
    problems = check_policy("1.0.0", minor)
    assert [("bump-too-small", None)] == _codes(problems)
    assert "schema" in problems[0].message


def test_required_bump() -> None:
    """required_bump: major for a schema change, minor for additions, else patch."""
    ds = cd.load()
    grown = cd.Dataset([*ds, attrs.evolve(ds.events[0], id="evt-extra")])
    assert "patch" == required_bump(cd.diff(ds, ds))
    assert "minor" == required_bump(cd.diff(ds, grown))
    assert "major" == required_bump(cd.diff(ds, ds), "schemas/1/", "schemas/2/")
    assert "patch" == required_bump(
        cd.diff(ds, ds), "https://conflictdata.org/schemas/1/", "urn:conflictdata:schemas:1:"
    )
    assert "major" == required_bump(
        cd.diff(ds, ds), "https://conflictdata.org/schemas/1/", "urn:conflictdata:schemas:2:"
    )


@given(
    notes=st.lists(st.booleans(), min_size=1, max_size=4),
    version=st.sampled_from(["1.0.1", "1.1.0", "2.0.0"]),
)
def test_policy_reports_exactly_the_unnoted_changes(notes: list[bool], version: str) -> None:
    """For any set of corrected records, check_policy reports change-without-note for exactly
    those without a note, at any version bump."""
    ds = cd.load(version="1.0.0")
    edited = [r for r in ds if r.kind in ("actor", "event")][: len(notes)]
    corrected = {r.id: attrs.evolve(r, note=f"corrected {r.id}") for r in edited}
    noted = [r.id for r, note in zip(edited, notes, strict=False) if note]
    new = cd.Dataset(
        [corrected.get(r.id, r) for r in ds],
        version=version,
        content_hash="x",
        metadata={**ds.metadata, "changes": [{"record": i, "note": "why"} for i in noted]},
    )
    expected = sorted(("change-without-note", r.id) for r in edited if r.id not in noted)
    assert expected == _codes(check_policy(ds, new))


# Cutting a release


@pytest.fixture
def releases_root(tmp_path: Path) -> Path:
    """A folder of releases holding a copy of the shipped 1.0.0."""
    root = tmp_path / "releases"
    with as_file(release_dir("1.0.0")) as shipped:
        shutil.copytree(shipped, root / "1.0.0")
    return root


@pytest.fixture
def changelog(tmp_path: Path) -> Path:
    """A changelog with a Dataset section."""
    path = tmp_path / "CHANGELOG.md"
    path.write_text("# Changelog\n\n## Library\n\n## Dataset\n\n### 1.0.0\n\n- First.\n", "utf-8")
    return path


def test_cut_starts_a_release(releases_root: Path, changelog: Path) -> None:
    """cut copies the base release's files, sets version and created, writes a manifest that
    matches the files and adds a CHANGELOG entry at the top of the Dataset section."""
    target = cut(
        "1.1.0",
        base="1.0.0",
        root=releases_root,
        changelog=changelog,
        created="2027-01-02T03:04:05Z",
    )
    base = releases_root / "1.0.0"
    descriptor = json.loads((target / MANIFEST).read_text("utf-8"))
    assert ("1.1.0", "2027-01-02T03:04:05Z") == (descriptor["version"], descriptor["created"])
    assert manifest_resources(target) == descriptor["resources"]
    assert (base / "events.jsonl").read_bytes() == (target / "events.jsonl").read_bytes()
    assert () == check_manifest(target)
    assert () == check_policy(base, target)
    text = changelog.read_text("utf-8")
    assert text.index("## Dataset") < text.index("### 1.1.0 (unreleased)") < text.index("### 1.0.0")
    assert ["1.0.0", "1.1.0"] == sorted(p.name for p in releases_root.iterdir())


def test_cut_refuses_and_leaves_nothing(releases_root: Path, tmp_path: Path) -> None:
    """cut refuses a version that skips one, an existing folder and a missing changelog, and
    then leaves no folder behind."""
    with pytest.raises(ValueError, match="does not follow"):
        cut("1.2.0", base="1.0.0", root=releases_root, changelog=None)
    with pytest.raises(FileNotFoundError):
        cut("1.0.1", base="1.0.0", root=releases_root, changelog=tmp_path / "missing.md")
    assert ["1.0.0"] == sorted(p.name for p in releases_root.iterdir())
    cut("1.0.1", base="1.0.0", root=releases_root, changelog=None)
    with pytest.raises(FileExistsError):
        cut("1.0.1", base="1.0.0", root=releases_root, changelog=None)
    assert ["1.0.0", "1.0.1"] == sorted(p.name for p in releases_root.iterdir())


def _release(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["release", *arguments], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_release_command_line(releases_root: Path, changelog: Path) -> None:
    """conflictdata release: cut makes a folder; manifest regenerates it; check lists the
    problems one a line and exits 1."""
    arguments = ["cut", "1.0.1", "--from", "1.0.0", "--root", str(releases_root)]
    code, out, _ = _release(*arguments, "--changelog", str(changelog))
    assert 0 == code
    target = releases_root / "1.0.1"
    assert f"created {target}" in out
    events = target / "events.jsonl"
    records = [json.loads(line) for line in events.read_text("utf-8").splitlines()]
    records[0]["summary"] = "A corrected summary."
    events.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    code, out, _ = _release("check", "1.0.0", str(target))
    assert 1 == code
    assert "manifest-stale: datapackage.json: /resources: the resource for events.jsonl" in out
    assert 0 == _release("manifest", str(target))[0]
    code, out, _ = _release("check", "1.0.0", str(target))
    assert 1 == code
    assert [
        f"change-without-note: a released record changed without a note in the descriptor's "
        f"'changes' list (record {records[0]['id']})"
    ] == out.splitlines()


def test_release_command_line_errors(tmp_path: Path) -> None:
    """An unknown base release is an error on stderr with exit 1, not a traceback."""
    code, out, err = _release("cut", "1.0.1", "--from", "1.0.0", "--root", str(tmp_path))
    assert (1, "", True) == (code, out, err.startswith("conflictdata: error: "))
    assert "Traceback" not in err


def test_release_usage_errors_go_to_the_given_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """A usage error of conflictdata release (a missing step, a missing argument) is written to
    the stderr given to run(), naming the command, and exits 2."""
    expected = {
        "release": "usage: conflictdata release",
        "release check 1.0.0": "conflictdata release check: error: the following arguments",
    }
    for arguments, message in expected.items():
        out, err = io.StringIO(), io.StringIO()
        assert 2 == run(arguments.split(), stdout=out, stderr=err)
        assert ("", True) == (out.getvalue(), message in err.getvalue())
    assert ("", "") == capsys.readouterr()


def test_python_dash_m_release_is_a_deprecated_alias(releases_root: Path, changelog: Path) -> None:
    """python -m conflictdata.release ARGS (release.main) forwards to conflictdata release
    ARGS, with a deprecation note on stderr."""
    out, err = io.StringIO(), io.StringIO()
    arguments = ["cut", "1.0.1", "--from", "1.0.0", "--root", str(releases_root)]
    assert 0 == main([*arguments, "--changelog", str(changelog)], stdout=out, stderr=err)
    assert f"created {releases_root / '1.0.1'}" in out.getvalue()
    assert err.getvalue().startswith(
        "conflictdata: warning: python -m conflictdata.release is deprecated"
    )
    out, err = io.StringIO(), io.StringIO()
    assert 2 == main(["frobnicate"], stdout=out, stderr=err)
    assert "invalid choice" in err.getvalue()


def test_update_manifest_keeps_metadata(release_copy: Path) -> None:
    """update_manifest recomputes the resources, keeps the metadata and merges in new keys."""
    before = json.loads((release_copy / MANIFEST).read_text("utf-8"))
    (release_copy / "statements.jsonl").write_bytes(b"\n")
    update_manifest(release_copy, changes=[{"record": "evt-x", "note": "why"}])
    after = json.loads((release_copy / MANIFEST).read_text("utf-8"))
    assert manifest_resources(release_copy) == after.pop("resources")
    before.pop("resources")
    assert {**before, "changes": [{"record": "evt-x", "note": "why"}]} == after


def test_release_codes_are_one_documented_registry() -> None:
    """Every code a release problem may have is registered, the releases page's tables list
    exactly the registry, and a problem with an unregistered code cannot be made."""
    from conflictdata.release import RELEASE_CODES, ReleaseProblem

    page = (Path(__file__).parent.parent / "docs" / "releases.md").read_text("utf-8")
    listed = set(re.findall(r"^\| `([a-z]+(?:-[a-z]+)+)` \|", page, re.MULTILINE))
    assert set(RELEASE_CODES) == listed
    with pytest.raises(ValueError, match="code"):
        ReleaseProblem(code="no-such-code", message="x")
