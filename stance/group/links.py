"""Links: the pairs of articles similar enough to be one story, found without comparing every pair.

A link is a pair whose TF-IDF cosine similarity reaches the threshold (and, both dated, within the
window). Three bounds keep the search near-linear, all exact (the links are those of the full
product, up to the last bits of rounding):

1. *Blocks* (`blocks`). Dated articles are compared only with those within ``window_days``, a block
   of consecutive ranks at a time, each pair once. Undated articles are compared with every article
   in tiles of about as many rows as columns, so each product reads only its own rows and columns
   (thin slices of rows would each read the whole corpus's columns).
2. *Common words* (`block_links`). A word found in more than `COMMON_DF` articles is *common*. A
   pair that shares no other word has a similarity of at most the product of the two articles'
   weight on common words (Cauchy–Schwarz: each factor is the length of the article's vector
   restricted to them). Only pairs where that product reaches the threshold, or that share a rare
   word, are compared. In a feed of one-line items drawn from one small vocabulary, each item's own
   words (a name, a number) carry most of its weight, so nearly no pair is compared; in long news
   stories common words carry about half the weight and every pair in the window is compared, as
   without the bound.
3. *Nearest links* (`nearest_links`). Each article keeps its `MAX_LINKS` most similar links, and an
   undated article only those.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from ..text.tfidf import document_frequency

BLOCK_PAIRS = 4_000_000  # article pairs compared in one sparse product: bounds its memory (~100 MB)
MAX_LINKS = 50  # links kept per article (`nearest_links`): its 50 most similar articles place it
# A word in more articles than this is common: a rare word then costs at most 1,000 comparisons
# for each article using it, and a word in 1 of 1,000 articles is no mark of one event.
COMMON_DF = 1_000
GATHER_PAIRS = 200_000  # candidate pairs whose common-word products are computed at once
NORM_ROWS = 50_000  # rows whose common-word lengths are computed at once
Links = tuple[np.ndarray, np.ndarray, np.ndarray]  # (i, j, similarity) of linked pairs
# Ranks of linked articles (and numbers of links): 32 bits, half the memory of the links a million
# articles' blocks send back, for corpora of up to two billion articles.
RANK = np.int32


@dataclass(frozen=True)
class Grouping:
    """What every grouping task reads: the articles' TF-IDF rows and days, and the settings.

    Rows and days are in *rank* order: undated articles first, then dated ones by date.

    Attributes
    ----------
    vectors : csr_matrix
        L2-normalised TF-IDF rows (`stance.text.tfidf`), one per article.
    days : ndarray of int64
        Each article's date as an ordinal (days), −1 if undated (or dates are ignored).
    threshold : float in (0, 1]
        Minimum cosine similarity of a link, and minimum mean similarity of two groups merged.
    window_days : int or None
        Maximum gap in days between two dated articles of one story; None ignores dates.
    common : ndarray of bool
        Per column of ``vectors``: the word is in more than ``common_df`` articles.
    common_norm : ndarray of float64
        Per row: length (0–1) of the article's vector restricted to common words.
    split : bool
        Compare pairs through their rare words first (`block_links`); not where most articles weigh
        common words too much for that to skip many pairs.
    """

    vectors: csr_matrix
    days: np.ndarray
    threshold: float
    window_days: int | None
    common: np.ndarray
    common_norm: np.ndarray
    split: bool

    @classmethod
    def build(
        cls,
        vectors: csr_matrix,
        days: np.ndarray,
        threshold: float,
        window_days: int | None,
        common_df: int = COMMON_DF,
    ) -> Grouping:
        """The grouping of ``vectors``, with words in more than ``common_df`` articles counted common."""
        common = document_frequency(vectors.indices, vectors.shape[1]) > common_df
        # Each row's squared weight on common words, a slice of rows at a time: the temporaries
        # for every entry at once would be three times the matrix's values.
        squares = np.concatenate(
            [_squares(vectors[lo : lo + NORM_ROWS], common) for lo in range(0, vectors.shape[0], NORM_ROWS)]
            or [np.zeros(0)]
        )
        norm = np.sqrt(np.minimum(squares, 1.0))
        split = bool(common.any() and np.mean(norm >= math.sqrt(threshold)) < 0.5)
        return cls(vectors, days, threshold, window_days, common, norm, split)


Block = tuple[int, int, int, int]  # (lo, hi, start, end): ranks lo:hi compared with ranks start:end


def _squares(rows: csr_matrix, columns: np.ndarray) -> np.ndarray:
    """Each row's sum of squared weights in ``columns`` (a mask)."""
    return rows.multiply(rows) @ columns.astype(np.float64)


