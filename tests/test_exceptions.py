"""Errors carry their location as data (one :class:`Where` for every kind of problem)."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata.exceptions import Where
from conflictdata.release import ReleaseProblem

_STEPS = st.lists(st.one_of(st.text(max_size=5), st.integers(0, 99)), max_size=4)


def _pointer(steps: list[str | int]) -> str:
    return "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in steps)


@given(_STEPS)
def test_path_unescapes_the_pointer(steps: list[str | int]) -> None:
    """``Where.path`` is the pointer's steps, unescaped, with indices as integers (a text step
    made of digits reads as an index, as in JSON Pointer's own ambiguity)."""
    expected = tuple(int(s) if isinstance(s, str) and s.isdigit() else s for s in steps)
    assert expected == Where(pointer=_pointer(steps)).path


def test_data_error_keeps_its_fields_through_pickle() -> None:
    """A DataError (and a subclass) pickles with its message, location and code, so a worker
    process can send it back whole; its args hold the same fields."""
    error = cd.IntegrityError("hash differs", file="events.jsonl", line=2, code="hash-mismatch")
    back = pickle.loads(pickle.dumps(error))
    assert (type(error), str(error), error.code, error.where) == (
        type(back),
        str(back),
        back.code,
        back.where,
    )
    assert ("hash differs", "events.jsonl", 2, None, None, "hash-mismatch") == error.args


def test_every_problem_writes_its_location_alike() -> None:
    """A loader error and a release problem at the same place read the same after their
    labels."""
    where = Where(pointer="/version", record_id="evt-a", file="datapackage.json")
    error = cd.DataError("bad", file=where.file, pointer=where.pointer, record_id=where.record_id)
    problem = ReleaseProblem(
        code="version-missing", message="bad", pointer="/version", record_id="evt-a"
    )
    assert str(error) == where.describe("bad") == str(problem).removeprefix("version-missing: ")
