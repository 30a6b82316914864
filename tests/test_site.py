"""The static site: its pages, highlights, issues in place, determinism and the command line
(the browser tests are in test_site_browser.py)."""

from __future__ import annotations

import hashlib
import io
import itertools
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd
import conflictdata.site as site_module
from conflictdata.cli import run
from conflictdata.exceptions import MissingExtraError
from conflictdata.io import write_jsonl
from conflictdata.site import build_site
from conflictdata.site._highlight import Mark, pieces, render


class _Marks(HTMLParser):
    """The highlights of a page (attributes and text) and the ids of its elements."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[dict[str, str], str]] = []
        self.ids: list[str] = []
        self._open: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attributes}
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "mark" and "data-records" in found:
            self._open, self._text = found, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open is not None:
            self.marks.append((self._open, "".join(self._text)))
            self._open = None


def _parse(path: Path) -> _Marks:
    parser = _Marks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _spans(parser: _Marks) -> dict[str, str]:
    """The text of each span key, its highlights joined in page order."""
    texts: dict[str, str] = {}
    for found, text in parser.marks:
        for key in found.get("data-spans", "").split():
            texts[key] = texts.get(key, "") + text
    return texts


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the newest shipped release."""
    return build_site(tmp_path_factory.mktemp("site") / "site").path


def test_every_span_is_highlighted_with_its_exact_words(site: Path) -> None:
    """On each source page, every evidence span of the release is highlighted, and its
    highlights read exactly its ``exact``; each highlight names the records that cover it."""
    ds = cd.load()
    for source in ds.sources:
        parser = _parse(site / "sources" / f"{source.id}.html")
        expected = {
            f"{r.id}/{i}": span.exact
            for r in ds
            for i, span in enumerate(r.evidence)
            if span.source == source.id
        }
        assert expected == _spans(parser)
        for found, _ in parser.marks:
            owners = {key.split("/")[0] for key in found["data-spans"].split()}
            assert owners == set(found["data-records"].split())


def test_every_record_has_a_panel_named_by_its_id(site: Path) -> None:
    """The index has an element whose id is each record's id, once; a source page has one for
    each record with evidence in it."""
    ds = cd.load()
    ids = _parse(site / "index.html").ids
    assert all(1 == ids.count(record.id) for record in ds)
    for source in ds.sources:
        on_page = set(_parse(site / "sources" / f"{source.id}.html").ids)
        assert {r.id for r in ds if any(s.source == source.id for s in r.evidence)} <= on_page


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_input_gives_the_same_bytes(site: Path, tmp_path: Path) -> None:
    """A second build of the same release writes the same files, byte for byte."""
    again = build_site(tmp_path / "again").path
    assert _digest(site) == _digest(again)


def test_a_site_links_nothing_outside_itself(site: Path) -> None:
    """No page names a script, style sheet or image from the network."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert [] == [s for s in ('src="http', 'href="http', "url(http") if s in text]


@pytest.fixture
def contrib(tmp_path: Path) -> Path:
    """A contributed file: an event whose span sits 3 characters after its words, one that is
    right, a new source whose text file is missing, and a dataset file (rows, no text)."""
    ds = cd.load()
    event = ds.events[0]
    span = event.evidence[0]
    shifted = attrs.evolve(span, start=span.start + 3, end=span.end + 3)
    source = attrs.evolve(ds.sources[0], id="src-missing-text", path="sources/missing.txt")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "rows.csv").write_text("id,where\n1,here\n")
    dataset = attrs.evolve(ds.sources[0], id="src-rows", path="datasets/rows.csv")
    records = [
        attrs.evolve(event, id="evt-shifted", evidence=(shifted,)),
        attrs.evolve(event, id="evt-right"),
        source,
        dataset,
    ]
    path = tmp_path / "contrib.jsonl"
    write_jsonl(records, path)
    with path.open("ab") as handle:
        handle.write(b'{"id": "evt-broken", "type": \n')
    return path


def test_a_mismatched_span_is_marked_where_claimed_and_where_found(
    contrib: Path, tmp_path: Path
) -> None:
    """A span whose exact is not at its offsets is marked at both, with the issue's code and the
    validator's message; the issue is listed with its record; a source without its text and a
    dataset file get no page, and the unreadable line does not stop the build."""
    built = build_site(tmp_path / "site", contrib=[contrib])
    ds = cd.load()
    span = ds.events[0].evidence[0]
    text = ds.texts[span.source]
    parser = _parse(built.path / "sources" / f"{span.source}.html")
    sides: dict[str, str] = {}
    for found, piece in parser.marks:
        for entry in found.get("data-issues", "").split():
            code, side, key = entry.split(":")
            assert ("span-mismatch", "evt-shifted/0") == (code, key)
            sides[side] = sides.get(side, "") + piece
            assert "span-mismatch" in found["title"]
    claimed = text[span.start + 3 : span.end + 3]
    assert {"claimed": claimed, "found": span.exact} == sides
    assert "evt-right/0" in _spans(parser)
    assert ["src-36505e565447df1c.html"] == sorted(
        p.name for p in (built.path / "sources").iterdir()
    )
    index = (built.path / "index.html").read_text(encoding="utf-8")
    report = cd.validate(contrib)
    assert built.issues == len(report.issues) > 0
    for issue in report.issues:
        assert f"<code>{issue.code}</code>" in index


def test_command_writes_a_site_and_refuses_to_overwrite(tmp_path: Path, contrib: Path) -> None:
    """``conflictdata site`` writes the site (exit 0), refuses an existing folder without
    ``--overwrite`` (exit 1) and replaces it with it; ``--contrib`` builds from files."""
    out, err = io.StringIO(), io.StringIO()
    target = str(tmp_path / "site")
    assert 0 == run(["site", "--output", target], stdout=out, stderr=err)
    assert (tmp_path / "site" / "index.html").is_file()
    assert 1 == run(["site", "--output", target], stdout=out, stderr=err)
    assert "exists: add --overwrite" in err.getvalue()
    arguments = ["site", "--output", target, "--overwrite", "--contrib", str(contrib)]
    assert 0 == run(arguments, stdout=out, stderr=err)
    assert "evt-shifted" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_command_refuses_a_folder_of_other_files(tmp_path: Path) -> None:
    """A folder that holds anything but a site is never replaced, even with --overwrite."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "thesis.tex").write_text("mine")
    err = io.StringIO()
    code = run(["site", "--output", str(tmp_path / "site"), "--overwrite"], stderr=err)
    assert (1, "mine") == (code, (tmp_path / "site" / "thesis.tex").read_text())
    assert "thesis.tex" in err.getvalue()


