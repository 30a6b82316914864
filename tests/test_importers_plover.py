"""The PLOVER family's importers: the gold standard (53 real records, format 0.5b1), NGEC's
event JSON and POLECAT's TSV (fixtures constructed from their documentation). Every import
validates with 0 errors, and every text span is exact."""

from __future__ import annotations

import io
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import importers
from conflictdata.cli import run
from conflictdata.importers import JsonItem, SourceTexts, plover_gsr
from conflictdata.importers._markup import find_words, marks
from conflictdata.importers._plover import AUXILIARY_MODES, code, factuality_of
from conflictdata.vocab import EVENT_CONTEXTS, EVENT_MODES, EVENT_TYPES

DATA = Path(__file__).parent / "data"
GSR = DATA / "plover" / "PLOVER_GSR_CAMEO.part-a.json"
NGEC = DATA / "ngec" / "events.jsonl"
POLECAT = DATA / "polecat" / "polecat_sample.tsv"
QUIRKS = DATA / "polecat" / "polecat_quirks.tsv"


def _import(tmp_path: Path, format: str, path: Path) -> tuple[list[cd.Record], str, int]:
    """Import ``path`` with the command line into ``tmp_path``: the records, the messages
    and the exit code."""
    output = tmp_path / "out.jsonl"
    notes = io.StringIO()
    code_ = run(["import", format, str(path), "--output", str(output)], stderr=notes)
    return list(cd.io.jsonl.read_jsonl(output)), notes.getvalue(), code_


def _errors(path: Path) -> list[str]:
    return [str(found) for found in cd.validate(path).issues if found.severity == "error"]


def test_gold_standard_imports_every_event_and_validates_with_its_texts(tmp_path: Path) -> None:
    """The 52 events of the sample (its DOCUMENT record is counted, not imported) validate with
    0 errors against the sentences written under sources/, and each span is exact."""
    records, notes, status = _import(tmp_path, "plover-gsr", GSR)
    events = [record for record in records if isinstance(record, cd.Event)]
    sources = {record.id: record for record in records if isinstance(record, cd.Source)}
    assert 0 == status
    assert 52 == len(events)
    assert "1 rows not imported (DOCUMENT: not an event" in notes
    assert [] == _errors(tmp_path / "out.jsonl")
    for event in events:
        assert event.type in EVENT_TYPES
        assert event.mode is None or event.mode in EVENT_MODES[event.type]
        assert set(event.context) <= set(EVENT_CONTEXTS)
        assert event.when == cd.When()  # the placeholder 2000-01-01 is not a date
        for span in event.evidence:
            text = (tmp_path / sources[span.source].path).read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", text)
            assert span.exact == text[span.start : span.end]


def test_gold_standard_renames_plover_05_and_keeps_what_has_no_name(tmp_path: Path) -> None:
    """DEMAND becomes REQUEST, FIGHT becomes ASSAULT, DISAPPROVE becomes ACCUSE disapprove;
    the 0.5 mode demo-org becomes demo, and a context with no 2.0 name stays in the note."""
    records, _, _ = _import(tmp_path, "plover-gsr", GSR)
    by_id = {record.id: record for record in records if isinstance(record, cd.Event)}
    demand = by_id["evt-plover-gsr-plover-gsr01-demand-0001"]
    assert ("REQUEST", ("diplomatic",)) == (demand.type, demand.context)
    assert "PLOVER 0.5 category DEMAND coded as REQUEST" in (demand.note or "")
    assert "auxiliary mode historical" in (demand.note or "")
    disapprove = by_id["evt-plover-gsr-plover-gsr01-disapprove-0002"]
    assert ("ACCUSE", "disapprove") == (disapprove.type, disapprove.mode)
    protest = by_id["evt-plover-gsr-plover-gsr01-protest-0001"]
    assert ("PROTEST", "demo") == (protest.type, protest.mode)
    fight = by_id["evt-plover-gsr-plover-gsr01-fight-0001"]
    assert ("ASSAULT", None) == (fight.type, fight.mode)
    assert "mode 'other'" in (fight.note or "")
    mobilize = by_id["evt-plover-gsr-plover-gsr01-mobilize-0004"]
    assert "context 'political' (no PLOVER 2.0 context)" in (mobilize.note or "")


