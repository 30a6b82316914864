"""Citations: every format names the version and content hash; metadata comes from the release."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import conflictdata as cd
from conflictdata.citation import FORMATS
from conflictdata.cli import run
from conflictdata.release import update_manifest

ROOT = Path(__file__).resolve().parent.parent
CFF_SCHEMA = json.loads((ROOT / "tests" / "data" / "cff-1.2.0.schema.json").read_text("utf-8"))
Derive = Callable[..., Path]

PEOPLE = [
    {
        "title": "Ada Q. Lovelace",
        "givenName": "Ada Q.",
        "familyName": "Lovelace",
        "roles": ["author"],
    },
    {"title": "Open Data & Conflict Lab", "role": "author"},
    {"title": "Someone Who Checked", "role": "contributor"},
]


def _cff_errors(text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(CFF_SCHEMA, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(yaml.safe_load(text))]


@pytest.fixture
def custom(derive_release: Derive) -> Path:
    """A release whose descriptor has other metadata than the shipped one."""
    return derive_release(
        "1.1.0",
        title="Another title_with $pecial {chars}",
        created="2031-05-06T07:08:09Z",
        contributors=PEOPLE,
        homepage="https://example.org/data",
        licenses=[
            {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
        ],
    )


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_names_version_and_both_hashes(format: str) -> None:
    """Each format names the dataset version, the loader's content hash and its release hash
    (the one that also covers the descriptor's metadata)."""
    ds = cd.load()
    text = cd.cite(format, version=ds.version)
    assert (True, True, True) == (
        ds.version in text,
        str(ds.content_hash) in text,
        str(ds.release_hash) in text,
    )


def test_a_relabelled_copy_has_the_same_content_hash_and_another_release_hash(
    release_copy: Path,
) -> None:
    """The same files under another version and licence keep the content hash, which stands
    for the data, and get another release hash, which stands for the release as published: a
    citation tells the two releases apart."""
    update_manifest(release_copy, version="9.9.9", licenses=[{"name": "LicenseRef-other"}])
    shipped, relabelled = cd.load(), cd.load(path=release_copy)
    assert shipped.content_hash == relabelled.content_hash
    assert shipped.release_hash != relabelled.release_hash
    assert str(relabelled.release_hash) in cd.cite("apa", path=release_copy)
    assert str(shipped.release_hash) not in cd.cite("apa", path=release_copy)


@pytest.mark.parametrize("format", FORMATS)
def test_metadata_comes_from_the_descriptor(format: str, custom: Path) -> None:
    """Title, authors, year and address come from the release's datapackage.json: the same
    release with other metadata cites differently, and contributors who are not authors are
    left out when some are marked authors."""
    text = cd.cite(format, path=custom)
    assert (True, True, True) == ("Lovelace" in text, "2031" in text, "example.org/data" in text)
    assert "Conflict Lab" in text
    assert "Someone Who Checked" not in text
    assert "conflictdata contributors" not in text


def test_apa(custom: Path) -> None:
    """APA 7 data set reference: authors, year, title, version, [Data set], hash, address
    (last, without a period, as APA writes URLs)."""
    ds = cd.load(path=custom)
    assert (
        "Lovelace, A. Q., & Open Data & Conflict Lab. (2031). Another title_with $pecial {chars} "
        f"(Version 1.1.0) [Data set]. Content SHA-256 {ds.content_hash}, release SHA-256 "
        f"{ds.release_hash}. https://example.org/data"
    ) == cd.cite("apa", path=custom)


def test_bibtex_escapes_and_braces(custom: Path) -> None:
    """BibTeX: persons as "Family, Given", organisations braced, TeX specials escaped."""
    text = cd.cite("bibtex", path=custom)
    assert text.startswith("@misc{conflictdata-1.1.0,\n")
    assert "  author = {Lovelace, Ada Q. and {Open Data \\& Conflict Lab}},\n" in text
    assert "  title = {{Another title\\_with \\$pecial \\{chars\\}}},\n" in text


def test_ris(custom: Path) -> None:
    """RIS: a DATA record with one tag a line, ending with ER."""
    lines = cd.cite("ris", path=custom).splitlines()
    assert ("TY  - DATA", "ER  - ") == (lines[0], lines[-1])
    assert ["AU  - Lovelace, Ada Q.", "AU  - Open Data & Conflict Lab"] == [
        line for line in lines if line.startswith("AU")
    ]
    assert {
        "PY  - 2031",
        "DA  - 2031/05/06",
        "ET  - 1.1.0",
        "UR  - https://example.org/data",
    } <= set(lines)


def test_csl_json(custom: Path) -> None:
    """CSL-JSON: one dataset item with structured names, issued date and version."""
    (item,) = json.loads(cd.cite("csl-json", path=custom))
    assert {
        "type": "dataset",
        "author": [
            {"family": "Lovelace", "given": "Ada Q."},
            {"literal": "Open Data & Conflict Lab"},
        ],
        "issued": {"date-parts": [[2031, 5, 6]]},
        "version": "1.1.0",
        "URL": "https://example.org/data",
    }.items() <= item.items()


def test_cff_output_is_valid(custom: Path) -> None:
    """cite("cff") is a valid CITATION.cff (CFF 1.2.0 schema), for the shipped release and for
    one with person authors and another license."""
    assert [] == _cff_errors(cd.cite("cff"))
    data: dict[str, Any] = yaml.safe_load(cd.cite("cff", path=custom))
    assert [] == _cff_errors(cd.cite("cff", path=custom))
    assert ("dataset", "1.1.0", "2031-05-06", "CC0-1.0") == (
        data["type"],
        data["version"],
        data["date-released"],
        data["license"],
    )


def test_cff_schema_can_fail() -> None:
    """The vendored CFF schema refuses a file without authors."""
    text = "\n".join(line for line in cd.cite("cff").splitlines() if "name:" not in line)
    assert _cff_errors(text.replace("authors:\n", ""))


def test_citation_cff_is_valid_and_current() -> None:
    """CITATION.cff is valid CFF 1.2.0 for the newest shipped dataset version, and is exactly
    what ``conflictdata cite --format cff`` prints (regenerate it with that command)."""
    text = (ROOT / "CITATION.cff").read_text("utf-8")
    data = yaml.safe_load(text)
    assert [] == _cff_errors(text)
    assert ("dataset", cd.versions()[-1]) == (data["type"], data["version"])
    assert cd.cite("cff") + "\n" == text


def test_unknown_format_and_missing_metadata(derive_release: Derive) -> None:
    """An unknown format names the known ones; a release without contributors cannot be cited
    and the error points into its descriptor."""
    with pytest.raises(ValueError, match="bibtex"):
        cd.cite("mla")
    bare = derive_release("1.1.0", contributors=[])
    with pytest.raises(cd.DataError) as info:
        cd.cite(path=bare)
    assert ("datapackage.json", "/contributors") == (info.value.file, info.value.pointer)


def test_cli_cite(custom: Path) -> None:
    """conflictdata cite --format F [--version V | --path P] prints cite(F, ...)."""
    for format in FORMATS:
        out = io.StringIO()
        assert 0 == run(["cite", "--format", format, "--path", str(custom)], stdout=out)
        assert cd.cite(format, path=custom) + "\n" == out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert 2 == run(["cite", "--format", "mla"], stdout=out, stderr=err)
    assert "invalid choice" in err.getvalue()


def test_cite_takes_a_dataset() -> None:
    """cite(ds) is the APA citation of ds; cite(format, release=ds) and cite(release=version or
    folder) cite the same release as cite(format, version=...)."""
    ds = cd.load()
    assert cd.cite(version=ds.version) == cd.cite(ds)
    for format in FORMATS:
        expected = cd.cite(format, version=ds.version)
        assert expected == cd.cite(format=format, release=ds)
        assert expected == cd.cite(format, release=ds.version)


def test_one_release_at_a_time() -> None:
    """Naming the release twice (a Dataset and release=, or release= and version=) is refused."""
    ds = cd.load()
    with pytest.raises(TypeError, match="release twice"):
        cd.cite(ds, release=ds)
    with pytest.raises(ValueError, match="release and version"):
        cd.cite(release=ds, version="1.0.0")


@pytest.mark.parametrize("format", FORMATS)
def test_a_subset_is_cited_as_its_release_and_says_so(format: str) -> None:
    """A subset is cited as the release it came from (that release's version and hash) with a
    note naming how many records it holds and the filter that made it."""
    ds = cd.load()
    sub = ds.filter(type="CONSULT")
    text = cd.cite(format, release=sub)
    note = f"A subset of this release: {len(sub)} of {len(ds)} records selected by Type('CONSULT')"
    assert (True, True) == (ds.content_hash in text, ds.version in text)
    assert note in text
    if format == "cff":
        assert [] == _cff_errors(text)


def test_records_that_are_not_a_release_cannot_be_cited() -> None:
    """Records gathered in memory (no version, no content hash) are refused, saying why."""
    ds = cd.load()
    with pytest.raises(ValueError, match="only a release can be cited"):
        cd.cite(cd.Dataset(ds, texts=ds.texts, metadata=ds.metadata))
