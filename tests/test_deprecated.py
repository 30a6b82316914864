"""Old public module paths keep working for one library release, with a DeprecationWarning."""

from __future__ import annotations

from conflictdata._deprecated import SHIMS


def test_old_citation_module_path_warns_and_forwards(fresh_python: object) -> None:
    """``import conflictdata.cite as c`` warns, ``c.FORMATS`` is the citation module's, and both
    ``c(...)`` and ``cd.cite(...)`` still cite, whichever the package attribute now is."""
    code = (
        "import warnings\n"
        "import conflictdata as cd\n"
        "import conflictdata.citation as citation\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    import conflictdata.cite as c\n"
        "    formats = c.FORMATS\n"
        "assert caught and all(w.category is DeprecationWarning for w in caught), caught\n"
        "assert citation.FORMATS == formats\n"
        "assert citation.cite('bibtex') == c('bibtex') == cd.cite('bibtex')\n"
        "print('ok')\n"
    )
    assert "ok\n" == fresh_python(code)  # type: ignore[operator]


def test_every_shim_warns_on_import(fresh_python: object) -> None:
    """Importing any deprecated module path warns that it is deprecated, naming it."""
    code = (
        "import importlib, warnings\n"
        f"for name in {sorted(SHIMS)!r}:\n"
        "    with warnings.catch_warnings(record=True) as caught:\n"
        "        warnings.simplefilter('always')\n"
        "        importlib.import_module(name)\n"
        "    assert any(name in str(w.message) for w in caught), (name, caught)\n"
        "print(len(caught))\n"
    )
    assert "1\n" == fresh_python(code)  # type: ignore[operator]
