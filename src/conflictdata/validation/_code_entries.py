"""The issue codes as data: one :class:`~conflictdata.validation._codes.Code` per code, with its
documentation and an example contributed file that shows it.

The documentation page ``docs/errors.md`` is generated from this registry (``python -m
conflictdata.validation._errors_page``) and a test runs every example through the validator and
fails when the page or an example drifts. The registry's machinery is in
:mod:`conflictdata.validation._codes`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from conflictdata.validation._codes import Code, Registry

__all__ = ["CODES", "issue"]

# --- the examples: small records that hold against release 1.0.0 but for one problem ---

_SOURCE = "src-36505e565447df1c"
_TEXT = "Café talks began on Monday.".encode()


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _record(record: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


def _event(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "evt-example",
        "type": "AGREE",
        "summary": "An example event.",
        "factuality": "CT+",
        "evidence": [{"source": _SOURCE, "start": 427, "end": 433, "exact": "Russia"}],
    }
    return _record(record, fields)


def _statement(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "stm-example",
        "speaker": "act-russia",
        "attribution": "reported",
        "cue": "warn",
        "speech_act": "warning",
        "content": "Russia warns of consequences.",
        "evidence": [{"source": _SOURCE, "start": 427, "end": 433, "exact": "Russia"}],
    }
    return _record(record, fields)


def _implication(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "imp-example",
        "proposition": "a prolonged conflict",
        "holder_text": "the author",
        "cue": "could",
        "likelihood": {"verbal": "could", "scale": "FactBank", "value": "PS+"},
        "evidence": [{"source": _SOURCE, "start": 572, "end": 577, "exact": "could"}],
    }
    return _record(record, fields)


def _source(text: bytes = _TEXT, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "src-example",
        "language": "en",
        "path": "sources/example.txt",
        "sha256": hashlib.sha256(text).hexdigest(),
    }
    return _record(record, fields)


#: A dataset file of two rows, and a source record for it.
_ROWS = b"id,country\n12,Myanmar\n"


def _dataset(data: bytes = _ROWS, **fields: Any) -> dict[str, Any]:
    return _source(
        data, id="src-example-data", path="datasets/example.csv", id_column="id", **fields
    )


def _imported(row: int = 2, record_id: str = "12", **fields: Any) -> str:
    """A dataset file's source and an event imported from one of its rows, as two lines."""
    rows = [{"source": "src-example-data", "row": row, "record_id": record_id}]
    event = _event(evidence=[], rows=rows, **fields)
    return _line(_dataset()) + "\n" + _line(event)


def _when(**fields: Any) -> dict[str, Any]:
    return _event(when=fields)


