"""conflictdata on a Dask cluster: a real two-worker LocalCluster (processes, loopback only),
started once for the module; the report of a validation on it is the one-process report, and
what its workers read and write is what one process reads and writes."""

from __future__ import annotations

import importlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import importers
from conflictdata import strategies as cst
from conflictdata._codec import encode_record
from conflictdata.exceptions import DataError

distributed = importlib.import_module("distributed")  # in the test extra: never skipped
cdd = importlib.import_module("conflictdata.dask")
reader = importlib.import_module("conflictdata.validation._reader")
on_dask = importlib.import_module("conflictdata.dask._validate")
NO_RELEASE = cd.Dataset([])
GED = Path(__file__).parent / "data" / "ucdp_ged" / "ged191_BGD_MMR_first300.csv"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A client of a two-worker LocalCluster on 127.0.0.1, one thread a worker process."""
    try:
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False},  # distributed 2025.1 starts it otherwise
        )
    except Exception as exc:
        pytest.fail(f"cannot start a two-worker Dask LocalCluster: {exc!r}")
    with cluster, distributed.Client(cluster) as found:
        yield found


def _sorted(records: Any) -> list[cd.Record]:
    return sorted(records, key=lambda record: record.id)


def test_read_release_gives_the_frames_of_the_release(client: Any) -> None:
    """A release read with small partitions is one DataFrame per kind, with every record once
    and the columns of the in-memory frames."""
    ds = cd.load()
    frames = cdd.read_release(blocksize=4000)
    expected = ds.to_pandas()
    for kind, frame in frames.items():
        computed = frame.compute()
        assert list(expected[kind].columns) == list(computed.columns)
        assert sorted(expected[kind]["id"]) == sorted(computed["id"])
    assert 1 < frames.events.npartitions


def test_read_release_refuses_a_changed_release(release_copy: Path) -> None:
    """A release whose files do not match its manifest is refused before any work starts."""
    folder = release_copy
    events = folder / "events.jsonl"
    events.write_bytes(events.read_bytes() + b"\n")
    with pytest.raises(DataError, match="does not match the release manifest"):
        cdd.read_release(folder)


def test_write_parquet_on_the_cluster_reads_back(client: Any, tmp_path: Path) -> None:
    """An export written by the workers (partitioned by year and month) reads back to the
    release's records, with the release's version in every file and the same schema."""
    import pyarrow.parquet as pq

    ds = cd.load()
    count = cdd.write_parquet(
        None, tmp_path / "out", client=client, partition_by="year,month", blocksize=2000
    )
    assert len(ds) == count
    assert _sorted(ds) == _sorted(cd.io.read_parquet(tmp_path / "out"))
    table = tmp_path / "out" / "events.parquet"
    common = pq.read_schema(table / "_common_metadata")
    files = [p for p in table.rglob("*.parquet") if not p.name.startswith("_")]
    assert 1 < len(files)
    assert all(common == pq.read_schema(file) for file in files)
    assert ds.version.encode() == common.metadata[b"conflictdata.version"]


def test_write_parquet_on_the_cluster_unpartitioned(client: Any, tmp_path: Path) -> None:
    """Without partitions each table is a folder of the tasks' part files, read back whole."""
    ds = cd.load()
    cdd.write_parquet(None, tmp_path / "out", client=client, blocksize=4000)
    assert _sorted(ds) == _sorted(cd.io.read_parquet(tmp_path / "out"))


def test_read_parquet_prunes_partitions(client: Any, tmp_path: Path) -> None:
    """A filter on the partition columns reads only the matching partitions' files."""
    ds = cd.load()
    cd.io.write_parquet(ds, tmp_path / "out", partition_by="year")
    frames = cdd.read_parquet(tmp_path / "out", filters=[("year", "==", 2024)])
    expected = sorted(e.id for e in ds.events if e.when.date and e.when.date.startswith("2024"))
    assert expected == sorted(frames.events["id"].compute())


def test_read_parquet_names_a_missing_table(tmp_path: Path) -> None:
    """A folder without one of the tables is refused naming the table."""
    with pytest.raises(DataError, match=re.escape("sources.parquet is missing")):
        cdd.read_parquet(tmp_path)  # any one: the first looked for is the sources table


def test_no_cluster_is_a_clear_error() -> None:
    """Giving a client and an address at once is refused."""
    with pytest.raises(ValueError, match="not both"), cdd.connected(object(), "tcp://x:1"):
        pass


