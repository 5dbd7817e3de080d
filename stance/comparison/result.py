"""Everything stance works out about a corpus's stories, computed once: the pages and the data files
both read the same `Comparison` (`stance.output` lays it out and computes nothing).

Stories are independent, so each story's comparison (and each outlet's profile) is a task on a
`stance.tasks.Mapper`; the result does not depend on which mapper runs them. What the corpus-wide
tables and pages need of a story's comparison is its small `StoryTotals`, so a large corpus's
stories can be compared, laid out and let go one at a time (`stance.run.stream`), and only the
`CorpusComparison` kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cached_property

import pandas as pd

from ..features import COLUMNS
from ..model import Problem, Story, TextOf
from ..readers.outlets import OutletBook
from ..tasks import Mapper, Progress, long_lived, quiet, serial_map
from .actors import story_entities
from .contrast import StoryContrast, contrast
from .copies import is_wire_copy, originals
from .framing import FramingProfile, asserted_attributed_by, framing_profile, summed_profiles
from .groups import GroupSpread, group_spread
from .profiles import OutletProfile, Strip, outlet_profiles, strips
from .tables import (
    article_table,
    difference_table,
    entity_table,
    fact_rows,
    fact_table,
    outlet_overview,
    outlet_table,
    profile_table,
    quote_rows,
    quote_table,
)
from .uncertainty import Difference, OutletFigure, matched_differences, outlet_figures
from .wordchoice import Counts, term_counts


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
class StoryTotals:
    """What the corpus-wide tables and pages take from one story's comparison.

    Attributes
    ----------
    asserted : dict of str to int
        Article id -> `stance.comparison.framing.asserted_attributed_by` (``articles.csv``).
    framing : tuple of FramingProfile
        Each outlet of the story's framing of the story's shared facts; summed over the stories,
        the outlet's `CorpusComparison.framing`.
    groups : tuple of GroupSpread
        The story's spread over the outlets file's groups (the index).
    """

    asserted: dict[str, int]
    framing: tuple[FramingProfile, ...]
    groups: tuple[GroupSpread, ...]


def story_totals(story: Story, compared: StoryComparison) -> StoryTotals:
    """The `StoryTotals` of a story and its comparison."""
    framings = compared.contrast.framing if compared.contrast else ()
    return StoryTotals(
        asserted_attributed_by(framings),
        tuple(framing_profile(outlet, [framings]) for outlet in story.outlets),
        compared.groups,
    )


@dataclass(frozen=True)
class CorpusComparison:
    """What a corpus's comparison says across its stories: the index, the outlet pages and the
    corpus-wide tables read it. ``outlet_names`` (sorted) are profiled in ``per_outlet`` and frame
    shared facts as in ``framing``; ``strips`` spread every feature over the outlets (an outlet's
    page shows them `stance.comparison.profiles.focused` on it); ``groups``
    holds each story's spread over the outlets file's groups (story id -> `GroupSpread`s; empty
    without a file). ``articles`` (one row per article, ``articles.csv``) and ``overview`` (one row
    per outlet: articles, stories and feature means) are DataFrames; the other tables are built when
    first read."""

    stories: list[Story]
    problems: list[Problem]
    book: OutletBook | None
    outlet_names: list[str]
    articles: pd.DataFrame
    overview: pd.DataFrame
    per_outlet: tuple[OutletProfile, ...]
    strips: tuple[Strip, ...]
    framing: tuple[FramingProfile, ...]
    groups: dict[str, tuple[GroupSpread, ...]]

    @cached_property
    def outlets(self) -> pd.DataFrame:
        """One row per story × outlet with the outlet's feature means (``outlets.csv``)."""
        return outlet_table(self.articles)

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


@dataclass(frozen=True)
class Comparison(CorpusComparison):
    """A corpus's stories compared, all held in memory: the `CorpusComparison`, and ``stories[i]``
    compared in ``per_story[i]``, from which the per-story tables are built when first read."""

    per_story: tuple[StoryComparison, ...]

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """One row per quote or attribution (``quotes.csv``)."""
        return quote_table(row for story in self.stories for row in quote_rows(story))

    @cached_property
    def facts(self) -> pd.DataFrame:
        """One row per fact × article reporting it, for stories several outlets cover (``facts.csv``)."""
        pairs = zip(self.stories, self.per_story)
        return fact_table(row for story, compared in pairs for row in fact_rows(story, compared.contrast))

    @cached_property
    def entities(self) -> pd.DataFrame:
        """One row per main actor × outlet of every story (``entities.csv``)."""
        return entity_table(row for story in self.per_story for row in story.actors)


@dataclass(frozen=True)
class StoryContext:
    """What a story's comparison reads of its corpus: a worker gets it once. It grows with the
    corpus's outlets and vocabulary, not with its articles, so it can go to a cluster's workers."""

    book: OutletBook | None
    outlet_names: list[str]
    prior: Counts  # the corpus's term counts (the prior of `stance.comparison.wordchoice`)


