"""Shared fixtures and the hypothesis profiles.

Profiles: ``ci`` (the default: few examples, fast) and ``thorough`` (many examples); choose with
the environment variable ``CONFLICTDATA_HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import os
import shutil
from importlib.resources import as_file
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from conflictdata._loader import release_dir

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("CONFLICTDATA_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    """A writable copy of the newest shipped release folder."""
    target = tmp_path / "release"
    with as_file(release_dir()) as source:
        shutil.copytree(source, target)
    return target
