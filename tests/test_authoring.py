"""The authoring tools: adding a source, anchoring quotes and re-anchoring spans, from Python
and from the command line."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import conflictdata as cd
from conflictdata.authoring import (
    QuoteError,
    add_source,
    anchor,
    anchor_files,
    find_quote,
    reanchor,
    reanchor_files,
)
from conflictdata.cli import run
from conflictdata.exceptions import DataError, MissingExtraError

TEXT = "Officials met in Kyiv on Monday. Russia warned Kyiv. Talks went on.\n"


def _event(*spans: dict[str, Any], id: str = "evt-kyiv-meeting") -> dict[str, Any]:
    return {
        "id": id,
        "type": "CONSULT",
        "summary": "Officials meet.",
        "factuality": "CT+",
        "actors": [{"actor": "act-russia", "role": "participant"}],
        "evidence": list(spans),
    }


def _span(exact: str, **more: Any) -> dict[str, Any]:
    return {"source": "src-report", "exact": exact, **more}


@pytest.fixture
def contribution(tmp_path: Path) -> Path:
    """A folder with a source text and its record in ``new.jsonl``."""
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    code = run(
        ["-q", "add-source", str(tmp_path / "report.txt"), "--append", str(tmp_path / "new.jsonl")]
    )
    assert 0 == code
    return tmp_path / "new.jsonl"


def _append(path: Path, *records: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _cli(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# -- find_quote ----------------------------------------------------------------------------


def test_find_quote_by_context_and_hint() -> None:
    """A quote found once needs nothing more; one found twice is told apart by its prefix, its
    suffix or the start nearest a hint."""
    assert 33 == find_quote(TEXT, "Russia")
    assert 47 == find_quote(TEXT, "Kyiv", prefix="warned ")
    assert 17 == find_quote(TEXT, "Kyiv", suffix=" on")
    assert 47 == find_quote(TEXT, "Kyiv", hint=40)


def test_ambiguous_quote_lists_every_place() -> None:
    """A quote found twice, with a hint as near to both, is an error that lists both places
    with the words around them."""
    with pytest.raises(QuoteError) as info:
        find_quote(TEXT, "Kyiv", hint=32)
    assert "quote-ambiguous" == info.value.code
    assert [(17, 21), (47, 51)] == [(c.start, c.end) for c in info.value.candidates]
    assert '"Officials met in [Kyiv] on Monday. Russia warned…"' == info.value.candidates[0].context
    assert "17-21" in str(info.value)
    assert "47-51" in str(info.value)


def test_missing_quote_names_the_closest_match() -> None:
    """A quote not in the text is an error that names the closest match."""
    with pytest.raises(QuoteError) as info:
        find_quote(TEXT, "Kiev")
    assert ("quote-not-found", [(17, 21)]) == (
        info.value.code,
        [(c.start, c.end) for c in info.value.candidates],
    )
    assert "the closest match is 'Kyiv' at 17-21" in str(info.value)


def test_quote_with_context_that_is_nowhere() -> None:
    """A quote in the text but never with the context given says so, with its places."""
    with pytest.raises(QuoteError, match="never with that prefix and suffix"):
        find_quote(TEXT, "Kyiv", prefix="Moscow ")


# -- anchor ----------------------------------------------------------------------------------


def test_anchor_fills_offsets_and_drops_context() -> None:
    """Spans get start and end; prefix and suffix, which are no fields of a record, go; the
    records given are not changed."""
    given = [_event(_span("Kyiv", prefix="warned "), _span("Officials met"))]
    result = anchor(given, {"src-report": TEXT})
    assert [
        {"source": "src-report", "start": 47, "end": 51, "exact": "Kyiv"},
        {"source": "src-report", "start": 0, "end": 13, "exact": "Officials met"},
    ] == result.records[0]["evidence"]
    assert (2, True, "warned ") == (result.placed, result.ok, given[0]["evidence"][0]["prefix"])


def test_anchor_reports_a_wrong_anchored_span_without_moving_it() -> None:
    """A span with both offsets whose quote is elsewhere is reported, with where the quote
    is, and left as it was."""
    wrong = _span("Russia", start=30, end=36, role="trigger")
    result = anchor([_event(wrong)], {"src-report": TEXT}, file="new.jsonl")
    (problem,) = result.problems
    assert ("span-mismatch", "/evidence/0", 1, "evt-kyiv-meeting") == (
        problem.code,
        problem.where.pointer,
        problem.where.line,
        problem.where.record_id,
    )
    assert "the quote is at 33-39" in problem.message
    assert [wrong] == result.records[0]["evidence"]


def test_anchor_checks_the_context_of_an_anchored_span() -> None:
    """An anchored span whose prefix is not the text before it is reported."""
    span = _span("Kyiv", start=47, end=51, prefix="met in ")
    (problem,) = anchor([_event(span)], {"src-report": TEXT}).problems
    assert "span-mismatch" == problem.code
    assert "prefix or suffix" in problem.message


def test_anchor_without_the_text_names_the_source() -> None:
    """A span of a source whose text is not known is reported at its source."""
    (problem,) = anchor([_event(_span("Kyiv"))], {}).problems
    assert ("text-missing", "/evidence/0/source") == (problem.code, problem.where.pointer)


def test_anchor_file_gives_a_valid_contribution(contribution: Path) -> None:
    """Anchored in place, a contribution written by quoting validates; lines it did not
    change keep their bytes."""
    _append(contribution, _event(_span("Officials met in Kyiv"), _span("Kyiv", suffix=".")))
    first = contribution.read_bytes().splitlines(keepends=True)[0]
    result = anchor_files(contribution, release="1.0.0")
    assert (2, (), (contribution,)) == (result.placed, result.problems, result.written)
    assert first == contribution.read_bytes().splitlines(keepends=True)[0]
    assert () == cd.validate(contribution, release="1.0.0").issues


def test_anchor_file_keeps_lines_that_are_not_records(contribution: Path) -> None:
    """A line that is not JSON is reported and written back as it was."""
    with contribution.open("ab") as out:
        out.write(b'{"id": "evt-cut", "evidence": [\n')
    _append(contribution, _event(_span("Russia")))
    before = contribution.read_bytes().splitlines()[1]
    result = anchor_files(contribution, release="1.0.0")
    assert ["line-not-record"] == [p.code for p in result.problems]
    assert before == contribution.read_bytes().splitlines()[1]
    assert 1 == result.placed


def test_anchor_output_leaves_the_file_alone(contribution: Path, tmp_path: Path) -> None:
    """With an output, the file read is not changed."""
    _append(contribution, _event(_span("Russia")))
    before = contribution.read_bytes()
    anchor_files(contribution, release="1.0.0", output=tmp_path / "anchored.jsonl")
    assert before == contribution.read_bytes()
    assert 33 == _records(tmp_path / "anchored.jsonl")[1]["evidence"][0]["start"]


def test_anchor_command(contribution: Path) -> None:
    """conflictdata anchor prints every problem located and exits 1 while one is left."""
    _append(contribution, _event(_span("Kyiv"), _span("Russia")))
    code, out, _ = _cli("anchor", str(contribution), "--release", "1.0.0")
    assert 1 == code
    assert f"{contribution}:2: /evidence/0/exact: error quote-ambiguous:" in out
    assert out.endswith("anchored 1 spans; 1 left to fix\n")
    code, out, _ = _cli("anchor", str(contribution), "--release", "1.0.0", "--format", "json")
    report = json.loads(out)
    assert (1, 0, ["quote-ambiguous"]) == (
        code,
        report["anchored"],
        [p["code"] for p in report["problems"]],
    )


def test_anchor_command_missing_file(tmp_path: Path) -> None:
    """A file that cannot be read is one error line naming it, never a traceback."""
    code, _, err = _cli("anchor", str(tmp_path / "none.jsonl"))
    assert 1 == code
    assert err.startswith("conflictdata: error: ")
    assert "none.jsonl" in err


# -- add-source ------------------------------------------------------------------------------


def test_add_source_normalises_to_nfc(tmp_path: Path) -> None:
    """A text not in NFC is written normalised, said so, and recorded with the hash of the
    bytes written; the file read is not changed."""
    given = tmp_path / "Café Report.txt"
    given.write_bytes("Cafe\u0301 talks.\n".encode())
    added = add_source(
        given, tmp_path / "out", title="Talks", published="2024-11", url="https://example.org/a"
    )
    written = (tmp_path / "out" / "sources" / "caf-report.txt").read_bytes()
    assert (True, "Caf\u00e9 talks.\n".encode(), "Cafe\u0301 talks.\n".encode()) == (
        added.normalised,
        written,
        given.read_bytes(),
    )
    assert {
        "id": "src-caf-report",
        "language": "en",
        "path": "sources/caf-report.txt",
        "sha256": hashlib.sha256(written).hexdigest(),
        "title": "Talks",
        "url": "https://example.org/a",
        "published": {
            "date": "2024-11",
            "precision": "month",
            "basis": "external",
            "reference": "https://example.org/a",
        },
    } == added.record


@pytest.mark.parametrize(
    ("content", "fields", "message"),
    [
        (b"\xff", {}, "not UTF-8"),
        (b"text", {"id": "src-Bad_Id"}, "is not a source id"),
        (b"text", {"published": "22 Nov 2024", "url": "https://example.org"}, "not a date"),
        (b"text", {"published": "2024-11-22"}, "needs the url"),
    ],
    ids=["not-utf8", "bad-id", "bad-date", "date-without-url"],
)
def test_add_source_refuses(
    tmp_path: Path, content: bytes, fields: dict[str, str], message: str
) -> None:
    """Bad input to add-source is a located DataError, and nothing is written."""
    given = tmp_path / "text.txt"
    given.write_bytes(content)
    with pytest.raises(DataError, match=message):
        add_source(given, tmp_path / "out", **fields)
    assert not (tmp_path / "out").exists()


def test_a_device_is_read_no_further_than_a_text_may_be(tmp_path: Path) -> None:
    """A text file that never ends (a device) is refused once it is longer than a source text
    may be, by add-source and by reanchor alike, and nothing is written."""
    for read in (
        lambda: add_source("/dev/zero", tmp_path / "out", id="src-zero"),
        lambda: reanchor_files("/dev/zero", "/dev/zero", source="src-zero"),
    ):
        with pytest.raises(DataError, match="more than 67108864 bytes") as info:
            read()
        assert "/dev/zero" == info.value.where.file
    assert not (tmp_path / "out").exists()


def test_add_source_command(tmp_path: Path) -> None:
    """The command prints the record, warns when it normalised, and refuses to replace a
    text unless told to."""
    given = tmp_path / "note.txt"
    given.write_bytes("e\u0301\n".encode())
    arguments = ("add-source", str(given), "--folder", str(tmp_path))
    code, out, err = _cli(*arguments)
    assert (0, "src-note") == (code, json.loads(out)["id"])
    assert "was not in Unicode NFC" in err
    assert 1 == _cli(*arguments)[0]
    assert 0 == _cli(*arguments, "--overwrite")[0]


# -- reanchor --------------------------------------------------------------------------------

NEW = "Officials met in Kyiv on Monday morning. Russia warnd Kyiv. Talks went on.\n"


def test_reanchor_moves_and_reports() -> None:
    """A span after a change moves with its words; one whose words changed follows them
    and is reported with the old and the new words; one whose words went is orphaned and
    left as it was."""
    spans = [_span("Russia", start=33, end=39), _span("warned", start=40, end=46)]
    spans.append(_span("Monday.", start=25, end=32))
    gone = dict(_span("Talks went on", start=53, end=66))
    result = reanchor(
        [_event(*spans), _event(gone, id="evt-talks")], TEXT, TEXT[:53] + "\n", source="src-report"
    )
    assert ["span-orphaned"] == [p.code for p in result.problems]
    assert [gone] == result.records[1]["evidence"]
    result = reanchor([_event(*spans)], TEXT, NEW, source="src-report")
    assert [(41, 47, "Russia"), (48, 53, "warnd"), (25, 40, "Monday morning.")] == [
        (s["start"], s["end"], s["exact"]) for s in result.records[0]["evidence"]
    ]
    assert ["quote-changed", "quote-changed"] == [p.code for p in result.problems]
    assert "'warned' to 'warnd'" in result.problems[0].message
    assert (1, True) == (result.placed, result.ok)


def test_reanchor_finds_a_moved_sentence() -> None:
    """A quote of 32 code points or more whose sentence moved is found again by its words; a
    shorter one whose context did not move with it is orphaned, not guessed."""
    new = "Talks went on. " + TEXT[:52] + "\n"
    spans = [_span("Officials met in Kyiv on Monday.", start=0, end=32)]
    spans.append(_span("Talks went on", start=53, end=66))
    result = reanchor([_event(*spans)], TEXT, new, source="src-report")
    assert [15, 53] == [span["start"] for span in result.records[0]["evidence"]]
    assert [("span-orphaned", "/evidence/1")] == [
        (p.code, p.where.pointer) for p in result.problems
    ]


def test_reanchor_files_updates_the_source(contribution: Path, tmp_path: Path) -> None:
    """reanchor finds the source by the hash of the old text, moves the spans, and gives
    the source record the hash of the new text; the result validates once the new text is
    in place."""
    _append(contribution, _event(_span("Russia", start=33, end=39)))
    new = tmp_path / "new.txt"
    new.write_text(NEW, encoding="utf-8")
    old = tmp_path / "sources" / "report.txt"
    result = reanchor_files(old, new, contribution, release="1.0.0")
    assert (1, ()) == (result.placed, result.problems)
    old.write_text(NEW, encoding="utf-8")
    assert () == cd.validate(contribution, release="1.0.0").issues


def test_reanchor_command(contribution: Path, tmp_path: Path) -> None:
    """conflictdata reanchor prints the changed and orphaned spans and exits 1 while a span
    is orphaned; a text not in NFC is an error."""
    _append(contribution, _event(_span("Talks went on", start=53, end=66)))
    new = tmp_path / "cut.txt"
    new.write_text(TEXT[:53] + "\n", encoding="utf-8")
    old = str(tmp_path / "sources" / "report.txt")
    code, out, _ = _cli(
        "reanchor", "--old", old, "--new", str(new), str(contribution), "--release", "1.0.0"
    )
    assert 1 == code
    assert "error span-orphaned" in out
    assert out.endswith("moved 0 spans, 0 with changed words, 1 orphaned; 1 left to fix\n")
    new.write_bytes("Cafe\u0301".encode())
    code, _, err = _cli("reanchor", "--old", old, "--new", str(new), str(contribution))
    assert (1, True) == (code, "not in Unicode NFC" in err)


def test_reanchor_without_the_source(tmp_path: Path) -> None:
    """An old text that no source has is an error asking for the source id."""
    old, new, records = tmp_path / "old.txt", tmp_path / "new.txt", tmp_path / "r.jsonl"
    old.write_text("a", encoding="utf-8")
    new.write_text("b", encoding="utf-8")
    records.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="give the source id"):
        reanchor_files(old, new, records, release="1.0.0")


def test_reanchor_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without diff-match-patch, re-anchoring raises MissingExtraError naming the extra."""
    monkeypatch.setitem(sys.modules, "diff_match_patch", None)
    with pytest.raises(MissingExtraError, match=r'pip install "conflictdata\[authoring\]"'):
        reanchor([], "a", "b", source="src-a")


def test_authoring_import_is_light(fresh_python: Callable[..., str]) -> None:
    """Importing the package, its command line and the authoring tools loads no
    diff-match-patch: only re-anchoring and closest matches do."""
    code = (
        "import sys, conflictdata, conflictdata.cli, conflictdata.authoring\n"
        "assert 'diff_match_patch' not in sys.modules\n"
    )
    fresh_python(code)
