"""A release's columnar form: built from the JSON Lines, it gives the same records, texts and
answers as decoding every line, decodes only what is read, and is left aside when it does not
describe the files."""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.test_filter_algebra import criteria

import conflictdata as cd
from conflictdata import _columnar, cli, strategies
from conflictdata._codec import encode_record
from conflictdata._columns import ColumnarStore
from conflictdata._release_folder import record_filename
from conflictdata.exceptions import ColumnsWarning, IntegrityError
from conflictdata.release import write_columns, write_manifest
from conflictdata.vocab import RECORD_KINDS


def _write_release(ds: cd.Dataset, folder: Path) -> Path:
    """``ds`` as a release folder: one JSON Lines file per kind, the texts, a manifest."""
    (folder / "sources").mkdir(parents=True)
    for kind in RECORD_KINDS:
        lines = b"".join(encode_record(r) + b"\n" for r in ds.records(kind))
        (folder / record_filename(kind)).write_bytes(lines)
    for source in ds.sources:
        (folder / source.path).write_bytes(ds.texts[source.id].encode("utf-8"))
    write_manifest(folder, {"name": "conflictdata-test", "version": "0.0.1"})
    return folder


def _remanifest(folder: Path) -> None:
    metadata = json.loads((folder / "datapackage.json").read_text("utf-8"))
    metadata.pop("resources")
    write_manifest(folder, metadata)


@pytest.fixture
def columned(tmp_path: Path) -> Path:
    """The newest shipped release as a folder with its columnar form."""
    folder = _write_release(cd.load(), tmp_path / "release")
    write_columns(folder)
    return folder


def _lazy(folder: Path) -> cd.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ColumnsWarning)
        ds = cd.load(path=folder)
    assert isinstance(ds._store, ColumnarStore)
    return ds


@settings(max_examples=25)
@given(strategies.datasets(), st.data())
def test_columns_agree_with_the_lines(ds: cd.Dataset, data: st.DataObject) -> None:
    """For any generated dataset written as a release, the columns built from its lines give
    the records, ids, texts, query table and filter answers that decoding every line gives."""
    # A release folder skips hidden files (.DS_Store), so it cannot ship a text named so.
    assume(not any(s.path.split("/")[-1].startswith(".") for s in ds.sources))
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write_release(ds, Path(tmp) / "release")
        write_columns(folder)
        lazy, eager = _lazy(folder), cd.load(path=folder, columns=False)
        assert lazy.content_hash == eager.content_hash
        assert list(lazy.records()) == list(eager.records())
        assert dict(lazy.texts) == dict(eager.texts)
        assert all(lazy.get(r.id) == r for r in eager)
        assert lazy._store.query_table().table.equals(
            _columnar.QueryTable.of_records(eager._store).table
        )
        criterion = data.draw(criteria(eager))
        with mock.patch.object(_columnar, "COLUMNAR_FROM", 1):
            in_columns = lazy.filter(criterion)
        by_record = eager.filter(criterion)
        assert [r.id for r in in_columns] == [r.id for r in by_record]
        assert dict(in_columns.texts) == dict(by_record.texts)


def test_only_what_is_read_is_decoded(columned: Path) -> None:
    """Loading, filtering and counting decode no record; reading a subset's events decodes
    those events only, once."""
    ds = _lazy(columned)
    decoded = ds._store._cache
    with mock.patch.object(_columnar, "COLUMNAR_FROM", 1):
        sub = ds.filter(type="CONSULT")
    assert sub.counts()["event"] > 0
    assert sub.counts() == cd.load().filter(type="CONSULT").counts()
    assert decoded.count(None) == len(ds)
    events = sub.events
    assert len(ds) - decoded.count(None) == len(events)
    assert sub.events is events
    assert ds.get(events[0].id) is events[0]


def test_stale_columns_are_left_aside(columned: Path) -> None:
    """After a record changes (and the manifest with it), the columns no longer describe the
    files: load warns, and decodes the lines, so the changed record is what it gives."""
    events = columned / "events.jsonl"
    first, *rest = events.read_text("utf-8").splitlines(keepends=True)
    record = json.loads(first)
    record["summary"] = "A changed summary."
    events.write_text(json.dumps(record) + "\n" + "".join(rest), "utf-8")
    _remanifest(columned)
    with pytest.warns(ColumnsWarning, match="content hash"):
        ds = cd.load(path=columned)
    assert ds.get(record["id"]).summary == "A changed summary."


@pytest.mark.parametrize("damage", ["flip", "format", "truncate"])
def test_damaged_columns_are_left_aside(columned: Path, damage: str) -> None:
    """A columns file that is not the one its description names, of another format, or cut
    short is left aside with a warning; the release still loads, from its lines."""
    table = columned / ".columns" / "records.arrow"
    sidecar = columned / ".columns" / "columns.json"
    if damage == "flip":
        data = bytearray(table.read_bytes())
        data[len(data) // 2] ^= 0xFF
        table.write_bytes(bytes(data))
    elif damage == "format":
        described = json.loads(sidecar.read_text("utf-8"))
        sidecar.write_text(json.dumps({**described, "format": 99}), "utf-8")
    else:
        sidecar.write_text("{", "utf-8")
    with pytest.warns(ColumnsWarning):
        ds = cd.load(path=columned)
    assert list(ds.records()) == list(cd.load().records())


def test_a_line_changed_after_loading_is_refused(columned: Path) -> None:
    """A record's line rewritten (same length) after the release was loaded is not decoded:
    the error names the file and the line."""
    ds = _lazy(columned)
    events = columned / "events.jsonl"
    data = bytearray(events.read_bytes())
    at = data.index(b'"summary":"') + len(b'"summary":"')
    data[at] = ord("X") if data[at] != ord("X") else ord("Y")
    with events.open("r+b") as handle:  # in place: the loaded release holds this file open
        handle.write(bytes(data))
    with pytest.raises(IntegrityError) as error:
        ds.events  # noqa: B018
    assert (error.value.file, error.value.line) == ("events.jsonl", 1)


def test_a_changed_line_is_refused_at_load(columned: Path) -> None:
    """With the manifest not updated, a changed line fails the release's own check, as
    without columns."""
    events = columned / "events.jsonl"
    events.write_bytes(events.read_bytes().replace(b"Macron", b"Micron", 1))
    with pytest.raises(IntegrityError) as error:
        cd.load(path=columned)
    assert error.value.file == "events.jsonl"


def test_load_can_be_told_to_decode_every_line(columned: Path) -> None:
    ds = cd.load(path=columned, columns=False)
    assert not isinstance(ds._store, ColumnarStore)
    assert list(ds.records()) == list(_lazy(columned).records())


def test_the_command_writes_the_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``conflictdata release columns FOLDER`` writes the columns; a folder that is no
    release is a one-line error."""
    folder = tmp_path / "release"
    shutil.copytree(_write_release(cd.load(), tmp_path / "made"), folder)
    assert cli.run(["release", "columns", str(folder)]) == 0
    assert "records.arrow" in capsys.readouterr().err
    assert isinstance(_lazy(folder)._store, ColumnarStore)
    assert cli.run(["release", "columns", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("conflictdata: error:")
    assert err.count("\n") == 1
