"""Hostile and careless inputs: nothing outside a folder is read, nothing but the target is
written, nothing hangs.

Links, FIFOs and device nodes are made in temporary folders, never on the machine's own
``/dev``; device nodes need root, and those cases fail with a message that says so otherwise.
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictdata as cd
import conflictdata.io as cio
from conflictdata._fsutil import UnsafeFileError, _clean_stale, atomic_writer, read_inside
from conflictdata.cli import run
from conflictdata.release import write_manifest


def _device(path: Path) -> Path:
    """A character device node like /dev/zero (1, 5) at ``path``, inside a temporary folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:  # pragma: no cover - CI runs as root
        pytest.fail("making a device node needs root (run the tests as root, as CI does)")
    return path


def _special(kind: str, path: Path) -> Path:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        _device(path)
    else:
        path.symlink_to("/etc/passwd")
    return path


@pytest.mark.parametrize(
    ("kind", "code"),
    [("fifo", "file-not-regular"), ("device", "file-not-regular"), ("link", "file-link")],
)
def test_special_files_are_refused_before_a_byte_is_read(
    tmp_path: Path, kind: str, code: str
) -> None:
    """A FIFO (which would hang a reader), a device (which /dev/zero would fill memory from)
    and a link out of the folder are refused with their own code, at once."""
    _special(kind, tmp_path / "text.txt")
    with pytest.raises(UnsafeFileError) as info:
        read_inside(tmp_path, "text.txt", limit=1 << 20)
    assert (code, "text.txt") == (info.value.code, info.value.file)


def test_links_in_the_middle_of_a_path_are_refused(tmp_path: Path) -> None:
    """A folder on the way that is a link (``sources -> /etc``) is refused, not followed."""
    (tmp_path / "sources").symlink_to("/etc")
    with pytest.raises(UnsafeFileError) as info:
        read_inside(tmp_path, "sources/passwd", limit=1 << 20)
    assert "file-link" == info.value.code


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "a/../../secret.txt", ""])
def test_paths_that_leave_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    """An absolute path, a ``..`` step or an empty path never names a file."""
    with pytest.raises(UnsafeFileError) as info:
        read_inside(tmp_path, name, limit=10)
    assert "file-outside" == info.value.code


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    """A file larger than the reader's bound is refused, naming both sizes."""
    (tmp_path / "big.txt").write_bytes(b"x" * 11)
    with pytest.raises(UnsafeFileError, match="11 bytes, more than the 10") as info:
        read_inside(tmp_path, "big.txt", limit=10)
    assert "file-too-large" == info.value.code
    assert b"x" * 11 == read_inside(tmp_path, "big.txt", limit=11)


