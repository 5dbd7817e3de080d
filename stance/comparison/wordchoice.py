"""Word choice: the words and two-word phrases each outlet uses distinctively.

Only an outlet's own words count: sentences it copied from another outlet's article are left out
(`stance.comparison.copies`), and callers leave wire copies out.

Each outlet is compared with the other outlets together (of a story, or of the corpus) by the
weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words", Political Analysis 16(4)): for term w with counts y_o (the outlet) and
y_r (the rest), totals n_o and n_r, and prior pseudo-counts a_w summing to a_0,

    delta_w = log((y_o + a_w) / (n_o + a_0 - y_o - a_w)) - log((y_r + a_w) / (n_r + a_0 - y_r - a_w))
    var_w   ~ 1 / (y_o + a_w) + 1 / (y_r + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior is the corpus's own rate of each term scaled to a_0 = n_o + n_r: the corpus counts as
much as the texts compared, so a term needs to be used more by the outlet than by the others *and*
more than the corpus rate predicts. Unigrams and bigrams are separate vocabularies (each its own
multinomial). Words are lowercased runs of letters and digits; stop words (scikit-learn's English
list), one-character words and words without a letter are dropped; a bigram is two adjacent kept
words with only spaces between them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, count
from typing import NamedTuple

import numpy as np

from ..model import Article, TextOf
from ..text.lexicons import load
from ..text.segment import WORD
from .copies import own_text

Z_MIN = 1.0  # terms listed: the outlet's use at least one standard error above the others'
Z_SHOWN = 1.96  # terms marked: the usual two-sided 5% level under the normal approximation
TOP = 8  # terms listed per outlet
MIN_COUNT = 2  # a term used once is not yet a pattern of word choice
_GAP = re.compile(r"[ \t]+")
_LETTER = re.compile(r"[^\W\d_]")
_SPLIT = re.compile(f"({WORD.pattern})")  # text split into gap, word, gap, word, …, gap


class Occurrence(NamedTuple):
    """Where a term occurs: ``article.text[start:end]``.

    Attributes
    ----------
    article_id : str
        The article.
    start, end : int
        Character offsets into its text (end exclusive).
    """

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Term:
    """A distinctive term of one outlet, and where the outlet uses it.

    `distinctive` lists a term the outlet uses at least `MIN_COUNT` times with ``z`` at least `Z_MIN`.

    Attributes
    ----------
    term : str
        A word or two-word phrase, lowercased.
    z : float
        In standard deviations (see the module docstring), to 3 decimals.
    count : int
        Uses in the outlet's articles.
    others : int
        Uses in the other outlets' articles.
    occurrences : tuple of Occurrence
        Where the outlet uses it, in article order, then text order.
    """

    term: str
    z: float
    count: int
    others: int
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Counts:
    """Term counts of some texts: unigrams and bigrams kept apart.

    Attributes
    ----------
    unigrams, bigrams : Counter of str
        Term -> uses.
    """

    unigrams: Counter[str]
    bigrams: Counter[str]

    @cached_property
    def totals(self) -> dict[str, int]:
        """The sum of the unigram counts and of the bigram counts.

        Summed once: a corpus prior serves every story.

        Returns
        -------
        dict of str to int
            ``{"unigrams": …, "bigrams": …}``.
        """
        return {"unigrams": sum(self.unigrams.values()), "bigrams": sum(self.bigrams.values())}


class _Forms(dict):
    """Word as written -> its term (lowercased, curly apostrophe made straight), or None for a word
    that is dropped. Filled as words are met: a corpus repeats its words, so each is judged once."""

    def __missing__(self, word: str) -> str | None:
        w = word.lower().replace("’", "'")
        self[word] = term = None if len(w) < 2 or w in load("stop_words") or not _LETTER.search(w) else w
        return term


class _Spaced(dict):
    """Text between two words -> whether it is only spaces and tabs (the two can form a bigram)."""

    def __missing__(self, gap: str) -> bool:
        self[gap] = spaced = _GAP.fullmatch(gap) is not None
        return spaced


@dataclass(frozen=True)
class TextTerms:
    """The terms of one text, found in one pass.

    Word i of the text has the term ``words[i]`` (None when dropped) at
    ``text[bounds[2 * i]:bounds[2 * i + 1]]``; ``spaced[i]`` tells whether only spaces and tabs
    separate it from word i − 1.

    Attributes
    ----------
    words : list of str or None
        Each word's term.
    bounds : ndarray of int64
        Character offsets where each gap and word ends.
    spaced : list of bool
        Whether only spaces and tabs come before each word.
    unigrams, bigrams : list of str
        The text's terms, in text order.
    """

    words: list[str | None]
    bounds: np.ndarray
    spaced: list[bool]
    unigrams: list[str]
    bigrams: list[str]

    @classmethod
    def of(cls, text: str, forms: _Forms | None = None, gaps: _Spaced | None = None) -> TextTerms:
        """The terms of ``text``.

        Parameters
        ----------
        text : str
            Any text.
        forms, gaps : _Forms and _Spaced, optional
            What earlier texts taught about words and gaps (a cache), filled further.

        Returns
        -------
        TextTerms
        """
        forms = _Forms() if forms is None else forms
        gaps = _Spaced() if gaps is None else gaps
        parts = _SPLIT.split(text)  # one regex pass; each word is then a cached look-up
        words = list(map(forms.__getitem__, parts[1::2]))
        spaced = list(map(gaps.__getitem__, parts[0:-1:2]))
        bigrams = [f"{a} {b}" for a, b, joined in zip(words, words[1:], spaced[1:]) if joined and a and b]
        bounds = np.cumsum(np.fromiter(map(len, parts), np.int64, len(parts)))  # where each gap and word ends
        return cls(words, bounds, spaced, list(filter(None, words)), bigrams)

    def spans(self, wanted: set[str]) -> list[tuple[str, int, int]]:
        """(term, start, end) of every occurrence of the ``wanted`` terms, in text order.

        Parameters
        ----------
        wanted : set of str
            Terms (unigrams or bigrams).

        Returns
        -------
        list of (str, int, int)
            Each occurrence's term and character offsets into the text.
        """
        last_words = {t.rpartition(" ")[2] for t in wanted}
        out = []
        for i in compress(count(), map(last_words.__contains__, self.words)):  # no Python step per word
            w = self.words[i]
            if w in wanted:
                out.append((w, int(self.bounds[2 * i]), int(self.bounds[2 * i + 1])))
            if i and self.spaced[i] and (before := self.words[i - 1]) and (pair := f"{before} {w}") in wanted:
                out.append((pair, int(self.bounds[2 * i - 2]), int(self.bounds[2 * i + 1])))
        return out


def term_counts(articles: Iterable[Article], text_of: TextOf | None = None) -> Counts:
    """Term counts of the articles' own text summed (as `TermIndex.counts`), each article's terms
    found and let go: the corpus prior of a large corpus without its terms held. ``text_of`` reads
    an article's text where it was kept without it (`stance.run.store.SpanStore.text`)."""
    return TermIndex((), text_of, held=False).counts(articles)


