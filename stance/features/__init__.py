"""Per-article features. Each is a pure function ``fn(article) -> Measures``: the article (already
segmented into sentences) goes in; column values and the evidence spans behind them come out.

`COLUMNS` is the public contract: the feature columns of ``articles.csv``, in order. Units are
given in each function's docstring and in the README.

Every function of `FEATURES` has the parameter and return below; its own docstring names its
columns with their units, the spans it reads besides ``text``, and the spans it returns.

Parameters
----------
article : Article
    Segmented into sentences (``sentence`` spans, `stance.text.segment.segment`), with the spans
    of the features before it in `FEATURES`.

Returns
-------
Measures
    The feature's columns (name -> value, in the unit its docstring and `DEFINITIONS` give) and its
    evidence spans, as character offsets into the article's ``text``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Article
from ..text.segment import segment
from .attribution import attribution
from .base import Measures
from .boosters import boosters
from .counts import counts
from .credit import credit
from .entity_tone import entity_tone
from .hedging import hedging
from .loaded import loaded
from .polarity import polarity
from .quotes import quotes
from .sourcing import sourcing

# In order: a feature may read the spans of the features before it (sourcing reads quotes and
# attributions; loaded reads quotes, hedges, attributions and sources; entity_tone reads credit
# lines, whose names are not the story's actors).
FEATURES: tuple[Callable[[Article], Measures], ...] = (
    counts,
    credit,
    hedging,
    boosters,
    attribution,
    quotes,
    sourcing,
    loaded,
    entity_tone,
    polarity,
)
# Column name -> one-line definition with its unit (shown as tooltips on the pages).
DEFINITIONS: dict[str, str] = {
    "words": "number of words (runs of letters and digits)",
    "sentences": "number of sentences",
    "hedge_rate": "hedge cues (may, reportedly, appears to …) per 100 words",
    "booster_rate": "booster cues (certainly, clearly, in fact …) per 100 words",
    "attribution_density": "share (0–1) of sentences with an attribution cue (said, told, according to …)",
    "loaded_verb_share": "share (0–1) of attribution cues that are loaded verbs (claimed, admitted, insisted …)",
    "quote_share": "share (0–1) of words inside quotation marks",
    "named_source_share": "share (0–1) of quotes and attributions whose speaker is named",
    "anonymous_source_share": "share (0–1) of quotes and attributions to unnamed sources (officials, a source …)",
    "speakers": "number of distinct named speakers",
    "loaded_rate": "loaded cues (charged words, scare quotes, exclamations) in the writer's own words per 100 words",
    "polarity": "TextBlob polarity, −1 (negative) … +1 (positive)",
    "subjectivity": "TextBlob subjectivity, 0 (objective) … 1 (subjective)",
}
COLUMNS: tuple[str, ...] = tuple(DEFINITIONS)
COUNTS = frozenset({"words", "sentences", "speakers"})  # columns counted in whole units, per article
_QUOTES_FOUND = "97% of BASIL's annotated quotes lie in sentences stance marks as quoted or attributed"
_SPEAKERS = "the speaker is named right for 85% of BASIL's annotated quotes by a named person"
_UNMEASURED = "not yet measured against annotations"
# Column name -> how far it can be trusted: its agreement with people, as measured (which corpus,
# which figure; `stance eval`). Shown beside each definition on the pages; the README's table of
# agreement repeats these texts (tests/test_docs.py checks it does).
AGREEMENT: dict[str, str] = {
    "words": "a count by its definition",
    "sentences": "sentence boundaries agree with BASIL's own sentences at F1 0.954",
    "hedge_rate": "sentences with a hedge agree with annotated epistemic cues at F1 0.79 (16,764 Wikipedia sentences)",
    "booster_rate": _UNMEASURED,
    "attribution_density": f"{_UNMEASURED}; {_QUOTES_FOUND}",
    "loaded_verb_share": _UNMEASURED,
    "quote_share": _QUOTES_FOUND,
    "named_source_share": _SPEAKERS,
    "anonymous_source_share": _SPEAKERS,
    "speakers": _SPEAKERS,
    "loaded_rate": (
        "13% of its loaded words lie in a span BASIL's annotators marked as lexical bias (they mark about 1.6 per"
        " article); ranks BASIL's sentences with such a span above the rest at ROC AUC 0.58 (0.5 is chance)"
    ),
    "polarity": f"TextBlob's own score, exact; {_UNMEASURED}",
    "subjectivity": "TextBlob's own score, exact; ranks BASIL's biased sentences at ROC AUC 0.56 (chance: 0.5)",
}
# The actors table's tone near a name (`entity_tone`): not a column, so apart from AGREEMENT.
ACTOR_TONE_AGREEMENT = "agrees with annotators' feelings toward the actor at Spearman 0.12 (BASIL, 150 articles)"
DECIMALS = 4  # feature values are rounded once, here, so every output agrees to the last digit


def annotate(article: Article) -> Article:
    """Measure one article: segment it into sentences and run every feature.

    Parameters
    ----------
    article : Article
        Its ``text`` is read; nothing is downloaded and nothing else is read.

    Returns
    -------
    Article
        A copy with ``features`` (every column of `COLUMNS`, rounded to `DECIMALS` places; units in
        `DEFINITIONS`) and ``spans`` added: the evidence (``hedge``, ``attribution``, ``quote``,
        ``source``, ``speaker``, ``loaded``, ``entity``, ``tone``, ``sentiment``) and the
        ``sentence`` spans, as character offsets into ``text``.

    Examples
    --------
    >>> a = annotate(Article(id="x", text="Officials said the dam may fail."))
    >>> a.features["hedge_rate"]  # hedge cues per 100 words
    16.6667
    """
    article = segment(article)
    values: dict[str, float] = {}
    for feature in FEATURES:
        measures = feature(article)
        values.update(measures.values)
        article = article.with_spans(measures.spans)
    return replace(article, features={name: round(values[name], DECIMALS) for name in COLUMNS})


__all__ = [
    "ACTOR_TONE_AGREEMENT",
    "AGREEMENT",
    "COLUMNS",
    "COUNTS",
    "DEFINITIONS",
    "FEATURES",
    "Measures",
    "annotate",
]
