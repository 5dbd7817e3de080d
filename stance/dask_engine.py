"""Run stance's per-article work and per-window story grouping on an existing Dask cluster.

    stance compare CORPUS --engine dask --scheduler tcp://10.0.0.5:8786

The cluster runs the same pure functions as the local engine (`stance.engine._annotate_chunk`,
`stance.stories.block_links`, `stance.stories.component_labels`) and results come back in input
order, so the output is byte-identical to ``--engine local``. Reading the corpus, the TF-IDF
vocabulary, the tables and the pages stay on this machine.

Every worker needs the same version of stance installed (``pip install "stance[dask]"``) and
enough memory for the TF-IDF matrix, which is sent to each worker once per run. The optional
``distributed`` package is imported only when this engine is used.
"""

from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
CONNECT_TIMEOUT = "10s"


class EngineError(Exception):
    """The engine cannot run: the package is missing or the scheduler cannot be reached."""


class DaskMapper:
    """A `stance.engine.Mapper` on a Dask ``Client``: ``shared`` is broadcast to every worker once
    per call, then ``fn(shared, item)`` runs as one task per item, with at most ``in_flight`` tasks
    submitted ahead of the results consumed (so a large corpus is not all in the scheduler at once)."""

    def __init__(self, client: Any, in_flight: int | None = None):
        self.client = client
        self.in_flight = in_flight or max(4, 4 * sum(client.nthreads().values()))

    def __call__(self, fn: Callable[[Any, T], R], shared: Any, items: Iterable[T]) -> Iterator[R]:
        remote = self.client.scatter(shared, broadcast=True, hash=False) if shared is not None else None
        pending: deque = deque()
        for item in items:
            pending.append(self.client.submit(fn, remote, item, pure=False))
            if len(pending) >= self.in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def dask_mapper(address: str) -> Iterator[DaskMapper]:
    """Connect to the Dask scheduler at ``address`` (``tcp://host:8786``) for the duration of the block."""
    try:
        from distributed import Client
    except ImportError:
        raise EngineError('--engine dask needs the distributed package: pip install "stance[dask]"') from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield DaskMapper(client)
    finally:
        client.close()
