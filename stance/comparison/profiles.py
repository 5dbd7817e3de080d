"""Outlet profiles: each outlet's features across the corpus against the corpus mean, and the
stories where its coverage departs most from the other outlets'.

Deviation is measured in corpus standard deviations so features on different scales (counts, rates,
shares) can be compared: for outlet o in story s and feature f, d = (mean of o's articles in s −
mean of all s's articles) / SD of f over all articles of the corpus. A story's deviation score is
the mean |d| over the features whose SD is not zero. Only stories with two or more outlets count.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from statistics import fmean, pstdev

from ..features import COLUMNS, DECIMALS
from ..model import Article, Story, TextOf
from ..readers.outlets import OutletBook, OutletInfo
from .copies import originals
from .wordchoice import Counts, Term, TermIndex, distinctive

DEVIATING_STORIES = 5  # stories listed per outlet
DEVIATING_FEATURES = 3  # features named per story


@dataclass(frozen=True)
class FeatureContrast:
    """One feature of one outlet against the corpus.

    Its mean over the outlet's articles, the mean and (population) SD over every article, and ``z`` =
    (outlet mean − corpus mean) / SD (0 when SD is 0).

    Attributes
    ----------
    feature : str
        A column of `stance.features.COLUMNS`.
    outlet_mean, corpus_mean, corpus_sd : float
        In the feature's unit, to `DECIMALS` places.
    z : float
        In corpus SDs, to 2 decimals.
    """

    feature: str
    outlet_mean: float
    corpus_mean: float
    corpus_sd: float
    z: float


@dataclass(frozen=True)
class FeatureGap:
    """A feature in one story: the outlet's mean, the story's mean and d (see the module docstring).

    Only a feature whose SD over the corpus is not zero has a gap.

    Attributes
    ----------
    feature : str
        A column of `stance.features.COLUMNS`.
    outlet_value, story_value : float
        Means over the outlet's articles in the story and over all the story's articles, in the
        feature's unit, to `DECIMALS` places.
    d : float
        (``outlet_value`` − ``story_value``) / the feature's corpus SD: in corpus SDs, to 2 decimals.
    """

    feature: str
    outlet_value: float
    story_value: float
    d: float


@dataclass(frozen=True)
class StoryDeviation:
    """A story where an outlet's coverage departs from the story's (see the module docstring).

    Only a story the outlet covers together with at least one other outlet has one.

    Attributes
    ----------
    story_id, title : str
        The story.
    score : float
        Mean |d| over the features whose corpus SD is not zero, in corpus SDs, to 3 decimals.
    gaps : tuple of FeatureGap
        The `DEVIATING_FEATURES` largest |d|, largest first.
    """

    story_id: str
    title: str
    score: float  # mean |d| over features, in corpus SDs
    gaps: tuple[FeatureGap, ...]  # the largest |d| first


@dataclass(frozen=True)
class OutletProfile:
    """One outlet across the corpus.

    Attributes
    ----------
    outlet : str
        The outlet.
    info : OutletInfo or None
        Its table in the outlets file, if any.
    articles : int
        How many articles it has in the corpus.
    wire_copies : int
        How many of those are wire copies (`stance.comparison.copies`), left out of ``features``,
        ``deviations`` and ``terms``: the profile is its own text.
    stories : tuple of (str, str)
        (story id, title) of the stories it covers, in the corpus's story order.
    features : tuple of FeatureContrast
        One per feature column, in `stance.features.COLUMNS` order; empty when every article is a wire copy.
    deviations : tuple of StoryDeviation
        Up to `DEVIATING_STORIES` stories with two or more outlets, highest score first.
    terms : tuple of Term
        Its distinctive terms against the rest of the corpus.
    """

    outlet: str
    info: OutletInfo | None
    articles: int
    wire_copies: int
    stories: tuple[tuple[str, str], ...]  # (story id, title), in the corpus's story order
    features: tuple[FeatureContrast, ...]
    deviations: tuple[StoryDeviation, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class StripRow:
    """One row of a strip plot: a label, its values (one per article) and their mean.

    `strips` makes a row per outlet; `focused`, one for an outlet and one for all other outlets.

    Attributes
    ----------
    label : str
        An outlet, or "all other outlets".
    outlet : str or None
        The outlet the row stands for, for a link; None for "all other outlets".
    values : array of float
        One per article, sorted, in the feature's unit: an ``array("d")``, 8 bytes a value (a
        million articles' values are 104 MB a feature's rows rather than 416 as Python floats, and
        a forked process reads them without copying them).
    mean : float
        Their mean, to `DECIMALS` places.
    """

    label: str
    outlet: str | None  # the outlet the row stands for, for a link; None for "all other outlets"
    values: array
    mean: float


@dataclass(frozen=True)
class Strip:
    """The distribution of one feature: rows on a shared scale ``low``…``high`` and the corpus mean.

    Attributes
    ----------
    feature : str
        A column of `stance.features.COLUMNS`.
    low, high : float
        The least and greatest value over every article (``high`` is ``low + 1`` when they are equal),
        in the feature's unit.
    mean : float
        The mean over every article, to `DECIMALS` places (0.0 without articles).
    rows : tuple of StripRow
        Rows without articles are left out.
    """

    feature: str
    low: float
    high: float
    mean: float
    rows: tuple[StripRow, ...]


def _mean(values: Sequence[float]) -> float:
    return round(fmean(values), DECIMALS) if len(values) else 0.0


def corpus_stats(articles: list[Article]) -> dict[str, tuple[float, float]]:
    """(mean, population SD) of every feature over ``articles``.

    Parameters
    ----------
    articles : list of Article
        Measured articles.

    Returns
    -------
    dict of str to (float, float)
        Feature column -> (mean, SD), in the feature's unit, not rounded.
    """
    values = {
        c: [a.features[c] for a in articles] for c in COLUMNS
    }  # fmean of a list skips its slow path for iterators
    return {c: (fmean(v), pstdev(v)) for c, v in values.items()}


def outlet_profiles(
    outlets: Iterable[str],
    stories: list[Story],
    prior: Counts,
    book: OutletBook | None = None,
    wire_copies: frozenset[str] | None = None,
    text_of: TextOf | None = None,
) -> Iterator[OutletProfile]:
    """Each of ``outlets`` across ``stories``, one at a time.

    Parameters
    ----------
    outlets : iterable of str
        The outlets to profile.
    stories : list of Story
        Every story of the corpus, measured.
    prior : Counts
        The corpus's term counts (`stance.comparison.wordchoice`).
    book : OutletBook, optional
        The outlets file.
    wire_copies : frozenset of str, optional
        The ids of the wire copies (`stance.comparison.copies`), if already found.
    text_of : callable, optional
        Reads an article's text where it was kept without it (`stance.run.store.SpanStore.text`).

    Yields
    ------
    OutletProfile
        In the order of ``outlets``.
    """
    everything = originals((a for s in stories for a in s.articles), wire_copies)  # own text (OutletProfile)
    stats = corpus_stats(everything) if everything else {}
    covered: dict[str, list[Story]] = {}  # outlet -> the stories it covers, in corpus order
    for s in stories:
        for name in s.outlets:
            covered.setdefault(name, []).append(s)
    for outlet in outlets:
        yield _profile(outlet, covered.get(outlet, []), stats, prior, book, wire_copies, text_of)


def outlet_profile(
    outlet: str,
    stories: list[Story],
    prior: Counts,
    book: OutletBook | None = None,
    wire_copies: frozenset[str] | None = None,
    text_of: TextOf | None = None,
) -> OutletProfile:
    """``outlet`` across ``stories``: `outlet_profiles` of one outlet (the same parameters)."""
    return next(outlet_profiles([outlet], stories, prior, book, wire_copies, text_of))


def _profile(
    outlet: str,
    covered: list[Story],
    stats: dict[str, tuple[float, float]],
    prior: Counts,
    book: OutletBook | None,
    wire_copies: frozenset[str] | None,
    text_of: TextOf | None,
) -> OutletProfile:
    every_one = [a for s in covered for a in s.articles if a.outlet == outlet]
    mine = originals(every_one, wire_copies)
    features = []
    for c in COLUMNS if mine else ():
        mean, sd = stats[c]
        own = fmean([a.features[c] for a in mine])
        features.append(
            FeatureContrast(
                c,
                round(own, DECIMALS),
                round(mean, DECIMALS),
                round(sd, DECIMALS),
                round((own - mean) / sd, 2) if sd else 0.0,
            )
        )
    deviations = [d for s in covered if (d := _deviation(outlet, s, stats, wire_copies)) is not None]
    deviations.sort(key=lambda d: (-d.score, d.story_id))
    index = TermIndex(mine, text_of, held=False)  # read twice (counts, then where the chosen terms are)
    return OutletProfile(
        outlet=outlet,
        info=book.info(outlet) if book else None,
        articles=len(every_one),
        wire_copies=len(every_one) - len(mine),
        stories=tuple((s.id, s.title) for s in covered),
        features=tuple(features),
        deviations=tuple(deviations[:DEVIATING_STORIES]),
        terms=distinctive(mine, prior, prior, index=index),  # against the rest of the corpus
    )


def _deviation(
    outlet: str, story: Story, stats: dict[str, tuple[float, float]], wire_copies: frozenset[str] | None
) -> StoryDeviation | None:
    if outlet not in story.outlets or len(story.outlets) < 2:
        return None
    own_text = originals(story.articles, wire_copies)
    mine = [a for a in own_text if a.outlet == outlet]
    if not mine or len({a.outlet for a in own_text}) < 2:
        return None
    gaps = []
    for c in COLUMNS:
        sd = stats[c][1]
        if sd:
            own, whole = fmean([a.features[c] for a in mine]), fmean([a.features[c] for a in own_text])
            gaps.append(FeatureGap(c, round(own, DECIMALS), round(whole, DECIMALS), round((own - whole) / sd, 2)))
    if not gaps:
        return None
    gaps.sort(key=lambda g: (-abs(g.d), g.feature))
    score = round(fmean([abs(g.d) for g in gaps]), 3)
    return StoryDeviation(story.id, story.title, score, tuple(gaps[:DEVIATING_FEATURES]))


def strips(stories: list[Story], wire_copies: frozenset[str] | None = None) -> tuple[Strip, ...]:
    """One strip per feature, a row per outlet. Wire copies are left out (`stance.comparison.copies`):
    an outlet with only wire copies has no row.

    Parameters
    ----------
    stories : list of Story
        Every story of the corpus, measured.
    wire_copies : frozenset of str, optional
        The ids of the wire copies, if already found.

    Returns
    -------
    tuple of Strip
        In `stance.features.COLUMNS` order.
    """
    everything = originals((a for s in stories for a in s.articles), wire_copies)
    groups = [(o, [a for a in everything if a.outlet == o]) for o in sorted({a.outlet for a in everything})]
    out = []
    for c in COLUMNS:
        values = [a.features[c] for a in everything]
        rows = tuple(_row(outlet, outlet, sorted(a.features[c] for a in members)) for outlet, members in groups)
        low, high = (min(values), max(values)) if values else (0.0, 0.0)
        out.append(Strip(c, low, high if high > low else low + 1.0, _mean(values), rows))
    return tuple(out)


def focused(strips: tuple[Strip, ...], focus: str) -> tuple[Strip, ...]:
    """The corpus's `strips` with two rows each: the ``focus`` outlet's, then all other outlets'
    together; a row without articles is left out. Worked out from the corpus's rows, so an
    outlet's comparison need not carry a copy of every other outlet's values."""
    out = []
    for strip in strips:
        mine = [r for r in strip.rows if r.outlet == focus]
        others = [r.values for r in strip.rows if r.outlet != focus]
        rows = (*mine, _row("all other outlets", None, heapq.merge(*others))) if others else tuple(mine)
        out.append(replace(strip, rows=rows))
    return tuple(out)


def _row(label: str, outlet: str | None, ordered: Iterable[float]) -> StripRow:
    """The row of values already in order; the mean as `fmean` gives it in any order (an exact sum)."""
    values = array("d", ordered)
    return StripRow(label, outlet, values, _mean(values))
