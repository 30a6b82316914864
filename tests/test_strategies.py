"""How the strategies reach hypothesis: the entry point, its hook, and what each imports."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import conflictdata as cd

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def entry_point() -> str:
    """The ``hypothesis`` entry point pyproject declares."""
    entry_points = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]["entry-points"]
    (target,) = entry_points["hypothesis"].values()
    return str(target)


def isolated(**env: str) -> dict[str, str]:
    """An environment for a fresh interpreter that imports conflictdata from the tree under test
    and nothing installed beside it by path."""
    return {"PYTHONPATH": str(Path(cd.__file__).parents[1]), "PATH": "", **env}


def test_entry_point_names_the_setup_hook() -> None:
    """pyproject registers the hook in the ``hypothesis`` group, in a module of its own that
    imports little, not in the strategies module."""
    assert "conflictdata._hypothesis:_hypothesis_setup_hook" == entry_point()


def test_importing_conflictdata_does_not_import_hypothesis(
    fresh_python: Callable[..., str],
) -> None:
    """hypothesis is a test dependency only."""
    code = (
        "import sys, conflictdata, conflictdata.dataset, conflictdata.models\n"
        "assert 'hypothesis' not in sys.modules, 'conflictdata imported hypothesis'\n"
    )
    fresh_python(code, env=isolated(HYPOTHESIS_NO_PLUGINS="1"), strict=True)


#: Code that makes the entry point of pyproject visible to hypothesis, installed or not.
WITH_ENTRY_POINT = (
    "import importlib.metadata as metadata\n"
    f"hook = metadata.EntryPoint('conflictdata', {entry_point()!r}, 'hypothesis')\n"
    "everything = metadata.entry_points\n"
    "def entry_points(**params):\n"
    "    if params.get('group') == 'hypothesis':\n"
    "        return metadata.EntryPoints([hook])\n"
    "    return everything(**params)\n"
    "metadata.entry_points = entry_points\n"
)


def test_the_hook_registers_without_building_strategies(fresh_python: Callable[..., str]) -> None:
    """Importing hypothesis runs the hook, which registers deferred strategies that are not
    built until they are drawn from (read from hypothesis' registry, a private detail)."""
    code = WITH_ENTRY_POINT + (
        "import hypothesis\n"
        "from hypothesis.strategies._internal.types import _global_type_lookup\n"
        "import conflictdata as cd\n"
        "for cls in (cd.Event, cd.Span, cd.Dataset):\n"
        "    assert repr(_global_type_lookup[cls]).startswith('deferred('), cls\n"
    )
    fresh_python(code, env=isolated(), strict=True)


def test_from_type_works_whichever_is_imported_first(fresh_python: Callable[..., str]) -> None:
    """With the entry point installed, ``st.from_type`` draws from the registered strategies,
    also when importing the strategies module is what first imports hypothesis."""
    code = WITH_ENTRY_POINT + (
        "import conflictdata.strategies\n"
        "from hypothesis import find, strategies as st\n"
        "import conflictdata as cd\n"
        "event = find(st.from_type(cd.Event), lambda event: True)\n"
        "assert event.id.startswith('evt-') and (event.evidence or event.rows), event\n"
    )
    fresh_python(code, env=isolated(), strict=True)
