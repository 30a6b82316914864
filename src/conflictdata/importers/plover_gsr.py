"""The PLOVER gold standard records (``PLOVER_GSR_CAMEO.txt``, format 0.5b1), as events that
rest on spans of their coded sentences.

Each record's ``text`` (the coded sentence) becomes a source text, and its event's evidence is
spans of it: the trigger (the ``(EVT: ...)`` marks of ``textInfo.markup``, or ``eventText``
where the record has no markup), the actors (``(SRC: ...)``, ``(TAR: ...)``,
``(SRC/TAR: ...)``) and the place (``(LOC: ...)``). PLOVER 0.5 names become 2.0 ones by the
rules of ``_plover``; the placeholder date ``2000-01-01`` of every
record is unknown, not a date. The ``DOCUMENT`` record (the file's header) is not an event and
is counted, not imported. The file is a JSON array (read whole, up to 64 MiB) or JSON Lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from typing import Any, cast

from conflictdata.importers._crosswalk import CROSSWALK_VERSION, iso_country
from conflictdata.importers._json import FieldError, JsonItem, JsonRecords
from conflictdata.importers._markup import find_words, marks
from conflictdata.importers._plover import (
    AUXILIARY_MODES,
    NotAnEvent,
    UnknownCategory,
    actor_type,
    code,
)
from conflictdata.importers._records import Skipped, slug
from conflictdata.importers._texts import ImportedTexts, SourceTexts, nfc, span_of
from conflictdata.models import (
    Actor,
    Event,
    EventActor,
    Fatalities,
    Location,
    Record,
    Source,
    Span,
    When,
)
from conflictdata.vocab import EventRole, LocationPrecision, SpanRole

__all__ = ["PLACEHOLDER_DATE", "read"]

#: The date every gold standard record gives: a placeholder, not the event's date.
PLACEHOLDER_DATE = "2000-01-01"
_FAMILY = "plover-gsr"
_LICENSE = "CC BY-SA 4.0 (Open Event Data Alliance; Parus Analytics)"
_URL = "https://github.com/openeventdata/PLOVER"
_CITATION = (
    "Open Event Data Alliance. 2016. PLOVER gold standard records (PLOVER_GSR_CAMEO), "
    "format 0.5b1: example sentences of the CAMEO 1.1b3 manual coded in PLOVER. "
    "https://github.com/openeventdata/PLOVER"
)
_ROLES: dict[str, SpanRole] = {
    "EVT": "trigger",
    "SRC": "actor",
    "TAR": "actor",
    "SRC/TAR": "actor",
    "LOC": "place",
}


def read(path: str, *, version: str | None = None) -> ImportedTexts:
    """The records of a PLOVER gold standard file, read as they are iterated; ``version`` is
    the PLOVER format of the file (``0.5b1``, the one published, when not given)."""
    reader = JsonRecords(path)
    given = version or "0.5b1"
    seen: Counter[str] = Counter()
    return ImportedTexts(
        reader,
        lambda item, texts: list(_records(item, texts, given, seen)),
        family=_FAMILY,
        version=given,
    )


#: The fields of format 0.5b1 and their names in the PLOVER 2.0 manual's data fields chapter.
_ALIASES = {
    "source": ("source", "actor"),
    "target": ("target", "recipient"),
    "eventText": ("eventText", "event_text"),
    "textInfo": ("textInfo", "text_info"),
    "eventLoc": ("eventLoc", "event_loc"),
}
#: The words of an actor: 0.5b1's, the 2.0 entity object's, the 2.0 sector chapter's.
_ACTOR_TEXT = ("actorText", "entity_text", "raw_text")


def _named(record: dict[str, Any], key: str) -> tuple[str, Any]:
    """The name the record uses for the field ``key`` (0.5b1 or 2.0) and its value."""
    for name in _ALIASES.get(key, (key,)):
        if name in record:
            return name, record[name]
    return key, None


def _text(record: dict[str, Any], key: str) -> str | None:
    name, value = _named(record, key)
    if value is None or value == "":
        return None
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return " ... ".join(value) or None  # 2.0: a list of event texts
    if not isinstance(value, str):
        raise FieldError(f"/{name}", value, "not a string")
    return value


def _records(
    item: JsonItem, texts: SourceTexts, version: str, seen: Counter[str]
) -> Iterator[Record]:
    """The records of one gold standard record. ``seen`` counts the ids met: the published
    file uses some twice, and a repeat's events get the suffix ``-2``, ``-3``, ..."""
    record = item.value or {}
    upstream = _text(record, "id")
    if upstream is None or not slug(upstream):
        raise FieldError("/id", record.get("id"), "no record id")
    repeat = seen[upstream]
    categories = _list(record, "event", "\0")
    if not categories:
        raise FieldError("/event", record.get("event"), "no event category")
    category = ", ".join(categories)
    modes = _list(record, "mode", ",")
    contexts = _list(record, "context", ",")
    codings = []
    for index, each in enumerate(categories):
        pointer = "/event" if isinstance(record.get("event"), str) else f"/event/{index}"
        try:
            given = modes if len(categories) == 1 else _modes_of(each, modes)
            codings += code(each, given, contexts, factuality="CT+")
        except NotAnEvent:
            raise Skipped(f"{each}: not an event (the file's header record)") from None
        except UnknownCategory as exc:
            raise FieldError(pointer, each, str(exc)) from None
    sentence = _text(record, "text")
    if sentence is None:
        raise FieldError("/text", record.get("text"), "no coded sentence")
    text = nfc(sentence)
    markup = _markup(record)
    initiators = _entities(record, "source")
    targets = _entities(record, "target")
    title = f"PLOVER gold standard record {upstream}: the coded sentence"

    def make(source_id: str, path: str, digest: str) -> Source:
        return Source(
            id=source_id,
            title=title,
            publisher=_text(record, "publication") or "Open Event Data Alliance",
            url=_URL,
            language=_text(record, "language") or "en",
            sha256=digest,
            path=path,
            license=_LICENSE,
            version=version,
            citation=_CITATION,
        )

    source = texts.source(text, make)
    evidence, missed = _evidence(text, markup, _text(record, "eventText"), source)
    reciprocal = not targets and markup is not None and "(SRC/TAR" in markup
    taking_part: list[EventActor] = []
    actors: list[Actor] = []
    for entities, role in ((initiators, "initiator"), (targets, "target")):
        for entity in entities:
            actor = _actor(entity, text, source)
            actors.append(actor)
            chosen: EventRole = "participant" if reciprocal else cast(EventRole, role)
            taking_part.append(EventActor(actor=actor.id, role=chosen))
    yield from actors
    when = _when(record)
    where, place_notes = _where(record)
    comment = _text(record, "comment")
    fatalities, counts = _counts(record)
    seen[upstream] += 1
    again = [f"the id is also that of {repeat} earlier record(s) of the file"] if repeat else []
    for coding in codings:
        several = len(categories) > 1
        suffix = f"-{slug(coding.type)}" if several else ""
        suffix += f"-{slug(coding.mode or 'none')}" if len(codings) > 1 else ""
        suffix += f"-{repeat + 1}" if repeat else ""
        note = [
            f"PLOVER gold standard {upstream} (format {_text(record, 'version') or version})",
            f"event {category!r}, mode {record.get('mode')!r}, context {record.get('context')!r}",
            *again,
            *coding.kept,
            *(f"auxiliary mode {aux}" for aux in coding.auxiliary),
            *missed,
            *counts,
            *place_notes,
            *([f"comment: {comment}"] if comment else []),
            f"coded with conflictdata crosswalks {CROSSWALK_VERSION}",
        ]
        yield Event(
            id=f"evt-plover-gsr-{slug(upstream)}{suffix}",
            type=coding.type,
            mode=coding.mode,
            context=coding.context,
            summary=_summary(coding.type, coding.mode, actors, taking_part),
            actors=tuple(dict.fromkeys(taking_part)),
            when=when,
            where=where,
            factuality=coding.factuality,
            fatalities=fatalities,
            evidence=evidence,
            note="; ".join(note),
        )


