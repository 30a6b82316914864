"""Release folders, the dataset's versioning policy, and cutting a new release.

A release folder holds one JSON Lines file per record kind, the source texts under ``sources/``,
and ``datapackage.json``: a Frictionless Data Package descriptor that lists every file with its
size and SHA-256, so a reader can check years later that no byte changed.

Dataset versions follow SemVer, separately from the library: PATCH corrects records, MINOR adds
records, MAJOR may break the record schema. A released record is never deleted: it is corrected in
a later release, with a note in the descriptor's ``changes`` list, or withdrawn with a reason.
:func:`check_policy` enforces this between two releases.

Maintainers work from the repository root::

    conflictdata release cut 1.1.0 --from 1.0.0        # copy, new manifest, CHANGELOG entry
    conflictdata release manifest data/releases/1.1.0  # after editing the records
    conflictdata release check 1.0.0 data/releases/1.1.0  # the policy and the manifest
    conflictdata release columns FOLDER                # the columnar form of a large release

:func:`write_columns` adds a folder's columnar form (``.columns/``): the query columns that
:func:`conflictdata.load` answers questions from without decoding every line.

The folder layout itself (manifest name, record files, verification) is shared with the loader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from importlib.resources import as_file
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, Any, Literal

from attrs import field, frozen
from attrs.validators import in_

from conflictdata._columns import write_columns
from conflictdata._diff import Diff, diff
from conflictdata._fsutil import atomic_folder, atomic_writer
from conflictdata._loader import Release, locate, release_dir, resolve
from conflictdata._release_folder import (
    MANIFEST,
    RELEASES,
    data_files,
    is_version,
    read_manifest,
    read_member,
    record_filename,
    version_key,
)
from conflictdata._schema import FORMER_SCHEMA_NAMES, SCHEMA_BASE_URI
from conflictdata.dataset import Dataset
from conflictdata.exceptions import Where
from conflictdata.models import RECORD_CLASSES

__all__ = [
    "RECORD_RULES",
    "RELEASES",
    "RELEASE_CODES",
    "ReleaseProblem",
    "check_manifest",
    "check_policy",
    "check_records",
    "cut",
    "main",
    "manifest_resources",
    "release_dir",
    "required_bump",
    "update_manifest",
    "write_columns",
    "write_manifest",
]

Bump = Literal["patch", "minor", "major"]

_BUMPS: tuple[Bump, ...] = ("patch", "minor", "major")
# (frictionless resource type, format, media type) by file suffix. JSON Lines resources are
# "file" resources: checked by size and hash, not read as tables.
_FORMATS = {
    ".jsonl": ("file", "jsonl", "application/jsonl"),
    ".txt": ("text", "txt", "text/plain"),
}
_NAME = re.compile(r"^[a-z0-9._-]+$")
_CREATED = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_CHANGELOG_TEMPLATE = """### {version} (unreleased)

- Added: (new records, by source)
- Corrected: (record id: what changed and why; each also as a `changes` entry in datapackage.json)
- Withdrawn: (record id: the reason)

