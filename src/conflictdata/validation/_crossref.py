"""Layer 3 of validation, across records, the reference path: ids, references, spans and dates.

:class:`CrossChecker` takes the :class:`~conflictdata.validation._facts.Facts` of each record in
file order (:meth:`CrossChecker.add`) and keeps only an index of ids (where each record is, the
dates of dated ones, the withdrawn ones), the references that point forward to records not seen
yet and contributed source texts up to a budget, so memory grows with the number of ids alone.
A reference resolves against the contributed files and the release they extend; a span is
checked against its source's text, from the release or from the contributed ``sources/``
folder; :meth:`CrossChecker.finish` reports what never resolved.

These are the rules across records. :mod:`conflictdata.validation._crossref_bulk` takes whole
chunks of records at once for speed, and gives the same issues: the property tests compare the
two.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import defaultdict, deque
from collections.abc import Mapping
from itertools import chain, repeat
from pathlib import Path

from conflictdata._dates import DateRange
from conflictdata._fsutil import UnsafeFileError, read_inside
from conflictdata._texts import MAX_TEXT_BYTES, check_source_text
from conflictdata.dataset import Dataset
from conflictdata.exceptions import DataError
from conflictdata.validation._code_entries import issue
from conflictdata.validation._facts import (
    Facts,
    Span,
    each_reference,
    each_span,
    reference_targets,
    span_indexes,
    span_sources,
)
from conflictdata.validation._kept import KeptIssues
from conflictdata.validation._record_rules import date_range
from conflictdata.validation._report import Issue, shorten

__all__ = [
    "CrossChecker",
    "TextFile",
    "Where",
    "derived_issues",
    "source_text",
    "span_issues",
    "text_again",
]


# Records are many, so what is kept of each is small: the index maps an id to where the record
# is, as one int (file number << 32 | line; -1 in the release); dates and withdrawals are kept
# apart, for the records that have them.
_IN_RELEASE = -1
#: Where a record is: (file, line, record id, active).
Where = tuple[str, int, str, bool]
#: A contributed source text's file: (the folder it is read in, its relative path there).
TextFile = tuple[str, str]


#: How many characters past a quote's own length a span-mismatch message may quote.
_CONTEXT = 20
#: How many characters of contributed source texts are kept in memory at most (the newest text
#: read is kept whatever its length).
_TEXTS_BUDGET = 32 * 2**20


def source_text(
    source: tuple[str, str], where: Where, folder: Path, root: str = ""
) -> tuple[str | None, list[Issue]]:
    """The text of a contributed source, read beside the file that lists it, in ``folder``
    (relative to ``root`` if it is relative, else to the current folder; issues name it as
    ``folder`` gives it): None if it cannot be read as UTF-8, and its problems."""
    path, sha256 = source
    try:
        raw = read_inside(os.path.join(root, folder), path, limit=MAX_TEXT_BYTES)
    except UnsafeFileError as exc:
        message = f"the source text {folder / path} is not read: {exc.message}"
        return None, [_issue_at("source-text-unsafe", message, where, "/path")]
    except OSError as exc:
        message = f"cannot read the source text {folder / path}: {exc.strerror or exc}"
        return None, [_issue_at("source-text-missing", message, where, "/path")]
    text, problems = check_source_text(raw, sha256)
    return text, [
        _issue_at(
            code,
            f"the source text {what}: {folder / path}",
            where,
            "/sha256" if code == "source-text-hash" else "/path",
        )
        for code, what in problems
    ]


class CrossChecker:
    """Checks across records, fed a chunk or a record at a time, in file order."""

    def __init__(self, release: Dataset | None) -> None:
        #: What the checks found (the validator keeps them in a bounded store).
        self.issues: list[Issue] | KeptIssues = []
        self._index: dict[str, int] = {}
        self._dates: dict[str, str] = {}
        self._file_names: list[str] = []
        #: The release's source texts, by id.
        self.release_texts: dict[str, str] = {}
        # The release's texts, and the contributed ones read last, up to a budget; the others
        # are read again from their files when quoted.
        self._texts: dict[str, str] = {}
        self._recent: deque[str] = deque()
        self._kept = 0  # characters of the contributed texts kept
        # contributed source -> its text file, as (the folder it is read in, path inside it)
        self._files: dict[str, TextFile | None] = {}
        self._withdrawn_ids: set[str] = set()
        self._file, self._folder = "", Path()
        self._waiting: defaultdict[str, list[tuple[Where, str]]] = defaultdict(list)
        self._waiting_spans: defaultdict[str, list[tuple[Where, Span]]] = defaultdict(list)
        self._waiting_dates: defaultdict[str, list[tuple[Where, str, int, str]]] = defaultdict(list)
        if release is not None:
            for record in release:
                field = type(record).when_field
                date = getattr(record, field).date if field else None
                self._index[record.id] = _IN_RELEASE
                if date is not None:
                    self._dates[record.id] = date
                if record.status != "active":
                    self._withdrawn_ids.add(record.id)
            self.release_texts.update(release.texts)
            self._texts.update(release.texts)

    @property
    def file_number(self) -> int:
        """The number of the current file (0 for the first)."""
        return len(self._file_names) - 1

    def source_files(self) -> dict[str, TextFile]:
        """The text file of each contributed source listed so far whose text could be read."""
        return {key: file for key, file in self._files.items() if file is not None}

    def text_sources(self) -> set[str]:
        """The ids of the sources seen so far that are texts (their files readable or not)."""
        return self._files.keys() | self.release_texts.keys()

    @property
    def texts(self) -> Mapping[str, str]:
        """The source texts held: the release's and the contributed ones read last."""
        return self._texts

    def start_file(self, file: str, folder: Path) -> None:
        """Records now come from ``file``; sources' texts are read relative to ``folder``."""
        self._file, self._folder = file, folder
        self._file_names.append(file)

    def add(self, facts: Facts, line: int) -> None:
        """Check one record of the current file against everything seen before it (and
        remember it for later)."""
        record_id, active, date, _, spans, derived, source = facts
        file = self._file
        where: Where = (file, line, record_id, active)
        index = self._index
        prior = index.get(record_id)
        if prior is None:
            index[record_id] = (len(self._file_names) - 1) << 32 | line
            if date is not None:
                self._dates[record_id] = sys.intern(date)
            if not active:
                self._withdrawn_ids.add(record_id)
            if source is not None or record_id in self._waiting:
                self._arrived(facts, where)
        elif prior == _IN_RELEASE:
            message = f"the release already has a record {record_id!r}: ids are never reused"
            self._report("id-in-release", message, where, "/id")
        else:
            first = f"{self._file_names[prior >> 32]}:{prior & 0xFFFFFFFF}"
            message = f"{record_id!r} is also the id of the record at {first}"
            self._report("id-duplicate", message, where, "/id")
        targets = reference_targets(facts.references) + span_sources(spans)
        withdrawn = self._withdrawn_ids
        if not all(map(index.__contains__, targets)) or (
            active and withdrawn and not withdrawn.isdisjoint(targets)
        ):
            self._references(facts, where)
        for span in each_span(spans):
            self._check_span(where, span)
        if derived is not None:
            pointer, anchor, offset, derived_date = derived
            if anchor in index:
                self._derived(where, pointer, anchor, self._dates.get(anchor), offset, derived_date)
            else:
                self._waiting[anchor].append((where, ""))
                self._waiting_dates[anchor].append((where, pointer, offset, derived_date))

    def _references(self, facts: Facts, where: Where) -> None:
        """Look at each reference: one is not known yet, or refers to a withdrawn record."""
        spans = facts.spans
        quoted = zip(repeat("/evidence/{}/source"), span_indexes(spans), span_sources(spans))
        for template, at, target in chain(each_reference(facts.references), quoted):
            if target not in self._index:
                self._waiting[target].append((where, template.format(at)))
            elif facts.active and target in self._withdrawn_ids:
                self._withdrawn(where, template.format(at), target)

    def _check_span(self, where: Where, span: Span) -> None:
        """Check a span against its source's text, or keep it until the source comes."""
        text_id = span[1]
        text = self._texts.get(text_id)
        if text is None:
            if text_id not in self._files:
                if text_id not in self._index:
                    self._waiting_spans[text_id].append((where, span))
                else:  # a source with no text file to read: a dataset file
                    self.issues.append(_dataset_span(where, span))
                return
            text = self._reread(text_id)
            if text is None:  # its text could not be read, which is reported already
                return
        self.issues.extend(span_issues(where, span, text))

    def finish(self) -> None:
        """Report the references that never resolved."""
        for target, waiting in self._waiting.items():
            for where, pointer in waiting:
                if not pointer:  # a derived date's anchor: its reference is reported
                    continue
                message = f"no record has the id {target!r}, in these files or the release"
                self._report("ref-unresolved", message, where, pointer)
        self._waiting.clear()
        self._waiting_spans.clear()
        self._waiting_dates.clear()

    def _arrived(self, facts: Facts, where: Where | None = None) -> None:
        """Settle what waited for this record (a source record comes with where it is)."""
        for waiting, pointer in self._waiting.pop(facts.id, ()):
            if pointer and waiting[3] and not facts.active:
                self._withdrawn(waiting, pointer, facts.id)
        for waiting, pointer, offset, date in self._waiting_dates.pop(facts.id, ()):
            self._derived(waiting, pointer, facts.id, facts.date, offset, date)
        if facts.source is None:  # not a text: spans that waited for it cannot quote it
            for waiting, span in self._waiting_spans.pop(facts.id, ()):
                self.issues.append(_dataset_span(waiting, span))
        elif where is not None:
            text, found = source_text(facts.source, where, self._folder)
            self.issues.extend(found)
            self._files[facts.id] = (
                (str(self._folder), facts.source[0]) if text is not None else None
            )
            if text is not None:
                self._keep(facts.id, text)
                for waiting, span in self._waiting_spans.pop(facts.id, ()):
                    self.issues.extend(span_issues(waiting, span, text))

    def _keep(self, source_id: str, text: str) -> None:
        """Keep a contributed text among the recent ones, forgetting the oldest beyond the
        budget."""
        self._texts[source_id] = text
        self._recent.append(source_id)
        self._kept += len(text)
        while self._kept > _TEXTS_BUDGET and len(self._recent) > 1:
            self._kept -= len(self._texts.pop(self._recent.popleft()))

    def _reread(self, source_id: str) -> str | None:
        """A contributed text read again (it was checked when its record came)."""
        file = self._files[source_id]
        text = text_again(file) if file is not None else None
        if text is None:
            self._files[source_id] = None
            return None
        self._keep(source_id, text)
        return text

    def _report(self, code: str, message: str, where: Where, pointer: str) -> None:
        self.issues.append(_issue_at(code, message, where, pointer))

    def _withdrawn(self, where: Where, pointer: str, target: str) -> None:
        message = f"{target!r} is withdrawn: an active record cannot rest on it"
        self._report("ref-withdrawn", message, where, pointer)

    def _derived(
        self,
        where: Where,
        pointer: str,
        anchor: str,
        anchor_date: str | None,
        offset: int,
        date: str,
    ) -> None:
        self.issues.extend(derived_issues(where, pointer, anchor, anchor_date, offset, date))


