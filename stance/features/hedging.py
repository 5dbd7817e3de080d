from __future__ import annotations

import re

from ..model import Article, Span
from ..text.segment import all_words
from .base import Measures, cue_spans, share

_DIGIT_NEXT = re.compile(r"\s*\d")


def hedge_spans(article: Article) -> list[Span]:
    """Every hedge cue from the `hedges` lexicon, except "May" the month.

    "May" with a capital is a hedge only at the start of a sentence and not followed by a number;
    elsewhere it is the month (or a name).

    Parameters
    ----------
    article : Article
        Its ``text``, and its ``sentence`` spans: "May" is a hedge only at a sentence start.

    Returns
    -------
    list of Span
        ``hedge`` spans, character offsets into the text, in text order.
    """
    text = article.text
    starts = {s.start for s in article.spans_labelled("sentence")}
    return [
        span
        for span in cue_spans(text, "hedges", "hedge")
        if not (
            text[span.start : span.end] == "May" and (span.start not in starts or _DIGIT_NEXT.match(text, span.end))
        )
    ]


def hedging(article: Article) -> Measures:
    """``hedge_rate``: hedge cues per 100 words.

    Parameters and return as every feature (`stance.features`): reads the ``sentence`` spans;
    returns the column, and the cues as ``hedge`` spans (`hedge_spans`).
    """
    spans = hedge_spans(article)
    return Measures({"hedge_rate": 100 * share(len(spans), len(all_words(article.text).starts))}, spans)
