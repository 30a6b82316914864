"""Readable signatures for the record classes.

The models annotate their fields with ``Annotated[type, msgspec.Meta(...)]``: the constraints
are for the decoder and the JSON Schemas (and the codebook shows them), not for a signature.
They are cut from the signatures autodoc writes, leaving the type. The vocabulary types
(``EventType``, ``SpanRole``) are kept by name (``autodoc_type_aliases``); they are documented
as data in :mod:`conflictdata.vocab` (see :mod:`conflictdata_docs.references`).
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

from conflictdata import vocab

#: The vocabulary types, shown by name in signatures.
TYPE_ALIASES = {
    name: f"conflictdata.vocab.{name}"
    for name in vocab.__all__
    if name[0].isupper() and not name.isupper()
}
_ALIAS_REF = re.compile(r"TypeAliasForwardRef\('([^']*)'\)")
_ANNOTATED = re.compile(r"(?:~?[A-Za-z_.]*\.)?Annotated\[")
_CLOSERS = {"[": "]", "(": ")", "{": "}"}


def _arguments_end(text: str, start: int) -> tuple[int, int]:
    """Scan the arguments of a subscript that opened just before ``start``: return the index
    of the first top-level comma (or of the closing bracket) and of the closing bracket."""
    depth, quote, first = 0, "", -1
    i = start
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in _CLOSERS:
            depth += 1
        elif char in _CLOSERS.values():
            if depth == 0:
                return (first if first >= 0 else i), i
            depth -= 1
        elif char == "," and depth == 0 and first < 0:
            first = i
        i += 1
    raise ValueError(f"unbalanced brackets in {text!r}")


def strip_annotated(text: str) -> str:
    """``text`` with every ``Annotated[T, ...]`` replaced by ``T``, and alias references by the
    alias: ``x: Annotated[str, Meta(pattern='^[a-z]+$')] | None`` becomes ``x: str | None``."""
    text = _ALIAS_REF.sub(r"\1", text)
    parts, position = [], 0
    while match := _ANNOTATED.search(text, position):
        first, end = _arguments_end(text, match.end())
        parts += [text[position : match.start()], strip_annotated(text[match.end() : first])]
        position = end + 1
    return "".join([*parts, text[position:]])


def _clean_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    return (
        strip_annotated(signature) if signature else signature,
        strip_annotated(return_annotation) if return_annotation else return_annotation,
    )


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-signature", _clean_signature)
