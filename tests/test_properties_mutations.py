"""One change to a valid record is rejected, and the error names where the change is."""

from __future__ import annotations

import jsonschema
import msgspec
import pytest
from hypothesis import given

from conflictdata import strategies as cst
from conflictdata._codec import decode_record
from conflictdata._msgspec import pointer_of
from conflictdata._schema import load_schema
from conflictdata.models import RECORD_CLASSES, Link


@given(cst.mutations())
def test_one_change_is_rejected_where_it_was_made(mutation: cst.Mutation) -> None:
    """The strict decoder rejects a record with one change (a required field dropped, an
    unknown field added, a value of the wrong type, outside its vocabulary or its constraints)
    and ``pointer_of`` names the changed value; for a dropped or added field, that is the
    field's own pointer, one step below the object that holds it. The reference validator
    rejects it too."""
    data = msgspec.json.encode(mutation.instance)
    with pytest.raises(msgspec.ValidationError) as info:
        decode_record(data, RECORD_CLASSES[mutation.kind])
    assert mutation.pointer == pointer_of(info.value)[0]
    validator = jsonschema.Draft202012Validator(load_schema(mutation.kind))
    assert not validator.is_valid(mutation.instance)


@pytest.mark.parametrize(
    ("line", "pointer"),
    [
        (b'{"rel": "same_as", "target": "evt-a", "a`b": 1}', "/a`b"),
        (b'{"rel": "same_as", "target": "evt-a", "a/b~c": 1}', "/a~1b~0c"),
        (b'{"rel": "same_as", "target": "evt-a", "line\\nbreak": 1}', "/line\nbreak"),
    ],
)
def test_pointer_of_unknown_fields_with_awkward_names(line: bytes, pointer: str) -> None:
    """Backticks, slashes, tildes and line breaks in an unknown field's name are kept in the
    pointer (escaped as RFC 6901 asks), not mistaken for msgspec's location suffix."""
    with pytest.raises(msgspec.ValidationError) as info:
        decode_record(line, Link)
    assert pointer == pointer_of(info.value)[0]
