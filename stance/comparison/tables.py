"""Tables that put outlets side by side: one row per article, per story × outlet, per quote and
per main actor.

Column names are a public contract (rules in ``stance check`` and users' notebooks refer to them);
their units are documented in the README.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..features import COLUMNS, DECIMALS
from ..model import Article, Story
from .contrast import StoryContrast
from .copies import copy_record
from .framing import FRAMINGS, FramingProfile
from .uncertainty import Difference, OutletFigure

# After the features: how much of the article is its own (`stance.comparison.copies`), and how it
# frames the facts other outlets report too (`stance.comparison.framing`; needs each story's facts).
COPY_COLUMNS = ("original_share", "copied_from", "wire", "wire_copy")
FRAMING_COLUMNS = ("asserted_attributed_by",)
ARTICLE_ROWS = 50_000  # rows of the article table built at once
ARTICLE_COLUMNS = (
    "id",
    "path",
    "outlet",
    "date",
    "title",
    "url",
    "story_id",
    *COLUMNS,
    *COPY_COLUMNS,
    *FRAMING_COLUMNS,
)


def article_table(stories: list[Story], asserted: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per article, sorted by id.

    Parameters
    ----------
    stories : list of Story
        Measured stories.
    asserted : mapping of str to int, optional
        Article id -> `stance.comparison.framing.asserted_attributed_by` in its story (articles
        that state no shared fact flat may be left out). Without it, the table has no `FRAMING_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        Columns `ARTICLE_COLUMNS`: ``path`` is the file, ``id`` adds ``#n`` inside multi-article
        files; missing dates, titles and URLs are ``""``; the feature columns in their units (README);
        ``original_share`` (0–1), ``copied_from`` (an id or ``""``), ``wire`` (a name or ``""``) and
        ``wire_copy`` (bool) as `stance.comparison.copies` defines them; ``asserted_attributed_by``:
        the most other outlets that attribute or quote a fact the article states flat (a count).
    """
    columns = [c for c in ARTICLE_COLUMNS if asserted is not None or c not in FRAMING_COLUMNS]
    # In id order, `ARTICLE_ROWS` rows at a time, each built column by column: a dict per row for
    # every article, then a sorted copy of the table, took five times the memory at its peak.
    order = sorted(((s.id, a) for s in stories for a in s.articles), key=lambda pair: pair[1].id)
    parts = [
        pd.DataFrame(_article_columns(order[lo : lo + ARTICLE_ROWS], columns, asserted), columns=columns)
        for lo in range(0, len(order), ARTICLE_ROWS)
    ]
    if len(parts) > 1:
        return pd.concat(parts, ignore_index=True)
    return parts[0] if parts else pd.DataFrame([], columns=columns)  # no articles: columns of objects


def _article_columns(
    articles: list[tuple[str, Article]], columns: list[str], asserted: Mapping[str, int] | None
) -> dict[str, list]:
    """The `article_table` columns of (story id, article) pairs."""
    values: dict[str, list] = {c: [] for c in columns}
    for story_id, a in articles:
        row = {
            "id": a.id,
            "path": a.path or a.id,
            "outlet": a.outlet,
            "date": a.date.isoformat() if a.date else "",
            "title": a.title or "",
            "url": a.url or "",
            "story_id": story_id,
            **a.features,
            **copy_record(a),
        }
        if asserted is not None:
            row["asserted_attributed_by"] = asserted.get(a.id, 0)
        for c in columns:
            values[c].append(row[c])
    return values


def outlet_table(articles: pd.DataFrame, by: tuple[str, ...] = ("story_id", "outlet")) -> pd.DataFrame:
    """Per group (default: story × outlet): ``articles`` and ``wire_copies`` (counts) and the mean of
    every feature over the articles that are not wire copies: an outlet's figures are its own text,
    not the agency copy it runs (`stance.comparison.copies`).

    Parameters
    ----------
    articles : pandas.DataFrame
        An article table (`article_table`).
    by : tuple of str, default ("story_id", "outlet")
        The columns to group by.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted; the ``by`` columns, ``articles``, ``wire_copies`` and the feature
        means (in the features' units, to `DECIMALS` places; empty where every article is a wire copy).
    """
    grouped = articles.groupby(list(by), sort=True)
    copies = articles["wire_copy"].astype(bool)
    means = articles[~copies].groupby(list(by), sort=True)[list(COLUMNS)].mean().round(DECIMALS)
    counts = pd.DataFrame({"articles": grouped.size(), "wire_copies": copies.groupby([articles[c] for c in by]).sum()})
    return counts.astype(int).join(means).reset_index()


