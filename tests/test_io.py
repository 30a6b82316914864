"""conflictdata.io: round trips, atomic and refusing writes, located errors, dispatch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from importlib.resources import as_file
from pathlib import Path

import attrs
import pytest

import conflictdata as cd
import conflictdata.io as cio
from conflictdata._loader import release_dir
from conflictdata._release_folder import record_filename
from conflictdata.exceptions import DataError
from conflictdata.vocab import RECORD_KINDS

READABLE = ("jsonl", "json", "csv", "parquet")
NAMES = {
    "jsonl": "out.jsonl",
    "json": "out.json",
    "csv": "out",
    "parquet": "out",
    "geojson": "out.geojson",
    "annotations": "out.jsonld",
}


def _target(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / NAMES[fmt]


def _write(records: cio.Records, target: Path, fmt: str, **options: object) -> cio.Written:
    """Write in format ``fmt``, giving annotations the shipped texts."""
    if fmt == "annotations":
        options.setdefault("texts", cd.load().texts)
    return cio.write(records, target, fmt, **options)


def _bad_event() -> cd.Event:
    """A record that breaks the contract: its id has a space."""
    return attrs.evolve(cd.load().events[0], id="evt-bad id")


@pytest.mark.parametrize("fmt", READABLE)
def test_shipped_dataset_round_trips(tmp_path: Path, fmt: str) -> None:
    """Every shipped record comes back equal, in release order, from each readable format."""
    ds = cd.load()
    target = _target(tmp_path, fmt)
    written = cio.write(ds, target, fmt)
    assert (len(ds), ()) == (written.records, written.skipped)
    assert list(ds) == list(cio.read(target, fmt))


def test_jsonl_is_the_release_encoding(tmp_path: Path) -> None:
    """A dataset written as JSON Lines is byte for byte the release's record files, in order."""
    target = tmp_path / "all.jsonl"
    cio.write_jsonl(cd.load(), target)
    with as_file(release_dir()) as folder:
        expected = b"".join((folder / record_filename(kind)).read_bytes() for kind in RECORD_KINDS)
    assert expected == target.read_bytes()


def test_read_jsonl_reads_a_release_file() -> None:
    """A release's per-kind file reads as it is."""
    with as_file(release_dir()) as folder:
        assert list(cd.load().events) == list(cio.read_jsonl(folder / "events.jsonl"))


@pytest.mark.parametrize("fmt", cio.FORMATS)
def test_existing_output_is_kept(tmp_path: Path, fmt: str) -> None:
    """Without overwrite, an existing file or folder is refused and left as it was."""
    target = _target(tmp_path, fmt)
    target.mkdir() if fmt in ("csv", "parquet") else target.write_bytes(b"keep")
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(FileExistsError):
        cio.write(cd.load(), target, fmt)
    assert before == sorted(tmp_path.rglob("*"))
    if target.is_file():
        assert b"keep" == target.read_bytes()


@pytest.mark.parametrize("fmt", cio.FORMATS)
def test_overwrite_replaces(tmp_path: Path, fmt: str) -> None:
    """With overwrite, a second write replaces the first and leaves no temporary files."""
    target = _target(tmp_path, fmt)
    ds = cd.load()
    _write(list(ds)[:3], target, fmt)
    _write(ds, target, fmt, overwrite=True)
    assert [target] == list(tmp_path.iterdir())
    if fmt in READABLE:
        assert list(ds) == list(cio.read(target, fmt))


@pytest.mark.parametrize("fmt", cio.FORMATS)
def test_bad_record_writes_nothing(tmp_path: Path, fmt: str) -> None:
    """A record that breaks the contract raises a DataError naming it; nothing is left behind."""
    records = [*cd.load(), _bad_event()]
    with pytest.raises(DataError) as info:
        _write(records, _target(tmp_path, fmt), fmt)
    assert ("evt-bad id", "/id") == (info.value.record_id, info.value.pointer)
    assert [] == list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", cio.FORMATS)
def test_failing_input_writes_nothing(tmp_path: Path, fmt: str) -> None:
    """An error raised by the records' iterator midway leaves neither output nor temporary files."""

    def records() -> Iterator[cd.Record]:
        yield from cd.load()
        raise RuntimeError("source went away")

    with pytest.raises(RuntimeError):
        _write(records(), _target(tmp_path, fmt), fmt)
    assert [] == list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_overwrite_spares_a_folder_of_other_files(tmp_path: Path, fmt: str) -> None:
    """overwrite replaces an export folder, never a folder holding files it did not write."""
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.tex").write_text("years of work", "utf-8")
    with pytest.raises(FileExistsError, match=r"thesis\.tex"):
        cio.write(cd.load(), target, fmt, overwrite=True)
    assert ["thesis.tex"] == [p.name for p in target.iterdir()]


