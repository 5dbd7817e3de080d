"""Everything stance works out about a corpus's stories, computed once: the pages and the data files
both read the same `Comparison` (`stance.output` lays it out and computes nothing).

Stories are independent, so each story's comparison (and each outlet's profile) is a task on a
`stance.tasks.Mapper`; the result does not depend on which mapper runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from ..features import COLUMNS
from ..model import Problem, Story
from ..readers.outlets import OutletBook
from ..tasks import Mapper, Progress, long_lived, quiet, serial_map
from .actors import story_entities
from .contrast import StoryContrast, contrast
from .copies import is_wire_copy, originals
from .framing import FramingProfile, framing_profile
from .groups import GroupSpread, group_spread
from .profiles import OutletProfile, Strip, outlet_profile, strips
from .tables import (
    article_table,
    difference_table,
    entity_table,
    fact_table,
    outlet_overview,
    outlet_table,
    profile_table,
    quote_table,
)
from .uncertainty import Difference, OutletFigure, matched_differences, outlet_figures
from .wordchoice import Counts, TermIndex


@dataclass(frozen=True)
class StoryComparison:
    """One story side by side: the range (min, max) of each feature over its articles, its main
    actors × outlets (rows of ``entities.csv``), how its outlets differ (None for a story with one
    outlet) and its spread over the outlets file's groups (empty without an outlets file)."""

    story_id: str
    ranges: dict[str, tuple[float, float]]
    actors: list[dict]
    contrast: StoryContrast | None
    groups: tuple[GroupSpread, ...]


@dataclass(frozen=True)
class OutletComparison:
    """One outlet across the corpus: its profile, and the distribution of each feature over its
    articles against all other outlets' (`strips`)."""

    profile: OutletProfile
    strips: tuple[Strip, ...]


@dataclass(frozen=True)
class Comparison:
    """A corpus's stories compared. ``stories[i]`` is compared in ``per_story[i]``; ``outlet_names``
    (sorted) are profiled in ``per_outlet``; ``strips`` spread every feature over the outlets.
    ``articles`` (one row per article, ``articles.csv``) and ``overview`` (one row per outlet:
    articles, stories and feature means) are DataFrames; the other tables are built when first read."""

    stories: list[Story]
    problems: list[Problem]
    book: OutletBook | None
    outlet_names: list[str]
    articles: pd.DataFrame
    overview: pd.DataFrame
    per_story: tuple[StoryComparison, ...]
    per_outlet: tuple[OutletComparison, ...]
    strips: tuple[Strip, ...]

    @cached_property
    def outlets(self) -> pd.DataFrame:
        """One row per story × outlet with the outlet's feature means (``outlets.csv``)."""
        return outlet_table(self.articles)

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """One row per quote or attribution (``quotes.csv``)."""
        return quote_table(self.stories)

    @cached_property
    def framing(self) -> tuple[FramingProfile, ...]:
        """How each outlet of ``outlet_names`` frames the facts it shares with other outlets."""
        stories = [s.contrast.framing for s in self.per_story if s.contrast]
        return tuple(framing_profile(name, stories) for name in self.outlet_names)

    @cached_property
    def figures(self) -> list[OutletFigure]:
        """Every outlet's feature means with their n and 95% intervals (`stance.comparison.uncertainty`)."""
        return outlet_figures(self.articles)

    @cached_property
    def differences(self) -> list[Difference]:
        """Every pair of outlets' matched-story differences, with 95% intervals."""
        return matched_differences(self.articles)

    @cached_property
    def difference_table(self) -> pd.DataFrame:
        """The matched differences as a table (``differences.csv``)."""
        return difference_table(self.differences)

    @cached_property
    def profiles(self) -> pd.DataFrame:
        """One row per outlet: counts, framing shares and feature means with intervals (``profiles.csv``)."""
        return profile_table(self.overview, self.framing, self.figures)

    @cached_property
    def facts(self) -> pd.DataFrame:
        """One row per fact × article reporting it, for stories several outlets cover (``facts.csv``)."""
        return fact_table(self.stories, (s.contrast for s in self.per_story))

    @cached_property
    def entities(self) -> pd.DataFrame:
        """One row per main actor × outlet of every story (``entities.csv``)."""
        return entity_table(row for story in self.per_story for row in story.actors)


