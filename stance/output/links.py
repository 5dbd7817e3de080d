"""Where things are on the pages: a file name for each outlet's page, and an element id for each
sentence of a story page, which findings link to ("one click away")."""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from ..comparison.profiles import OutletProfile
from ..model import Article, Story
from ..text.slug import slug

SLUG_MAX_CHARS = 60


def outlet_slugs(names: Iterable[str]) -> dict[str, str]:
    """A file-safe page name (``[a-z0-9-]``, never empty) for each outlet name.

    Names are taken in sorted order; a name whose slug is taken gets 8 hex digits of its SHA-1
    added, so the result depends only on the set of names.

    Parameters
    ----------
    names : iterable of str
        Outlet names; repeats are fine.

    Returns
    -------
    dict of str to str
        Outlet name -> page name (at most `SLUG_MAX_CHARS` characters before a suffix).
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        base = slug(name, max_words=12)[:SLUG_MAX_CHARS].strip("-")
        if base == "story" and "story" not in name.casefold():  # `slug`'s stand-in for a name with no ASCII letters
            base = "outlet"
        candidate = base
        if candidate in taken:
            candidate = f"{base}-{hashlib.sha1(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
        n = 2
        while candidate in taken:  # only if a hash suffix collides too
            candidate = f"{base}-{n}"
            n += 1
        taken.add(candidate)
        out[name] = candidate
    return out


def linked_articles(profiles: Iterable[OutletProfile]) -> frozenset[str]:
    """The articles an outlet page links into: where each of its distinctive terms is first used."""
    return frozenset(term.occurrences[0].article_id for p in profiles for term in p.terms)


@dataclass(frozen=True)
class Anchors:
    """Element ids of the sentences in a story page's article columns: ``a<column>-<start>``.

    Attributes
    ----------
    columns : dict of str to int
        Article id -> its column, numbered from 1 in the story's article order.
    starts : dict of str to array of int
        Article id -> the character offset where each of its sentences starts: an ``array("q")``,
        8 bytes an offset, as the outlet pages need every story's anchors at the end of a run (a
        million articles' 26 million sentences are 1.2 GB as tuples of Python ints).
    """

    columns: dict[str, int]
    starts: dict[str, array]

    @classmethod
    def of(cls, story: Story) -> Anchors:
        """The anchors of ``story``'s articles, from their ``sentence`` spans."""
        return cls(
            {a.id: n for n, a in enumerate(story.articles, 1)},
            {a.id: array("q", [s.start for s in a.spans_labelled("sentence")]) for a in story.articles},
        )

    def sentence_id(self, article_id: str, offset: int) -> str:
        """The id of the sentence holding character ``offset`` (or the first sentence before it)."""
        starts = self.starts[article_id]
        i = bisect.bisect_right(starts, offset) - 1
        return f"a{self.columns[article_id]}-{starts[i] if i >= 0 else 0}"

    def href(self, article_id: str, offset: int) -> str:
        """A link to the sentence holding character ``offset``: ``#`` and its `sentence_id`."""
        return "#" + self.sentence_id(article_id, offset)

    def spans(self, article: Article) -> list[tuple[int, int, str]]:
        """(start, end, id) of every sentence of ``article``, for `stance.output.filters.highlight`.

        Returns
        -------
        list of (int, int, str)
            Character offsets into the article's text, and the sentence's element id.
        """
        return [(s.start, s.end, f"a{self.columns[article.id]}-{s.start}") for s in article.spans_labelled("sentence")]
