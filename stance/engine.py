"""Run the per-article step (segment + features) over a corpus, in one process or several.

Articles are independent and `annotate` is pure, so the work is split into chunks mapped over a
process pool; results come back in input order, so output does not depend on ``jobs``.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Sequence, TypeVar

from .cache import ArticleCache
from .features import annotate
from .model import Article

T = TypeVar("T")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]
CHUNK = 64  # articles per task: large enough to amortise pickling, small enough to balance 2–64 cores


def _quiet(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    return items


def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _annotate_chunk(chunk: list[Article]) -> list[Article]:
    return [annotate(a) for a in chunk]


def annotate_all(
    articles: Sequence[Article], *, jobs: int = 1, progress: Progress | None = None, cache: ArticleCache | None = None
) -> list[Article]:
    """`annotate` every article, using ``jobs`` processes (1: in this process).

    ``progress(items, total, what)`` wraps the iteration over chunks of `CHUNK` articles. With a
    ``cache``, articles it holds are taken from it and only the others are measured (and stored).
    """
    if jobs < 1:
        raise ValueError(f"The 'jobs' parameter of annotate_all must be at least 1. Got {jobs!r} instead.")
    if cache is None:
        return _annotate_many(articles, jobs, progress or _quiet)
    known = cache.lookup(articles)
    todo = [a for a, hit in zip(articles, known) if hit is None]
    fresh = iter(cache.store(todo, _annotate_many(todo, jobs, progress or _quiet)))
    return [hit if hit is not None else next(fresh) for hit in known]


def _annotate_many(articles: Sequence[Article], jobs: int, progress: Progress) -> list[Article]:
    chunks = [list(articles[i : i + CHUNK]) for i in range(0, len(articles), CHUNK)]
    if jobs == 1 or len(chunks) <= 1:
        done = map(_annotate_chunk, chunks)
        return [a for chunk in progress(done, len(chunks), "Measuring articles") for a in chunk]
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), initializer=_leave_interrupts_to_parent)
    try:
        done = pool.map(_annotate_chunk, chunks)
        return [a for chunk in progress(done, len(chunks), "Measuring articles") for a in chunk]
    finally:  # on Ctrl-C, drop the chunks not started rather than wait for all of them
        pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_parent() -> None:
    """Pool workers ignore Ctrl-C (which the terminal sends to every process of the run): the main
    process handles it, cancels the pool and exits with one message instead of a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
