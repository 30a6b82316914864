"""The validator of contributed records: every problem, exactly located, never a traceback."""

from __future__ import annotations

import hashlib
import importlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import cli
from conflictdata._codec import encode_record, kind_of_id
from conflictdata._schema import load_schema
from conflictdata.cli import run
from conflictdata.models import RECORD_CLASSES
from conflictdata.strategies import datasets, records
from conflictdata.validation import CODES, Issue, Report, validate
from conflictdata.validation._crossref_bulk import BulkChecker, ChunkFacts
from conflictdata.validation._errors_page import errors_page, run_example
from conflictdata.validation._json_layer import MAX_LINE_BYTES, parse_strict
from conflictdata.validation._schema_fast import decode_fast
from conflictdata.validation._schema_layer import WORDED_KEYWORDS, keyword_code, to_struct
from conflictdata.vocab import RECORD_KINDS

reader = importlib.import_module("conflictdata.validation._reader")
RELEASE = cd.load(version="1.0.0")
SOURCE = "src-36505e565447df1c"
TEXT = "Café talks began on Monday, a day after the strike.\n"

Write = Callable[..., Path]


@pytest.fixture
def contribute(tmp_path: Path) -> Write:
    """Write a contributed file of the given lines (dicts become JSON), with files beside it."""

    def write(*lines: dict[str, Any] | str | bytes, files: dict[str, bytes] | None = None) -> Path:
        path = tmp_path / "new.jsonl"
        data = b""
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line, ensure_ascii=False)
            data += (line if isinstance(line, bytes) else line.encode()) + b"\n"
        path.write_bytes(data)
        for name, content in (files or {}).items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(content)
        return path

    return write


def new_source() -> dict[str, Any]:
    return {
        "id": "src-new-article",
        "language": "en",
        "path": "sources/new-article.txt",
        "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "url": "https://example.org/new-article",
    }


def new_records() -> list[dict[str, Any]]:
    """A valid contribution of every kind: a new source (its text beside the file), records
    quoting it and the release's text, references within the file (one forward) and to the
    release."""
    talks = {"source": "src-new-article", "start": 0, "end": 10, "exact": "Café talks"}
    records = [
        {
            "id": "stm-new-talks",
            "speaker_text": "officials",
            "attribution": "reported",
            "cue": "say",
            "speech_act": "claim",
            "content": "Talks began.",
            "about": ["evt-new-talks"],
            "evidence": [talks],
        },
        new_source(),
        {
            "id": "act-new-delegation",
            "name": "The delegation",
            "type": "group",
            "evidence": [{"source": SOURCE, "start": 427, "end": 433, "exact": "Russia"}],
        },
        {
            "id": "evt-new-talks",
            "type": "CONSULT",
            "mode": "multilateral",
            "summary": "Talks begin, a day after the Oreshnik test.",
            "actors": [{"actor": "act-new-delegation", "role": "initiator"}],
            "when": {
                "date": "2024-11-22",
                "precision": "day",
                "basis": "derived",
                "anchor": "evt-oreshnik-test",
                "offset_days": 1,
            },
            "factuality": "CT+",
            "evidence": [talks, {**talks, "start": 28, "end": 39, "exact": "a day after"}],
        },
        {
            "id": "imp-new-talks-may-fail",
            "proposition": "the talks fail",
            "holder": "act-russia",
            "cue": "likely",
            "likelihood": {
                "verbal": "likely",
                "scale": "ICD-203",
                "value": "likely",
                "low": 0.55,
                "high": 0.8,
            },
            "drivers": ["evt-new-talks", "stm-new-talks"],
            "evidence": [talks],
        },
    ]
    return json.loads(json.dumps(records))  # no value shared between records


def write_valid(contribute: Write) -> Path:
    return contribute(*new_records(), files={"sources/new-article.txt": TEXT.encode()})


def codes(report: Report) -> list[str]:
    return [found.code for found in report.issues]


# --- the registry and its page ---


@pytest.mark.parametrize(
    "code", [c for c in CODES.values() if c.example is not None], ids=lambda c: str(c.code)
)
def test_each_example_reports_its_code(code: Any) -> None:
    """The example of every registered code makes the validator report that code, and only it."""
    reported = run_example(code, RELEASE)
    assert [code.code] * len(reported) == [found.code for found in reported]
    assert reported


