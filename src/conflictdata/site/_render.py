"""The HTML of a site's pages: the index (search, every record, the timeline, the issues) and
one page per source text (its highlights and the panels of its records)."""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator, Mapping
from html import escape
from importlib.resources import files

from attrs import evolve, frozen

from conflictdata.exceptions import DataError
from conflictdata.models import Record, Source, Span, main_text
from conflictdata.site._content import Content, strings
from conflictdata.site._highlight import Mark, render
from conflictdata.timeline import record_range
from conflictdata.validation import Issue

__all__ = ["KIND_NAMES", "Pages", "index_page", "source_page"]

#: The word for each record kind, as the pages name it.
KIND_NAMES = {
    "event": "Event",
    "statement": "Statement",
    "implication": "Implication",
    "actor": "Actor",
    "source": "Source",
}

_PAGE = string.Template(files(__package__).joinpath("page.html").read_text(encoding="utf-8"))


@frozen
class Pages:
    """What every page needs to link: the site's records by id, the sources that have a page,
    the issues by record id and by (record id, JSON pointer), and each source's spans (their
    record and index)."""

    content: Content
    by_id: Mapping[str, Record]
    with_page: frozenset[str]
    issues: Mapping[str | None, tuple[Issue, ...]]
    messages: Mapping[tuple[str | None, str | None], str]
    spans: Mapping[str, tuple[tuple[Record, int, Span], ...]]

    @classmethod
    def of(cls, content: Content) -> Pages:
        """The links of ``content``'s pages."""
        by_id = {record.id: record for record in content.records}
        with_page = frozenset(
            r.id for r in content.records if isinstance(r, Source) and r.id in content.texts
        )
        grouped: dict[str | None, list[Issue]] = {}
        for issue in content.issues:
            grouped.setdefault(issue.record_id, []).append(issue)
        spans: dict[str, list[tuple[Record, int, Span]]] = {}
        for record in content.records:
            for index, span in enumerate(record.evidence):
                spans.setdefault(span.source, []).append((record, index, span))
        return cls(
            content,
            by_id,
            with_page,
            {k: tuple(v) for k, v in grouped.items()},
            {(i.record_id, i.pointer): i.message for i in content.issues},
            {k: tuple(v) for k, v in spans.items()},
        )

    def href(self, record_id: str, root: str) -> str:
        """Where a record is shown, from a page ``root`` below the site's top."""
        if record_id in self.with_page:
            return f"{root}sources/{record_id}.html"
        return f"{root}index.html#{record_id}"


def _page(pages: Pages, title: str, body: str, root: str) -> str:
    return _PAGE.substitute(
        title=escape(title), site=escape(pages.content.title), root=root, body=body
    )


def _value(value: object, pages: Pages, root: str) -> str:
    """A field's value: ids of the site's records as links, nested values as lists."""
    if isinstance(value, str):
        if value in pages.by_id:
            return f'<a href="{escape(pages.href(value, root))}"><code>{escape(value)}</code></a>'
        return escape(value)
    if isinstance(value, tuple):
        return "<ul>" + "".join(f"<li>{_value(v, pages, root)}</li>" for v in value) + "</ul>"
    if hasattr(value, "__attrs_attrs__"):
        return f'<dl class="fields">{_rows(value, pages, root, ())}</dl>'
    return escape(str(value))


def _rows(value: object, pages: Pages, root: str, skip: Iterable[str]) -> str:
    """The ``<dt>``/``<dd>`` rows of the fields of an attrs value that are set."""
    rows = []
    for attribute in value.__attrs_attrs__:  # type: ignore[attr-defined]
        field = getattr(value, attribute.name)
        if attribute.name in skip or field is None or field == ():
            continue
        rows.append(f"<dt>{escape(attribute.name)}</dt><dd>{_value(field, pages, root)}</dd>")
    return "".join(rows)


def _evidence(record: Record, pages: Pages, root: str) -> str:
    items = []
    for span in record.evidence:
        where = f"{span.start}-{span.end}" + (f", {span.role}" if span.role else "")
        target = (
            f'<a href="{escape(root)}sources/{escape(span.source)}.html#{escape(record.id)}">'
            f"{escape(span.source)}</a>"
            if span.source in pages.with_page
            else f"<code>{escape(span.source)}</code>"
        )
        items.append(f"<li><q>{escape(span.exact)}</q> <small>{target} {where}</small></li>")
    return "<dt>evidence</dt><dd><ol>" + "".join(items) + "</ol></dd>" if items else ""