def _list(record: dict[str, Any], key: str, separator: str) -> list[str]:
    """A field that PLOVER gives as a string (``separator``-joined) or a list of strings."""
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(separator) if part.strip()]
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return [part.strip() for part in value if part.strip()]
    raise FieldError(f"/{key}", value, "not a string or a list of strings")


def _markup(record: dict[str, Any]) -> str | None:
    """``textInfo.markup``, or ``textInfo`` itself where the file gives a string (2.0's
    ``text_info`` holds offsets of the sentence in its story, and no marks)."""
    name, info = _named(record, "textInfo")
    if info is None or isinstance(info, str):
        return info or None
    if isinstance(info, dict):
        markup = info.get("markup")
        if markup is None or isinstance(markup, str):
            return markup or None
        raise FieldError(f"/{name}/markup", markup, "not a string")
    raise FieldError(f"/{name}", info, "not an object or a string")


def _modes_of(category: str, modes: list[str]) -> list[str]:
    """Of a record's modes, those of ``category`` (where the record has several categories):
    2.0 modes of its type and 0.5 modes the tables know for it; the auxiliary modes go with
    every category."""
    mine = []
    for mode in modes:
        try:
            kept = code(category, [mode], []).pop().kept
        except (NotAnEvent, UnknownCategory):
            continue
        if mode in AUXILIARY_MODES or not any(line.startswith("mode ") for line in kept):
            mine.append(mode)
    return mine