_NAMES = st.sampled_from(["a", "b", "c"])
_ENTRIES = st.lists(
    st.tuples(
        st.lists(_NAMES, min_size=1, max_size=3),
        st.sampled_from(["file", "dir", "link-out", "link-in", "fifo"]),
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(_ENTRIES, st.lists(_NAMES, min_size=1, max_size=3))
def test_no_read_leaves_the_folder(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[tuple[list[str], str]],
    wanted: list[str],
) -> None:
    """In a random tree of files, folders, FIFOs and links (to a secret outside the folder, and
    within it), a read returns the bytes of a regular file reached without a link, or raises:
    it never returns the secret, and never hangs."""
    base = tmp_path_factory.mktemp("tree")
    secret = base / "secret.txt"
    secret.write_bytes(b"SECRET_TOKEN=1")
    root = base / "root"
    root.mkdir()
    for steps, kind in entries:
        path = root.joinpath(*steps)
        if (
            path.exists()
            or path.is_symlink()
            or not path.parent.is_dir()
            or path.parent.is_symlink()
        ):
            continue
        if kind == "file":
            path.write_bytes(b"inside:" + "/".join(steps).encode())
        elif kind == "dir":
            path.mkdir()
        elif kind == "link-out":
            path.symlink_to(secret)
        elif kind == "link-in":
            path.symlink_to(root)
        else:
            os.mkfifo(path)
    relative = "/".join(wanted)
    try:
        data = read_inside(root, relative, limit=1 << 10)
    except (UnsafeFileError, FileNotFoundError, IsADirectoryError):
        return
    assert data == b"inside:" + relative.encode()
    assert all(not root.joinpath(*wanted[: i + 1]).is_symlink() for i in range(len(wanted)))


def _remanifest(folder: Path) -> None:
    metadata = {k: v for k, v in cd.load(path=folder).metadata.items() if k != "resources"}
    write_manifest(folder, metadata)


def test_a_release_holding_a_link_is_refused(release_copy: Path) -> None:
    """A listed resource that is a link out of the folder is refused by the loader, even when
    the manifest was written over it."""
    source = cd.load().sources[0]
    text = release_copy / source.path
    text.unlink()
    text.symlink_to(Path(cd.__file__).parent / "data" / "releases" / "1.0.0" / source.path)
    with pytest.raises(cd.DataError) as info:
        cd.load(path=release_copy)
    assert ("file-link", source.path) == (info.value.code, info.value.file)


def test_a_link_to_the_root_is_never_walked(release_copy: Path) -> None:
    """A folder link ``root -> /`` in a release folder is refused when the folder is listed,
    at once, instead of the loader walking the whole file system."""
    (release_copy / "root").symlink_to("/")
    with pytest.raises(cd.DataError) as info:
        cd.load(path=release_copy)
    assert ("file-link", "root") == (info.value.code, info.value.file)


def test_the_manifest_tool_does_not_hash_a_fifo(release_copy: Path) -> None:
    """``release manifest`` over a folder holding a FIFO refuses it instead of hanging."""
    os.mkfifo(release_copy / "events.extra.jsonl")
    with pytest.raises(cd.DataError) as info:
        _remanifest(release_copy)
    assert "file-not-regular" == info.value.code


@pytest.mark.parametrize("kind", ["fifo", "device", "link"])
def test_writes_never_replace_anything_but_a_regular_file(tmp_path: Path, kind: str) -> None:
    """An export over a FIFO, a device node or a link is refused, with or without overwrite,
    and the target is left as it was."""
    target = _special(kind, tmp_path / "out.jsonl")
    before = target.lstat()
    for overwrite in (False, True):
        with (
            pytest.raises(UnsafeFileError) as info,
            atomic_writer(target, overwrite=overwrite) as handle,
        ):
            handle.write(b"x")
        assert "target-not-regular" == info.value.code
    after = target.lstat()
    assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)
    assert [target.name] == os.listdir(tmp_path)  # no temporary file left behind


def test_cli_refuses_a_device_target_and_writes_dash_to_standard_output(tmp_path: Path) -> None:
    """``export --overwrite`` onto a device node is an error (exit 1, one line), never a
    replacement; ``--output -`` writes to standard output."""
    target = _device(tmp_path / "null")
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["export", "--format", "jsonl", "--output", str(target), "--overwrite"],
        stdout=out,
        stderr=err,
    )
    assert (1, "") == (code, out.getvalue())
    assert "only regular files are replaced" in err.getvalue()
    assert stat.S_ISCHR(target.lstat().st_mode)
    out, err = io.StringIO(), io.StringIO()
    assert 0 == run(["export", "--format", "jsonl", "--output", "-"], stdout=out, stderr=err)
    assert len(cd.load()) == len(out.getvalue().splitlines())
    assert list(cio.read_jsonl(_lines_file(tmp_path, out.getvalue()))) == list(cd.load())


def _lines_file(folder: Path, text: str) -> Path:
    path = folder / "back.jsonl"
    path.write_text(text, "utf-8")
    return path


def _contribution(folder: Path, text_kind: str, secret: Path) -> Path:
    """A contribution of one source whose text file is a link to ``secret``, a FIFO or a
    device node, and one event quoting it."""
    source = {
        "id": "src-new",
        "language": "en",
        "path": "sources/new.txt",
        "sha256": "0" * 64,
    }
    event = {
        "id": "evt-new",
        "type": "AGREE",
        "summary": "Something.",
        "factuality": "CT+",
        "evidence": [{"source": "src-new", "start": 0, "end": 6, "exact": "nothin"}],
    }
    (folder / "sources").mkdir()
    target = folder / "sources" / "new.txt"
    if text_kind == "link":
        target.symlink_to(secret)
    else:
        _special(text_kind, target)
    path = folder / "new.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (source, event)) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("text_kind", ["link", "fifo", "device"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_validator_never_reads_a_text_through_a_link_or_from_a_special_file(
    tmp_path: Path, text_kind: str, jobs: int
) -> None:
    """A contributed source text that links to a secret file (as a pull request could, to the
    runner's files) is reported as ``source-text-unsafe`` and never read or quoted; a FIFO or
    a device is reported the same way at once, instead of hanging or filling memory."""
    secret = tmp_path / "secret.env"
    secret.write_text("SECRET_TOKEN=abc123 nothin\n", "utf-8")
    folder = tmp_path / "contribution"
    folder.mkdir()
    path = _contribution(folder, text_kind, secret)
    report = cd.validate(path, jobs=jobs)
    assert "source-text-unsafe" in {found.code for found in report.issues}
    assert "SECRET_TOKEN" not in report.to_text() + report.to_json()
    out, err = io.StringIO(), io.StringIO()
    assert 1 == run(["validate", str(path), "--jobs", str(jobs)], stdout=out, stderr=err)
    assert "SECRET_TOKEN" not in out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nest too deep"),
        (b'{"version": ' + b"9" * 5000 + b"}", "invalid JSON"),
        (b'{"resources": [], "x": ' + b"[" * 40 + b"]" * 40 + b"}", "more than 32 levels"),
    ],
)
def test_a_hostile_manifest_is_a_located_error(
    release_copy: Path, text: bytes, message: str
) -> None:
    """A manifest nested 100,000 deep, or past the 32 levels every reader holds to, or holding a
    5,000-digit integer is refused with a located DataError, not a RecursionError or ValueError
    traceback."""
    (release_copy / "datapackage.json").write_bytes(text)
    with pytest.raises(cd.DataError, match=message) as info:
        cd.load(path=release_copy)
    assert "datapackage.json" == info.value.file


