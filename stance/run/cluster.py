"""Run stance's per-article work and per-window story grouping on an existing Dask cluster.

    stance compare CORPUS --engine dask --scheduler tcp://10.0.0.5:8786

The cluster runs the same pure functions as the local engine (`stance.run.measure._annotate_chunk`,
`stance.group.links.block_links`, `stance.group.stories.component_labels`) and results come back in input
order, so the output is byte-identical to ``--engine local``. Reading the corpus, the TF-IDF
vocabulary, the tables and the pages stay on this machine.

The scheduler and every worker need the same versions of stance and its dependencies as this
machine (``pip install "stance[dask]"``): they are compared by `stance.run.cache.code_digest` (what the
cache keys on) before the run, and again by each task on its worker (workers may join later), so a
mismatch stops the run with a message naming the process rather than compute other numbers.
Workers also need memory for the TF-IDF matrix, which is sent to each worker once for the link
search and once for the clustering. The optional ``distributed`` package is imported only when
this engine is used. How long to wait for the scheduler and for a first worker is Dask's own
setting ``distributed.comm.timeouts.connect`` (default 30 s; e.g.
``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from uuid import uuid4

from .cache import code_digest

T = TypeVar("T")
R = TypeVar("R")
OTHER_CODE = (
    "has other versions of stance or of its dependencies than this machine; install the same versions everywhere"
)


class EngineError(Exception):
    """The engine cannot run: ``distributed`` is missing, the scheduler cannot be reached or has
    no workers, or a task failed on the cluster. The message names the scheduler and the cause."""


class DaskMapper:
    """A `stance.tasks.Mapper` on a Dask ``Client``: ``shared`` is broadcast to every worker once
    per call, then ``fn(shared, item)`` runs as one task per item, with at most ``in_flight`` tasks
    submitted ahead of the results consumed (so a large corpus is not all in the scheduler at once).
    Results are yielded in input order. Raises EngineError unless the scheduler and every worker
    have ``code`` (default: this machine's `code_digest`), and tasks refuse to run on a worker that
    has not. Its tasks run on other machines (``remote``): they cannot read this machine's files."""

    remote = True

    def __init__(self, client: Any, *, in_flight: int | None = None, code: str | None = None):
        self.client = client
        self.in_flight = in_flight or max(4, 4 * sum(client.nthreads().values()))
        self.code = code or code_digest()
        _require_code(client, self.code)

    def __call__(self, fn: Callable[[Any, T], R], shared: Any, items: Iterable[T]) -> Iterator[R]:
        remote = self.client.scatter(shared, broadcast=True, hash=False) if shared is not None else None
        pending: deque = deque()
        try:
            for item in items:
                key = f"{fn.__name__}-{uuid4()}"  # named for the task, as the dashboard and task stream show it
                pending.append(self.client.submit(_checked_call, self.code, fn, remote, item, key=key))
                if len(pending) >= self.in_flight:
                    yield self._first(pending, fn)
            while pending:
                yield self._first(pending, fn)
        finally:  # on Ctrl-C or a failed task, drop the rest instead of leaving the cluster busy
            if pending:
                self.client.cancel(list(pending))

    def _first(self, pending: deque, fn: Callable) -> Any:
        """The result of the oldest task, which leaves ``pending`` only once it has arrived."""
        try:
            result = pending[0].result()
        except Exception as exc:  # raised on a worker (or the scheduler went away): one line, no remote traceback
            why = str(exc) if isinstance(exc, EngineError) else f"{fn.__name__} failed: {type(exc).__name__}: {exc}"
            raise EngineError(" ".join(f"the Dask cluster at {self.client.scheduler.address}: {why}".split())) from None
        pending.popleft()
        return result


def _require_code(client: Any, code: str) -> None:
    """Raise EngineError unless the scheduler and every worker have ``code`` as their `code_digest`.
    Checked before any task is sent: a worker that cannot unpickle a task leaves the cluster, and
    the run would wait for workers forever."""
    try:
        found = {"the scheduler": client.run_on_scheduler(code_digest)}
    except Exception as exc:
        found = {"the scheduler": exc}
    found.update((f"worker {w}", digest) for w, digest in sorted(client.run(code_digest, on_error="return").items()))
    for who, digest in found.items():
        if isinstance(digest, Exception):
            raise EngineError(
                f"the Dask cluster at {client.scheduler.address}: {who} cannot run stance ({digest}); "
                "install stance there"
            )
        if digest != code:
            raise EngineError(f"the Dask cluster at {client.scheduler.address}: {who} {OTHER_CODE}")


def _checked_call(code: str, fn: Callable[[Any, T], R], shared: Any, item: T) -> R:
    """On a worker: ``fn(shared, item)``, if this worker runs the code the run started with."""
    if code_digest() != code:
        from distributed import get_worker

        raise EngineError(f"worker {get_worker().address} {OTHER_CODE}")
    return fn(shared, item)


@contextmanager
def dask_mapper(address: str) -> Iterator[DaskMapper]:
    """Connect to the Dask scheduler at ``address`` (``tcp://host:8786``) for the duration of the
    block, once it has at least one worker. Waits at most Dask's ``distributed.comm.timeouts.connect``
    for each."""
    try:
        import dask
        from distributed import Client
    except ImportError:
        raise EngineError('--engine dask needs the distributed package: pip install "stance[dask]"') from None
    _check_address(address)
    timeout = dask.config.get("distributed.comm.timeouts.connect")
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, TypeError, ValueError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise EngineError(
                f"the Dask scheduler at {address} has no workers (waited {timeout}); "
                f"start one with: dask worker {address}"
            ) from None
        yield DaskMapper(client)
    finally:
        client.close()


def _check_address(address: str) -> None:
    """Raise EngineError for what a ``Client`` would report with a traceback (at exit, too): an
    address that is not a Dask address, or ``tls://`` without TLS certificates in Dask's config."""
    import dask
    from distributed import Security
    from distributed.comm import get_address_host

    try:
        get_address_host(address)
    except ValueError as exc:
        raise EngineError(
            f"--scheduler {address}: not a Dask scheduler address ({exc}); e.g. tcp://10.0.0.5:8786"
        ) from None
    configured = Security().get_connection_args("client")["ssl_context"] or dask.config.get(
        "distributed.client.security-loader"
    )
    if address.startswith("tls://") and not configured:
        raise EngineError(
            f"--scheduler {address}: TLS needs certificates: set Dask's distributed.comm.tls.ca-file, "
            "distributed.comm.tls.client.cert and distributed.comm.tls.client.key"
        )