def outlet_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet across the corpus: ``articles``, ``stories`` covered, ``wire_copies`` and the feature
    means, as `outlet_table` grouped by ``outlet`` alone.

    Returns
    -------
    pandas.DataFrame
        One row per outlet, sorted: ``outlet``, ``articles``, ``stories`` and ``wire_copies`` (counts)
        and the feature means (to `DECIMALS` places).
    """
    table = outlet_table(articles, by=("outlet",))
    table.insert(2, "stories", articles.groupby("outlet", sort=True)["story_id"].nunique().to_numpy())
    return table


FACT_COLUMNS = (
    "story_id",
    "fact",
    "outlet",
    "id",
    "path",
    "framing",
    "speaker",
    "hedge",
    "text",
    "independent_sources",
)


def fact_rows(story: Story, found: StoryContrast | None) -> list[tuple]:
    """The rows of `fact_table` for one story and its comparison (`stance.comparison.contrast`; None
    for a story of one outlet, which has none): by fact as the story ranks them (most widely
    reported first), then outlet and article id."""
    rows: list[tuple] = []
    path = {a.id: a.path or a.id for a in story.articles}
    for fact, framed in zip(found.coverage.facts, found.framing) if found else ():
        told: dict[tuple[str, str], list[str]] = {}
        for s in fact.sentences:
            told.setdefault((s.outlet, s.article_id), []).append(s.text)
        how = dict(framed.articles)
        rows += [
            (story.id, fact.id, outlet, article, path[article], *how[article][:3], " ".join(texts), fact.sources)
            for (outlet, article), texts in sorted(told.items())
        ]
    return rows


def fact_table(rows: Iterable[tuple]) -> pd.DataFrame:
    """One row per fact × article reporting it, for the stories several outlets cover.

    Parameters
    ----------
    rows : iterable of tuple
        Every story's `fact_rows`.

    Returns
    -------
    pandas.DataFrame
        Columns `FACT_COLUMNS`, by story id, then as `fact_rows` gives them: ``framing``,
        ``speaker`` and ``hedge`` as `stance.comparison.framing` gives them for the article;
        ``text`` is the article's sentences of the fact, joined by a space; ``independent_sources``
        the fact's (`Fact.sources`).
    """
    table = pd.DataFrame(list(rows), columns=list(FACT_COLUMNS))
    return table.sort_values("story_id", kind="stable").reset_index(drop=True)


def profile_table(
    overview: pd.DataFrame, framing: Iterable[FramingProfile], figures: Iterable[OutletFigure]
) -> pd.DataFrame:
    """One row per outlet: ``outlet``, ``n_articles``, ``n_stories``, ``n_wire_copies``,
    ``n_shared_facts`` (counts), the share (0–1) of its shared facts it frames as each of
    `stance.comparison.framing.FRAMINGS` (``asserted_share`` …), ``asserted_where_attributed_share``
    (of the facts it states flat, those another outlet attributes or quotes), then each feature's
    mean over its articles that are not wire copies with its 95% interval (``<feature>``,
    ``<feature>_ci_low``, ``<feature>_ci_high``; `stance.comparison.uncertainty`).

    Parameters
    ----------
    overview : pandas.DataFrame
        The outlet overview (`outlet_overview`).
    framing : iterable of FramingProfile
        One per outlet, in the overview's order.
    figures : iterable of OutletFigure
        Every outlet's feature means and intervals.

    Returns
    -------
    pandas.DataFrame
        Shares empty for an outlet without shared facts (or without facts it states flat); means
        empty for an outlet whose articles are all wire copies; intervals empty for an outlet with
        too few stories.
    """
    columns = ["n_shared_facts", *(f"{name}_share" for name in FRAMINGS), "asserted_where_attributed_share"]
    rows = [[f.shared_facts, *(f.share(name) for name in FRAMINGS), f.asserted_where_attributed_share] for f in framing]
    counts = overview[["outlet", "articles", "stories", "wire_copies"]].set_axis(
        ["outlet", "n_articles", "n_stories", "n_wire_copies"], axis=1
    )
    shares = pd.DataFrame(rows, index=overview.index, columns=columns, dtype=float).round(DECIMALS)
    shares["n_shared_facts"] = shares["n_shared_facts"].astype(int)
    found = {(f.outlet, f.feature): f for f in figures}
    means = pd.DataFrame(
        [[x for c in COLUMNS for x in _with_interval(found.get((outlet, c)))] for outlet in overview["outlet"]],
        index=overview.index,
        columns=[x for c in COLUMNS for x in (c, f"{c}_ci_low", f"{c}_ci_high")],
        dtype=float,
    )
    return pd.concat([counts, shares, means], axis=1)


def _with_interval(figure: OutletFigure | None) -> tuple[float | None, float | None, float | None]:
    if figure is None:
        return None, None, None
    return (figure.mean, *(figure.interval if figure.interval else (None, None)))


DIFFERENCE_COLUMNS = ("outlet", "other", "feature", "n_stories", "difference", "ci_low", "ci_high", "excludes_zero")


def difference_table(differences: Iterable[Difference]) -> pd.DataFrame:
    """One row per outlet × other outlet × feature (`stance.comparison.uncertainty.matched_differences`):
    columns `DIFFERENCE_COLUMNS`; ``difference`` and its interval in the feature's unit (the interval
    empty with too few stories both covered); ``excludes_zero`` true when the interval lies on one
    side of zero."""
    rows = [
        (
            d.outlet,
            d.other,
            d.feature,
            d.n_stories,
            d.difference,
            *(d.interval if d.interval else (None, None)),
            bool(d.interval and d.interval.excludes_zero()),
        )
        for d in differences
    ]
    return pd.DataFrame(rows, columns=list(DIFFERENCE_COLUMNS))


QUOTE_COLUMNS = ("id", "path", "outlet", "story_id", "speaker", "kind", "status", "text", "start", "end")
ENTITY_COLUMNS = ("story_id", "outlet", "entity", "kind", "mentions", "quoted", "labels", "tone")


def quote_rows(story: Story) -> list[dict]:
    """The rows of `quote_table` for one measured story, in article and offset order."""
    return [
        {
            "id": a.id,
            "path": a.path or a.id,
            "outlet": a.outlet,
            "story_id": story.id,
            **{k: v for k, v in s.attrs if k in ("speaker", "kind", "status")},
            "text": a.text[s.start : s.end],
            "start": s.start,
            "end": s.end,
        }
        for a in story.articles
        for s in a.spans_labelled("source")
    ]


def quote_table(rows: Iterable[dict]) -> pd.DataFrame:
    """One row per direct quote or indirect attribution (``source`` span), with its speaker.

    ``rows``: every story's `quote_rows`.

    Returns
    -------
    pandas.DataFrame
        Columns `QUOTE_COLUMNS`, by article id and offset: ``text`` is the span's text, ``start`` and
        ``end`` its character offsets in the article.
    """
    return pd.DataFrame(list(rows), columns=list(QUOTE_COLUMNS)).sort_values(["id", "start"], kind="stable")


def entity_table(rows: Iterable[dict]) -> pd.DataFrame:
    """Rows of `stance.comparison.actors.story_entities` for every story, sorted by story, entity and outlet.

    Parameters
    ----------
    rows : iterable of dict
        A row per main actor and outlet of a story, keyed by the names of `ENTITY_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        Columns `ENTITY_COLUMNS`.
    """
    return pd.DataFrame(rows, columns=list(ENTITY_COLUMNS)).sort_values(["story_id", "entity", "outlet"], kind="stable")
