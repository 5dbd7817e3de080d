"""How a story's outlets differ: coverage, word choice, voices, timing and headlines, together."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Story
from ..readers.outlets import OutletBook
from .coverage import Coverage, StorySentences, coverage
from .headlines import HeadlineCheck, headline_checks
from .timing import Timing, timing
from .voices import Quoted, quoted
from .wordchoice import Counts, Term, TermIndex, distinctive


@dataclass(frozen=True)
class StoryContrast:
    """A multi-outlet story's coverage, word choice, voices, timing and headlines."""

    coverage: Coverage
    words: tuple[tuple[str, tuple[Term, ...]], ...]  # (outlet, its distinctive terms)
    quoted: Quoted
    timing: Timing
    headlines: tuple[HeadlineCheck, ...]


def contrast(
    story: Story, prior: Counts, book: OutletBook | None = None, index: TermIndex | None = None
) -> StoryContrast | None:
    """The comparison sections of a story page; None for a story with a single outlet. ``prior``
    holds the corpus's term counts (the Dirichlet prior of `stance.comparison.wordchoice`); ``index`` the
    articles' terms, if already found."""
    if len(story.outlets) < 2:
        return None
    index = index or TermIndex(story.articles)
    whole = index.counts(story.articles)  # each outlet against the rest of the story
    words = tuple(
        (o, distinctive([a for a in story.articles if a.outlet == o], whole, prior, index=index)) for o in story.outlets
    )
    sentences = StorySentences.of(story)
    return StoryContrast(
        coverage=coverage(story, sentences),
        words=words,
        quoted=quoted(story, book),
        timing=timing(story),
        headlines=headline_checks(story, sentences),
    )
