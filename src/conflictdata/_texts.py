"""Checking a source text against its record: UTF-8, Unicode NFC, and the recorded SHA-256.

The loader (which refuses a release at the first problem) and the validator (which reports
every problem) read source texts alike through :func:`check_source_text`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import TYPE_CHECKING

from conflictdata.exceptions import DataError, IntegrityError

if TYPE_CHECKING:
    from conflictdata.models import Source

__all__ = ["MAX_TEXT_BYTES", "check_source_text", "source_text"]

#: The most bytes a source text may have (64 MiB): a longer file is refused before it is read.
MAX_TEXT_BYTES = 64 << 20


def check_source_text(raw: bytes, sha256: str) -> tuple[str | None, list[tuple[str, str]]]:
    """Decode ``raw`` and check it: the text (None when it is not UTF-8) and its problems.

    Each problem is an issue code and what is wrong, worded to follow "the source text":

    >>> check_source_text(b"Cafe\\xcc\\x81", "0" * 64)[1][0]
    ('source-text-not-nfc', 'is not in Unicode NFC')
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [("source-text-not-utf8", f"is not UTF-8 (byte {exc.start + 1})")]
    problems = []
    if not unicodedata.is_normalized("NFC", text):
        problems.append(("source-text-not-nfc", "is not in Unicode NFC"))
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        problems.append(("source-text-hash", f"has sha256 {digest}, not the record's {sha256}"))
    return text, problems


def source_text(raw: bytes, source: Source) -> str:
    """The text of ``source`` from the bytes of its file in a release, or a located error
    (:class:`~conflictdata.exceptions.IntegrityError` for a text that is not the one the record
    names)."""
    text, problems = check_source_text(raw, source.sha256)
    if problems or text is None:
        code, what = problems[0]
        error = IntegrityError if code == "source-text-hash" else DataError
        raise error(f"source text {what}", file=source.path, record_id=source.id, code=code)
    return text
