"""The whole `stance compare` run as one library call: read → segment/features → stories → tables → pages."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .cache import ArticleCache
from .compare import article_table, outlet_overview
from .engine import Mapper, Progress, annotate_all, default_jobs, local_mapper
from .export import data_files, write_outputs
from .model import Article, Problem, Story
from .outlets import OutletBook, rename_outlets
from .read import DEFAULT_MAX_BYTES, read_corpus
from .render import render_site
from .stories import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, group_stories


@dataclass(frozen=True)
class Result:
    articles: list[Article]
    stories: list[Story]
    problems: list[Problem]
    out_dir: Path

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"


def analyze(
    paths: Sequence[str | os.PathLike],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window_days: int | None = DEFAULT_WINDOW_DAYS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache: ArticleCache | None = None,
    mapper: Mapper | None = None,
) -> tuple[list[Story], list[Problem]]:
    """Read, annotate and group a corpus; no files written. Per-article work and story grouping
    run on ``mapper`` (e.g. a Dask cluster), else on ``jobs`` processes (default: all cores);
    articles in ``cache`` are not measured again."""
    articles, problems = read_corpus(paths, max_bytes=max_bytes)
    mapper = mapper or local_mapper(jobs or default_jobs())
    annotated = annotate_all(articles, progress=progress, cache=cache, mapper=mapper)
    return group_stories(annotated, threshold=threshold, window_days=window_days, mapper=mapper), problems


def compare_corpus(
    paths: Sequence[str | os.PathLike],
    out_dir: str | os.PathLike = "out",
    *,
    template_dir: str | os.PathLike | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    window_days: int | None = DEFAULT_WINDOW_DAYS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache: ArticleCache | None = None,
    outlets: OutletBook | None = None,
    mapper: Mapper | None = None,
) -> Result:
    """Run `stance compare`: write the pages, CSV tables and ``stories.json`` to ``out_dir``.
    ``outlets`` (from an outlets file) merges outlet aliases and groups outlets on the pages."""
    stories, problems = analyze(
        paths, threshold=threshold, window_days=window_days, max_bytes=max_bytes, jobs=jobs, progress=progress, cache=cache, mapper=mapper
    )
    if outlets is not None:
        stories = rename_outlets(stories, outlets)
    articles = article_table(stories)
    overview = outlet_overview(articles)
    # Pages are written here, so their work runs on this machine's processes, whatever ran the rest.
    local = local_mapper(jobs or default_jobs())
    files = render_site(stories, overview.to_dict("records"), problems, template_dir=template_dir, book=outlets, mapper=local)
    files.update(data_files(stories, problems, articles, mapper=local))
    write_outputs(Path(out_dir), files)
    return Result([a for s in stories for a in s.articles], stories, problems, Path(out_dir))
