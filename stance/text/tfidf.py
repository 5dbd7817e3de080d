"""TF-IDF vectors, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True, stop_words="english")``
computes them, without importing scikit-learn.

Importing ``sklearn.feature_extraction.text`` takes about a second (it pulls in ``scipy.stats``),
a third of a whole ``stance compare`` run on 1,200 articles, so stance builds the same matrix
itself: words of two or more word characters, lowercased; the stop words of `stance.text.lexicons`
``stop_words.txt`` (scikit-learn's list) dropped; term frequency ``1 + ln(count)``; smoothed inverse
document frequency ``1 + ln((1 + n) / (1 + df))``; rows scaled to unit length; columns in sorted
vocabulary order. ``tests/test_tfidf.py`` checks the result equals scikit-learn's, and
``tests/test_contrast_exact.py`` that `Weights.products` equals scipy.sparse's product of it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, filterfalse, islice

import numpy as np
from scipy.sparse import csr_matrix

from ..tasks import release_memory
from .lexicons import load

# scikit-learn's default token_pattern, r"(?u)\b\w\w+\b", finds the runs of two or more word
# characters; so does this, left to right, without testing word boundaries (twice as fast).
TOKEN = re.compile(r"\w\w+")
PAIRS = 1 << 20  # word pairs `Weights.products` holds at once (tens of MB)
BATCH = 1000  # texts whose words `count_words` holds at once
WEIGH_ROWS = 10_000  # rows `weigh` weighs at once: its temporaries take about 30 bytes an entry
# Entries of `count_words` joined into one block (64 MB an array): above the size from which glibc
# maps an allocation on its own (32 MB at most), so each block goes back to the system when let go.
BLOCK = 1 << 24
RENUMBER = 1 << 22  # word numbers read at once to renumber or count them (a 32 MB temporary at most)


def tfidf(texts: Iterable[str], *, stop: frozenset[str] | None = None, dtype: type = np.float64) -> csr_matrix:
    """L2-normalised TF-IDF rows of ``texts``, as the module docstring defines them.

    Parameters
    ----------
    texts : iterable of str
        Read `BATCH` texts at a time.
    stop : frozenset of str, optional
        Lowercase words dropped; default: the ``stop_words`` lexicon (scikit-learn's English list).
    dtype : numpy float type, default float64
        Of the weights, computed in float64 either way: float32 holds a large corpus's matrix in
        two thirds of the memory (with its 32-bit column numbers), its weights to 7 significant digits.

    Returns
    -------
    scipy.sparse.csr_matrix
        One row per text, of unit length (all zeros for a text without words); one column per word
        in sorted order.
    """
    counted = count_words(texts, stop=stop)
    release_memory()  # the batches' words and counts, joined now
    # Each count is read just before its weight is written, and each word number just before its
    # column: where the weights are as wide as the counts (float32), they take the counts' place,
    # and the columns the word numbers', so building a million articles' matrix holds two arrays
    # of entries rather than four (the matrix's 2.3 GB, not 4.6).
    same_width = np.dtype(dtype).itemsize == counted.counts.itemsize
    weights = weigh(counted, dtype=dtype, out=counted.counts.view(dtype) if same_width else None)
    del counted
    column, words = _columns(weights.vocabulary), weights.words
    for lo in range(0, len(words), RENUMBER):
        words[lo : lo + RENUMBER] = column[words[lo : lo + RENUMBER]]
    return csr_matrix((weights.values, words, weights.indptr), shape=(len(weights.indptr) - 1, len(column)))


@dataclass(frozen=True)
class Counted:
    """The words of some texts, counted (`count_words`). Word numbers and counts are 32-bit: a corpus's
    counts are the largest arrays of its grouping.

    Text i uses word ``words[j]`` ``counts[j]`` times, for j in ``indptr[i]:indptr[i + 1]``, in
    ascending order of the words' numbers.

    Attributes
    ----------
    vocabulary : dict of str to int
        Each word's number: words are numbered in order of first use across the texts.
    indptr : ndarray of int64
        Where each text's entries start, and the end (one more than the texts).
    words : ndarray of int32
        Word numbers.
    counts : ndarray of int32
        How many times the text uses the word.
    """

    vocabulary: dict[str, int]
    indptr: np.ndarray
    words: np.ndarray
    counts: np.ndarray


def count_words(texts: Iterable[str], *, stop: frozenset[str] | None = None, after: Counted | None = None) -> Counted:
    """Count the words of ``texts``: lowercased runs of two or more word characters, ``stop`` words dropped.

    With ``after``, the result holds the texts it counts followed by these: texts weighed with different
    companions (a story's sentences, with and without its headlines) are read once.

    Parameters
    ----------
    texts : iterable of str
        Read `BATCH` texts at a time.
    stop : frozenset of str, optional
        Lowercase words dropped; default: the ``stop_words`` lexicon.
    after : Counted, optional
        Texts counted before, to come first; their words keep their numbers.

    Returns
    -------
    Counted
    """
    stop = load("stop_words") if stop is None else stop
    vocabulary: defaultdict[str, int] = defaultdict(None, after.vocabulary if after else {})
    vocabulary.default_factory = vocabulary.__len__  # a new word gets the next number, as in scikit-learn
    lengths = [np.diff(after.indptr)] if after else []
    blocks = [(after.words, after.counts)] if after else []  # (words, counts) of `BLOCK` entries or so
    batches: list[tuple[np.ndarray, np.ndarray]] = []
    texts = iter(texts)
    # A batch of texts at a time: their words as strings take ~60 bytes each (10 GB for 100,000
    # articles), their counts a few bytes.
    while batch := list(islice(texts, BATCH)):
        # filterfalse, not a generator expression: no Python step per word (`stance.comparison.coverage`
        # reads every sentence of every story).
        kept = [list(filterfalse(stop.__contains__, TOKEN.findall(text.lower()))) for text in batch]
        numbers = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(kept)), np.int64)
        entries, used, times = _tally(np.fromiter(map(len, kept), np.int64, len(kept)), numbers, len(vocabulary))
        lengths.append(entries)
        batches.append((used, times))
        if sum(len(part) for part, _ in batches) >= BLOCK:
            blocks.append(_joined(batches))
    vocabulary.default_factory = None  # numbering done: an unknown word is an error from here on
    blocks.append(_joined(batches))
    words, counts = _joined(blocks)
    indptr = np.concatenate(([0], np.cumsum(np.concatenate(lengths)))) if lengths else np.zeros(1, np.int64)
    return Counted(vocabulary, indptr, words, counts)


def _joined(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The words and counts of ``parts`` one after another. ``parts`` is emptied, each part let go
    once copied: a block of `BLOCK` entries is a memory mapping of its own, which goes back to the
    system when let go, so joining a corpus's blocks holds its entries about once, not twice."""
    words, counts = (np.empty(sum(len(part[0]) for part in parts), dtype=np.int32) for _ in range(2))
    parts.reverse()
    at = 0
    while parts:
        used, times = parts.pop()
        words[at : at + len(used)], counts[at : at + len(used)] = used, times
        at += len(used)
    return words, counts


def _tally(lengths: np.ndarray, words: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(entries per text, words, counts) of `Counted`, from the word numbers (below ``size``) of each
    text in turn, ``lengths[i]`` of them for text i."""
    row = np.repeat(np.arange(len(lengths)), lengths)
    size = max(size, 1)
    pairs = np.sort(row * size + words, kind="stable")  # by text, then word; stable: quick on runs in order
    edges = np.ones(len(pairs) + 1, dtype=bool)  # where each run of equal pairs starts, and the end
    np.not_equal(pairs[1:], pairs[:-1], out=edges[1:-1])
    edges = np.flatnonzero(edges)
    row, words = np.divmod(pairs[edges[:-1]], size)
    counts = np.diff(edges).astype(np.int32)
    return np.bincount(row, minlength=len(lengths)), words.astype(np.int32), counts


@dataclass(frozen=True)
class Weights:
    """TF-IDF rows (as `tfidf`) in plain arrays.

    Row i weighs word ``words[j]`` by ``values[j]`` for j in ``indptr[i]:indptr[i + 1]``. Words are
    numbered in order of first use, and each row lists its words in that order, as scikit-learn's
    matrix does (`matrix`): the order decides the order of every sum over a row, hence its last bits.
    Plain arrays, because scipy.sparse's cost per operation outweighs the work on a story's few
    sentences.

    Attributes
    ----------
    indptr : ndarray of int64
        Where each row's entries start, and the end.
    words : ndarray of int32
        Word numbers.
    values : ndarray of float64 (or float32, `weigh`)
        TF-IDF weights; each row has unit length (L2).
    vocabulary : list of str
        Word number -> word.
    """

    indptr: np.ndarray
    words: np.ndarray
    values: np.ndarray
    vocabulary: list[str]  # word number -> word

    def matrix(self) -> csr_matrix:
        """scikit-learn's matrix: columns in sorted word order.

        Each row's entries are left in the order of first use.

        Returns
        -------
        scipy.sparse.csr_matrix
            Shape (rows, words in the vocabulary), of the weights' type.
        """
        column = _columns(self.vocabulary)
        return csr_matrix((self.values, column[self.words], self.indptr), shape=(len(self.indptr) - 1, len(column)))

    def products(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The dot products of ``rows`` × ``cols`` (row numbers) and how many words each two share.

        A product is summed from 0 over the row's words in the row's order, as scipy.sparse's
        ``rows @ cols.T`` sums it, so to the same last bit: each word a row shares with a column
        gives a term, and `np.bincount` adds the terms in the order given. Terms are made whole rows
        at a time, about `PAIRS` at a time, so memory stays bounded.

        Parameters
        ----------
        rows, cols : ndarray of int
            Row numbers.

        Returns
        -------
        products : ndarray of float64, shape (len(rows), len(cols))
            Dot products: cosine similarities (0–1), the rows being of unit length.
        shared : ndarray of int64, shape (len(rows), len(cols))
            How many words each two rows share.
        """
        col_of, col_values, df = self._by_word(cols)
        word_start = np.cumsum(df) - df  # where each word's column entries start
        lengths, row_of, at = self._entries(rows)
        width = len(cols)
        words, values, cell = self.words[at], self.values[at], row_of * width  # per entry of the rows
        terms = df[words]  # the columns holding each entry's word
        starts = np.concatenate(([0], np.cumsum(lengths)))  # each row's first entry, in ``at``
        terms_before = np.concatenate(([0], np.cumsum(terms)))[starts]  # the terms of the rows before each
        sums, shared = np.zeros(len(rows) * width), np.zeros(len(rows) * width, dtype=np.int64)
        lo = 0
        while lo < len(rows):  # rows lo … hi - 1
            hi = max(lo + 1, int(np.searchsorted(terms_before, terms_before[lo] + PAIRS, side="right")) - 1)
            block, entries = slice(lo * width, hi * width), slice(starts[lo], starts[hi])
            partner = _ranges(word_start[words[entries]], terms[entries])  # each term's column entry
            at_cell = np.repeat(cell[entries] - lo * width, terms[entries]) + col_of[partner]
            term = np.repeat(values[entries], terms[entries]) * col_values[partner]
            sums[block] = np.bincount(at_cell, weights=term, minlength=block.stop - block.start)
            shared[block] = np.bincount(at_cell, minlength=block.stop - block.start)
            lo = hi
        return sums.reshape(len(rows), width), shared.reshape(len(rows), width)

    def _by_word(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The entries of ``rows`` grouped by word, in row order within a word: which of ``rows``
        holds each and its value; and how many entries each word has."""
        _, row_of, at = self._entries(rows)
        by_word = np.argsort(self.words[at], kind="stable")
        return row_of[by_word], self.values[at[by_word]], np.bincount(self.words[at], minlength=len(self.vocabulary))

    def _entries(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The number of entries each of ``rows`` stores, and for each entry, in row order: which
        of ``rows`` holds it and where it is stored."""
        lengths = self.indptr[rows + 1] - self.indptr[rows]
        return lengths, np.repeat(np.arange(len(rows)), lengths), _ranges(self.indptr[rows], lengths)


def document_frequency(words: np.ndarray, size: int) -> np.ndarray:
    """How many texts use each of ``size`` words, from the word numbers of texts that list each word
    once (`Counted.words`, a matrix's column numbers). Counted a slice at a time: `np.bincount` copies
    its input as 64-bit integers, 2.3 GB for a million articles' words."""
    frequency = np.zeros(size, dtype=np.int64)
    for lo in range(0, len(words), RENUMBER):
        frequency += np.bincount(words[lo : lo + RENUMBER], minlength=size)
    return frequency


def _columns(vocabulary: list[str]) -> np.ndarray:
    """Each word number's column: its place in sorted order."""
    column = np.empty(len(vocabulary), dtype=np.int32)
    column[sorted(range(len(vocabulary)), key=vocabulary.__getitem__)] = np.arange(len(vocabulary), dtype=np.int32)
    return column


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[i]``, ``starts[i] + 1``, … (``lengths[i]`` numbers) for each i, one after the other."""
    ends = np.cumsum(lengths)
    return np.repeat(starts - ends + lengths, lengths) + np.arange(ends[-1] if len(ends) else 0)


def weigh(counted: Counted, dtype: type = np.float64, *, out: np.ndarray | None = None) -> Weights:
    """The TF-IDF rows (as `tfidf`) of texts counted by `count_words`, weights of type ``dtype``
    (computed in float64), written to ``out`` if given: an array of ``dtype`` as long as the
    counts, which may be the counts' own memory (each count is read before its weight is written).

    Returns
    -------
    Weights
        Term frequency ``1 + ln(count)`` times smoothed inverse document frequency, rows scaled to
        unit length; words keep their numbers.
    """
    rows, size = len(counted.indptr) - 1, len(counted.vocabulary)
    idf = np.full(size, rows + 1.0)
    idf /= document_frequency(counted.words, size) + 1.0
    np.log(idf, out=idf)
    idf += 1.0
    values = np.empty(len(counted.words), dtype=dtype) if out is None else out
    # A slice of rows at a time: temporaries for every entry at once would be twice the values.
    for lo in range(0, rows, WEIGH_ROWS):
        indptr = counted.indptr[lo : lo + WEIGH_ROWS + 1]
        at = slice(indptr[0], indptr[-1])
        part = np.log(counted.counts[at].astype(np.float64))
        part += 1.0
        part *= idf[counted.words[at]]
        row = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        norms = np.sqrt(np.bincount(row, weights=part * part, minlength=len(indptr) - 1))
        part /= np.where(norms > 0, norms, 1.0)[row]
        values[at] = part
    return Weights(counted.indptr, counted.words, values, list(counted.vocabulary))