#: Every issue code, by code.
CODES = Registry(
    # --- files ---
    Code(
        code="file-unreadable",
        severity="error",
        layer="file",
        title="File cannot be read",
        meaning="The file does not exist, is a folder, or cannot be opened or read.",
        fix="Check the path and the file's permissions.",
        example=None,
    ),
    Code(
        code="file-empty",
        severity="warning",
        layer="file",
        title="File holds no records",
        meaning="The file is empty or has only blank lines, so there is nothing to check.",
        fix="Check that this is the file you meant to validate.",
        example="",
    ),
    Code(
        code="line-too-long",
        severity="error",
        layer="file",
        title="Line too long",
        meaning="A line is longer than the validator reads (1 MiB); a record is about a "
        "kilobyte, so such a line is not a record. It is skipped without being held in memory.",
        fix="Write one record per line, each a single JSON object; split text that is this long.",
        example=None,
    ),
    Code(
        code="utf8-invalid",
        severity="error",
        layer="file",
        title="Bytes are not UTF-8",
        meaning="The line has bytes that are not UTF-8, often text saved as Latin-1 or "
        "Windows-1252. The message gives the byte offset in the line.",
        fix="Save the file as UTF-8.",
        example=_line(_event(summary="Caf\udce9 talks.")),
    ),
    Code(
        code="utf8-bom",
        severity="error",
        layer="file",
        title="Byte order mark",
        meaning="The line starts with a byte order mark (U+FEFF), which some editors write at "
        "the start of a file. JSON Lines does not allow it; the rest of the line is still checked.",
        fix="Save the file as UTF-8 without BOM.",
        example="\ufeff" + _line(_event()),
    ),
    # --- JSON ---
    Code(
        code="json-invalid",
        severity="error",
        layer="json",
        title="Malformed JSON",
        meaning="The line is not one JSON value: a missing comma or quote, a trailing comma, "
        "single quotes, a comment, or more than one value on the line. The message gives the "
        "character where reading stopped.",
        fix="Correct the JSON at the character the message gives; write files with a JSON "
        "library rather than by hand.",
        example='{"id": "evt-example", "type": "AGREE",}',
    ),
    Code(
        code="json-truncated",
        severity="error",
        layer="json",
        title="Line ends inside a JSON value",
        meaning="The line stops before its JSON value is complete: the file was cut off, or a "
        "record was split over several lines (JSON Lines puts each record on one line).",
        fix="Put each record on one line, complete; re-export the file if it was cut off.",
        example='{"id": "evt-example", "type": "AGR',
    ),
    Code(
        code="json-non-finite",
        severity="error",
        layer="json",
        title="NaN or Infinity",
        meaning="NaN, Infinity and numbers too large for a double (1e400) are not JSON numbers, "
        "although some writers (Python's json.dumps) produce them.",
        fix="Use null for a missing number, or a real value; in Python pass allow_nan=False to "
        "json.dumps to catch this when writing.",
        example='{"id": "evt-example", "where": {"name": "Kyiv", "lat": NaN}}',
    ),
    Code(
        code="json-duplicate-key",
        severity="error",
        layer="json",
        title="Key repeated in an object",
        meaning="An object has the same key twice. Most readers silently keep the last value "
        "and lose the other, so what was meant is unclear. The record is checked further with "
        "the last value.",
        fix="Keep one of the values and remove the other key.",
        example=_line(_event())[:-1] + ', "type": "ASSAULT"}',
    ),
    Code(
        code="json-too-deep",
        severity="error",
        layer="json",
        title="Nesting too deep",
        meaning="Arrays and objects are nested more than 32 levels deep; records nest three.",
        fix="Check the structure of the record against its schema.",
        example='{"id": "evt-example", "note": ' + "[" * 33 + "]" * 33 + "}",
    ),
    Code(
        code="json-lone-surrogate",
        severity="error",
        layer="json",
        title="Lone surrogate in a string",
        meaning="A string has a \\uD800-\\uDFFF escape that is not half of a pair, so it is not "
        "a character and cannot be written as UTF-8 (often half of an emoji cut off).",
        fix="Write the whole character, or remove the escape.",
        example=_line(_event())[:-1].replace('"An example event."', '"An example \\ud83d"') + "}",
    ),
    # --- record identity ---
    Code(
        code="record-not-json",
        severity="error",
        layer="json",
        title="Record in memory JSON cannot hold",
        meaning="A record given to conflictdata.validate in memory (records=...) holds a value "
        "that JSON cannot write: a set, a date, bytes, a key that is not a string or number, a "
        "structure that contains itself. A file cannot hold such a record.",
        fix="Give only JSON values: dicts with string keys, lists, strings, numbers, booleans "
        "and None (or model instances).",
        example=None,
    ),
    Code(
        code="record-not-object",
        severity="error",
        layer="schema",
        title="Line is not a JSON object",
        meaning="Each line must be one record, a JSON object; this line holds an array, a "
        "string, a number or null.",
        fix="Write one JSON object per line.",
        example='["evt-example", "AGREE"]',
    ),
    Code(
        code="record-id-missing",
        severity="error",
        layer="schema",
        title="Record has no id",
        meaning="The record has no id, or its id is not a string, so its kind (and schema) is "
        "unknown and it is checked no further.",
        fix="Give the record an id that starts with its kind's prefix: src-, act-, evt-, stm- "
        "or imp-.",
        example='{"type": "AGREE", "summary": "An example event."}',
    ),
    Code(
        code="record-kind-unknown",
        severity="error",
        layer="schema",
        title="Id names no record kind",
        meaning="The kind of a record comes from its id prefix (src-, act-, evt-, stm-, imp-); "
        "this id starts with none of them, so the record is checked no further.",
        fix="Start the id with its kind's prefix, as in evt-kyiv-strike.",
        example='{"id": "event-example", "type": "AGREE"}',
    ),
    # --- JSON Schema ---
    Code(
        code="schema-type",
        severity="error",
        layer="schema",
        title="Wrong JSON type",
        meaning="A value has the wrong JSON type: a string where a number is expected, a "
        "single value where a list is expected, null where a value is required.",
        fix="Use the type the record's schema gives for this field.",
        example=_line(_event(evidence=[{**_event()["evidence"][0], "start": "427"}])),
    ),
    Code(
        code="schema-enum",
        severity="error",
        layer="schema",
        title="Value not in its vocabulary",
        meaning="A field with a controlled vocabulary (event type, factuality, attribution, "
        "speech act, role, status, ...) has a value outside it. Values are case-sensitive.",
        fix="Use one of the values the message lists (see conflictdata.vocab).",
        example=_line(_event(type="agree")),
    ),
    Code(
        code="schema-pattern",
        severity="error",
        layer="schema",
        title="Value does not match its pattern",
        meaning="A string does not have the required form: ids (kind prefix and lower-case "
        "slug), EDTF dates, ISO 3166 alpha-3 country codes, Wikidata ids, SHA-256 digests, "
        "cue lemmas.",
        fix="Write the value in the form the pattern in the message describes.",
        example=_line(_event(id="evt-Example")),
    ),
    Code(
        code="schema-min-length",
        severity="error",
        layer="schema",
        title="Empty text",
        meaning="A text field is empty; a field that has nothing to say is null or left out.",
        fix="Write the text, or use null where the field allows it.",
        example=_line(_event(summary="")),
    ),
    Code(
        code="schema-max-length",
        severity="error",
        layer="schema",
        title="Text too long",
        meaning="An id is longer than 200 characters.",
        fix="Use a shorter slug.",
        example=_line(_event(id="evt-" + "a" * 200)),
    ),
    Code(
        code="schema-minimum",
        severity="error",
        layer="schema",
        title="Number too small",
        meaning="A number is below its minimum: a negative offset, a latitude below -90, a "
        "likelihood bound below 0.",
        fix="Use a value in the range the message gives.",
        example=_line(_event(where={"name": "Kyiv", "lat": -91})),
    ),
    Code(
        code="schema-maximum",
        severity="error",
        layer="schema",
        title="Number too large",
        meaning="A number is above its maximum: a latitude above 90, a longitude above 180, a "
        "likelihood bound above 1 (bounds are probabilities, not percentages).",
        fix="Use a value in the range the message gives.",
        example=_line(_event(where={"name": "Kyiv", "lon": 230.5})),
    ),
    Code(
        code="evidence-missing",
        severity="error",
        layer="schema",
        title="Record without evidence",
        meaning="An event, statement or implication rests on nothing: it needs at least one "
        "text span in evidence or one row reference in rows (the anyOf of its schema).",
        fix="Add the spans of text the record rests on, or, for a record imported from a "
        "dataset, the row it came from.",
        example=_line(_event(evidence=[])),
    ),
    Code(
        code="schema-required",
        severity="error",
        layer="schema",
        title="Required field missing",
        meaning="A field the record's kind requires is missing; the pointer names it.",
        fix="Add the field (see the schema of the record's kind).",
        example=_line({k: v for k, v in _event().items() if k != "factuality"}),
    ),
    Code(
        code="schema-additional-properties",
        severity="error",
        layer="schema",
        title="Unknown field",
        meaning="The record has a field its schema does not define, often a misspelt name; "
        "unknown fields are refused rather than silently dropped.",
        fix="Correct the field's name, or remove it; put free remarks in note.",
        example=_line(_event(summery="A misspelt field.")),
    ),
    Code(
        code="schema-format",
        severity="error",
        layer="schema",
        title="Value not in its format",
        meaning="A string does not have its format: a source's url must be an absolute URI.",
        fix="Write the full address, with its scheme (https://...).",
        example=_line(_source(url="www.example.org/article")),
        files=(("sources/example.txt", _TEXT),),
    ),
    Code(
        code="pattern-trailing-newline",
        severity="error",
        layer="schema",
        title="Line break at the end of a value",
        meaning="A string matches its pattern only because Python's regular expressions let $ "
        "match before a final line break; JSON Schema engines in other languages refuse it.",
        fix="Remove the line break (\\n) from the end of the value.",
        example=_line(_event(id="evt-example\n")),
    ),
    # --- semantics: ids and references ---
    Code(
        code="id-duplicate",
        severity="error",
        layer="semantics",
        title="Id used twice",
        meaning="Two records in the contributed files have the same id; the message names the "
        "line of the first one.",
        fix="Give each record its own id.",
        example=_line(_event()) + "\n" + _line(_event(type="CONSULT")),
    ),
    Code(
        code="id-in-release",
        severity="error",
        layer="semantics",
        title="Id already in the release",
        meaning="The release already has a record with this id. Ids are never reused: a new "
        "record needs a new id, and a released record is corrected by the maintainers.",
        fix="Choose another id; to correct a released record, open an issue.",
        example=_line(_event(id="evt-oreshnik-test")),
    ),
    Code(
        code="ref-unresolved",
        severity="error",
        layer="semantics",
        title="Reference to an unknown record",
        meaning="A field that refers to a record (an actor, a span's source, an anchor, about, "
        "drivers, a link) names an id that is neither in the contributed files nor in the "
        "release.",
        fix="Correct the id, or add the record it refers to.",
        example=_line(_event(actors=[{"actor": "act-atlantis", "role": "initiator"}])),
    ),
    Code(
        code="ref-withdrawn",
        severity="error",
        layer="semantics",
        title="Reference to a withdrawn record",
        meaning="An active record refers to a record that is withdrawn.",
        fix="Refer to the record that supersedes it (its superseded_by), or withdraw this one.",
        example=_line(_event(id="evt-old", status="withdrawn", withdrawn_reason="A duplicate."))
        + "\n"
        + _line(_event(links=[{"rel": "refers_to", "target": "evt-old"}])),
    ),
    Code(
        code="ref-self",
        severity="error",
        layer="semantics",
        title="Record refers to itself",
        meaning="A record links to itself or is superseded by itself.",
        fix="Name the other record meant.",
        example=_line(_event(links=[{"rel": "same_as", "target": "evt-example"}])),
    ),
    Code(
        code="ref-kind",
        severity="error",
        layer="semantics",
        title="Superseded by another kind of record",
        meaning="A record is superseded by a record of another kind (an event by a statement).",
        fix="Name a record of the same kind in superseded_by.",
        example=_line(
            _event(
                status="withdrawn",
                withdrawn_reason="Reported speech.",
                superseded_by="act-russia",
            )
        ),
    ),
    # --- semantics: spans and source texts ---
    Code(
        code="span-reversed",
        severity="error",
        layer="semantics",
        title="Span ends before it starts",
        meaning="A span's end offset is smaller than its start.",
        fix="Offsets are code points into the source text, start inclusive, end exclusive.",
        example=_line(
            _event(evidence=[{"source": _SOURCE, "start": 433, "end": 427, "exact": "Russia"}])
        ),
    ),
    Code(
        code="span-out-of-range",
        severity="error",
        layer="semantics",
        title="Span beyond the end of the text",
        meaning="A span ends after the last character of its source text.",
        fix="Check the offsets and the source: offsets count Unicode code points, not bytes.",
        example=_line(
            _event(evidence=[{"source": _SOURCE, "start": 4000, "end": 4006, "exact": "Russia"}])
        ),
    ),
    Code(
        code="span-mismatch",
        severity="error",
        layer="semantics",
        title="Span text does not match the source",
        meaning="A span's exact is not the source text between its start and end. The message "
        "quotes what the text has there and, when the exact text occurs elsewhere, where.",
        fix="Copy exact from the text, or correct the offsets (code points of the NFC text, as "
        "Python string indices).",
        example=_line(
            _event(evidence=[{"source": _SOURCE, "start": 420, "end": 426, "exact": "Russia"}])
        ),
    ),
    # --- semantics: rows of dataset files ---
    Code(
        code="row-source-not-dataset",
        severity="error",
        layer="semantics",
        title="Row reference into a text",
        meaning="A row reference names a source that is a text, not a dataset file: a text is "
        "quoted with spans.",
        fix="Point the row at the dataset file's source (path datasets/NAME), or quote the "
        "text with a span.",
        example=_line(_event(rows=[{"source": _SOURCE, "row": 2, "record_id": "12"}])),
    ),
    Code(
        code="span-source-is-dataset",
        severity="error",
        layer="semantics",
        title="Span quoting a dataset file",
        meaning="A span names a source that is a dataset file, which has no text to quote.",
        fix="Point at the file's row with rows instead of evidence.",
        example=_line(_dataset())
        + "\n"
        + _line(
            _event(evidence=[{"source": "src-example-data", "start": 0, "end": 2, "exact": "id"}])
        ),
        files=(("example.csv", _ROWS),),
    ),
    Code(
        code="dataset-file-hash",
        severity="error",
        layer="semantics",
        title="Dataset file does not match its sha256",
        meaning="The dataset file found for a source (given with --dataset-file, or beside the "
        "contributed file under its name) does not have the source's SHA-256: another version "
        "of the dataset, or a file changed since the import.",
        fix="Supply the very file the records were imported from, or import again from this one.",
        example=_imported(),
        files=(("example.csv", b"id,country\n12,Burma\n"),),
    ),
    Code(
        code="dataset-id-column",
        severity="error",
        layer="semantics",
        title="Dataset file without its id column",
        meaning="Rows of a dataset file are referenced, but its source gives no id_column, or "
        "the file's first row has no column of that name.",
        fix="Give id_column, the column holding each row's own id, as the file's header names it.",
        example=_imported().replace('"id_column": "id"', '"id_column": "event_id"', 1),
        files=(("example.csv", _ROWS),),
    ),
    Code(
        code="row-out-of-range",
        severity="error",
        layer="semantics",
        title="Row beyond the end of the dataset file",
        meaning="A row reference names a row the dataset file does not have (rows count the "
        "file's CSV records from 1, the header included, as RFC 7111 does).",
        fix="Correct the row number; import the records again from the file.",
        example=_imported(row=7),
        files=(("example.csv", _ROWS),),
    ),
    Code(
        code="row-id-mismatch",
        severity="error",
        layer="semantics",
        title="Row carries another id",
        meaning="The row a reference names carries another upstream id in the file's id column "
        "than the reference claims.",
        fix="Correct the row number or the record id; import the records again from the file.",
        example=_imported(record_id="13"),
        files=(("example.csv", _ROWS),),
    ),
    Code(
        code="dataset-file-absent",
        severity="warning",
        layer="semantics",
        title="Rows not checked: dataset file absent",
        meaning="Records rest on rows of a dataset file that was neither given (--dataset-file) "
        "nor found beside the file that lists its source, under the name its path gives; "
        "everything else about them is checked.",
        fix="Give the file the records were imported from with --dataset-file.",
        example=_imported(),
    ),
    Code(
        code="dataset-file-unreadable",
        severity="error",
        layer="semantics",
        title="Dataset file cannot be read",
        meaning="A dataset file given or found cannot be opened, or is not UTF-8 CSV (or "
        "tab-separated, for .tsv and .tab files) that can be read to the end.",
        fix="Give the file as published (uncompressed), or check its encoding.",
        example=_imported(),
        files=(("example.csv", b"id,country\n12,\xff\n"),),
    ),
    Code(
        code="source-text-missing",
        severity="error",
        layer="semantics",
        title="Source text not found",
        meaning="A new source record's path names no readable file; the path is read relative "
        "to the folder of the contributed file (sources/name.txt beside it).",
        fix="Put the text at the path the record gives, beside the contributed file.",
        example=_line(_source()),
    ),
    Code(
        code="source-text-unsafe",
        severity="error",
        layer="semantics",
        title="Source text is not a plain file inside the folder",
        meaning="A new source record's path names a symbolic link, a device, a FIFO or a "
        "socket, or a file larger than 64 MiB. The validator never reads through a link or "
        "from a special file, so a contribution cannot make it read (and quote) files outside "
        "its folder.",
        fix="Put the text itself, as a regular file, at the path the record gives.",
        example=None,
    ),
    Code(
        code="source-text-not-utf8",
        severity="error",
        layer="semantics",
        title="Source text is not UTF-8",
        meaning="The text file of a new source is not UTF-8 (here it is Latin-1); its spans "
        "cannot be checked.",
        fix="Save the text as UTF-8 (and recompute its sha256).",
        example=_line(_source()),
        files=(("sources/example.txt", "Café talks began on Monday.".encode("latin-1")),),
    ),
    Code(
        code="source-text-not-nfc",
        severity="error",
        layer="semantics",
        title="Source text is not NFC",
        meaning="The text file of a new source is not in Unicode normalization form C, so the "
        "same words can have other code points and offsets. Here é is written as e and a "
        "combining accent.",
        fix="Normalize the text to NFC (unicodedata.normalize('NFC', text)) before annotating "
        "it, and recompute its sha256.",
        example=_line(_source("Cafe\u0301 talks began on Monday.".encode())),
        files=(("sources/example.txt", "Cafe\u0301 talks began on Monday.".encode()),),
    ),
    Code(
        code="source-text-hash",
        severity="error",
        layer="semantics",
        title="Source text does not match its sha256",
        meaning="The SHA-256 of the text file of a new source is not the record's sha256: the "
        "text changed after the record was written, or the digest was taken of other bytes.",
        fix="Recompute the sha256 of the file's bytes (sha256sum sources/name.txt).",
        example=_line(_source()),
        files=(("sources/example.txt", b"Another text."),),
    ),
    # --- semantics: dates ---
    Code(
        code="date-invalid",
        severity="error",
        layer="semantics",
        title="Not a calendar date",
        meaning="An EDTF date has the right form but is not a day of the calendar (2023-02-29, "
        "2024-04-31), or an interval ends before it starts.",
        fix="Correct the date.",
        example=_line(_when(date="2023-02-29", precision="day", basis="text")),
    ),
    Code(
        code="date-derived-mismatch",
        severity="error",
        layer="semantics",
        title="Derived date does not follow from its anchor",
        meaning="A date with basis derived must be its anchor record's date moved by "
        "offset_days; this one is not.",
        fix="Correct the date, the anchor or offset_days.",
        example=_line(
            _when(
                date="2024-11-25",
                precision="day",
                basis="derived",
                anchor="evt-oreshnik-test",
                offset_days=1,
            )
        ),
    ),
    Code(
        code="date-anchor-undated",
        severity="error",
        layer="semantics",
        title="Anchor has no date",
        meaning="A derived date is counted from a record that has no date, so it cannot be "
        "derived.",
        fix="Date the anchor record, or use another basis (text, external or unknown).",
        example=_line(
            _when(
                date="2024-11-22",
                precision="day",
                basis="derived",
                anchor="act-russia",
                offset_days=1,
            )
        ),
    ),
    Code(
        code="when-date-missing",
        severity="error",
        layer="semantics",
        title="Basis without a date",
        meaning="The basis says how a date is known (text, derived, external), but there is "
        "no date. A record whose date is not known has basis unknown.",
        fix="Give the date, or set basis to unknown.",
        example=_line(_when(basis="text")),
    ),
    Code(
        code="when-date-unexplained",
        severity="error",
        layer="semantics",
        title="Date with basis unknown",
        meaning="A date is given, but its basis is unknown (the default). Never invent a date: "
        "say how it is known.",
        fix="Set basis to text, derived (with anchor and offset_days) or external (with "
        "reference); or remove the date.",
        example=_line(_when(date="2024-11-21", precision="day")),
    ),
    Code(
        code="when-derivation-missing",
        severity="error",
        layer="semantics",
        title="Derived date without anchor or offset",
        meaning="A derived date needs the record it is counted from (anchor) and the number of "
        "days from it (offset_days).",
        fix="Add anchor and offset_days, or use another basis.",
        example=_line(_when(date="2024-11-22", precision="day", basis="derived")),
    ),
    Code(
        code="when-reference-missing",
        severity="error",
        layer="semantics",
        title="External date without reference",
        meaning="A date known from outside the source needs a reference saying where it is "
        "known from.",
        fix="Add a reference (a source, a page, an encyclopedia article).",
        example=_line(_when(date="2024-11-21", precision="day", basis="external")),
    ),
    Code(
        code="when-precision-mismatch",
        severity="warning",
        layer="semantics",
        title="Precision does not fit the date",
        meaning="The precision says something else than the date's form: 2024-11-21 is a day, "
        "2024-11 a month, 2024 a year; no date has precision unknown.",
        fix="Set precision to what the date gives.",
        example=_line(_when(date="2024-11", precision="day", basis="text")),
    ),
    # --- semantics: vocabularies and fields that go together ---
    Code(
        code="fatalities-order",
        severity="warning",
        layer="semantics",
        title="Best estimate of deaths outside its bounds",
        meaning="An event's fatalities give a best estimate below the low estimate or above the "
        "high one. Some UCDP GED rows of early years publish such figures; an import keeps "
        "them as published, so this is a warning.",
        fix="Check the figures against the dataset; keep them as it publishes them.",
        example=_line(_event(fatalities={"best": 5, "low": 7})),
    ),
    Code(
        code="vocab-mode",
        severity="error",
        layer="semantics",
        title="Mode of another event type",
        meaning="PLOVER modes belong to event types: the mode is not one of the event type's "
        "(some types have none).",
        fix="Use a mode the message lists, or null.",
        example=_line(_event(type="ASSAULT", mode="phone")),
    ),
    Code(
        code="vocab-cue",
        severity="warning",
        layer="semantics",
        title="Cue not in the recommended list",
        meaning="Statement cues are an open vocabulary; this lemma is not one of the recommended "
        "ones (conflictdata.vocab.STATEMENT_CUES), which is often a misspelling or an inflected "
        "form.",
        fix="Use a recommended lemma (warn, not warned) where one fits; otherwise keep it.",
        example=_line(_statement(cue="warned")),
    ),
    Code(
        code="speaker-xor-text",
        severity="error",
        layer="semantics",
        title="Speaker and speaker_text",
        meaning="A statement names its speaker either as an actor id (speaker) or as written "
        "(speaker_text, such as 'analysts'): exactly one of them.",
        fix="Keep one: the actor id when the speaker is one actor, the text otherwise.",
        example=_line(_statement(speaker_text="Moscow")),
    ),
    Code(
        code="holder-xor-text",
        severity="error",
        layer="semantics",
        title="Holder and holder_text",
        meaning="An implication names who projects it either as an actor id (holder) or as "
        "written (holder_text, such as 'the author'): exactly one of them.",
        fix="Keep one: the actor id when the holder is one actor, the text otherwise.",
        example=_line(_implication(holder_text=None)),
    ),
    Code(
        code="likelihood-scale-missing",
        severity="error",
        layer="semantics",
        title="Likelihood value without scale",
        meaning="A likelihood has a value or bounds but no scale to read them on.",
        fix="Set scale to FactBank or ICD-203.",
        example=_line(_implication(likelihood={"verbal": "could", "value": "PS+"})),
    ),
    Code(
        code="likelihood-value",
        severity="error",
        layer="semantics",
        title="Likelihood value not on its scale",
        meaning="On the FactBank scale the value is a factuality (PS+ for could, may, might); on "
        "ICD-203 it is one of its expressions (likely, very unlikely, ...).",
        fix="Use a value of the scale, or the other scale.",
        example=_line(
            _implication(likelihood={"verbal": "could", "scale": "FactBank", "value": "likely"})
        ),
    ),
    Code(
        code="likelihood-bounds",
        severity="error",
        layer="semantics",
        title="Likelihood bounds off the scale",
        meaning="FactBank values are unquantified (low and high are null); an ICD-203 "
        "expression has exactly its band (likely: 0.55 to 0.80). Do not invent numbers.",
        fix="Use null bounds for FactBank, the expression's band for ICD-203.",
        example=_line(
            _implication(
                likelihood={
                    "verbal": "likely",
                    "scale": "ICD-203",
                    "value": "likely",
                    "low": 0.6,
                    "high": 0.9,
                }
            )
        ),
    ),
    Code(
        code="withdrawn-reason-missing",
        severity="error",
        layer="semantics",
        title="Withdrawn without a reason",
        meaning="A withdrawn record must say why (withdrawn_reason).",
        fix="Add withdrawn_reason, and superseded_by when another record replaces it.",
        example=_line(_event(status="withdrawn")),
    ),
    Code(
        code="status-inconsistent",
        severity="error",
        layer="semantics",
        title="Active record with withdrawal fields",
        meaning="An active record has withdrawn_reason or superseded_by, which only a withdrawn "
        "record has.",
        fix="Set status to withdrawn, or remove those fields.",
        example=_line(_event(withdrawn_reason="A duplicate.")),
    ),
    Code(
        code="internal-error",
        severity="error",
        layer="semantics",
        title="The validator failed on a line",
        meaning="Checking this line raised an unexpected error in the validator; the other "
        "lines are checked as usual. This is a bug.",
        fix="Please report it with the line that caused it.",
        example=None,
    ),
)

#: An :class:`~conflictdata.validation._report.Issue` of a registered code, with its severity.
issue = CODES.issue
