"""Loading shipped and local releases: verification, lookups and located errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import conflictdata as cd
from conflictdata import _loader, _release_folder
from conflictdata.release import write_manifest


def _rewrite_line(path: Path, index: int, change: dict[str, object]) -> None:
    lines = path.read_text("utf-8").splitlines()
    record = json.loads(lines[index])
    record.update(change)
    lines[index] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _remanifest(folder: Path) -> None:
    metadata = json.loads((folder / "datapackage.json").read_text("utf-8"))
    metadata.pop("resources")
    write_manifest(folder, metadata)


def test_load_newest_by_default() -> None:
    """load() without arguments returns the newest shipped version."""
    assert cd.versions()[-1] == cd.load().version


def test_versions_are_sorted_semver() -> None:
    """versions() lists shipped versions oldest first, by SemVer order."""
    shipped = cd.versions()
    assert sorted(shipped, key=lambda v: tuple(map(int, v.split(".")))) == shipped
    assert "1.0.0" in shipped


def test_unknown_version_names_the_shipped_ones() -> None:
    """Asking for a version that is not shipped raises UnknownVersionError listing the choices."""
    with pytest.raises(cd.UnknownVersionError, match=r"9\.9\.9.*1\.0\.0"):
        cd.load(version="9.9.9")


def test_get_and_text() -> None:
    """get() finds every record by id and text() returns each span's exact words."""
    ds = cd.load()
    for record in ds:
        assert record is ds.get(record.id)
        for span in record.evidence if hasattr(record, "evidence") else ():
            assert span.exact == ds.text(span)


def test_get_unknown_id_is_a_key_error() -> None:
    """get() of an unknown id raises UnknownRecordError, which is a KeyError."""
    with pytest.raises(KeyError, match="evt-does-not-exist"):
        cd.load().get("evt-does-not-exist")


def test_counts_match_kinds() -> None:
    """counts() agrees with the per-kind tuples and len()."""
    ds = cd.load()
    counts = ds.counts()
    assert len(ds.events) == counts["event"]
    assert len(ds.actors) == counts["actor"]
    assert len(ds) == sum(counts.values())


def test_load_from_path(release_copy: Path) -> None:
    """A release folder on disk loads like the shipped one."""
    assert cd.load().counts() == cd.load(path=release_copy).counts()


def test_tampered_release_is_refused(release_copy: Path) -> None:
    """Changing one byte of a record file makes load() raise IntegrityError naming the file."""
    events = release_copy / "events.jsonl"
    data = bytearray(events.read_bytes())
    data[10:11] = b"X" if data[10:11] != b"X" else b"Y"
    events.write_bytes(bytes(data))
    with pytest.raises(cd.IntegrityError, match=r"events\.jsonl") as info:
        cd.load(path=release_copy)
    assert "events.jsonl" == info.value.file


def test_incomplete_release_is_refused(release_copy: Path) -> None:
    """A listed file that is missing makes load() raise IntegrityError naming it."""
    (release_copy / "actors.jsonl").unlink()
    with pytest.raises(cd.IntegrityError, match="incomplete") as info:
        cd.load(path=release_copy)
    assert "actors.jsonl" == info.value.file


def test_unknown_field_is_located(release_copy: Path) -> None:
    """An unknown field fails with the file, the line, the JSON pointer and the record id."""
    _rewrite_line(release_copy / "events.jsonl", 1, {"colour": "red"})
    _remanifest(release_copy)
    with pytest.raises(cd.DataError) as info:
        cd.load(path=release_copy)
    error = info.value
    assert ("events.jsonl", 2, "/colour") == (error.file, error.line, error.pointer)
    assert cd.load().events[1].id == error.record_id
    assert "unknown field" in str(error)


def test_malformed_field_is_located(release_copy: Path) -> None:
    """A value of the wrong type fails with the pointer of the field."""
    _rewrite_line(release_copy / "events.jsonl", 0, {"factuality": "certain"})
    _remanifest(release_copy)
    with pytest.raises(cd.DataError) as info:
        cd.load(path=release_copy)
    assert ("events.jsonl", 1, "/factuality") == (
        info.value.file,
        info.value.line,
        info.value.pointer,
    )


def test_invalid_json_is_located(release_copy: Path) -> None:
    """A line that is not JSON fails with the file and the line."""
    path = release_copy / "actors.jsonl"
    path.write_bytes(path.read_bytes() + b'{"id": "act-x", \n')
    _remanifest(release_copy)
    with pytest.raises(cd.DataError, match="invalid JSON") as info:
        cd.load(path=release_copy)
    assert len(cd.load().actors) + 1 == info.value.line


def test_folder_without_manifest(tmp_path: Path) -> None:
    """A folder that is not a release is refused with a clear error."""
    with pytest.raises(cd.IntegrityError, match="not a release folder"):
        cd.load(path=tmp_path)


def test_version_and_path_are_exclusive(release_copy: Path) -> None:
    """Giving both version and path is a usage error."""
    with pytest.raises(ValueError, match="either version or path"):
        cd.load(version="1.0.0", path=release_copy)


def _edit_manifest(folder: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor), "utf-8")


@pytest.mark.parametrize("name", ["extra.jsonl", "sources/extra.txt"])
def test_unlisted_file_is_refused(release_copy: Path, name: str) -> None:
    """A data file on disk that the manifest does not list makes load() raise IntegrityError
    naming it: a release holds exactly the files it lists."""
    (release_copy / name).write_text("{}\n", "utf-8")
    with pytest.raises(cd.IntegrityError, match="not listed") as info:
        cd.load(path=release_copy)
    assert name == info.value.file


