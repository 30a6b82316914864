"""Layer 3 of validation, across records: ids, references, spans and derived dates.

:class:`CrossChecker` takes the :class:`~conflictdata._checks_record.Facts` of each record in
file order and keeps only an index of ids (where each record is, the dates of dated ones, the
withdrawn ones), the references that point forward to records not seen yet and a few source
texts, so memory grows with the number of ids alone. A reference resolves against the
contributed files and the release they extend; a span is checked against its source's text,
from the release or from the contributed ``sources/`` folder.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict, deque
from pathlib import Path

from conflictdata._checks_record import Facts, date_range
from conflictdata._codes import issue
from conflictdata._dates import DateRange
from conflictdata._report import Issue, shorten
from conflictdata._texts import check_source_text
from conflictdata.dataset import Dataset
from conflictdata.models import Event, Source, Statement

__all__ = ["CrossChecker"]


# Records are many, so what is kept of each is small: the index maps an id to where the record
# is, as one int (file number << 32 | line; -1 in the release); dates and withdrawals are kept
# apart, for the records that have them.
_IN_RELEASE = -1
#: Where a record is: (file, line, record id, active).
_Where = tuple[str, int, str, bool]


#: How many contributed source texts are kept in memory at a time.
_TEXTS_KEPT = 16

#: A span waiting for its source: (index into evidence, source, start, end, exact).
_Span = tuple[int, str, int, int, str]


class CrossChecker:
    """Checks across records, fed one record at a time in file order."""

    def __init__(self, release: Dataset | None) -> None:
        self.issues: list[Issue] = []
        self._index: dict[str, int] = {}
        self._dates: dict[str, str] = {}
        self._file_names: list[str] = []
        # The release's texts, and the last few contributed ones read (records quote a source
        # near where it is listed); the others are read again from their files when quoted.
        self._texts: dict[str, str] = {}
        self._recent: deque[str] = deque()
        self._files: dict[str, Path | None] = {}  # contributed source -> its text file
        self._withdrawn_ids: set[str] = set()
        self._file, self._folder = "", Path()
        self._waiting: defaultdict[str, list[tuple[_Where, str]]] = defaultdict(list)
        self._waiting_spans: defaultdict[str, list[tuple[_Where, _Span]]] = defaultdict(list)
        self._waiting_dates: defaultdict[str, list[tuple[_Where, str, int, str]]] = defaultdict(
            list
        )
        if release is not None:
            for record in release:
                date = None
                if isinstance(record, Event | Statement):
                    date = record.when.date
                elif isinstance(record, Source):
                    date = record.published.date
                self._index[record.id] = _IN_RELEASE
                if date is not None:
                    self._dates[record.id] = date
                if record.status != "active":
                    self._withdrawn_ids.add(record.id)
            self._texts.update(release.texts)

    def start_file(self, file: str, folder: Path) -> None:
        """Records now come from ``file``; sources' texts are read relative to ``folder``."""
        self._file, self._folder = file, folder
        self._file_names.append(file)

    def add(self, facts: Facts, line: int) -> None:
        """Check one record of the current file against everything seen before it (and
        remember it for later)."""
        record_id, active, date, references, spans, derived, source = facts
        file = self._file
        where: _Where = (file, line, record_id, active)
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
        targets = references[2::3]
        withdrawn = self._withdrawn_ids
        if not all(map(index.__contains__, targets)) or (
            active and withdrawn and not withdrawn.isdisjoint(targets)
        ):
            self._references(facts, where)
        texts = self._texts
        items = iter(spans)
        for span in zip(items, items, items, items, items, strict=False):  # whole fives
            _, text_id, start, end, exact = span
            text = texts.get(text_id)
            if text is None:
                if text_id not in self._files:
                    if text_id not in index:
                        self._waiting_spans[text_id].append((where, span))
                    continue
                text = self._reread(text_id)
                if text is None:  # its text could not be read, which is reported already
                    continue
            if not (end - start == len(exact) and text.startswith(exact, start)):
                self._span(where, span, text)
        if derived is not None:
            pointer, anchor, offset, derived_date = derived
            if anchor in index:
                self._derived(where, pointer, anchor, self._dates.get(anchor), offset, derived_date)
            else:
                self._waiting[anchor].append((where, ""))
                self._waiting_dates[anchor].append((where, pointer, offset, derived_date))

    def _references(self, facts: Facts, where: _Where) -> None:
        """Look at each reference: one is not known yet, or refers to a withdrawn record."""
        references = iter(facts.references)
        for template, at, target in zip(references, references, references, strict=True):
            if target not in self._index:
                self._waiting[target].append((where, template.format(at)))
            elif facts.active and target in self._withdrawn_ids:
                self._withdrawn(where, template.format(at), target)

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

    def _arrived(self, facts: Facts, where: _Where) -> None:
        """Settle what waited for this record."""
        for waiting, pointer in self._waiting.pop(facts.id, ()):
            if pointer and waiting[3] and not facts.active:
                self._withdrawn(waiting, pointer, facts.id)
        for waiting, pointer, offset, date in self._waiting_dates.pop(facts.id, ()):
            self._derived(waiting, pointer, facts.id, facts.date, offset, date)
        if facts.source is not None:
            text = self._read_text(facts.source, where, self._folder)
            self._files[facts.id] = self._folder / facts.source[0] if text is not None else None
            if text is not None:
                self._keep(facts.id, text)
                for waiting, span in self._waiting_spans.pop(facts.id, ()):
                    self._span(waiting, span, text)

    def _keep(self, source_id: str, text: str) -> None:
        """Keep a contributed text among the recent ones, forgetting the oldest."""
        self._texts[source_id] = text
        self._recent.append(source_id)
        if len(self._recent) > _TEXTS_KEPT:
            del self._texts[self._recent.popleft()]

    def _reread(self, source_id: str) -> str | None:
        """A contributed text read again (it was checked when its record came)."""
        path = self._files[source_id]
        if path is None:
            return None
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):  # changed since: it was read and checked once
            self._files[source_id] = None
            return None
        self._keep(source_id, text)
        return text

    def _report(self, code: str, message: str, where: _Where, pointer: str) -> None:
        file, line, record_id, _ = where
        self.issues.append(
            issue(code, message, file=file, line=line, pointer=pointer, record_id=record_id)
        )

    def _withdrawn(self, where: _Where, pointer: str, target: str) -> None:
        message = f"{target!r} is withdrawn: an active record cannot rest on it"
        self._report("ref-withdrawn", message, where, pointer)

    def _span(self, where: _Where, span: _Span, text: str) -> None:
        """Report a span whose exact is not its source text."""
        at, source, start, end, exact = span
        pointer = f"/evidence/{at}"
        if end > len(text):
            message = f"the span ends at {end}, but the text of {source} has {len(text)} characters"
            self._report("span-out-of-range", message, where, pointer + "/end")
            return
        found = text[start:end]
        if found != exact:
            message = (
                f"exact is {shorten(exact, 80)!r}, but the text at {start}-{end} reads "
                f"{shorten(found, 80)!r}"
            )
            elsewhere = text.find(exact)
            if elsewhere >= 0:
                message += f" (the exact text is at {elsewhere}-{elsewhere + len(exact)})"
            self._report("span-mismatch", message, where, pointer + "/exact")

    def _derived(
        self,
        where: _Where,
        pointer: str,
        anchor: str,
        anchor_date: str | None,
        offset: int,
        date: str,
    ) -> None:
        anchored = date_range(anchor_date) if anchor_date is not None else None
        if not isinstance(anchored, DateRange):
            message = f"the anchor {anchor!r} has no date to count {offset} days from"
            self._report("date-anchor-undated", message, where, pointer + "/anchor")
            return
        expected = _shifted(anchored, offset)
        own = date_range(date)
        if expected is None or not isinstance(own, DateRange) or not expected.overlaps(own):
            days = f"{offset} day{'' if abs(offset) == 1 else 's'}"
            message = (
                f"the anchor {anchor!r} is dated {anchor_date}, and {days} from it is not {date}"
            )
            self._report("date-derived-mismatch", message, where, pointer + "/date")

    def _read_text(self, source: tuple[str, str], where: _Where, folder: Path) -> str | None:
        """The text of a contributed source, read beside the file that lists it, and checked."""
        path, sha256 = source
        try:
            raw = (folder / path).read_bytes()
        except OSError as exc:
            message = f"cannot read the source text {folder / path}: {exc.strerror or exc}"
            self._report("source-text-missing", message, where, "/path")
            return None
        text, problems = check_source_text(raw, sha256)
        for code, what in problems:
            pointer = "/sha256" if code == "source-text-hash" else "/path"
            self._report(code, f"the source text {what}: {folder / path}", where, pointer)
        return text


def _shifted(days: DateRange, offset: int) -> DateRange | None:
    """The range moved by ``offset`` days (None when that leaves the calendar)."""
    try:
        delta = dt.timedelta(days=offset)
        return DateRange(
            days.start + delta if days.start else None, days.end + delta if days.end else None
        )
    except OverflowError:
        return None