@pytest.mark.parametrize("jobs", [1, 2])
def test_issues_are_kept_up_to_a_bound_and_counted_past_it(tmp_path: Path, jobs: int) -> None:
    """A small file of many bad lines keeps the first thousand issues of a code and counts
    the rest, in text and JSON, the same with worker processes; memory follows the file's
    structure, not the number of its problems."""
    from conflictdata.validation._kept import MAX_ISSUES_PER_CODE

    path = tmp_path / "zeros.jsonl"
    path.write_bytes(b"0\n" * (MAX_ISSUES_PER_CODE + 1500))
    report = cd.validate(path, jobs=jobs)
    assert MAX_ISSUES_PER_CODE == len(report.issues)
    assert [1, MAX_ISSUES_PER_CODE] == [report.issues[0].line, report.issues[-1].line]
    assert [(str(path), "record-not-object", 1500)] == [
        (o.file, o.code, o.count) for o in report.omitted
    ]
    assert not report.ok
    assert MAX_ISSUES_PER_CODE + 1500 == report.to_dict()["errors"]
    assert f"{path}: 1500 more error record-not-object not listed" in report.to_text()
    assert report == cd.validate(path, jobs=1)


def test_cli_prints_reports_whatever_characters_they_hold(tmp_path: Path) -> None:
    """A lone surrogate in an id or a key is reported (also in keys), and the CLI prints the
    report as text and as valid JSON instead of failing on the character."""
    path = tmp_path / "surrogates.jsonl"
    path.write_bytes(b'{"id": "evt-a\\ud800b", "type": "AGREE"}\n{"\\ud800": 1}\n')
    out, err = io.StringIO(), io.StringIO()
    assert 1 == run(["validate", str(path)], stdout=out, stderr=err)
    assert "" == err.getvalue()
    assert f"{path}:2: /\\ud800: error json-lone-surrogate:" in out.getvalue()
    out = io.StringIO()
    assert 1 == run(["validate", "--format", "json", str(path)], stdout=out, stderr=err)
    issues = json.loads(out.getvalue())["issues"]
    assert ("/\ud800", "json-lone-surrogate") in {(i["pointer"], i["code"]) for i in issues}


def test_a_text_read_again_is_read_inside_its_folder_not_through_a_link(tmp_path: Path) -> None:
    """A worker reads a contributed text again by its path inside the folder it was checked in:
    a folder of that path swapped for a link to another folder is refused, not read."""
    from conflictdata.validation._crossref import text_again

    folder, outside = tmp_path / "contrib", tmp_path / "outside"
    (folder / "sources").mkdir(parents=True)
    (outside / "sources").mkdir(parents=True)
    (folder / "sources" / "x.txt").write_text("the text that was checked", "utf-8")
    (outside / "sources" / "x.txt").write_text("SECRET_TOKEN=1", "utf-8")
    assert text_again((str(folder), "sources/x.txt")) == "the text that was checked"
    (folder / "sources" / "x.txt").unlink()
    (folder / "sources").rmdir()
    (folder / "sources").symlink_to(outside / "sources")
    assert text_again((str(folder), "sources/x.txt")) is None


def _temporaries(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if ".conflictdata-" in entry.name)


