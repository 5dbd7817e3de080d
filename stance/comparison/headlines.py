"""Headline vs body: where a headline states flatly what the article's body only hedges or attributes.

A headline *asserts* when it holds no hedge (the `hedges` lexicon; "May" before a number is the
month), no attribution cue (the `attribution` lexicon: says, claims, according to …) and no
quotation marks (quoted words are someone's, not the outlet's). Its body match is the article's
sentence most similar to it (TF-IDF cosine as in `stance.comparison.coverage`, IDF fitted on the story's
sentences and headlines), if that similarity is at least `SIMILARITY`. The pair is flagged when the
headline asserts and the matching sentence holds a hedge, an attribution cue or a direct quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..model import Article, Span, Story
from ..text import lexicons
from ..text.tfidf import count_words, weigh
from .coverage import FactSentence, StorySentences, similarity, stop_words

# Why 0.2: a headline is a compressed paraphrase of its lead and shares fewer words with it than two
# reports of one fact share. On BASIL, 109 of 149 headlines find a sentence at 0.2 (82 at 0.25); of
# ten matches drawn from 0.2–0.25, nine were sentences making the headline's claim.
SIMILARITY = 0.2
BODY_CUES = ("hedge", "attribution", "quote")
# A quoted phrase: double quotes, or single quotes that are not apostrophes ("Obama’s", "farmers'").
_QUOTED = re.compile(r"[\"“«][^\"“”«»]*[\"”»]|(?<![^\W_])['‘][^'‘’]*['’](?![^\W_])")
_MONTH_MAY = re.compile(r"May\s*\d")


@dataclass(frozen=True)
class Cue:
    """A word or mark that hedges or attributes.

    Attributes
    ----------
    label : str
        ``hedge``, ``attribution`` or ``quote``.
    start, end : int
        Character offsets into the headline (for headline cues) or the article text (for body cues).
    text : str
        The cue as written.
    """

    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class HeadlineCheck:
    """One article's headline checked against its body.

    Attributes
    ----------
    article_id, outlet, headline : str
        The article, its outlet and its headline.
    headline_cues : tuple of Cue
        The headline's cues (`headline_cues`).
    match : FactSentence or None
        The best-matching body sentence, if its similarity is at least `SIMILARITY`.
    similarity : float
        Cosine similarity (0–1) of the headline and its most similar sentence, to 3 decimals (also
        when below `SIMILARITY`; 0 for an article without sentences).
    body_cues : tuple of Cue
        The cues of ``match`` (`body_cues`); empty without a match.
    """

    article_id: str
    outlet: str
    headline: str
    headline_cues: tuple[Cue, ...]
    match: FactSentence | None
    similarity: float
    body_cues: tuple[Cue, ...]

    @property
    def asserts(self) -> bool:
        """Whether the headline holds no cue: no hedge, attribution cue or quoted phrase."""
        return not self.headline_cues

    @property
    def headline_spans(self) -> list[Span]:
        """The headline cues as spans on the headline, for `stance.output.filters.highlight`."""
        return [Span(c.start, c.end, c.label) for c in self.headline_cues]

    @property
    def body_spans(self) -> list[Span]:
        """The body cues as spans on the matching sentence's text (quotes clipped to it)."""
        if self.match is None:
            return []
        m = self.match
        return [Span(max(c.start, m.start) - m.start, min(c.end, m.end) - m.start, c.label) for c in self.body_cues]

    @property
    def flagged(self) -> bool:
        """The headline asserts what its matching body sentence hedges or attributes."""
        return self.asserts and self.match is not None and bool(self.body_cues)


def headline_cues(headline: str) -> tuple[Cue, ...]:
    """Hedges, attribution cues and quoted phrases in a headline, in order.

    Parameters
    ----------
    headline : str
        An article's title.

    Returns
    -------
    tuple of Cue
        By start offset (characters into ``headline``), end and label; "May" before a number is the
        month, not a hedge.
    """
    found = [
        Cue("hedge", s, e, headline[s:e])
        for s, e in lexicons.find("hedges", headline)
        if not _MONTH_MAY.match(headline, s)
    ]
    found += [Cue("attribution", s, e, headline[s:e]) for s, e in lexicons.find("attribution", headline)]
    found += [Cue("quote", m.start(), m.end(), m.group()) for m in _QUOTED.finditer(headline)]
    return tuple(sorted(found, key=lambda c: (c.start, c.end, c.label)))


def body_cues(article: Article, sentence: FactSentence) -> tuple[Cue, ...]:
    """The hedge and attribution spans inside a sentence, and the direct quotes overlapping it.

    Parameters
    ----------
    article : Article
        A measured article.
    sentence : FactSentence
        One of its sentences.

    Returns
    -------
    tuple of Cue
        In the article's span order; offsets into the article text.
    """
    text = article.text
    return tuple(
        Cue(s.label, s.start, s.end, text[s.start : s.end])
        for s in article.spans
        if s.label in BODY_CUES
        and (
            sentence.start <= s.start and s.end <= sentence.end
            if s.label != "quote"
            else s.start < sentence.end and sentence.start < s.end
        )
    )


def headline_checks(story: Story, sentences: StorySentences | None = None) -> tuple[HeadlineCheck, ...]:
    """A check for every article of ``story`` that has a headline, in the story's article order.

    Parameters
    ----------
    story : Story
        Measured articles.
    sentences : StorySentences, optional
        The story's, if already read.

    Returns
    -------
    tuple of HeadlineCheck
    """
    titled = [a for a in story.articles if a.title]
    if not titled:
        return ()
    sentences = sentences or StorySentences.of(story)
    units = sentences.units
    weights = weigh(count_words([a.title or "" for a in titled], stop=stop_words(), after=sentences.words))
    # Headlines against every sentence of the story in one product; each then looks at its own article's.
    sims = similarity(weights, np.arange(len(units), len(units) + len(titled)), np.arange(len(units)))
    own: dict[str, list[int]] = {a.id: [] for a in titled}  # each article's sentences
    for i, u in enumerate(units):
        if u.article_id in own:
            own[u.article_id].append(i)
    checks = []
    for k, article in enumerate(titled):
        mine = own[article.id]
        best = mine[int(np.argmax(sims[k, mine]))] if mine else None  # of equals, the first
        score = float(sims[k, best]) if best is not None else 0.0
        match = units[best] if best is not None and score >= SIMILARITY else None
        checks.append(
            HeadlineCheck(
                article_id=article.id,
                outlet=article.outlet,
                headline=article.title or "",
                headline_cues=headline_cues(article.title or ""),
                match=match,
                similarity=round(score, 3),
                body_cues=body_cues(article, match) if match else (),
            )
        )
    return tuple(checks)
