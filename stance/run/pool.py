"""Run a stage's independent tasks on a pool of this machine's processes.

`ProcessMapper` is the `stance.tasks.Mapper` over a process pool: results come back in input order,
so output does not depend on the number of processes.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from ..tasks import Mapper, Terminated, check_stop, release_memory, serial_map

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ProcessMapper:
    """The `Mapper` over a pool of ``jobs`` processes, started for each call; ``shared`` reaches
    each worker once, when it starts. Results come back in order.

    Tasks go out in messages of several (a round trip costs about as much as a small task), at most
    `LARGEST_MESSAGE` tasks each and at most `MESSAGES_AHEAD` messages per process ahead of the
    result being handed back: a result waits in this process until every result before it has been
    taken, so without that bound one slow task (a large story) let the finished results of all
    later ones pile up, hundreds of MB of pages. Items that know their number (a `Sized` iterable)
    are taken as they are sent, so they need not all be in memory at once; others are listed first.
    """

    def __init__(self, jobs: int):
        self.jobs = jobs

    def __call__(self, fn: Callable[[Any, T], R], shared: Any, items: Iterable[T]) -> Iterator[R]:
        if not isinstance(items, Sized):
            items = list(items)
        if len(items) < 2:  # not worth starting workers
            yield from serial_map(fn, shared, items)
            return
        release_memory()  # before forking: what the last stage freed is not the workers' to count
        pool = ProcessPoolExecutor(
            max_workers=min(self.jobs, len(items)), initializer=_start_worker, initargs=(shared, os.getpid())
        )
        try:
            size = max(1, min(len(items) // (8 * self.jobs), LARGEST_MESSAGE))
            rest = iter(items)
            messages = iter(lambda: list(itertools.islice(rest, size)), [])
            sent = deque(pool.submit(_call_many, fn, m) for m in itertools.islice(messages, MESSAGES_AHEAD * self.jobs))
            while sent:
                results = sent.popleft().result()
                sent.extend(pool.submit(_call_many, fn, m) for m in itertools.islice(messages, 1))
                if not sent:  # the pool is done: shut it down now, not when a caller that stops
                    pool.shutdown(wait=True)  # at the last result lets this generator be collected
                for result in results:
                    check_stop()
                    yield result
        except Terminated:
            # Stop the workers now, and wait for nothing: a worker killed mid-task can leave the
            # pool's queues unable to close. `Terminated` ends the process right after.
            _stop_workers(pool)
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:  # Ctrl-C or an error: drop the tasks not started; the running ones end first
            pool.shutdown(wait=True, cancel_futures=True)


MESSAGES_AHEAD = 4  # messages per process sent before their results are asked for
# Tasks per message. The results of `MESSAGES_AHEAD` messages per process wait here at once, so a
# message's size must not grow with the corpus: an eighth of a process's share of a million
# articles' measuring was 60,000 articles' spans a message; of a 10,000-story corpus, 625 stories'
# pages. 16 tasks (16 stories, or 1,024 articles measured) are a few MB, and still cost one round
# trip for a second or more of work.
LARGEST_MESSAGE = 16
_SHARED: Any = None  # in a pool worker: the ``shared`` of its `ProcessMapper` call
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def _start_worker(shared: Any, parent: int) -> None:
    global _SHARED
    _SHARED = shared
    _leave_interrupts_to_parent()
    _exit_with_parent(parent)


def _call_many(fn: Callable[[Any, T], R], items: list[T]) -> list[R]:
    return [fn(_SHARED, item) for item in items]


def local_mapper(jobs: int) -> Mapper:
    """`serial_map` for one job, else a `ProcessMapper` of ``jobs`` processes."""
    if jobs < 1:
        raise ValueError(f"The 'jobs' parameter must be at least 1. Got {jobs!r} instead.")
    return serial_map if jobs == 1 else ProcessMapper(jobs)


def _leave_interrupts_to_parent() -> None:
    """Pool workers ignore Ctrl-C (which the terminal sends to every process of the run): the main
    process handles it, cancels the pool and exits with one message instead of a traceback per worker.
    SIGTERM and SIGHUP end a worker at once (the handlers a forked worker inherits from the main
    process would turn them into exceptions)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def _exit_with_parent(parent: int) -> None:
    """Ask Linux to send this worker SIGTERM when the process that started it dies (even by SIGKILL,
    which nothing can catch), so no worker outlives its run holding the caller's pipes open."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # not Linux: the pool's own watch of its parent remains
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate a pool's worker processes (Python 3.14 has ``terminate_workers``; before it, the
    processes are only reachable through the pool's ``_processes``)."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