@dataclass(frozen=True)
class _Corpus:
    """What every story's and outlet's comparison reads: a worker gets it once."""

    stories: list[Story]
    book: OutletBook | None
    outlet_names: list[str]
    index: TermIndex  # every article's terms, counted once
    prior: Counts  # the corpus's term counts (the prior of `stance.comparison.wordchoice`)
    wire_copies: frozenset[str]  # their ids (`stance.comparison.copies`), found once


def compare_stories(
    stories: list[Story],
    problems: list[Problem],
    *,
    book: OutletBook | None = None,
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
) -> Comparison:
    """Compare the outlets of every story and profile every outlet.

    Parameters
    ----------
    stories : list of Story
        Annotated articles grouped into stories (`stance.group.group_stories`).
    problems : list of Problem
        Input problems, carried along for the pages and ``stories.json``.
    book : OutletBook, optional
        The user's outlets file: groups stories' coverage by lean, country and owner, and names
        speakers' sides.
    mapper : Mapper, default `stance.tasks.serial_map`
        Runs the per-story and per-outlet tasks; the result does not depend on it.
    progress : Progress, default `stance.tasks.quiet`
        Wraps the iteration over those tasks' results.

    Returns
    -------
    Comparison
    """
    # The corpus lives through the run, like the stories: out of the collector's reach, so that no
    # worker forked from here walks (and copies) it.
    with long_lived():
        everything = [a for s in stories for a in s.articles]
        outlets = sorted({a.outlet for a in everything})
        index = TermIndex(everything)
        wire_copies = frozenset(a.id for a in everything if is_wire_copy(a))
        prior = index.counts(originals(everything, wire_copies))
        corpus = _Corpus(stories, book, outlets, index, prior, wire_copies)
        # One run of tasks: the outlets' (the larger) first, so the last tasks are short.
        tasks = [*((_compare_outlet, name) for name in outlets), *((_compare_story, n) for n in range(len(stories)))]
        done = list(progress(mapper(_compare, corpus, tasks), len(tasks), "Comparing stories and outlets"))
        per_outlet, per_story = tuple(done[: len(outlets)]), tuple(done[len(outlets) :])
    articles = article_table(stories, (s.contrast.framing if s.contrast else () for s in per_story))
    return Comparison(
        stories,
        problems,
        book,
        outlets,
        articles,
        outlet_overview(articles),
        per_story,
        per_outlet,
        strips(stories, wire_copies=wire_copies),
    )


def _compare(corpus: _Corpus, task: tuple[Callable, Any]) -> StoryComparison | OutletComparison:
    compare, item = task
    return compare(corpus, item)


def _compare_story(corpus: _Corpus, n: int) -> StoryComparison:
    story = corpus.stories[n]
    return StoryComparison(
        story_id=story.id,
        ranges=story_ranges(story),
        actors=story_entities(story),
        contrast=contrast(story, corpus.prior, corpus.book, corpus.index, corpus.wire_copies),
        groups=group_spread(story, corpus.book, corpus.outlet_names) if corpus.book else (),
    )


def _compare_outlet(corpus: _Corpus, name: str) -> OutletComparison:
    return OutletComparison(
        outlet_profile(name, corpus.stories, corpus.prior, corpus.book, corpus.index, corpus.wire_copies),
        strips(corpus.stories, focus=name, wire_copies=corpus.wire_copies),
    )


def story_ranges(story: Story) -> dict[str, tuple[float, float]]:
    """(min, max) of each feature among a story's articles, to scale the bars on its page."""
    return {
        c: (min(a.features[c] for a in story.articles), max(a.features[c] for a in story.articles)) for c in COLUMNS
    }
