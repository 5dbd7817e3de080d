"""Timing: who published a story first, and how far apart the outlets' reports are.

Inputs carry dates only (no times of day), so "first" is the earliest calendar day, shared by every
outlet that published that day, and lags are whole days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Story, reading_order


@dataclass(frozen=True)
class Publication:
    """One article's date, and its lag in days after the story's first dated article.

    Attributes
    ----------
    article_id, outlet : str
        The article and its outlet.
    date : datetime.date or None
        None when undated.
    lag_days : int or None
        Days after the story's first date; None when undated.
    """

    article_id: str
    outlet: str
    date: dt.date | None
    lag_days: int | None


@dataclass(frozen=True)
class Timing:
    """When a story's outlets published it.

    Attributes
    ----------
    publications : tuple of Publication
        Dated first, in date order (`stance.model.reading_order`).
    first : tuple of str
        The outlets that published on the first day, sorted.
    first_date, last_date : datetime.date or None
        The first and last dates; None when no article is dated.
    spread_days : int or None
        Last date minus first date, in days (0 when all on one day, None when no article is dated).
    """

    publications: tuple[Publication, ...]
    first: tuple[str, ...]
    first_date: dt.date | None
    last_date: dt.date | None
    spread_days: int | None

    @property
    def undated(self) -> tuple[str, ...]:
        """The outlets with an undated article, sorted."""
        return tuple(sorted({p.outlet for p in self.publications if p.date is None}))


def timing(story: Story) -> Timing:
    """Dates, lags and first publishers of ``story``'s articles (dated first, in date order).

    Parameters
    ----------
    story : Story
        The story.

    Returns
    -------
    Timing
    """
    dates = story.dates
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    publications = tuple(
        Publication(a.id, a.outlet, a.date, (a.date - first).days if a.date and first else None)
        for a in sorted(story.articles, key=reading_order)
    )
    return Timing(
        publications=publications,
        first=tuple(sorted({p.outlet for p in publications if p.date is not None and p.date == first})),
        first_date=first,
        last_date=last,
        spread_days=(last - first).days if first and last else None,
    )
