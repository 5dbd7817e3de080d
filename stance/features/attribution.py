from __future__ import annotations

from ..model import Article, Span
from ..text import lexicons
from .base import Measures, share
from .loaded import loaded_entry


def attribution(article: Article) -> Measures:
    """Attribution: how many sentences attribute, and how many cues are loaded verbs.

    ``attribution_density``: share (0–1) of sentences holding at least one attribution cue
    (a reporting verb such as said/told/claimed, or "according to", from the `attribution` lexicon).
    ``loaded_verb_share``: share (0–1) of those cues that are loaded reporting verbs (claimed,
    admitted, insisted, slammed …: forms of the `loaded` lexicon, `stance.features.loaded.loaded_entry`)
    rather than neutral ones.

    Parameters and return as every feature (`stance.features`): reads the ``sentence`` spans;
    returns the two columns, and each cue as an ``attribution`` span with ``verb`` = ``loaded`` or
    ``neutral``.
    """
    text = article.text
    spans: list[Span] = []
    attributing = 0
    sentences = article.spans_labelled("sentence")
    for sentence in sentences:
        cues = lexicons.find("attribution", text, sentence.start, sentence.end)
        attributing += bool(cues)
        for s, e in cues:
            kind = "neutral" if loaded_entry(text, s, e) is None else "loaded"
            spans.append(Span(s, e, "attribution", (("verb", kind),)))
    n_loaded = sum(dict(s.attrs)["verb"] == "loaded" for s in spans)
    return Measures(
        {"attribution_density": share(attributing, len(sentences)), "loaded_verb_share": share(n_loaded, len(spans))},
        spans,
    )
