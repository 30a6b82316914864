"""Records as pandas DataFrames and Arrow tables: columns, types, dates and the light import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given

import conflictdata as cd
from conflictdata import strategies
from conflictdata._dates import record_bounds
from conflictdata.frames import COLUMNS, TIMELINE_COLUMNS, describe, timeline_to_pandas
from conflictdata.timeline import record_date
from conflictdata.vocab import EVENT_TYPES, RECORD_KINDS

PANDAS_DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "category": "category",
    "date": "datetime64[s]",
    "strings": "object",
    "structs": "object",
}
ARROW_TYPES = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "strings": pa.list_(pa.string()),
}


def dataset() -> cd.Dataset:
    """The shipped records, plus an event dated to a month, with a place and a mode outside
    the PLOVER vocabulary, and an undated one."""
    ds = cd.load()
    first = ds.events[0]
    month = attrs.evolve(
        first,
        id="evt-month",
        mode="made-up",
        when=cd.When(date="2024-02", precision="month", basis="text"),
        where=cd.Location(name="Kyiv", country="UKR", lat=50.45, lon=30.52, precision="exact"),
    )
    undated = attrs.evolve(first, id="evt-undated", when=cd.When())
    return cd.Dataset([*ds, month, undated], texts=ds.texts, version=ds.version)


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_pandas_columns_and_dtypes(kind: str) -> None:
    """Each kind's DataFrame has the documented columns, in order, with their dtypes."""
    frame = dataset().to_pandas()[kind]  # type: ignore[index]
    columns = COLUMNS[kind]  # type: ignore[index]
    assert [c.name for c in columns] == list(frame.columns)
    assert [PANDAS_DTYPES[c.type] for c in columns] == [str(t) for t in frame.dtypes]
    assert [r.id for r in dataset().records(kind)] == frame["id"].tolist()  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_arrow_columns_and_types(kind: str) -> None:
    """Each kind's Arrow table has the same columns, typed, each with its description."""
    table = dataset().to_arrow()[kind]  # type: ignore[index]
    columns = COLUMNS[kind]  # type: ignore[index]
    assert [c.name for c in columns] == table.schema.names
    for column in columns:
        arrow_field = table.schema.field(column.name)
        assert column.description.encode() == arrow_field.metadata[b"description"]
        if column.type == "category":
            assert pa.types.is_dictionary(arrow_field.type)
        elif column.type == "structs":
            assert [name for name, _ in column.fields] == [
                f.name for f in arrow_field.type.value_type
            ]
        else:
            assert ARROW_TYPES[column.type] == arrow_field.type


def test_categories_hold_the_whole_vocabulary() -> None:
    """A category column lists every value of its vocabulary, in order, and appends values
    outside it instead of dropping them."""
    frames = dataset().to_pandas()
    assert list(EVENT_TYPES) == list(frames.events["type"].cat.categories)
    modes = frames.events.set_index("id")["mode"]
    assert "made-up" == modes["evt-month"]
    assert "made-up" == dataset().to_arrow().events.column("mode").to_pylist()[-2]


def test_dates_are_bounds_of_days() -> None:
    """A month-precision date spans its month; an undated record has no bounds."""
    events = dataset().to_pandas().events.set_index("id")
    month = events.loc["evt-month"]
    assert ("2024-02", pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"), "month") == (
        month["date"],
        month["date_start"],
        month["date_end"],
        month["date_precision"],
    )
    undated = events.loc["evt-undated"]
    assert (True, True, True) == (
        pd.isna(undated["date"]),
        pd.isna(undated["date_start"]),
        pd.isna(undated["date_end"]),
    )
    table = dataset().to_arrow().events
    assert [dt.date(2024, 2, 1), None] == table.column("date_start").to_pylist()[-2:]


