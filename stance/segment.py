"""Split an article into paragraphs, sentences and words, as character-offset spans.

Sentences come from BlingFire's finite-state sentence breaker, which ships its model inside
the package (no downloads) and is run on each paragraph separately so a sentence never crosses a
blank line. Words are runs of letters and digits, keeping inner apostrophes and hyphens
("don't", "U.N.-backed" is two words: "U.N" and "backed").
"""

from __future__ import annotations

import re

import blingfire

from . import lexicons
from .model import Article, Span

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLOCK = re.compile(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")  # consecutive non-blank lines
_LINE = re.compile(r"\S[^\n]*")


def paragraphs(text: str) -> list[Span]:
    """Blank-line separated blocks; in a text without blank lines, each line is a paragraph."""
    pattern = _BLOCK if _BLANK_LINE.search(text) else _LINE
    return [Span(m.start(), m.start() + len(m.group().rstrip()), "paragraph") for m in pattern.finditer(text)]


def sentences(text: str) -> list[Span]:
    """Sentence spans, paragraph by paragraph.

    BlingFire sometimes breaks after a title abbreviation ("Mr. | Smith said"); such breaks are
    undone using the `honorifics` lexicon.
    """
    honorifics = lexicons.load("honorifics")
    out: list[Span] = []
    for para in paragraphs(text):
        _, offsets = blingfire.text_to_sentences_and_offsets(text[para.start : para.end])
        merged: list[list[int]] = []
        for s, e in offsets:
            if merged and _last_word(text, para.start + merged[-1][0], para.start + merged[-1][1]) in honorifics:
                merged[-1][1] = e
            elif e > s:
                merged.append([s, e])
        out.extend(Span(para.start + s, para.start + e, "sentence") for s, e in merged)
    return out


def _last_word(text: str, start: int, end: int) -> str:
    return text[start:end].rsplit(None, 1)[-1].lower()


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text[start:end]``, as offsets into ``text``."""
    return [m.span() for m in WORD.finditer(text, start, len(text) if end is None else end)]


def segment(article: Article) -> Article:
    """Add ``sentence`` spans to the article."""
    return article.with_spans(sentences(article.text))
