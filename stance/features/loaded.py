from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache

from ..model import Article, Span
from ..text import lexicons
from ..text.segment import all_words
from .base import Measures, share

SCARE_QUOTE_MAX_WORDS = 4  # a quoted phrase this short is the writer's distancing, not a quotation
VALENCE_MIN = 1.0  # VADER's "slightly" anchor: raters on average found the word at least slightly charged


@lru_cache(maxsize=1)
def loaded_words() -> frozenset[str]:
    """Words that carry judgement.

    VADER words rated at least slightly positive or negative on average (absolute valence at least
    `VALENCE_MIN` on −4…+4), and pattern adjectives at least half subjective; English stop words excluded.

    Returns
    -------
    frozenset of str
        Lowercase words.
    """
    valence = lexicons.load_weights("valence")
    charged = {w for w, v in valence.items() if abs(v) >= VALENCE_MIN}
    return frozenset((charged | lexicons.load("subjective_adjectives")) - lexicons.load("stop_words"))


def loaded_spans(article: Article) -> list[Span]:
    """Loaded cues in the writer's own words.

    - a loaded word, outside quotations of more than `SCARE_QUOTE_MAX_WORDS` words (those are the
      speaker's words, not the outlet's) and not capitalised mid-sentence (part of a name such as
      "Social Security" or "Supreme Court"), and not part of a hedge cue (a word that withholds
      commitment, "uncertainty", "unlikely", is a hedge, never also loaded);
    - a scare quote: a quoted phrase of at most `SCARE_QUOTE_MAX_WORDS` words;
    - an exclamation mark outside quotations.

    Reads the article's ``sentence``, ``quote`` and ``hedge`` spans, and returns ``loaded`` spans in
    `Span` order, attr ``cue`` = ``word``, ``scare quote`` or ``exclamation``.
    """
    text = article.text
    vocabulary = loaded_words()
    found = all_words(text)
    quotes = article.spans_labelled("quote")
    # A quote's words are the words starting inside it: its marks are not word characters.
    long_quotes = sorted(
        q
        for q in quotes
        if bisect_left(found.starts, q.end) - bisect_left(found.starts, q.start) > SCARE_QUOTE_MAX_WORDS
    )
    sentence_starts = {s.start for s in article.spans_labelled("sentence")}
    spans = [Span(q.start, q.end, "loaded", (("cue", "scare quote"),)) for q in quotes if q not in long_quotes]
    inside, hedged = _inside(long_quotes), _inside(article.spans_labelled("hedge"))
    for i in [i for i, word in enumerate(found.lowered) if word in vocabulary]:
        start = found.starts[i]
        if not (inside(start) or hedged(start) or (text[start].isupper() and start not in sentence_starts)):
            spans.append(Span(start, found.ends[i], "loaded", (("cue", "word"),)))
    for m in re.finditer("!", text):
        if not inside(m.start()):
            spans.append(Span(m.start(), m.end(), "loaded", (("cue", "exclamation"),)))
    return sorted(spans)


def _inside(spans: list[Span]) -> Callable[[int], bool]:
    """A test for "position lies inside one of these non-overlapping spans"."""
    starts = [s.start for s in spans]

    def test(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < spans[i].end

    return test


def loaded(article: Article) -> Measures:
    """``loaded_rate``: loaded cues (see `loaded_spans`) per 100 words.

    Parameters and return as every feature (`stance.features`): reads the ``sentence``, ``quote``
    and ``hedge`` spans; returns the column, and the cues as ``loaded`` spans.
    """
    spans = loaded_spans(article)
    return Measures({"loaded_rate": 100 * share(len(spans), len(all_words(article.text).starts))}, spans)