@dataclass(frozen=True)
class CorpusContext:
    """What the corpus-wide work reads (`corpus_context`): the outlets' profiles and the summary."""

    stories: list[Story]
    book: OutletBook | None
    outlet_names: list[str]
    prior: Counts  # the corpus's term counts (the prior of `stance.comparison.wordchoice`)
    wire_copies: frozenset[str]  # their ids (`stance.comparison.copies`), found once
    text_of: TextOf | None = None  # an article's text, where it was set aside with its spans

    @property
    def for_stories(self) -> StoryContext:
        """What each story's comparison reads of it."""
        return StoryContext(self.book, self.outlet_names, self.prior)


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
    with long_lived():  # see `corpus_context`
        corpus = corpus_context(stories, book)
        per_outlet = profile_outlets(corpus, progress)
        done = mapper(story_comparison, corpus.for_stories, stories)
        per_story = list(progress(done, len(stories), "Comparing stories"))
    summed = Summed(corpus)
    for story, found in zip(stories, per_story):
        summed.add(story, story_totals(story, found))
    summary = summarize(corpus, problems, per_outlet, summed)
    return Comparison(**{f.name: getattr(summary, f.name) for f in fields(summary)}, per_story=tuple(per_story))


def corpus_context(
    stories: list[Story],
    book: OutletBook | None,
    text_of: TextOf | None = None,
) -> CorpusContext:
    """What the corpus-wide work reads, worked out once: the outlets, the corpus's term counts and the
    wire copies (each story's comparison reads `CorpusContext.for_stories` of it). Where the
    articles keep only some of their spans and no text (`stance.run.store`), the corpus-wide work
    reads only those spans, and ``text_of`` reads an article's text.

    Call it, and the tasks that read it, inside `stance.tasks.long_lived`: the corpus lives through
    the run, like the stories, out of the collector's reach, so that no worker forked from here walks
    (and copies) it.
    """
    everything = [a for s in stories for a in s.articles]
    wire_copies = frozenset(a.id for a in everything if is_wire_copy(a))
    # Each story's and outlet's task finds its own articles' terms: held for the whole corpus here,
    # they were 10 KB an article, and every worker touched (and so copied) them.
    prior = term_counts(originals(everything, wire_copies), text_of)
    return CorpusContext(stories, book, sorted({a.outlet for a in everything}), prior, wire_copies, text_of)


def profile_outlets(corpus: CorpusContext, progress: Progress = quiet) -> list[OutletProfile]:
    """Every outlet of the corpus profiled (`stance.comparison.profiles`), in this process;
    ``progress`` wraps the iteration over them.

    A profile reads every article's feature values: a pool worker doing it would copy the pages of
    this process's memory that hold them (a forked process shares its parent's pages until it
    writes to one, and reading a Python object writes its reference count). All of them together
    take about as long as one pass over the corpus's texts.
    """
    names = corpus.outlet_names
    profiles = outlet_profiles(names, corpus.stories, corpus.prior, corpus.book, corpus.wire_copies, corpus.text_of)
    return list(progress(profiles, len(names), "Profiling outlets"))


class Summed:
    """Every story's `StoryTotals` added up as they come, in story order: what `summarize` reads. A
    large corpus's stories come back one at a time, and their totals kept in a list took about
    800 bytes an article (10,000 synthetic articles)."""

    def __init__(self, corpus: CorpusContext):
        self.asserted: dict[str, int] = {}
        self.framing = {name: summed_profiles(name, ()) for name in corpus.outlet_names}
        self.groups: dict[str, tuple[GroupSpread, ...]] = {}  # by story id, with an outlets file
        self._by_group = corpus.book is not None

    def add(self, story: Story, found: StoryTotals) -> None:
        self.asserted.update(found.asserted)
        for profile in found.framing:
            self.framing[profile.outlet] = summed_profiles(profile.outlet, (self.framing[profile.outlet], profile))
        if self._by_group:
            self.groups[story.id] = found.groups


def summarize(
    corpus: CorpusContext,
    problems: list[Problem],
    per_outlet: Iterable[OutletProfile],
    summed: Summed,
) -> CorpusComparison:
    """The `CorpusComparison` of a corpus from its outlets' comparisons and its stories' `Summed` totals."""
    asserted, framing, groups = summed.asserted, summed.framing, summed.groups
    articles = article_table(corpus.stories, asserted)
    return CorpusComparison(
        corpus.stories,
        problems,
        corpus.book,
        corpus.outlet_names,
        articles,
        outlet_overview(articles),
        tuple(per_outlet),
        strips(corpus.stories, corpus.wire_copies),
        tuple(framing[name] for name in corpus.outlet_names),
        groups,
    )


def story_comparison(context: StoryContext, story: Story) -> StoryComparison:
    """A story of the corpus, whole (its articles' texts and spans), compared: a task of a pool,
    which carries the story (a worker reading it from the stories it shares with this process would
    copy their memory, see `profile_outlets`). Its wire copies are found in its own articles."""
    return StoryComparison(
        story_id=story.id,
        ranges=story_ranges(story),
        actors=story_entities(story),
        contrast=contrast(story, context.prior, context.book),
        groups=group_spread(story, context.book, context.outlet_names) if context.book else (),
    )


def story_ranges(story: Story) -> dict[str, tuple[float, float]]:
    """(min, max) of each feature among a story's articles, to scale the bars on its page."""
    return {
        c: (min(a.features[c] for a in story.articles), max(a.features[c] for a in story.articles)) for c in COLUMNS
    }
