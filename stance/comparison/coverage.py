"""Coverage and omission: the facts of a story aligned across its outlets.

A *fact* is a group of sentences, from different outlets, that report the same thing. Sentences are
compared by TF-IDF cosine similarity (`stance.text.tfidf`, scikit-learn's definition; IDF fitted on the
story's own sentences, so the names every report repeats weigh little; sublinear term frequency;
English stop words and reporting verbs removed, since "said" says who spoke, not what happened).
Two sentences match when their similarity is at least `SIMILARITY`, they share at least
`MIN_SHARED` content words, and they share the event's participants (`stance.comparison.participants`): when both
name people, places or numbers, they name at least one in common, so "Ana Ruiz arrived at the
hospital" and "Ben Ortiz was discharged from the hospital" are two facts. For each pair of
outlets, sentences are paired one-to-one by the Hungarian algorithm (the pairing with the largest
total similarity); facts are the connected groups of matched sentences. A sentence that matches
nothing is a fact reported by its outlet alone.

A fact counts once per independent source: outlets whose sentences of it one copied from the other
(`stance.comparison.copies`: the same wire copy) are one source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..model import Article, Story
from ..text import lexicons
from ..text.tfidf import Counted, Weights, count_words, weigh
from .participants import compatible, participants_and_opener

# Why 0.3: two different sentences of one article report different facts yet share the story's
# names, so their similarities are a null distribution. With reporting verbs removed and two shared
# words required, 0.3 is above 99.6% of those pairs in BASIL (57,877 pairs) and 99.8% in the seed
# corpus; below it, matches across outlets are mostly sentences that share a name and little else.
SIMILARITY = 0.3
MIN_SHARED = 2  # content words two matching sentences share: a fact relates at least two things
WHOLE_STORY = 2_000  # sentences compared in one product (2 × 32 MB); beyond, pair of outlets by pair


class FactSentence(NamedTuple):
    """One sentence of one article: ``text == article.text[start:end]`` (character offsets).

    A named tuple: a story has hundreds, and a story's comparison is sent from the worker that made it.

    Attributes
    ----------
    article_id, outlet : str
        The article and its outlet.
    start, end : int
        Character offsets into the article's text (end exclusive).
    text : str
        The sentence.
    """

    article_id: str
    outlet: str
    start: int
    end: int
    text: str


class Fact(NamedTuple):
    """Sentences from one or more outlets that report the same thing.

    Attributes
    ----------
    id : str
        ``fact-<n>``, numbered from 1 in the order of `Coverage.facts`.
    sentences : tuple of FactSentence
        By outlet, article and offset.
    outlets : tuple of str
        The outlets that report it, sorted.
    similarity : float
        The mean cosine similarity (0–1) of the matched sentence pairs that tie the fact together
        (0 for a fact one sentence reports), to 3 decimals.
    sources : int
        Its independent sources: its outlets, those whose sentence of it one copied from another's
        counted once (module docstring).
    """

    id: str
    sentences: tuple[FactSentence, ...]
    outlets: tuple[str, ...]
    similarity: float
    sources: int

    def in_outlet(self, outlet: str) -> tuple[FactSentence, ...]:
        """The fact's sentences from ``outlet``."""
        return tuple(s for s in self.sentences if s.outlet == outlet)

    def same_words_as(self, sentence: FactSentence) -> str | None:
        """The outlet of an earlier sentence of the fact with the same words as ``sentence`` (spacing
        aside), the first of them; None if it is the first with its words. Pages show a sentence's
        words once per fact."""
        words = sentence.text.split()
        for s in self.sentences:
            if s == sentence:
                return None
            if s.text.split() == words:
                return s.outlet
        return None


