"""Selecting from a Parquet export and exporting Dask frames on a real two-worker LocalCluster
(processes, loopback only): the records are those :func:`conflictdata.filters.select` gives,
date criteria read only the partitions that may hold a match, and frames written by the
workers read back as the records they held."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_filter_algebra import criteria, datasets

import conflictdata as cd
from conflictdata import filters as f
from conflictdata.exceptions import DataError, InvalidCriterionError
from conflictdata.io import read_parquet, write_parquet
from conflictdata.io.parquet import arrow_schema

distributed = importlib.import_module("distributed")  # in the test extra: never skipped
cdd = importlib.import_module("conflictdata.dask")
# The benchmark's counting file system, imported by its module's name so that the workers
# (which inherit this process's sys.path) import it too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
bench = importlib.import_module("bench_dask_filter")

KINDS = ("source", "actor", "event", "statement", "implication")


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
            scheduler_kwargs={"dashboard": False},
        )
    except Exception as exc:
        pytest.fail(f"cannot start a two-worker Dask LocalCluster: {exc!r}")
    with cluster, distributed.Client(cluster) as found:
        yield found


def _ids(client: Any, frames: Any) -> dict[str, list[str]]:
    """The ids of each kind's frame, computed on the cluster, sorted."""
    computed = client.gather(client.compute([frames[kind]["id"] for kind in KINDS]))
    return {kind: sorted(ids) for kind, ids in zip(KINDS, computed, strict=True)}


def _expected(ds: cd.Dataset, criterion: f.Criterion) -> dict[str, list[str]]:
    chosen = f.select(ds, criterion)
    return {kind: sorted(r.id for r in chosen if r.kind == kind) for kind in KINDS}


def _answerable(ds: cd.Dataset) -> st.SearchStrategy[f.Criterion]:
    """Criteria the export's columns answer, besides the vocabularies and dates."""
    root = ds.release  # the ids a criterion may name
    ids = [r.id for r in root] or ["evt-none"]
    sources = [s.id for s in root.sources] or ["src-none"]
    return st.one_of(
        st.lists(st.sampled_from(ids), min_size=1, max_size=3).map(lambda v: f.Id(*v)),
        st.lists(st.sampled_from(sources), min_size=1, max_size=2).map(lambda v: f.Source(*v)),
        st.sampled_from(["UKR", "RUS", "USA"]).map(lambda c: f.Country(c, via="place")),
        st.sampled_from([f.Likelihood(quantified=True), f.Likelihood(scale="ICD-203")]),
    )


def _refused(criterion: f.Criterion) -> list[f.Criterion]:
    """The leaves of ``criterion`` that the export's columns cannot answer."""
    if isinstance(criterion, f.And | f.Or):
        return [leaf for part in criterion.parts for leaf in _refused(part)]
    if isinstance(criterion, f.Not):
        return _refused(criterion.part)
    if isinstance(criterion, f.Actor | f.Text | f.Satisfies):
        return [criterion]
    return [criterion] if isinstance(criterion, f.Country) and criterion.via != "place" else []


@settings(max_examples=min(settings().max_examples, 10))
@given(st.data())
def test_select_gives_the_records_filters_select_gives(client: Any, data: st.DataObject) -> None:
    """For generated datasets exported in each partitioning, and criteria composed with &, |
    and ~, the records of each kind selected through Dask are those
    :func:`conflictdata.filters.select` gives; a criterion with a part the columns cannot
    answer is refused, naming that part."""
    ds = data.draw(datasets())
    partition_by = data.draw(st.sampled_from([None, "year", "year,month"]))
    leaves = criteria(ds, depth=2) | _answerable(ds)
    both = st.tuples(leaves, _answerable(ds)).map(lambda pair: pair[0] | ~pair[1])
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "export"
        write_parquet(ds, folder, partition_by=partition_by)
        for _ in range(3):
            criterion = data.draw(leaves | both)
            refused = _refused(criterion)
            if refused:
                with pytest.raises(InvalidCriterionError) as error:
                    cdd.select(folder, criterion)
                assert any(repr(leaf) in str(error.value) for leaf in refused)
                continue
            assert _expected(ds, criterion) == _ids(client, cdd.select(folder, criterion))


