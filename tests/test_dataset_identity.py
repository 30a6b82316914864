"""A Dataset's identity: read-only attributes, and subsets that never claim the release's hash."""

from __future__ import annotations

import pytest

import conflictdata as cd
from conflictdata.filters import Type


@pytest.mark.parametrize(
    "name", ["version", "content_hash", "metadata", "parent", "criterion", "release", "texts"]
)
def test_attributes_are_read_only(name: str) -> None:
    """Assigning any attribute of a Dataset raises AttributeError and changes nothing."""
    ds = cd.load()
    before = getattr(ds, name)
    with pytest.raises(AttributeError):
        setattr(ds, name, "9.9.9")
    assert before == getattr(ds, name)


def test_metadata_cannot_be_changed_in_place() -> None:
    """The descriptor metadata of a Dataset is a read-only mapping."""
    ds = cd.load()
    with pytest.raises(TypeError):
        ds.metadata["version"] = "9.9.9"  # type: ignore[index]
    assert cd.versions()[-1] == ds.metadata["version"]


def test_subset_keeps_the_version_and_names_its_release() -> None:
    """A subset (of a subset) keeps the version, has no content hash of its own, and its
    release is the whole dataset it was taken from, with that dataset's hash."""
    ds = cd.load()
    sub = ds.filter(type="CONSULT")
    subsub = sub.subset(sub.events[:1])
    assert (ds.version, None, ds, ds.content_hash) == (
        sub.version,
        sub.content_hash,
        sub.release,
        sub.release.content_hash,
    )
    assert (ds.version, None, sub, ds) == (
        subsub.version,
        subsub.content_hash,
        subsub.parent,
        subsub.release,
    )
    assert (ds, None) == (ds.release, ds.parent)


def test_parent_and_criterion_in_the_constructor_are_deprecated() -> None:
    """Dataset(..., parent=, criterion=) still makes a subset, with a DeprecationWarning."""
    ds = cd.load()
    with pytest.warns(DeprecationWarning, match=r"Dataset\.subset\(\) or Dataset\.filter\(\)"):
        sub = cd.Dataset(ds.sources, texts=ds.texts, parent=ds, criterion=Type("CONSULT"))
    assert (ds, Type("CONSULT"), ds) == (sub.parent, sub.criterion, sub.release)