"""

Folder = Traversable | str | os.PathLike[str]

#: What :func:`check_policy` reports about single records, by problem code.
RECORD_RULES = {
    "record-removed": "a released record was deleted; withdraw it instead",
    "withdrawn-without-reason": "a withdrawn record needs a withdrawn_reason",
    "successor-unknown": "superseded_by names a record that the release does not hold",
    "change-without-note": "a released record changed without a note in the descriptor's "
    "'changes' list",
    "note-without-change": "a 'changes' note names a record that this release neither changes "
    "nor withdraws",
}
#: Every code a release problem may have, with what it means: the rules on single records, the
#: rules on versions, and the descriptor's checks. ``docs/releases.md`` lists them all, and a
#: test holds the page to this registry.
RELEASE_CODES = {
    "version-missing": "a release of the pair has no version",
    "version-not-newer": "the new version is not greater than the old",
    "version-not-next": "the new version skips one",
    "bump-too-small": "the version is bumped less than the changes need",
    "license-changed": "the licences changed: that needs a MAJOR release (users of the old "
    "release hold its records under the old terms)",
    "authors-changed": "the contributors or the title changed: that needs at least a MINOR "
    "release (a PATCH corrects records and keeps the citation)",
    "record-invalid": "a record of the new release fails validation (the validator's code "
    "and message follow)",
    **RECORD_RULES,
    "metadata-missing": "the descriptor lacks metadata a citation needs",
    "manifest-stale": "the descriptor's resources do not match the folder's files",
}


@frozen(kw_only=True)
class ReleaseProblem:
    """Something a release must fix before it ships: a stable ``code``, a message, and where.

    >>> str(ReleaseProblem(code="record-removed", message="a record is gone", record_id="evt-a"))
    'record-removed: a record is gone (record evt-a)'
    """

    code: str = field(validator=in_(RELEASE_CODES))
    message: str
    record_id: str | None = None
    pointer: str | None = None
    #: The release file and line of a record's problem (None: the pointer is the manifest's).
    file: str | None = None
    line: int | None = None

    @property
    def where(self) -> Where:
        """The location of the problem: the record in its file, or the manifest's field."""
        file = self.file or (MANIFEST if self.pointer else None)
        return Where(file=file, line=self.line, pointer=self.pointer, record_id=self.record_id)

    def __str__(self) -> str:
        return f"{self.code}: {self.where.describe(self.message)}"


def _folder(folder: Folder) -> Traversable:
    return Path(folder) if isinstance(folder, str | os.PathLike) else folder


def manifest_resources(folder: Folder) -> list[dict[str, Any]]:
    """A Data Package resource for every data file in ``folder``, sorted by path.

    Hidden files (``.DS_Store``) and the manifest itself are skipped.

    >>> [r["path"] for r in manifest_resources(release_dir("1.0.0"))][:2]
    ['actors.jsonl', 'events.jsonl']
    """
    resources = []
    root = _folder(folder)
    for rel, _ in data_files(root):
        suffix = "." + rel.rpartition(".")[2]
        if suffix not in _FORMATS:
            raise ValueError(f"{rel}: unexpected file in a release folder")
        data = read_member(root, rel)
        kind, fmt, media = _FORMATS[suffix]
        name = rel.removesuffix(suffix).replace("/", "-").replace("_", "-").lower()
        resources.append(
            {
                "name": name,
                "type": kind,
                "path": rel,
                "format": fmt,
                "mediatype": media,
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            }
        )
    return resources


