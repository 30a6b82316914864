"""Which cluster a call runs on: a client given, a scheduler's address, or the default client."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from conflictdata.exceptions import MissingExtraError

__all__ = ["connected", "distributed_module"]


def distributed_module(*, frames: bool = True) -> Any:
    """The module ``distributed``, or the error naming the extra that installs it (and
    ``dask.dataframe`` with it, if ``frames``: an import of seconds, that validation does not
    need)."""
    try:
        if frames:
            import dask.dataframe  # noqa: F401 - the extra installs both
        import distributed
    except ImportError as exc:
        raise MissingExtraError("Dask clusters", module="distributed", extra="dask") from exc
    return distributed


@contextlib.contextmanager
def connected(client: Any = None, address: str | None = None) -> Iterator[Any]:
    """The ``distributed.Client`` to run on: ``client``, else one connected to the
    scheduler at ``address`` (closed on leaving), else the current default client.

    Giving both raises :class:`ValueError`, as does giving neither with no default client.
    """
    distributed = distributed_module(frames=False)
    if client is not None and address is not None:
        raise ValueError("give client= or address=, not both")
    if client is not None:
        yield client
        return
    if address is not None:
        with distributed.Client(address) as opened:
            yield opened
        return
    try:
        found = distributed.default_client()
    except ValueError:
        raise ValueError(
            "no Dask cluster: give client= (a distributed.Client) or address= (a scheduler's "
            "address), or start a default client"
        ) from None
    yield found
