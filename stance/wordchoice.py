"""Word choice: the words and two-word phrases each outlet uses distinctively.

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
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .model import Article
from .segment import WORD

Z_MIN = 1.0  # terms listed: the outlet's use at least one standard error above the others'
Z_SHOWN = 1.96  # terms marked: the usual two-sided 5% level under the normal approximation
TOP = 8  # terms listed per outlet
MIN_COUNT = 2  # a term used once is not yet a pattern of word choice
_GAP = re.compile(r"[ \t]+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Occurrence:
    """Where a term occurs: ``article.text[start:end]``."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Term:
    """A distinctive term of one outlet: ``z`` (standard deviations, see the module docstring),
    ``count`` in the outlet's articles, ``others`` in the other outlets' articles, and where the
    outlet uses it."""

    term: str
    z: float
    count: int
    others: int
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Counts:
    """Term counts of some texts: unigrams and bigrams kept apart."""

    unigrams: Counter[str]
    bigrams: Counter[str]

    def __sub__(self, other: Counts) -> Counts:
        return Counts(self.unigrams - other.unigrams, self.bigrams - other.bigrams)


def terms(text: str) -> list[tuple[str, int, int]]:
    """Every kept unigram and bigram of ``text`` as (term, start, end), in text order."""
    out: list[tuple[str, int, int]] = []
    previous: tuple[str, int, int] | None = None
    for m in WORD.finditer(text):
        word = m.group().lower().replace("’", "'")
        if len(word) < 2 or word in ENGLISH_STOP_WORDS or not _LETTER.search(word):
            previous = None
            continue
        out.append((word, m.start(), m.end()))
        if previous is not None and _GAP.fullmatch(text, previous[2], m.start()):
            out.append((f"{previous[0]} {word}", previous[1], m.end()))
        previous = (word, m.start(), m.end())
    return out


def counts(articles: Iterable[Article]) -> Counts:
    """Term counts summed over ``articles``."""
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for a in articles:
        found = _text_counts(a.text)
        uni.update(found.unigrams)
        bi.update(found.bigrams)
    return Counts(uni, bi)


@lru_cache(maxsize=4096)  # a run counts each article for its story, its outlet and the corpus
def _text_counts(text: str) -> Counts:
    found = [t for t, _, _ in terms(text)]
    return Counts(Counter(t for t in found if " " not in t), Counter(t for t in found if " " in t))


def log_odds_z(outlet: Counter[str], rest: Counter[str], prior: Counter[str]) -> dict[str, float]:
    """z of the weighted log-odds ratio (outlet vs rest) for every term the outlet uses; see the
    module docstring. ``prior`` holds corpus counts; terms absent from it get a pseudo-count of one."""
    n_o, n_r = sum(outlet.values()), sum(rest.values())
    n_prior = sum(prior.values())
    a_0 = n_o + n_r
    out = {}
    for w in outlet:
        a_w = a_0 * max(prior[w], 1) / max(n_prior, 1)
        y_o, y_r = outlet[w], rest[w]
        delta = math.log((y_o + a_w) / (n_o + a_0 - y_o - a_w)) - math.log((y_r + a_w) / (n_r + a_0 - y_r - a_w))
        out[w] = delta / math.sqrt(1 / (y_o + a_w) + 1 / (y_r + a_w))
    return out


def distinctive(mine: list[Article], rest: Counts, prior: Counts, *, top: int = TOP) -> tuple[Term, ...]:
    """The ``top`` terms with the highest z (at least `Z_MIN`) for the articles ``mine`` against the term
    counts ``rest`` of the texts they are compared with, unigrams and bigrams together, among those
    ``mine`` uses at least `MIN_COUNT` times. A unigram is left out when a bigram holding it has the
    same count (it adds nothing). Ties are broken by term, so the list is deterministic."""
    own = counts(mine)
    scored: list[tuple[float, str, int, int]] = []
    for kind in ("unigrams", "bigrams"):
        o, r = getattr(own, kind), getattr(rest, kind)
        for w, z in log_odds_z(o, r, getattr(prior, kind)).items():
            if z >= Z_MIN and o[w] >= MIN_COUNT:
                scored.append((round(z, 3), w, o[w], r[w]))
    scored.sort(key=lambda t: (-t[0], t[1]))
    in_bigram = {(part, c) for _, w, c, _ in scored if " " in w for part in w.split()}
    chosen = [t for t in scored if " " in t[1] or (t[1], t[2]) not in in_bigram][:top]
    return tuple(Term(w, z, c, r, _occurrences(mine, w)) for z, w, c, r in chosen)


def _occurrences(articles: list[Article], term: str) -> tuple[Occurrence, ...]:
    return tuple(Occurrence(a.id, s, e) for a in articles for t, s, e in terms(a.text) if t == term)
