"""The site in a real headless browser: Chromium from the system's packages, driven by
Playwright (nothing is downloaded: ``playwright install`` is never run).

The browser is found in ``CONFLICTDATA_CHROMIUM``, then ``/usr/bin/chromium``, then
``chromium``, ``chromium-browser`` or ``google-chrome`` on the ``PATH``; without one these tests
fail, saying how to install it. ``python tests/test_site_browser.py FOLDER`` writes the
screenshots of the documentation into FOLDER.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

import conflictdata as cd
from conflictdata.io import write_jsonl
from conflictdata.site import build_site

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium() -> str:
    """The path of a Chromium (or Chrome) executable on this machine."""
    named = os.environ.get("CONFLICTDATA_CHROMIUM")
    candidates = [named] if named else []
    candidates.append("/usr/bin/chromium")
    candidates += [shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "no Chromium found for the browser tests: apt-get install chromium "
        "(or set CONFLICTDATA_CHROMIUM to a Chromium or Chrome executable)"
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the newest shipped release, and beside it (``contrib/``) the site of a
    contribution with an event whose span sits 3 characters after its words."""
    top = tmp_path_factory.mktemp("browse")
    ds = cd.load()
    event = ds.events[0]
    span = event.evidence[0]
    shifted = attrs.evolve(span, start=span.start + 3, end=span.end + 3)
    text = "Talks began.\r\nThen Russia struck."
    (top / "sources").mkdir()
    (top / "sources" / "crlf.txt").write_bytes(text.encode("utf-8"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    crlf = attrs.evolve(ds.sources[0], id="src-crlf", path="sources/crlf.txt", sha256=digest)
    across = attrs.evolve(span, source="src-crlf", start=6, end=19, exact=text[6:19])
    records = [
        attrs.evolve(event, id="evt-shifted", evidence=(shifted,)),
        crlf,
        attrs.evolve(event, id="evt-across-lines", evidence=(across,)),
    ]
    write_jsonl(records, top / "c.jsonl")
    build_site(top / "contrib", contrib=[top / "c.jsonl"])
    return build_site(top / "release").path


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test on any console error or uncaught exception."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on("request", lambda r: errors.append(r.url) if not r.url.startswith("file:") else None)
    yield opened
    context.close()
    assert [] == errors


def _source_url(site: Path) -> str:
    return (site / "sources" / f"{cd.load().sources[0].id}.html").as_uri()


#: The text of each span key, its highlights joined in page order.
_SPANS_JS = """() => {
  const texts = {};
  for (const mark of document.querySelectorAll("mark.hl[data-records]"))
    for (const key of (mark.dataset.spans || "").split(" ").filter(Boolean))
      texts[key] = (texts[key] || "") + mark.textContent;
  return texts;
}"""


def test_every_highlight_reads_its_records_exact_words(site: Path, page: Page) -> None:
    """Opened from file://, a source page's highlights of each span read, as the browser
    renders them, exactly the span's ``exact``, for every span of every record."""
    ds = cd.load()
    page.goto(_source_url(site))
    expected = {
        f"{r.id}/{i}": s.exact
        for r in ds
        for i, s in enumerate(r.evidence)
        if s.source == ds.sources[0].id
    }
    assert expected == page.evaluate(_SPANS_JS)


def test_a_click_shows_the_records_of_a_highlight(site: Path, page: Page) -> None:
    """Clicking a highlight shows each of its records' panels in the details pane, with its
    fields and links."""
    page.goto(_source_url(site))
    mark = page.locator("mark.hl.many").first
    mark.click()
    ids = (mark.get_attribute("data-records") or "").split()
    shown = page.locator("#details-body [data-shows]")
    assert ids == [shown.nth(i).get_attribute("data-shows") for i in range(shown.count())]
    assert shown.first.locator("dl.fields a").count() > 0


def test_keyboard_moves_between_highlights_and_opens_them(site: Path, page: Page) -> None:
    """``n`` focuses the next highlight and ``p`` the previous; Enter shows its records."""
    page.goto(_source_url(site))
    marks = page.locator("mark.hl[data-records]")
    page.keyboard.press("n")
    page.keyboard.press("n")
    second = marks.nth(1).get_attribute("data-spans")
    assert second == page.evaluate("document.activeElement.dataset.spans")
    page.keyboard.press("p")
    page.keyboard.press("Enter")
    first = (marks.nth(0).get_attribute("data-records") or "").split()
    assert first[0] == page.locator("#details-body [data-shows]").first.get_attribute("data-shows")


def test_a_record_url_scrolls_to_its_panel(site: Path, page: Page) -> None:
    """``index.html#<record-id>`` opens with that record's panel at the top of the window."""
    record = cd.load().implications[-1]
    page.goto((site / "index.html").as_uri() + f"#{record.id}")
    top = page.evaluate(f"document.getElementById('{record.id}').getBoundingClientRect().top")
    assert -1 < top < 50
    assert page.evaluate("window.scrollY") > 0


def test_the_search_narrows_the_list(site: Path, page: Page) -> None:
    """Text, kind, actor and dates each narrow the records shown to those that match, and the
    count says how many."""
    ds = cd.load()
    page.goto((site / "index.html").as_uri())
    visible = page.locator("#record-list > .record:visible")
    assert len(ds) == visible.count()
    page.fill("#search input[name=text]", "oreshnik")
    shown = visible.count()
    assert 0 < shown < len(ds)
    assert all("oreshnik" in (t or "").lower() for t in visible.all_inner_texts())
    page.select_option("#search select[name=kind]", "event")
    kinds = {visible.nth(i).get_attribute("data-kind") for i in range(visible.count())}
    assert {"event"} == kinds
    assert f"{visible.count()} of {len(ds)} records" == page.inner_text("#count")
    page.fill("#search input[name=text]", "")
    page.fill("#search input[name=from]", "2024-11-21")
    page.fill("#search input[name=to]", "2024-11-21")
    days = [
        (visible.nth(i).get_attribute("data-start"), visible.nth(i).get_attribute("data-end"))
        for i in range(visible.count())
    ]
    assert 0 < len(days) < len(ds)
    assert all((start or "") <= "2024-11-21" <= (end or "9999") for start, end in days)
    assert all(start or end for start, end in days)


def _contrast(page: Page, selector: str) -> float:
    """The WCAG contrast ratio of the text and background colours of ``selector``."""
    ratio: float = page.evaluate(
        """(selector) => {
  const el = document.querySelector(selector);
  const style = getComputedStyle(el);
  const lum = (css) => {
    const [r, g, b] = css.match(/[0-9.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}""",
        selector,
    )
    return ratio


def test_highlights_pass_wcag_aa_and_differ_by_more_than_colour(site: Path, page: Page) -> None:
    """Each kind's highlight has text at 4.5:1 or more against its background (WCAG AA), and
    the kinds differ in line style too, not in colour alone."""
    page.goto(_source_url(site))
    for kind in ("event", "statement", "implication"):
        assert _contrast(page, f".legend mark.k-{kind}") >= 4.5
    styles = page.evaluate(
        """() => ["event", "statement", "implication"].map((k) => {
  const s = getComputedStyle(document.querySelector(`.legend mark.k-${k}`));
  return [s.borderBottomStyle, s.borderTopStyle, s.textDecorationStyle].join(" ");
})"""
    )
    assert 3 == len(set(styles))


def test_a_contribution_shows_its_issue_in_the_text(site: Path, page: Page) -> None:
    """In a contribution's site, the mismatched span is marked where it claims its words are and
    where they are; choosing a mark shows the issue's code and message."""
    span = cd.load().events[0].evidence[0]
    page.goto((site.parent / "contrib" / "sources" / f"{span.source}.html").as_uri())
    assert page.locator(".text mark.issue-claimed").count() > 0
    found = page.locator(".text mark.issue-found")
    assert span.exact == "".join(found.all_text_contents())
    page.locator(".text mark.issue-claimed").last.click()
    note = page.inner_text("#details-body .issue")
    assert "span-mismatch" in note
    assert f"the exact text is at {span.start}-{span.end}" in note


def test_a_span_across_a_carriage_return_reads_its_words(site: Path, page: Page) -> None:
    """A span across a CR LF line end reads exactly its words in the browser (HTML would turn a
    literal carriage return into a line feed)."""
    page.goto((site.parent / "contrib" / "sources" / "src-crlf.html").as_uri())
    assert {"evt-across-lines/0": "began.\r\nThen "} == page.evaluate(_SPANS_JS)


def screenshots(folder: Path) -> None:
    """Write the documentation's screenshots of the release's pages into ``folder``."""
    with tempfile.TemporaryDirectory() as scratch:
        site = build_site(Path(scratch) / "site").path
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
            shot = launched.new_page(viewport={"width": 1280, "height": 800})
            shot.goto(_source_url(site))
            shot.locator("mark.hl.many").nth(2).click()
            shot.screenshot(path=folder / "source-page.png")
            shot.goto((site / "index.html").as_uri())
            shot.fill("#search input[name=text]", "missile")
            shot.screenshot(path=folder / "search.png")
            shot.goto((site / "index.html").as_uri() + "#timeline")
            shot.screenshot(path=folder / "timeline.png")
            launched.close()


if __name__ == "__main__":
    screenshots(Path(sys.argv[1]))