def _issue_items(issues: Iterable[Issue], pages: Pages, root: str) -> str:
    items = []
    for issue in issues:
        where = ":".join(str(p) for p in (issue.file, issue.line) if p is not None)
        rid = issue.record_id
        record = (
            f' <a href="{escape(pages.href(rid, root))}">{escape(rid)}</a>'
            if rid is not None and rid in pages.by_id
            else ""
        )
        pointer = f" <code>{escape(issue.pointer)}</code>" if issue.pointer else ""
        items.append(
            f'<li class="issue {escape(issue.severity)}"><strong>{escape(issue.severity)} '
            f"<code>{escape(issue.code)}</code></strong> {escape(where)}{pointer}{record}: "
            f"{escape(issue.message)}</li>"
        )
    return '<ul class="issues">' + "".join(items) + "</ul>" if items else ""


def _filter_data(record: Record, pages: Pages) -> dict[str, str]:
    """The ``data-`` attributes the search box filters on."""
    try:
        days = record_range(record)
    except DataError:  # a contributed date not in the calendar: reported as an issue
        days = None
    named = (pages.by_id.get(s) for s in strings(record))
    actors = dict.fromkeys(r.id for r in named if r is not None and r.kind == "actor")
    if record.kind == "actor":
        actors[record.id] = None
    words = [
        record.id,
        *(s for name in type(record).text_fields for s in strings(getattr(record, name))),
    ]
    words += [span.exact for span in record.evidence]
    return {
        "kind": record.kind,
        "type": str(getattr(record, "type", None) or getattr(record, "speech_act", None) or ""),
        "actors": " ".join(actors),
        "factuality": str(getattr(record, "factuality", None) or ""),
        "start": days.start.isoformat() if days is not None and days.start else "",
        "end": days.end.isoformat() if days is not None and days.end else "",
        "text": " ".join(words).casefold(),
    }


def panel(record: Record, pages: Pages, root: str) -> str:
    """The panel of one record, its element ``id`` the record's id."""
    data = " ".join(f'data-{k}="{escape(v)}"' for k, v in _filter_data(record, pages).items())
    name = KIND_NAMES[record.kind]
    headline = escape(main_text(record) or "")
    mine = " contributed" if record.id in pages.content.contributed else ""
    issues = _issue_items(pages.issues.get(record.id, ()), pages, root)
    fields = _rows(record, pages, root, ("id", "evidence"))
    return (
        f'<article class="record k-{record.kind}{mine}" id="{escape(record.id)}" {data}>'
        f'<h3><span class="badge k-{record.kind}">{name}</span> <code>{escape(record.id)}</code>'
        f' {headline}</h3>{issues}<dl class="fields">{fields}{_evidence(record, pages, root)}</dl>'
        "</article>"
    )


def _marks(source: str, text: str, pages: Pages) -> Iterator[Mark]:
    """The marks of every span on ``source``'s text; a span whose words are not at its offsets
    is marked where it says they are and where they are found, with its issue."""
    for record, index, span in pages.spans.get(source, ()):
        if span.end > len(text) or span.start >= span.end:
            continue
        key = f"{record.id}/{index}"
        if text[span.start : span.end] == span.exact:
            yield Mark(span.start, span.end, key, record.id, record.kind, span.role)
            continue
        pointer = f"/evidence/{index}/exact"
        message = pages.messages.get((record.id, pointer), "exact does not match")
        claimed = Mark(
            span.start, span.end, key, record.id, record.kind, span.role,
            issue="span-mismatch", side="claimed", message=message,
        )  # fmt: skip
        yield claimed
        found = text.find(span.exact)
        if found >= 0 and span.exact:
            yield evolve(claimed, start=found, end=found + len(span.exact), side="found")