def test_gold_standard_spans_follow_the_marks(tmp_path: Path) -> None:
    """The trigger, actors and place of a record are the words of its EVT, SRC and LOC marks,
    and a reciprocal event's parties (SRC/TAR, no target) are participants."""
    records, _, _ = _import(tmp_path, "plover-gsr", GSR)
    by_id = {record.id: record for record in records}
    consult = by_id["evt-plover-gsr-plover-gsr01-consult-0007"]
    assert isinstance(consult, cd.Event)
    spans = [(span.role, span.exact) for span in consult.evidence]
    expected = [
        ("actor", "U.S."),
        ("actor", "Russian negotiators"),
        ("trigger", "return"),
        ("place", "to Geneva"),
    ]
    assert expected == spans
    assert consult.where is not None
    assert "CHE" == consult.where.country
    agree = by_id["evt-plover-gsr-plover-gsr01-agree-0001"]
    assert isinstance(agree, cd.Event)
    assert {"participant"} == {part.role for part in agree.actors}


def test_a_bad_record_is_left_out_and_located(tmp_path: Path) -> None:
    """A record whose target is not a list of actors, and one with a repeated key, are left
    out with their file, line, index and field; the others are imported."""
    records = json.loads(GSR.read_text(encoding="utf-8"))[:3]
    records[1]["target"] = "diplomatic"
    text = json.dumps(records, indent=1)
    text = text.replace(
        '"id": "PLOVER-GSR01-AGREE-0003"', '"id": "X", "id": "PLOVER-GSR01-AGREE-0003"'
    )
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    imported = importers.read("plover-gsr", path)
    events = [record for record in imported if isinstance(record, cd.Event)]
    assert 0 == len(events)
    assert 2 == len(imported.problems)
    first, second = imported.problems
    assert (1, "PLOVER-GSR01-AGREE-0001", "/target") == (
        first.index,
        first.record_id,
        first.pointer,
    )
    assert first.line > 1
    assert 2 == second.index
    assert "more than once" in second.message


def test_a_file_that_is_not_json_is_refused_with_its_place(tmp_path: Path) -> None:
    """A JSON array broken inside its second record is refused as a whole, naming the line."""
    path = tmp_path / "broken.json"
    path.write_text('[\n{"id": "a"},\n{"id": \n', encoding="utf-8")
    with pytest.raises(importers.TableError) as raised:
        list(importers.read("plover-gsr", path))
    assert 3 == raised.value.line


def test_ngec_events_rest_on_spans_of_their_story(tmp_path: Path) -> None:
    """Events of one story share its source; actor, recipient, place and date spans are
    exact; NGEC's list of modes gives one event per mode of the type; a negation context is
    CT-; an event dated by the publication date is derived from its source; the event with a
    wrong offset is left out, located."""
    records, notes, status = _import(tmp_path, "ngec", NGEC)
    events = [record for record in records if isinstance(record, cd.Event)]
    sources = [record for record in records if isinstance(record, cd.Source)]
    assert 1 == status  # one record left out
    assert 1 == len(sources)
    assert [] == _errors(tmp_path / "out.jsonl")
    assert ["third-party", None, "disapprove", "allege"] == [event.mode for event in events]
    assert ["Uu", "Uu", "CT-", "CT-"] == [event.factuality for event in events]
    agree = events[1]
    assert ("derived", sources[0].id, 0) == (
        agree.when.basis,
        agree.when.anchor,
        agree.when.offset_days,
    )
    assert "events.jsonl:4: record 3" in notes
    assert "/attributes/ACTOR/0/text" in notes
    text = (tmp_path / sources[0].path).read_text(encoding="utf-8")
    for event in events:
        for span in event.evidence:
            assert span.exact == text[span.start : span.end]


