"""The validator's public API: the ``conflictdata.validation`` module and its deprecated old
name, inputs other than files (records in memory, binary streams, standard input), progress
callbacks and the output verbs of reports and issues."""

from __future__ import annotations

import importlib
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import conflictdata as cd
from conflictdata.cli import run
from conflictdata.validation import CODES, Issue, Registry, Report

RELEASE = cd.load(version="1.0.0")
SOURCE = "src-36505e565447df1c"
EVENT = {
    "id": "evt-example-talks",
    "type": "CONSULT",
    "summary": "Officials discuss the war.",
    "factuality": "CT+",
    "evidence": [{"source": SOURCE, "start": 427, "end": 433, "exact": "Russia"}],
}
WRONG = {**EVENT, "id": "evt-example-wrong", "type": "ASSAULT", "mode": "phone"}


def _lines(*records: Any) -> bytes:
    return b"".join(json.dumps(record, ensure_ascii=False).encode() + b"\n" for record in records)


def _where(report: Report) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(i.file, i.line, i.pointer, i.code) for i in report.issues]


# --- the module and its old name ---


def test_the_module_is_conflictdata_validation() -> None:
    """``conflictdata.validation`` is the module (its CODES is the registry) and
    ``conflictdata.validate`` the function."""
    import conflictdata.validation as v

    assert isinstance(v.CODES, Registry)
    assert v.validate is cd.validate or callable(cd.validate)
    assert "conflictdata.validation._report" == Issue.__module__


def test_old_module_names_still_work_with_a_warning() -> None:
    """``from conflictdata.validate import CODES, Report, validate`` and
    ``conflictdata.validate.CODES`` work for one release, each with a DeprecationWarning."""
    with pytest.warns(DeprecationWarning, match="conflictdata.validation.CODES"):
        from conflictdata.validate import CODES as old_codes
    with pytest.warns(DeprecationWarning, match="conflictdata.validation.Report"):
        from conflictdata.validate import Report as old_report
    with pytest.warns(DeprecationWarning, match="conflictdata.validation.validate"):
        from conflictdata.validate import validate as old_validate
    old = importlib.import_module("conflictdata.validate")
    with pytest.warns(DeprecationWarning, match="validation.CODES"):
        assert CODES is old.CODES
    assert (CODES, Report) == (old_codes, old_report)
    assert old_validate(records=[EVENT], release=RELEASE).ok


def test_cd_validate_is_still_the_function_after_the_old_module_is_imported() -> None:
    """Importing ``conflictdata.validate`` rebinds the package attribute to that module; it is
    callable as the function, without a warning, and shows the function's signature."""
    import inspect

    importlib.import_module("conflictdata.validate")
    assert sys.modules["conflictdata.validate"] is cd.validate
    report = cd.validate(records=[EVENT], release=RELEASE)
    assert (True, 1) == (report.ok, report.records)
    assert "release" in inspect.signature(cd.validate).parameters


def test_old_module_has_no_other_names() -> None:
    """A name the old module never had raises AttributeError, without a warning."""
    old = importlib.import_module("conflictdata.validate")
    with pytest.raises(AttributeError, match="nothing"):
        old.nothing  # noqa: B018


@pytest.mark.slow
def test_worker_processes_are_imported_only_for_jobs(
    fresh_python: Callable[..., str], tmp_path: Path
) -> None:
    """Neither importing the package nor validating with one job imports multiprocessing."""
    path = tmp_path / "new.jsonl"
    path.write_bytes(_lines(EVENT))
    code = (
        "import sys, conflictdata as cd; cd.validate(sys.argv[1]);"
        "print(sorted(m for m in ('multiprocessing', 'concurrent.futures.process') if m in sys.modules))"
    )
    assert "[]\n" == fresh_python(code, str(path), strict=True)


# --- inputs: records in memory, streams, standard input ---


def test_records_in_memory_name_a_pseudo_file_and_their_index() -> None:
    """Dicts and model instances in memory are validated as lines of a file: the issues name
    ``<records>`` and the line is the record's 1-based index."""
    event = cd.Event(
        id="evt-example-model",
        type="CONSULT",
        summary="Officials discuss the war.",
        factuality="CT+",
        evidence=(cd.Span(source=SOURCE, start=427, end=433, exact="Russia"),),
    )
    report = cd.validate(records=[EVENT, WRONG, event], release=RELEASE)
    assert ("<records>",) == report.files
    assert 3 == report.records
    assert [("<records>", 2, "/mode", "vocab-mode")] == _where(report)


def test_records_in_memory_refer_to_records_in_files(tmp_path: Path) -> None:
    """Records in memory come after the files, and ids are unique across both."""
    path = tmp_path / "new.jsonl"
    path.write_bytes(_lines(EVENT))
    report = cd.validate(path, records=[EVENT], release=RELEASE)
    assert (str(path), "<records>") == report.files
    assert [("<records>", 1, "/id", "id-duplicate")] == _where(report)


