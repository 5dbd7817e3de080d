"""Tables that put outlets side by side: one row per article, and per story × outlet means.

Column names are a public contract (rules in ``stance check`` and users' notebooks refer to them);
their units are documented in the README.
"""

from __future__ import annotations

import pandas as pd

from .features import COLUMNS, DECIMALS
from .model import Story

ARTICLE_COLUMNS = ("id", "path", "outlet", "date", "title", "url", "story_id", *COLUMNS)
OUTLET_COLUMNS = ("story_id", "outlet", "articles", *COLUMNS)


def article_table(stories: list[Story]) -> pd.DataFrame:
    """One row per article, sorted by id. ``path`` is the file, ``id`` adds ``#n`` inside multi-article files."""
    rows = [
        {
            "id": a.id,
            "path": a.id.split("#")[0],
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
    """Per group (default: story × outlet): ``articles`` (count) and the mean of every feature."""
    grouped = articles.groupby(list(by), sort=True)
    table = grouped[list(COLUMNS)].mean().round(DECIMALS)
    table.insert(0, "articles", grouped.size())
    return table.reset_index()


def outlet_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet across the corpus: ``articles``, ``stories`` covered and the mean of every feature."""
    table = outlet_table(articles, by=("outlet",))
    table.insert(2, "stories", articles.groupby("outlet", sort=True)["story_id"].nunique().to_numpy())
    return table


def story_ranges(story: Story) -> dict[str, tuple[float, float]]:
    """(min, max) of each feature among a story's articles, to scale the bars on its page."""
    return {c: (min(a.features[c] for a in story.articles), max(a.features[c] for a in story.articles)) for c in COLUMNS}