def test_polecat_rows_become_events_on_their_rows(tmp_path: Path) -> None:
    """Each POLECAT row is an event resting on its row; the `;`-joined actors are two; a row
    with an impossible date is left out, naming its row and column."""
    records, notes, status = _import(tmp_path, "polecat", POLECAT)
    events = [record for record in records if isinstance(record, cd.Event)]
    assert 1 == status
    assert [2, 3] == [event.rows[0].row for event in events]
    assert 2 == len(events[1].actors)
    assert ("diplomatic", "economic") == events[1].context
    assert "row 4, column Event Date ('2023-13-40')" in notes
    assert [] == _errors(tmp_path / "out.jsonl")


def test_polecat_quirks_are_read(tmp_path: Path) -> None:
    """A header with Event Intensity, a Headline name the rows lack and trailing tabs is read
    with each cell under its own column."""
    records, _, status = _import(tmp_path, "polecat", QUIRKS)
    events = [record for record in records if isinstance(record, cd.Event)]
    assert 0 == status
    assert ["aerial", None] == [event.mode for event in events]
    first = events[0]
    assert first.where is not None
    assert "Example Village" == first.where.name
    assert "intensity -9" in (first.note or "")
    assert [] == _errors(tmp_path / "out.jsonl")


def test_factuality_of_the_auxiliary_modes() -> None:
    """negation, hypothetical and future set the FactBank value; historical leaves it."""
    assert "CT-" == factuality_of(["negation"], "CT+")
    assert "PS+" == factuality_of(["hypothetical"], "CT+")
    assert "PR+" == factuality_of(["future"], "Uu")
    assert "PS-" == factuality_of(["hypothetical", "negation"], "CT+")
    assert "CT+" == factuality_of(["historical"], "CT+")


@given(
    st.sampled_from(EVENT_TYPES),
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", max_size=12), max_size=3),
    st.lists(
        st.sampled_from([*EVENT_CONTEXTS, *AUXILIARY_MODES, "refugee", "politics", "x"]), max_size=4
    ),
)
def test_every_coding_is_in_the_vocabulary(
    kind: str, modes: list[str], contexts: list[str]
) -> None:
    """Whatever modes and contexts a record gives, each coding's type, mode and contexts are
    in the PLOVER 2.0 vocabulary, one coding per distinct plain mode (or one with none), and a
    value with no 2.0 name is in the note lines, never dropped."""
    codings = code(kind, modes, contexts)
    plain = [
        mode
        for mode in dict.fromkeys(m.strip() for m in modes)
        if mode and mode not in AUXILIARY_MODES
    ]
    assert max(1, len(plain)) == len(codings)
    for coding in codings:
        assert coding.type in EVENT_TYPES
        assert coding.mode is None or coding.mode in EVENT_MODES[coding.type]
        assert set(coding.context) <= set(EVENT_CONTEXTS)
        kept = " ".join(coding.kept)
        for context in contexts:
            if context == "x" or context == "politics":
                assert repr(context) in kept


@given(st.lists(st.sampled_from(["Alpha", "beta", "(", ")", " ", "x.", "'s"]), max_size=12))
def test_every_found_mark_is_exact(words: list[str]) -> None:
    """A mark's words, once found in a sentence, are the sentence's characters there."""
    sentence = "".join(words)
    markup = f"(SRC: {sentence}) (EVT: {sentence[:5]})"
    for mark in marks(markup):
        place = find_words(sentence, mark.words, 0)
        if place is not None:
            assert " ".join(mark.words.split()) == " ".join(sentence[place[0] : place[1]].split())


def _gsr_records(count: int | None = None) -> list[dict[str, object]]:
    records: list[dict[str, object]] = json.loads(GSR.read_text(encoding="utf-8"))
    return records if count is None else records[:count]


def test_gold_standard_as_json_lines_gives_the_same_records(tmp_path: Path) -> None:
    """The records of the file as JSON Lines, one a line, are those of the JSON array."""
    lines = tmp_path / "gsr.jsonl"
    lines.write_text("".join(json.dumps(record) + "\n" for record in _gsr_records()), "utf-8")
    expected = list(importers.read("plover-gsr", GSR))
    assert expected == list(importers.read("plover-gsr", lines))


