"""Page furniture out of article text: lines that are not the article.

Two signals, as in boilerplate detection (Kohlschütter, Fankhauser & Nejdl 2010):

- the line's shape: a whole line that is a share bar, a gallery loader, a follow-us line, a list of
  related links, pagination or raw embed markup (the ``furniture`` lexicon of patterns);
- repetition: a line found in at least `MIN_PAGES` of one outlet's articles and in at least
  `MIN_SHARE` of them is that outlet's template ("Sign up for the Harbour Herald morning
  briefing"), not news: two different reports do not repeat a line word for word.

A credit line ("The Associated Press contributed to this report", "Copyright 2014 Reuters";
`stance.text.credits`) is kept whatever its shape or repetition: it says whose text the article is.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import cache

from ..model import Article
from ..text import lexicons
from ..text.credits import credits

MIN_PAGES = 3  # a line in this many of one outlet's articles …
MIN_SHARE = 0.1  # … and in this share of them is the outlet's template
_BLANK_RUNS = re.compile(r"\n{3,}")


def strip_furniture(text: str) -> str:
    """``text`` without its lines that are page furniture by their shape (module docstring).

    Parameters
    ----------
    text : str
        An article's text, lines separated by ``\\n``.

    Returns
    -------
    str
        The other lines, in order; runs of blank lines left by removed lines closed up.

    Examples
    --------
    >>> strip_furniture("Share Tweet Email\\nThe council met.\\n\\nLoading Photo Gallery\\n\\nIt voted.")
    'The council met.\\n\\nIt voted.'
    """
    pattern = _furniture()
    kept = [
        line for line in text.split("\n") if not line.strip() or not pattern.fullmatch(line.strip()) or _credit(line)
    ]
    return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip()


def drop_repeated_lines(articles: list[Article]) -> list[Article]:
    """The articles without the lines their outlet repeats across pages (module docstring).

    Lines are compared ignoring case and runs of whitespace.

    Parameters
    ----------
    articles : list of Article
        With their outlets settled.

    Returns
    -------
    list of Article
        The same articles in the same order; an article keeps its text when removing would leave none.
    """
    count = Counter(a.outlet for a in articles)
    # Each line's key, computed once, for the articles of outlets with enough pages to have a template.
    keys = [[_key(line) for line in a.text.split("\n")] if count[a.outlet] >= MIN_PAGES else [] for a in articles]
    pages: dict[str, Counter[int]] = defaultdict(Counter)  # outlet -> line's key -> articles holding it
    for a, lines in zip(articles, keys):
        pages[a.outlet].update(set(lines) - {None})
    template = {
        outlet: {line for line, n in lines.items() if n >= max(MIN_PAGES, MIN_SHARE * count[outlet])}
        for outlet, lines in pages.items()
    }
    out = []
    for a, lines in zip(articles, keys):
        repeated = template[a.outlet]
        if repeated.isdisjoint(lines):
            out.append(a)
            continue
        kept = "\n".join(line for line, key in zip(a.text.split("\n"), lines) if key not in repeated or _credit(line))
        text = _BLANK_RUNS.sub("\n\n", kept).strip()
        out.append(replace(a, text=text) if text and text != a.text else a)
    return out


def _credit(line: str) -> bool:
    return bool(credits(line.strip()))


def _key(line: str) -> int | None:
    """A line with case and runs of whitespace ignored, as a 64-bit digest (None for a blank line): the
    keys of every line of every article are held at once, and a digest is a few bytes, not the line."""
    words = " ".join(line.casefold().split())
    return (
        int.from_bytes(hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=8).digest())
        if words
        else None
    )


@cache
def _furniture() -> re.Pattern[str]:
    """The ``furniture`` patterns as one case-insensitive regex (a line is furniture if it fully matches)."""
    return re.compile("|".join(f"(?:{p})" for p in sorted(lexicons.load("furniture"))), re.IGNORECASE)
