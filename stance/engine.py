"""Run independent tasks (per-article features, per-window story grouping) in one process or several.

Articles are independent and `annotate` is pure, so the work is split into chunks mapped over a
process pool; results come back in input order, so output does not depend on ``jobs``.

A `Mapper` runs ``fn(shared, item)`` for every item and yields the results in order. ``shared``
(read-only data every task needs, such as the TF-IDF matrix) is handed to each worker once, not
with every task. `serial_map` runs in this process, `ProcessMapper` over a process pool, and
`stance.dask_engine.DaskMapper` on a Dask cluster.
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .cache import ArticleCache
from .features import annotate
from .model import Article, Span

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]
Mapper = Callable[[Callable[[Any, T], R], Any, Iterable[T]], Iterable[R]]
CHUNK = 64  # articles per task: large enough to amortise pickling, small enough to balance 2–64 cores
STORIES_PER_TASK = 16  # stories per task of pages or data files: enough to spread over workers, few tasks to pass around


def _quiet(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    return items


def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def serial_map(fn: Callable[[Any, T], R], shared: Any, items: Iterable[T]) -> Iterator[R]:
    """The `Mapper` that runs every task in this process, one after another."""
    return (fn(shared, item) for item in items)


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
        pool = ProcessPoolExecutor(max_workers=min(self.jobs, len(items)), initializer=_start_worker, initargs=(shared,))
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


# What a task returns for an article: its feature values and its spans as four columns (starts,
# ends, labels, attrs), not the annotated article: the parent has the text already, and pickling
# a quarter of a million spans one by one took longer than rebuilding them from columns.
Measured = tuple[Mapping[str, float], tuple[tuple[Any, ...], ...]]


def _annotate_chunk(_: Any, chunk: list[Article]) -> list[Measured]:
    with long_lived():  # in a Dask worker; pool workers inherit the parent's paused collector
        return _measured([annotate(a) for a in chunk])


def _measured(annotated: list[Article]) -> list[Measured]:
    """What `_annotate_chunk` returns for these annotated articles."""
    seen: dict[tuple, tuple] = {}
    return [(a.features, _columns(a.spans, seen)) for a in annotated]


def _columns(spans: tuple[Span, ...], seen: dict[tuple, tuple]) -> tuple[tuple[Any, ...], ...]:
    """The starts, ends, labels and attrs of the spans, with equal attrs made one object (the first
    in ``seen``). Most attrs repeat (a speaker, a polarity, a cue), and pickle writes an object once
    and then refers to it: a quarter less to pickle and unpickle, and fewer objects in the parent."""
    if not spans:
        return ()
    starts, ends, labels, attrs = zip(*spans)
    return starts, ends, labels, tuple(map(seen.setdefault, attrs, attrs))


def _with_measured(article: Article, measured: Measured) -> Article:
    """``article`` annotated, from what `_annotate_chunk` returned for it."""
    features, columns = measured
    spans = map(tuple.__new__, itertools.repeat(Span), zip(*columns))  # Span(*row), without a Python call per span
    return replace(article, spans=tuple(spans), features=features)


def local_mapper(jobs: int) -> Mapper:
    """`serial_map` for one job, else a `ProcessMapper` of ``jobs`` processes."""
    if jobs < 1:
        raise ValueError(f"The 'jobs' parameter must be at least 1. Got {jobs!r} instead.")
    return serial_map if jobs == 1 else ProcessMapper(jobs)


def annotate_all(
    articles: Sequence[Article],
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    cache: ArticleCache | None = None,
    mapper: Mapper | None = None,
) -> list[Article]:
    """`annotate` every article, using ``jobs`` processes (1: in this process), or ``mapper``.

    ``progress(items, total, what)`` wraps the iteration over chunks of `CHUNK` articles. With a
    ``cache``, articles it holds are taken from it and only the others are measured (and stored).
    """
    if mapper is None:
        mapper = local_mapper(jobs)
    with long_lived():
        if cache is None:
            return _annotate_many(articles, mapper, progress or _quiet)
        known = cache.lookup(articles)
        todo = [a for a, hit in zip(articles, known) if hit is None]
        fresh = iter(cache.store(todo, _annotate_many(todo, mapper, progress or _quiet)))
        return [hit if hit is not None else next(fresh) for hit in known]


@contextmanager
def long_lived() -> Iterator[None]:
    """Build many long-lived objects (articles and their ~200 spans each) without the cyclic
    garbage collector, then freeze them out of its reach.

    The collector runs a full pass whenever the tracked objects grow by a quarter, so building
    a quarter of a million spans (or unpickling them from pool workers) triggers pass after pass
    over all of them: on 1,200 articles that tripled the time of this step. Spans and articles
    hold no reference cycles, so nothing is lost by not looking; frozen, later passes skip them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _annotate_many(articles: Sequence[Article], mapper: Mapper, progress: Progress) -> list[Article]:
    chunks = [list(articles[i : i + CHUNK]) for i in range(0, len(articles), CHUNK)]
    if mapper is serial_map:  # in this process: no results to send, so none to pack
        annotated = ([annotate(a) for a in chunk] for chunk in chunks)
        return [a for chunk in progress(annotated, len(chunks), "Measuring articles") for a in chunk]
    done = mapper(_annotate_chunk, None, chunks)
    measured = (m for chunk in progress(done, len(chunks), "Measuring articles") for m in chunk)
    return list(map(_with_measured, articles, measured))


def _leave_interrupts_to_parent() -> None:
    """Pool workers ignore Ctrl-C (which the terminal sends to every process of the run): the main
    process handles it, cancels the pool and exits with one message instead of a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
