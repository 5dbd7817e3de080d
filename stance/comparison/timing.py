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
    """One article's date, and its lag in days after the story's first dated article."""

    article_id: str
    outlet: str
    date: dt.date | None
    lag_days: int | None


@dataclass(frozen=True)
class Timing:
    """``first``: the outlets that published on the first day; ``spread_days``: last date minus
    first date (0 when all on one day, None when no article is dated)."""

    publications: tuple[Publication, ...]
    first: tuple[str, ...]
    first_date: dt.date | None
    last_date: dt.date | None
    spread_days: int | None

    @property
    def undated(self) -> tuple[str, ...]:
        return tuple(sorted({p.outlet for p in self.publications if p.date is None}))


def timing(story: Story) -> Timing:
    """Dates, lags and first publishers of ``story``'s articles (dated first, in date order)."""
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
