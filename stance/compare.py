"""Tables that put outlets side by side: one row per article, and per story × outlet means.

Column names are a public contract (rules in ``stance check`` and users' notebooks refer to them);
their units are documented in the README.
"""

from __future__ import annotations

from collections import Counter

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


QUOTE_COLUMNS = ("id", "path", "outlet", "story_id", "speaker", "kind", "status", "text", "start", "end")
ENTITY_COLUMNS = ("story_id", "outlet", "entity", "kind", "mentions", "tone")
MAIN_ACTORS = 5  # entities per story in entities.csv and on story pages: the most mentioned


def quote_table(stories: list[Story]) -> pd.DataFrame:
    """One row per direct quote or indirect attribution (``source`` span), with its speaker."""
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


def story_entities(story: Story) -> list[dict]:
    """Per main actor × outlet of one story: ``mentions`` and ``tone`` (mean valence, −1…+1, of the
    opinion words near its mentions in that outlet's articles; None when there are none). The main
    actors are the story's `MAIN_ACTORS` most mentioned people and organisations, most mentioned first."""
    actors: Counter[tuple[str, str]] = Counter()  # (name, kind) -> mentions in the story
    mentions: Counter[tuple[str, str]] = Counter()  # (outlet, name) -> mentions
    valences: dict[tuple[str, str], list[float]] = {}  # (outlet, name) -> valences, in article and text order
    for a in story.articles:  # one pass over the spans: a run reads them for the story's page and entities.csv
        for s in a.spans:
            if s.label == "entity":
                attrs = dict(s.attrs)
                actors[(attrs["name"], attrs["kind"])] += 1
                mentions[(a.outlet, attrs["name"])] += 1
            elif s.label == "tone":
                attrs = dict(s.attrs)
                valences.setdefault((a.outlet, attrs["entity"]), []).append(float(attrs["valence"]))
    main = sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:MAIN_ACTORS]
    outlets = story.outlets
    rows = []
    for (name, kind), _ in main:
        for outlet in outlets:
            tones = valences.get((outlet, name), [])
            tone = round(sum(tones) / len(tones), DECIMALS) if tones else None
            rows.append({"story_id": story.id, "outlet": outlet, "entity": name, "kind": kind, "mentions": mentions[(outlet, name)], "tone": tone})
    return rows


def entity_table(stories: list[Story]) -> pd.DataFrame:
    """`story_entities` for every story, sorted by story, entity and outlet."""
    rows = [row for story in stories for row in story_entities(story)]
    return pd.DataFrame(rows, columns=list(ENTITY_COLUMNS)).sort_values(["story_id", "entity", "outlet"], kind="stable")