def _write(folder: Path, name: str, lines: list[bytes]) -> Path:
    path = folder / name
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def test_validate_names_files_as_given(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relative paths are read by the workers from this process's folder (by absolute path:
    each worker's own folder stays its own), and issues name the files as they were given,
    as in one process."""
    ds = cd.load()
    lines = [encode_record(r) for r in [*ds.sources, *ds.actors, *ds.events]]
    (tmp_path / "sources").mkdir()
    for source in ds.sources:
        (tmp_path / source.path).write_text(ds.texts[source.id], encoding="utf-8")
    _write(tmp_path, "a.jsonl", [*lines, lines[-1], b"{not json"])
    folders = client.run(os.getcwd)
    monkeypatch.chdir(tmp_path)
    with mock.patch.object(reader, "_BLOCK", 600):
        on_cluster = cdd.validate("a.jsonl", client=client, release=NO_RELEASE)
    alone = cd.validate("a.jsonl", release=NO_RELEASE)
    assert [str(i) for i in alone.issues] == [str(i) for i in on_cluster.issues]
    assert alone == on_cluster
    assert {"a.jsonl"} == {issue.file for issue in on_cluster.issues}
    assert not on_cluster.ok
    assert folders == client.run(os.getcwd)
    assert str(tmp_path) not in folders.values()


def test_row_references_are_checked_from_the_workers_lines(client: Any, tmp_path: Path) -> None:
    """Records resting on rows of a dataset file, checked in chunks on the workers, have
    their row references checked against the file as in one process (the lines that hold
    rows come back from the workers)."""
    imported = importers.read("ucdp-ged", GED)
    output = tmp_path / "imported.jsonl"
    cd.io.write_jsonl(imported, output)
    lines = output.read_bytes().splitlines()
    event = next(at for at, line in enumerate(lines) if line.startswith(b'{"actors"'))
    lines[event] = lines[event].replace(b'"row":2,', b'"row":3,', 1)
    changed = _write(tmp_path, "changed.jsonl", lines)
    alone = cd.validate(changed, dataset_files=[GED])
    with mock.patch.object(reader, "_BLOCK", 4000), mock.patch.object(on_dask, "TASK_CHUNKS", 3):
        on_cluster = cdd.validate(changed, client=client, dataset_files=[GED])
    assert alone == on_cluster
    assert ["row-id-mismatch"] == [i.code for i in on_cluster.issues if i.severity == "error"]


@st.composite
def _contributions(draw: st.DrawFn) -> tuple[list[bytes], list[bytes], dict[str, bytes]]:
    """Two files of a generated dataset's lines, shuffled across both (references forward and
    into the other file), some repeated (ids twice, also across files), some dropped
    (references to nothing), some replaced by a record with one change; with the texts of
    the sources, one perhaps changed."""
    dataset = draw(cst.datasets())
    texts = {source.path: dataset.texts[source.id].encode("utf-8") for source in dataset.sources}
    lines = [encode_record(record) for record in dataset]
    lines += draw(st.lists(st.sampled_from(lines), max_size=3))
    lines = draw(st.permutations(lines))
    dropped = set(draw(st.lists(st.integers(0, len(lines) - 1), max_size=2)))
    lines = [line for at, line in enumerate(lines) if at not in dropped]
    for at in draw(st.lists(st.integers(0, max(len(lines) - 1, 0)), max_size=2)):
        if lines:
            lines[at] = json.dumps(draw(cst.mutations()).instance).encode("utf-8")
    if texts and draw(st.booleans()):
        path = draw(st.sampled_from(sorted(texts)))
        texts[path] = b"changed: " + texts[path]
    cut = draw(st.integers(0, len(lines)))
    return lines[:cut], lines[cut:], texts


@settings(
    max_examples=10,  # each example is a run on the cluster: about a second
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_contributions(), st.integers(200, 3000), st.integers(1, 4))
def test_cluster_report_is_the_one_process_report(
    client: Any,
    tmp_path_factory: pytest.TempPathFactory,
    contribution: tuple[list[bytes], list[bytes], dict[str, bytes]],
    block: int,
    task_chunks: int,
) -> None:
    """Whatever the records (valid, changed, repeated within and across files, referring
    forward and across files), and however the files are cut into chunks and the chunks
    into tasks spread over the workers, the report on the cluster is the report of one
    process."""
    first, second, texts = contribution
    folder = tmp_path_factory.mktemp("contribution")
    for name, text in texts.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(text)
    files = [_write(folder, "a.jsonl", first), _write(folder, "b.jsonl", second)]
    alone = cd.validate(*files, release=NO_RELEASE)
    with (
        mock.patch.object(reader, "_BLOCK", block),
        mock.patch.object(on_dask, "TASK_CHUNKS", task_chunks),
    ):
        on_cluster = cdd.validate(*files, client=client, release=NO_RELEASE)
    assert alone == on_cluster


def test_cluster_report_against_the_release(client: Any, tmp_path: Path) -> None:
    """Records that repeat and refer to the shipped release are reported as in one process."""
    ds = cd.load()
    event = ds.events[0]
    again = attrs.evolve(event, summary=event.summary + " Again.")
    path = _write(tmp_path, "new.jsonl", [encode_record(again)] * 3)
    with mock.patch.object(reader, "_BLOCK", 200):
        on_cluster = cdd.validate(path, client=client)
    assert cd.validate(path) == on_cluster
    assert not on_cluster.ok
