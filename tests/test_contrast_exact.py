"""A story page's comparisons compute exactly what their plain definitions compute.

`stance.text.tfidf.Weights.products` stands in for scipy.sparse's ``rows @ cols.T`` on scikit-learn's
TF-IDF matrix (scipy's cost per call outweighed the work on a story's few sentences). Every
similarity of `stance.comparison.coverage` and `stance.comparison.headlines` comes from it, and a last bit can move a
pairing or a rounding, so these tests check the two agree bit for bit: on real sentences, on
generated texts, and with the work done in one step or in many.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

import stance.text.tfidf
from stance.comparison.coverage import StorySentences, stop_words
from stance.readers.corpus import read_corpus
from stance.run.pipeline import analyze
from stance.text.tfidf import Weights, count_words, weigh


def plain_products(weights: Weights, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The definition: scipy.sparse's products of scikit-learn's matrix, and of its pattern of words."""
    matrix = weights.matrix()
    pattern = matrix.copy()
    pattern.data[:] = 1.0
    return (matrix[rows] @ matrix[cols].T).toarray(), (pattern[rows] @ pattern[cols].T).toarray()


def assert_products_are_plain(weights: Weights, rows: np.ndarray, cols: np.ndarray) -> None:
    sums, shared = weights.products(rows, cols)
    plain_sums, plain_shared = plain_products(weights, rows, cols)
    assert sums.shape == plain_sums.shape and sums.tobytes() == plain_sums.tobytes()  # bit for bit
    assert np.array_equal(shared, plain_shared)


@pytest.fixture(scope="module")
def seed_stories():
    return analyze([SEEDS], jobs=1)[0]


@pytest.mark.parametrize("pairs", [stance.text.tfidf.PAIRS, 1, 300])
def test_products_of_story_sentences_and_headlines_are_scipys(seed_stories, pairs, monkeypatch):
    monkeypatch.setattr(stance.text.tfidf, "PAIRS", pairs)  # one step, one row per step, a few rows per step
    for story in seed_stories:
        sentences = StorySentences.of(story)
        n = len(sentences.units)
        every = np.arange(n)
        assert_products_are_plain(weigh(sentences.words), every, every)  # `stance.comparison.coverage`
        titles = [a.title or "" for a in story.articles]
        with_titles = weigh(count_words(titles, stop=stop_words(), after=sentences.words))
        assert_products_are_plain(with_titles, np.arange(n, n + len(titles)), every)  # `stance.comparison.headlines`


def test_products_of_many_overlapping_rows_are_scipys(basil, monkeypatch):
    texts = [t for a in read_corpus([basil / "articles"])[0] for t in a.text.split(". ")][:1500]
    weights = weigh(count_words(texts))
    rng = np.random.default_rng(7)
    rows, cols = rng.choice(len(texts), 400), rng.choice(len(texts), 700)  # out of order, some twice
    assert_products_are_plain(weights, rows, cols)
    monkeypatch.setattr(stance.text.tfidf, "PAIRS", 5_000)
    assert_products_are_plain(weights, rows, cols)


WORDS = (
    "ferry",
    "Ferry",
    "fuel",
    "leak",
    "the",
    "said",
    "Gullwing",
    "x",
    "naïve",
    "ΣΊΣΥΦΟΣ",
    "42",
    "a_b",
    "don't",
    "-",
)
texts = st.lists(st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join), min_size=1, max_size=10)


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_products_of_generated_texts_are_scipys(texts, data):
    weights = weigh(count_words(texts))
    rows = np.array(data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=12)), dtype=np.int64)
    cols = np.array(data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=12)), dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stance.text.tfidf, "PAIRS", data.draw(st.sampled_from([1, 4, stance.text.tfidf.PAIRS])))
        assert_products_are_plain(weights, rows, cols)


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_counting_after_other_texts_is_counting_them_together(first, then):
    together, after = count_words(first + then), count_words(then, after=count_words(first))
    assert after.vocabulary == together.vocabulary
    for part in ("indptr", "words", "counts"):
        assert np.array_equal(getattr(after, part), getattr(together, part)), part
