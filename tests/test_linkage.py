"""Story grouping at scale must give exactly what the dense, all-pairs computation gives."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from stance.group import stories
from stance.group.linkage import sparse_average_linkage, window_similarity
from stance.group.links import Grouping, block_links, blocks
from stance.group.stories import DEFAULT_THRESHOLD, group_stories
from stance.readers.corpus import read_corpus
from stance.run.measure import annotate_all
from stance.text.tfidf import tfidf

rank_days = st.lists(st.integers(min_value=0, max_value=40), max_size=60).flatmap(
    lambda dated: st.integers(min_value=0, max_value=8).map(lambda undated: np.array([-1] * undated + sorted(dated)))
)


@settings(max_examples=300, deadline=None)
@given(
    days=rank_days,
    window=st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
    pairs=st.integers(min_value=1, max_value=200),
)
def test_blocks_compare_every_linkable_pair_exactly_once(days, window, pairs):
    compared = [
        (i, j)
        for lo, hi, start, end in blocks(days, window, pairs=pairs)
        for i in range(lo, hi)
        for j in range(max(i + 1, start), end)
    ]
    assert len(compared) == len(set(compared))
    linkable = {
        (i, j)
        for i, j in itertools.combinations(range(len(days)), 2)
        if window is None or days[i] < 0 or days[j] < 0 or days[j] - days[i] <= window
    }
    assert linkable <= set(compared)


def scipy_labels(vectors, days, window_days, threshold=DEFAULT_THRESHOLD) -> list[int]:
    """Average linkage on the dense distance matrix, numbered by first member like ours."""
    distance = 1.0 - window_similarity(vectors, vectors, days, days, window_days)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(
        linkage(squareform(np.clip(distance, 0, 1), checks=False), method="average"),
        t=1 - threshold,
        criterion="distance",
    )
    first: dict[int, int] = {}
    return [first.setdefault(label, len(first)) for label in labels.tolist()]


def vectors_of(folder, window_days):
    articles = annotate_all(read_corpus([folder])[0])
    days = np.array([a.date.toordinal() if a.date and window_days is not None else -1 for a in articles])
    order = np.lexsort((np.arange(len(articles)), days, days >= 0))
    texts = [f"{articles[i].title or ''}\n{articles[i].text}" for i in order]
    return tfidf(texts), days[order]


def all_links(vectors, days, window_days, threshold=DEFAULT_THRESHOLD):
    sim = np.triu(window_similarity(vectors, vectors, days, days, window_days), k=1)
    i, j = np.nonzero(sim >= threshold)
    return i, j, sim[i, j]


@pytest.mark.parametrize("window_days", [7, None])
def test_sparse_average_linkage_equals_scipy_on_real_articles(basil, window_days):
    vectors, days = vectors_of(basil / "articles", window_days)
    ours = sparse_average_linkage(vectors, days, all_links(vectors, days, window_days), DEFAULT_THRESHOLD, window_days)
    expected = scipy_labels(vectors, days, window_days)
    assert len(set(expected)) > 40  # BASIL's 50 events: a real clustering, not one blob
    assert ours.tolist() == expected


def test_sparse_average_linkage_equals_scipy_on_seeds():
    vectors, days = vectors_of(SEEDS, 7)
    for threshold in (0.1, 0.2, 0.3):
        ours = sparse_average_linkage(vectors, days, all_links(vectors, days, 7, threshold), threshold, 7)
        assert ours.tolist() == scipy_labels(vectors, days, 7, threshold)


def test_clustering_rows_in_place_equals_clustering_their_copy(basil):
    vectors, days = vectors_of(basil / "articles", 7)
    rows = np.arange(vectors.shape[0])[::2][::-1]  # every second article, in reverse
    links = all_links(vectors[rows], days[rows], 7)
    copied = sparse_average_linkage(vectors[rows], days[rows], links, DEFAULT_THRESHOLD, 7)
    assert len(set(copied.tolist())) > 30
    assert sparse_average_linkage(vectors, days, links, DEFAULT_THRESHOLD, 7, rows=rows).tolist() == copied.tolist()


def story_sets(grouped):
    return sorted(sorted(a.id for a in s.articles) for s in grouped)


def test_small_blocks_change_nothing(basil, monkeypatch):
    articles = annotate_all(read_corpus([basil / "articles"])[0])
    # Undated copies of a few articles join stories across the whole corpus.
    undated = [replace(a, id=a.id + "#undated", date=None) for a in articles[::25]]
    corpus = articles + undated
    expected = group_stories(corpus)
    monkeypatch.setattr(stories, "BLOCK_PAIRS", 50)  # hundreds of blocks
    assert story_sets(group_stories(corpus)) == story_sets(expected)


def test_nearest_links_keep_each_articles_closest_and_change_nothing_below_the_cap():
    from stance.group.links import nearest_links

    rng = np.random.default_rng(3)
    n = 12
    i, j = np.triu_indices(n, 1)  # every pair linked, as in a feed of near-identical items
    sim = np.round(rng.uniform(0.2, 1.0, len(i)), 6)
    same = nearest_links(i, j, sim, k=n)  # no article has more than n - 1 links: nothing changes
    assert all(np.array_equal(a, b) for a, b in zip(same, (i, j, sim)))
    ki, kj, _ = nearest_links(i, j, sim, k=3)
    kept = set(zip(ki.tolist(), kj.tolist()))

    def closest(article: int) -> set[tuple[int, int]]:
        mine = sorted(((s, int(x), int(y)) for x, y, s in zip(i, j, sim) if article in (x, y)), reverse=True)
        return {(x, y) for _, x, y in mine[:3]}

    assert all(closest(a) <= kept for a in range(n))  # each article keeps its three closest links
    assert all((x, y) in closest(x) | closest(y) for x, y in kept)  # and only those
    assert len(kept) < len(i)


def test_an_undated_article_keeps_only_its_own_closest_links_to_dated_ones():
    from stance.group.links import nearest_links

    # Article 0 is undated and linked to 20 dated articles; each of those is also linked to the next one.
    dated = np.arange(1, 21)
    i = np.concatenate([np.zeros(20, dtype=np.int64), dated[:-1]])
    j = np.concatenate([dated, dated[1:]])
    sim = np.concatenate([np.linspace(0.9, 0.3, 20), np.full(19, 0.25)])
    undated = np.zeros(21, dtype=bool)
    undated[0] = True
    either = set(zip(*(x.tolist() for x in nearest_links(i, j, sim, k=5)[:2])))
    chosen = set(zip(*(x.tolist() for x in nearest_links(i, j, sim, undated, k=5)[:2])))
    # Every dated article ranks the undated one among its 5 closest: by either end, all 20 stay.
    assert {(0, d) for d in dated.tolist()} <= either
    # The undated article chooses: its 5 most similar (articles 1-5); dated pairs are untouched.
    assert {(a, b) for a, b in chosen if a == 0} == {(0, d) for d in range(1, 6)}
    assert {(a, b) for a, b in chosen if a != 0} == {(a, b) for a, b in either if a != 0}


def test_nearest_links_match_their_definition_where_only_some_articles_have_too_many():
    from stance.group.links import nearest_links

    rng = np.random.default_rng(5)
    n, k = 40, 4
    pairs = np.unique(np.sort(rng.integers(0, n, (300, 2)), axis=1), axis=0)
    pairs = pairs[pairs[:, 0] < pairs[:, 1]]
    i, j = pairs[:, 0], pairs[:, 1]
    sim = np.round(rng.uniform(0.2, 1.0, len(i)), 1)  # many ties: broken by the links' order
    undated = rng.uniform(size=n) < 0.3
    degree = np.bincount(np.concatenate([i, j]), minlength=n)
    assert (degree > k).any() and (degree[np.unique(np.concatenate([i, j]))] <= k).any()

    def chosen_by(end: int) -> set[int]:  # its k most similar links, the first on ties
        mine = sorted((-sim[x], x) for x in range(len(i)) if end in (i[x], j[x]))
        return {x for _, x in mine[:k] if undated[end] or not undated[i[x] + j[x] - end]}

    expected = sorted(set().union(*(chosen_by(end) for end in range(n))))
    ki, kj, ks = nearest_links(i, j, sim, undated, k=k)
    assert (ki.tolist(), kj.tolist(), ks.tolist()) == (
        i[expected].tolist(),
        j[expected].tolist(),
        sim[expected].tolist(),
    )


def pruned_links(vectors, days, window_days, common_df):
    grouping = Grouping.build(vectors, days, DEFAULT_THRESHOLD, window_days, common_df=common_df)
    found = [block_links(grouping, block) for block in blocks(days, window_days, pairs=5_000)]
    return grouping, {(int(a), int(b)): s for f in found for a, b, s in zip(*f)}


@pytest.mark.parametrize("window_days", [7, None])
@pytest.mark.parametrize("common_df", [3, 10, 40])
def test_links_skipping_common_words_are_the_links_of_every_pair(basil, window_days, common_df):
    vectors, days = vectors_of(basil / "articles", window_days)
    grouping, found = pruned_links(vectors, days, window_days, common_df)
    assert grouping.common.sum() > 50  # words in more than common_df of BASIL's 150 articles
    i, j, sim = all_links(vectors, days, window_days)
    assert set(found) == set(zip(i.tolist(), j.tolist()))
    assert np.allclose([found[k] for k in zip(i.tolist(), j.tolist())], sim, rtol=0, atol=1e-12)


def test_a_feed_of_one_line_items_is_linked_exactly_without_comparing_its_common_words():
    # Items of one vocabulary, each with a headline and its own place; a few repeat another's place.
    rng = np.random.default_rng(5)
    vocabulary = "storm power outage crews road closed schools river flood warning".split()
    places = [f"place{k}" for k in range(400)]
    texts = [f"Update {places[k % 400]}\n{' '.join(rng.choice(vocabulary, 4))} {places[k % 400]}" for k in range(480)]
    vectors, days = tfidf(texts), np.full(480, -1)
    grouping, found = pruned_links(vectors, days, None, common_df=50)
    assert grouping.common.sum() == len(vocabulary) + 1  # and "update"
    # Common words alone could link a pair only if one of its items weighs them at √threshold or more.
    assert 0 < np.mean(grouping.common_norm >= np.sqrt(DEFAULT_THRESHOLD)) < 0.1
    assert grouping.split  # so pairs are compared through their rare words
    i, j, sim = all_links(vectors, days, None)
    assert len(i) >= 80  # the items sharing a place
    assert set(found) == set(zip(i.tolist(), j.tolist()))
    assert np.allclose([found[k] for k in zip(i.tolist(), j.tolist())], sim, rtol=0, atol=1e-12)
