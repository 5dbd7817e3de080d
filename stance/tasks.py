"""How a stage runs independent tasks, so the stages need not know what runs them.

A `Mapper` runs ``fn(shared, item)`` for every item and yields the results in input order.
``shared`` (read-only data every task needs, such as the TF-IDF matrix) reaches each worker once,
not with every task. `serial_map` runs in this process; `stance.run` provides a process pool and a
Dask cluster with the same contract, so every stage gives the same result on any of them.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Mapper = Callable[[Callable[[Any, T], R], Any, Iterable[T]], Iterable[R]]
# progress(items, total, what) wraps an iteration over ``total`` items, e.g. with a progress bar.
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


def on_this_machine(mapper: Mapper) -> bool:
    """Whether ``mapper``'s tasks run on this machine, where they can read its temporary files: a
    mapper that runs them elsewhere (a Dask cluster) has ``remote = True``."""
    return not getattr(mapper, "remote", False)


def serial_map(fn: Callable[[Any, T], R], shared: Any, items: Iterable[T]) -> Iterator[R]:
    """The `Mapper` that runs every task in this process, one after another."""
    for item in items:
        check_stop()
        yield fn(shared, item)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a CI runner's cancel, ``timeout``, ``kill``), raised by the command line's
    handler: it unwinds like Ctrl-C, so an interrupted write puts the previous output back, and a
    process pool stops its workers at once. The process must then end without waiting for the pool
    (``os._exit``)."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


_STOP: list[int] = []  # the signal asked to stop the run, once one has


def request_stop(number: int) -> None:
    """Ask the run to stop (a signal handler does): `check_stop` raises `Terminated` at the next
    task, item of a stage or output swap. Raising from the handler itself is not safe: a signal that
    lands in one of Python's fork or finaliser hooks would have its exception printed and dropped."""
    _STOP.append(number)


def check_stop() -> None:
    """Raise `Terminated` if a stop was asked for: called between tasks and before an output is swapped in."""
    if _STOP:
        raise Terminated(_STOP[0])


def quiet(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    """The `Progress` that shows nothing (and stops the run between items when asked: `check_stop`)."""
    for item in items:
        check_stop()
        yield item


def release_memory() -> None:
    """Give the memory a finished stage freed back to the system, where the C library allows it.

    glibc keeps freed blocks in its heap for reuse, and the next stage seldom reuses them all:
    reading 30,000 articles (parsing their files) left 200 MB held that no later stage needed, and
    every pool worker forked afterwards counted it too. ``malloc_trim`` returns them; elsewhere
    (macOS, musl, Windows) this does nothing.
    """
    with contextlib.suppress(AttributeError, OSError, TypeError):  # no glibc
        ctypes.CDLL(None).malloc_trim(0)


@contextmanager
def long_lived() -> Iterator[None]:
    """Build many long-lived objects (articles and their ~200 spans each) without the cyclic
    garbage collector, then freeze them out of its reach.

    The collector runs a full pass whenever the tracked objects grow by a quarter, so building
    a quarter of a million spans (or unpickling them from pool workers) triggers pass after pass
    over all of them: on 1,200 articles that tripled the time of this step. Spans and articles
    hold no reference cycles, so nothing is lost by not looking; frozen, later passes skip them
    (and a worker forked afterwards does not walk, and so copy, them).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
