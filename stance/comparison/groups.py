"""How a story's coverage spreads over the groups of outlets the user's outlets file defines
(lean, country, owner)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Story
from ..readers.outlets import OutletBook

NOT_GIVEN = "not given"


@dataclass(frozen=True)
class GroupSpread:
    """How one story's coverage spreads over the values of one field (lean, country or owner):
    ``groups`` holds (value, outlets, articles), with outlets the file says nothing about under
    "not given". ``one_group`` is the only value covering the story when every outlet of the story
    has one and the corpus's outlets have more than one; else None."""

    field: str
    groups: tuple[tuple[str, tuple[str, ...], int], ...]
    one_group: str | None


def group_spread(story: Story, book: OutletBook, corpus_outlets: Iterable[str]) -> tuple[GroupSpread, ...]:
    """A `GroupSpread` for every field the outlets file gives for some outlet."""
    out = []
    for field in book.group_fields:
        groups: dict[str, list[str]] = {}
        for outlet in story.outlets:
            groups.setdefault(_value(book, outlet, field), []).append(outlet)
        articles = {v: sum(a.outlet in members for a in story.articles) for v, members in groups.items()}
        known = {_value(book, o, field) for o in corpus_outlets} - {NOT_GIVEN}
        only = next(iter(groups)) if len(groups) == 1 and NOT_GIVEN not in groups and len(known) > 1 else None
        ordered = sorted(groups, key=lambda v: (v == NOT_GIVEN, v.casefold(), v))
        out.append(GroupSpread(field, tuple((v, tuple(groups[v]), articles[v]) for v in ordered), only))
    return tuple(out)


def _value(book: OutletBook, outlet: str, field: str) -> str:
    """What the outlets file gives as ``outlet``'s ``field``, or `NOT_GIVEN`."""
    info = book.info(outlet)
    return (info.group(field) if info else None) or NOT_GIVEN
