from __future__ import annotations

from dataclasses import dataclass

from ..model import Span
from ..text import lexicons


@dataclass(frozen=True)
class Measures:
    """What one feature function returns: column values and the spans that produced them."""

    values: dict[str, float]
    spans: list[Span]


def share(part: float, whole: float) -> float:
    """part / whole, or 0.0 for an empty whole (an article with no words has no hedges either)."""
    return part / whole if whole else 0.0


def cue_spans(text: str, lexicon: str, label: str) -> list[Span]:
    """A span for every match of a lexicon in the text."""
    return [Span(s, e, label) for s, e in lexicons.find(lexicon, text)]
