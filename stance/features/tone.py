from __future__ import annotations

import re

from textblob import TextBlob

from ..model import Article, Span
from .base import Measures


def tone(article: Article) -> Measures:
    """``polarity`` (−1 negative … +1 positive) and ``subjectivity`` (0 objective … 1 subjective):
    TextBlob's pattern-lexicon scores for the whole article text, i.e. the mean over the opinion
    words it finds (with their negations and intensifiers). Each scored word group is a
    ``sentiment`` span with its polarity.
    """
    text = article.text
    sentiment = TextBlob(text).sentiment_assessments
    spans = []
    pos = 0
    lowered = text.lower()
    for group, polarity, subjectivity, _ in sentiment.assessments:
        span = _locate(lowered, group, pos)
        if span:
            pos = span[1]
            attrs = (("polarity", f"{polarity:+.2f}"), ("subjectivity", f"{subjectivity:.2f}"))
            spans.append(Span(span[0], span[1], "sentiment", attrs))
    return Measures({"polarity": sentiment.polarity, "subjectivity": sentiment.subjectivity}, spans)


def _locate(lowered: str, group: list[str], pos: int) -> tuple[int, int] | None:
    """Where TextBlob's word group (lowercased tokens, in order) sits in the text, from ``pos`` on."""
    start = end = None
    for word in group:
        m = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered[pos:]) if word else None
        if m is None:
            return None
        if start is None:
            start = pos + m.start()
        end = pos + m.end()
        pos = end
    return (start, end) if start is not None else None
