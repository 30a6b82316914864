"""Old public module paths keep working for one library release, with a DeprecationWarning."""

from __future__ import annotations

from collections.abc import Callable

from conflictdata._deprecated import SHIMS


def test_old_citation_module_path_warns_and_forwards(fresh_python: Callable[..., str]) -> None:
    """``import conflictdata.cite as c`` works; ``c.FORMATS`` warns and is the citation
    module's, and both ``c(...)`` and ``cd.cite(...)`` still cite, whichever the package
    attribute now is."""
    code = (
        "import warnings\n"
        "import conflictdata as cd\n"
        "import conflictdata.citation as citation\n"
        "import conflictdata.cite as c\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    formats = c.FORMATS\n"
        "assert [DeprecationWarning] == [w.category for w in caught], caught\n"
        "assert 'conflictdata.citation.FORMATS' in str(caught[0].message)\n"
        "assert citation.FORMATS == formats\n"
        "assert citation.cite('bibtex') == c('bibtex') == cd.cite('bibtex')\n"
        "print('ok')\n"
    )
    assert "ok\n" == fresh_python(code, strict=True)


def test_every_shim_forwards_only_the_new_modules_names(fresh_python: Callable[..., str]) -> None:
    """Each deprecated path forwards, with a warning naming the new path, exactly the names of
    the module that replaced it; any other name is an AttributeError without a warning."""
    code = (
        "import importlib, warnings\n"
        f"for name in {sorted(SHIMS)!r}:\n"
        "    shim = importlib.import_module(name)\n"
        "    target = importlib.import_module(shim._target)\n"
        "    for attribute in target.__all__:\n"
        "        with warnings.catch_warnings(record=True) as caught:\n"
        "            warnings.simplefilter('always')\n"
        "            assert getattr(target, attribute) is getattr(shim, attribute)\n"
        "        assert f'{shim._target}.{attribute}' in str(caught[0].message), caught\n"
        "    try:\n"
        "        shim.no_such_name\n"
        "    except AttributeError:\n"
        "        pass\n"
        "    else:\n"
        "        raise AssertionError(name)\n"
        "print(len(target.__all__) > 0)\n"
    )
    assert "True\n" == fresh_python(code, strict=True)
