"""The hook through which hypothesis registers conflictdata's strategies for ``st.from_type``.

hypothesis calls every ``hypothesis`` entry point when it is imported; conflictdata's names
``conflictdata._hypothesis:_hypothesis_setup_hook``, this function, so that importing hypothesis
in an environment that has conflictdata installed costs little: the hook imports the models and
the Dataset class, nothing else, and registers deferred strategies. The strategies module is
imported (if it is not already) and its strategies are built the first time a value is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: The function of :mod:`conflictdata.strategies` that draws each class, by class name.
_STRATEGIES = {
    "Span": "spans",
    "RowRef": "row_refs",
    "Fatalities": "fatalities",
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

    from conflictdata import dataset, models

    for class_name, function in _STRATEGIES.items():
        cls = getattr(models, class_name, None) or getattr(dataset, class_name)
        st.register_type_strategy(cls, st.deferred(_lazy(function)))


def _lazy(function: str) -> Callable[[], Any]:
    """A function that returns the strategy ``conflictdata.strategies.<function>()``."""

    def strategy() -> Any:
        return getattr(importlib.import_module("conflictdata.strategies"), function)()

    return strategy