@given(strategies.datasets())
def test_no_value_is_lost(ds: cd.Dataset) -> None:
    """In every table of a generated dataset, a value is missing only where the record has none
    (no category or date is dropped), date bounds are those of the record's date, and pandas and
    Arrow hold the same values."""
    frames, tables = ds.to_pandas(), ds.to_arrow()
    for kind, frame in frames.items():
        records = ds.records(kind)
        for column in COLUMNS[kind]:
            values = [column.get(record) for record in records]
            assert [v is None for v in values] == [
                v is None for v in tables[kind].column(column.name).to_pylist()
            ]
            if column.type in ("category", "string", "int", "date"):
                assert [v is None for v in values] == frame[column.name].isna().tolist()
    for record, start in zip(ds.events, frames.events["date_start"], strict=True):
        days = record_bounds(record_date(record), record.id)
        expected = days.start if days else None
        assert expected == (None if pd.isna(start) else start.date())


def test_nested_values() -> None:
    """Tuples become lists; nested records become lists of dicts; places are flattened."""
    events = dataset().to_pandas().events.set_index("id")
    shipped = cd.load().events[0]
    row = events.loc["evt-month"]
    assert list(shipped.context) == row["context"]
    assert [{"actor": a.actor, "role": a.role} for a in shipped.actors] == row["actors"]
    assert [a.actor for a in shipped.actors if a.role == "initiator"] == row["initiators"]
    span = shipped.evidence[0]
    assert span.exact == row["evidence"][0]["exact"]
    assert ("Kyiv", "UKR", 50.45) == (row["where_name"], row["where_country"], row["where_lat"])


def test_empty_dataset_has_typed_columns() -> None:
    """A dataset without records still gives every column, with its dtype."""
    frames = cd.Dataset([]).to_pandas()
    for kind, frame in frames.items():
        assert 0 == len(frame)
        assert [PANDAS_DTYPES[c.type] for c in COLUMNS[kind]] == [str(t) for t in frame.dtypes]
    assert 0 == cd.Dataset([]).to_arrow().implications.num_rows


def test_frames_by_kind() -> None:
    """Frames are reached by attribute or by kind; an unknown kind names the kinds."""
    frames = dataset().to_pandas()
    assert frames.events is frames["event"]
    assert list(RECORD_KINDS) == [kind for kind, _ in frames.items()]
    with pytest.raises(cd.InvalidCriterionError, match="did you mean 'event'"):
        frames["events"]  # type: ignore[index]


def test_timeline_frame() -> None:
    """A timeline becomes a DataFrame in timeline order, with date bounds and a dated flag."""
    entries = dataset().timeline()
    frame = timeline_to_pandas(entries)
    assert [c.name for c in TIMELINE_COLUMNS] == list(frame.columns)
    assert [e.record.id for e in entries] == frame["id"].tolist()
    assert [e.dated for e in entries] == frame["dated"].tolist()
    assert frame["date_start"].dropna().is_monotonic_increasing


def test_describe_lists_every_column() -> None:
    """describe() has one line per column of every kind."""
    assert sum(len(columns) for columns in COLUMNS.values()) == len(describe().splitlines())


def _modules_after(fresh_python: Callable[..., str], code: str) -> set[str]:
    return set(fresh_python(f"import sys\n{code}\nprint(' '.join(sys.modules))").split())


@pytest.mark.parametrize(
    "code",
    [
        "import conflictdata",
        "import conflictdata.filters, conflictdata.frames, conflictdata.relations",
        "import conflictdata as cd; cd.load().filter(kind='event').timeline()",
    ],
)
def test_core_does_not_import_pandas_or_pyarrow(
    fresh_python: Callable[..., str], code: str
) -> None:
    """Importing the package, filtering and ordering records leave pandas and pyarrow out."""
    assert set() == _modules_after(fresh_python, code) & {"pandas", "pyarrow", "numpy"}


def test_frames_do_import_them(fresh_python: Callable[..., str]) -> None:
    """The check above can fail: making a frame does import pandas."""
    loaded: Any = _modules_after(fresh_python, "import conflictdata as cd; cd.load().to_pandas()")
    assert "pandas" in loaded


def test_every_model_field_has_a_column() -> None:
    """Every field of every record kind is held by a column of its table, found from the
    models (not from the column list): a new model field without a column fails here."""
    for kind, cls in cd.models.RECORD_CLASSES.items():
        held = {c.model_field.split(".")[0] for c in COLUMNS[kind] if c.model_field}
        assert set() == {field.name for field in attrs.fields(cls)} - held, kind
