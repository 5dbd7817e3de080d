"""Run a stage's independent tasks on a pool of this machine's processes.

`ProcessMapper` is the `stance.tasks.Mapper` over a process pool: results come back in input order,
so output does not depend on the number of processes.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from ..tasks import Mapper, serial_map

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ProcessMapper:
    """The `Mapper` over a pool of ``jobs`` processes, started for each call; ``shared`` reaches
    each worker once, when it starts. Results come back in order."""

    def __init__(self, jobs: int):
        self.jobs = jobs

    def __call__(self, fn: Callable[[Any, T], R], shared: Any, items: Iterable[T]) -> Iterator[R]:
        items = list(items)
        if len(items) < 2:  # not worth starting workers
            yield from serial_map(fn, shared, items)
            return
        pool = ProcessPoolExecutor(
            max_workers=min(self.jobs, len(items)), initializer=_start_worker, initargs=(shared,)
        )
        try:
            # A few tasks per message: a round trip costs about as much as a small task.
            chunksize = max(1, len(items) // (8 * self.jobs))
            yield from pool.map(_call_with_shared, itertools.repeat(fn), items, chunksize=chunksize)
        finally:  # on Ctrl-C, drop the tasks not started rather than wait for all of them
            pool.shutdown(wait=True, cancel_futures=True)


_SHARED: Any = None  # in a pool worker: the ``shared`` of its `ProcessMapper` call


def _start_worker(shared: Any) -> None:
    global _SHARED
    _SHARED = shared
    _leave_interrupts_to_parent()


def _call_with_shared(fn: Callable[[Any, T], R], item: T) -> R:
    return fn(_SHARED, item)


def local_mapper(jobs: int) -> Mapper:
    """`serial_map` for one job, else a `ProcessMapper` of ``jobs`` processes."""
    if jobs < 1:
        raise ValueError(f"The 'jobs' parameter must be at least 1. Got {jobs!r} instead.")
    return serial_map if jobs == 1 else ProcessMapper(jobs)


def _leave_interrupts_to_parent() -> None:
    """Pool workers ignore Ctrl-C (which the terminal sends to every process of the run): the main
    process handles it, cancels the pool and exits with one message instead of a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
