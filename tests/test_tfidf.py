"""`stance.text.tfidf` must build scikit-learn's TF-IDF matrix exactly (same floats, same layout)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SEEDS
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

import stance.text.tfidf
from stance.readers.corpus import read_corpus
from stance.text.lexicons import load
from stance.text.tfidf import tfidf


def test_stop_words_are_scikit_learns():
    assert load("stop_words") == ENGLISH_STOP_WORDS


def texts_of(folder) -> list[str]:
    return [f"{a.title or ''}\n{a.text}" for a in read_corpus([folder])[0]]


@pytest.mark.parametrize("corpus", ["seeds", "basil", "hand-made"])
def test_tfidf_equals_scikit_learn(corpus, request):
    if corpus == "hand-made":  # empty, stop-word-only and accented documents, repeated words
        texts = ["", "the of and", "Café café CAFÉ naïve", "a b c dd dd dd", "Ünïcode wörds ölçü", "x1 x1 2020 2020"]
    else:
        texts = texts_of(SEEDS if corpus == "seeds" else request.getfixturevalue("basil") / "articles")
    ours = tfidf(texts)
    theirs = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float64).fit_transform(texts)
    assert ours.shape == theirs.shape and ours.nnz > 0
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(ours, part), getattr(theirs, part)), part


@pytest.mark.parametrize(("batch", "block", "renumber"), [(1, 5, 3), (7, 200, 100)])
def test_tfidf_is_the_same_counted_in_batches(batch, block, renumber, monkeypatch):
    """Texts are counted a batch at a time, joined a block at a time and renumbered a slice at a time
    to bound memory; none of the sizes may show."""
    texts = texts_of(SEEDS)
    whole = tfidf(texts)
    for name, size in (("BATCH", batch), ("BLOCK", block), ("RENUMBER", renumber)):
        monkeypatch.setattr(stance.text.tfidf, name, size)
    batched = tfidf(texts)
    assert len(texts) > batch and whole.nnz > 10 * max(block, renumber)
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(whole, part), getattr(batched, part)), part


def test_float32_weights_written_over_the_counts_are_the_float64_weights_rounded():
    texts = texts_of(SEEDS)
    wide, narrow = tfidf(texts), tfidf(texts, dtype=np.float32)
    assert narrow.dtype == np.float32 and np.array_equal(narrow.indices, wide.indices)
    assert np.array_equal(narrow.data, wide.data.astype(np.float32))
