"""NGEC: the events of the coder that produces POLECAT (``ahalterman/NGEC``), one JSON object
per event (``events_processed.jsonl``), as events that rest on spans of their story.

Each event's ``event_text`` (the story) becomes a source text, shared by every event coded
from it, and the event's evidence is spans of it at the character offsets NGEC gives for the
actor, recipient, place and date (``attributes.ACTOR`` ... ``[].qa_start_char``/
``qa_end_char``); NGEC gives no offsets of a trigger. Each event has one type; a list of modes
(``"ACCUSE-disapprove"``, as NGEC has them before it splits them) gives one event per mode, as
NGEC itself does. Machine-coded, an event's factuality is ``Uu`` unless an auxiliary mode says
otherwise. The file is JSON Lines, read a line at a time (or a JSON array, read whole up to
64 MiB).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any, cast

from conflictdata.importers._crosswalk import iso_country
from conflictdata.importers._json import FieldError, JsonItem, JsonRecords
from conflictdata.importers._plover import (
    NotAnEvent,
    UnknownCategory,
    actor_type,
    code,
    coded_events,
)
from conflictdata.importers._records import Skipped, slug
from conflictdata.importers._texts import ImportedTexts, SourceTexts, nfc, span_of
from conflictdata.models import (
    Actor,
    EventActor,
    Location,
    Record,
    Source,
    Span,
    When,
)
from conflictdata.vocab import EventRole, LocationPrecision, SpanRole

__all__ = ["read"]

_FAMILY = "ngec"
#: The attributes NGEC's question-answering model finds, with the role of their spans.
_ATTRIBUTES: dict[str, SpanRole] = {
    "ACTOR": "actor",
    "RECIP": "actor",
    "LOC": "place",
    "DATE": "time",
}
#: NGEC's words for "no date in the text: the publication date is used".
_NO_DATE = ("No date detected", "dateparser failed")


def read(path: str, *, version: str | None = None) -> ImportedTexts:
    """The records of an NGEC events file, read as they are iterated; ``version`` names the
    coder's run (each event's own ``version`` is kept in its note)."""
    reader = JsonRecords(path)
    return ImportedTexts(
        reader,
        lambda item, texts: list(_records(item, texts)),
        family=_FAMILY,
        version=version or "",
    )


def _string(pointer: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldError(pointer, value, "not a string")
    return value


def _records(item: JsonItem, texts: SourceTexts) -> Iterator[Record]:
    record = item.value or {}
    upstream = _string("/id", record.get("id"))
    if upstream is None or not slug(upstream):
        raise FieldError("/id", record.get("id"), "no event id")
    category = _string("/event_type", record.get("event_type"))
    if category is None:
        raise FieldError("/event_type", record.get("event_type"), "no event type")
    modes = _modes(record.get("event_mode"), category)
    contexts = _contexts(record.get("contexts"))
    try:
        codings = code(category, modes, contexts, factuality="Uu")
    except NotAnEvent:
        raise Skipped(f"{category}: not an event") from None
    except UnknownCategory as exc:
        raise FieldError("/event_type", category, str(exc)) from None
    story = _string("/event_text", record.get("event_text"))
    if story is None:
        raise FieldError("/event_text", record.get("event_text"), "no story text")
    text = nfc(story)
    attributes = record.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise FieldError("/attributes", attributes, "not an object")
    published = _day(record, "pub_date")
    headline = _string("/headline", record.get("headline"))
    publisher = _string("/publisher", record.get("publisher"))
    story_id = _string("/story_id", record.get("story_id"))

    def make(source_id: str, path: str, digest: str) -> Source:
        return Source(
            id=source_id,
            title=headline or f"NGEC story {story_id or record.get('orig_id') or upstream}",
            publisher=publisher,
            language=_string("/language", record.get("language")) or "en",
            published=When(
                date=published.isoformat(),
                precision="day",
                basis="external",
                reference=f"NGEC pub_date of event {upstream}",
            )
            if published
            else When(),
            sha256=digest,
            path=path,
            license="the story's publisher's terms (not cleared for redistribution)",
        )

    source = texts.source(text, make)
    evidence: list[Span] = []
    taking_part: list[EventActor] = []
    actors: list[Actor] = []
    kept: list[str] = []
    for key, role in _ATTRIBUTES.items():
        found = attributes.get(key) or []
        if not isinstance(found, list):
            raise FieldError(f"/attributes/{key}", found, "not a list")
        for index, entity in enumerate(found):
            pointer = f"/attributes/{key}/{index}"
            span = _span(story, text, entity, pointer, source, role)
            if span is None:
                continue
            evidence.append(span)
            if key in ("ACTOR", "RECIP"):
                actor = _actor(entity, span, pointer)
                actors.append(actor)
                chosen: EventRole = "initiator" if key == "ACTOR" else "target"
                taking_part.append(EventActor(actor=actor.id, role=chosen))
    yield from actors
    where = _where(record, kept)
    when = _when(record, published, source)
    if not evidence:
        whole = span_of(text, 0, len(text), source, "content")
        if whole is not None:
            evidence.append(whole)
    names = {actor.id: actor.name for actor in actors}
    heading = [
        f"NGEC event {upstream}" + (f", story {story_id}" if story_id else ""),
        f"event_type {category!r}, event_mode {record.get('event_mode')!r}",
    ]
    version = record.get("version")
    trailing = [*kept, *([f"coder version {version}"] if isinstance(version, str) else [])]
    yield from coded_events(
        "ngec",
        upstream,
        codings,
        taking_part,
        names,
        notes=(heading, trailing),
        when=when,
        where=where,
        evidence=evidence,
    )


def _modes(value: Any, category: str) -> list[str]:
    """``event_mode``: one mode (``""`` for none), or NGEC's list of ``TYPE-mode`` strings
    before it splits them (the modes of other types are not this event's)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(mode, str) for mode in value):
        raise FieldError("/event_mode", value, "not a mode or a list of modes")
    modes = []
    for mode in value:
        kind, _, rest = mode.partition("-")
        if rest and kind.isupper():
            if kind.strip() == category.strip().upper():
                modes.append(rest)
        else:
            modes.append(mode)
    return modes


def _contexts(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(context, str) for context in value):
        return value
    raise FieldError("/contexts", value, "not a list of contexts")


def _span(
    story: str, text: str, entity: Any, pointer: str, source: str, role: SpanRole
) -> Span | None:
    """The span of an attribute at its offsets into ``story``, moved onto the NFC ``text``;
    a ``FieldError`` where the offsets are not whole numbers inside the story, or the
    words there are not the attribute's ``text``."""
    if not isinstance(entity, dict):
        raise FieldError(pointer, entity, "an attribute is an object")
    start, end = entity.get("qa_start_char"), entity.get("qa_end_char")
    for key, offset in (("qa_start_char", start), ("qa_end_char", end)):
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise FieldError(f"{pointer}/{key}", offset, "not a whole number")
    start, end = cast(int, start), cast(int, end)
    if not 0 <= start < end <= len(story):
        raise FieldError(
            f"{pointer}/qa_end_char",
            end,
            f"not an offset after {start} in the story ({len(story)} characters)",
        )
    words = entity.get("text")
    if isinstance(words, str) and words.strip() and story[start:end].strip() != words.strip():
        raise FieldError(
            f"{pointer}/text",
            words,
            f"not the story's words at {start}-{end} ({story[start:end]!r})",
        )
    if text != story:  # offsets into the story as given, moved onto its NFC text
        words = nfc(story[start:end]).strip()
        start, end = len(nfc(story[:start])), len(nfc(story[:end]))
        if words != text[start:end].strip():
            raise FieldError(f"{pointer}/qa_start_char", start, "not a place the NFC text keeps")
    return span_of(text, start, end, source, role)


def _actor(entity: dict[str, Any], span: Span, pointer: str) -> Actor:
    """An actor of NGEC's resolution: its Wikipedia title (``wiki``) or the words as its
    name, ``country`` (ISO alpha-3), ``code_1`` the sector. ``wiki`` is a Wikipedia title,
    not a Wikidata item: it is kept as the name, never as a Q-id."""
    wiki = entity.get("wiki")
    name = wiki.strip() if isinstance(wiki, str) and wiki.strip() else span.exact
    country_code = entity.get("country")
    country = iso_country(country_code)
    sector = entity.get("code_1") if isinstance(entity.get("code_1"), str) else None
    key = f"{name}|{country_code}|{sector}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    words = slug(name)[:60].strip("-")
    return Actor(
        id=f"act-ngec-{words}-{digest}" if words else f"act-ngec-{digest}",
        name=name,
        type=actor_type(
            sector,
            country_code if isinstance(country_code, str) else None,
            is_country=country is not None,
        ),
        country=country,
        aliases=(span.exact,) if span.exact != name else (),
        evidence=(
            Span(
                source=span.source, start=span.start, end=span.end, exact=span.exact, role="mention"
            ),
        ),
        note=f"NGEC country {country_code!r}, sector {sector!r}, code_2 {entity.get('code_2')!r}",
    )


def _day(record: dict[str, Any], key: str) -> dt.date | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldError(f"/{key}", value, "not a date")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise FieldError(f"/{key}", value, "not a calendar date (YYYY-MM-DD)") from None


def _when(record: dict[str, Any], published: dt.date | None, source: str) -> When:
    """The day NGEC resolved from a date in the text (basis text), or, where NGEC found none
    and used the publication date, that day derived from the source's (offset 0)."""
    raw = record.get("date_raw")
    resolved = _day(record, "date_resolved")
    fallback = (
        not isinstance(raw, str) or not raw.strip() or any(words in raw for words in _NO_DATE)
    )
    if fallback:
        if published is None:
            return When()
        return When(
            date=published.isoformat(),
            precision="day",
            basis="derived",
            anchor=source,
            offset_days=0,
        )
    if resolved is None:
        return When()
    return When(date=resolved.isoformat(), precision="day", basis="text")


def _where(record: dict[str, Any], kept: list[str]) -> Location | None:
    """The place NGEC's geolocation gives (``event_geolocation.geo``), or None with its
    reason in the note."""
    located = record.get("event_geolocation")
    if not isinstance(located, dict):
        return None
    geo = located.get("geo")
    if not isinstance(geo, dict):
        reason = located.get("reason")
        if isinstance(reason, str) and reason.strip():
            kept.append(f"no place: {reason.strip()}")
        return None
    name = geo.get("resolved_placename") or geo.get("search_placename")
    if not isinstance(name, str) or not name.strip():
        raise FieldError("/event_geolocation/geo/resolved_placename", name, "no place name")
    lat, lon = geo.get("lat"), geo.get("lon")
    for key, value, bound in (("lat", lat, 90), ("lon", lon, 180)):
        if value is not None and (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not -bound <= value <= bound
        ):
            raise FieldError(
                f"/event_geolocation/geo/{key}", value, f"not a number between -{bound} and {bound}"
            )
    country_code = geo.get("country_code3")
    country = iso_country(country_code)
    admin1 = geo.get("admin1_name")
    return Location(
        name=name.strip(),
        country=country,
        admin1=admin1.strip() if isinstance(admin1, str) and admin1.strip() else None,
        lat=None if lat is None else float(lat),
        lon=None if lon is None else float(lon),
        precision=feature_precision(geo.get("feature_class"), geo.get("feature_code")),
    )


def feature_precision(feature_class: object, feature_code: object) -> LocationPrecision:
    """A GeoNames feature's precision: a populated place (class P) exact, a country
    (``PCL*``) country, anything else (an administrative division, a region) region."""
    code_ = feature_code.strip().upper() if isinstance(feature_code, str) else ""
    if code_.startswith("PCL"):
        return "country"
    if code_.startswith("PPL") or feature_class == "P":
        return "exact"
    return "region"
