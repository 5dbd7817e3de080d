from __future__ import annotations

from .. import lexicons
from ..model import Article, Span
from .base import Measures, share


def attribution(article: Article) -> Measures:
    """``attribution_density``: share (0–1) of sentences holding at least one attribution cue
    (a reporting verb such as said/told/claimed, or "according to", from the `attribution` lexicon).
    """
    text = article.text
    spans: list[Span] = []
    attributing = 0
    sentences = article.spans_labelled("sentence")
    for sentence in sentences:
        cues = lexicons.find("attribution", text, sentence.start, sentence.end)
        attributing += bool(cues)
        spans.extend(Span(s, e, "attribution") for s, e in cues)
    return Measures({"attribution_density": share(attributing, len(sentences))}, spans)
