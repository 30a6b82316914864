"""The hook through which hypothesis registers conflictdata's strategies for ``st.from_type``.

hypothesis calls every ``hypothesis`` entry point when it is imported; conflictdata's names
``conflictdata.strategies:_hypothesis_setup_hook``, which is this function. It lives apart, and
:mod:`conflictdata.strategies` imports it before it imports hypothesis, so that the hook exists
even when hypothesis is first imported by :mod:`conflictdata.strategies` itself. The hook only
registers deferred strategies: the strategies module is imported (if it is not already) and its
strategies are built the first time a value is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: The function of :mod:`conflictdata.strategies` that draws each class, by class name.
_STRATEGIES = {
    "Span": "spans",
    "Link": "links",
    "When": "whens",
    "Location": "locations",
    "Role": "roles",
    "EventActor": "event_actors",
    "Likelihood": "likelihoods",
    "Resolution": "resolutions",
    "Source": "sources",
    "Actor": "actors",
    "Event": "events",
    "Statement": "statements",
    "Implication": "implications",
    "Record": "records",
    "Dataset": "datasets",
}


def _hypothesis_setup_hook() -> None:
    """Register a deferred strategy for each record class, nested value class and Dataset."""
    from hypothesis import strategies as st

    import conflictdata

    for class_name, function in _STRATEGIES.items():
        st.register_type_strategy(getattr(conflictdata, class_name), st.deferred(_lazy(function)))


def _lazy(function: str) -> Callable[[], Any]:
    """A function that returns the strategy ``conflictdata.strategies.<function>()``."""

    def strategy() -> Any:
        return getattr(importlib.import_module("conflictdata.strategies"), function)()

    return strategy
