"""Word lists kept as data files in this package, and a matcher that finds them in text.

File format: ``#`` comment lines (each file starts with ``# source:`` and ``# licence:``), then one
lowercase entry per line; an entry may be a phrase of several words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>.txt``."""
    text = resources.files("stance.lexicons").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def pattern(name: str) -> re.Pattern[str]:
    """A case-insensitive regex matching any entry as whole words; longer entries win over their prefixes."""
    entries = sorted(load(name), key=lambda e: (-len(e), e))
    alternatives = "|".join(r"\s+".join(map(re.escape, e.split())) for e in entries)
    return re.compile(rf"(?<![\w'’])(?:{alternatives})(?![\w'’])", re.IGNORECASE)


def find(name: str, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every lexicon entry in ``text[start:end]``, left to right, not overlapping."""
    return [m.span() for m in pattern(name).finditer(text, start, len(text) if end is None else end)]


@lru_cache(maxsize=None)
def load_weights(name: str) -> dict[str, float]:
    """The ``word<TAB>weight`` entries of ``lexicons/<name>.tsv``."""
    text = resources.files("stance.lexicons").joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {word: float(weight) for word, weight in rows}
