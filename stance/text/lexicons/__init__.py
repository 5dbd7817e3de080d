"""Word lists kept as data files in this package, and a matcher that finds them in text.

File format: ``#`` comment lines (each file starts with ``# source:`` and ``# licence:``), then one
lowercase entry per line; an entry may be a phrase of several words. A ``.txt`` lexicon is entries
alone; a ``.tsv`` lexicon gives each entry further tab-separated columns (a weight, a category, a
neutral alternative), described in its header.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache
from importlib import resources

from ..trie import trie_pattern

# Characters outside ASCII that a case-insensitive regex lets match an ASCII letter although they do
# not lowercase to it: the Turkish dotted and dotless i, and the long s (tests check the list is complete).
_FOLDING_TO_ASCII = ("İ", "ı", "ſ")
# Lexicons that every article is searched for, whole or sentence by sentence: `find` finds all of
# them in one pass over a text (three passes took three times as long).
SEARCHED_TOGETHER = ("attribution", "boosters", "hedges")
# Lexicons made of several files: the attribution cues are a hand-picked core (attribution.txt), the
# verbs of communication drawn from WordNet (communication_verbs.txt, tools/communication_verbs.py)
# and evidential sources ("a poll shows", evidential_sources.txt).
PARTS = {"attribution": ("communication_verbs", "evidential_sources")}
_IN_WORD = re.compile(r"[\w'’]")


@cache
def load(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>.txt`` (or the first column of ``lexicons/<name>.tsv``).

    Parameters
    ----------
    name : str
        A lexicon: the file name without ``.txt`` or ``.tsv``, such as ``hedges``.

    Returns
    -------
    frozenset of str
        Its entries, stripped; comment and blank lines left out.
    """
    return frozenset(load_table(name))


@cache
def load_table(name: str) -> dict[str, tuple[str, ...]]:
    """Each entry of a lexicon with its further columns (none for a ``.txt`` lexicon).

    ``name`` as for `load`; a lexicon of `PARTS` has the entries of its parts too.

    Returns
    -------
    dict of str to tuple of str
        Entry -> the rest of its tab-separated line, each column stripped.
    """
    folder = resources.files(__name__)
    tsv = folder.joinpath(f"{name}.tsv")
    text = (tsv if tsv.is_file() else folder.joinpath(f"{name}.txt")).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = [[c.strip() for c in line.split("\t")] for line in lines]
    table = {row[0]: tuple(row[1:]) for row in rows}
    for part in PARTS.get(name, ()):
        table = load_table(part) | table
    return table


@cache
def pattern(name: str) -> re.Pattern[str]:
    """A case-insensitive regex matching any entry as whole words; longer entries win over their prefixes.

    ``name`` as for `load`.

    Returns
    -------
    re.Pattern
        The words of an entry match across any run of whitespace.
    """
    entries = sorted(load(name), key=lambda e: (-len(e), e))
    alternatives = "|".join(r"\s+".join(map(re.escape, e.split())) for e in entries)
    return re.compile(rf"(?<![\w'’])(?:{alternatives})(?![\w'’])", re.IGNORECASE)


@cache
def lowercase_pattern(name: str) -> re.Pattern[str] | None:
    """`pattern` for lowercased text: case-sensitive, with the entries as a character trie.

    The regex engine then tries one branch per character instead of every entry at every word (about
    five times faster). A longer entry still wins over its prefix: the trie tries the longer path first.

    ``name`` as for `load`.

    Returns
    -------
    re.Pattern or None
        None when an entry is not lowercase ASCII, for which lowercasing the text is not the same.
    """
    trie = _trie(load(name))
    return re.compile(rf"(?<![\w'’])(?:{trie})(?![\w'’])") if trie is not None else None


def _trie(entries: frozenset[str]) -> str | None:
    """The entries as a regex character trie (the words of an entry joined by one or more spaces),
    or None if one is not lowercase ASCII."""
    if not all(e.isascii() and e == e.lower() for e in entries):
        return None
    return trie_pattern(
        [step for i, word in enumerate(e.split()) for step in ([r"\s+"] if i else []) + [re.escape(c) for c in word]]
        for e in entries
    )


