"""Measure articles: `stance.features.annotate` on every article, in chunks over a `Mapper`, with
results taken from (and kept in) the cache where there is one.

Articles are independent and `annotate` is pure, so the work is split into chunks of `CHUNK`
articles; results come back in input order, so the output does not depend on what ran them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..features import annotate
from ..model import Article, Span, TextOf
from ..tasks import Mapper, Progress, long_lived, quiet, serial_map
from .cache import ArticleCache
from .pool import local_mapper
from .store import KEPT, SpanStore, measured_bytes

CHUNK = 64  # articles per task: large enough to amortise pickling, small enough to balance 2–64 cores


# What a task returns for an article: its feature values and its spans as four columns (starts,
# ends, labels, attrs), not the annotated article: the parent has the text already, and pickling
# a quarter of a million spans one by one took longer than rebuilding them from columns.
Measured = tuple[Mapping[str, float], tuple[tuple[Any, ...], ...]]
# Where the articles are kept in a `SpanStore`: the feature values, the columns of only the spans
# kept in memory (`stance.run.store.KEPT`), and the whole measured article as the store's file holds
# it (`measured_bytes`). Made here, those bytes spare the parent process rebuilding and pickling
# again every span: measuring 10,000 synthetic articles on 2 processes, the parent spent 3.9
# CPU-seconds (0.8 now) beside the workers' 45: a dozen workers would have kept it busy (now some 50).
Stored = tuple[Mapping[str, float], tuple[tuple[Any, ...], ...], bytes]


def _annotate_chunk(kept: frozenset[str] | None, chunk: list[Article]) -> list[Measured] | list[Stored]:
    """The chunk measured: `Measured`, or with ``kept`` labels, `Stored`."""
    with long_lived():  # in a Dask worker; pool workers inherit the parent's paused collector
        annotated = [annotate(a) for a in chunk]
        if kept is None:
            return _measured(annotated)
        seen: dict[tuple, tuple] = {}
        return [
            (a.features, _columns(tuple(s for s in a.spans if s.label in kept), seen), measured_bytes(a))
            for a in annotated
        ]


def _measured(annotated: list[Article]) -> list[Measured]:
    """What `_annotate_chunk` returns for these annotated articles without ``kept``."""
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
    store: SpanStore | None = None,
) -> list[Article]:
    """`annotate` every article, using ``jobs`` processes (1: in this process), or ``mapper``.

    ``progress(items, total, what)`` wraps the iteration over chunks of `CHUNK` articles. With a
    ``cache``, articles it holds are taken from it and only the others are measured (and stored).
    With a ``store`` (`stance.run.store`), the articles were read without their texts, which it
    reads back as each chunk is sent out; each article is kept there as it comes measured
    (`SpanStore.keep`), and the article it gives back, with most of its spans set aside, is kept
    instead.
    """
    if mapper is None:
        mapper = local_mapper(jobs)
    text_of = store.text if store else None
    with long_lived():
        if cache is None:
            return _annotate_many(articles, mapper, progress or quiet, text_of, store)
        known = cache.lookup(articles, text_of)
        todo = [a for a, hit in zip(articles, known) if hit is None]
        fresh = iter(cache.store(todo, _annotate_many(todo, mapper, progress or quiet, text_of), text_of))
        found = (hit if hit is not None else next(fresh) for hit in known)
        return [store.keep(a) for a in found] if store else list(found)


def _annotate_many(
    articles: Sequence[Article],
    mapper: Mapper,
    progress: Progress,
    text_of: TextOf | None,
    store: SpanStore | None = None,
) -> list[Article]:
    """The articles measured; with a ``store``, each kept there as it comes (`SpanStore.keep`)."""
    chunks = _Chunks(articles, text_of)
    if mapper is serial_map:  # in this process: no results to send, so none to pack
        annotated = ([_without_text(annotate(a), text_of) for a in chunk] for chunk in chunks)
        measured = (a for chunk in progress(annotated, len(chunks), "Measuring articles") for a in chunk)
        return [store.keep(a) for a in measured] if store else list(measured)  # each kept as it comes
    done = mapper(_annotate_chunk, KEPT if store else None, chunks)
    results = (m for chunk in progress(done, len(chunks), "Measuring articles") for m in chunk)
    if store is None:
        return [_with_measured(a, m) for a, m in zip(articles, results)]
    return [store.keep(_with_measured(a, (values, kept)), whole) for a, (values, kept, whole) in zip(articles, results)]


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
