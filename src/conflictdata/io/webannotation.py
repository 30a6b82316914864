"""W3C Web Annotations (JSON-LD): one annotation for each evidence span and each row reference.

The document is an ``AnnotationCollection`` whose first (and only) ``AnnotationPage`` holds
the annotations in record order, a record's spans in order; ``first.items`` is the plain list
for tools that take one. Each annotation:

- ``target``: the source text (``source``), with a ``TextPositionSelector`` (``start``,
  ``end``: code points of the NFC text, as the Web Annotation model counts them) and a
  ``TextQuoteSelector`` (``exact``, with the ``prefix`` and ``suffix`` around it: 32 code
  points each, or more where the quote with 32 of context is found in the text more than
  once, until it is found only at its place), so that a tool that counts otherwise (UTF-16
  units) or reads a corrected text can still anchor by the quote alone;
- ``body``: the record (a ``SpecificResource`` with purpose ``linking``), its summary (a
  ``TextualBody`` with purpose ``describing``: the event summary, statement content,
  implication proposition, actor name or source title) and tags (``TextualBody`` with purpose
  ``tagging``) for the record kind and the span role;
- ``id``: the record's IRI followed by ``#evidence-N``, N counting the record's spans from 0.

A record imported from a dataset file has an annotation for each row it rests on
(``#row-N``): its target is the file with a ``FragmentSelector`` that conforms to RFC 7111
(``row=N``), and an ``identifying`` body gives the row's upstream record id.

IRIs are ``base`` followed by the id: ``urn:conflictdata:evt-…`` by default; give ``base``
the address where the records and texts are published to make them resolvable. The quotes and
their context need the source texts: a :class:`~conflictdata.dataset.Dataset` brings its own,
otherwise pass ``texts``. The format is written, not read.

>>> import tempfile, pathlib, json
>>> import conflictdata as cd
>>> from conflictdata.io import write_annotations
>>> ds = cd.load()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "evidence.jsonld"
>>> written = write_annotations(ds, path)
>>> items = {a["id"]: a for a in json.loads(path.read_text("utf-8"))["first"]["items"]}
>>> event = ds.events[0]
>>> span = event.evidence[0]
>>> selectors = items[f"urn:conflictdata:{event.id}#evidence-0"]["target"]["selector"]
>>> selectors[0] == {"type": "TextPositionSelector", "start": span.start, "end": span.end}
True
>>> selectors[1]["exact"] == span.exact
True

The quote selector alone places the quote (as :func:`conflictdata.authoring.find_quote`
does):

>>> from conflictdata.authoring import find_quote
>>> quote = {key: value for key, value in selectors[1].items() if key != "type"}
>>> find_quote(ds.texts[span.source], **quote) == span.start
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

import msgspec

from conflictdata._quotes import unique_context
from conflictdata.dataset import Dataset
from conflictdata.exceptions import DataError
from conflictdata.io._common import Records, Tally, Written, checked, write_document
from conflictdata.models import Record, RowRef, Span, main_text

__all__ = ["CONTEXT", "DEFAULT_BASE", "QUOTE_CONTEXT", "write_annotations"]

#: The JSON-LD context of the Web Annotation model.
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The IRI prefix of records and source texts unless another is given.
DEFAULT_BASE = "urn:conflictdata:"
#: How many code points of text before and after the quote go into prefix and suffix, at
#: least (more where the quote would not be found only at its place).
QUOTE_CONTEXT = 32


def write_annotations(
    records: Records,
    path: str | os.PathLike[str],
    *,
    texts: Mapping[str, str] | None = None,
    base: str = DEFAULT_BASE,
    overwrite: bool = False,
) -> Written:
    """Write one W3C Web Annotation per evidence span of ``records`` as JSON-LD.

    ``texts`` are the source texts by source id (a Dataset's own by default). ``records``
    counts the records whose spans were written. A span whose source text is not given, or
    whose quote differs from the text, raises :class:`~conflictdata.exceptions.DataError`;
    no file is left behind.
    """
    return write_document(
        records, path, "annotations", chunks, overwrite=overwrite, texts=texts, base=base
    )


def chunks(
    records: Records,
    tally: Tally,
    *,
    file: str | None,
    texts: Mapping[str, str] | None = None,
    base: str = DEFAULT_BASE,
) -> Iterator[bytes]:
    """The JSON-LD document of the evidence of ``records``, counted in ``tally``."""
    label = "conflictdata evidence"
    if isinstance(records, Dataset):
        texts = records.texts if texts is None else texts
        if records.version:
            label = f"conflictdata {records.version} evidence"
    items = []
    for record in records:
        checked(record, file=file)
        evidence, rows = record.evidence, record.rows
        for index, span in enumerate(evidence):
            items.append(_annotation(record, index, span, texts or {}, base, file))
        for index, row in enumerate(rows):
            items.append(_row_annotation(record, index, row, base))
        tally.records += bool(evidence or rows)
    document = {
        "@context": CONTEXT,
        "id": f"{base}annotations",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": f"{base}annotations#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
    yield msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"


def _annotation(
    record: Record,
    index: int,
    span: Span,
    texts: Mapping[str, str],
    base: str,
    file: str | None,
) -> dict[str, Any]:
    text = texts.get(span.source)
    if text is None or text[span.start : span.end] != span.exact:
        problem, field = (
            (f"no text for source {span.source!r}: give a Dataset, or texts=", "source")
            if text is None
            else ("exact differs from the source text at start:end", "exact")
        )
        raise DataError(
            problem, file=file, pointer=f"/evidence/{index}/{field}", record_id=record.id
        )
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": span.exact}
    prefix, suffix = unique_context(text, span.start, span.end, least=QUOTE_CONTEXT)
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    return {
        "id": f"{base}{record.id}#evidence-{index}",
        "type": "Annotation",
        "motivation": "linking",
        "body": _body(record, span.role, base),
        "target": {
            "source": base + span.source,
            "selector": [
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                quote,
            ],
        },
    }


def _row_annotation(record: Record, index: int, row: RowRef, base: str) -> dict[str, Any]:
    """The annotation of a row reference: a FragmentSelector with the RFC 7111 ``row=N`` of
    the dataset file, and the upstream record id as an identifying body."""
    body = _body(record, None, base)
    body.append({"type": "TextualBody", "value": row.record_id, "purpose": "identifying"})
    return {
        "id": f"{base}{record.id}#row-{index}",
        "type": "Annotation",
        "motivation": "linking",
        "body": body,
        "target": {
            "source": base + row.source,
            "selector": {
                "type": "FragmentSelector",
                "conformsTo": "http://tools.ietf.org/rfc/rfc7111",
                "value": f"row={row.row}",
            },
        },
    }


def _body(record: Record, role: str | None, base: str) -> list[dict[str, Any]]:
    """The bodies of an annotation of ``record``: a link to it, its summary and its tags."""
    body: list[dict[str, Any]] = [
        {"type": "SpecificResource", "source": base + record.id, "purpose": "linking"}
    ]
    summary = main_text(record)
    if summary is not None:
        body.append(
            {
                "type": "TextualBody",
                "value": summary,
                "format": "text/plain",
                "purpose": "describing",
            }
        )
    for tag in (record.kind, role):
        if tag is not None:
            body.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    return body
