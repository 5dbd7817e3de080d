"""Group articles about the same event into stories.

Articles are compared by TF-IDF cosine similarity of title and text (scikit-learn; sublinear term
frequency, English stop words removed). Two articles can only be linked when their similarity
reaches ``threshold`` and, if both are dated, they appeared within ``window_days`` of each other.
Stories are the clusters of average-linkage agglomerative clustering cut at ``threshold``: a story
absorbs an article, or another story, only if the mean similarity across the two reaches it.

Average linkage can only merge groups that share at least one pair at or above the threshold, so
clustering each connected component of the thresholded similarity graph separately gives exactly
the global result while never building an n-by-n dense matrix.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Article, Story

DEFAULT_THRESHOLD = 0.2
DEFAULT_WINDOW_DAYS = 7
TITLE_MAX_CHARS = 90


def group_stories(
    articles: list[Article], *, threshold: float = DEFAULT_THRESHOLD, window_days: int | None = DEFAULT_WINDOW_DAYS
) -> list[Story]:
    """Cluster ``articles`` into stories.

    Parameters
    ----------
    threshold : float in (0, 1], default 0.2
        Minimum mean cosine similarity (TF-IDF) between two groups for them to be one story.
    window_days : int or None, default 7
        Maximum gap in days between two dated articles of one story; None ignores dates.

    Returns stories newest first (undated last), each with its articles in (date, outlet, id) order.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"The 'threshold' parameter of group_stories must be in (0, 1]. Got {threshold!r} instead.")
    if not articles:
        return []
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float64).fit_transform(
        [f"{a.title or ''}\n{a.text}" for a in articles]
    )
    days = np.array([a.date.toordinal() if a.date else -1 for a in articles])
    labels = _cluster(tfidf, days, threshold, window_days)
    members: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members[label].append(index)
    stories = [_story([articles[i] for i in idx], _dense_similarity(tfidf[idx], days[idx], window_days)) for idx in members.values()]
    return sorted(stories, key=_newest_first)


def _dense_similarity(tfidf: csr_matrix, days: np.ndarray, window_days: int | None) -> np.ndarray:
    """Cosine similarities among a few articles, set to 0 for dated pairs further apart than the window."""
    sim = (tfidf @ tfidf.T).toarray()
    if window_days is not None:
        dated = days >= 0
        sim[np.outer(dated, dated) & (np.abs(days[:, None] - days[None, :]) > window_days)] = 0.0
    return sim


def _links(tfidf: csr_matrix, days: np.ndarray, threshold: float, window_days: int | None) -> csr_matrix:
    """Sparse graph of article pairs similar enough (and close enough in time) to share a story."""
    sim = (tfidf @ tfidf.T).tocoo()
    keep = sim.data >= threshold
    if window_days is not None:
        a, b = days[sim.row], days[sim.col]
        keep &= (a < 0) | (b < 0) | (np.abs(a - b) <= window_days)
    return coo_matrix((sim.data[keep], (sim.row[keep], sim.col[keep])), shape=sim.shape).tocsr()


def _cluster(tfidf: csr_matrix, days: np.ndarray, threshold: float, window_days: int | None) -> list[int]:
    """Average-linkage labels, one connected component of the link graph at a time."""
    n_components, component = connected_components(_links(tfidf, days, threshold, window_days), directed=False)
    labels = np.empty(tfidf.shape[0], dtype=np.int64)
    next_label = 0
    for c in range(n_components):
        idx = np.flatnonzero(component == c)
        if len(idx) == 1:
            sub = np.zeros(1, dtype=np.int64)
        else:
            distance = 1.0 - _dense_similarity(tfidf[idx], days[idx], window_days)
            np.fill_diagonal(distance, 0.0)
            tree = linkage(squareform(np.clip(distance, 0.0, 1.0), checks=False), method="average")
            sub = fcluster(tree, t=1.0 - threshold, criterion="distance") - 1
        labels[idx] = sub + next_label
        next_label += int(sub.max()) + 1
    # Renumber by first member so labels do not depend on component discovery order.
    first: dict[int, int] = {}
    return [first.setdefault(int(label), len(first)) for label in labels]


def _story(articles: list[Article], similarity: np.ndarray) -> Story:
    """A story named after its most central article (highest summed similarity to the others)."""
    centrality = similarity.sum(axis=1)
    order = sorted(range(len(articles)), key=lambda i: (-round(float(centrality[i]), 9), articles[i].id))
    lead = articles[order[0]]
    title = lead.title or _first_words(lead.text)
    digest = hashlib.sha1(lead.id.encode("utf-8")).hexdigest()[:8]
    ordered = sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.outlet, a.id))
    return Story(id=f"{slug(title)}-{digest}", title=title, articles=tuple(ordered))


def _first_words(text: str) -> str:
    words = text.split()
    title = ""
    for word in words:
        if len(title) + len(word) + 1 > TITLE_MAX_CHARS:
            return title + "…"
        title = f"{title} {word}".strip()
    return title


def slug(text: str, max_words: int = 6) -> str:
    """A file-safe name: lowercase ASCII letters and digits joined by hyphens, never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "story"


def _newest_first(story: Story) -> tuple:
    dates = story.dates
    return (not dates, -(dates[-1].toordinal()) if dates else 0, story.id)
