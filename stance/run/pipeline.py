"""The pipeline: read → measure → group → compare → output, and check. `stance compare` and `stance
check` are these functions; ``import stance`` gives them to a notebook.

Per-article measuring, story grouping and the per-story work run on a local process pool (``jobs``)
or an existing Dask cluster (``scheduler``); the corpus-wide tables and pages are worked out on this
machine. None of that changes a byte of the result.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, fields
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..checks import (
    Rule,
    check_tables,
    find_config,
    load_baseline,
    load_rules,
    needs_framing,
    report,
    require_baseline,
    write_baseline,
)
from ..comparison import Comparison, compare_stories
from ..comparison.tables import article_table, outlet_overview
from ..group import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, group_stories
from ..model import Article, Finding, Problem, Story
from ..output import write_comparison
from ..readers import DEFAULT_MAX_BYTES, OutletBook, load_outlets, read_corpus
from ..tasks import Mapper, Progress, quiet
from .cache import open_cache
from .cluster import dask_mapper
from .measure import annotate_all
from .pool import default_jobs, local_mapper
from .store import SpanStore
from .stories import asserted_counts, mark_copies

Paths = Sequence[str | os.PathLike] | str | os.PathLike
DEFAULT_MAX_FILE_MB = DEFAULT_MAX_BYTES / 2**20


def read(
    paths: Paths,
    *,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    outlets: OutletBook | None = None,
    outlet_from: str = "site",
    progress: Progress | None = None,
    follow_links: bool = False,
) -> tuple[list[Article], list[Problem]]:
    """Read every article under ``paths``.

    Parameters
    ----------
    paths : path or sequence of paths
        Files or folders (walked recursively) of ``.txt .md .json .jsonl .csv .html`` articles.
    max_file_mb : float, default 20
        Files larger than this (MiB) are skipped and reported.
    outlets : OutletBook, optional
        The user's outlets file: its names and aliases win over the publisher's domain.
    outlet_from : {"site", "folder"}, default "site"
        Where an article's outlet comes from: its site name, its publisher's registered domain (one
        publisher, one outlet), its host, its folder; or only the first folder under its PATH.
    progress : callable, optional
        ``progress(items, total, what)`` wraps the iteration over the files (as for `compare`).
    follow_links : bool, default False
        Read links to files outside their PATH; by default they are reported and not read.

    Returns
    -------
    articles : list of Article
        In id order, without spans or features (see `stance.annotate`).
    problems : list of Problem
        Every file or record that could not be used, or was used with a caveat.

    Raises
    ------
    FileNotFoundError
        If a path does not exist.
    """
    return read_corpus(
        _paths(paths),
        max_bytes=int(max_file_mb * 2**20),
        book=outlets,
        outlet_from=outlet_from,
        progress=progress or quiet,
        follow_links=follow_links,
    )


class Analysis(NamedTuple):
    """A corpus read, measured and grouped: its stories, the input problems, and how many articles
    were taken from the cache rather than measured."""

    stories: list[Story]
    problems: list[Problem]
    cached: int


def analyze(
    paths: Paths,
    threshold: float = DEFAULT_THRESHOLD,
    window_days: int | None = DEFAULT_WINDOW_DAYS,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    jobs: int | None = None,
    cache_dir: str | os.PathLike | None = None,
    outlets: OutletBook | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    outlet_from: str = "site",
    follow_links: bool = False,
    spans: SpanStore | None = None,
    mapper: Mapper | None = None,
) -> Analysis:
    """Read, measure and group a corpus, and mark wire copies in each story
    (`stance.comparison.copies`); nothing is written but the cache. Parameters as for `compare`, but
    ``window_days=None`` ignores dates, and ``outlets`` is an `OutletBook`. With ``spans``, each
    article's text and spans but the few the corpus-wide work reads are set aside there as it is
    measured, and each text as it is read (`stance.run.store`): ``spans.story(story)`` gives a story
    back whole, and ``spans.text(article)`` an article's text. A ``mapper`` (an open `engine`)
    runs the tasks instead of one opened for ``jobs`` or ``scheduler``."""
    _check_engine(jobs, scheduler)
    articles, problems = read_corpus(
        _paths(paths),
        max_bytes=int(max_file_mb * 2**20),
        book=outlets,
        outlet_from=outlet_from,
        progress=progress or quiet,
        follow_links=follow_links,
        texts=spans,
    )
    with open_cache(cache_dir) as cache, nullcontext(mapper) if mapper else engine(jobs, scheduler) as mapper:
        measured = annotate_all(articles, progress=progress, cache=cache, mapper=mapper, store=spans)
        del articles  # as read: ``measured`` holds what is still needed
        stories = group_stories(
            measured,
            threshold=threshold,
            window_days=window_days,
            mapper=mapper,
            progress=progress or quiet,
            text_of=spans.text if spans else None,
        )
        stories = mark_copies(stories, mapper, progress or quiet, spans)
    return Analysis(stories, problems, cache.hits if cache else 0)


@dataclass(frozen=True)
class Result(Comparison):
    """What `compare` returns: a `stance.comparison.Comparison` (``stories``, ``problems``, and the
    ``articles``, ``outlets``, ``quotes`` and ``entities`` tables of the CSV files as DataFrames)
    that can `write` its pages and data files."""

    jobs: int | None = None  # processes that lay out the pages (default: all cores)

    def write(
        self,
        out_dir: str | os.PathLike = "out",
        *,
        templates: str | os.PathLike | None = None,
        progress: Progress | None = None,
        data_format: str = "auto",
    ) -> Path:
        """Write the pages, CSV tables and ``stories.json``, exactly as ``stance compare --out``.

        Parameters
        ----------
        out_dir : path, default "out"
            The output folder: created, or replaced if it holds an earlier stance output.
        templates : path, optional
            A folder of Jinja2 templates overriding the built-in ones.
        progress : callable, optional
            ``progress(items, total, what)`` wraps the laying out of the pages (as for `compare`).
        data_format : {"auto", "csv", "parquet"}, default "auto"
            CSV tables and ``stories.json``, or the same data as Parquet files; ``auto``: Parquet
            from 10,000 articles (`stance.output.PARQUET_FROM_ARTICLES`).

        Returns
        -------
        Path
            ``out_dir``.

        Raises
        ------
        stance.output.OutputError
            If ``out_dir`` cannot be written or holds files that are not a stance output.
        jinja2.TemplateError
            For a broken template.
        """
        mapper = local_mapper(self.jobs or default_jobs())
        return write_comparison(
            self, out_dir, template_dir=templates, mapper=mapper, progress=progress or quiet, data_format=data_format
        )


def compare(
    paths: Paths,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window_days: int = DEFAULT_WINDOW_DAYS,
    ignore_dates: bool = False,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    jobs: int | None = None,
    cache_dir: str | os.PathLike | None = None,
    outlets: str | os.PathLike | OutletBook | None = None,
    outlet_from: str = "site",
    scheduler: str | None = None,
    progress: Progress | None = None,
    follow_links: bool = False,
) -> Result:
    """Group a corpus's articles into stories and compare how the outlets cover each one.

    Parameters
    ----------
    paths : path or sequence of paths
        Files or folders of articles.
    threshold : float in (0, 1], default 0.2
        Story grouping: the minimum mean TF-IDF cosine similarity between two groups of articles.
    window_days : int, default 7
        Story grouping: the most days between two dated articles of one story.
    ignore_dates : bool, default False
        Group stories by text alone.
    max_file_mb : float, default 20
        Files larger than this (MiB) are skipped and reported.
    jobs : int, optional
        Processes on this machine (default: all cores).
    cache_dir : path, optional
        Reuse per-article results cached in this folder (default: no cache).
    outlets : path or OutletBook, optional
        An outlets file (``outlets.toml``): aliases, country, owner, lean and speakers' sides.
    outlet_from : {"site", "folder"}, default "site"
        Where an article's outlet comes from (see `read`).
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``) to measure and group on; not with ``jobs``.
    progress : callable, optional
        ``progress(items, total, what)`` wraps each long iteration (e.g. with a progress bar).
    follow_links : bool, default False
        Read links to files outside their PATH (see `read`).

    Returns
    -------
    Result
        ``articles``, ``outlets``, ``quotes`` and ``entities`` DataFrames, ``stories``,
        ``problems``, and ``write(out_dir)``.

    Raises
    ------
    FileNotFoundError
        If a path does not exist.
    stance.readers.OutletsError, stance.run.cache.CacheError, stance.run.cluster.EngineError
        If the outlets file, the cache or the Dask cluster cannot be used.
    """
    book = load_outlets(outlets) if outlets is not None and not isinstance(outlets, OutletBook) else outlets
    window = None if ignore_dates else window_days
    with engine(jobs, scheduler) as mapper:
        stories, problems, _ = analyze(
            paths,
            threshold,
            window,
            max_file_mb,
            cache_dir=cache_dir,
            outlets=book,
            progress=progress,
            outlet_from=outlet_from,
            follow_links=follow_links,
            mapper=mapper,
        )
        compared = compare_stories(stories, problems, book=book, mapper=mapper, progress=progress or quiet)
    return Result(**{f.name: getattr(compared, f.name) for f in fields(compared)}, jobs=jobs)


@dataclass(frozen=True)
class Checked:
    """What `check` returns: one `Finding` per rule and subject (sorted), the input problems, the
    number of articles checked (``cached`` of them taken from the cache) and the outlet overview
    (one row per outlet, feature means)."""

    findings: list[Finding]
    problems: list[Problem]
    articles: int
    cached: int
    outlets: pd.DataFrame

    @property
    def failed(self) -> bool:
        """Whether a rule of severity error is broken (``stance check`` exits 1)."""
        return any(f.status == "error" for f in self.findings)

    def report(self, fmt: str = "text") -> str:
        """The findings as ``text``, ``json``, ``junit`` (JUnit XML) or ``github`` (annotations)."""
        return report(self.findings, fmt, self.problems)

    def save_baseline(self, path: str | os.PathLike) -> None:
        """Write the outlet means to ``path`` (CSV), for a later check's ``baseline``."""
        write_baseline(path, self.outlets)


