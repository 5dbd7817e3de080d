"""How sure each outlet figure is: 95% intervals from a bootstrap over stories.

Articles of one story are not independent (they report one event, in its vocabulary), so the unit
resampled is the story, as in a cluster bootstrap (Field & Welsh 2007, "Bootstrapping clustered
data", JRSS B 69(3)): each of `RESAMPLES` resamples draws an outlet's stories with replacement and
takes the mean over all its articles in them; the interval is the 2.5th to 97.5th percentile of those
means (the percentile interval, Efron & Tibshirani 1993). An outlet with fewer than `MIN_STORIES`
stories gets no interval: with k stories there are only C(2k−1, k) different resamples (10 for three
stories), too few for a 95% interval to mean anything.

*Matched differences* hold the topic constant, which raw means cannot: for two outlets, the
within-story difference of their means on each story both covered, averaged over those stories,
with the same bootstrap over the stories. A difference whose interval excludes zero is one the
stories do not explain away.

Wire copies are left out (`stance.comparison.copies`): an outlet's figures are its own text. The
random numbers come from a fixed seed and each outlet's (or pair's) name, so the output is the same
on every run and an outlet's interval does not change when another outlet is added.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..features import COLUMNS, DECIMALS

RESAMPLES = 2000  # enough for the 2.5th and 97.5th percentiles (Efron & Tibshirani 1993, ch. 13)
MIN_STORIES = 5  # fewer stories: no interval
LEVEL = 0.95
SEED = 15
_CHUNK = 250  # resamples drawn at once: a chunk's weights are CHUNK × stories integers


class Interval(NamedTuple):
    """A 95% interval, in the feature's unit, to `DECIMALS` places."""

    low: float
    high: float

    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


class OutletFigure(NamedTuple):
    """One outlet's mean of one feature, with its n and interval (None: too few stories)."""

    outlet: str
    feature: str
    mean: float
    n_articles: int
    n_stories: int
    interval: Interval | None


class Difference(NamedTuple):
    """``outlet`` minus ``other`` on one feature, over the ``n_stories`` stories both covered (the
    mean of the within-story differences), with its interval (None: too few stories)."""

    outlet: str
    other: str
    feature: str
    n_stories: int
    difference: float
    interval: Interval | None


def outlet_figures(articles: pd.DataFrame) -> list[OutletFigure]:
    """Every outlet's mean of every feature over its articles that are not wire copies, with a
    story-bootstrap interval (module docstring).

    Parameters
    ----------
    articles : pandas.DataFrame
        The article table (`stance.comparison.tables.article_table`).

    Returns
    -------
    list of OutletFigure
        By outlet, then feature in `COLUMNS` order.
    """
    per_story = _per_story(articles)
    out = []
    for outlet, rows in per_story.groupby(level="outlet", sort=True):
        sums, counts = rows[list(COLUMNS)].to_numpy(), rows["n"].to_numpy()
        means = sums.sum(axis=0) / counts.sum()
        bounds = _bootstrap(sums, counts, outlet) if len(counts) >= MIN_STORIES else None
        for j, feature in enumerate(COLUMNS):
            interval = _interval(bounds, j)
            out.append(
                OutletFigure(
                    outlet, feature, round(float(means[j]), DECIMALS), int(counts.sum()), len(counts), interval
                )
            )
    return out


def matched_differences(articles: pd.DataFrame) -> list[Difference]:
    """For every ordered pair of outlets that covered a story in common: the mean within-story
    difference of each feature, with a story-bootstrap interval (module docstring).

    Parameters
    ----------
    articles : pandas.DataFrame
        The article table (`stance.comparison.tables.article_table`).

    Returns
    -------
    list of Difference
        By outlet, other outlet, then feature in `COLUMNS` order; both orders of a pair, the second
        the negative of the first.
    """
    per_story = _per_story(articles)
    means = per_story[list(COLUMNS)].div(per_story["n"], axis=0)
    outlets = sorted(set(means.index.get_level_values("outlet")))
    by_outlet = {o: means.xs(o, level="outlet") for o in outlets}
    out = []
    for i, a in enumerate(outlets):
        for b in outlets[i + 1 :]:
            both = by_outlet[a].index.intersection(by_outlet[b].index)
            if not len(both):
                continue
            d = (by_outlet[a].loc[both] - by_outlet[b].loc[both]).to_numpy()
            ones = np.ones(len(both))
            bounds = _bootstrap(d, ones, f"{a}\0{b}") if len(both) >= MIN_STORIES else None
            mean = d.mean(axis=0)
            for j, feature in enumerate(COLUMNS):
                ab = _interval(bounds, j)
                ba = Interval(-ab.high, -ab.low) if ab is not None else None
                out.append(Difference(a, b, feature, len(both), round(float(mean[j]), DECIMALS), ab))
                out.append(Difference(b, a, feature, len(both), round(float(-mean[j]), DECIMALS), ba))
    return sorted(out, key=lambda d: (d.outlet, d.other, COLUMNS.index(d.feature)))


def _interval(bounds: tuple[np.ndarray, np.ndarray] | None, j: int) -> Interval | None:
    """Feature ``j``'s interval from `_bootstrap`'s ends, rounded; None where there were too few stories."""
    return Interval(round(float(bounds[0][j]), DECIMALS), round(float(bounds[1][j]), DECIMALS)) if bounds else None


def _per_story(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × story (index): ``n`` (its own articles) and the sum of every feature over them."""
    own = articles[~articles["wire_copy"].astype(bool)]
    grouped = own.groupby(["outlet", "story_id"], sort=True)
    sums = grouped[list(COLUMNS)].sum()
    sums["n"] = grouped.size()
    return sums


def _bootstrap(sums: np.ndarray, counts: np.ndarray, key: str) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of sum(sums) / sum(counts) over stories resampled with replacement.

    Parameters
    ----------
    sums : ndarray, shape (stories, features)
        Each story's sum of each feature.
    counts : ndarray, shape (stories,)
        Each story's number of articles (1 for a story's difference).
    key : str
        Seeds the random numbers, with `SEED`.

    Returns
    -------
    (ndarray, ndarray)
        The low and high ends, one per feature.
    """
    rng = np.random.default_rng([SEED, zlib.crc32(key.encode("utf-8"))])
    k = len(counts)
    p = np.full(k, 1.0 / k)
    means = []
    for start in range(0, RESAMPLES, _CHUNK):
        weights = rng.multinomial(k, p, size=min(_CHUNK, RESAMPLES - start)).astype(float)
        means.append((weights @ sums) / (weights @ counts)[:, None])
    tail = 100 * (1 - LEVEL) / 2
    low, high = np.percentile(np.vstack(means), [tail, 100 - tail], axis=0)
    return low, high