class TermIndex:
    """The `TextTerms` of a run's articles, found once each and looked up by article id.

    A story page, an outlet page and the corpus prior all count the same articles: their own text
    (`stance.comparison.copies.own_text`), without the sentences they copied.

    Parameters
    ----------
    articles : iterable of Article
        The articles to index.
    text_of : callable, optional
        Reads an article's text where it was kept without it (`stance.run.store.SpanStore.text`).
    held : bool, default True
        Hold each article's terms; if False, find them again each time they are asked for (any
        article then, indexed or not): the terms of every article of an outlet across a large corpus
        are 10 KB an article, and a profile reads them twice.
    """

    def __init__(self, articles: Iterable[Article], text_of: TextOf | None = None, *, held: bool = True):
        self._forms, self._gaps, self._text_of = _Forms(), _Spaced(), text_of
        self._terms = {a.id: self._find(a) for a in articles} if held else None

    def _find(self, article: Article) -> TextTerms:
        return TextTerms.of(own_text(article, self._text_of), self._forms, self._gaps)

    def _of(self, article: Article) -> TextTerms:
        return self._terms[article.id] if self._terms is not None else self._find(article)

    def counts(self, articles: Iterable[Article]) -> Counts:
        """Term counts summed over ``articles``."""
        unigrams: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        for a in articles:
            terms = self._of(a)
            unigrams.update(terms.unigrams)
            bigrams.update(terms.bigrams)
        return Counts(unigrams, bigrams)

    def occurrences(self, articles: Iterable[Article], wanted: set[str]) -> dict[str, tuple[Occurrence, ...]]:
        """Where each ``wanted`` term occurs in ``articles``: in article order, then text order.

        Returns
        -------
        dict of str to tuple of Occurrence
            Every ``wanted`` term, found or not.
        """
        out: dict[str, list[Occurrence]] = {t: [] for t in wanted}
        for a in articles:
            for term, start, end in self._of(a).spans(wanted):
                out[term].append(Occurrence(a.id, start, end))
        return {t: tuple(found) for t, found in out.items()}