_LEGEND = (
    '<ul class="legend" aria-label="How highlights show record kinds">'
    + "".join(
        f'<li><mark class="hl k-{kind}">{KIND_NAMES[kind]}</mark> {how}</li>'
        for kind, how in (
            ("event", "events: yellow, solid underline"),
            ("statement", "statements: blue, double underline"),
            ("implication", "implications: violet, dashed overline"),
            ("actor", "actors: dotted outline"),
        )
    )
    + '<li><mark class="hl issue-claimed">claimed</mark> <mark class="hl issue-found">found</mark>'
    " a span whose words are not at its offsets: where it says, and where they are</li></ul>"
)


def source_page(source: Source, pages: Pages) -> str:
    """The page of one source: its text with every span highlighted, and its records."""
    text = pages.content.texts[source.id]
    marks = list(_marks(source.id, text, pages))
    on_page = list(dict.fromkeys(m.record for m in marks))
    panels = "".join(panel(pages.by_id[rid], pages, "../") for rid in [source.id, *on_page])
    language = escape(source.language or "und")
    body = (
        f"<h1>{escape(source.title or source.id)}</h1>{_LEGEND}"
        '<p class="hint">Tab or <kbd>n</kbd> / <kbd>p</kbd> moves between highlights; '
        "<kbd>Enter</kbd> shows their records.</p>"
        f'<div class="reader"><div class="text" lang="{language}">'
        f"{render(text, marks, KIND_NAMES)}</div>"
        '<aside id="details" aria-live="polite" tabindex="-1"><h2>Selected records</h2>'
        '<div id="details-body"><p>Choose a highlight to see its records.</p></div></aside></div>'
        f'<section class="records"><h2>Records on this page</h2>{panels}</section>'
    )
    return _page(pages, source.title or source.id, body, "../")


def _options(values: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in values)


def _search(pages: Pages) -> str:
    records = pages.content.records
    data = [_filter_data(r, pages) for r in records]
    kinds = dict.fromkeys(d["kind"] for d in data)
    types = sorted({d["type"] for d in data if d["type"]})
    facts = sorted({d["factuality"] for d in data if d["factuality"]})
    actors = sorted((r.id, f"{getattr(r, 'name', r.id)}") for r in records if r.kind == "actor")
    every = '<option value="">any</option>'
    return (
        '<form id="search" role="search" aria-controls="record-list">'
        '<label>Text <input type="search" name="text"></label>'
        f'<label>Kind <select name="kind">{every}{_options((k, KIND_NAMES[k]) for k in kinds)}</select></label>'
        f'<label>Type <select name="type">{every}{_options((t, t) for t in types)}</select></label>'
        f'<label>Actor <select name="actor">{every}{_options(actors)}</select></label>'
        f'<label>Factuality <select name="factuality">{every}{_options((f, f) for f in facts)}</select></label>'
        '<label>From <input type="date" name="from"></label>'
        '<label>To <input type="date" name="to"></label>'
        '<output id="count" aria-live="polite"></output></form>'
    )


def _title(source: Record) -> str:
    return getattr(source, "title", None) or "(untitled)"


def index_page(pages: Pages, *, timeline: bool, note: str | None = None) -> str:
    """The top page: the sources, the issues, the search box over every record, the timeline."""
    content = pages.content
    sources = "".join(
        f'<li><a href="sources/{escape(s)}.html">{escape(_title(pages.by_id[s]))}</a> '
        f"<code>{escape(s)}</code></li>"
        for s in sorted(pages.with_page)
    )
    issues = (
        f'<section id="issues"><h2>Issues ({len(content.issues)})</h2>'
        f"{_issue_items(content.issues, pages, '')}</section>"
        if content.issues
        else ""
    )
    if timeline:
        figure = (
            '<figure><div class="scroll"><img src="timeline.svg" alt="A timeline of the records: '
            "events and statements by date, implications at their horizon, undated records "
            'apart."></div></figure>'
        )
    else:
        figure = f"<p>{escape(note)}</p>" if note else ""
    section = f'<section id="timeline"><h2>Timeline</h2>{figure}</section>' if figure else ""
    panels = "".join(panel(r, pages, "") for r in content.records)
    body = (
        f"<h1>{escape(content.title)}</h1>"
        f'<section id="sources"><h2>Sources</h2><ul>{sources}</ul></section>{issues}'
        f'<section id="records"><h2>Records</h2>{_search(pages)}'
        f'<div id="record-list">{panels}</div></section>{section}'
    )
    return _page(pages, content.title, body, "")
