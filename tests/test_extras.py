"""A missing optional dependency is one line naming the extra to install, never a traceback."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import conflictdata as cd
import conflictdata.io as cio
from conflictdata.cli import run
from conflictdata.exceptions import MissingExtraError


def _without(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` (and their already imported submodules) unimportable."""
    for name in list(sys.modules):
        if name in modules or name.startswith(tuple(f"{m}." for m in modules)):
            monkeypatch.setitem(sys.modules, name, None)
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.parametrize(
    ("make", "module", "extra"),
    [
        (lambda ds, _: ds.to_pandas(), "pandas", "pandas"),
        (lambda ds, _: ds.to_arrow(), "pyarrow", "arrow"),
        (lambda ds, tmp: cio.write_parquet(ds, tmp / "out"), "pyarrow", "arrow"),
        (lambda ds, tmp: list(cio.read_parquet(tmp / "out")), "pyarrow", "arrow"),
    ],
    ids=["to_pandas", "to_arrow", "write_parquet", "read_parquet"],
)
def test_library_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make: object, module: str, extra: str
) -> None:
    """Without the optional module, the library raises MissingExtraError, a
    ModuleNotFoundError whose message names the pip command that installs the extra."""
    ds = cd.load()
    _without(monkeypatch, module)
    with pytest.raises(MissingExtraError) as info:
        make(ds, tmp_path)  # type: ignore[operator]
    assert (True, module, extra) == (
        isinstance(info.value, ModuleNotFoundError),
        info.value.name,
        info.value.extra,
    )
    assert f'pip install "conflictdata[{extra}]"' in str(info.value)


def test_plot_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, timeline_figure raises MissingExtraError naming the plot extra."""
    from conflictdata.plot import timeline_figure

    ds = cd.load()
    _without(monkeypatch, "matplotlib")
    with pytest.raises(MissingExtraError, match=r'pip install "conflictdata\[plot\]"'):
        timeline_figure(ds)


def test_cli_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """conflictdata export --format parquet without pyarrow writes one line naming the extra
    and exits 2 (this installation cannot do what was asked), and writes nothing."""
    _without(monkeypatch, "pyarrow")
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "out"
    code = run(["export", "--format", "parquet", "--output", str(target)], stdout=out, stderr=err)
    expected = (
        'conflictdata: error: Parquet files need pyarrow: pip install "conflictdata[arrow]"\n'
    )
    assert (2, "", expected, False) == (code, out.getvalue(), err.getvalue(), target.exists())
