"""Group articles about the same event into stories.

Articles are compared by TF-IDF cosine similarity of title and text (`stance.text.tfidf`: scikit-learn's
definition, sublinear term frequency, English stop words removed). Two articles can only be linked when their similarity
reaches ``threshold`` and, if both are dated, they appeared within ``window_days`` of each other.
Stories are the clusters of average-linkage agglomerative clustering cut at ``threshold``: a story
absorbs an article, or another story, only if the mean similarity across the two reaches it.

How this stays near-linear in the number of articles, and exact:

1. *Links, block by block.* Only pairs that can be linked are compared. Dated articles are sorted
   by date and taken in blocks; a block is compared (one sparse product) only with the articles
   from its own start to ``window_days`` after its end, so no product spans more than a window
   and a few thousand articles, and each pair is compared once. Undated articles can join any
   story, so each is compared with every article (in blocks too): that part grows with
   (undated × all), and with no dates at all (``window_days=None``) grouping is quadratic, in
   bounded memory. Each block is an independent task (``mapper`` runs them, e.g. on Dask).
2. *Components.* Average linkage can only merge groups that share at least one pair at or above
   the threshold (a mean reaches it only if some pair does), so clustering each connected
   component of the link graph on its own gives exactly the global result, with a dense matrix
   only as large as the component.
3. *Sparse linkage.* In a large corpus, stories that share a few names and days chain into
   components of thousands of articles (on the synthetic 10,000-article corpus of bench/corpus.py,
   one component holds almost all of them). Every component is clustered by
   `stance.group.linkage.sparse_average_linkage`, the same average linkage computed from the links and
   the members' vectors, without an m-by-m matrix (tests check it against scipy's dense
   ``linkage``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from ..model import Article, Story, reading_order
from ..tasks import Mapper, Progress, quiet, serial_map
from ..text.slug import slug
from ..text.tfidf import tfidf
from .linkage import sparse_average_linkage, window_similarity

DEFAULT_THRESHOLD = 0.2
DEFAULT_WINDOW_DAYS = 7
TITLE_MAX_CHARS = 90
BLOCK_PAIRS = 4_000_000  # article pairs compared in one sparse product: bounds its memory (~100 MB)
MAX_LINKS = 50  # links kept per article (`nearest_links`): its 50 most similar articles place it
Links = tuple[np.ndarray, np.ndarray, np.ndarray]  # (i, j, similarity) of linked pairs


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
    """

    vectors: csr_matrix
    days: np.ndarray
    threshold: float
    window_days: int | None