@lru_cache(maxsize=64)
def lowercased(text: str) -> str | None:
    """``text.lower()`` when matching a lowercase pattern in it is the same as matching case-insensitively.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str or None
        ``text.lower()`` when a lowercase pattern finds in it exactly what the same pattern,
        case-insensitive, finds in ``text``: the same length, no character whose case-insensitive match
        differs from its lowercase. None otherwise (then match case-insensitively).
    """
    lowered = text.lower()
    if len(lowered) != len(text) or any(c in text for c in _FOLDING_TO_ASCII):
        return None
    return lowered


def find(name: str, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every lexicon entry in ``text[start:end]``, left to right, not overlapping.

    For the lexicons searched together, the matches come from `_everywhere` (one pass over the
    whole text for all of them): left to right, each match that starts after the last one taken.
    That is what the lexicon's own pattern finds in ``text[start:end]``, unless a word character
    follows ``end`` (then an entry may end at ``end`` only because the text is cut there) or a
    match runs past ``end`` (it is matched again, within ``end``).

    Parameters
    ----------
    name : str
        A lexicon: the file name without ``.txt``, such as ``hedges``.
    text : str
        The text searched.
    start : int, default 0
        Character offset where the search starts.
    end : int, optional
        Character offset where it ends (default: the end of ``text``).

    Returns
    -------
    list of (int, int)
        Character offsets into ``text`` (end exclusive).
    """
    end = len(text) if end is None else end
    lowered, fast = lowercased(text), lowercase_pattern(name)
    if lowered is None or fast is None:
        return [m.span() for m in pattern(name).finditer(text, start, end)]
    if name not in SEARCHED_TOGETHER or _IN_WORD.match(lowered, end):
        return [m.span() for m in fast.finditer(lowered, start, end)]
    found, last = [], start
    everywhere = _everywhere(lowered)[name]
    for at, stop in everywhere[bisect_left(everywhere, (start,)) : bisect_left(everywhere, (end,))]:
        if at < last:
            continue
        if stop > end:
            cut = fast.match(lowered, at, end)
            if cut is None:
                continue
            stop = cut.end()
        found.append((at, stop))
        last = stop
    return found


@lru_cache(maxsize=16)
def _everywhere(lowered: str) -> dict[str, list[tuple[int, int]]]:
    """For each lexicon of `SEARCHED_TOGETHER`: (start, end) of its match at every position of the
    lowercased text where one starts (they may overlap), from one pass of a pattern that tries all
    the lexicons at once and, where one matches, captures each lexicon's match in its group."""
    names, joint = _joint_pattern()
    out: dict[str, list[tuple[int, int]]] = {name: [] for name in names}
    for m in joint.finditer(lowered):
        for group, name in enumerate(names, 1):
            if m.start(group) >= 0:
                out[name].append(m.span(group))
    return out


@lru_cache(maxsize=1)
def _joint_pattern() -> tuple[tuple[str, ...], re.Pattern[str]]:
    names = tuple(n for n in SEARCHED_TOGETHER if lowercase_pattern(n) is not None)
    any_entry = _trie(frozenset().union(*map(load, names)))
    each = "".join(rf"(?:(?=({_trie(load(n))})(?![\w'’]))|)" for n in names)
    return names, re.compile(rf"(?<![\w'’])(?=(?:{any_entry})(?![\w'’])){each}")


@cache
def load_weights(name: str) -> dict[str, float]:
    """The ``word<TAB>weight`` entries of ``lexicons/<name>.tsv``.

    Parameters
    ----------
    name : str
        A weighted lexicon: the file name without ``.tsv``, such as ``valence``.

    Returns
    -------
    dict of str to float
        Word -> weight, in the file's unit (``valence``: mean human rating, −4 … +4).
    """
    return {word: float(weight) for word, (weight,) in load_table(name).items()}