def log_odds_z(
    outlet: Counter[str],
    whole: Counter[str],
    prior: Counter[str],
    *,
    min_count: int = 1,
    prior_total: int | None = None,
) -> dict[str, float]:
    """z of the weighted log-odds ratio of each term the outlet uses, against the rest of ``whole``.

    See the module docstring.

    Parameters
    ----------
    outlet : Counter of str
        Term counts of the outlet's texts.
    whole : Counter of str
        Term counts of the outlet's texts and the others' together.
    prior : Counter of str
        Corpus counts; terms absent from it get a pseudo-count of one.
    min_count : int, default 1
        Terms the outlet uses fewer times are left out.
    prior_total : int, optional
        ``sum(prior.values())``, if the caller has it.

    Returns
    -------
    dict of str to float
        Term -> z, in standard deviations.
    """
    n_o = sum(outlet.values())
    n_r = sum(whole.values()) - n_o
    n_prior = max(sum(prior.values()) if prior_total is None else prior_total, 1)
    a_0 = n_o + n_r
    left_o, left_r = n_o + a_0, n_r + a_0  # each denominator's integer part, added first as the formula reads
    out = {}
    for w, y_o in outlet.items():
        if y_o < min_count:
            continue
        a_w = a_0 * max(prior.get(w, 0), 1) / n_prior  # get: a Counter's missing key costs a Python call
        y_r = whole[w] - y_o
        delta = math.log((y_o + a_w) / (left_o - y_o - a_w)) - math.log((y_r + a_w) / (left_r - y_r - a_w))
        out[w] = delta / math.sqrt(1 / (y_o + a_w) + 1 / (y_r + a_w))
    return out


def distinctive(
    mine: list[Article], whole: Counts, prior: Counts, *, top: int = TOP, index: TermIndex | None = None
) -> tuple[Term, ...]:
    """The ``top`` terms with the highest z (at least `Z_MIN`) for the articles ``mine``.

    ``mine`` is compared with the texts of ``whole`` that are not its own. Unigrams and bigrams are
    ranked together, among the terms ``mine`` uses at least `MIN_COUNT` times. A unigram is left out
    when a bigram holding it has the same count (it adds nothing). Ties are broken by term, so the
    list is deterministic.

    Parameters
    ----------
    mine : list of Article
        The articles of one outlet (of a story, or of the corpus).
    whole : Counts
        The term counts of ``mine`` and the texts it is compared with, together.
    prior : Counts
        Corpus counts (see `log_odds_z`).
    top : int, default `TOP`
        The most terms returned.
    index : TermIndex, optional
        The articles' terms, if already found.

    Returns
    -------
    tuple of Term
        Highest z first.
    """
    index = index or TermIndex(mine)
    own = index.counts(mine)
    scored: list[tuple[float, str, int, int]] = []
    for kind in ("unigrams", "bigrams"):
        o, every = getattr(own, kind), getattr(whole, kind)
        for w, z in log_odds_z(
            o, every, getattr(prior, kind), min_count=MIN_COUNT, prior_total=prior.totals[kind]
        ).items():
            if z >= Z_MIN:
                scored.append((round(z, 3), w, o[w], every[w] - o[w]))
    scored.sort(key=lambda t: (-t[0], t[1]))
    in_bigram = {(part, c) for _, w, c, _ in scored if " " in w for part in w.split()}
    chosen = [t for t in scored if " " in t[1] or (t[1], t[2]) not in in_bigram][:top]
    where = index.occurrences(mine, {w for _, w, _, _ in chosen})
    return tuple(Term(w, z, c, r, where[w]) for z, w, c, r in chosen)