def test_errors_page_is_generated_from_the_registry() -> None:
    """docs/errors.md is what the registry generates (python -m conflictdata.validation._errors_page)."""
    page = Path(__file__).parent.parent / "docs" / "errors.md"
    assert errors_page() == page.read_text(encoding="utf-8")


def _keywords(schema: dict[str, Any], *, record: bool = True) -> set[str]:
    """The keywords of a schema and of its subschemas, but for the ``anyOf`` of a record
    kind's requirement (reported with the requirement's own code: see
    test_each_requirement_has_a_code)."""
    found = set(schema)
    subschemas = [*schema.get("properties", {}).values(), *schema.get("$defs", {}).values()]
    subschemas += [] if record else schema.get("anyOf", [])
    subschemas += [schema["items"]] if "items" in schema else []
    for subschema in subschemas:
        found |= _keywords(subschema, record=False)
    return found


def test_each_requirement_has_a_code() -> None:
    """A record kind's requirement is the ``anyOf`` at the top of its schema, one branch per
    field, and its code is registered."""
    for kind, cls in RECORD_CLASSES.items():
        schema = load_schema(kind)
        if cls.requirement is None:
            assert "anyOf" not in schema
            continue
        assert [branch["required"] for branch in schema["anyOf"]] == [
            [name] for name in cls.requirement.fields
        ]
        assert cls.requirement.code in CODES


def test_every_schema_keyword_has_a_code() -> None:
    """Every keyword of the schemas that can fail maps to a registered code (anyOf of
    ``X | null`` reports X's errors; the others hold subschemas or annotations)."""
    inert = {"$schema", "$id", "$defs", "$ref", "anyOf", "items", "properties"}
    inert |= {"title", "description", "default", "$comment"}
    keywords = set().union(*(_keywords(load_schema(kind)) for kind in RECORD_KINDS)) - inert
    assert {"type", "enum", "pattern", "format", "required"} <= keywords
    assert set() == {keyword_code(keyword) for keyword in keywords} - set(CODES)


def test_every_schema_keyword_is_worded_here() -> None:
    """Every keyword of the schemas that can fail is worded by the validator itself, never by
    jsonschema's message text, which changes between its releases; the rest are containers,
    annotations, or worded where they are located (required, additionalProperties)."""
    inert = {"$schema", "$id", "$defs", "$ref", "anyOf", "items", "properties"}
    inert |= {"title", "description", "default", "$comment", "required", "additionalProperties"}
    keywords = set().union(*(_keywords(load_schema(kind)) for kind in RECORD_KINDS)) - inert
    assert set() == keywords - WORDED_KEYWORDS


def test_codes_are_slugs_with_full_documentation() -> None:
    """Codes are lower-case slugs, each with a title, meaning and fix."""
    for code in CODES.values():
        assert code.code.replace("-", "").isalnum()
        assert code.code.islower()
        assert all((code.title, code.meaning, code.fix))


# --- whole files ---


def test_valid_contribution_has_no_issues(contribute: Write) -> None:
    """A contribution of every kind that holds together has no issues, and is left unchanged."""
    path = write_valid(contribute)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    report = validate(path, release=RELEASE)
    assert [] == [str(found) for found in report.issues]
    assert (True, 5, "1.0.0") == (report.ok, report.records, report.release)
    assert before == (path.read_bytes(), path.stat().st_mtime_ns)


def test_every_problem_is_reported_in_order(contribute: Write) -> None:
    """All problems of all lines are reported (not only the first), located, in line order;
    on a line, a record's own problems come first, then those across records by pointer."""
    records = new_records()
    records[0]["cue"] = "warned"  # a warning
    records[2]["type"] = "club"  # schema
    records[3]["evidence"][0]["exact"] = "Cafe talks"  # span
    records[3]["actors"].append({"actor": "act-nobody", "role": "target"})  # reference
    path = contribute(*records, "{broken", files={"sources/new-article.txt": TEXT.encode()})
    report = validate(path, release=RELEASE)
    assert [
        (1, "/cue", "vocab-cue"),
        (3, "/type", "schema-enum"),
        (4, "/actors/1/actor", "ref-unresolved"),
        (4, "/evidence/0/exact", "span-mismatch"),
        (6, None, "json-invalid"),
    ] == [(i.line, i.pointer, i.code) for i in report.issues]
    assert not report.ok
    assert ["stm-new-talks", "act-new-delegation", "evt-new-talks"] == [
        i.record_id for i in report.issues[:3]
    ]


