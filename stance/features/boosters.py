from __future__ import annotations

from ..model import Article
from ..text.segment import all_words
from .base import Measures, cue_spans, share


def boosters(article: Article) -> Measures:
    """``booster_rate``: booster cues (certainly, clearly, undoubtedly, in fact …) per 100 words.

    Parameters and return as every feature (`stance.features`): reads only ``text``; returns the
    column, and a ``booster`` span per cue (the `boosters` lexicon).
    """
    spans = cue_spans(article.text, "boosters", "booster")
    return Measures({"booster_rate": 100 * share(len(spans), len(all_words(article.text).starts))}, spans)
