from __future__ import annotations

from ..model import Article
from ..text.segment import all_words
from .base import Measures


def counts(article: Article) -> Measures:
    """``words``: number of word tokens (runs of letters/digits). ``sentences``: number of sentences.

    Parameters and return as every feature (`stance.features`): reads the ``sentence`` spans;
    returns the two columns (counts) and no spans.
    """
    n_sentences = len(article.spans_labelled("sentence"))
    return Measures({"words": len(all_words(article.text).starts), "sentences": n_sentences}, [])
