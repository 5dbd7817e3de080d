"""How a story's outlets differ: coverage, word choice, voices, timing and headlines, together."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Story
from ..readers.outlets import OutletBook
from .copies import originals
from .coverage import Coverage, Fact, StorySentences, coverage
from .framing import Contrast, FactFraming, contrasts, story_framing
from .headlines import HeadlineCheck, headline_checks
from .timing import Timing, timing
from .voices import Quoted, quoted
from .wordchoice import Counts, Term, TermIndex, distinctive


@dataclass(frozen=True)
class StoryContrast:
    """A multi-outlet story's coverage, word choice, voices, timing and headlines.

    Attributes
    ----------
    coverage : Coverage
        Its facts, aligned across outlets.
    framing : tuple of FactFraming
        How each outlet frames each fact, one per fact of ``coverage.facts``.
    contrasts : tuple of Contrast
        A plain-language line for each shared fact some outlets state flat and others attribute or hedge.
    words : tuple of (str, tuple of Term)
        Each outlet and its distinctive terms against the rest of the story, in the story's outlet
        order: own text only (wire copies and copied sentences left out, `stance.comparison.copies`).
    quoted : Quoted
        Speakers × outlets.
    timing : Timing
        Dates and lags (days).
    headlines : tuple of HeadlineCheck
        One per article with a headline.
    """

    coverage: Coverage
    framing: tuple[FactFraming, ...]
    contrasts: tuple[Contrast, ...]
    words: tuple[tuple[str, tuple[Term, ...]], ...]  # (outlet, its distinctive terms)
    quoted: Quoted
    timing: Timing
    headlines: tuple[HeadlineCheck, ...]

    @property
    def shared_framing(self) -> tuple[tuple[Fact, FactFraming], ...]:
        """Each fact two or more outlets report, with how each outlet frames it."""
        return tuple((f, x) for f, x in zip(self.coverage.facts, self.framing) if len(f.outlets) > 1)


def contrast(
    story: Story,
    prior: Counts,
    book: OutletBook | None = None,
    index: TermIndex | None = None,
    wire_copies: frozenset[str] | None = None,
) -> StoryContrast | None:
    """The comparison sections of a story page; None for a story with a single outlet.

    Parameters
    ----------
    story : Story
        Measured articles (`stance.features.annotate`).
    prior : Counts
        The corpus's term counts (the Dirichlet prior of `stance.comparison.wordchoice`).
    book : OutletBook, optional
        The outlets file, for speakers' sides.
    index : TermIndex, optional
        The articles' terms, if already found.
    wire_copies : frozenset of str, optional
        The ids of the wire copies (`stance.comparison.copies`), if already found.

    Returns
    -------
    StoryContrast or None
    """
    if len(story.outlets) < 2:
        return None
    index = index or TermIndex(story.articles)
    own = originals(story.articles, wire_copies)
    whole = index.counts(own)  # each outlet against the rest of the story
    words = tuple((o, distinctive([a for a in own if a.outlet == o], whole, prior, index=index)) for o in story.outlets)
    sentences = StorySentences.of(story)
    facts = coverage(story, sentences)
    framing = story_framing(story, facts)
    return StoryContrast(
        coverage=facts,
        framing=framing,
        contrasts=contrasts(framing),
        words=words,
        quoted=quoted(story, book),
        timing=timing(story),
        headlines=headline_checks(story, sentences),
    )