@pytest.mark.parametrize("fmt", cio.FORMATS)
def test_outputs_have_ordinary_permissions(tmp_path: Path, fmt: str) -> None:
    """Written files and folders get the umask's permissions, not a temporary file's 0600."""
    mask = os.umask(0o022)
    os.umask(mask)
    target = _target(tmp_path, fmt)
    cio.write(cd.load(), target, fmt)
    files = list(target.rglob("*")) if target.is_dir() else [target]
    assert {0o666 & ~mask} == {p.stat().st_mode & 0o777 for p in files}
    if target.is_dir():
        assert 0o777 & ~mask == target.stat().st_mode & 0o777


@pytest.mark.parametrize(
    ("change", "pointer", "message"),
    [
        ({"where": cd.Location(name="X", lat=float("nan"), lon=1.0)}, "/where/lat", "change"),
        ({"context": ["military"]}, "/context", "change"),
        ({"summary": "half a pair \ud800"}, None, "surrogate"),
        ({"summary": ""}, "/summary", "length"),
        ({"factuality": "certain"}, "/factuality", "Invalid enum value"),
    ],
)
def test_unwritable_values_are_refused(
    tmp_path: Path, change: dict[str, object], pointer: str | None, message: str
) -> None:
    """Values the models forbid or JSON cannot hold unchanged raise a DataError with the
    record id and the pointer; JSON Lines names the line it would have written."""
    event = attrs.evolve(cd.load().events[0], **change)
    with pytest.raises(DataError, match=message) as info:
        cio.write_jsonl([cd.load().sources[0], event], tmp_path / "x.jsonl")
    assert (event.id, pointer, 2) == (info.value.record_id, info.value.pointer, info.value.line)


def test_not_a_record_is_refused(tmp_path: Path) -> None:
    """Anything but a record raises a DataError, not a TypeError from deep inside."""
    with pytest.raises(DataError, match="not a record: dict"):
        cio.write_json([{"id": "evt-a"}], tmp_path / "x.json")


def test_parquet_refuses_integers_beyond_64_bits(tmp_path: Path) -> None:
    """An offset JSON can hold but Parquet's int64 cannot is refused with the record id."""
    event = cd.load().events[0]
    span = attrs.evolve(event.evidence[0], start=2**64, end=2**64 + 1, exact="x")
    with pytest.raises(DataError, match="Parquet") as info:
        cio.write_parquet([attrs.evolve(event, evidence=(span,))], tmp_path / "out")
    assert event.id == info.value.record_id
    assert [] == list(tmp_path.iterdir())


def test_format_of() -> None:
    """Suffixes name single-file formats; folders need format= to write."""
    assert ["jsonl", "json", "geojson", "annotations", "csv"] == [
        cio.format_of("a.jsonl"),
        cio.format_of("a.JSON"),
        cio.format_of("a.geojson"),
        cio.format_of("a.jsonld"),
        cio.format_of("events.csv", reading=True),
    ]
    for path in ("a.txt", "folder", "a.csv"):
        with pytest.raises(ValueError, match="give format="):
            cio.format_of(path)


def test_read_tells_folders_by_their_tables(tmp_path: Path) -> None:
    """read() of a folder picks CSV or Parquet by the tables in it."""
    ds = cd.load()
    cio.write(ds, tmp_path / "c", "csv")
    cio.write(ds, tmp_path / "p", "parquet")
    assert ["csv", "parquet"] == [
        cio.format_of(tmp_path / "c", reading=True),
        cio.format_of(tmp_path / "p", reading=True),
    ]
    assert list(ds) == list(cio.read(tmp_path / "p"))
    with pytest.raises(ValueError, match="cannot tell"):
        cio.read(tmp_path)


def test_write_only_formats_are_not_read(tmp_path: Path) -> None:
    """GeoJSON and annotations are views: reading them is refused with a clear message."""
    with pytest.raises(ValueError, match="written, not read"):
        cio.read(tmp_path / "a.geojson")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "geojson", "annotations"])
def test_dump_matches_the_file(tmp_path: Path, fmt: str) -> None:
    """dump() writes to a stream exactly what write() puts in a file."""
    import io

    ds = cd.load()
    stream = io.StringIO()
    cio.dump(ds, stream, fmt)
    target = _target(tmp_path, fmt)
    cio.write(ds, target, fmt)
    assert target.read_text("utf-8") == stream.getvalue()


def test_dump_refuses_folder_formats() -> None:
    """CSV and Parquet are folders: they cannot go to a stream."""
    import io

    with pytest.raises(ValueError, match="stream"):
        cio.dump(cd.load(), io.StringIO(), "csv")


def test_import_stays_light(fresh_python: Callable[..., str]) -> None:
    """Importing conflictdata and conflictdata.io loads neither pandas nor pyarrow."""
    code = (
        "import sys, conflictdata, conflictdata.io; "
        "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    )
    assert "[]" == fresh_python(code).strip()
