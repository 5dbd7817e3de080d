from __future__ import annotations

import re

from ..model import Article, Span
from ..text import lexicons
from .base import Measures, share
from .loaded import loaded_entry

# A verb right after "to" is an infinitive: a report planned, refused or expected ("declined to
# testify", "is expected to announce"), not one made; "went on to say" reports one.
_INFINITIVE = re.compile(r"(?<![\w'’])(?<!\bon )to\s+$", re.IGNORECASE)


def attribution(article: Article) -> Measures:
    """Attribution: how many sentences attribute, and how many cues are loaded verbs.

    ``attribution_density``: share (0–1) of sentences holding at least one attribution cue
    (a reporting verb such as said/told/claimed, or "according to", from the `attribution` lexicon;
    not a verb right after "to", an infinitive: "declined to testify", though "went on to say" counts).
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
        cues = [
            (s, e)
            for s, e in lexicons.find("attribution", text, sentence.start, sentence.end)
            if not _INFINITIVE.search(text, max(sentence.start, s - 8), s)
        ]
        attributing += bool(cues)
        for s, e in cues:
            kind = "neutral" if loaded_entry(text, s, e) is None else "loaded"
            spans.append(Span(s, e, "attribution", (("verb", kind),)))
    n_loaded = sum(dict(s.attrs)["verb"] == "loaded" for s in spans)
    return Measures(
        {"attribution_density": share(attributing, len(sentences)), "loaded_verb_share": share(n_loaded, len(spans))},
        spans,
    )
