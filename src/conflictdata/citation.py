"""Citing a dataset version: the reference a paper needs, in five formats.

Every citation names the dataset version, its content hash (:attr:`Dataset.content_hash`, the
SHA-256 over the release's file hashes: the same for two releases with the same data) and its
release hash (:attr:`Dataset.release_hash`, the SHA-256 of its ``datapackage.json``, which also
covers the version, licences and authors), so a reader can load exactly that release and check
that no byte changed. Title, authors, year, license and address come from the release's
``datapackage.json`` (``title``, ``contributors``, ``created``, ``licenses``, ``homepage``).

A subset (:meth:`Dataset.filter <conflictdata.dataset.Dataset.filter>`) is cited as the release it was
taken from, with a note that says it is a subset, how many records it holds and the filter that
made it: the hash printed is the release's, never presented as the subset's own.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from typing import Any

from attrs import frozen

from conflictdata._loader import Release, load, resolve
from conflictdata._release_folder import MANIFEST
from conflictdata.dataset import Dataset
from conflictdata.exceptions import DataError

__all__ = ["FORMATS", "cite"]


@frozen(kw_only=True)
class _Author:
    """A person (``family``, ``given``) or a name to print as it is (``literal``)."""

    literal: str | None = None
    family: str | None = None
    given: str | None = None


@frozen(kw_only=True)
class _Reference:
    name: str
    title: str
    authors: tuple[_Author, ...]
    created: str
    version: str
    content_hash: str
    release_hash: str | None
    license: str | None
    url: str | None
    keywords: tuple[str, ...]
    abstract: str | None
    subset: str | None = None

    @property
    def year(self) -> str:
        return self.created[:4]

    @property
    def date(self) -> str:
        return self.created[:10]


def cite(
    format: str | Dataset = "apa",
    *,
    release: Release | None = None,
    version: str | None = None,
    path: str | os.PathLike[str] | None = None,
) -> str:
    """The citation of a release in ``format``: ``apa``, ``bibtex``, ``cff``, ``ris`` or
    ``csl-json``.

    The release is ``release`` (a shipped version, the path of a release folder or a loaded
    :class:`~conflictdata.Dataset`; see :func:`conflictdata.diff`), or a shipped ``version``, or
    the release folder at ``path``; the newest shipped release when none is given. ``cite(ds)``
    is ``cite("apa", release=ds)``. A subset is cited as the release it was taken from, with a
    note saying it is a subset.

    >>> import conflictdata as cd
    >>> print(cd.cite("bibtex", version="1.0.0"))  # doctest: +ELLIPSIS
    @misc{conflictdata-1.0.0,
      author = {{conflictdata contributors}},
      title = {{conflictdata: annotated geopolitical events, statements and projected implications}},
      year = {2026},
      version = {1.0.0},
      note = {Dataset version 1.0.0, content SHA-256 ...},
    }
    >>> ds = cd.load("1.0.0")
    >>> cd.cite(ds) == cd.cite("apa", version="1.0.0")
    True
    >>> print(cd.cite(ds.filter(type="CONSULT")))  # doctest: +ELLIPSIS
    conflictdata contributors. (2026). ... A subset of this release: ... records selected by Type('CONSULT').
    """
    if isinstance(format, Dataset):
        if release is not None:
            raise TypeError("cite() got the release twice: as its first argument and release=")
        format, release = "apa", format
    if format not in _FORMATTERS:
        raise ValueError(
            f"unknown citation format {format!r}; expected one of: {', '.join(FORMATS)}"
        )
    options = (("release", release), ("version", version), ("path", path))
    given = [name for name, value in options if value is not None]
    if len(given) > 1:
        raise ValueError(f"give one of release, version and path, not {' and '.join(given)}")
    dataset = resolve(release) if release is not None else load(version, path=path)
    return _FORMATTERS[format](_reference(dataset))


def _reference(dataset: Dataset) -> _Reference:
    whole = dataset.release
    if whole.version is None or whole.content_hash is None:
        raise ValueError(
            "only a release can be cited: these records have no dataset version and content "
            "hash (load a release, or cite the release they were taken from)"
        )
    meta = whole.metadata

    def text(key: str) -> str:
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            raise DataError(
                f"a citation needs the release's {key!r}", file=MANIFEST, pointer=f"/{key}"
            )
        return value

    licenses = meta.get("licenses") or [{}]
    keywords = meta.get("keywords") or []
    return _Reference(
        name=text("name"),
        title=text("title"),
        authors=_authors(meta),
        created=text("created"),
        version=whole.version,
        content_hash=whole.content_hash,
        release_hash=whole.release_hash,
        license=licenses[0].get("name") if isinstance(licenses[0], dict) else None,
        url=meta.get("homepage") if isinstance(meta.get("homepage"), str) else None,
        keywords=tuple(k for k in keywords if isinstance(k, str)),
        abstract=meta.get("description") if isinstance(meta.get("description"), str) else None,
        subset=None if dataset is whole else _subset_note(dataset, whole),
    )


def _subset_note(subset: Dataset, whole: Dataset) -> str:
    """What a citation says of a subset: ``A subset of this release: 12 of 250 records selected
    by Type('CONSULT')``."""
    how = f" selected by {subset.criterion!r}" if subset.criterion is not None else ""
    return f"A subset of this release: {len(subset)} of {len(whole)} records{how}"


def _authors(meta: Mapping[str, Any]) -> tuple[_Author, ...]:
    """The contributors whose role is author, or every contributor when none is marked."""
    people = [c for c in meta.get("contributors") or [] if isinstance(c, dict)]
    marked = [c for c in people if "author" in (c.get("roles") or [c.get("role")])]
    authors = tuple(
        _Author(family=c["familyName"], given=c.get("givenName"))
        if c.get("familyName")
        else _Author(literal=c.get("title"))
        for c in marked or people
        if c.get("familyName") or c.get("title")
    )
    if not authors:
        raise DataError(
            "a citation needs the release's contributors (each with a title)",
            file=MANIFEST,
            pointer="/contributors",
        )
    return authors


_HASH_DESCRIPTION = (
    "Content hash of {ref.name} dataset release {ref.version}: "
    "SHA-256 over the sorted path and SHA-256 of each of its files"
)


_RELEASE_HASH_DESCRIPTION = (
    "Release hash of {ref.name} dataset release {ref.version}: SHA-256 of its datapackage.json"
)


def _hashes(ref: _Reference) -> str:
    """``content SHA-256 C`` and, when the release has one, ``, release SHA-256 R``."""
    release = f", release SHA-256 {ref.release_hash}" if ref.release_hash else ""
    return f"content SHA-256 {ref.content_hash}{release}"


def _hash_note(ref: _Reference) -> str:
    note = f"Dataset version {ref.version}, {_hashes(ref)}"
    return f"{note}. {ref.subset}" if ref.subset else note


def _apa(ref: _Reference) -> str:
    def name(author: _Author) -> str:
        if author.literal:
            return author.literal
        initials = " ".join(f"{part[0]}." for part in (author.given or "").split())
        return f"{author.family}, {initials}" if initials else str(author.family)

    names = [name(a) for a in ref.authors]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    parts = [
        f"{who}{'' if who.endswith('.') else '.'} ({ref.year}). {ref.title} "
        f"(Version {ref.version}) [Data set].",
        f"C{_hashes(ref)[1:]}.",
        *([ref.url] if ref.url else []),
        *([f"{ref.subset}."] if ref.subset else []),
    ]
    return " ".join(parts)


def _bibtex(ref: _Reference) -> str:
    def name(author: _Author) -> str:
        if author.literal:
            return "{" + _tex(author.literal) + "}"
        return _tex(f"{author.family}, {author.given}" if author.given else str(author.family))

    fields = [
        ("author", " and ".join(name(a) for a in ref.authors)),
        ("title", "{" + _tex(ref.title) + "}"),
        ("year", ref.year),
        ("version", ref.version),
        *([("url", ref.url)] if ref.url else []),
        ("note", _tex(_hash_note(ref))),
    ]
    body = "".join(f"  {key} = {{{value}}},\n" for key, value in fields)
    return f"@misc{{{ref.name}-{ref.version},\n{body}}}"


_TEX = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        **{char: "\\" + char for char in "&%$#_{}"},
    }
)


def _tex(text: str) -> str:
    """``text`` with the characters TeX treats specially escaped."""
    return text.translate(_TEX)


def _cff(ref: _Reference) -> str:
    def author(a: _Author) -> list[str]:
        if a.literal:
            return [f"  - name: {_yaml(a.literal)}"]
        lines = [f"  - family-names: {_yaml(str(a.family))}"]
        return lines + ([f"    given-names: {_yaml(a.given)}"] if a.given else [])

    message = "If you use this dataset, please cite the dataset version you used, as below."
    lines = [
        "cff-version: 1.2.0",
        f"message: {_yaml(f'{message} {ref.subset}.' if ref.subset else message)}",
        "type: dataset",
        f"title: {_yaml(ref.title)}",
        f"version: {_yaml(ref.version)}",
        f"date-released: {_yaml(ref.date)}",
        *([f"abstract: {_yaml(ref.abstract)}"] if ref.abstract else []),
        *([f"license: {_yaml(ref.license)}"] if ref.license else []),
        *([f"url: {_yaml(ref.url)}"] if ref.url else []),
        "authors:",
        *(line for a in ref.authors for line in author(a)),
        "identifiers:",
        "  - type: other",
        f"    value: {_yaml('sha256:' + ref.content_hash)}",
        f"    description: {_yaml(_HASH_DESCRIPTION.format(ref=ref))}",
        *(
            [
                "  - type: other",
                f"    value: {_yaml('sha256:' + ref.release_hash)}",
                f"    description: {_yaml(_RELEASE_HASH_DESCRIPTION.format(ref=ref))}",
            ]
            if ref.release_hash
            else []
        ),
        *(["keywords:"] if ref.keywords else []),
        *(f"  - {_yaml(k)}" for k in ref.keywords),
    ]
    return "\n".join(lines)


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar: JSON string syntax is valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def _ris(ref: _Reference) -> str:
    def name(author: _Author) -> str:
        if author.literal:
            return author.literal
        return f"{author.family}, {author.given}" if author.given else str(author.family)

    tags = [
        ("TY", "DATA"),
        ("TI", ref.title),
        *(("AU", name(a)) for a in ref.authors),
        ("PY", ref.year),
        ("DA", ref.date.replace("-", "/")),
        ("ET", ref.version),
        *([("UR", ref.url)] if ref.url else []),
        ("N1", _hash_note(ref)),
        ("ER", ""),
    ]
    return "\n".join(f"{tag}  - {value}" for tag, value in tags)


def _csl_json(ref: _Reference) -> str:
    def name(author: _Author) -> dict[str, str]:
        if author.literal:
            return {"literal": author.literal}
        return {"family": str(author.family), **({"given": author.given} if author.given else {})}

    year, month, day = (int(part) for part in ref.date.split("-"))
    item: dict[str, Any] = {
        "id": f"{ref.name}-{ref.version}",
        "type": "dataset",
        "title": ref.title,
        "author": [name(a) for a in ref.authors],
        "issued": {"date-parts": [[year, month, day]]},
        "version": ref.version,
        **({"URL": ref.url} if ref.url else {}),
        "note": _hash_note(ref),
    }
    return json.dumps([item], indent=2, ensure_ascii=False)


_FORMATTERS: Mapping[str, Callable[[_Reference], str]] = {
    "apa": _apa,
    "bibtex": _bibtex,
    "cff": _cff,
    "csl-json": _csl_json,
    "ris": _ris,
}

#: The citation formats :func:`cite` writes.
FORMATS: tuple[str, ...] = tuple(_FORMATTERS)