def group_stories(
    articles: list[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window_days: int | None = DEFAULT_WINDOW_DAYS,
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
) -> list[Story]:
    """Cluster ``articles`` into stories.

    Parameters
    ----------
    articles : list of Article
        Their ``title``, ``text`` and ``date`` are read.
    threshold : float in (0, 1], default 0.2
        Minimum mean cosine similarity (TF-IDF) between two groups for them to be one story.
    window_days : int or None, default 7
        Maximum gap in days between two dated articles of one story; None ignores dates.
    mapper : Mapper, default `stance.tasks.serial_map`
        Runs the per-block link search and the per-component clustering (in this process, a
        process pool or a Dask cluster). The result does not depend on it.
    progress : Progress, default `stance.tasks.quiet`
        Wraps the iteration over the connected groups of linked articles as they are clustered.

    Returns
    -------
    list of Story
        Stories newest first (undated last), each with its articles in `reading_order`.

    Raises
    ------
    ValueError
        If ``threshold`` is not in (0, 1].
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"The 'threshold' parameter of group_stories must be in (0, 1]. Got {threshold!r} instead.")
    if not articles:
        return []
    days = np.array(
        [a.date.toordinal() if a.date and window_days is not None else -1 for a in articles], dtype=np.int64
    )
    order = np.lexsort((np.arange(len(articles)), days, days >= 0))  # rank -> corpus index
    # Rows come out the same whatever the document order (the vocabulary is sorted), so the
    # matrix is built in rank order and every window is a run of consecutive rows.
    # A generator, not a list: `tfidf` reads the texts a batch at a time, so the joined copies of
    # title and text (as large as the corpus) never exist all at once.
    vectors = tfidf(f"{articles[i].title or ''}\n{articles[i].text}" for i in order)
    grouping = Grouping(vectors, days[order], threshold, window_days)
    labels = np.empty(len(articles), dtype=np.int64)
    labels[order] = _cluster(grouping, order, mapper, progress)
    members: dict[int, list[int]] = defaultdict(list)  # label -> ranks, in corpus order
    rank = np.empty(len(articles), dtype=np.int64)
    rank[order] = np.arange(len(articles))
    for index, label in enumerate(labels.tolist()):
        members[label].append(int(rank[index]))
    stories = [
        _story(
            [articles[order[r]] for r in ranks], _dense_similarity(vectors[ranks], grouping.days[ranks], window_days)
        )
        for ranks in members.values()
    ]
    return sorted(stories, key=_newest_first)


def _dense_similarity(vectors: csr_matrix, days: np.ndarray, window_days: int | None) -> np.ndarray:
    """Cosine similarities among a few articles, set to 0 for dated pairs further apart than the window."""
    return window_similarity(vectors, vectors, days, days, window_days)


def blocks(days: np.ndarray, window_days: int | None, *, pairs: int = BLOCK_PAIRS) -> Iterator[tuple[int, int, int]]:
    """Blocks ``(lo, hi, end)`` of ranks: rows ``lo:hi`` are compared with rows ``lo:end``.

    An undated row is compared with every article ranked after it; a dated row with the dated
    articles ranked after it up to ``window_days`` after the block's last day.

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
    (int, int, int)
        ``(lo, hi, end)``; the blocks' rows ``lo:hi`` follow one another and cover every rank.
    """
    n = len(days)
    undated = int(np.count_nonzero(days < 0))
    lo = 0
    while lo < n:
        if lo < undated or window_days is None:
            hi = min(undated if lo < undated else n, lo + max(1, pairs // (n - lo)))
            end = n
        else:
            reach = int(np.searchsorted(days, days[lo] + window_days, side="right"))
            hi = min(n, lo + max(1, pairs // (reach - lo)))
            end = int(np.searchsorted(days, days[hi - 1] + window_days, side="right"))
        yield lo, hi, end
        lo = hi


def block_links(grouping: Grouping, block: tuple[int, int, int]) -> Links:
    """Ranks (i, j), i < j, and similarity of the block's pairs at or above the threshold and within the window.

    Parameters
    ----------
    grouping : Grouping
        The rows, days and settings.
    block : (int, int, int)
        ``(lo, hi, end)``, from `blocks`.

    Returns
    -------
    Links
        ``(i, j, similarity)``: ranks as arrays of int, cosine similarities (0–1) as float64.
    """
    lo, hi, end = block
    # The long side on the left: scipy converts the right operand, which is then the short one.
    sim = grouping.vectors[lo:end] @ grouping.vectors[lo:hi].T
    at = np.flatnonzero(sim.data >= grouping.threshold)  # a small share of the product: filter it first
    col, row, value = np.searchsorted(sim.indptr, at, side="right") - 1, sim.indices[at], sim.data[at]
    keep = col > row
    if grouping.window_days is not None:
        a, b = grouping.days[lo + row], grouping.days[lo + col]
        keep &= (a < 0) | (b < 0) | (np.abs(a - b) <= grouping.window_days)
    return lo + row[keep], lo + col[keep], value[keep]


def nearest_links(i: np.ndarray, j: np.ndarray, sim: np.ndarray, k: int = MAX_LINKS) -> Links:
    """The links ``(i, j, sim)`` that are among the ``k`` most similar of either of their articles.

    Average linkage merges two groups only along a link, and measures the merge from the members'
    vectors, not from the links; so an article needs only its closest links to be placed. In a
    corpus of near-identical texts (a feed of one-line items) every pair is linked and the links
    grow with the square of the articles: the k-nearest-neighbour graph bounds them by ``k`` per
    article, as scikit-learn's agglomerative clustering does with a connectivity graph. Nothing
    changes unless an article has more than ``k`` links.

    Returns
    -------
    Links
        The links kept, in their order.
    """
    ends = np.concatenate([i, j])
    if not len(ends) or np.bincount(ends).max() <= k:
        return i, j, sim
    link = np.tile(np.arange(len(i)), 2)
    order = np.lexsort((link, -np.concatenate([sim, sim]), ends))  # by article, most similar first
    by_end = ends[order]
    rank = np.arange(len(order)) - np.searchsorted(by_end, by_end, side="left")
    kept = np.unique(link[order[rank < k]])
    return i[kept], j[kept], sim[kept]


def component_labels(grouping: Grouping, component: tuple[np.ndarray, Links]) -> np.ndarray:
    """Average-linkage cluster labels (0, 1, …) of one connected component.

    Parameters
    ----------
    grouping : Grouping
        The rows, days and settings.
    component : (ndarray, Links)
        Its members' ranks, and its links: positions among those members, and similarity.

    Returns
    -------
    ndarray of int64
        A label per member, numbered in order of each cluster's first member.
    """
    ranks, links = component
    return sparse_average_linkage(
        grouping.vectors[ranks], grouping.days[ranks], links, grouping.threshold, grouping.window_days
    )


def _cluster(grouping: Grouping, order: np.ndarray, mapper: Mapper, progress: Progress = quiet) -> np.ndarray:
    """Average-linkage labels by rank, one connected component of the link graph at a time;
    labels are numbered in order of each story's first article in corpus order."""
    n = len(order)
    found = list(mapper(block_links, grouping, blocks(grouping.days, grouping.window_days, pairs=BLOCK_PAIRS)))
    i, j, sim = nearest_links(*(np.concatenate([f[k] for f in found]) for k in range(3)))
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n)).tocsr()
    _, component = connected_components(graph, directed=False)
    # Each component's members by corpus index (the order scipy saw before ranks existed, which
    # decides ties), and its links as positions among them.
    by_corpus = np.argsort(order)  # ranks in corpus order
    by_component = np.split(
        by_corpus[np.argsort(component[by_corpus], kind="stable")], np.cumsum(np.bincount(component))[:-1]
    )
    position = np.empty(n, dtype=np.int64)
    for ranks in by_component:
        position[ranks] = np.arange(len(ranks))
    link_order = np.argsort(component[i], kind="stable")
    links_of = np.split(link_order, np.searchsorted(component[i][link_order], np.arange(1, len(by_component))))
    work = (
        (ranks, (position[i[k]], position[j[k]], sim[k])) for ranks, k in zip(by_component, links_of) if len(ranks) > 1
    )
    results = iter(mapper(component_labels, grouping, work))
    labels = np.empty(n, dtype=np.int64)
    next_label = 0
    for ranks in progress(by_component, len(by_component), "Grouping stories"):
        sub = next(results) if len(ranks) > 1 else np.zeros(1, dtype=np.int64)
        labels[ranks] = sub + next_label
        next_label += int(sub.max()) + 1
    # Renumber by first member in corpus order so labels do not depend on discovery order.
    first: dict[int, int] = {}
    renumbered = [first.setdefault(int(label), len(first)) for label in labels[by_corpus]]
    out = np.empty(n, dtype=np.int64)
    out[by_corpus] = renumbered
    return out


def _story(articles: list[Article], similarity: np.ndarray) -> Story:
    """A story named after its most central article (highest summed similarity to the others)."""
    centrality = similarity.sum(axis=1)
    order = sorted(range(len(articles)), key=lambda i: (-round(float(centrality[i]), 9), articles[i].id))
    lead = articles[order[0]]
    title = lead.title or _first_words(lead.text)
    digest = hashlib.sha1(lead.id.encode("utf-8")).hexdigest()[:8]
    ordered = sorted(articles, key=reading_order)
    return Story(id=f"{slug(title)}-{digest}", title=title, articles=tuple(ordered))


def _first_words(text: str) -> str:
    words = text.split()
    title = ""
    for word in words:
        if len(title) + len(word) + 1 > TITLE_MAX_CHARS:
            return title + "…"
        title = f"{title} {word}".strip()
    return title


def _newest_first(story: Story) -> tuple:
    dates = story.dates
    return (not dates, -(dates[-1].toordinal()) if dates else 0, story.id)
