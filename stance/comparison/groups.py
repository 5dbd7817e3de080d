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
    """How one story's coverage spreads over the values of one field (lean, country or owner).

    Attributes
    ----------
    field : str
        One of `stance.readers.outlets.GROUP_FIELDS`: ``lean``, ``country`` or ``owner``.
    groups : tuple of (str, tuple of str, int)
        (value, outlets, articles): each value (sorted, "not given" last), the story's outlets with
        it and their number of articles. Outlets the file says nothing about are under "not given".
    one_group : str or None
        The only value covering the story when every outlet of the story has one and the corpus's
        outlets have more than one; else None.
    """

    field: str
    groups: tuple[tuple[str, tuple[str, ...], int], ...]
    one_group: str | None


def group_spread(story: Story, book: OutletBook, corpus_outlets: Iterable[str]) -> tuple[GroupSpread, ...]:
    """A `GroupSpread` for every field the outlets file gives for some outlet.

    Parameters
    ----------
    story : Story
        The story.
    book : OutletBook
        The outlets file.
    corpus_outlets : iterable of str
        Every outlet of the corpus: ``one_group`` is set only if they have more than one value.

    Returns
    -------
    tuple of GroupSpread
        In the order of `stance.readers.outlets.GROUP_FIELDS`.
    """
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
