"""Group articles about the same event into stories.

Articles are compared by TF-IDF cosine similarity of title and text (`stance.text.tfidf`: scikit-learn's
definition, sublinear term frequency, English stop words removed). Two articles can only be linked when their similarity
reaches ``threshold`` and, if both are dated, they appeared within ``window_days`` of each other.
Stories are the clusters of average-linkage agglomerative clustering cut at ``threshold``: a story
absorbs an article, or another story, only if the mean similarity across the two reaches it.

How this stays near-linear in the number of articles, and exact:

1. *Links, block by block* (`stance.group.links`). Only pairs that can be linked are compared.
   Dated articles are sorted by date and taken in blocks; a block is compared only with the
   articles from its own start to ``window_days`` after its end, so no product spans more than a
   window and a few thousand articles, and each pair is compared once. Undated articles can join
   any story, so each is compared with every article (in tiles of rows by columns), except pairs that share
   only common words too lightly to reach the threshold: for long news texts that part grows with
   (undated × all), in bounded memory. Each block is an independent task (``mapper`` runs them,
   e.g. on Dask).
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

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..model import Article, Story, TextOf, reading_order
from ..tasks import Mapper, Progress, quiet, serial_map
from ..text.slug import slug
from ..text.tfidf import tfidf
from .linkage import sparse_average_linkage, window_similarity
from .links import BLOCK_PAIRS, RANK, Grouping, Links, block_links, blocks, nearest_links

DEFAULT_THRESHOLD = 0.2
DEFAULT_WINDOW_DAYS = 7
TITLE_MAX_CHARS = 90


def group_stories(
    articles: list[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window_days: int | None = DEFAULT_WINDOW_DAYS,
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
    text_of: TextOf | None = None,
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
    text_of : callable, optional
        Reads an article's text where it was kept without it (`stance.run.store.SpanStore.text`);
        default its ``text``.

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
    text_of = text_of or _text
    # float32 weights, to 7 digits: 8 bytes an entry with the column number rather than 12.
    vectors = tfidf((f"{articles[i].title or ''}\n{text_of(articles[i])}" for i in order), dtype=np.float32)
    grouping = Grouping.build(vectors, days[order], threshold, window_days)
    labels = np.empty(len(articles), dtype=np.int64)
    labels[order] = _cluster(grouping, order, mapper, progress)
    members: dict[int, list[int]] = defaultdict(list)  # label -> ranks, in corpus order
    rank = np.empty(len(articles), dtype=np.int64)
    rank[order] = np.arange(len(articles))
    for index, label in enumerate(labels.tolist()):
        members[label].append(int(rank[index]))
    stories = [
        _story([articles[order[r]] for r in ranks], _centrality(grouping, ranks), text_of) for ranks in members.values()
    ]
    return sorted(stories, key=_newest_first)


def _centrality(grouping: Grouping, ranks: list[int]) -> np.ndarray:
    """Each member's summed similarity to the story's members, itself counting 1 (dated pairs further
    apart than the window count 0); an article alone needs no product, and most stories of a feed
    are one article.

    Sums are compared to 9 decimals, with ties going to the first id (`_story`): in a story of two
    articles both sums are 1 + their similarity. So products are summed in float64, where the
    matrix holds float32 weights, and an article's similarity to itself is 1 exactly, not the
    squared length of its rounded weights (1 ± 1e-8)."""
    if len(ranks) == 1:
        return np.ones(1)
    vectors, days = grouping.vectors[ranks].astype(np.float64), grouping.days[ranks]
    similarity = window_similarity(vectors, vectors, days, days, grouping.window_days)
    np.fill_diagonal(similarity, 1.0)
    return similarity.sum(axis=1)


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
        grouping.vectors, grouping.days, links, grouping.threshold, grouping.window_days, rows=ranks
    )


def _cluster(grouping: Grouping, order: np.ndarray, mapper: Mapper, progress: Progress = quiet) -> np.ndarray:
    """Average-linkage labels by rank, one connected component of the link graph at a time;
    labels are numbered in order of each story's first article in corpus order."""
    n = len(order)
    cut = blocks(grouping.days, grouping.window_days, pairs=BLOCK_PAIRS)
    i, j, sim = _gathered(list(mapper(block_links, grouping, cut)))
    by_pair = np.lexsort((j, i))  # one order of the links, however the blocks were cut
    i, j, sim = i[by_pair], j[by_pair], sim[by_pair]  # each copy replacing its array: one more at a time
    del by_pair
    i, j, sim = nearest_links(i, j, sim, grouping.days < 0)
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


def _gathered(found: list[Links]) -> Links:
    """The links of every block joined, in order. ``found`` is emptied as they are copied, each
    block's arrays let go once copied: at a million articles the main process had held the blocks'
    links and their join at once, beside the corpus's matrix."""
    size = sum(len(f[0]) for f in found)
    kind = np.result_type(*(f[2] for f in found)) if found else np.float64  # as np.concatenate would
    i, j, sim = np.empty(size, RANK), np.empty(size, RANK), np.empty(size, kind)
    found.reverse()
    at = 0
    while found:
        row, col, value = found.pop()
        i[at : at + len(row)], j[at : at + len(row)], sim[at : at + len(row)] = row, col, value
        at += len(row)
    return i, j, sim


def _text(article: Article) -> str:
    return article.text


def _story(articles: list[Article], centrality: np.ndarray, text_of: TextOf) -> Story:
    """A story named after its most central article (highest summed similarity to the others)."""
    order = sorted(range(len(articles)), key=lambda i: (-round(float(centrality[i]), 9), articles[i].id))
    lead = articles[order[0]]
    title = lead.title or _first_words(text_of(lead))
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