@dataclass(frozen=True)
class OutletCoverage:
    """What one outlet reports of a story, as fact ids.

    ``facts`` is ``shared`` plus the number of facts in ``alone``.

    Attributes
    ----------
    outlet : str
        The outlet.
    facts : int
        How many facts it reports.
    shared : int
        How many of those other outlets report too.
    alone : tuple of str
        The facts only it reports.
    leaves_out : tuple of str
        The facts a strict majority of the other outlets report but it does not.
    """

    outlet: str
    facts: int
    shared: int
    alone: tuple[str, ...]
    leaves_out: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """A story's facts (most widely reported first, then in the order the articles tell them).

    Attributes
    ----------
    outlets : tuple of str
        The story's outlets, sorted.
    facts : tuple of Fact
        Every sentence of the story is in one fact.
    per_outlet : tuple of OutletCoverage
        One per outlet, in the order of ``outlets``.
    """

    outlets: tuple[str, ...]
    facts: tuple[Fact, ...]
    per_outlet: tuple[OutletCoverage, ...]

    @property
    def shared(self) -> tuple[Fact, ...]:
        """Facts reported by two or more outlets."""
        return tuple(f for f in self.facts if len(f.outlets) > 1)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words plus one-word reporting verbs (the `attribution` lexicon; hyphenated ones
    such as "re-emphasised" are two tokens to TF-IDF, so left out)."""
    verbs = {w for w in lexicons.load("attribution") if " " not in w and "-" not in w}
    return frozenset(lexicons.load("stop_words") | verbs)


@dataclass(frozen=True)
class StorySentences:
    """A story's sentences, in article order, and the words of each counted (`stance.text.tfidf`).

    Read once for both the coverage and the headline checks, which weigh them with different IDF.

    Attributes
    ----------
    units : list of FactSentence
        Every sentence of the story's articles.
    words : Counted
        Their words, sentence by sentence; `stop_words` dropped.
    """

    units: list[FactSentence]
    words: Counted

    @classmethod
    def of(cls, story: Story) -> StorySentences:
        """The sentences (``sentence`` spans) of ``story``'s articles, their words counted."""
        units = [s for a in story.articles for s in sentences_of(a)]
        return cls(units, count_words([u.text for u in units], stop=stop_words()))


