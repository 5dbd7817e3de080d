"""Everything a story page shows about how its outlets differ, gathered for the template, and the
anchors that tie each finding to its sentence in the article columns ("one click away")."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from .coverage import Coverage, StorySentences, coverage
from .headlines import HeadlineCheck, headline_checks
from .model import Article, Story
from .outlets import OutletBook
from .quoted import Quoted, quoted
from .timing import Timing, timing
from .wordchoice import Counts, Term, TermIndex, distinctive


@dataclass(frozen=True)
class Anchors:
    """Element ids of the sentences in a story page's article columns: ``a<column>-<start>``, with
    the column numbered from 1 in the story's article order and ``start`` the sentence's offset."""

    columns: dict[str, int]
    starts: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, story: Story) -> Anchors:
        return cls(
            {a.id: n for n, a in enumerate(story.articles, 1)},
            {a.id: tuple(s.start for s in a.spans_labelled("sentence")) for a in story.articles},
        )

    def sentence_id(self, article_id: str, offset: int) -> str:
        """The id of the sentence holding character ``offset`` (or the first sentence before it)."""
        starts = self.starts[article_id]
        i = bisect.bisect_right(starts, offset) - 1
        return f"a{self.columns[article_id]}-{starts[i] if i >= 0 else 0}"

    def href(self, article_id: str, offset: int) -> str:
        return "#" + self.sentence_id(article_id, offset)

    def spans(self, article: Article) -> list[tuple[int, int, str]]:
        """(start, end, id) of every sentence of ``article``, for `stance.render.highlight`."""
        return [(s.start, s.end, f"a{self.columns[article.id]}-{s.start}") for s in article.spans_labelled("sentence")]


@dataclass(frozen=True)
class StoryContrast:
    """A multi-outlet story's coverage, word choice, voices, timing and headlines."""

    coverage: Coverage
    words: tuple[tuple[str, tuple[Term, ...]], ...]  # (outlet, its distinctive terms)
    quoted: Quoted
    timing: Timing
    headlines: tuple[HeadlineCheck, ...]


def contrast(story: Story, prior: Counts, book: OutletBook | None = None, index: TermIndex | None = None) -> StoryContrast | None:
    """The comparison sections of a story page; None for a story with a single outlet. ``prior``
    holds the corpus's term counts (the Dirichlet prior of `stance.wordchoice`); ``index`` the
    articles' terms, if already found."""
    if len(story.outlets) < 2:
        return None
    index = index or TermIndex(story.articles)
    whole = index.counts(story.articles)  # each outlet against the rest of the story
    words = tuple((o, distinctive([a for a in story.articles if a.outlet == o], whole, prior, index=index)) for o in story.outlets)
    sentences = StorySentences.of(story)
    return StoryContrast(
        coverage=coverage(story, sentences),
        words=words,
        quoted=quoted(story, book),
        timing=timing(story),
        headlines=headline_checks(story, sentences),
    )
