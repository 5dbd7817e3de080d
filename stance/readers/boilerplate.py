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
from array import array
from collections import Counter
from dataclasses import replace
from functools import cache

import numpy as np

from ..model import Article, TextStore
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


def drop_repeated_lines(articles: list[Article], texts: TextStore | None = None) -> list[Article]:
    """The articles without the lines their outlet repeats across pages (module docstring).

    Lines are compared ignoring case and runs of whitespace.

    Parameters
    ----------
    articles : list of Article
        With their outlets settled.
    texts : TextStore, optional
        Where the articles' texts were set aside as read: they are read from there, and an article
        that loses lines has its new text kept there.

    Returns
    -------
    list of Article
        The same articles in the same order; an article keeps its text when removing would leave none.
    """
    text_of = texts.text if texts else _own_text
    count = Counter(a.outlet for a in articles)
    outlets = {outlet: n for n, outlet in enumerate(sorted(count))}
    # Each article's distinct line keys, one flat array for the corpus (a few bytes a line, where a
    # set per article or a counter per outlet held a hundred), for the outlets with enough pages.
    keys, lengths = array("Q"), array("q")
    for a in articles:
        lines = text_of(a).split("\n") if count[a.outlet] >= MIN_PAGES else ()
        distinct = sorted({key for line in lines if (key := _key(line)) is not None})
        keys.extend(distinct)
        lengths.append(len(distinct))
    flat, per_article = np.frombuffer(keys, np.uint64), np.frombuffer(lengths, np.int64)
    owner = np.repeat(np.arange(len(articles)), per_article)
    outlet = np.array([outlets[a.outlet] for a in articles], np.int64)
    repeated = _in_template(flat, outlet[owner], np.array([count[o] for o in outlets], np.float64))
    bounds = np.r_[0, np.cumsum(per_article)]
    out = list(articles)
    for i in np.unique(owner[repeated]).tolist():  # the articles holding template lines
        a, lo, hi = articles[i], bounds[i], bounds[i + 1]
        drop = set(flat[lo:hi][repeated[lo:hi]].tolist())
        text = text_of(a)
        kept = "\n".join(line for line in text.split("\n") if _key(line) not in drop or _credit(line))
        kept = _BLANK_RUNS.sub("\n\n", kept).strip()
        if kept and kept != text:
            out[i] = texts.keep_text(replace(a, text=kept)) if texts else replace(a, text=kept)
    return out


def _in_template(keys: np.ndarray, outlet: np.ndarray, pages: np.ndarray) -> np.ndarray:
    """Whether each line (its key, and its article's outlet number) is in at least `MIN_PAGES` and
    `MIN_SHARE` of its outlet's ``pages``, each article counting a line once."""
    if not len(keys):
        return np.zeros(0, bool)
    order = np.lexsort((keys, outlet))
    key, out = keys[order], outlet[order]
    first = np.flatnonzero(np.r_[True, (key[1:] != key[:-1]) | (out[1:] != out[:-1])])
    runs = np.diff(np.r_[first, len(key)])
    repeated = np.empty(len(keys), bool)
    repeated[order] = np.repeat(runs >= np.maximum(MIN_PAGES, MIN_SHARE * pages[out[first]]), runs)
    return repeated


def _own_text(article: Article) -> str:
    return article.text


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