def write_manifest(folder: str | os.PathLike[str], metadata: dict[str, Any]) -> Path:
    """Write ``datapackage.json`` into ``folder``: ``metadata``, the record schema this library
    writes (``recordSchema``) and freshly computed resources."""
    descriptor = {
        **{k: v for k, v in metadata.items() if k not in ("recordSchema", "resources")},
        "recordSchema": SCHEMA_BASE_URI,
        "resources": manifest_resources(folder),
    }
    target = Path(folder) / MANIFEST
    with atomic_writer(target, overwrite=True) as handle:
        handle.write((json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return target


def update_manifest(folder: str | os.PathLike[str], **metadata: Any) -> Path:
    """Rewrite the ``datapackage.json`` of ``folder`` after its files changed: the resources
    recomputed, its other metadata kept, and ``metadata`` (such as ``changes``) merged in."""
    return write_manifest(folder, {**read_manifest(Path(folder)), **metadata})


def check_manifest(folder: Folder) -> tuple[ReleaseProblem, ...]:
    """What a release's ``datapackage.json`` lacks: the metadata a citation needs (name, title,
    version, created, licenses, sources, contributors), well-formed ``changes`` notes, and
    resources that are exactly the folder's files.

    >>> check_manifest(release_dir())
    ()
    """
    root = _folder(folder)
    descriptor = read_manifest(root)
    problems = [
        ReleaseProblem(code="metadata-missing", message=message, pointer=pointer)
        for pointer, message in _metadata_problems(descriptor)
    ]
    listed = {r.get("path"): r for r in descriptor["resources"] if isinstance(r, dict)}
    actual = {r["path"]: r for r in manifest_resources(root)}
    for path in sorted(listed.keys() | actual.keys(), key=str):
        if listed.get(path) != actual.get(path):
            problems.append(
                ReleaseProblem(
                    code="manifest-stale",
                    message=f"the resource for {path} does not match the file "
                    f"(run: conflictdata release manifest FOLDER)",
                    pointer="/resources",
                )
            )
    return tuple(problems)


def _metadata_problems(descriptor: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []

    def need(key: str, ok: bool, what: str) -> None:
        if not ok:
            problems.append((f"/{key}", f"'{key}' must be {what} (got {descriptor.get(key)!r})"))

    def objects(key: str, *fields: str) -> bool:
        items = descriptor.get(key)
        return (
            isinstance(items, list)
            and bool(items)
            and all(isinstance(i, dict) and any(i.get(f) for f in fields) for i in items)
        )

    name, title, created = (descriptor.get(k) for k in ("name", "title", "created"))
    need("name", isinstance(name, str) and _NAME.match(name) is not None, "a lower-case name")
    need("title", isinstance(title, str) and bool(title.strip()), "a non-empty title")
    need(
        "created",
        isinstance(created, str) and _CREATED.match(created) is not None,
        "an RFC 3339 date-time such as 2026-11-24T00:00:00Z",
    )
    need("licenses", objects("licenses", "name", "path"), "a list of licenses with a name")
    need("sources", objects("sources", "title"), "a list of sources with a title")
    need("contributors", objects("contributors", "title"), "a list of contributors with a title")
    need(
        "recordSchema",
        isinstance(descriptor.get("recordSchema"), str),
        "the base URI of the record schemas",
    )
    changes = descriptor.get("changes", [])
    need(
        "changes",
        isinstance(changes, list)
        and all(
            isinstance(c, dict)
            and isinstance(c.get("record"), str)
            and isinstance(c.get("note"), str)
            and c["note"].strip()
            for c in changes
        ),
        "a list of {record, note} entries",
    )
    return problems


def required_bump(changes: Diff, old_schema: object = None, new_schema: object = None) -> Bump:
    """The smallest version bump that fits ``changes``: ``major`` when the record schema
    changed, ``minor`` when records were added, else ``patch``. A schema name that only moved
    to the current name of the same schemas (``FORMER_SCHEMA_NAMES`` in ``conflictdata._schema``)
    is no change.

    >>> import conflictdata as cd
    >>> required_bump(cd.diff("1.0.0", "1.0.0"))
    'patch'
    """
    if _current_name(old_schema) != _current_name(new_schema):
        return "major"
    return "minor" if changes.added else "patch"


def _current_name(schema: object) -> object:
    return FORMER_SCHEMA_NAMES.get(schema, schema) if isinstance(schema, str) else schema


def _bump(old: str, new: str) -> Bump | None:
    """Which part ``new`` bumps over ``old``, or None when it is not the next version."""
    (a, b, c), (x, y, z) = version_key(old), version_key(new)
    if (x, y, z) == (a + 1, 0, 0):
        return "major"
    if (x, y, z) == (a, b + 1, 0):
        return "minor"
    if (x, y, z) == (a, b, c + 1):
        return "patch"
    return None


def check_policy(old: Release, new: Release) -> tuple[ReleaseProblem, ...]:
    """Where release ``new`` breaks the dataset policy against the release ``old`` before it.

    The rules: ``new`` has the next version, bumped as much as its changes need (PATCH corrects
    or withdraws, MINOR adds, MAJOR changes the record schema); no record is removed; a
    withdrawn record has a reason and an existing successor, if any; every changed record has a
    note in ``new``'s descriptor (``"changes": [{"record": id, "note": ...}]``) and every note
    names a changed record; the licences change only in a MAJOR release, the contributors and
    title at least in a MINOR one; and, when ``new`` is a version or a folder, every record of
    it passes the full validation (:func:`check_records`). Each argument is a version, a release
    folder or a Dataset (a Dataset's records are not validated: their files are not at hand).

    >>> check_policy("1.0.0", "1.0.0")[0].code
    'version-not-newer'
    """
    before, after = resolve(old), resolve(new)
    changes = diff(before, after)
    problems = _version_problems(changes, before.metadata, after.metadata)
    noted = {
        entry["record"]
        for entry in after.metadata.get("changes", [])
        if isinstance(entry, dict) and isinstance(entry.get("record"), str)
    }
    corrected = {r.id for r in changes.records if r.change != "added" and r.corrections()}
    touched = {r.id for r in changes.records if r.change in ("changed", "withdrawn")}
    found = [("record-removed", r.id) for r in changes.removed]
    for record in changes.withdrawn:
        current = after.get(record.id)
        if current.withdrawn_reason is None:
            found.append(("withdrawn-without-reason", record.id))
        if current.superseded_by is not None and current.superseded_by not in after:
            found.append(("successor-unknown", record.id))
    found += [("change-without-note", record_id) for record_id in sorted(corrected - noted)]
    found += [("note-without-change", record_id) for record_id in sorted(noted - touched)]
    problems += [
        ReleaseProblem(
            code=code,
            message=RECORD_RULES[code],
            record_id=record_id,
            pointer="/changes" if code == "note-without-change" else None,
        )
        for code, record_id in found
    ]
    if not isinstance(new, Dataset):
        problems += check_records(new)
    return tuple(problems)


def check_records(release: str | os.PathLike[str]) -> tuple[ReleaseProblem, ...]:
    """Every error the validator finds in the records of a release (a shipped version or a
    folder): each file against the schemas and the record rules, the references across its
    files, and every evidence span against its source text, as for a contribution.

    >>> check_records("1.1.0")
    ()
    """
    from conflictdata.validation import validate  # the validator only when a release is checked

    with as_file(locate(release)) as folder:
        files = [Path(folder, record_filename(kind)) for kind in RECORD_CLASSES]
        report = validate(*files, release=Dataset([]))
    return tuple(
        ReleaseProblem(
            code="record-invalid",
            message=f"{issue.code}: {issue.message}",
            record_id=issue.record_id,
            pointer=issue.pointer,
            file=Path(issue.file).name if issue.file else None,
            line=issue.line,
        )
        for issue in report.errors
    )


def _version_problems(
    changes: Diff, old_meta: Mapping[str, Any], new_meta: Mapping[str, Any]
) -> list[ReleaseProblem]:
    old, new = changes.a_version, changes.b_version
    if old is None or new is None:
        return [ReleaseProblem(code="version-missing", message="both releases need a version")]
    if version_key(new) <= version_key(old):
        return [
            ReleaseProblem(
                code="version-not-newer", message=f"version {new} is not newer than {old}"
            )
        ]
    bump = _bump(old, new)
    if bump is None:
        return [
            ReleaseProblem(
                code="version-not-next",
                message=f"version {new} skips a version after {old}: bump one part by one "
                "and reset the parts after it",
            )
        ]
    problems: list[ReleaseProblem] = []
    needed = required_bump(changes, old_meta.get("recordSchema"), new_meta.get("recordSchema"))
    if _BUMPS.index(bump) < _BUMPS.index(needed):
        why = "the record schema changed" if needed == "major" else "records were added"
        message = f"{why}: that needs a {needed.upper()} release, not {new} ({bump.upper()})"
        problems.append(ReleaseProblem(code="bump-too-small", message=message))
    for code, keys, least in _METADATA_BUMPS:
        changed = [key for key in keys if old_meta.get(key) != new_meta.get(key)]
        if changed and _BUMPS.index(bump) < _BUMPS.index(least):
            message = (
                f"{', '.join(changed)} changed: that needs a {least.upper()} release, not {new} "
                f"({bump.upper()})"
            )
            problems.append(ReleaseProblem(code=code, message=message, pointer=f"/{changed[0]}"))
    return problems


#: The descriptor's metadata whose change needs a bump, with the code and the least bump.
_METADATA_BUMPS: tuple[tuple[str, tuple[str, ...], Bump], ...] = (
    ("license-changed", ("licenses",), "major"),
    ("authors-changed", ("contributors", "title"), "minor"),
)


def cut(
    version: str,
    *,
    base: str,
    root: str | os.PathLike[str] = RELEASES,
    changelog: str | os.PathLike[str] | None = "CHANGELOG.md",
    created: str | None = None,
) -> Path:
    """Start release ``version`` as a copy of release ``base``, both folders under ``root``.

    The new folder gets the base's files, its descriptor metadata with the new ``version``, a
    fresh ``created`` (now, UTC, unless given), no ``changes`` and a regenerated manifest; the
    ``changelog`` (unless None) gets an entry to fill in under ``## Dataset``. Nothing is
    written when a check fails; the folder appears complete or not at all.
    Edit the records next, then run ``conflictdata release manifest`` and ``check``.
    """
    root_path = Path(root)
    source, target = root_path / base, root_path / version
    if not is_version(version):
        raise ValueError(f"{version!r} is not a dataset version such as 1.1.0")
    metadata = {k: v for k, v in read_manifest(source).items() if k not in ("resources", "changes")}
    if _bump(base, version) is None:
        raise ValueError(
            f"{version} does not follow {base}: bump one of MAJOR, MINOR, PATCH by one"
        )
    if target.exists():
        raise FileExistsError(f"{target}: the release folder exists")
    metadata["version"] = version
    metadata["created"] = created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entry = None if changelog is None else _with_changelog_entry(Path(changelog), version)
    with atomic_folder(target) as staging:
        for rel, _ in data_files(source):
            destination = staging.joinpath(*rel.split("/"))
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(read_member(source, rel))
        write_manifest(staging, metadata)
    if changelog is not None and entry is not None:
        with atomic_writer(changelog, overwrite=True) as handle:
            handle.write(entry.encode("utf-8"))
    return target


def _with_changelog_entry(path: Path, version: str) -> str | None:
    """The text of changelog ``path`` with an entry for dataset ``version`` at the top of the
    ``## Dataset`` section, or None when it has one."""
    text = path.read_text("utf-8")
    if re.search(rf"^### {re.escape(version)}\b", text, flags=re.MULTILINE):
        return None
    entry = _CHANGELOG_TEMPLATE.format(version=version)
    heading = re.search(r"^## Dataset\n\n?", text, flags=re.MULTILINE)
    if heading is None:
        updated = text.rstrip("\n") + "\n\n## Dataset\n\n" + entry
    else:
        updated = text[: heading.end()] + entry + text[heading.end() :]
    return updated.rstrip("\n") + "\n"


def main(
    arguments: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Deprecated: ``python -m conflictdata.release ARGS`` is ``conflictdata release ARGS``, to
    which it forwards (with a note on standard error); it will be removed in the next library
    release. Returns the exit code: 0 done, 1 problems found (listed one a line) or an error,
    2 usage error."""
    from conflictdata.cli import run

    err = stderr if stderr is not None else sys.stderr
    err.write(
        "conflictdata: warning: python -m conflictdata.release is deprecated and will be "
        "removed in the next library release: use conflictdata release\n"
    )
    given = sys.argv[1:] if arguments is None else list(arguments)
    return run(["release", *given], stdout=stdout, stderr=err)


if __name__ == "__main__":
    sys.exit(main())
