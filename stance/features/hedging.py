"""Hedges: the writer withholding full commitment to a claim (epistemic senses only)."""

from __future__ import annotations

import re

from ..model import Article, Span
from ..text.segment import all_words
from .base import Measures, cue_spans, share

_DIGIT_NEXT = re.compile(r"\s*\d")
_BEFORE = 60  # characters before a cue that its sense rules read
_COMPARED = r"\bas\s+(?:[\w-]+\s+){1,3}as\s+(?:[\w-]+\s+)?"  # "as soon as", "as much as it"
_SUPERLATIVE = r"\b(?:the|its|their|his|her|our|your)\s+(?:[\w-]+est|best|worst|(?:most|least)\s+[\w-]+)\s+"
# Senses of a cue that are not epistemic, told by the words right before or after it: (cues, side,
# pattern, the sense). Each is a sense of root (circumstantial) possibility, ability or proposal,
# which the epistemic class of Szarvas et al. (2012) leaves out.
NOT_EPISTEMIC: tuple[tuple[frozenset[str], str, re.Pattern[str], str], ...] = tuple(
    (frozenset(cues), side, re.compile(pattern + ("$" if side == "before" else ""), re.IGNORECASE), sense)
    for cues, side, pattern, sense in (
        (("could",), "after", r"\s+(?:not|never|hardly)\b", "inability: could not be reached"),
        (("could",), "before", _COMPARED, "ability compared: as much as it could"),
        (("possible",), "before", _COMPARED, "feasibility: as soon as possible"),
        (("possible",), "before", _SUPERLATIVE, "feasibility: the fastest possible"),
        (
            ("possible",),
            "before",
            r"\b(?:if|where|wherever|whenever|every|all|not|made|make|makes|making)\s+",
            "feasibility",
        ),
        (("possible",), "after", r"\s+to\s", "feasibility: possible to reach"),
        (
            ("suggest", "suggests", "suggested", "suggesting"),
            "after",
            r"\s+(?!(?:some|no|any|every)thing\b)[\w-]+ing\b",
            "a proposal: suggested moving the vote",
        ),
    )
)


def _epistemic(text: str, span: Span) -> bool:
    """Whether the cue at ``span`` is in an epistemic sense, by `NOT_EPISTEMIC`."""
    cue = text[span.start : span.end].lower()
    for cues, side, pattern, _ in NOT_EPISTEMIC:
        if cue in cues:
            if side == "after" and pattern.match(text, span.end):
                return False
            if side == "before" and pattern.search(text, max(0, span.start - _BEFORE), span.start):
                return False
    return True


def hedge_spans(article: Article) -> list[Span]:
    """Every hedge cue from the `hedges` lexicon in an epistemic sense, except "May" the month.

    "May" with a capital is a hedge only at the start of a sentence and not followed by a number;
    elsewhere it is the month (or a name). A cue in a sense of `NOT_EPISTEMIC` ("could not be
    reached", "as soon as possible", "suggested moving the vote") is not a hedge.

    Parameters
    ----------
    article : Article
        Its ``text``, and its ``sentence`` spans: "May" is a hedge only at a sentence start.

    Returns
    -------
    list of Span
        ``hedge`` spans, character offsets into the text, in text order.
    """
    text = article.text
    starts = {s.start for s in article.spans_labelled("sentence")}
    return [
        span
        for span in cue_spans(text, "hedges", "hedge")
        if not (
            text[span.start : span.end] == "May" and (span.start not in starts or _DIGIT_NEXT.match(text, span.end))
        )
        and _epistemic(text, span)
    ]


def hedging(article: Article) -> Measures:
    """``hedge_rate``: hedge cues per 100 words.

    Parameters and return as every feature (`stance.features`): reads the ``sentence`` spans;
    returns the column, and the cues as ``hedge`` spans (`hedge_spans`).
    """
    spans = hedge_spans(article)
    return Measures({"hedge_rate": 100 * share(len(spans), len(all_words(article.text).starts))}, spans)
