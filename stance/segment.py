"""Split an article into paragraphs, sentences and words, as character-offset spans.

Sentences come from BlingFire's finite-state sentence breaker, which ships its model inside
the package (no downloads) and is run on each paragraph separately so a sentence never crosses a
blank line. Words are runs of letters and digits, keeping inner apostrophes and hyphens
("don't", "U.N.-backed" is two words: "U.N" and "backed").
"""

from __future__ import annotations

import ctypes
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
    paras = paragraphs(masked)
    breaker = _Sentences(max((len(masked[p.start : p.end].encode("utf-8")) for p in paras), default=0))
    for para in paras:
        offsets = breaker.offsets(masked[para.start : para.end])
        out.extend(Span(para.start + s, para.start + e, "sentence") for s, e in offsets if e > s)
    return out


class _Sentences:
    """BlingFire's sentence offsets, exactly as ``blingfire.text_to_sentences_and_offsets`` gives
    them, but with output buffers allocated once per article rather than once per paragraph, and
    without the wrapper's Python loop over every byte (which took most of the time of segmenting)."""

    def __init__(self, max_bytes: int):
        self.size = 2 * max_bytes  # the capacity the wrapper gives BlingFire
        self.out = ctypes.create_string_buffer(self.size)
        self.starts, self.ends = (ctypes.c_int32 * self.size)(), (ctypes.c_int32 * self.size)()

    def offsets(self, text: str) -> list[tuple[int, int]]:
        data = text.encode("utf-8")
        if not data:
            return blingfire.text_to_sentences_and_offsets(text)[1]
        n = blingfire.blingfire.TextToSentencesWithOffsets(
            ctypes.c_char_p(data), ctypes.c_int(len(data)), ctypes.byref(self.out),
            ctypes.byref(self.starts), ctypes.byref(self.ends), ctypes.c_int(2 * len(data)),
        )
        if n == -1 or n > 2 * len(data):
            return []
        count = self.out.value.count(b"\n") + 1
        bounds = [b + is_end for pair in zip(self.starts[:count], self.ends[:count]) for is_end, b in enumerate(pair)]
        # The wrapper maps byte offsets (sentence start, byte after its end) to characters, and
        # expects them in order and on character boundaries; otherwise let it decide (and fail).
        if any(b > c for b, c in zip(bounds, bounds[1:])) or bounds[0] < 0 or bounds[-1] > len(data):
            return blingfire.text_to_sentences_and_offsets(text)[1]
        if len(data) != len(text):
            if any(b < len(data) and data[b] & 0xC0 == 0x80 for b in bounds) or bounds[-2:].count(len(data)) > 1:
                return blingfire.text_to_sentences_and_offsets(text)[1]
            bounds = [len(data[:b].decode("utf-8")) for b in bounds]
        elif bounds[-2:].count(len(data)) > 1:
            return blingfire.text_to_sentences_and_offsets(text)[1]
        return list(zip(bounds[0::2], bounds[1::2]))


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
