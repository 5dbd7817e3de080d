"""Tables that put outlets side by side: one row per article, per story × outlet, per quote and
per main actor.

Column names are a public contract (rules in ``stance check`` and users' notebooks refer to them);
their units are documented in the README.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..features import COLUMNS, DECIMALS
from ..model import Story

ARTICLE_COLUMNS = ("id", "path", "outlet", "date", "title", "url", "story_id", *COLUMNS)


def article_table(stories: list[Story]) -> pd.DataFrame:
    """One row per article, sorted by id.

    Parameters
    ----------
    stories : list of Story
        Measured stories.

    Returns
    -------
    pandas.DataFrame
        Columns `ARTICLE_COLUMNS`: ``path`` is the file, ``id`` adds ``#n`` inside multi-article
        files; missing dates, titles and URLs are ``""``; the feature columns in their units (README).
    """
    rows = [
        {
            "id": a.id,
            "path": a.path or a.id,
            "outlet": a.outlet,
            "date": a.date.isoformat() if a.date else "",
            "title": a.title or "",
            "url": a.url or "",
            "story_id": story.id,
            **a.features,
        }
        for story in stories
        for a in story.articles
    ]
    table = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    return table.sort_values("id", kind="stable").reset_index(drop=True)


def outlet_table(articles: pd.DataFrame, by: tuple[str, ...] = ("story_id", "outlet")) -> pd.DataFrame:
    """Per group (default: story × outlet): ``articles`` (count) and the mean of every feature.

    Parameters
    ----------
    articles : pandas.DataFrame
        An article table (`article_table`).
    by : tuple of str, default ("story_id", "outlet")
        The columns to group by.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted; the ``by`` columns, ``articles`` and the feature means (in the
        features' units, to `DECIMALS` places).
    """
    grouped = articles.groupby(list(by), sort=True)
    table = grouped[list(COLUMNS)].mean().round(DECIMALS)
    table.insert(0, "articles", grouped.size())
    return table.reset_index()


def outlet_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet across the corpus: ``articles``, ``stories`` covered and the mean of every feature.

    ``articles`` as for `outlet_table`, which this groups by ``outlet`` alone.

    Returns
    -------
    pandas.DataFrame
        One row per outlet, sorted: ``outlet``, ``articles`` (count), ``stories`` (count) and the
        feature means (to `DECIMALS` places).
    """
    table = outlet_table(articles, by=("outlet",))
    table.insert(2, "stories", articles.groupby("outlet", sort=True)["story_id"].nunique().to_numpy())
    return table


QUOTE_COLUMNS = ("id", "path", "outlet", "story_id", "speaker", "kind", "status", "text", "start", "end")
ENTITY_COLUMNS = ("story_id", "outlet", "entity", "kind", "mentions", "quoted", "labels", "tone")


def quote_table(stories: list[Story]) -> pd.DataFrame:
    """One row per direct quote or indirect attribution (``source`` span), with its speaker.

    ``stories`` as for `article_table`: measured stories.

    Returns
    -------
    pandas.DataFrame
        Columns `QUOTE_COLUMNS`, by article id and offset: ``text`` is the span's text, ``start`` and
        ``end`` its character offsets in the article.
    """
    rows = [
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
        for story in stories
        for a in story.articles
        for s in a.spans_labelled("source")
    ]
    return pd.DataFrame(rows, columns=list(QUOTE_COLUMNS)).sort_values(["id", "start"], kind="stable")


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
