from __future__ import annotations

from ..model import Article, Span
from ..text.sentiment import sentiment
from .base import Measures


def polarity(article: Article) -> Measures:
    """``polarity`` (−1 negative … +1 positive) and ``subjectivity`` (0 objective … 1 subjective).

    TextBlob's pattern-lexicon scores for the whole article text, i.e. the mean over the opinion
    words it finds (with their negations and intensifiers), computed by `stance.text.sentiment` with
    TextBlob's exact numbers.

    Parameters and return as every feature (`stance.features`): reads only ``text``; returns the
    two columns, and each scored word group found in the text as a ``sentiment`` span with its
    polarity (and subjectivity).
    """
    scores = sentiment(article.text)
    spans = [
        Span(
            a.start, a.end, "sentiment", (("polarity", f"{a.polarity:+.2f}"), ("subjectivity", f"{a.subjectivity:.2f}"))
        )
        for a in scores.assessments
        if a.start is not None
    ]
    return Measures({"polarity": scores.polarity, "subjectivity": scores.subjectivity}, spans)