def test_unlisted_record_file_is_refused(release_copy: Path) -> None:
    """A record file on disk but dropped from the manifest is refused, naming the file."""
    _edit_manifest(
        release_copy,
        lambda d: d.update(resources=[r for r in d["resources"] if r["path"] != "events.jsonl"]),
    )
    with pytest.raises(cd.IntegrityError, match="does not list the event records") as info:
        cd.load(path=release_copy)
    assert "events.jsonl" == info.value.file


def test_hidden_files_are_ignored(release_copy: Path) -> None:
    """Hidden files such as .DS_Store are not part of a release and do not stop loading."""
    (release_copy / ".DS_Store").write_bytes(b"\0")
    (release_copy / "sources" / ".DS_Store").write_bytes(b"\0")
    assert cd.load().content_hash == cd.load(path=release_copy).content_hash


@pytest.mark.parametrize(
    ("field", "value", "pointer"),
    [
        ("path", "../events.jsonl", "/resources/0/path"),
        ("path", "/etc/passwd", "/resources/0/path"),
        ("hash", "md5:0123", "/resources/0/hash"),
        ("bytes", "12", "/resources/0/bytes"),
    ],
)
def test_malformed_resource_is_located(
    release_copy: Path, field: str, value: str, pointer: str
) -> None:
    """A resource with a path outside the release, another hash or no byte count is refused
    with the JSON pointer of the field in datapackage.json."""
    _edit_manifest(release_copy, lambda d: d["resources"][0].update({field: value}))
    with pytest.raises(cd.DataError) as info:
        cd.load(path=release_copy)
    assert ("datapackage.json", pointer) == (info.value.file, info.value.pointer)


def test_resource_listed_twice_is_refused(release_copy: Path) -> None:
    """A file listed twice in the manifest is refused."""
    _edit_manifest(release_copy, lambda d: d["resources"].append(d["resources"][0]))
    with pytest.raises(cd.DataError, match="listed twice"):
        cd.load(path=release_copy)


def test_manifest_needs_a_version(release_copy: Path) -> None:
    """A manifest without a SemVer version is refused, pointing at /version."""
    _edit_manifest(release_copy, lambda d: d.update(version="1.0"))
    with pytest.raises(cd.DataError, match="SemVer") as info:
        cd.load(path=release_copy)
    assert "/version" == info.value.pointer


def test_shipped_folder_must_hold_its_version(
    release_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shipped release whose manifest names another version than its folder is refused."""
    root = release_copy.parent / "releases"
    root.mkdir()
    release_copy.rename(root / "2.0.0")
    monkeypatch.setattr(_release_folder, "releases_root", lambda: root)
    assert ["2.0.0"] == cd.versions()
    with pytest.raises(cd.IntegrityError, match=r"folder 2\.0\.0 says it is version") as info:
        cd.load(version="2.0.0")
    assert "/version" == info.value.pointer


@pytest.mark.parametrize(
    ("text", "error", "message", "code"),
    [
        (b"Cafe\xcc\x81 au lait", cd.DataError, "not in Unicode NFC", "source-text-not-nfc"),
        (b"caf\xe9", cd.DataError, r"not UTF-8 \(byte 4\)", "source-text-not-utf8"),
        (b"a different text", cd.IntegrityError, "not the record's", "source-text-hash"),
    ],
)
def test_bad_source_text_is_refused(
    release_copy: Path, text: bytes, error: type[cd.DataError], message: str, code: str
) -> None:
    """A source text that is not UTF-8, not NFC, or not the text its record hashes is refused,
    naming the text file, the source and the problem's code, even when the manifest was
    regenerated over it."""
    source = cd.load().sources[0]
    (release_copy / source.path).write_bytes(text)
    _remanifest(release_copy)
    with pytest.raises(error, match=message) as info:
        cd.load(path=release_copy)
    assert (source.path, source.id, code) == (
        info.value.file,
        info.value.record_id,
        info.value.code,
    )


def test_resolve_is_the_one_way_to_say_which_release(release_copy: Path) -> None:
    """resolve() takes None (the newest shipped release), a shipped version, a Dataset (as it
    is) or the path of a release folder, as a string or a path."""
    newest = cd.load()
    assert newest.content_hash == _loader.resolve().content_hash
    assert ("1.0.0", newest) == (_loader.resolve("1.0.0").version, _loader.resolve(newest))
    for given in (release_copy, str(release_copy)):
        assert newest.content_hash == _loader.resolve(given).content_hash


def test_resolve_takes_only_versions_as_versions(
    release_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A string that is not a SemVer version is a path, so ``./1.0.0`` is the folder of that
    name, not the shipped version; locate() finds the folder the same way."""
    folder = release_copy.parent / "1.0.0"
    release_copy.rename(folder)
    monkeypatch.chdir(folder.parent)
    assert (Path("./1.0.0"), Path("v1.0.0")) == (
        _loader.locate("./1.0.0"),
        _loader.locate("v1.0.0"),
    )
    assert cd.load().content_hash == _loader.resolve("./1.0.0").content_hash
    with pytest.raises(cd.IntegrityError, match="not a release folder"):
        _loader.resolve("1.0")
    assert _loader.release_dir("1.0.0") == _loader.locate("1.0.0")