def test_a_record_json_cannot_hold_is_reported() -> None:
    """A record holding a value JSON cannot write is ``record-not-json`` at its index, and the
    records after it keep their index."""
    report = cd.validate(records=[{"id": "evt-x", "when": {1, 2}}, WRONG], release=RELEASE)
    assert 2 == report.records
    assert [
        ("<records>", 1, None, "record-not-json"),
        ("<records>", 2, "/mode", "vocab-mode"),
    ] == _where(report)
    assert "error" == CODES["record-not-json"].severity


def test_a_binary_stream_is_a_file() -> None:
    """A binary stream gets the report the same bytes in a file get, under the stream's name
    (``<stream>`` when it has none)."""
    data = _lines(EVENT, WRONG) + b'{"id": "evt-cut", "type": "AGR'
    report = cd.validate(io.BytesIO(data), release=RELEASE)
    assert [
        ("<stream>", 2, "/mode", "vocab-mode"),
        ("<stream>", 3, None, "json-truncated"),
    ] == _where(report)


def test_a_stream_and_its_file_give_one_report(tmp_path: Path) -> None:
    """A file opened as a binary stream, even with jobs, is reported as the file itself."""
    path = tmp_path / "new.jsonl"
    path.write_bytes(_lines(EVENT, WRONG, {"id": "stm-x"}))
    with path.open("rb") as stream:
        assert cd.validate(path, release=RELEASE) == cd.validate(stream, release=RELEASE, jobs=2)


@pytest.mark.parametrize("buffered", [True, False])
def test_cli_validate_dash_reads_standard_input(buffered: bool) -> None:
    """``conflictdata validate -`` reads standard input (its binary buffer when it has one),
    naming it ``<stdin>``."""
    data = _lines(EVENT, WRONG)
    stdin = io.TextIOWrapper(io.BytesIO(data)) if buffered else io.StringIO(data.decode())
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", "-", "--release", "1.0.0"], stdin=stdin, stdout=out, stderr=err)
    assert (1, "") == (code, err.getvalue())
    assert out.getvalue().startswith("<stdin>:2: /mode: error vocab-mode:")


# --- progress ---


def test_on_progress_is_told_how_far_each_file_is_read(tmp_path: Path) -> None:
    """``on_progress(file, done, total)`` is called as each file starts and after each chunk,
    ending at the file's size; a stream's size is None."""
    path = tmp_path / "new.jsonl"
    path.write_bytes(_lines(EVENT, WRONG))
    calls: list[tuple[str, int, int | None]] = []
    cd.validate(
        path,
        io.BytesIO(b"\n"),
        release=RELEASE,
        on_progress=lambda *call: calls.append(call),
    )
    size = path.stat().st_size
    assert [(str(path), 0, size), (str(path), size, size), ("<stream>", 0, None)] == calls[:3]
    assert ("<stream>", 1, None) == calls[-1]


def test_progress_stream_is_deprecated_but_draws_the_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``progress=`` (a terminal stream) still draws the bar for one release, with a
    DeprecationWarning; giving it and ``on_progress`` is an error."""
    from conflictdata import cli

    clock = iter([0.0, 1.0, 2.0, 3.0])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    path = tmp_path / "new.jsonl"
    path.write_bytes(_lines(EVENT))
    stream = io.StringIO()
    with pytest.warns(DeprecationWarning, match="on_progress"):
        cd.validate(path, release=RELEASE, progress=stream)
    assert f"\r{path}  100% [{'#' * 30}]\n" == stream.getvalue()
    with (
        pytest.warns(DeprecationWarning, match="on_progress"),
        pytest.raises(ValueError, match="not both"),
    ):
        cd.validate(path, release=RELEASE, progress=stream, on_progress=print)


def test_progress_bar_of_a_stream_counts_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a stream of unknown size, the command line's bar shows the bytes read."""
    from conflictdata import cli

    clock = iter([0.0, 1.0])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    bar = cli._ProgressBar(stream)
    bar("<stdin>", 0, None)
    bar("<stdin>", 12_345, None)
    bar.close()
    assert "\r<stdin>  12,345 bytes\n" == stream.getvalue()


# --- output verbs ---


def test_issue_and_report_output_verbs() -> None:
    """Issues and reports have ``to_dict``, ``to_json`` and ``to_text``; an issue's text is its
    ``str``."""
    report = cd.validate(records=[WRONG], release=RELEASE)
    (found,) = report.issues
    assert str(found) == found.to_text()
    assert found.to_dict() == json.loads(found.to_json())
    assert report.to_dict() == json.loads(report.to_json(indent=None))
    assert report.to_text().startswith(found.to_text() + "\n")


def test_format_text_is_a_deprecated_alias() -> None:
    """``Report.format_text()`` is ``to_text()``, with a DeprecationWarning."""
    report = Report(files=("new.jsonl",), records=2, issues=())
    with pytest.warns(DeprecationWarning, match="to_text"):
        assert report.to_text() == report.format_text()


def test_registry_makes_issues_of_its_codes() -> None:
    """``Registry.issue`` gives an issue its code's severity; an unknown code is an error."""
    assert "warning" == CODES.issue("file-empty", "empty", file="a").severity
    assert Issue(code="x-unknown", severity="error", message="m") == CODES.issue("x-unknown", "m")