def _spread(ds: cd.Dataset) -> cd.Dataset:
    """The shipped dataset with its events (but one dated by an interval) moved to the 1st
    of months from January 2023 on, one month an event, so that they fill many partitions."""
    events = [r for r in ds.events if "/" not in (r.when.date or "")]
    moved = {}
    for number, event in enumerate(events):
        day = dt.date(2023 + number // 12, number % 12 + 1, 1).isoformat()
        moved[event.id] = attrs.evolve(event, when=attrs.evolve(event.when, date=day))
    return cd.Dataset([moved.get(r.id, r) for r in ds], version=ds.version)


@pytest.mark.parametrize(
    ("question", "months"),
    [
        ({"during": "2023-03", "date_match": "within"}, lambda y, m: (y, m) == (2023, 3)),
        ({"during": "2023-03"}, lambda y, m: (y, m) <= (2023, 3)),  # year 0 among them
        (
            {"during": ("2023-03-01", None), "date_match": "within"},
            lambda y, m: (y, m) >= (2023, 3),
        ),
        ({"type": "MOBILIZE", "kind": "statement"}, lambda y, m: False),
    ],
)
def test_select_reads_only_the_partitions_it_needs(
    client: Any, tmp_path: Path, question: Any, months: Any
) -> None:
    """Date criteria read only the event partitions whose first days can match, counted as
    the files opened in this process and on the workers; a criterion no event can meet reads
    none; the records are those the whole dataset gives."""
    ds = _spread(cd.load())
    folder = tmp_path / "export"
    write_parquet(ds, folder, partition_by="year,month")
    table = folder / "events.parquet"
    files = sorted(table.rglob("part-*.parquet"))
    assert 10 < len(files)
    log = tmp_path / "opened.log"
    frames = cdd.select(
        folder, options={"filesystem": bench.CountingFileSystem(str(log))}, **question
    )
    events = client.compute(frames.events).result()
    expected = sorted(
        str(file)
        for file in files
        if months(*(int(part.split("=")[1]) for part in file.relative_to(table).parts[:2]))
    )
    opened = [name for name in bench.files_opened(log) if "/events.parquet/" in name]
    assert expected == opened
    assert sorted(r.id for r in f.select(ds, **question) if r.kind == "event") == sorted(
        events["id"]
    )


def test_a_criterion_the_columns_cannot_answer_is_refused(tmp_path: Path) -> None:
    """Actors by name, words, Python functions and countries by actor are refused, naming the
    criterion, as is filters= (the criteria make the filters)."""
    folder = tmp_path / "export"
    write_parquet(cd.load(), folder)
    for criterion in (f.Actor("Biden"), f.Text("missile"), f.Country("UKR"), f.Satisfies(bool)):
        with pytest.raises(InvalidCriterionError, match=f"^{re.escape(repr(criterion))}"):
            cdd.select(folder, f.Kind("event") & ~criterion)
    with pytest.raises(ValueError, match="filters"):
        cdd.select(folder, options={"filters": [("year", "==", 2024)]}, type="ASSAULT")
    with pytest.raises(DataError, match=r"sources\.parquet is missing"):
        cdd.select(tmp_path, type="ASSAULT")


def test_write_parquet_exports_dask_frames(client: Any, tmp_path: Path) -> None:
    """Frames selected on the cluster, written by the workers by year, read back as the
    selected records, in the export's schema with no release version; the input export is
    unchanged."""
    import pyarrow.parquet as pq

    ds = cd.load()
    source = tmp_path / "export"
    write_parquet(ds, source, partition_by="year,month")
    before = sorted((p, p.read_bytes()) for p in source.rglob("*") if p.is_file())
    out = tmp_path / "selected"
    written = cdd.write_parquet(
        cdd.select(source, during="2024-11"), out, client=client, partition_by="year"
    )
    expected = sorted(r.id for r in f.select(ds, during="2024-11"))
    assert len(expected) == written
    assert expected == sorted(r.id for r in read_parquet(out))
    assert before == sorted((p, p.read_bytes()) for p in source.rglob("*") if p.is_file())
    for kind in KINDS:
        schema = pq.read_schema(
            out / f"{cd.models.RECORD_CLASSES[kind].plural}.parquet" / "_common_metadata"
        )
        assert arrow_schema(kind) == schema
        assert b"conflictdata.version" not in schema.metadata


def test_write_parquet_refuses_frames_with_other_columns(client: Any, tmp_path: Path) -> None:
    """A frame with a column missing or one too many is refused before any work, naming the
    kind and the columns, and nothing is written."""
    source = tmp_path / "export"
    write_parquet(cd.load(), source)
    frames = cdd.read_parquet(source)
    out = tmp_path / "out"
    dropped = attrs.evolve(frames, events=frames.events.drop(columns=["summary"]))
    with pytest.raises(DataError, match=r"events frame: .*missing \['summary'\]"):
        cdd.write_parquet(dropped, out, client=client)
    added = attrs.evolve(frames, actors=frames.actors.assign(extra=1))
    with pytest.raises(DataError, match=r"actors frame: .*unknown \['extra'\]"):
        cdd.write_parquet(added, out, client=client)
    assert not out.exists()
    assert [] == [p for p in tmp_path.iterdir() if p.name.startswith(".out")]
