"""Layer 3 of validation, one record at a time: the rules a record can break on its own.

:func:`check_record` takes a record that passed the schema (a presence mirror from
:mod:`conflictdata.validation._schema_fast`, or
:func:`~conflictdata.validation._schema_layer.to_struct`, where absent fields are ``UNSET``) and returns the problems
it has alone (dates that are not calendar days, a ``when`` whose basis does not fit its fields,
a PLOVER mode of another event type, a likelihood off its scale, a withdrawn record without a
reason, ...) and the :class:`~conflictdata.validation._facts.Facts` the checks across records need: its id, status and date,
what it references and the spans it quotes.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec

from conflictdata._dates import DateRange, bounds
from conflictdata.models import DATASET_DIR, RECORD_CLASSES
from conflictdata.validation._facts import Facts
from conflictdata.validation._json_layer import Problem
from conflictdata.vocab import (
    EVENT_MODES,
    FACTUALITIES,
    ICD203_BANDS,
    STATEMENT_CUES,
    EventType,
    RecordKind,
)

__all__ = ["check_record", "date_range"]

UNSET = msgspec.UNSET
DATASET_PREFIX = DATASET_DIR + "/"


_new_facts = tuple.__new__  # Facts(...) without the call of its Python-level __new__


def _given(value: Any) -> Any:
    """The value of a field, None for an absent one."""
    return None if value is UNSET else value


# Hot code below reads optional fields by truth: UNSET, None and () are false, and every text
# or id a record holds is at least one character long. Numbers, which may be 0, go by _given.


@functools.lru_cache(maxsize=4096)
def date_range(edtf: str) -> DateRange | str:
    """The days an EDTF string that matches the schema denotes, or why it is not a date."""
    try:
        return bounds(edtf)
    except ValueError as exc:
        return str(exc)


def check_record(kind: RecordKind, record: Any) -> tuple[list[Problem], Facts]:
    """The problems of one schema-valid record on its own, and its :class:`Facts`."""
    problems: list[Problem] = []
    references: list[Any] = []
    spans: list[Any] = []
    record_id: str = record.id
    active = record.status != "withdrawn"
    if not active or record.withdrawn_reason or record.superseded_by:
        _status(record, record_id, active, problems, references)
    links = record.links
    if links:
        for index, link in enumerate(links):
            references += ("/links/{}/target", index, link.target)
            if link.target == record_id:
                pointer = f"/links/{index}/target"
                problems.append(("ref-self", "a record cannot link to itself", pointer))
    evidence = record.evidence
    if evidence:
        for index, span in enumerate(evidence):
            source, start, end = span.source, span.start, span.end
            if end < start:
                references += ("/evidence/{}/source", index, source)
                message = f"the span ends (at {end}) before it starts (at {start})"
                problems.append(("span-reversed", message, f"/evidence/{index}"))
            else:
                spans += (index, source, start, end, span.exact)
    rows = record.rows
    if rows:  # checked against their files, when given, by conflictdata.validation._rows
        for index, row in enumerate(rows):
            references += ("/rows/{}/source", index, row.source)
    date = derived = source_file = None
    dated_by = _DATED_BY.get(kind)
    when = getattr(record, dated_by) if dated_by else None
    if when:
        found, referred, date, derived = _when(when, dated_by)
        if found:
            problems += found
        if referred:
            references += referred
    # IdField.ids() written out: this runs for every record, and a generator per field costs.
    for name, many, item, pointer in _ID_FIELDS[kind]:
        value = getattr(record, name)
        if not value:
            continue
        if not many:
            references += (pointer, None, value)
        elif item:
            for index, element in enumerate(value):
                references += (pointer, index, getattr(element, item))
        else:
            for index, target in enumerate(value):
                references += (pointer, index, target)
    if kind == "event":
        _event(record, problems)
    elif kind == "statement":
        _statement(record, problems)
    elif kind == "implication":
        _implication(record, problems)
    elif kind == "source":
        if not record.path.startswith(DATASET_PREFIX):  # a dataset file has no text to read
            source_file = (record.path, record.sha256)
    else:
        _actor(record, problems)
    facts = _new_facts(Facts, (record_id, active, date, references, spans, derived, source_file))
    return problems, facts


def _status(
    record: Any, record_id: str, active: bool, problems: list[Problem], references: list[Any]
) -> None:
    reason, successor = record.withdrawn_reason, record.superseded_by
    if not active and not reason:
        message = "a withdrawn record needs a withdrawn_reason"
        problems.append(("withdrawn-reason-missing", message, "/withdrawn_reason"))
    if active:
        for name, value in (("withdrawn_reason", reason), ("superseded_by", successor)):
            if value:
                message = f"an active record has {name}: withdraw it, or remove {name}"
                problems.append(("status-inconsistent", message, "/" + name))
    if successor:
        references += ("/superseded_by", None, successor)
        if successor == record_id:
            problems.append(("ref-self", "a record cannot supersede itself", "/superseded_by"))
        elif successor.partition("-")[0] != record_id.partition("-")[0]:
            message = f"{successor!r} is another kind of record than {record_id!r}"
            problems.append(("ref-kind", message, "/superseded_by"))


def _check_date(value: Any, pointer: str, problems: list[Problem]) -> bool:
    """Add ``date-invalid`` for an EDTF value that is not a date; whether it is one."""
    if not value:
        return False
    found = date_range(value)
    if isinstance(found, str):
        problems.append(("date-invalid", found, pointer))
        return False
    return True


#: The field that dates a record, by kind.
_DATED_BY = {kind: cls.when_field for kind, cls in RECORD_CLASSES.items() if cls.when_field}
#: The fields that hold ids of other records, by kind: (name, many, item, pointer template).
_ID_FIELDS = {
    kind: tuple((field.name, field.many, field.item, field.pointer) for field in cls.id_fields)
    for kind, cls in RECORD_CLASSES.items()
}

# The precision an EDTF form states by itself: 2024-11-21 a day, 2024-11 a month, 2024 a year.
_PRECISION_OF_LENGTH = {10: "day", 7: "month", 4: "year"}


@functools.lru_cache(maxsize=4096)
def _when(
    when: Any, field: str
) -> tuple[tuple[Problem, ...], tuple[Any, ...], str | None, tuple[str, str, int, str] | None]:
    """Check a When (the record's ``field``): its problems, its references (flattened, as in
    :class:`Facts`), its date (if valid) and its derivation (if it has one). Records share
    their Whens (most say nothing is known), so the answers are remembered."""
    pointer = "/" + field
    problems: list[Problem] = []
    date: str | None = when.date or None
    basis = when.basis or "unknown"
    precision = when.precision or "unknown"
    anchor = when.anchor
    valid = _check_date(date, pointer + "/date", problems)
    references = (pointer + "/anchor", None, anchor) if anchor else ()
    if basis == "unknown":
        if date:
            message = f"the date {date!r} has basis 'unknown': is it text, derived or external?"
            problems.append(("when-date-unexplained", message, pointer + "/basis"))
    elif not date:
        message = f"basis {basis!r} needs a date; with no date the basis is 'unknown'"
        problems.append(("when-date-missing", message, pointer + "/date"))
    offset = _given(when.offset_days)
    if basis == "derived" and (not anchor or offset is None):
        message = "a derived date needs the anchor record and offset_days it is counted from"
        problems.append(("when-derivation-missing", message, pointer))
    elif basis == "external" and not when.reference:
        message = "an external date needs a reference saying where it is known from"
        problems.append(("when-reference-missing", message, pointer + "/reference"))
    if valid and date:
        stated = _PRECISION_OF_LENGTH.get(len(date.rstrip("~?%"))) if "/" not in date else None
        if stated is not None and precision != stated:
            message = f"the date {date!r} is given to the {stated}, but precision is {precision!r}"
            problems.append(("when-precision-mismatch", message, pointer + "/precision"))
        if basis == "derived" and anchor and offset is not None:
            return tuple(problems), references, date, (pointer, anchor, offset, date)
        return tuple(problems), references, date, None
    if not date and precision != "unknown":
        message = f"precision is {precision!r} but there is no date"
        problems.append(("when-precision-mismatch", message, pointer + "/precision"))
    return tuple(problems), references, None, None


def _event(record: Any, problems: list[Problem]) -> None:
    mode = record.mode
    event_type: EventType = record.type
    if mode and mode not in EVENT_MODES[event_type]:
        modes = EVENT_MODES[event_type]
        allowed = f"its modes are {', '.join(modes)}" if modes else "it has no modes"
        message = f"{mode!r} is not a PLOVER mode of {event_type}: {allowed}"
        problems.append(("vocab-mode", message, "/mode"))
    deaths = record.fatalities
    if deaths:
        best, low, high = deaths.best, _given(deaths.low), _given(deaths.high)
        if (low is not None and low > best) or (high is not None and high < best):
            bounds = (
                f"low {low}" if high is None else f"high {high}" if low is None else f"{low}-{high}"
            )
            message = f"the best estimate {best} is outside the bounds ({bounds})"
            problems.append(("fatalities-order", message, "/fatalities/best"))


def _statement(record: Any, problems: list[Problem]) -> None:
    speaker = record.speaker
    if bool(speaker) == bool(record.speaker_text):
        _one_of(speaker, "speaker", problems)
    if record.cue not in STATEMENT_CUES:
        message = f"{record.cue!r} is not a recommended cue lemma; check the spelling or the list"
        problems.append(("vocab-cue", message, "/cue"))


def _implication(record: Any, problems: list[Problem]) -> None:
    holder = record.holder
    if bool(holder) == bool(record.holder_text):
        _one_of(holder, "holder", problems)
    _likelihood(record.likelihood, problems)
    _check_date(record.horizon, "/horizon", problems)
    if record.resolution:
        _check_date(record.resolution.as_of, "/resolution/as_of", problems)


def _actor(record: Any, problems: list[Problem]) -> None:
    for index, role in enumerate(record.roles or ()):
        _check_date(role.start, f"/roles/{index}/start", problems)
        _check_date(role.end, f"/roles/{index}/end", problems)


def _one_of(actor: str | None, name: str, problems: list[Problem]) -> None:
    """Report that not exactly one of ``name`` (an actor id) and ``name_text`` is given."""
    given = "both" if actor else "neither"
    message = f"give exactly one of {name} (an actor id) and {name}_text; {given} is given"
    problems.append((f"{name}-xor-text", message, "/" + name))


def _likelihood(likelihood: Any, problems: list[Problem]) -> None:
    scale = _given(likelihood.scale)
    value = _given(likelihood.value)
    low, high = _given(likelihood.low), _given(likelihood.high)
    if scale is None:
        if value is not None or low is not None or high is not None:
            message = "a likelihood value or bounds need a scale (FactBank or ICD-203)"
            problems.append(("likelihood-scale-missing", message, "/likelihood/scale"))
        return
    if scale == "FactBank":
        if value not in FACTUALITIES:
            message = f"{value!r} is not a FactBank value: use one of {', '.join(FACTUALITIES)}"
            problems.append(("likelihood-value", message, "/likelihood/value"))
        if low is not None or high is not None:
            message = "FactBank values are not numbers: low and high must be null"
            problems.append(("likelihood-bounds", message, "/likelihood/low"))
        return
    band = ICD203_BANDS.get(value) if value is not None else None
    if band is None:
        message = f"{value!r} is not an ICD 203 expression: use one of {', '.join(ICD203_BANDS)}"
        problems.append(("likelihood-value", message, "/likelihood/value"))
    elif (low, high) != band:
        message = f"ICD 203 {value!r} is the band {band[0]}-{band[1]}: low and high must be these"
        problems.append(("likelihood-bounds", message, "/likelihood/low"))
