"""Compare a corpus's stories and write them out one at a time: what `stance compare` runs.

Each story is compared and laid out by the same task (`stance.output.story_files`), on this
machine's processes or a Dask cluster's, and its page and data are written here (or set aside on
disk) as soon as it comes back; the main process keeps only what the pages and tables across the
corpus need of it (`StoryTotals`, added up as they come in `Summed`). So no corpus-sized set of
comparisons, pages or evidence rows is ever held, and the output is the same, byte for byte, as
`stance.run.pipeline.Result.write` of the same corpus.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ..comparison import (
    CorpusComparison,
    StoryContext,
    StoryTotals,
    Summed,
    corpus_context,
    profile_outlets,
    story_comparison,
    story_totals,
    summarize,
)
from ..model import Problem, Story
from ..output import Layout, StoryFiles, layout, story_files, write_site
from ..output.links import linked_articles
from ..readers import OutletBook
from ..tasks import Mapper, Progress, long_lived, on_this_machine, quiet
from .pipeline import Paths, analyze, engine
from .pool import default_jobs, local_mapper
from .store import SpanStore
from .stories import Load, carried


def write_stories(
    stories: list[Story],
    problems: list[Problem],
    out_dir: str | os.PathLike,
    *,
    book: OutletBook | None = None,
    templates: str | os.PathLike | None = None,
    data_format: str = "auto",
    mapper: Mapper | None = None,
    progress: Progress | None = None,
    store: SpanStore | None = None,
) -> CorpusComparison:
    """Compare grouped stories and write the pages and data files to ``out_dir``, a story at a time.

    Parameters
    ----------
    stories, problems : list
        As `stance.run.pipeline.analyze` gives them.
    out_dir : path
        The output folder: created, or replaced if it holds an earlier stance output.
    book : OutletBook, optional
        The user's outlets file.
    templates : path, optional
        A folder of Jinja2 templates overriding the built-in ones.
    data_format : {"auto", "csv", "parquet"}, default "auto"
        As for `stance.run.pipeline.Result.write`.
    mapper : Mapper, optional
        Runs the stories' tasks (`stance.run.pool.local_mapper` or `stance.run.cluster.DaskMapper`;
        default: all of this machine's cores). The corpus's pages are laid out here.
    progress : callable, optional
        ``progress(items, total, what)`` wraps the iteration over the stories and the pages.
    store : SpanStore, optional
        Where the articles' texts and spans were set aside (`stance.run.store`).

    Returns
    -------
    CorpusComparison
        What the corpus's pages and tables show (the stories' own comparisons are not kept).

    Raises
    ------
    stance.output.OutputError, jinja2.TemplateError
        As `stance.run.pipeline.Result.write`.
    """
    progress = progress or quiet
    mapper = mapper or local_mapper(default_jobs())
    with long_lived():  # see `stance.comparison.corpus_context`
        corpus = corpus_context(stories, book, store.text if store else None)
        articles = sum(len(s.articles) for s in stories)
        plan = layout(corpus.outlet_names, articles, template_dir=templates, data_format=data_format)
        # The outlets first: their profiles say which stories the outlet pages link into, so only
        # those stories' sentence ids are kept as the stories are written.
        per_outlet = profile_outlets(corpus, progress)
        load, items = carried(stories, mapper, store)
        done = mapper(_compare_and_lay_out, (corpus.for_stories, plan, load), items)
        done = progress(done, len(stories), "Comparing stories")
        summed = Summed(corpus)
        summary: list[CorpusComparison] = []  # worked out once every story has come

        def finish() -> CorpusComparison:
            summary.append(summarize(corpus, problems, per_outlet, summed))
            return summary[0]

        linked = linked_articles(per_outlet)
        # The corpus's pages read the whole corpus's comparison: they are laid out here.
        pages = mapper if on_this_machine(mapper) else local_mapper(default_jobs())
        write_site(out_dir, _added(stories, done, summed), finish, plan, linked=linked, mapper=pages, progress=progress)
        return summary[0]


def _added(stories: list[Story], done: Iterator, summed: Summed) -> Iterator[StoryFiles]:
    """The files of the stories' results, each story's totals added to ``summed`` as it passes."""
    for (files, found), story in zip(done, stories):  # ``done`` first: it is drawn to its end (and its progress bar)
        summed.add(story, found)
        yield files


def _compare_and_lay_out(
    shared: tuple[StoryContext, Layout, Load | None], story: Story
) -> tuple[StoryFiles, StoryTotals]:
    """A story compared, laid out and summed up, in one task (which carries the story, `carried`)."""
    context, plan, load = shared
    story = load(story) if load else story
    found = story_comparison(context, story)
    return story_files(story, found, plan), story_totals(story, found)


def compare_into(
    paths: Paths,
    out_dir: str | os.PathLike,
    *,
    templates: str | os.PathLike | None = None,
    data_format: str = "auto",
    outlets: OutletBook | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> CorpusComparison:
    """Read, measure, group and compare a corpus, and write it to ``out_dir`` a story at a time: what
    ``stance compare`` runs. The measured articles wait in a temporary file (`stance.run.store`),
    deleted however the run ends.

    Parameters
    ----------
    paths, outlets, jobs, scheduler, progress
        As for `stance.run.pipeline.analyze`: the tasks of every stage run on ``jobs`` processes
        here or on the Dask cluster at ``scheduler``.
    out_dir, templates, data_format
        As for `write_stories`.
    **options
        The other parameters of `stance.run.pipeline.analyze`: ``threshold``, ``window_days``
        (None ignores dates), ``max_file_mb``, ``cache_dir``, ``outlet_from``, ``follow_links``.

    Returns
    -------
    CorpusComparison

    Raises
    ------
    stance.run.store.StoreError
        If the temporary file cannot be created or written; otherwise as `analyze` and `write_stories`.
    """
    with SpanStore() as spans, engine(jobs, scheduler) as mapper:
        stories, problems, _ = analyze(paths, outlets=outlets, progress=progress, spans=spans, mapper=mapper, **options)
        return write_stories(
            stories,
            problems,
            out_dir,
            book=outlets,
            templates=templates,
            data_format=data_format,
            mapper=mapper,
            progress=progress,
            store=spans,
        )


__all__ = ["compare_into", "write_stories"]