def similarity(weights: Weights, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine similarities of TF-IDF rows, 0 where two share fewer than `MIN_SHARED` words.

    Callers pass blocks (a story's sentences, a pair of outlets' in a large story, headlines ×
    sentences) whose size they bound.

    Parameters
    ----------
    weights : Weights
        TF-IDF rows of unit length.
    rows, cols : ndarray of int
        Row numbers of ``weights``.

    Returns
    -------
    ndarray of float64, shape (len(rows), len(cols))
        Cosine similarities (0–1).
    """
    sim, shared = weights.products(rows, cols)  # rows of unit length: products are cosines
    sim[shared < MIN_SHARED] = 0.0
    return sim


def sentences_of(article: Article) -> list[FactSentence]:
    """A `FactSentence` per ``sentence`` span of ``article``, in order."""
    return [
        FactSentence(article.id, article.outlet, s.start, s.end, article.text[s.start : s.end])
        for s in article.spans_labelled("sentence")
    ]


def coverage(story: Story, sentences: StorySentences | None = None) -> Coverage:
    """Align the sentences of a story's outlets into facts; see the module docstring.

    Parameters
    ----------
    story : Story
        Its articles' ``sentence`` spans are read.
    sentences : StorySentences, optional
        The story's, if already read.

    Returns
    -------
    Coverage
    """
    sentences = sentences or StorySentences.of(story)
    units = sentences.units
    outlets = tuple(story.outlets)
    by_outlet: dict[str, list[int]] = {o: [] for o in outlets}
    for i, u in enumerate(units):
        by_outlet[u.outlet].append(i)
    read = [participants_and_opener(u.text) for u in units]
    # A sentence's first word is a participant when the story writes it as a name inside a sentence.
    inside = frozenset(w for found, _ in read for w in found if not w[0].isdigit())
    named = [found | {opener} if opener in inside else found for found, opener in read]
    links = _links(weigh(sentences.words), [np.array(idx) for idx in by_outlet.values() if idx], named)
    groups = _groups(links)
    first = {i: idx[0] for idx in groups for i in idx}  # each linked sentence's group, by its first sentence
    link_sims: dict[int, list[float]] = {}
    for i, _, s in links:
        link_sims.setdefault(first[i], []).append(s)
    position = _positions(story, units)
    # Facts by rank (most outlets first, then earliest in the articles, then first told: unique),
    # each with its sentences, outlets and similarity. Most are a sentence no link joins.
    ranked = [(-1, round(position[i], 9), i, (u,), (u.outlet,), 0.0, 1) for i, u in enumerate(units) if i not in first]
    copied = _copied(story)
    ranked += [_joined(idx, units, position, link_sims[idx[0]], copied) for idx in groups]
    ranked.sort()
    facts = [Fact(f"fact-{n}", *fact) for n, (_, _, _, *fact) in enumerate(ranked, 1)]
    return Coverage(outlets, tuple(facts), tuple(_per_outlet(o, outlets, facts) for o in outlets))


def _joined(
    idx: list[int], units: list[FactSentence], position: list[float], sims: list[float], copied: dict[tuple, str]
) -> tuple:
    """The rank and content of the fact of the linked sentences ``idx``, as `coverage` ranks them;
    ``copied`` as `_copied` gives it."""
    chosen = tuple(sorted((units[i] for i in idx), key=lambda u: (u.outlet, u.article_id, u.start)))
    outlets = tuple(sorted({u.outlet for u in chosen}))
    rank = (-len(outlets), round(_mean([position[i] for i in idx]), 9), idx[0])
    return (*rank, chosen, outlets, round(_mean(sims), 3), _sources(chosen, outlets, copied))


def _copied(story: Story) -> dict[tuple[str, int], str]:
    """(article id, sentence start) -> the outlet it was copied from, for every copied sentence."""
    outlet = {a.id: a.outlet for a in story.articles}
    return {(a.id, s.start): outlet[dict(s.attrs)["from"]] for a in story.articles for s in a.spans_labelled("copied")}


def _sources(sentences: tuple[FactSentence, ...], outlets: tuple[str, ...], copied: dict[tuple, str]) -> int:
    """How many of ``outlets`` report the fact independently: an outlet whose sentence was copied
    from another outlet that reports it is one source with that outlet."""
    source = {o: o for o in outlets}

    def root(o: str) -> str:
        while source[o] != o:
            o = source[o]
        return o

    for u in sentences:
        if (origin := copied.get((u.article_id, u.start))) in source:
            source[root(u.outlet)] = root(origin)
    return sum(source[o] == o for o in outlets)


def _links(weights: Weights, outlets: list[np.ndarray], named: list[frozenset[str]]) -> list[tuple[int, int, float]]:
    """The matched sentence pairs (a, b, similarity), given each outlet's sentences (row numbers) and
    every sentence's `participants`: for each pair of outlets, the one-to-one pairing with the
    largest total similarity among the pairs that can report one fact."""
    links = []
    for ia, ib, sim in _outlet_pairs(weights, outlets):
        block = np.where(sim >= SIMILARITY, sim, 0.0)
        for r, c in zip(*np.nonzero(block)):  # a few candidates per story
            if not compatible(named[ia[r]], named[ib[c]]):
                block[r, c] = 0.0
        if block.any():  # else any pairing matches nothing
            r, c = linear_sum_assignment(block, maximize=True)
            kept = block[r, c] > 0
            links += zip(ia[r[kept]].tolist(), ib[c[kept]].tolist(), block[r[kept], c[kept]].tolist())
    return links


def _groups(links: list[tuple[int, int, float]]) -> list[list[int]]:
    """The connected groups of the sentences ``links`` join, each in ascending order."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _ in links:
        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for i in sorted(parent):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _outlet_pairs(weights: Weights, outlets: list[np.ndarray]) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(sentences of outlet a, of outlet b, their `similarity` block) for every pair of outlets,
    given each outlet's sentences (row numbers). A story of up to `WHOLE_STORY` sentences is compared
    in one product, cut into blocks after (each value is the same either way: a cell's sum runs over
    its row's words in the same order); a larger one pair by pair, so memory stays bounded."""
    every = np.arange(len(weights.indptr) - 1)
    whole = similarity(weights, every, every) if len(every) <= WHOLE_STORY else None
    for ia, ib in combinations(outlets, 2):
        yield ia, ib, whole[np.ix_(ia, ib)] if whole is not None else similarity(weights, ia, ib)


def _mean(values: list[float]) -> float:
    """``np.mean(values)`` to the last bit: of one value or two non-negative ones, the plain sum over
    the count is the same float, without numpy's cost per call (paid for every fact)."""
    if len(values) == 1:
        return values[0]
    if len(values) == 2 and min(values) >= 0:
        return (values[0] + values[1]) / 2
    return float(np.mean(values))


def _positions(story: Story, units: list[FactSentence]) -> list[float]:
    """Each sentence's place in its article, 0 (first character) … 1 (last)."""
    length = {a.id: max(len(a.text), 1) for a in story.articles}
    return [u.start / length[u.article_id] for u in units]


def _per_outlet(outlet: str, outlets: tuple[str, ...], facts: list[Fact]) -> OutletCoverage:
    others = len(outlets) - 1
    mine = [f for f in facts if outlet in f.outlets]
    return OutletCoverage(
        outlet=outlet,
        facts=len(mine),
        shared=sum(len(f.outlets) > 1 for f in mine),
        alone=tuple(f.id for f in mine if f.outlets == (outlet,)),
        leaves_out=tuple(f.id for f in facts if outlet not in f.outlets and 2 * len(f.outlets) > others),
    )
