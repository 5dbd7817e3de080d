"""Split an article into paragraphs, sentences and words, as character-offset spans.

Sentences come from BlingFire's finite-state sentence breaker, which ships its model inside
the package (no downloads) and is run on each paragraph separately so a sentence never crosses a
blank line. Words are runs of letters and digits, keeping inner apostrophes and hyphens
("don't", "U.N.-backed" is two words: "U.N" and "backed").

`paragraphs`, `sentences` and `all_words` take one parameter, ``text : str``: an article's text, or
any text. What they return is in text order, as character offsets into ``text`` (end exclusive).
"""

from __future__ import annotations

import ctypes
import re
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import blingfire

from ..model import Article, Span
from . import lexicons

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_GAPS_AND_WORDS = re.compile(f"({WORD.pattern})")  # split() keeps the words between the gaps
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLOCK = re.compile(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")  # consecutive non-blank lines
_LINE = re.compile(r"\S[^\n]*")
_PERIOD_BEFORE_SPACE = re.compile(r"\.(?=\s)")
_WORD_BEFORE = re.compile(r"\w+\Z")


def paragraphs(text: str) -> list[Span]:
    """Blank-line separated blocks; in a text without blank lines, each line is a paragraph.

    ``text`` as in the module docstring.

    Returns
    -------
    list of Span
        ``paragraph`` spans in text order, as character offsets into ``text``, without the blocks'
        leading and trailing whitespace.
    """
    pattern = _BLOCK if _BLANK_LINE.search(text) else _LINE
    return [Span(m.start(), m.start() + len(m.group().rstrip()), "paragraph") for m in pattern.finditer(text)]


def sentences(text: str) -> list[Span]:
    """Sentence spans, paragraph by paragraph.

    BlingFire breaks after title abbreviations inconsistently ("Mr. | Smith said"), so the period
    of each abbreviation in the `honorifics` lexicon is masked before splitting. The mask has the
    same length, so offsets still point into the original text (and the paragraphs are the same).

    ``text`` as in the module docstring.

    Returns
    -------
    list of Span
        ``sentence`` spans in text order, as character offsets into ``text``; none crosses a paragraph
        (`paragraphs`), and none is empty.
    """
    masked = _mask_honorifics(text)
    out: list[Span] = []
    paras = paragraphs(text)
    breaker = _Sentences(max((len(masked[p.start : p.end].encode("utf-8")) for p in paras), default=0))
    for para in paras:
        offsets = breaker.offsets(masked[para.start : para.end])
        out.extend(Span(para.start + s, para.start + e, "sentence") for s, e in offsets if e > s)
    return out


def _mask_honorifics(text: str) -> str:
    """``text`` with "_" for the period of every title abbreviation ("Mr." -> "Mr_").

    Only a period followed by a space can end an abbreviation, and news has a few dozen per article,
    so the abbreviation pattern is tried at each of them, on the word before, rather than scanned
    over the whole text (several times slower).
    """
    abbreviation, longest = _honorific_periods()
    pieces, done = [], 0
    for period in _PERIOD_BEFORE_SPACE.finditer(text):
        at = period.start()
        word = _WORD_BEFORE.search(text, max(0, at - longest), at)  # ends at the period
        if word and abbreviation.match(text, word.start()):
            pieces += [text[done:at], "_"]
            done = at + 1
    return "".join(pieces) + text[done:]


class _Sentences:
    """BlingFire's sentence offsets, exactly as ``blingfire.text_to_sentences_and_offsets`` gives
    them, but with output buffers allocated once per article rather than once per paragraph, and
    without the wrapper's Python loop over every byte (which took most of the time of segmenting)."""

    def __init__(self, max_bytes: int):
        self.size = 2 * max_bytes  # the capacity the wrapper gives BlingFire
        self.out = ctypes.create_string_buffer(self.size)
        self.starts, self.ends = (ctypes.c_int32 * self.size)(), (ctypes.c_int32 * self.size)()
        self.buffers = ctypes.byref(self.out), ctypes.byref(self.starts), ctypes.byref(self.ends)

    def offsets(self, text: str) -> list[tuple[int, int]]:
        data = text.encode("utf-8")
        if not data:  # never a paragraph; the wrapper fails on it
            return []
        # ctypes passes bytes as char* and ints as int, as the wrapper's c_char_p and c_int do.
        n = blingfire.blingfire.TextToSentencesWithOffsets(data, len(data), *self.buffers, 2 * len(data))
        if n == -1 or n > 2 * len(data):
            return []
        count = self.out.value.count(b"\n") + 1
        bounds = [0] * (2 * count)  # sentence start, byte after its end, next start, …
        bounds[0::2], bounds[1::2] = self.starts[:count], [end + 1 for end in self.ends[:count]]
        # The wrapper maps byte offsets to characters, and expects them in order and on character
        # boundaries; otherwise let it decide (and fail).
        if bounds != sorted(bounds) or bounds[0] < 0 or bounds[-1] > len(data):
            return blingfire.text_to_sentences_and_offsets(text)[1]
        if len(data) != len(text):
            if any(b < len(data) and data[b] & 0xC0 == 0x80 for b in bounds) or bounds[-2:].count(len(data)) > 1:
                return blingfire.text_to_sentences_and_offsets(text)[1]
            bounds = [len(data[:b].decode("utf-8")) for b in bounds]
        elif bounds[-2:].count(len(data)) > 1:
            return blingfire.text_to_sentences_and_offsets(text)[1]
        return list(zip(bounds[0::2], bounds[1::2]))


@lru_cache(maxsize=1)
def _honorific_periods() -> tuple[re.Pattern[str], int]:
    """The pattern of a title abbreviation with its period (a whole word, any case, followed by a
    space), and the length of the longest abbreviation without its period."""
    names = [h.rstrip(".") for h in sorted(lexicons.load("honorifics"))]
    pattern = re.compile(rf"(?<![\w.])({'|'.join(map(re.escape, names))})\.(?=\s)", re.IGNORECASE)
    return pattern, max(map(len, names))


class Words(NamedTuple):
    """Every word of a text: ``starts`` and ``ends`` (offsets) and ``lowered`` (its lowercase form).

    Attributes
    ----------
    starts, ends : tuple of int
        Character offsets of each word in the text (end exclusive), in text order.
    lowered : tuple of str
        Each word, lowercased.
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lowered: tuple[str, ...]


@lru_cache(maxsize=16)
def all_words(text: str) -> Words:
    """Every word (a `WORD` match) of the text, with its lowercase form.

    Found once per text (cached: most features count or read them). One split of the text into gaps
    and words, whose running lengths are the offsets, is faster than a match object per word.

    ``text`` as in the module docstring.

    Returns
    -------
    Words
        Offsets (characters) and lowercase forms, in text order.
    """
    lowered = lexicons.lowercased(text)
    # Lowercasing the whole text lowercases each word as on its own, but for a capital sigma
    # (final or not depends on what follows the word).
    whole = lowered is not None and "Σ" not in text
    pieces = _GAPS_AND_WORDS.split(lowered if whole else text)
    bounds = list(accumulate(map(len, pieces)))
    found = pieces[1::2]
    return Words(tuple(bounds[0:-1:2]), tuple(bounds[1::2]), tuple(found if whole else [w.lower() for w in found]))


def segment(article: Article) -> Article:
    """Add ``sentence`` spans to the article.

    Returns
    -------
    Article
        The article with a ``sentence`` span (character offsets into ``text``) per sentence of `sentences`.
    """
    return article.with_spans(sentences(article.text))
