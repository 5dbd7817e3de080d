"""Measure articles: `stance.features.annotate` on every article, in chunks over a `Mapper`, with
results taken from (and kept in) the cache where there is one.

Articles are independent and `annotate` is pure, so the work is split into chunks of `CHUNK`
articles; results come back in input order, so the output does not depend on what ran them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..features import annotate
from ..model import Article, Span, TextOf
from ..tasks import Mapper, Progress, long_lived, quiet, serial_map
from .cache import ArticleCache
from .pool import local_mapper

CHUNK = 64  # articles per task: large enough to amortise pickling, small enough to balance 2–64 cores


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


def annotate_all(
    articles: Sequence[Article],
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    cache: ArticleCache | None = None,
    mapper: Mapper | None = None,
    keep: Callable[[Article], Article] | None = None,
    text_of: TextOf | None = None,
) -> list[Article]:
    """`annotate` every article, using ``jobs`` processes (1: in this process), or ``mapper``.

    ``progress(items, total, what)`` wraps the iteration over chunks of `CHUNK` articles. With a
    ``cache``, articles it holds are taken from it and only the others are measured (and stored).
    ``keep`` is applied to each article as it comes measured, and its result kept instead (e.g.
    `stance.run.store.SpanStore.keep`, which sets most of its spans aside on disk). ``text_of``
    reads the text of an article read without it (`stance.run.store.SpanStore.text`): a chunk's
    texts are read as the chunk is sent out, and the articles come back without them.
    """
    if mapper is None:
        mapper = local_mapper(jobs)
    keep = keep or _as_is
    with long_lived():
        if cache is None:
            return _annotate_many(articles, mapper, progress or quiet, keep, text_of)
        known = cache.lookup(articles, text_of)
        todo = [a for a, hit in zip(articles, known) if hit is None]
        fresh = iter(cache.store(todo, _annotate_many(todo, mapper, progress or quiet, _as_is, text_of), text_of))
        return [keep(hit if hit is not None else next(fresh)) for hit in known]


def _as_is(article: Article) -> Article:
    return article


def _annotate_many(
    articles: Sequence[Article],
    mapper: Mapper,
    progress: Progress,
    keep: Callable[[Article], Article],
    text_of: TextOf | None,
) -> list[Article]:
    chunks = _Chunks(articles, text_of)
    if mapper is serial_map:  # in this process: no results to send, so none to pack
        annotated = ([_without_text(annotate(a), text_of) for a in chunk] for chunk in chunks)
        return [keep(a) for chunk in progress(annotated, len(chunks), "Measuring articles") for a in chunk]
    done = mapper(_annotate_chunk, None, chunks)
    measured = (m for chunk in progress(done, len(chunks), "Measuring articles") for m in chunk)
    return [keep(_with_measured(a, m)) for a, m in zip(articles, measured)]


class _Chunks:
    """The articles in lists of `CHUNK`, each article's text read (``text_of``) as its list is
    taken; sized, so that a `Mapper` takes them as it sends them (`stance.run.pool.ProcessMapper`)."""

    def __init__(self, articles: Sequence[Article], text_of: TextOf | None):
        self.articles, self.text_of = articles, text_of

    def __len__(self) -> int:
        return -(-len(self.articles) // CHUNK)

    def __iter__(self) -> Iterator[list[Article]]:
        for i in range(0, len(self.articles), CHUNK):
            chunk = self.articles[i : i + CHUNK]
            yield [replace(a, text=self.text_of(a)) for a in chunk] if self.text_of else list(chunk)


def _without_text(article: Article, text_of: TextOf | None) -> Article:
    """A measured article as it was given: without its text where it was read without it."""
    return replace(article, text="") if text_of else article