def test_warnings_alone_keep_a_file_valid(contribute: Write) -> None:
    """A warning is reported but the file stays valid."""
    records = new_records()
    records[0]["cue"] = "warned"
    report = validate(contribute(*records, files={"sources/new-article.txt": TEXT.encode()}))
    assert (True, ["vocab-cue"]) == (report.ok, codes(report))
    assert report.warnings == report.issues


def test_integers_written_as_floats_are_integers(contribute: Write) -> None:
    """JSON Schema counts 427.0 as an integer: such a record is valid and its span checked."""
    line = json.dumps(new_records()[2]).replace('"start": 427', '"start": 427.0')
    assert [] == codes(validate(contribute(line), release=RELEASE))
    wrong = line.replace('"start": 427.0', '"start": 426.0')
    assert ["span-mismatch"] == codes(validate(contribute(wrong), release=RELEASE))


def test_missing_file_and_folder_are_reported(tmp_path: Path) -> None:
    """A path that cannot be read is an issue, not an exception."""
    report = validate(tmp_path / "missing.jsonl", tmp_path, release=RELEASE)
    assert ["file-unreadable", "file-unreadable"] == codes(report)
    assert not report.ok


def test_line_too_long_is_skipped(contribute: Write) -> None:
    """A line over the limit is reported and skipped; the lines around it are still checked."""
    long = b'{"id": "evt-long", "note": "' + b"x" * (3 * MAX_LINE_BYTES) + b'"}'
    path = contribute(new_records()[2], long, {"id": "evt-after"})
    report = validate(path, release=RELEASE)
    assert [(2, "line-too-long")] == [(i.line, i.code) for i in report.issues if i.line == 2]
    assert {"schema-required", "evidence-missing"} == {i.code for i in report.issues if i.line == 3}


def test_blank_lines_are_skipped_and_counted_out(contribute: Write) -> None:
    """Blank lines are not records; line numbers still count them."""
    path = contribute("", "  ", {"id": "evt-x"})
    report = validate(path, release=RELEASE)
    assert (1, {3}) == (report.records, {i.line for i in report.issues})


