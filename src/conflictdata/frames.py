"""Records as data frames: one pandas DataFrame or pyarrow Table per record kind.

:meth:`Dataset.to_pandas <conflictdata.dataset.Dataset.to_pandas>` and
:meth:`Dataset.to_arrow <conflictdata.dataset.Dataset.to_arrow>` give the same columns, listed with their
meaning in :data:`COLUMNS` (``python -c "from conflictdata.frames import describe; print(describe())"``
prints them). A column holding a field of the models is described by the models, as the JSON
Schemas and the CSV and Parquet formats (:mod:`conflictdata.io`) are; nested fields are
flattened with ``_`` (``where_lat``, ``likelihood_value``). pandas and pyarrow are imported only
when a frame is made; they are the ``pandas`` and ``arrow`` extras.

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

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

from attrs import field, frozen

from conflictdata._choices import choose
from conflictdata._dates import record_bounds
from conflictdata.exceptions import MissingExtraError
from conflictdata.io._tables import table as schema_table
from conflictdata.models import (
    RECORD_CLASSES,
    Event,
    Record,
    When,
    main_text,
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
    LOCATION_PRECISIONS,
    RECORD_KINDS,
    RECORD_STATUSES,
    RESOLUTION_STATUSES,
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
    #: The dotted path of the model field the column holds (``when.date``); None for a column
    #: computed from the fields.
    model_field: str | None = None


@frozen
class Frames(Generic[Table]):
    """One table per record kind; also indexable by kind: ``frames["event"]``."""

    sources: Table
    actors: Table
    events: Table
    statements: Table
    implications: Table

    def __getitem__(self, kind: RecordKind) -> Table:
        chosen = cast("RecordKind", choose("Frames", "record kind", kind, RECORD_KINDS))
        return cast("Table", getattr(self, RECORD_CLASSES[chosen].plural))

    def items(self) -> Iterator[tuple[RecordKind, Table]]:
        """``(kind, table)`` pairs in release order."""
        return ((kind, self[kind]) for kind in RECORD_KINDS)


#: Makes a column for a record kind, whose model describes the fields (None: no record kind).
_Spec = Callable[[RecordKind | None], Column]


@functools.cache
def _model_descriptions(kind: RecordKind) -> dict[str, str]:
    """The models' description of every field of a kind, by dotted path (``when.date``)."""
    return {column.name: column.description for column in schema_table(kind).columns}


def _field(
    name: str,
    type: ColumnType,
    get: Callable[[Any], object],
    path: str | None = None,
    categories: Iterable[str] = (),
    fields: tuple[tuple[str, FieldType], ...] = (),
) -> _Spec:
    """A column holding the model field at dotted ``path`` (``name`` by default), described as
    the model describes it."""

    def make(kind: RecordKind | None) -> Column:
        if kind is None:
            raise ValueError(f"column {name!r} holds a field of a record kind: name the kind")
        description = _model_descriptions(kind)[path or name]
        return Column(name, type, description, get, tuple(categories), fields, path or name)

    return make


def _derived(
    name: str,
    type: ColumnType,
    description: str,
    get: Callable[[Any], object],
    categories: Iterable[str] = (),
) -> _Spec:
    """A column computed from the fields, with its own description."""
    column = Column(name, type, description, get, tuple(categories))
    return lambda kind: column


def _record_id(row: Any) -> str:
    return str(row.record.id if isinstance(row, TimelineEntry) else row.id)


def _bounds(prefix: str, get: Callable[[Any], str | None]) -> tuple[_Spec, ...]:
    """The first and last day (inclusive) the EDTF date ``get`` reads may denote."""

    def bound(end: Literal["start", "end"]) -> Callable[[Any], object]:
        def read(row: Any) -> object:
            days = record_bounds(get(row), _record_id(row))
            return getattr(days, end) if days else None

        return read

    return (
        _derived(
            f"{prefix}_start",
            "date",
            f"First day `{prefix}` may denote; empty when it has no date or an open start.",
            bound("start"),
        ),
        _derived(
            f"{prefix}_end",
            "date",
            f"Last day `{prefix}` may denote (inclusive); empty when it has no date or an "
            "open end.",
            bound("end"),
        ),
    )


def _edtf(
    name: str, get: Callable[[Any], str | None], path: str | None = None
) -> tuple[_Spec, ...]:
    """A date field as written, and its bounds."""
    return (_field(name, "string", get, path), *_bounds(name, get))


