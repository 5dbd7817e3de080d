"""Average-linkage clustering cut at a similarity threshold, without an n-by-n matrix.

Average linkage (UPGMA) repeatedly merges the two clusters with the highest mean pairwise
similarity, and the cut at ``threshold`` stops when that mean falls below it. Two clusters can only
reach the threshold if some pair across them does (a mean never exceeds its largest term), so the
only candidates ever needed are cluster pairs joined by a *link*, a pair of articles at or above
the threshold. `sparse_average_linkage` keeps, per cluster, the summed similarity to each linked
cluster and merges best-first from a heap; sums with a cluster it had no link to are computed from
the members' vectors when a merge makes that cluster a neighbour. Memory and time grow with the
links and the clusters' sizes, not with the square of the component.

It gives the clusters of scipy's dense ``linkage(method="average")`` cut at ``1 - threshold``, up
to floating-point rounding of means that equal the threshold to the last bits (scipy averages
distances, this averages similarities); tests compare the two.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

import numpy as np
from scipy.sparse import csr_matrix


def window_similarity(
    rows: csr_matrix, cols: csr_matrix, row_days: np.ndarray, col_days: np.ndarray, window_days: int | None
) -> np.ndarray:
    """Dense cosine similarities of L2-normalised ``rows`` × ``cols``, 0 for pairs outside the window.

    Parameters
    ----------
    rows, cols : csr_matrix
        L2-normalised TF-IDF rows of articles.
    row_days, col_days : ndarray of int
        Each article's date as an ordinal (days ≥ 0), or −1 if undated.
    window_days : int or None
        Pairs of dated articles more than this many days apart get 0; None keeps every pair.

    Returns
    -------
    ndarray of float64, shape (rows, cols)
        Cosine similarities (0–1).
    """
    sim = (rows @ cols.T).toarray()
    if window_days is not None:
        dated = np.outer(row_days >= 0, col_days >= 0)
        sim[dated & (np.abs(row_days[:, None] - col_days[None, :]) > window_days)] = 0.0
    return sim


class _CrossSums:
    """Summed windowed similarity between one cluster's members and each of several clusters',
    from the raw CSR arrays (scipy's per-call overhead would dominate for these small sets)."""

    def __init__(self, vectors: csr_matrix, days: np.ndarray, window_days: int | None, rows: np.ndarray):
        self.indptr, self.indices, self.data = vectors.indptr, vectors.indices, vectors.data
        self.days, self.window_days = days, window_days
        self.rows = rows  # position among the clustered articles -> row of ``vectors``
        self.scratch = np.zeros(vectors.shape[1])  # one row, dense, while it is compared

    def __call__(self, rows: list[int], groups: list[list[int]]) -> list[float]:
        if not groups:
            return []
        cols = self.rows[np.fromiter((c for g in groups for c in g), dtype=np.int64)]
        lengths = self.indptr[cols + 1] - self.indptr[cols]
        owner = np.repeat(np.arange(len(cols)), lengths)  # which column each stored value belongs to
        at = np.repeat(self.indptr[cols] - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        col_terms, col_weights = self.indices[at], self.data[at]
        total = np.zeros(len(cols))
        for r in self.rows[rows].tolist():
            terms = self.indices[self.indptr[r] : self.indptr[r + 1]]
            self.scratch[terms] = self.data[self.indptr[r] : self.indptr[r + 1]]
            dots = np.bincount(owner, weights=col_weights * self.scratch[col_terms], minlength=len(cols))
            self.scratch[terms] = 0.0
            if self.window_days is not None and self.days[r] >= 0:
                col_days = self.days[cols]
                dots[(col_days >= 0) & (np.abs(col_days - self.days[r]) > self.window_days)] = 0.0
            total += dots
        group_of = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
        return np.bincount(group_of, weights=total, minlength=len(groups)).tolist()


def sparse_average_linkage(
    vectors: csr_matrix,
    days: np.ndarray,
    links: tuple[np.ndarray, np.ndarray, np.ndarray],
    threshold: float,
    window_days: int | None,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """Cluster labels of average linkage cut at ``threshold``, given every link.

    Parameters
    ----------
    vectors : csr_matrix
        L2-normalised TF-IDF rows of the articles.
    days : ndarray of int
        Each article's date as an ordinal (days), −1 if undated.
    links : (ndarray, ndarray, ndarray)
        ``(i, j, similarity)`` for all pairs i < j with similarity ≥ threshold (and within the window),
        as positions among ``rows``.
    threshold : float in (0, 1]
        Minimum mean cosine similarity of two clusters merged.
    window_days : int or None
        Pairs of dated articles more than this many days apart count as similarity 0; None ignores dates.
    rows : ndarray of int, optional
        The articles clustered, as rows of ``vectors`` and ``days``; default every row. A component
        of a large corpus is clustered in place rather than copied out of the corpus's matrix.

    Returns
    -------
    ndarray of int64
        A label per article of ``rows``: 0, 1, … in order of each cluster's first member.
    """
    rows = np.arange(vectors.shape[0]) if rows is None else np.asarray(rows)
    n = len(rows)
    members: list[list[int]] = [[k] for k in range(n)]
    sums: list[dict[int, float] | None] = [{} for _ in range(n)]  # cluster -> {linked cluster: summed similarity}
    number = list(range(n))  # one int object per cluster for every dict key naming it (28 bytes each)
    for best, a, b in _best_first(links):
        sums[a][number[b]] = sums[b][number[a]] = -best
    # Candidate merges, best first: (-mean similarity, cluster, cluster). The links, sorted once, are
    # read in order beside a heap of the means a merge makes: the same order as one heap of both,
    # without a tuple per link held (200,000 synthetic articles have 1.6 million links).
    links_left = _best_first(links)
    next_link = next(links_left, None)
    heap: list[tuple[float, int, int]] = []

    cross = _CrossSums(vectors, days, window_days, rows)
    while heap or next_link is not None:
        if next_link is not None and (not heap or next_link < heap[0]):
            (best, a, b), next_link = next_link, next(links_left, None)
        else:
            best, a, b = heapq.heappop(heap)
        if sums[a] is None or sums[b] is None:
            continue  # one of them was merged since this entry was pushed
        if -best < threshold:
            break
        near_a, near_b = sums[a], sums[b]
        merged = {c: s + near_b[c] for c, s in near_a.items() if c in near_b}
        # A cluster linked to only one of the two: its sum with the other is computed afresh.
        only_a = [c for c in near_a if c != b and c not in near_b]
        only_b = [c for c in near_b if c != a and c not in near_a]
        for c, s in zip(only_a, cross(members[b], [members[c] for c in only_a])):
            merged[c] = near_a[c] + s
        for c, s in zip(only_b, cross(members[a], [members[c] for c in only_b])):
            merged[c] = near_b[c] + s
        m = len(members)
        members.append(members[a] + members[b])
        members[a] = members[b] = []
        sums[a] = sums[b] = None
        sums.append(merged)
        size = len(members[m])
        for c, s in merged.items():
            near_c = sums[c]
            near_c.pop(a, None)
            near_c.pop(b, None)
            near_c[m] = s
            # A mean below the threshold is never merged (the loop would stop at it): not pushed.
            if (mean := s / (size * len(members[c]))) >= threshold:
                heapq.heappush(heap, (-mean, m, c))
    labels = np.empty(n, dtype=np.int64)
    clusters = sorted((min(group), group) for group, alive in zip(members, sums) if alive is not None and group)
    for label, (_, group) in enumerate(clusters):
        labels[group] = label
    return labels


def _best_first(
    links: tuple[np.ndarray, np.ndarray, np.ndarray], chunk: int = 65_536
) -> Iterator[tuple[float, int, int]]:
    """``(-similarity, i, j)`` of each link, in ascending order (most similar first), as Python
    numbers a chunk at a time."""
    i, j, similarity = links
    order = np.lexsort((j, i, -similarity))
    for lo in range(0, len(order), chunk):
        at = order[lo : lo + chunk]
        yield from zip((-similarity[at]).tolist(), i[at].tolist(), j[at].tolist())