def blocks(days: np.ndarray, window_days: int | None, *, pairs: int = BLOCK_PAIRS) -> Iterator[Block]:
    """Blocks ``(lo, hi, start, end)`` of ranks: rows ``lo:hi`` are compared with rows ``start:end``
    ranked after them.

    An undated row is compared with every article ranked after it, in tiles of about √pairs rows by
    √pairs columns; a dated row with the dated articles ranked after it up to ``window_days`` after
    the block's last day (``start`` is then ``lo``).

    Parameters
    ----------
    days : ndarray of int64
        Day ordinals in rank order (undated, as −1, first).
    window_days : int or None
        Maximum gap in days between two linked dated articles; None compares every pair.
    pairs : int, default `BLOCK_PAIRS`
        Article pairs per block: about this many or fewer.

    Yields
    ------
    (int, int, int, int)
        ``(lo, hi, start, end)``, each pair of ranks i < j in exactly one block's ``lo:hi`` ×
        ``start:end``; blocks come in order of ``lo``, then of ``start``.
    """
    n = len(days)
    undated = n if window_days is None else int(np.count_nonzero(days < 0))
    lo = 0
    while lo < n:
        if lo < undated:
            # As many rows as the remaining columns allow, or a square tile.
            hi = min(undated, lo + max(1, math.isqrt(pairs), pairs // (n - lo)))
            width = max(1, pairs // (hi - lo))
            for start in range(lo, n, width):
                yield lo, hi, start, min(n, start + width)
        else:
            reach = int(np.searchsorted(days, days[lo] + window_days, side="right"))
            hi = min(n, lo + max(1, pairs // (reach - lo)))
            yield lo, hi, lo, int(np.searchsorted(days, days[hi - 1] + window_days, side="right"))
        lo = hi


def block_links(grouping: Grouping, block: Block) -> Links:
    """Ranks (i, j), i < j, and similarity of the block's pairs at or above the threshold and within the window.

    Parameters
    ----------
    grouping : Grouping
        The rows, days and settings.
    block : (int, int, int, int)
        ``(lo, hi, start, end)``, from `blocks`.

    Returns
    -------
    Links
        ``(i, j, similarity)``: ranks as arrays of `RANK`, cosine similarities (0–1).
    """
    lo, hi, start, end = block
    t = grouping.threshold
    norm_r, norm_c = grouping.common_norm[lo:hi], grouping.common_norm[start:end]
    # Pairs that common words alone could link: both lengths ≥ t, and one of them ≥ √t.
    half_r, half_c = norm_r >= math.sqrt(t), norm_c >= math.sqrt(t)
    full_r, full_c = norm_r >= t, norm_c >= t
    some_r = full_r & ~half_r
    forced = int(half_r.sum()) * int(full_c.sum()) + int(some_r.sum()) * int(half_c.sum())
    if not grouping.split or 2 * forced >= len(norm_r) * len(norm_c):
        # Most pairs must be compared: one product of the block's rows with its columns.
        rows, cols = grouping.vectors[lo:hi], grouping.vectors[start:end]
        row, col, value = _above(rows, cols, t, np.arange(lo, hi), np.arange(start, end))
    else:
        compared = [(half_r, full_c), (some_r, half_c)]
        found = [
            _above(grouping.vectors, grouping.vectors, t, lo + np.flatnonzero(r), start + np.flatnonzero(c))
            for r, c in compared
        ]
        found.append(_rare_links(grouping, block, compared))
        row, col, value = (np.concatenate(part) for part in zip(*found))
    keep = col > row
    if grouping.window_days is not None:
        a, b = grouping.days[row], grouping.days[col]
        keep &= (a < 0) | (b < 0) | (np.abs(a - b) <= grouping.window_days)
    order = np.lexsort((col[keep], row[keep]))  # one order, however the pairs were found
    return row[keep][order].astype(RANK), col[keep][order].astype(RANK), value[keep][order]


def _above(rows: csr_matrix, cols: csr_matrix, t: float, row_at: np.ndarray, col_at: np.ndarray) -> Links:
    """(row, col, similarity) of the pairs of rows ``row_at`` × columns ``col_at`` reaching ``t``."""
    if not len(row_at) or not len(col_at):
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    whole = len(col_at) == cols.shape[0] and len(row_at) == rows.shape[0]
    left, right = (cols, rows) if whole else (cols[col_at], rows[row_at])
    # The long side on the left: scipy converts the right operand, which is then the short one.
    sim = left @ right.T
    at = np.flatnonzero(sim.data >= t)  # a small share of the product: filter it first
    col = np.searchsorted(sim.indptr, at, side="right") - 1
    return row_at[sim.indices[at]], col_at[col], sim.data[at]


def _rare_links(grouping: Grouping, block: Block, compared: list[tuple[np.ndarray, np.ndarray]]) -> Links:
    """Pairs of the block sharing a rare word, outside the ``compared`` (rows, cols) masks, whose
    similarity reaches the threshold; ranks as found (row, col) and their similarity."""
    lo, hi, start, end = block
    # The block's rows and columns split into their rare and common words here, not the corpus's
    # matrix once: two more matrices as large as it, where a block's are a few thousand rows.
    rows, cols = grouping.vectors[lo:hi], grouping.vectors[start:end]
    # The rows' rare words times the columns': only the pairs sharing one come out.
    sim = (_columns(rows, ~grouping.common) @ _columns(cols, ~grouping.common).T).tocoo()
    row, col, shared = sim.row.astype(np.int64) + lo, sim.col.astype(np.int64) + start, sim.data
    keep = col > row
    for row_mask, col_mask in compared:
        keep[keep] &= ~(row_mask[row[keep] - lo] & col_mask[col[keep] - start])
    # The common words add at most the product of the two lengths.
    norm = grouping.common_norm
    keep[keep] &= shared[keep] + norm[row[keep]] * norm[col[keep]] >= grouping.threshold
    row, col, value = row[keep], col[keep], shared[keep].copy()
    common_r, common_c = _columns(rows, grouping.common), _columns(cols, grouping.common)
    for at in range(0, len(row), GATHER_PAIRS):
        part = slice(at, at + GATHER_PAIRS)
        value[part] += np.asarray(common_r[row[part] - lo].multiply(common_c[col[part] - start]).sum(axis=1)).ravel()
    keep = value >= grouping.threshold
    return row[keep], col[keep], value[keep]


def _columns(matrix: csr_matrix, wanted: np.ndarray) -> csr_matrix:
    """``matrix`` with the entries of unwanted columns dropped (same shape)."""
    kept = matrix.copy()
    kept.data *= wanted[kept.indices]
    kept.eliminate_zeros()
    return kept


def nearest_links(
    i: np.ndarray, j: np.ndarray, sim: np.ndarray, undated: np.ndarray | None = None, k: int = MAX_LINKS
) -> Links:
    """The links ``(i, j, sim)`` among the ``k`` most similar of either of their articles, or, for a
    link between an undated and a dated article, of the undated one.

    Average linkage merges two groups only along a link, and measures the merge from the members'
    vectors, not from the links; so an article needs only its closest links to be placed. In a
    corpus of near-identical texts (a feed of one-line items) every pair is linked and the links
    grow with the square of the articles: the k-nearest-neighbour graph bounds them by ``k`` per
    article, as scikit-learn's agglomerative clustering does with a connectivity graph. An undated
    article is compared with the whole corpus, so the dated articles that rank it among their
    closest grow with the corpus; its links to them are kept only by its own ranking, which bounds
    them by ``k`` too. Nothing changes unless an article has more than ``k`` links.

    Parameters
    ----------
    i, j, sim : ndarray
        Linked articles (ranks) and their similarity.
    undated : ndarray of bool, optional
        Per article: it has no date (or dates are ignored). Default: every article dated.
    k : int, default `MAX_LINKS`
        Links kept per article.

    Returns
    -------
    Links
        The links kept, in their order.
    """
    if not len(i):
        return i, j, sim
    n = int(max(i.max(), j.max())) + 1
    degree = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)  # each a 64-bit copy of its ranks
    if degree.max() <= k:
        return i, j, sim
    # Only an article with more than k links leaves some out; its links alone are ranked, so the
    # sort is as large as those articles' links, not all links (few, where most have fewer than k).
    crowded = degree > k
    del degree
    at = [np.flatnonzero(crowded[end]) for end in (i, j)]  # links by their crowded end, each side
    link = np.concatenate(at)
    ends = np.concatenate([i[at[0]], j[at[1]]])
    order = np.lexsort((link, -sim[link], ends))  # by article, most similar first
    by_end = ends[order]
    within = np.empty(len(order), dtype=bool)  # per (crowded end, link): among the end's k most similar
    within[order] = np.arange(len(order)) - np.searchsorted(by_end, by_end, side="left") < k
    del link, ends, order, by_end
    kept = np.zeros(len(i), dtype=bool)
    for end, other, picks, ranked in ((i, j, at[0], within[: len(at[0])]), (j, i, at[1], within[len(at[0]) :])):
        chooses = ~crowded[end]
        chooses[picks] = ranked
        if undated is not None:  # a dated end does not choose its link to an undated article
            chooses &= undated[end] | ~undated[other]
        kept |= chooses
    return i[kept], j[kept], sim[kept]