def check(
    paths: Paths,
    config: str | os.PathLike | Sequence[Rule] | None = None,
    *,
    baseline: str | os.PathLike | None = None,
    jobs: int | None = None,
    cache_dir: str | os.PathLike | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    outlet_from: str = "site",
    follow_links: bool = False,
) -> Checked:
    """Measure a corpus as `compare` does and test rules on every article and outlet.

    Parameters
    ----------
    paths, jobs, cache_dir, scheduler, progress, outlet_from, follow_links
        As for `compare`.
    config : path or sequence of Rule, optional
        A TOML file of ``[[rule]]`` tables (or ``pyproject.toml`` with ``[[tool.stance.rule]]``),
        or rules already read. Default: ``stance.toml`` or ``pyproject.toml`` found from the
        current folder upward.
    baseline : path, optional
        ``outlets.csv`` or ``stories.json`` of an earlier compare, or a `Checked.save_baseline`
        file, for ``max_change`` rules.

    Returns
    -------
    Checked
        ``findings``, ``problems``, ``failed``, ``report(fmt)`` and ``save_baseline(path)``.

    Raises
    ------
    stance.checks.ConfigError
        If the rules or the baseline cannot be used, or a drift rule has no baseline.
    """
    if config is None or isinstance(config, (str, os.PathLike)):
        rules = load_rules(config if config is not None else find_config(Path.cwd()))
    else:
        rules = list(config)
    before = load_baseline(baseline) if baseline is not None else None
    require_baseline(rules, before)  # before measuring, which takes a while
    stories, problems, cached = analyze(
        paths,
        jobs=jobs,
        cache_dir=cache_dir,
        scheduler=scheduler,
        progress=progress,
        outlet_from=outlet_from,
        follow_links=follow_links,
    )
    asserted = (
        asserted_counts(stories, local_mapper(jobs or default_jobs()), progress or quiet)
        if needs_framing(rules)
        else None
    )
    articles = article_table(stories, asserted)
    overview = outlet_overview(articles)
    findings = check_tables(_paths(paths), articles, overview, rules, before)
    return Checked(findings, problems, len(articles), cached, overview)


def _paths(paths: Paths) -> list[str | os.PathLike]:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def _check_engine(jobs: int | None, scheduler: str | None) -> None:
    if scheduler is not None and jobs is not None:
        raise ValueError(
            "The 'jobs' and 'scheduler' parameters exclude each other: with a Dask scheduler its workers do the work."
        )


@contextmanager
def engine(jobs: int | None = None, scheduler: str | None = None) -> Iterator[Mapper]:
    """What runs a run's tasks, for the duration of the block: a Dask cluster's mapper for
    ``scheduler``, else ``jobs`` processes here (default: all cores); not both."""
    _check_engine(jobs, scheduler)
    with (
        dask_mapper(scheduler) if scheduler is not None else nullcontext(local_mapper(jobs or default_jobs())) as mapper
    ):
        yield mapper


__all__ = ["Analysis", "Checked", "Result", "analyze", "check", "compare", "engine", "read"]
