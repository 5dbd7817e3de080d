"""Per-article features. Each is a pure function ``fn(article) -> Measures``: the article (already
segmented into sentences) goes in; column values and the evidence spans behind them come out.

`COLUMNS` is the public contract: the feature columns of ``articles.csv``, in order. Units are
given in each function's docstring and in the README.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..model import Article
from ..segment import segment
from .attribution import attribution
from .base import Measures
from .counts import counts
from .hedging import hedging
from .quotes import quotes
from .tone import tone

FEATURES: tuple[Callable[[Article], Measures], ...] = (counts, hedging, attribution, quotes, tone)
# Column name -> one-line definition with its unit (shown as tooltips on the pages).
DEFINITIONS: dict[str, str] = {
    "words": "number of words (runs of letters and digits)",
    "sentences": "number of sentences",
    "hedge_rate": "hedge cues (may, reportedly, appears to …) per 100 words",
    "attribution_density": "share (0–1) of sentences with an attribution cue (said, told, according to …)",
    "quote_share": "share (0–1) of words inside quotation marks",
    "polarity": "TextBlob polarity, −1 (negative) … +1 (positive)",
    "subjectivity": "TextBlob subjectivity, 0 (objective) … 1 (subjective)",
}
COLUMNS: tuple[str, ...] = tuple(DEFINITIONS)
DECIMALS = 4  # feature values are rounded once, here, so every output agrees to the last digit


def annotate(article: Article) -> Article:
    """Segment the article and run every feature; returns it with spans and feature values added."""
    article = segment(article)
    values: dict[str, float] = {}
    spans = []
    for feature in FEATURES:
        measures = feature(article)
        values.update(measures.values)
        spans.extend(measures.spans)
    rounded = {name: round(values[name], DECIMALS) for name in COLUMNS}
    return replace(article.with_spans(spans), features=rounded)


__all__ = ["COLUMNS", "DEFINITIONS", "FEATURES", "Measures", "annotate"]
