"""GeoJSON (RFC 7946): events with coordinates as Point features.

A FeatureCollection with one Feature per event whose ``where`` has both ``lat`` and ``lon``:
the geometry is the Point ``[lon, lat]``, the feature id is the event id and the properties are
the whole event record, as in JSON Lines. Events without coordinates are left out, and
:func:`write_geojson` names them in ``skipped``; records of other kinds have no place in the
format and are passed over. The format is written, not read: its features are a view of the
events, and the JSON Lines file stays the record.

>>> import tempfile, pathlib
>>> import conflictdata as cd
>>> from conflictdata.io import write_geojson
>>> event = cd.Event(
...     id="evt-strike",
...     type="ASSAULT",
...     summary="A strike on Dnipro.",
...     where=cd.Location(name="Dnipro", country="UKR", lat=48.45, lon=34.98, precision="near"),
...     factuality="CT+",
...     evidence=(cd.Span(source="src-a", start=0, end=6, exact="strike"),),
... )
>>> path = pathlib.Path(tempfile.mkdtemp()) / "events.geojson"
>>> unplaced = cd.Event(id="evt-talks", type="CONSULT", summary="Talks.", factuality="CT+",
...                    evidence=(cd.Span(source="src-a", start=7, end=12, exact="talks"),))
>>> written = write_geojson([event, unplaced], path)
>>> written.records, written.skipped
(1, ('evt-talks',))
>>> import json
>>> json.loads(path.read_text("utf-8"))["features"][0]["geometry"]
{'coordinates': [34.98, 48.45], 'type': 'Point'}
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import msgspec

from conflictdata.io._common import Records, Tally, Written, checked, write_document
from conflictdata.models import Event

__all__ = ["write_geojson"]


def write_geojson(
    records: Records, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Written:
    """Write the events of ``records`` that have coordinates as a GeoJSON FeatureCollection.

    ``records`` counts the features written; ``skipped`` names the events without coordinates.
    A bad record raises :class:`~conflictdata.exceptions.DataError` and leaves no file behind.
    """
    return write_document(records, path, "geojson", chunks, overwrite=overwrite)


def chunks(records: Records, tally: Tally, *, file: str | None) -> Iterator[bytes]:
    """The GeoJSON document of the events in ``records``, counted in ``tally``."""
    features = []
    for record in records:
        data = checked(record, file=file)
        if not isinstance(record, Event):
            continue
        where = record.where
        if where is None or where.lat is None or where.lon is None:
            tally.skipped.append(record.id)
            continue
        features.append(
            {
                "geometry": {"coordinates": [where.lon, where.lat], "type": "Point"},
                "id": record.id,
                "properties": msgspec.Raw(data),
                "type": "Feature",
            }
        )
        tally.records += 1
    document = {"features": features, "type": "FeatureCollection"}
    yield msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"