def test_site_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without matplotlib, building a site raises MissingExtraError naming the site extra and
    writes nothing."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"conflictdata\[site\]"):
        build_site(tmp_path / "site")
    assert [] == list(tmp_path.iterdir())


def test_a_site_past_the_timeline_limit_says_why_it_has_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With more records to draw than TIMELINE_LIMIT, no figure is drawn and the top page says
    why."""
    monkeypatch.setattr(site_module, "TIMELINE_LIMIT", 5)
    built = build_site(tmp_path / "site")
    index = (built.path / "index.html").read_text(encoding="utf-8")
    assert not (built.path / "timeline.svg").exists()
    assert "The timeline is drawn for at most 5 events, statements and implications" in index


def test_a_site_without_the_timeline_needs_no_matplotlib(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``--no-timeline`` builds the pages without matplotlib, and the top page does not name
    the figure it does not have."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert 0 == run(["site", "--output", str(tmp_path / "site"), "--no-timeline"])
    names = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert ["assets", "index.html", "sources"] == names
    assert "timeline.svg" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


_marks = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)).map(sorted), max_size=8).map(
    lambda pairs: [
        Mark(a, b, f"evt-r{i}/0", f"evt-r{i}", "event") for i, (a, b) in enumerate(pairs)
    ]
)


@given(length=st.integers(0, 40), marks=_marks)
def test_pieces_tile_the_text_and_cover_each_mark_exactly(length: int, marks: list[Mark]) -> None:
    """The pieces tile ``[0, length)`` in order; each piece lists exactly the marks covering it,
    and the pieces of a (non-empty, in-range) mark are exactly its range."""
    cut = list(pieces(length, marks))
    assert ([0] if length else []) == [p.start for p in cut][:1]
    assert [p.end for p in cut[:-1]] == [p.start for p in cut[1:]]
    assert all(p.start < p.end for p in cut)
    assert ([length] if length else []) == [p.end for p in cut][-1:]
    kept = [m for m in marks if m.start < m.end <= length]
    for piece in cut:
        assert [m for m in kept if m.start <= piece.start and piece.end <= m.end] == list(
            piece.marks
        )
    for mark in kept:
        mine = [(p.start, p.end) for p in cut if mark in p.marks]
        assert (mark.start, mark.end) == (mine[0][0], mine[-1][1])
        assert all(a[1] == b[0] for a, b in itertools.pairwise(mine))


@given(text=st.text(max_size=30), marks=_marks)
def test_render_keeps_every_character(text: str, marks: list[Mark]) -> None:
    """Whatever the text (markup characters included) and the marks, the rendered HTML read as
    text is the source text, character for character."""
    html = render(text, marks, {"event": "Event"})

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    reader = _Text()
    reader.feed(html)
    reader.close()
    assert text == "".join(reader.parts)


def test_site_data_ships_in_the_package() -> None:
    """The page template, script and style sheet are package data, read with importlib."""
    from importlib.resources import files

    names = {p.name for p in files("conflictdata.site").joinpath("assets").iterdir()}
    assert {"site.css", "site.js"} <= names
    assert files("conflictdata.site").joinpath("page.html").is_file()


@pytest.mark.slow
def test_the_benchmark_runs_at_a_tiny_size() -> None:
    """``benchmarks/bench_site.py`` runs end to end and prints a row for each writer (speed is
    never asserted: see the site page)."""
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_site.py"
    done = subprocess.run(
        [sys.executable, str(script), "--sizes", "40", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, "") == (done.returncode, done.stderr)
    writers = [line.split(" | ")[2] for line in done.stdout.splitlines()[2:]]
    expected = ["W3C annotations export (peer)", "JSON Lines export", "site, pages only"]
    assert [*expected, "site with timeline"] == writers