def _when(prefix: str, get: Callable[[Any], When], path: str) -> tuple[_Spec, ...]:
    """The columns of a :class:`~conflictdata.models.When` field at ``path``."""
    return (
        *_edtf(prefix, lambda r: get(r).date, f"{path}.date"),
        _field(
            f"{prefix}_precision",
            "category",
            lambda r: get(r).precision,
            f"{path}.precision",
            DATE_PRECISIONS,
        ),
        _field(f"{prefix}_basis", "category", lambda r: get(r).basis, f"{path}.basis", DATE_BASES),
        _field(f"{prefix}_anchor", "string", lambda r: get(r).anchor, f"{path}.anchor"),
        _field(f"{prefix}_offset_days", "int", lambda r: get(r).offset_days, f"{path}.offset_days"),
        _field(f"{prefix}_reference", "string", lambda r: get(r).reference, f"{path}.reference"),
    )


def _links(record: Record) -> list[dict[str, object]]:
    return [{"rel": link.rel, "target": link.target} for link in record.links]


def _evidence(record: Record) -> list[dict[str, object]]:
    return [
        {"source": s.source, "start": s.start, "end": s.end, "exact": s.exact, "role": s.role}
        for s in record.evidence
    ]


_ID = _field("id", "string", lambda r: r.id)
_EVIDENCE = _field(
    "evidence",
    "structs",
    _evidence,
    fields=(
        ("source", "string"),
        ("start", "int"),
        ("end", "int"),
        ("exact", "string"),
        ("role", "string"),
    ),
)
_COMMON = (
    _field("status", "category", lambda r: r.status, categories=RECORD_STATUSES),
    _field("withdrawn_reason", "string", lambda r: r.withdrawn_reason),
    _field("superseded_by", "string", lambda r: r.superseded_by),
    _field("note", "string", lambda r: r.note),
    _field("links", "structs", _links, fields=(("rel", "string"), ("target", "string"))),
    _field(
        "rows",
        "structs",
        lambda r: [
            {"source": row.source, "row": row.row, "record_id": row.record_id} for row in r.rows
        ],
        fields=(("source", "string"), ("row", "int"), ("record_id", "string")),
    ),
)


def _event_actors(role: str) -> Callable[[Event], list[str]]:
    return lambda e: [item.actor for item in e.actors if item.role == role]


def _where(name: str) -> Callable[[Event], object]:
    return lambda e: getattr(e.where, name) if e.where else None


def _deaths(name: str) -> Callable[[Event], object]:
    return lambda e: getattr(e.fatalities, name) if e.fatalities else None