def text_again(file: TextFile) -> str | None:
    """A contributed source text read again (it was checked when its record came), by the same
    path inside the same folder, never through a link; None if it cannot be read as UTF-8 now."""
    folder, path = file
    try:
        return read_inside(folder, path, limit=MAX_TEXT_BYTES).decode("utf-8")
    except (OSError, DataError, UnicodeDecodeError):  # changed since it was checked
        return None


def _issue_at(code: str, message: str, where: Where, pointer: str) -> Issue:
    file, line, record_id, _ = where
    return issue(code, message, file=file, line=line, pointer=pointer, record_id=record_id)


def _dataset_span(where: Where, span: Span) -> Issue:
    """The issue of a span that quotes a source with no text (a dataset file)."""
    message = f"{span[1]!r} is a dataset file, which has no text: point at its row"
    return _issue_at("span-source-is-dataset", message, where, f"/evidence/{span[0]}/source")


def span_issues(where: Where, span: Span, text: str) -> list[Issue]:
    """The issue of a span whose exact is not its source text, if it is not."""
    at, source, start, end, exact = span
    if end - start == len(exact) and text.startswith(exact, start):
        return []
    pointer = f"/evidence/{at}"
    if end > len(text):
        message = f"the span ends at {end}, but the text of {source} has {len(text)} characters"
        return [_issue_at("span-out-of-range", message, where, pointer + "/end")]
    # Never more of the text than the quote's own length and a little context.
    found = text[start : min(end, start + len(exact) + _CONTEXT)]
    message = (
        f"exact is {shorten(exact, 80)!r}, but the text at {start}-{end} reads "
        f"{shorten(found, 80)!r}"
    )
    elsewhere = text.find(exact)
    if elsewhere >= 0:
        message += f" (the exact text is at {elsewhere}-{elsewhere + len(exact)})"
    return [_issue_at("span-mismatch", message, where, pointer + "/exact")]


def derived_issues(
    where: Where, pointer: str, anchor: str, anchor_date: str | None, offset: int, date: str
) -> list[Issue]:
    """The issue of a derived date that does not follow from its anchor's, if it does not."""
    anchored = date_range(anchor_date) if anchor_date is not None else None
    if not isinstance(anchored, DateRange):
        message = f"the anchor {anchor!r} has no date to count {offset} days from"
        return [_issue_at("date-anchor-undated", message, where, pointer + "/anchor")]
    expected = _shifted(anchored, offset)
    own = date_range(date)
    if expected is None or not isinstance(own, DateRange) or not expected.overlaps(own):
        days = f"{offset} day{'' if abs(offset) == 1 else 's'}"
        message = f"the anchor {anchor!r} is dated {anchor_date}, and {days} from it is not {date}"
        return [_issue_at("date-derived-mismatch", message, where, pointer + "/date")]
    return []


def _shifted(days: DateRange, offset: int) -> DateRange | None:
    """The range moved by ``offset`` days (None when that leaves the calendar)."""
    try:
        delta = dt.timedelta(days=offset)
        return DateRange(
            days.start + delta if days.start else None, days.end + delta if days.end else None
        )
    except OverflowError:
        return None
