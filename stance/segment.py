"""Split an article into paragraphs, sentences and words, as character-offset spans.

Sentences come from BlingFire's finite-state sentence breaker, which ships its model inside
the package (no downloads) and is run on each paragraph separately so a sentence never crosses a
blank line. Words are runs of letters and digits, keeping inner apostrophes and hyphens
("don't", "U.N.-backed" is two words: "U.N" and "backed").
"""

from __future__ import annotations

import re
from functools import lru_cache

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

    BlingFire breaks after title abbreviations inconsistently ("Mr. | Smith said"), so the period
    of each abbreviation in the `honorifics` lexicon is masked before splitting. The mask has the
    same length, so offsets still point into the original text.
    """
    masked = _honorific_periods().sub(lambda m: m.group(1) + "_", text)
    out: list[Span] = []
    for para in paragraphs(masked):
        _, offsets = blingfire.text_to_sentences_and_offsets(masked[para.start : para.end])
        out.extend(Span(para.start + s, para.start + e, "sentence") for s, e in offsets if e > s)
    return out


@lru_cache(maxsize=1)
def _honorific_periods() -> re.Pattern[str]:
    names = "|".join(re.escape(h.rstrip(".")) for h in sorted(lexicons.load("honorifics")))
    return re.compile(rf"(?<![\w.])({names})\.(?=\s)", re.IGNORECASE)


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text[start:end]``, as offsets into ``text``."""
    return [m.span() for m in WORD.finditer(text, start, len(text) if end is None else end)]


def segment(article: Article) -> Article:
    """Add ``sentence`` spans to the article."""
    return article.with_spans(sentences(article.text))
