"""Output: lays out a `stance.comparison.Comparison` as static HTML pages (Jinja2 templates, with the
evidence highlighted) and data files (CSV tables and ``stories.json``, or Parquet), and writes them
into the output folder all at once. Nothing here measures or compares.

A story is laid out as soon as it is compared (`story_files`) and its files are written or set
aside on disk (`write_site`); the pages and tables across the corpus follow. So a run that compares
stories one at a time (`stance.run.stream`) never holds every story's comparison, and a run that
holds them (`write_comparison`) writes the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from ..comparison import Comparison, CorpusComparison
from ..tasks import Mapper, Progress, quiet, serial_map
from .data import CsvData, csv_text
from .filters import highlight
from .links import linked_articles, outlet_slugs
from .pages import corpus_pages, read_templates
from .parquet import ParquetData
from .stories import DATA, Layout, StoryFiles, story_files
from .write import MARKERS, Files, OutputError, write_outputs

DATA_FORMATS = ("auto", "csv", "parquet")
# From this many articles, "auto" writes Parquet: stories.json would be about 300 MB (30 KB of
# evidence per article), more than json.load or a text editor handles comfortably.
PARQUET_FROM_ARTICLES = 10_000


def layout(
    outlet_names: list[str], articles: int, *, template_dir: str | os.PathLike | None = None, data_format: str = "auto"
) -> Layout:
    """How a run of ``articles`` articles by ``outlet_names`` lays out its files, with the templates
    of ``template_dir`` read (`stance.output.pages.read_templates`).

    ``data_format``: ``csv`` (CSV tables and ``stories.json``), ``parquet`` (the same tables, the
    stories and their evidence spans as Parquet, `stance.output.parquet`) or ``auto`` (Parquet from
    `PARQUET_FROM_ARTICLES` articles).
    """
    if data_format not in DATA_FORMATS:
        raise ValueError(f"The 'data_format' parameter must be one of {DATA_FORMATS}. Got {data_format!r} instead.")
    if data_format == "auto":
        data_format = "parquet" if articles >= PARQUET_FROM_ARTICLES else "csv"
    return Layout(read_templates(template_dir), outlet_slugs(outlet_names), data_format)


def write_site(
    out_dir: str | os.PathLike,
    stories: Iterable[StoryFiles],
    finish: Callable[[], CorpusComparison],
    plan: Layout,
    *,
    linked: frozenset[str],
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
) -> Path:
    """Write each story's files as they come, then the pages and data across the corpus.

    Parameters
    ----------
    out_dir : str or path-like
        The output folder, replaced if it holds an earlier stance output.
    stories : iterable of StoryFiles
        Every story laid out, in story order.
    finish : callable
        Gives the `CorpusComparison` once every story has come.
    plan : Layout
        Templates, page names and data format (`layout`).
    linked : frozenset of str
        The articles the outlet pages link to (`stance.output.links.linked_articles`): the sentence
        ids of their stories' pages are kept for the outlet pages, and no others.
    mapper, progress
        Lay out the corpus's pages, and wrap the iteration over them.

    Returns and raises as `write_comparison`.
    """
    out = Path(out_dir)
    try:
        out.resolve().parent.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.TemporaryDirectory(prefix=f".{out.name}.parts.", dir=out.resolve().parent)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror or exc}") from None
    with scratch as folder:
        data = DATA[plan.data_format](Path(folder))
        try:
            write_outputs(out, _files(stories, finish, plan, data, linked, mapper, progress))
        finally:
            data.close()
    return out


def _files(
    stories: Iterable[StoryFiles],
    finish: Callable[[], CorpusComparison],
    plan: Layout,
    data: CsvData | ParquetData,
    linked: frozenset[str],
    mapper: Mapper,
    progress: Progress,
) -> Files:
    anchors = {}
    for story in stories:
        if not linked.isdisjoint(story.anchors.columns):
            anchors[story.story_id] = story.anchors
        data.add(story.data)
        yield f"stories/{story.story_id}.html", story.page
    comparison = finish()
    yield from corpus_pages(comparison, anchors, templates=plan.templates, mapper=mapper, progress=progress)
    yield from data.files(comparison)


def write_comparison(
    comparison: Comparison,
    out_dir: str | os.PathLike,
    *,
    template_dir: str | os.PathLike | None = None,
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
    data_format: str = "auto",
) -> Path:
    """Write the pages and data files of ``comparison`` to ``out_dir``, replacing an earlier stance output there.

    Parameters
    ----------
    comparison : Comparison
        What to write (`stance.comparison.compare_stories`).
    out_dir : str or path-like
        The output folder.
    template_dir : str or path-like, optional
        A folder of templates used before the built-in ones (see `stance.output.pages`).
    mapper : Mapper, default `stance.tasks.serial_map`
        Lays out pages and files (the same bytes on any).
    progress : Progress, default `stance.tasks.quiet`
        Wraps the iteration over the pages as they are laid out.
    data_format : {"auto", "csv", "parquet"}, default "auto"
        As for `layout`.

    Returns and raises as `stance.run.pipeline.Result.write`, which calls it: returns ``out_dir`` (a
    `Path`); raises `OutputError` if ``out_dir`` cannot be written or holds something else, and
    ``jinja2.TemplateError`` for a broken template.
    """
    articles = sum(len(s.articles) for s in comparison.stories)
    plan = layout(comparison.outlet_names, articles, template_dir=template_dir, data_format=data_format)
    n = len(comparison.stories)
    stories = progress(mapper(_story_files, (comparison, plan), range(n)), n, "Laying out story pages")
    linked = linked_articles(comparison.per_outlet)
    return write_site(out_dir, stories, lambda: comparison, plan, linked=linked, mapper=mapper, progress=progress)


def _story_files(shared: tuple[Comparison, Layout], n: int) -> StoryFiles:
    comparison, plan = shared
    return story_files(comparison.stories[n], comparison.per_story[n], plan)


__all__ = [
    "DATA_FORMATS",
    "MARKERS",
    "PARQUET_FROM_ARTICLES",
    "Layout",
    "OutputError",
    "StoryFiles",
    "csv_text",
    "highlight",
    "layout",
    "story_files",
    "write_comparison",
    "write_outputs",
    "write_site",
]