def test_plover_2_spellings_are_read(tmp_path: Path) -> None:
    """A record in the 2.0 manual's field names (actor, recipient, event and event_text as
    lists, event_loc with a resolution) is read as its 0.5b1 form: two event types give two
    events, each with the modes of its type; a coder's Wikidata id stays in the note."""
    record = {
        "id": "X-1",
        "date": "2000-01-01",
        "event": ["ACCUSE", "THREATEN"],
        "mode": ["allege", "violence"],
        "context": ["legal"],
        "actor": [{"entity_text": "Albania", "code": "ALB", "wikidata_id": "Q222"}],
        "recipient": [{"entity_text": "Serbia", "code": "SRB"}],
        "event_text": ["denounced"],
        "event_loc": {"resolved_place": "Montenegro", "country_code": "MNE", "resolution": 1},
        "text": "Albania on Friday denounced Serbia.",
    }
    path = tmp_path / "plover2.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    records = list(importers.read("plover-gsr", path))
    events = [found for found in records if isinstance(found, cd.Event)]
    assert [("ACCUSE", "allege"), ("THREATEN", "violence")] == [(e.type, e.mode) for e in events]
    assert [("trigger", "denounced")] == [(span.role, span.exact) for span in events[0].evidence]
    assert events[0].where == cd.Location(name="Montenegro", country="MNE", precision="country")
    (albania,) = [
        found for found in records if isinstance(found, cd.Actor) and found.name == "Albania"
    ]
    assert albania.wikidata is None
    assert "wikidata_id 'Q222' (not checked)" in (albania.note or "")


def test_text_info_as_a_string_and_discontiguous_actor_text(tmp_path: Path) -> None:
    """A record whose textInfo is the markup string itself is read, and an actor written
    "U.S. ... negotiators" rests on its two stretches of the sentence."""
    (consult,) = [r for r in _gsr_records() if r["id"] == "PLOVER-GSR01-CONSULT-0007"]
    info = consult["textInfo"]
    assert isinstance(info, dict)
    changed = dict(consult, textInfo=info["markup"])
    path = tmp_path / "one.json"
    path.write_text(json.dumps([changed]), encoding="utf-8")
    records = list(importers.read("plover-gsr", path))
    (us,) = [r for r in records if isinstance(r, cd.Actor) and r.name == "U.S. ... negotiators"]
    assert [("mention", "U.S."), ("mention", "negotiators")] == [
        (span.role, span.exact) for span in us.evidence
    ]
    (event,) = [r for r in records if isinstance(r, cd.Event)]
    assert "trigger" in {span.role for span in event.evidence}


def test_two_files_sharing_a_sentence_give_one_source(tmp_path: Path) -> None:
    """One import of two files with the same record gives its source text and its actors
    once, and validates (the second file's event id is its own)."""
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    records = _gsr_records(2)
    first.write_text(json.dumps(records), encoding="utf-8")
    second.write_text(json.dumps([dict(records[1], id="PLOVER-GSR01-AGREE-9001")]), "utf-8")
    output = tmp_path / "out.jsonl"
    status = run(
        ["import", "plover-gsr", str(first), str(second), "--output", str(output)],
        stderr=io.StringIO(),
    )
    found = list(cd.io.jsonl.read_jsonl(output))
    assert 0 == status
    assert 1 == len([record for record in found if isinstance(record, cd.Source)])
    assert [] == _errors(output)