_SPECS: dict[RecordKind, tuple[_Spec, ...]] = {
    "source": (
        _ID,
        _field("title", "string", lambda s: s.title),
        _field("publisher", "string", lambda s: s.publisher),
        _field("url", "string", lambda s: s.url),
        *_when("published", lambda s: s.published, "published"),
        _field("language", "string", lambda s: s.language),
        _field("sha256", "string", lambda s: s.sha256),
        _field("path", "string", lambda s: s.path),
        _field("license", "string", lambda s: s.license),
        _field("version", "string", lambda s: s.version),
        _field("citation", "string", lambda s: s.citation),
        _field("id_column", "string", lambda s: s.id_column),
        _EVIDENCE,
        *_COMMON,
    ),
    "actor": (
        _ID,
        _field("name", "string", lambda a: a.name),
        _field("type", "category", lambda a: a.type, categories=ACTOR_TYPES),
        _field("country", "string", lambda a: a.country),
        _field("wikidata", "string", lambda a: a.wikidata),
        _field("aliases", "strings", lambda a: list(a.aliases)),
        _field(
            "roles",
            "structs",
            lambda a: [{"title": r.title, "start": r.start, "end": r.end} for r in a.roles],
            fields=(("title", "string"), ("start", "string"), ("end", "string")),
        ),
        _EVIDENCE,
        *_COMMON,
    ),
    "event": (
        _ID,
        _field("type", "category", lambda e: e.type, categories=EVENT_TYPES),
        _field("mode", "category", lambda e: e.mode, categories=EVENT_MODE_VALUES),
        _field("context", "strings", lambda e: list(e.context)),
        _field("summary", "string", lambda e: e.summary),
        _field(
            "actors",
            "structs",
            lambda e: [{"actor": a.actor, "role": a.role} for a in e.actors],
            fields=(("actor", "string"), ("role", "string")),
        ),
        _derived(
            "initiators", "strings", "Ids of the initiating actors.", _event_actors("initiator")
        ),
        _derived("targets", "strings", "Ids of the targeted actors.", _event_actors("target")),
        _derived(
            "participants", "strings", "Ids of the participants.", _event_actors("participant")
        ),
        *_when("date", lambda e: e.when, "when"),
        _field("where_name", "string", _where("name"), "where.name"),
        _field("where_country", "string", _where("country"), "where.country"),
        _field("where_admin1", "string", _where("admin1"), "where.admin1"),
        _field("where_lat", "float", _where("lat"), "where.lat"),
        _field("where_lon", "float", _where("lon"), "where.lon"),
        _field(
            "where_precision",
            "category",
            _where("precision"),
            "where.precision",
            LOCATION_PRECISIONS,
        ),
        _field("factuality", "category", lambda e: e.factuality, categories=FACTUALITIES),
        *(
            _field(f"fatalities_{name}", "int", _deaths(name), f"fatalities.{name}")
            for name in ("best", "low", "high")
        ),
        _EVIDENCE,
        *_COMMON,
    ),
    "statement": (
        _ID,
        _field("speaker", "string", lambda s: s.speaker),
        _field("speaker_text", "string", lambda s: s.speaker_text),
        _field("attribution", "category", lambda s: s.attribution, categories=ATTRIBUTIONS),
        _field("cue", "string", lambda s: s.cue),
        _field("speech_act", "category", lambda s: s.speech_act, categories=SPEECH_ACTS),
        _field("content", "string", lambda s: s.content),
        _field("about", "strings", lambda s: list(s.about)),
        *_when("date", lambda s: s.when, "when"),
        _EVIDENCE,
        *_COMMON,
    ),
    "implication": (
        _ID,
        _field("proposition", "string", lambda i: i.proposition),
        _field("holder", "string", lambda i: i.holder),
        _field("holder_text", "string", lambda i: i.holder_text),
        _field("cue", "string", lambda i: i.cue),
        _field("likelihood_verbal", "string", lambda i: i.likelihood.verbal, "likelihood.verbal"),
        _field(
            "likelihood_scale",
            "category",
            lambda i: i.likelihood.scale,
            "likelihood.scale",
            LIKELIHOOD_SCALES,
        ),
        _field(
            "likelihood_value",
            "category",
            lambda i: i.likelihood.value,
            "likelihood.value",
            LIKELIHOOD_VALUES,
        ),
        _field("likelihood_low", "float", lambda i: i.likelihood.low, "likelihood.low"),
        _field("likelihood_high", "float", lambda i: i.likelihood.high, "likelihood.high"),
        _field("condition", "string", lambda i: i.condition),
        *_edtf("horizon", lambda i: i.horizon),
        _field("horizon_text", "string", lambda i: i.horizon_text),
        _field("drivers", "strings", lambda i: list(i.drivers)),
        _field("affects", "strings", lambda i: list(i.affects)),
        _field(
            "resolution_status",
            "category",
            lambda i: i.resolution.status,
            "resolution.status",
            RESOLUTION_STATUSES,
        ),
        *_edtf("resolution_as_of", lambda i: i.resolution.as_of, "resolution.as_of"),
        _field(
            "resolution_references",
            "strings",
            lambda i: list(i.resolution.references),
            "resolution.references",
        ),
        _EVIDENCE,
        *_COMMON,
    ),
}

#: The columns of each record kind's table, in order. A column holding a field of the models has
#: the models' description of it; the others (date bounds, actors by role) describe themselves.
COLUMNS: Mapping[RecordKind, tuple[Column, ...]] = {
    kind: tuple(spec(kind) for spec in specs) for kind, specs in _SPECS.items()
}


def _timeline_date(entry: TimelineEntry) -> str | None:
    return record_date(entry.record)


#: The columns of :func:`timeline_to_pandas`.
TIMELINE_COLUMNS: tuple[Column, ...] = tuple(
    spec(None)
    for spec in (
        _derived("kind", "category", "The record kind.", lambda e: e.record.kind, RECORD_KINDS),
        _derived("id", "string", "The record id.", lambda e: e.record.id),
        _derived(
            "date",
            "string",
            "The date the record is placed by, as written (EDTF): when it happened or was "
            "said; for an implication, its horizon.",
            _timeline_date,
        ),
        *_bounds("date", _timeline_date),
        _derived("dated", "bool", "Whether the record has a date.", lambda e: e.dated),
        _derived(
            "text", "string", "Summary, content or proposition.", lambda e: main_text(e.record)
        ),
    )
)


def describe() -> str:
    """The columns of every table, one line each: ``kind.name  type  meaning``.

    >>> print(describe().splitlines()[0])
    source.id  string  Stable id of the source; never reused.
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
    except ImportError as exc:
        raise MissingExtraError("data frames", module="pandas", extra="pandas") from exc
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
    except ImportError as exc:
        raise MissingExtraError("Arrow tables", module="pyarrow", extra="arrow") from exc
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
        **{
            RECORD_CLASSES[kind].plural: render(COLUMNS[kind], dataset.records(kind))
            for kind in RECORD_KINDS
        }
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