def test_a_killed_write_leaves_nothing_the_next_write_does_not_clean(tmp_path: Path) -> None:
    """The next write to a target removes the temporary files and folders that a killed one
    left (no live writer holds their lock), and leaves the live ones and links alone."""
    import fcntl

    target = tmp_path / "records.jsonl"
    stale_file = tmp_path / ".records.jsonl.conflictdata-dead1.tmp"
    stale_file.write_bytes(b"half of an export")
    stale_folder = tmp_path / ".records.jsonl.conflictdata-dead2.tmp"
    (stale_folder / "inner").mkdir(parents=True)
    (stale_folder / "inner" / "part.csv").write_bytes(b"x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_bytes(b"not ours")
    link = tmp_path / ".records.jsonl.conflictdata-link.tmp"
    link.symlink_to(outside)
    (stale_folder / "inner" / "escape").symlink_to(outside)
    live = tmp_path / ".records.jsonl.conflictdata-live.tmp"
    live.write_bytes(b"being written")
    other = tmp_path / ".other.jsonl.conflictdata-dead3.tmp"
    other.write_bytes(b"another target's")
    with open(live, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # as a live writer holds it
        cio.write_jsonl(cd.load(), target)
    assert _temporaries(tmp_path) == sorted([link.name, live.name, other.name])
    assert (outside / "keep.txt").read_bytes() == b"not ours"
    assert link.is_symlink()
    assert target.read_bytes().count(b"\n") == len(cd.load())


_KILL_AFTER = """
import os, signal, sys
from pathlib import Path
import conflictdata as cd, conflictdata.io as cio
from conflictdata import _fsutil

def killing(original):
    def step(*args, **kwargs):
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result
    return step

if sys.argv[2] == "exchange":
    _fsutil._rename2 = killing(_fsutil._rename2)
else:
    def unsupported(source, target, flags):
        raise OSError(22, "not supported here")
    _fsutil._rename2 = unsupported
    _fsutil._move_aside = killing(_fsutil._move_aside)
cio.write_csv(cd.load("1.1.0"), sys.argv[1], overwrite=True)
"""


@pytest.mark.parametrize("how", ["exchange", "renames"])
def test_a_folder_replaced_by_a_killed_export_is_there_after_the_next_run(
    tmp_path: Path, how: str
) -> None:
    """A SIGKILL in the middle of replacing an export folder leaves a folder at the target's
    name (the new one, after an atomic exchange), or the old one aside, which the next run puts
    back; either way the next export cleans up and leaves nothing behind."""
    import signal
    import subprocess
    import sys

    target = tmp_path / "export"
    cio.write_csv(cd.load("1.0.0"), target)
    old = {path.name: path.read_bytes() for path in target.iterdir()}
    result = subprocess.run(
        [sys.executable, "-c", _KILL_AFTER, str(target), how], capture_output=True, check=False
    )
    assert result.returncode == -signal.SIGKILL
    assert _temporaries(tmp_path), "the kill came before anything was left behind"
    expected = tmp_path / "expected"
    cio.write_csv(cd.load("1.1.0"), expected)
    new = {path.name: path.read_bytes() for path in expected.iterdir()}
    assert new != old
    if how == "exchange":
        assert {path.name: path.read_bytes() for path in target.iterdir()} == new
    else:
        assert not target.exists()
        _clean_stale(target)  # what the next run does first: the old folder is put back
        assert {path.name: path.read_bytes() for path in target.iterdir()} == old
    cio.write_csv(cd.load("1.1.0"), target, overwrite=True)
    assert _temporaries(tmp_path) == []
    assert {path.name: path.read_bytes() for path in target.iterdir()} == new


def test_a_patch_may_not_replace_the_licences_and_authors(
    derive_release: Callable[..., Path],
) -> None:
    """A PATCH of the newest release that only relabels its licence and authors breaks the
    policy twice, each problem pointing at the descriptor's field; a MAJOR release may."""
    from conflictdata.release import check_policy

    newest = cd.versions()[-1]
    major, minor, patch = (int(part) for part in newest.split("."))
    relabel = {
        "licenses": [{"name": "LicenseRef-proprietary", "title": "All rights reserved"}],
        "contributors": [{"title": "Someone Else", "role": "author"}],
    }
    patched = derive_release(f"{major}.{minor}.{patch + 1}", name="patch", **relabel)
    found = [(p.code, p.pointer) for p in check_policy(newest, patched)]
    assert [("license-changed", "/licenses"), ("authors-changed", "/contributors")] == found
    assert () == check_policy(newest, derive_release(f"{major + 1}.0.0", name="major", **relabel))


def test_release_check_validates_noted_records_in_full(derive_release: Callable[..., Path]) -> None:
    """A correction with a note in the descriptor is still validated in full: a span whose
    quote no longer matches its source text is reported by `release check`, located in the
    record's file and line."""
    newest = cd.versions()[-1]
    major, minor, patch = (int(part) for part in newest.split("."))
    event = cd.load().events[0]

    def misquote(records: dict[str, list[dict[str, Any]]]) -> None:
        (record,) = (r for r in records["events.jsonl"] if r["id"] == event.id)
        record["evidence"][0]["exact"] = "words the source does not have here"

    noted = derive_release(
        f"{major}.{minor}.{patch + 1}",
        edit=misquote,
        changes=[{"record": event.id, "note": "quote corrected"}],
    )
    out, err = io.StringIO(), io.StringIO()
    assert 1 == run(["release", "check", newest, str(noted)], stdout=out, stderr=err)
    assert "record-invalid: events.jsonl:1: /evidence/0/exact: span-mismatch: " in out.getvalue()