def test_inputs_are_never_modified_and_texts_are_not_overwritten(tmp_path: Path) -> None:
    """The input keeps its bytes; a source text of the output's name with other content is
    refused without --overwrite (exit 1, located) and replaced with it."""
    before = GSR.read_bytes()
    _, _, status = _import(tmp_path, "plover-gsr", GSR)
    assert 0 == status
    assert before == GSR.read_bytes()
    text = sorted((tmp_path / "sources").iterdir())[0]
    text.write_text("other words", encoding="utf-8")
    arguments = ["import", "plover-gsr", str(GSR), "--output", str(tmp_path / "again.jsonl")]
    notes = io.StringIO()
    assert 1 == run(arguments, stderr=notes)
    assert text.name in notes.getvalue()
    assert 0 == run([*arguments, "--overwrite"], stderr=io.StringIO())
    assert [] == _errors(tmp_path / "again.jsonl")


def test_ngec_offsets_into_a_story_not_in_nfc(tmp_path: Path) -> None:
    """A story written with a decomposed accent is stored in NFC, and the recipient's span
    moves onto the NFC text with its words."""
    event = json.loads(NGEC.read_text(encoding="utf-8").splitlines()[0])
    decomposed = unicodedata.normalize("NFD", "Guaidó")
    event["event_text"] = event["event_text"].replace("Guaidó", decomposed)
    recipient = event["attributes"]["RECIP"][0]
    recipient["qa_end_char"] += 1
    recipient["text"] = recipient["text"].replace("Guaidó", decomposed)
    event["attributes"].pop("LOC")
    event["attributes"].pop("DATE")
    path = tmp_path / "nfd.jsonl"
    path.write_text(json.dumps(event) + "\n", encoding="utf-8")
    imported = importers.read("ngec", path)
    (found,) = [record for record in imported if isinstance(record, cd.Event)]
    assert [] == imported.problems
    assert ["Nicolas Maduro", "Juan Guaidó"] == [span.exact for span in found.evidence]


_WORDS = st.sampled_from(["Russia", "Ukraine", "talks", "met", "in", "Geneva", "on", "U.S.", "é"])


@given(
    st.lists(
        st.tuples(_WORDS, st.sampled_from(["", "SRC", "TAR", "EVT", "LOC"])),
        min_size=1,
        max_size=10,
    )
)
def test_every_span_of_a_marked_sentence_is_exact(words: list[tuple[str, str]]) -> None:
    """Whatever words of a sentence are marked, the imported event's spans are exact, one
    for each mark, in the mark's role."""
    sentence = " ".join(word for word, _ in words)
    markup = " ".join(f"({tag}: {word})" if tag else word for word, tag in words)
    record = {"id": "P-1", "event": "CONSULT", "text": sentence, "textInfo": {"markup": markup}}
    texts = SourceTexts("plover-gsr")
    found = list(plover_gsr._records(JsonItem(0, 1, record, None), texts, "0.5b1", Counter()))
    (event,) = [record for record in found if isinstance(record, cd.Event)]
    roles = {"SRC": "actor", "TAR": "actor", "EVT": "trigger", "LOC": "place"}
    marked = [(roles[tag], word) for word, tag in words if tag]
    (source,) = texts.commit()
    text = texts.texts[source.path]
    for span in event.evidence:
        assert span.exact == text[span.start : span.end]
    if marked:
        assert sorted(set(marked)) == sorted({(span.role, span.exact) for span in event.evidence})
    else:
        assert [("content", sentence)] == [(span.role, span.exact) for span in event.evidence]


def test_polecat_cells_are_not_quoted(tmp_path: Path) -> None:
    """A POLECAT cell that begins with a double quote is read as written, as the validator's
    row checks read tab-separated files (unquoted), so the import checks clean against its
    file."""
    header, row = POLECAT.read_text(encoding="utf-8").splitlines()[:2]
    name = '"Testland" Air Force'
    quoted = tmp_path / "polecat_quoted.tsv"
    quoted.write_text(f"{header}\n{row.replace('Testland Air Force', name, 1)}\n", encoding="utf-8")
    records, _, status = _import(tmp_path, "polecat", quoted)
    issues = cd.validate(tmp_path / "out.jsonl", dataset_files=[quoted]).issues
    assert 0 == status
    assert [] == [str(issue) for issue in issues]
    assert [name] == [r.name for r in records if isinstance(r, cd.Actor) and "Testland" in r.name]
