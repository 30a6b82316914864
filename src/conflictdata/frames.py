"""Records as data frames: one pandas DataFrame or pyarrow Table per record kind.

:meth:`Dataset.to_pandas <conflictdata.dataset.Dataset.to_pandas>` and
:meth:`Dataset.to_arrow <conflictdata.dataset.Dataset.to_arrow>` give the same columns, listed with their
meaning in :data:`COLUMNS` (``python -c "from conflictdata.frames import describe; print(describe())"``
prints them). pandas and pyarrow are imported only when a frame is made; they are the ``pandas``
and ``arrow`` extras.

Column types, in pandas and in Arrow:

- ``string``: ``string`` (nullable) / ``string``; ``int``: ``Int64`` / ``int64``;
  ``float``: ``Float64`` / ``float64``; ``bool``: ``boolean`` / ``bool``.
- ``category``: ``category`` / ``dictionary<int32, string>``, whose categories are every value of
  the controlled vocabulary (:mod:`conflictdata.vocab`), in its order, so that counts show the
  values no record has; a value outside the vocabulary is appended, never dropped.
- ``date``: ``datetime64[s]`` / ``date32``. Each EDTF date gives three columns: the text as
  written (``date``), and the first and last day it may denote (``date_start``, ``date_end``,
  inclusive; empty for an open end), so a month-precision date is the whole month, not its
  first day.
- ``strings``: a list of strings per row (Python lists in pandas, ``list<string>`` in Arrow);
  ``structs``: a list of dicts per row (``list<struct>`` in Arrow), for links, evidence, event
  actors and actor roles.

>>> import conflictdata as cd
>>> events = cd.load("1.0.0").to_pandas().events.set_index("id")
>>> events.loc["evt-oreshnik-test", ["type", "date", "date_start", "date_basis"]].tolist()
['MOBILIZE', '2024-11-21', Timestamp('2024-11-21 00:00:00'), 'external']
>>> events.loc["evt-biden-long-range-missile-decision", ["date", "date_start", "date_end"]].tolist()
['../2024-11-17', NaT, Timestamp('2024-11-17 00:00:00')]
>>> str(events["type"].dtype), len(events["type"].cat.categories)
('category', 16)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

from attrs import field, frozen

from conflictdata._choices import choose
from conflictdata._dates import record_bounds
from conflictdata.models import (
    Actor,
    Event,
    Implication,
    Record,
    Source,
    Span,
    Statement,
    When,
)
from conflictdata.timeline import TimelineEntry, record_date
from conflictdata.vocab import (
    ACTOR_TYPES,
    ATTRIBUTIONS,
    DATE_BASES,
    DATE_PRECISIONS,
    EVENT_MODE_VALUES,
    EVENT_TYPES,
    FACTUALITIES,
    LIKELIHOOD_SCALES,
    LIKELIHOOD_VALUES,
    LINK_RELATIONS,
    LOCATION_PRECISIONS,
    RECORD_KINDS,
    RECORD_STATUSES,
    RESOLUTION_STATUSES,
    SPAN_ROLES,
    SPEECH_ACTS,
    RecordKind,
)

if TYPE_CHECKING:
    import pandas

    from conflictdata.dataset import Dataset

__all__ = [
    "COLUMNS",
    "TIMELINE_COLUMNS",
    "Column",
    "ColumnType",
    "Frames",
    "Table",
    "describe",
    "timeline_to_pandas",
    "to_arrow",
    "to_pandas",
]

#: The type of the tables of :class:`Frames`: a pandas DataFrame or a pyarrow Table.
Table = TypeVar("Table")

ColumnType = Literal["string", "int", "float", "bool", "category", "date", "strings", "structs"]
FieldType = Literal["string", "int"]


@frozen
class Column:
    """One column: its name, type, meaning, and how to read its value from a row."""

    name: str
    type: ColumnType
    description: str
    #: Reads the value from a row (a record, or a :class:`~conflictdata.timeline.TimelineEntry`).
    get: Callable[[Any], object] = field(eq=False, repr=False)
    #: The vocabulary of a ``category`` column, in order.
    categories: tuple[str, ...] = ()
    #: The fields of each dict of a ``structs`` column, with their types.
    fields: tuple[tuple[str, FieldType], ...] = ()


@frozen
class Frames(Generic[Table]):
    """One table per record kind; also indexable by kind: ``frames["event"]``."""

    sources: Table
    actors: Table
    events: Table
    statements: Table
    implications: Table

    def __getitem__(self, kind: RecordKind) -> Table:
        return cast(
            "Table", getattr(self, choose("Frames", "record kind", kind, RECORD_KINDS) + "s")
        )

    def items(self) -> Iterator[tuple[RecordKind, Table]]:
        """``(kind, table)`` pairs in release order."""
        return ((kind, self[kind]) for kind in RECORD_KINDS)


def _col(
    name: str,
    type: ColumnType,
    description: str,
    get: Callable[[Any], object],
    categories: Iterable[str] = (),
    fields: tuple[tuple[str, FieldType], ...] = (),
) -> Column:
    return Column(name, type, description, get, tuple(categories), fields)


def _record_id(row: Any) -> str:
    return str(row.record.id if isinstance(row, TimelineEntry) else row.id)


def _dates(prefix: str, what: str, get: Callable[[Any], str | None]) -> tuple[Column, ...]:
    def bound(end: Literal["start", "end"]) -> Callable[[Any], object]:
        def read(row: Any) -> object:
            days = record_bounds(get(row), _record_id(row))
            return getattr(days, end) if days else None

        return read

    return (
        _col(prefix, "string", f"{what}, as written (EDTF)", get),
        _col(f"{prefix}_start", "date", f"first day {what} may denote", bound("start")),
        _col(f"{prefix}_end", "date", f"last day {what} may denote (inclusive)", bound("end")),
    )


def _when(prefix: str, what: str, get: Callable[[Any], When]) -> tuple[Column, ...]:
    return (
        *_dates(prefix, what, lambda r: get(r).date),
        _col(
            f"{prefix}_precision",
            "category",
            f"precision of {what}",
            lambda r: get(r).precision,
            DATE_PRECISIONS,
        ),
        _col(
            f"{prefix}_basis",
            "category",
            f"how {what} is known: text, derived, external or unknown",
            lambda r: get(r).basis,
            DATE_BASES,
        ),
        _col(
            f"{prefix}_anchor",
            "string",
            f"record {what} is derived from",
            lambda r: get(r).anchor,
        ),
        _col(
            f"{prefix}_offset_days",
            "int",
            f"days from the anchor's date to {what}",
            lambda r: get(r).offset_days,
        ),
        _col(
            f"{prefix}_reference",
            "string",
            f"where {what} is known from, when its basis is external",
            lambda r: get(r).reference,
        ),
    )


def _links(record: Record) -> list[dict[str, object]]:
    return [{"rel": link.rel, "target": link.target} for link in record.links]


def _evidence(record: Record) -> list[dict[str, object]]:
    spans: tuple[Span, ...] = getattr(record, "evidence", ())
    return [
        {"source": s.source, "start": s.start, "end": s.end, "exact": s.exact, "role": s.role}
        for s in spans
    ]


_ID = _col("id", "string", "stable record id", lambda r: r.id)
_COMMON = (
    _col("status", "category", "active or withdrawn", lambda r: r.status, RECORD_STATUSES),
    _col("withdrawn_reason", "string", "why a record was withdrawn", lambda r: r.withdrawn_reason),
    _col("superseded_by", "string", "id of the record that replaces it", lambda r: r.superseded_by),
    _col("note", "string", "annotator's note", lambda r: r.note),
    _col(
        "links",
        "structs",
        f"typed links to other records: rel ({', '.join(LINK_RELATIONS)}), target",
        _links,
        fields=(("rel", "string"), ("target", "string")),
    ),
    _col(
        "evidence",
        "structs",
        "spans of source text: source, start, end (code points), exact words, role "
        f"({', '.join(SPAN_ROLES)})",
        _evidence,
        fields=(
            ("source", "string"),
            ("start", "int"),
            ("end", "int"),
            ("exact", "string"),
            ("role", "string"),
        ),
    ),
)


def _event_actors(role: str) -> Callable[[Event], list[str]]:
    return lambda e: [item.actor for item in e.actors if item.role == role]


def _where(name: str) -> Callable[[Event], object]:
    return lambda e: getattr(e.where, name) if e.where else None


#: The columns of each record kind's table, in order.
COLUMNS: Mapping[RecordKind, tuple[Column, ...]] = {
    "source": (
        _ID,
        _col("title", "string", "title of the document", lambda s: s.title),
        _col("publisher", "string", "publisher", lambda s: s.publisher),
        _col("url", "string", "address of the document", lambda s: s.url),
        *_when("published", "the publication date", lambda s: s.published),
        _col("language", "string", "BCP 47 language tag", lambda s: s.language),
        _col("sha256", "string", "SHA-256 of the UTF-8 NFC text", lambda s: s.sha256),
        _col("path", "string", "text file inside the release", lambda s: s.path),
        _col("license", "string", "license of the text", lambda s: s.license),
        *_COMMON,
    ),
    "actor": (
        _ID,
        _col("name", "string", "name", lambda a: a.name),
        _col("type", "category", "kind of actor", lambda a: a.type, ACTOR_TYPES),
        _col("country", "string", "ISO 3166-1 alpha-3 code", lambda a: a.country),
        _col("wikidata", "string", "Wikidata item, where certain", lambda a: a.wikidata),
        _col("aliases", "strings", "other names in the sources", lambda a: list(a.aliases)),
        _col(
            "roles",
            "structs",
            "positions held: title, start, end (EDTF)",
            lambda a: [{"title": r.title, "start": r.start, "end": r.end} for r in a.roles],
            fields=(("title", "string"), ("start", "string"), ("end", "string")),
        ),
        *_COMMON,
    ),
    "event": (
        _ID,
        _col("type", "category", "PLOVER event type", lambda e: e.type, EVENT_TYPES),
        _col("mode", "category", "PLOVER mode of the type", lambda e: e.mode, EVENT_MODE_VALUES),
        _col("context", "strings", "PLOVER contexts", lambda e: list(e.context)),
        _col("summary", "string", "what happened, in one sentence", lambda e: e.summary),
        _col(
            "actors",
            "structs",
            "actors and their roles: actor (id), role",
            lambda e: [{"actor": a.actor, "role": a.role} for a in e.actors],
            fields=(("actor", "string"), ("role", "string")),
        ),
        _col("initiators", "strings", "ids of the initiating actors", _event_actors("initiator")),
        _col("targets", "strings", "ids of the targeted actors", _event_actors("target")),
        _col("participants", "strings", "ids of the participants", _event_actors("participant")),
        *_when("date", "the date", lambda e: e.when),
        _col("where_name", "string", "place name", _where("name")),
        _col("where_country", "string", "country of the place (ISO alpha-3)", _where("country")),
        _col("where_admin1", "string", "first-level region", _where("admin1")),
        _col("where_lat", "float", "latitude", _where("lat")),
        _col("where_lon", "float", "longitude", _where("lon")),
        _col(
            "where_precision",
            "category",
            "how exact the place is",
            _where("precision"),
            LOCATION_PRECISIONS,
        ),
        _col(
            "factuality",
            "category",
            "FactBank factuality, relative to the source's author",
            lambda e: e.factuality,
            FACTUALITIES,
        ),
        *_COMMON,
    ),
    "statement": (
        _ID,
        _col("speaker", "string", "id of the speaking actor", lambda s: s.speaker),
        _col("speaker_text", "string", "the speaker as written", lambda s: s.speaker_text),
        _col(
            "attribution",
            "category",
            "direct, reported, unattributed or author",
            lambda s: s.attribution,
            ATTRIBUTIONS,
        ),
        _col("cue", "string", "lemma of the reporting cue", lambda s: s.cue),
        _col("speech_act", "category", "speech act", lambda s: s.speech_act, SPEECH_ACTS),
        _col("content", "string", "a faithful paraphrase", lambda s: s.content),
        _col("about", "strings", "ids of the records it concerns", lambda s: list(s.about)),
        *_when("date", "the date", lambda s: s.when),
        *_COMMON,
    ),
    "implication": (
        _ID,
        _col("proposition", "string", "the projected outcome", lambda i: i.proposition),
        _col("holder", "string", "id of the actor who projects it", lambda i: i.holder),
        _col("holder_text", "string", "the holder as written", lambda i: i.holder_text),
        _col("cue", "string", "the hedge as written", lambda i: i.cue),
        _col("likelihood_verbal", "string", "likelihood as written", lambda i: i.likelihood.verbal),
        _col(
            "likelihood_scale",
            "category",
            "scale of the likelihood value",
            lambda i: i.likelihood.scale,
            LIKELIHOOD_SCALES,
        ),
        _col(
            "likelihood_value",
            "category",
            "FactBank value or ICD 203 expression",
            lambda i: i.likelihood.value,
            LIKELIHOOD_VALUES,
        ),
        _col("likelihood_low", "float", "lower probability bound", lambda i: i.likelihood.low),
        _col("likelihood_high", "float", "upper probability bound", lambda i: i.likelihood.high),
        _col("condition", "string", 'the "if" as written', lambda i: i.condition),
        *_dates("horizon", "the horizon", lambda i: i.horizon),
        _col("horizon_text", "string", "the horizon as written", lambda i: i.horizon_text),
        _col("drivers", "strings", "ids of the records it follows from", lambda i: list(i.drivers)),
        _col("affects", "strings", "ids of the actors it affects", lambda i: list(i.affects)),
        _col(
            "resolution_status",
            "category",
            "open, occurred, not_occurred or mixed",
            lambda i: i.resolution.status,
            RESOLUTION_STATUSES,
        ),
        *_dates("resolution_as_of", "the resolution date", lambda i: i.resolution.as_of),
        _col(
            "resolution_references",
            "strings",
            "sources of the resolution",
            lambda i: list(i.resolution.references),
        ),
        *_COMMON,
    ),
}


def _words(record: Record) -> str | None:
    if isinstance(record, Event):
        return record.summary
    if isinstance(record, Statement):
        return record.content
    if isinstance(record, Implication):
        return record.proposition
    if isinstance(record, Actor):
        return record.name
    return cast("Source", record).title


#: The columns of :func:`timeline_to_pandas`.
TIMELINE_COLUMNS: tuple[Column, ...] = (
    _col("kind", "category", "record kind", lambda e: e.record.kind, RECORD_KINDS),
    _col("id", "string", "record id", lambda e: e.record.id),
    *_dates("date", "the record's date", lambda e: record_date(e.record)),
    _col("dated", "bool", "whether the record has a date", lambda e: e.dated),
    _col("text", "string", "summary, content or proposition", lambda e: _words(e.record)),
)


def describe() -> str:
    """The columns of every table, one line each: ``kind.name  type  meaning``.

    >>> print(describe().splitlines()[0])
    source.id  string  stable record id
    """
    return "\n".join(
        f"{kind}.{c.name}  {c.type}  {c.description}"
        for kind, columns in COLUMNS.items()
        for c in columns
    )


def _categories(column: Column, values: list[object]) -> list[str]:
    extra = sorted({str(v) for v in values if v is not None} - set(column.categories))
    return [*column.categories, *extra]


def _pandas(columns: tuple[Column, ...], rows: Iterable[Any]) -> pandas.DataFrame:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - the test environment has pandas
        raise ImportError('data frames need pandas: pip install "conflictdata[pandas]"') from exc
    rows = list(rows)
    data: dict[str, Any] = {}
    for column in columns:
        values = [column.get(row) for row in rows]
        if column.type == "category":
            data[column.name] = pd.Categorical(values, categories=_categories(column, values))
        elif column.type in ("strings", "structs"):
            data[column.name] = pd.Series(values, dtype=object)
        else:
            data[column.name] = pd.array(values, dtype=_PANDAS_DTYPES[column.type])  # type: ignore[call-overload]
    return pd.DataFrame(data, columns=[column.name for column in columns])


_PANDAS_DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "date": "datetime64[s]",
}


def _arrow(columns: tuple[Column, ...], rows: Iterable[Any]) -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:  # pragma: no cover - the test environment has pyarrow
        raise ImportError('Arrow tables need pyarrow: pip install "conflictdata[arrow]"') from exc
    scalar = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "strings": pa.list_(pa.string()),
    }
    rows = list(rows)
    arrays, fields = [], []
    for column in columns:
        values = [column.get(row) for row in rows]
        if column.type == "category":
            categories = _categories(column, values)
            index = {category: position for position, category in enumerate(categories)}
            array = pa.DictionaryArray.from_arrays(
                pa.array([None if v is None else index[str(v)] for v in values], pa.int32()),
                pa.array(categories, pa.string()),
            )
        elif column.type == "structs":
            struct = pa.struct([(name, scalar[kind]) for name, kind in column.fields])
            array = pa.array(values, pa.list_(struct))
        else:
            array = pa.array(values, scalar[column.type])
        arrays.append(array)
        fields.append(
            pa.field(column.name, array.type, metadata={"description": column.description})
        )
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _tables(dataset: Dataset, render: Callable[..., Table]) -> Frames[Table]:
    return Frames(
        **{f"{kind}s": render(COLUMNS[kind], dataset.records(kind)) for kind in RECORD_KINDS}
    )


def to_pandas(dataset: Dataset) -> Frames[pandas.DataFrame]:
    """One pandas DataFrame per record kind, with the columns of :data:`COLUMNS`."""
    return _tables(dataset, _pandas)


def to_arrow(dataset: Dataset) -> Frames[Any]:
    """One pyarrow Table per record kind, with the columns of :data:`COLUMNS`; each field's
    metadata holds its description.

    >>> import conflictdata as cd
    >>> ds = cd.load()
    >>> table = ds.to_arrow().events
    >>> str(table.schema.field("date_start").type), table.num_rows == len(ds.events)
    ('date32[day]', True)
    """
    return _tables(dataset, _arrow)


def timeline_to_pandas(entries: Iterable[TimelineEntry]) -> pandas.DataFrame:
    """A timeline (:meth:`Dataset.timeline <conflictdata.dataset.Dataset.timeline>`) as a DataFrame, one
    row per entry in timeline order, with the columns of :data:`TIMELINE_COLUMNS`.

    >>> import conflictdata as cd
    >>> frame = timeline_to_pandas(cd.load("1.0.0").timeline(type="MOBILIZE"))
    >>> frame[["id", "date_start", "dated"]].head(2).values.tolist()
    [['evt-oreshnik-test', Timestamp('2024-11-21 00:00:00'), True], ['evt-russia-hypersonic-missile-launch', Timestamp('2024-11-21 00:00:00'), True]]
    """
    return _pandas(TIMELINE_COLUMNS, entries)
