"""TF-IDF vectors, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True, stop_words="english")``
computes them, without importing scikit-learn.

Importing ``sklearn.feature_extraction.text`` takes about a second (it pulls in ``scipy.stats``),
a third of a whole ``stance compare`` run on 1,200 articles, so stance builds the same matrix on
scipy.sparse: words of two or more word characters, lowercased; the stop words of
`stance.lexicons` ``stop_words.txt`` (scikit-learn's list) dropped; term frequency ``1 + ln(count)``;
smoothed inverse document frequency ``1 + ln((1 + n) / (1 + df))``; rows scaled to unit length;
columns in sorted vocabulary order. ``tests/test_tfidf.py`` checks the result equals scikit-learn's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import filterfalse
from typing import Iterable, Iterator

import numpy as np
from scipy.sparse import csr_matrix

from .lexicons import load

# scikit-learn's default token_pattern, r"(?u)\b\w\w+\b", finds the runs of two or more word
# characters; so does this, left to right, without testing word boundaries (twice as fast).
TOKEN = re.compile(r"\w\w+")


def tfidf(texts: Iterable[str], *, stop: frozenset[str] | None = None) -> csr_matrix:
    """L2-normalised TF-IDF rows of ``texts`` (float64; one column per word in sorted order)."""
    return weigh(count_words(texts, stop=stop))


def count_words(texts: Iterable[str], *, stop: frozenset[str] | None = None) -> Iterator[Counter[str]]:
    """Each text's words (lowercased, ``stop`` words dropped) counted, in order of first use, one
    text at a time: what `weigh` turns into TF-IDF rows. Apart so that texts weighed twice with
    different companions (a story's sentences, with and without its headlines) are read once."""
    stop = load("stop_words") if stop is None else stop
    # filterfalse, not a generator expression: no Python step per word (`stance.coverage` counts
    # every sentence of every story).
    return (Counter(filterfalse(stop.__contains__, TOKEN.findall(text.lower()))) for text in texts)


def weigh(counted: Iterable[Counter[str]]) -> csr_matrix:
    """The TF-IDF rows (as `tfidf`) of texts counted by `count_words`."""
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__  # a new word gets the next number, as in scikit-learn
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for counts in counted:
        indices.extend(map(vocabulary.__getitem__, counts))
        values.extend(counts.values())
        indptr.append(len(indices))
    matrix = csr_matrix(
        (np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    matrix.sort_indices()
    # Renumber columns in sorted word order without re-sorting the rows, as scikit-learn does:
    # the order of a row's entries decides the order of the sums below, hence the last bits.
    column = np.empty(len(vocabulary), dtype=np.int64)
    column[[vocabulary[w] for w in sorted(vocabulary)]] = np.arange(len(vocabulary))
    matrix.indices = column[matrix.indices]
    matrix.has_sorted_indices = False
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    idf = np.full(matrix.shape[1], matrix.shape[0] + 1.0)
    idf /= np.bincount(matrix.indices, minlength=matrix.shape[1]) + 1.0
    np.log(idf, out=idf)
    idf += 1.0
    matrix.data *= idf[matrix.indices]
    row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(row, weights=matrix.data * matrix.data, minlength=matrix.shape[0]))
    matrix.data /= np.where(norms > 0, norms, 1.0)[row]
    return matrix
