"""Coverage and omission: the facts of a story aligned across its outlets.

A *fact* is a group of sentences, from different outlets, that report the same thing. Sentences are
compared by TF-IDF cosine similarity (`stance.tfidf`, scikit-learn's definition; IDF fitted on the
story's own sentences, so the names every report repeats weigh little; sublinear term frequency;
English stop words and reporting verbs removed, since "said" says who spoke, not what happened).
Two sentences match when their similarity is at least `SIMILARITY` and they share at least
`MIN_SHARED` content words. For each pair of outlets, sentences are paired one-to-one by the
Hungarian algorithm (the pairing with the largest total similarity); facts are the connected groups
of matched sentences. A sentence that matches nothing is a fact reported by its outlet alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations
from typing import Iterator

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix

from . import lexicons
from .model import Article, Story
from .tfidf import count_words, weigh

# Why 0.3: two different sentences of one article report different facts yet share the story's
# names, so their similarities are a null distribution. With reporting verbs removed and two shared
# words required, 0.3 is above 99.6% of those pairs in BASIL (57,877 pairs) and 99.8% in the seed
# corpus; below it, matches across outlets are mostly sentences that share a name and little else.
SIMILARITY = 0.3
MIN_SHARED = 2  # content words two matching sentences share: a fact relates at least two things
WHOLE_STORY = 2_000  # sentences compared in one product (2 × 32 MB); beyond, pair of outlets by pair


@dataclass(frozen=True)
class FactSentence:
    """One sentence of one article: ``text == article.text[start:end]`` (character offsets)."""

    article_id: str
    outlet: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fact:
    """Sentences from one or more outlets that report the same thing.

    ``similarity`` is the mean cosine similarity (0–1) of the matched sentence pairs that tie the
    fact together (0 for a fact one sentence reports)."""

    id: str
    sentences: tuple[FactSentence, ...]
    outlets: tuple[str, ...]
    similarity: float

    def in_outlet(self, outlet: str) -> tuple[FactSentence, ...]:
        return tuple(s for s in self.sentences if s.outlet == outlet)


@dataclass(frozen=True)
class OutletCoverage:
    """What one outlet reports of a story, as fact ids: ``alone`` only it reports; ``leaves_out``
    a strict majority of the other outlets report but it does not."""

    outlet: str
    facts: int
    shared: int
    alone: tuple[str, ...]
    leaves_out: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """A story's facts (most widely reported first, then in the order the articles tell them)."""

    outlets: tuple[str, ...]
    facts: tuple[Fact, ...]
    per_outlet: tuple[OutletCoverage, ...]

    @property
    def shared(self) -> tuple[Fact, ...]:
        """Facts reported by two or more outlets."""
        return tuple(f for f in self.facts if len(f.outlets) > 1)

    def fact(self, fact_id: str) -> Fact:
        return self._by_id[fact_id]

    @cached_property
    def _by_id(self) -> dict[str, Fact]:  # a story page looks up every fact only one outlet reports
        return {f.id: f for f in self.facts}


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words plus one-word reporting verbs (the `attribution` lexicon)."""
    return frozenset(lexicons.load("stop_words") | {w for w in lexicons.load("attribution") if " " not in w})


@dataclass(frozen=True)
class StorySentences:
    """A story's sentences, in article order, and the words of each counted (`stance.tfidf`): read
    once for both the coverage and the headline checks, which weigh them with different IDF."""

    units: list[FactSentence]
    words: list[Counter[str]]

    @classmethod
    def of(cls, story: Story) -> StorySentences:
        units = [s for a in story.articles for s in sentences_of(a)]
        return cls(units, list(count_words([u.text for u in units], stop=stop_words())))


def tfidf(counted: list[Counter[str]]) -> csr_matrix:
    """L2-normalised TF-IDF rows of texts counted with `stop_words` removed (IDF fitted on them); an
    all-stop-word list gives zero rows."""
    rows = weigh(counted)
    return rows if rows.shape[1] else csr_matrix((len(counted), 1), dtype=np.float64)


def similarity(rows: csr_matrix, cols: csr_matrix) -> np.ndarray:
    """Cosine similarities of TF-IDF ``rows`` × ``cols``, 0 where two share fewer than `MIN_SHARED`
    words. Callers pass blocks (a story's sentences, a pair of outlets' in a large story, headlines
    × sentences) whose size they bound."""
    shared = (_words(rows) @ _words(cols).T).toarray()
    sim = (rows @ cols.T).toarray()
    sim[shared < MIN_SHARED] = 0.0
    return sim


def _words(rows: csr_matrix) -> csr_matrix:
    """1 for each word a row holds: its stored entries, as TF-IDF weights are never zero."""
    return csr_matrix((np.ones(rows.nnz, dtype=np.int64), rows.indices, rows.indptr), shape=rows.shape)


def sentences_of(article: Article) -> list[FactSentence]:
    return [
        FactSentence(article.id, article.outlet, s.start, s.end, article.text[s.start : s.end])
        for s in article.spans_labelled("sentence")
    ]


def coverage(story: Story, sentences: StorySentences | None = None) -> Coverage:
    """Align the sentences of a story's outlets into facts; see the module docstring. ``sentences``
    are the story's, if already read."""
    sentences = sentences or StorySentences.of(story)
    units = sentences.units
    outlets = tuple(story.outlets)
    rows = tfidf(sentences.words) if units else csr_matrix((0, 1))
    parent = list(range(len(units)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: list[tuple[int, int, float]] = []
    by_outlet: dict[str, list[int]] = {o: [] for o in outlets}
    for i, u in enumerate(units):
        by_outlet[u.outlet].append(i)
    for ia, ib, sim in _outlet_pairs(rows, [idx for idx in by_outlet.values() if idx]):
        block = np.where(sim >= SIMILARITY, sim, 0.0)
        for r, c in zip(*linear_sum_assignment(block, maximize=True)):
            if block[r, c] > 0:
                links.append((ia[r], ib[c], float(block[r, c])))
                parent[root(ia[r])] = root(ib[c])
    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        groups.setdefault(root(i), []).append(i)
    link_sims: dict[int, list[float]] = {}
    for i, _, s in links:
        link_sims.setdefault(root(i), []).append(s)
    position = _positions(story, units)
    ordered = sorted(
        groups.values(),
        key=lambda idx: (-len({units[i].outlet for i in idx}), round(_mean([position[i] for i in idx]), 9), min(idx)),
    )
    facts = []
    for n, idx in enumerate(ordered, 1):
        sims = link_sims.get(root(idx[0]), [])
        chosen = [units[i] for i in idx]
        if len(chosen) > 1:  # most facts are one sentence
            chosen.sort(key=lambda u: (u.outlet, u.article_id, u.start))
        facts.append(
            Fact(
                id=f"fact-{n}",
                sentences=tuple(chosen),
                outlets=tuple(sorted({u.outlet for u in chosen})),
                similarity=round(_mean(sims), 3) if sims else 0.0,
            )
        )
    return Coverage(outlets, tuple(facts), tuple(_per_outlet(o, outlets, facts) for o in outlets))


def _outlet_pairs(rows: csr_matrix, outlets: list[list[int]]) -> Iterator[tuple[list[int], list[int], np.ndarray]]:
    """(sentences of outlet a, of outlet b, their `similarity` block) for every pair of outlets,
    given each outlet's sentences (row numbers). A story of up to `WHOLE_STORY` sentences is compared
    in one product, cut into blocks after (each value is the same either way: a cell's sum runs over
    its row's words in the same order); a larger one pair by pair, so memory stays bounded."""
    whole = similarity(rows, rows) if rows.shape[0] <= WHOLE_STORY else None
    for ia, ib in combinations(outlets, 2):
        yield ia, ib, whole[np.ix_(ia, ib)] if whole is not None else similarity(rows[ia], rows[ib])


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
