from __future__ import annotations

from dataclasses import dataclass

from ..model import Span
from ..text import lexicons


@dataclass(frozen=True)
class Measures:
    """What one feature function returns: column values and the spans that produced them.

    Attributes
    ----------
    values : dict of str to float
        Column -> value, in the unit `stance.features.DEFINITIONS` gives.
    spans : list of Span
        The evidence: character ranges of the article's text.
    """

    values: dict[str, float]
    spans: list[Span]


def share(part: float, whole: float) -> float:
    """part / whole, or 0.0 for an empty whole (an article with no words has no hedges either)."""
    return part / whole if whole else 0.0


def cue_spans(text: str, lexicon: str, label: str) -> list[Span]:
    """A span for every match of a lexicon in the text.

    Parameters
    ----------
    text : str
        The text searched.
    lexicon : str
        The lexicon's name (`stance.text.lexicons`).
    label : str
        The spans' label.

    Returns
    -------
    list of Span
        Character offsets into ``text``, left to right, not overlapping.
    """
    return [Span(s, e, label) for s, e in lexicons.find(lexicon, text)]