def _entities(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The actors of ``source`` or ``target`` (2.0: ``actor``, ``recipient``): a list of
    objects, one object, or empty; each with its words (``actorText``, 2.0 ``entity_text``)."""
    name, value = _named(record, key)
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise FieldError(f"/{name}", value, "not a list of actors")
    for index, entity in enumerate(value):
        if not isinstance(entity, dict):
            raise FieldError(f"/{name}/{index}", entity, "an actor is an object")
        words = next((entity[field] for field in _ACTOR_TEXT if field in entity), None)
        if not isinstance(words, str) or not words.strip():
            raise FieldError(f"/{name}/{index}/actorText", words, "no actor text")
        for field in ("code", "sector", "wikidata_id", "identifier_id"):
            if entity.get(field) is not None and not isinstance(entity[field], str):
                raise FieldError(f"/{name}/{index}/{field}", entity[field], "not a string")
    return value


def _evidence(
    text: str, markup: str | None, event_text: str | None, source: str
) -> tuple[tuple[Span, ...], list[str]]:
    """The spans of the marks (or of ``eventText`` where there is no markup), and a note of
    each mark whose words are not in the sentence."""
    spans: list[Span] = []
    missed: list[str] = []
    cursor = 0
    found = marks(nfc(markup)) if markup else []
    for mark in found:
        place = find_words(text, mark.words, cursor)
        if place is None:
            missed.append(f"mark ({mark.tag}: {mark.words}) not in the sentence")
            continue
        cursor = place[0]
        span = span_of(text, place[0], place[1], source, _ROLES[mark.tag])
        if span is not None:
            spans.append(span)
    if not found and event_text:
        cursor = 0
        for part in nfc(event_text).split("..."):
            if not part.strip():
                continue
            place = find_words(text, part, cursor)
            if place is None:
                missed.append(f"eventText part {part.strip()!r} not in the sentence")
                continue
            cursor = place[1]
            span = span_of(text, place[0], place[1], source, "trigger")
            if span is not None:
                spans.append(span)
    if not spans:
        whole = span_of(text, 0, len(text), source, "content")
        if whole is not None:
            spans.append(whole)
    return tuple(dict.fromkeys(spans)), missed


def _actor(entity: dict[str, Any], text: str, source: str) -> Actor:
    """An actor of its words, PLOVER country code and sector; a Wikidata id the coder gives
    (2.0 ``identifier_id``, ``wikidata_id``) is kept in the note: a coder's resolution is not
    certain."""
    words_given = next(entity[field] for field in _ACTOR_TEXT if field in entity)
    name = " ".join(str(words_given).split())
    plover_code = (entity.get("code") or "").strip() or None
    sector = (entity.get("sector") or "").strip() or None
    country = _country(plover_code)
    key = f"{plover_code}|{sector}|{name}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    words = slug(name)[:60].strip("-")
    evidence: list[Span] = []
    cursor = 0
    for part in nfc(name).split("..."):
        if not part.strip():
            continue
        place = find_words(text, part, cursor)
        if place is None:
            evidence = []
            break
        cursor = place[1]
        span = span_of(text, place[0], place[1], source, "mention")
        if span is not None:
            evidence.append(span)
    parts = [f"PLOVER code {plover_code!r}", f"sector {sector!r}"]
    for field in ("identifier_id", "wikidata_id"):
        if entity.get(field):
            parts.append(f"{field} {entity[field]!r} (not checked)")
    return Actor(
        id=f"act-plover-{slug(plover_code or 'none')}-{words}-{digest}"
        if words
        else f"act-plover-{digest}",
        name=name,
        type=actor_type(sector, plover_code, is_country=country is not None),
        country=country,
        evidence=tuple(evidence),
        note=", ".join(parts),
    )


def _country(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of a PLOVER country code or an ISO alpha-2 one (pycountry);
    None for PLOVER's codes that are not countries (IGO, UNO, NGO, ...) and unknown codes."""
    return iso_country(value, alpha_2=True)


def _when(record: dict[str, Any]) -> When:
    """Unknown for the placeholder ``2000-01-01`` (and a missing date); a day the coder gives
    otherwise, known from outside the sentence."""
    date = _text(record, "date")
    if date is None or date == PLACEHOLDER_DATE:
        return When()
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise FieldError("/date", date, "not a calendar date (YYYY-MM-DD)") from None
    return When(
        date=day.isoformat(),
        precision="day",
        basis="external",
        reference=f"PLOVER gold standard record {record['id']}",
    )


#: PLOVER 2.0's location ``resolution``: 5 below a city, 4 a city, 3 a district, 2 a
#: province, 1 the country.
_RESOLUTION: dict[int, LocationPrecision] = {
    5: "exact",
    4: "exact",
    3: "region",
    2: "region",
    1: "country",
}


def _where(record: dict[str, Any]) -> tuple[Location | None, list[str]]:
    """The place of 0.5b1's ``eventLoc`` (``name``, ``country code``) or 2.0's ``event_loc``
    (``resolved_place`` or ``extracted_place``, ``country_code``, ``lat``, ``lon``,
    ``resolution``), and the note of a country code that is not ISO 3166. 0.5b1 gives no
    precision: the least, ``country``, is claimed."""
    key, place = _named(record, "eventLoc")
    if place is None or place == "":
        return None, []
    if not isinstance(place, dict):
        raise FieldError(f"/{key}", place, "not an object")
    field = next(
        (name for name in ("name", "resolved_place", "extracted_place") if place.get(name)), "name"
    )
    name = place.get(field)
    if not isinstance(name, str) or not name.strip():
        raise FieldError(f"/{key}/{field}", name, "no place name")
    code_field = "country code" if "country code" in place else "country_code"
    given = place.get(code_field)
    if given is not None and not isinstance(given, str):
        raise FieldError(f"/{key}/{code_field}", given, "not a string")
    coordinates = []
    for axis, bound in (("lat", 90), ("lon", 180)):
        value = place.get(axis)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > bound
        ):
            raise FieldError(f"/{key}/{axis}", value, f"not a number between -{bound} and {bound}")
        coordinates.append(None if value is None else float(value))
    resolution = place.get("resolution")
    if resolution is not None and resolution not in _RESOLUTION:
        raise FieldError(f"/{key}/resolution", resolution, "not a resolution from 1 to 5")
    country = _country(given)
    notes = [f"place country code {given!r} not ISO 3166"] if given and country is None else []
    location = Location(
        name=name.strip(),
        country=country,
        lat=coordinates[0],
        lon=coordinates[1],
        precision="country" if resolution is None else _RESOLUTION[resolution],
    )
    return location, notes


def _counts(record: dict[str, Any]) -> tuple[Fatalities | None, list[str]]:
    """Deaths from ``dead`` where it is a whole number; ``size``, ``injured`` and a ``dead``
    that is not a number (``scores``) in the note."""
    kept: list[str] = []
    fatalities = None
    for key in ("dead", "injured", "size"):
        value = record.get(key)
        if value is None or value == "":
            continue
        text = str(value).strip()
        if key == "dead" and text.isascii() and text.isdigit():
            fatalities = Fatalities(best=int(text))
        else:
            kept.append(f"{key} {text!r}")
    return fatalities, kept


def _summary(
    kind: str, mode: str | None, actors: list[Actor], taking_part: list[EventActor]
) -> str:
    names = {actor.id: actor.name for actor in actors}
    by_role: dict[str, list[str]] = {}
    for part in taking_part:
        by_role.setdefault(part.role, []).append(names[part.actor])
    coded = f"PLOVER {kind}" + (f" ({mode})" if mode else "")
    pieces = [f"{role} {', '.join(dict.fromkeys(found))}" for role, found in by_role.items()]
    return f"{coded}: {'; '.join(pieces)}." if pieces else f"{coded}, no actor coded."
