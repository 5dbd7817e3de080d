"""Compare a corpus's stories and write them out one at a time: what `stance compare` runs.

Each story is compared and laid out by the same task on the pool (`stance.output.story_files`),
and its page and data are written (or set aside on disk) as soon as it comes back; the main
process keeps only what the pages and tables across the corpus need of it (`StoryTotals`). So no
corpus-sized set of comparisons, pages or evidence rows is ever held, and the output is the same,
byte for byte, as `stance.run.pipeline.Result.write` of the same corpus.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..comparison import (
    CorpusComparison,
    CorpusContext,
    OutletComparison,
    StoryTotals,
    comparison_tasks,
    corpus_context,
    run_task,
    story_totals,
    summarize,
)
from ..comparison.result import Task
from ..model import Problem, Story
from ..output import Layout, StoryFiles, layout, story_files, write_site
from ..readers import OutletBook
from ..tasks import Progress, long_lived, quiet
from .pool import default_jobs, local_mapper


def write_stories(
    stories: list[Story],
    problems: list[Problem],
    out_dir: str | os.PathLike,
    *,
    book: OutletBook | None = None,
    templates: str | os.PathLike | None = None,
    data_format: str = "auto",
    jobs: int | None = None,
    progress: Progress | None = None,
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
    jobs : int, optional
        Processes that compare and lay out the stories (default: all cores).
    progress : callable, optional
        ``progress(items, total, what)`` wraps the iteration over the stories and the pages.

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
    mapper = local_mapper(jobs or default_jobs())
    with long_lived():  # see `stance.comparison.corpus_context`
        corpus = corpus_context(stories, book)
        articles = sum(len(s.articles) for s in stories)
        plan = layout(corpus.outlet_names, articles, template_dir=templates, data_format=data_format)
        tasks = comparison_tasks(corpus)
        done = iter(progress(mapper(_compare_and_lay_out, (corpus, plan), tasks), len(tasks), "Comparing stories"))
        per_outlet = [next(done) for _ in corpus.outlet_names]
        totals: list[StoryTotals] = []
        summary: list[CorpusComparison] = []  # worked out once every story has come

        def finish() -> CorpusComparison:
            summary.append(summarize(corpus, problems, per_outlet, totals))
            return summary[0]

        write_site(out_dir, _kept(done, totals), finish, plan, mapper=mapper, progress=progress)
        return summary[0]


def _kept(done: Iterator, totals: list[StoryTotals]) -> Iterator[StoryFiles]:
    """Each story's files, its totals appended to ``totals`` as it passes."""
    for files, found in done:
        totals.append(found)
        yield files


def _compare_and_lay_out(
    shared: tuple[CorpusContext, Layout], task: Task
) -> OutletComparison | tuple[StoryFiles, StoryTotals]:
    """An outlet's comparison; or a story compared, laid out and summed up, in one task."""
    corpus, plan = shared
    found = run_task(corpus, task)
    if isinstance(found, OutletComparison):
        return found
    story = corpus.stories[task[1]]
    return story_files(story, found, plan), story_totals(story, found)


__all__ = ["write_stories"]
