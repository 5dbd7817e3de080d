from __future__ import annotations

import re
from bisect import bisect_left

from ..model import Article, Span
from ..text.segment import all_words, paragraphs
from .base import Measures, share

# Opening mark -> the marks that close it. Straight quotes open and close themselves; so do two
# apostrophes, the double quote of plain-text and typewriter copy (''like this'', ``like this'').
CLOSERS = {"“": ("”",), '"': ('"',), "«": ("»",), "„": ("“", "”"), "''": ("''",), "``": ("''",)}
_MARKS = re.compile(
    "|".join(sorted(map(re.escape, {*CLOSERS, *(c for cs in CLOSERS.values() for c in cs)}), key=len, reverse=True))
)


def quote_spans(text: str) -> list[Span]:
    """Spans of text in double quotation marks, marks included, found paragraph by paragraph.

    Curly, straight, angle and two-apostrophe quotes are paired in order. A quote still open at the end of its
    paragraph runs to the paragraph's end: news style leaves a quote open when it continues in
    the next paragraph, which then reopens it.

    Parameters
    ----------
    text : str
        An article's text, searched paragraph by paragraph (`stance.text.segment.paragraphs`).

    Returns
    -------
    list of Span
        ``quote`` spans, character offsets into ``text``, in text order.
    """
    spans = []
    for para in paragraphs(text):
        opened_at, closers = -1, ()
        for mark in _MARKS.finditer(text, para.start, para.end):
            i, ch = mark.start(), mark.group()
            if opened_at < 0 and ch in CLOSERS:
                opened_at, closers = i, CLOSERS[ch]
            elif opened_at >= 0 and ch in closers:
                spans.append(Span(opened_at, mark.end(), "quote"))
                opened_at = -1
        if opened_at >= 0 and para.end - opened_at > 1:
            spans.append(Span(opened_at, para.end, "quote"))
    return spans


def quotes(article: Article) -> Measures:
    """``quote_share``: share (0–1) of the article's words that lie inside quotation marks.

    Parameters and return as every feature (`stance.features`): reads only ``text``; returns the
    column, and a ``quote`` span per quotation (`quote_spans`).
    """
    spans = quote_spans(article.text)
    starts = all_words(article.text).starts
    quoted = sum(bisect_left(starts, q.end) - bisect_left(starts, q.start) for q in spans)
    return Measures({"quote_share": share(quoted, len(starts))}, spans)