@pytest.mark.parametrize("block", [2048, 1 << 20])
def test_a_long_blank_line_is_blank(
    contribute: Write, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """A line of blanks is no record however long it is, and wherever the file is cut."""
    monkeypatch.setattr(reader, "_BLOCK", block)
    path = contribute(b" " * (MAX_LINE_BYTES + 5000), {"id": "evt-x"})
    report = validate(path, release=RELEASE)
    assert (1, {2}) == (report.records, {i.line for i in report.issues})


def test_jobs_read_a_pipe_in_one_process(fresh_python: Callable[..., str]) -> None:
    """A pipe cannot be read by worker processes at an offset: it is checked in one."""
    code = (
        "import io, os, sys, threading, conflictdata as cd\n"
        "read, write = os.pipe()\n"
        'line = b\'{"id":"act-a","name":"A","type":"group"}\\n\'\n'
        "threading.Thread(target=lambda: (os.write(write, line), os.close(write))).start()\n"
        "report = cd.validate(f'/dev/fd/{read}', release=cd.Dataset([]), jobs=2)\n"
        "print(report.records, [i.code for i in report.issues])\n"
    )
    assert "1 []\n" == fresh_python(code)


def test_last_line_without_newline(tmp_path: Path) -> None:
    """The last line needs no final newline; a cut-off last line is reported as truncated."""
    path = tmp_path / "cut.jsonl"
    path.write_bytes(json.dumps(new_records()[2]).encode() + b'\n{"id": "evt-cut", "ty')
    report = validate(path, release=RELEASE)
    assert [(2, "json-truncated")] == [(i.line, i.code) for i in report.issues]


def test_duplicate_ids_across_files(contribute: Write, tmp_path: Path) -> None:
    """Ids are unique across all contributed files, and the message names the first."""
    first = contribute(new_records()[2])
    second = tmp_path / "more.jsonl"
    second.write_text(json.dumps(new_records()[2]) + "\n")
    report = validate(first, second, release=RELEASE)
    assert ["id-duplicate"] == codes(report)
    assert f"{first}:1" in report.issues[0].message
    assert str(second) == report.issues[0].file


def test_withdrawn_record_referenced_later(contribute: Write) -> None:
    """An active record may not rest on a withdrawn one, before or after it in the file."""
    records = new_records()
    withdrawn = {**records[2], "status": "withdrawn", "withdrawn_reason": "A duplicate."}
    path = contribute(records[3], withdrawn, files={"sources/new-article.txt": TEXT.encode()})
    report = validate(path, release=RELEASE)
    assert [(1, "/actors/0/actor", "ref-withdrawn")] == [
        (i.line, i.pointer, i.code) for i in report.issues if i.code != "ref-unresolved"
    ]


def test_release_choices(contribute: Write, release_copy: Path) -> None:
    """The release is the newest by default, or a shipped version, a folder or a Dataset."""
    path = contribute({**new_records()[2], "id": "act-russia"})
    for release in (None, "1.0.0", release_copy, str(release_copy), RELEASE):
        assert ["id-in-release"] == codes(validate(path, release=release))
    with pytest.raises(cd.UnknownVersionError):
        validate(path, release="0.0.1")
    with pytest.raises(ValueError, match="jobs"):
        validate(path, jobs=0)


def test_report_serialises_to_json(contribute: Write) -> None:
    """The report is data: JSON with ok, counts and every issue's fields."""
    report = validate(contribute({"id": "evt-x"}, "[1]"), release=RELEASE)
    data = json.loads(report.to_json())
    assert report.to_dict() == data
    assert (False, 2, 5, 0) == (data["ok"], data["records"], data["errors"], data["warnings"])
    assert {
        "code": "record-not-object",
        "severity": "error",
        "message": "a record is a JSON object",
        "file": str(report.files[0]),
        "line": 2,
        "pointer": "",
        "record_id": None,
    } == data["issues"][-1]


def numbered(n: int) -> list[dict[str, Any]]:
    """The records of :func:`new_records` but the source, their ids (and the references to
    them) ending in ``-n``."""
    records = new_records()
    text = json.dumps([records[0], *records[2:]])
    for record in records:
        if record["id"] != "src-new-article":
            text = text.replace(f'"{record["id"]}"', f'"{record["id"]}-{n}"')
    return list(json.loads(text))


def spy_on_chunks(monkeypatch: pytest.MonkeyPatch) -> list[ChunkFacts]:
    """The chunks the checks across records take whole, as they are taken."""
    taken: list[ChunkFacts] = []
    add_chunk = BulkChecker.add_chunk

    def spy(self: BulkChecker, chunk: ChunkFacts) -> bool:
        whole = add_chunk(self, chunk)
        if whole:
            taken.append(chunk)
        return whole

    monkeypatch.setattr(BulkChecker, "add_chunk", spy)
    return taken


def test_jobs_give_the_same_report(contribute: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes check chunks of lines; the merged report is the one-process report."""
    monkeypatch.setattr(reader, "_BLOCK", 512)
    lines: list[dict[str, Any] | str] = [new_source()]
    for n in range(30):
        lines += numbered(n)
        lines.append("{not json")
    path = contribute(*lines, files={"sources/new-article.txt": TEXT.encode()})
    one = validate(path, release=RELEASE)
    assert 30 == codes(one).count("json-invalid")
    taken = spy_on_chunks(monkeypatch)
    assert one == validate(path, release=RELEASE, jobs=2)
    assert taken, "no chunk was taken whole"


def test_jobs_check_spans_of_sources_listed_in_earlier_files(
    contribute: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spans in one file that quote sources listed in an earlier one are checked alike by one
    process and by workers (which get those sources' text files), misquotes included."""
    monkeypatch.setattr(reader, "_BLOCK", 512)
    first = contribute(new_source(), files={"sources/new-article.txt": TEXT.encode()})
    sources = first.rename(first.with_name("sources.jsonl"))
    lines: list[dict[str, Any]] = []
    for n in range(30):
        lines += numbered(n)
        if n % 7 == 0:
            lines[-1]["evidence"][0]["exact"] = "Cafe talks"
    path = contribute(*lines)
    one = validate(sources, path, release=RELEASE)
    assert 5 == codes(one).count("span-mismatch")
    taken = spy_on_chunks(monkeypatch)
    assert one == validate(sources, path, release=RELEASE, jobs=2)
    assert any(chunk.borrowed for chunk in taken), "no worker checked a span of an earlier file"


# --- the fast path agrees with the reference validator ---

_REFERENCE: dict[str, jsonschema.Draft202012Validator] = {
    kind: jsonschema.Draft202012Validator(
        load_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for kind in RECORD_KINDS
}


def reference_accepts(line: bytes) -> bool:
    """The reference verdict: strict JSON, a known kind, and jsonschema with formats."""
    value, problems = parse_strict(line)
    if problems or not isinstance(value, dict) or not isinstance(value.get("id"), str):
        return False
    kind = kind_of_id(value["id"])
    return kind is not None and _REFERENCE[kind].is_valid(value)


SEEDS = [json.loads(encode_record(record)) for record in RELEASE]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(0, 3000).map(float)
    | st.text(max_size=12)
    | st.sampled_from(
        ["act-russia", "evt-x\n", "2024-11-31", "2024-11", "CT+", "https://a.org", "x y", ""]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@st.composite
def mutated_records(draw: st.DrawFn) -> bytes:
    """A shipped record with up to three edits (set a value, delete or add a key, write an
    integer as a float, end a string with a line break), written compact, spaced or with a key
    repeated."""
    record = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_paths(record)[1:]))
        parent = record
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["set", "delete", "add", "float", "newline"]))
        old = parent[path[-1]]
        if action == "set":
            parent[path[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(old, dict):
            old[draw(st.sampled_from(["note", "zzz", "start", "id"]))] = draw(json_values)
        elif action == "float" and isinstance(old, int) and not isinstance(old, bool):
            parent[path[-1]] = float(old)
        elif action == "newline" and isinstance(old, str):
            parent[path[-1]] = old + "\n"
    style = draw(st.sampled_from(["compact", "spaced", "ascii", "repeat"]))
    if style == "compact":
        return json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode()
    if style == "ascii":
        return json.dumps(record).encode()
    text = json.dumps(record, ensure_ascii=False)
    if style == "repeat" and len(record) > 1:
        key = draw(st.sampled_from(sorted(record)))
        text = text[:-1] + f", {json.dumps(key)}: {json.dumps(record[key])}" + "}"
    return text.encode()


@given(mutated_records())
def test_fast_path_never_accepts_what_the_reference_rejects(line: bytes) -> None:
    """Whatever the fast path accepts, the reference jsonschema validator (formats on, strict
    JSON) accepts too; so a line's schema verdict is always the reference's."""
    if decode_fast(line) is not None:
        assert reference_accepts(line)


@given(mutated_records())
def test_schema_verdict_is_the_reference_verdict(line: bytes) -> None:
    """End to end, a line has no JSON or schema issue exactly when the reference accepts it
    (leaving out the one stricter rule: a pattern matched only thanks to a final line break)."""
    report = validate(_write_line(line), release=RELEASE)
    layer_one_or_two = [
        i.code
        for i in report.issues
        if CODES[i.code].layer in ("file", "json", "schema")
        and i.code != "pattern-trailing-newline"
    ]
    assert reference_accepts(line) == (layer_one_or_two == []), layer_one_or_two


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_generated_records_pass_the_schema(kind: str) -> None:
    """Records drawn by conflictdata.strategies are valid to the reference validator, and the
    validator finds no JSON or schema issue in them either."""

    @given(records(kind))  # type: ignore[arg-type]
    def check(record: cd.Record) -> None:
        line = encode_record(record)
        assert reference_accepts(line)
        report = validate(_write_line(line), release=RELEASE)
        assert [] == [i.code for i in report.issues if CODES[i.code].layer != "semantics"]

    check()


def test_fast_path_takes_valid_records() -> None:
    """Valid records take the fast path, written as released (compact, keys sorted) or as
    json.dumps writes them (blanks after separators, non-ASCII escaped)."""
    for record in RELEASE:
        assert decode_fast(encode_record(record)) is not None
        assert decode_fast(json.dumps(json.loads(encode_record(record))).encode()) is not None
    for record in new_records():
        assert decode_fast(json.dumps(record, indent=None).encode()) is not None


def test_fast_path_takes_records_that_leave_fields_out() -> None:
    """A record that leaves out a field with a default takes the fast path too, complete records
    before and after it, and is decoded as the reference path decodes it."""
    for record in RELEASE:
        complete = json.loads(encode_record(record))
        for name in [name for name in complete if name != "id"][:4]:
            partial = {key: value for key, value in complete.items() if key != name}
            line = json.dumps(partial, separators=(",", ":")).encode()
            if not reference_accepts(line):
                continue  # a required field
            assert decode_fast(encode_record(record)) is not None
            fast = decode_fast(line)
            assert fast is not None, line
            assert fast == (record.kind, to_struct(partial, record.kind))
            assert decode_fast(encode_record(record)) is not None


def test_a_wrong_guess_of_the_kind_is_not_taken() -> None:
    """Lines of two kinds that begin alike: each is decoded as its own kind, whichever came
    before it."""
    source = next(record for record in RELEASE if record.kind == "source")
    event = json.loads(encode_record(next(r for r in RELEASE if r.kind == "event")))
    del event["actors"], event["context"]  # so that it begins '{"evidence":[', as sources do
    event_line = json.dumps(event, separators=(",", ":"), sort_keys=True).encode()
    source_line = encode_record(attrs.evolve(source, evidence=()))
    assert event_line[:12] == source_line[:12]
    for _ in range(2):
        assert "source" == (decode_fast(source_line) or ("",))[0]
        assert "event" == (decode_fast(event_line) or ("",))[0]


@pytest.mark.parametrize(
    "line",
    [
        b'{"id":"evt-a","type":"AGREE","type":"ASSAULT","summary":"s","factuality":"CT+",'
        b'"evidence":[{"source":"src-a","start":0,"end":1,"exact":"x"}]}',
        b'{"id":"evt-a","type":"AGREE","summary":"s","factuality":"CT+","evidence":'
        b'[{"source":"src-a","start":0,"end":1,"end":1,"exact":"x"}]}',
        b'{"id":"evt-a","type":"AGREE","summary":"a\\u003a","summary":"a:","factuality":"CT+",'
        b'"evidence":[{"source":"src-a","start":0,"end":1,"exact":"x"}]}',
    ],
)
def test_fast_path_sees_repeated_keys(line: bytes) -> None:
    """A repeated key, even nested or hidden behind an escaped colon, leaves the fast path."""
    assert decode_fast(line) is None
    assert "json-duplicate-key" in [code for code, _, _ in parse_strict(line)[1]]


# --- never a traceback ---

_FILES: list[Path] = []


def _write_line(data: bytes) -> Path:
    """A scratch file holding ``data`` (hypothesis tests cannot take function fixtures)."""
    import tempfile

    if not _FILES:
        _FILES.append(Path(tempfile.mkdtemp()) / "fuzz.jsonl")
    _FILES[0].write_bytes(data)
    return _FILES[0]


@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_report(data: bytes) -> None:
    """Any bytes at all give a Report whose codes are registered, never an exception."""
    report = validate(_write_line(data), release=RELEASE)
    assert isinstance(report, Report)
    assert set(codes(report)) <= set(CODES) - {"internal-error"}


@given(st.lists(mutated_records(), min_size=1, max_size=4))
def test_mutated_records_give_a_report(lines: list[bytes]) -> None:
    """Files of damaged records give a Report with registered codes, never an exception."""
    report = validate(_write_line(b"\n".join(lines)), release=RELEASE)
    assert set(codes(report)) <= set(CODES) - {"internal-error"}
    assert all(isinstance(found, Issue) and found.line for found in report.issues)


# --- the command line ---


def _cli(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_valid_file_exits_0(contribute: Write) -> None:
    """validate prints a summary and exits 0 for a valid file."""
    path = write_valid(contribute)
    code, out, err = _cli("validate", str(path))
    assert (0, "") == (code, err)
    assert out.endswith("5 records, no problems (checked against release 1.1.0)\n")


def test_cli_invalid_file_exits_1_with_json(contribute: Write) -> None:
    """validate exits 1 for invalid records; --format json gives the report as data."""
    path = contribute({"id": "evt-x"})
    code, out, _ = _cli("validate", str(path), "--format", "json", "--release", "1.0.0")
    assert 1 == code
    codes = ["schema-required"] * 3 + ["evidence-missing"]
    assert codes == [i["code"] for i in json.loads(out)["issues"]]


def test_cli_usage_errors_exit_2(contribute: Write) -> None:
    """No file, a bad --jobs or an unknown version are usage errors."""
    path = str(contribute({"id": "evt-x"}))
    assert 2 == _cli("validate")[0]
    assert 2 == _cli("validate", path, "--jobs", "0")[0]
    assert 2 == _cli("validate", path, "--version", "9.9.9")[0]


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress bar draws on its stream once a file takes a while, then ends the line."""
    clock = iter([0.0, 1.0, 1.1, 2.0])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    bar = cli._ProgressBar(stream)
    bar("new.jsonl", 0, 1000)  # the file starts
    bar("new.jsonl", 500, 1000)
    bar("new.jsonl", 600, 1000)  # too soon after the last drawing
    bar("new.jsonl", 1000, 1000)
    bar.close()
    assert (
        "\rnew.jsonl   50% [" + "#" * 15 + "-" * 15 + "]\rnew.jsonl  100% [" + "#" * 30 + "]\n"
        == (stream.getvalue())
    )


@given(
    st.text(max_size=30)
    | st.sampled_from(["https://example.org/a", "urn:isbn:0451450523", "http://a b", "x:", ":x"])
    | st.builds(
        lambda a, b: f"{a}:{b}",
        st.from_regex("[a-z][a-z0-9+.-]{0,6}", fullmatch=True),
        st.text(max_size=20),
    )
)
def test_uri_format_is_jsonschemas(value: str) -> None:
    """The fast path's uri check gives jsonschema's verdict (it calls jsonschema's library)."""
    from conflictdata.validation._schema_fast import _format_test

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert checker.conforms(value, "uri") == _format_test("uri")(value)


def test_valid_files_do_not_import_jsonschema(
    contribute: Write, fresh_python: Callable[..., str]
) -> None:
    """Valid records never need the reference validator, whose import takes seconds."""
    path = write_valid(contribute)
    code = (
        "import sys, conflictdata as cd; report = cd.validate(sys.argv[1]); "
        "print(report.ok, 'jsonschema' in sys.modules)"
    )
    assert "True False\n" == fresh_python(code, str(path))


def test_source_texts_are_read_again_when_quoted_later(
    contribute: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Contributed texts stay in memory up to a budget; a source quoted again later is reread."""
    crossref = importlib.import_module("conflictdata.validation._crossref")
    monkeypatch.setattr(crossref, "_TEXTS_BUDGET", 1)
    other = {**new_source(), "id": "src-other", "path": "sources/other.txt"}
    records = new_records()
    event, wrong = records[3], json.loads(json.dumps(records[3]))
    wrong["id"] = "evt-new-talks-wrong"
    wrong["evidence"][0]["exact"] = "Cafe talks"
    path = contribute(
        new_source(),
        other,
        records[2],
        event,
        wrong,
        files={"sources/new-article.txt": TEXT.encode(), "sources/other.txt": TEXT.encode()},
    )
    report = validate(path, release=RELEASE)
    assert [(5, "/evidence/0/exact", "span-mismatch")] == [
        (i.line, i.pointer, i.code) for i in report.issues
    ]


@given(datasets())
def test_generated_datasets_are_valid_contributions(dataset: cd.Dataset) -> None:
    """A consistent dataset drawn by conflictdata.strategies, written as a contribution with the
    texts of its sources beside it, has no error: every span quotes its text, every reference
    and derived date holds, every source text matches its sha256."""
    path = _write_line(b"\n".join(encode_record(record) for record in dataset))
    for source in dataset.sources:
        (path.parent / source.path).parent.mkdir(exist_ok=True)
        (path.parent / source.path).write_bytes(dataset.texts[source.id].encode("utf-8"))
    report = validate(path, release=cd.Dataset([]))
    assert [] == [str(i) for i in report.errors]
