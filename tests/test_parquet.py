"""The Parquet export as other engines read it: DuckDB, polars, pandas and Dask read the typed,
flat, hive-partitioned tables with no quoting and no casting; every file of a table has one
schema, which carries the release's version and content hash."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings

import conflictdata as cd
import conflictdata.io as cio
from conflictdata import strategies as cst
from conflictdata.cli import run
from conflictdata.io.parquet import partition_keys

pq = pytest.importorskip("pyarrow.parquet", reason="the arrow extra is in the test extra")


def _files(table: Path) -> list[Path]:
    return sorted(p for p in table.rglob("*.parquet") if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The newest release exported with partitions by year and month."""
    folder = tmp_path_factory.mktemp("parquet") / "out"
    cio.write_parquet(cd.load(), folder, partition_by="year,month")
    return folder


def _dated_2024(ds: cd.Dataset) -> list[str]:
    return sorted(e.id for e in ds.events if e.when.date and e.when.date.startswith("2024"))


def test_no_column_is_a_reserved_word(tmp_path: Path) -> None:
    """No column of any table is a keyword DuckDB reserves, so none needs quoting."""
    import duckdb

    cio.write_parquet(cd.load(), tmp_path / "out")
    keywords = duckdb.sql("select keyword_name, keyword_category from duckdb_keywords()")
    reserved = {name for name, category in keywords.fetchall() if category == "reserved"}
    names = {n for p in (tmp_path / "out").glob("*.parquet") for n in pq.read_schema(p).names}
    assert set() == names & reserved


def test_duckdb_reads_partitions_without_quoting(export: Path) -> None:
    """DuckDB reads the hive partitions, the date bounds as DATE, and plain column names."""
    import duckdb

    ds = cd.load()
    glob = str(export / "events.parquet" / "**" / "*.parquet")
    rows = duckdb.sql(
        f"select id, typeof(date_start), where_country from read_parquet('{glob}', "
        "hive_partitioning = true) where year = 2024 order by id"
    ).fetchall()
    assert _dated_2024(ds) == [row[0] for row in rows]
    assert {"DATE"} == {row[1] for row in rows}


def test_polars_reads_partitions_typed(export: Path) -> None:
    """polars reads vocabularies as categoricals, date bounds as dates, partitions as ints."""
    import polars as pl

    ds = cd.load()
    frame = pl.read_parquet(export / "events.parquet" / "**" / "*.parquet", hive_partitioning=True)
    assert pl.Date == frame.schema["date_start"]
    assert frame.schema["type"] in (pl.Categorical, pl.Enum) or isinstance(
        frame.schema["type"], pl.Categorical
    )
    assert _dated_2024(ds) == sorted(frame.filter(pl.col("year") == 2024)["id"].to_list())
    assert len(ds.events) == frame.height


def test_pandas_reads_the_partitioned_table(export: Path) -> None:
    """pandas reads a partitioned table folder whole, vocabularies as categories."""
    import pandas as pd

    ds = cd.load()
    frame = pd.read_parquet(export / "events.parquet")
    assert sorted(e.id for e in ds.events) == sorted(frame["id"])
    assert "category" == str(frame["factuality"].dtype)
    assert _dated_2024(ds) == sorted(frame[frame["year"] == 2024]["id"])


# Dask's Parquet reader calls reset_index(inplace=True), which pandas 3.1 deprecates.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index is deprecated")
def test_dask_reads_the_partitioned_table(export: Path) -> None:
    """Dask reads a partitioned table folder, and a filter on the year reads its partition."""
    import dask.dataframe as dd

    ds = cd.load()
    frame = dd.read_parquet(export / "events.parquet", filters=[("year", "==", 2024)])
    assert _dated_2024(ds) == sorted(frame["id"].compute())


def test_every_file_has_the_common_schema(export: Path) -> None:
    """Each file of a table has the schema of its ``_common_metadata``, with the release's
    version and content hash."""
    ds = cd.load()
    for table in export.iterdir():
        common = pq.read_schema(table / "_common_metadata")
        assert [common] * len(_files(table)) == [pq.read_schema(f) for f in _files(table)]
        assert ds.version.encode() == common.metadata[b"conflictdata.version"]
        assert ds.content_hash.encode() == common.metadata[b"conflictdata.content_hash"]


def test_partitions_are_by_first_day(export: Path) -> None:
    """Dated records are in the partition of their first day; the rest in year 0, month 0."""
    ds = cd.load()
    table = export / "events.parquet"
    files = [f.relative_to(table).parent.as_posix() for f in _files(table)]
    assert {"year=0/month=0", "year=2024/month=11"} == set(files)
    assert len(ds.events) == sum(pq.read_metadata(f).num_rows for f in _files(table))


def test_partitioned_export_reads_back(export: Path) -> None:
    """A partitioned export reads back to the release's records (in partition order)."""
    ds = cd.load()
    assert sorted(ds, key=lambda r: r.id) == sorted(cio.read_parquet(export), key=lambda r: r.id)


def test_partition_names_are_checked() -> None:
    """Only year, or year and month, are partitions; anything else is refused naming them."""
    assert ("year",) == partition_keys(["year"])
    with pytest.raises(ValueError, match="partition by year or year,month"):
        partition_keys("month")


@settings(max_examples=15)
@given(cst.datasets())
def test_generated_datasets_read_back_partitioned(dataset: cd.Dataset) -> None:
    """Any dataset written with partitions by year and month reads back to its records."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        cio.write_parquet(dataset, Path(folder) / "out", partition_by="year,month")
        back = sorted(cio.read_parquet(Path(folder) / "out"), key=lambda r: r.id)
    assert sorted(dataset, key=lambda r: r.id) == back


def test_cli_partition_by(tmp_path: Path) -> None:
    """``export --format parquet --partition-by year`` writes hive partitions by year; the
    option with another format is a usage error."""
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "out"
    code = run(
        ["export", "--format", "parquet", "--partition-by", "year", "--output", str(target)],
        stdout=out,
        stderr=err,
    )
    assert 0 == code, err.getvalue()
    assert (target / "events.parquet" / "year=2024").is_dir()
    code = run(
        ["export", "--format", "csv", "--partition-by", "year", "--output", str(tmp_path / "c")],
        stdout=out,
        stderr=err,
    )
    assert 2 == code
    assert "--partition-by is for --format parquet" in err.getvalue()
