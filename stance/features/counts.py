from __future__ import annotations

from ..model import Article
from ..segment import words
from .base import Measures


def counts(article: Article) -> Measures:
    """``words``: number of word tokens (runs of letters/digits). ``sentences``: number of sentences."""
    n_sentences = len(article.spans_labelled("sentence"))
    return Measures({"words": len(words(article.text)), "sentences": n_sentences}, [])
