"""Tone toward the people and organisations an article names.

Tone toward an entity is read from the words near its mentions, not from whole sentences: the
opinion words (VADER valence lexicon) among the `WINDOW_WORDS` words on either side of each
mention, within its paragraph — about a clause each way in news prose. Words capitalised
mid-sentence (other names) are skipped. An entity's tone in an article is the mean valence of those
words, scaled from VADER's −4…+4 to −1…+1; 0 when none is near.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..model import Article, Span
from ..text import lexicons
from ..text.names import find_names
from ..text.segment import all_words, paragraphs
from .base import Measures

WINDOW_WORDS = 10
VALENCE_SCALE = 4.0  # VADER ratings run from −4 to +4


def entity_spans(article: Article) -> list[Span]:
    """An ``entity`` span per mention and a ``tone`` span per opinion word near a mention.

    Parameters
    ----------
    article : Article
        Its ``text``, and its ``sentence`` spans: a capitalised word opening a sentence may still be
        an opinion word (mid-sentence it is part of a name).

    Returns
    -------
    list of Span
        In `Span` order. ``entity`` spans have attrs ``name`` and ``kind``; ``tone`` spans have attrs
        ``entity`` and ``valence`` on −1…+1 (written with a sign and three decimals).
    """
    mentions = find_names(article.text)
    spans = [Span(n.start, n.end, "entity", (("kind", n.kind), ("name", n.name))) for n in mentions]
    return sorted(spans + _tone_spans(article, [(n.start, n.end, n.name) for n in mentions]))


def tone_toward(article: Article, name: str) -> tuple[int, float | None]:
    """(mentions, tone) of any entity, found by its last word, case-insensitively.

    The last word is "administration" for "Obama administration", "Steele" for "Michael Steele".

    Parameters
    ----------
    article : Article
        Segmented into sentences (``sentence`` spans).
    name : str
        The entity's name.

    Returns
    -------
    mentions : int
        How many words of the article are the name's last word.
    tone : float or None
        On −1…+1: the mean valence of the opinion words near its mentions; None when none is near.
    """
    key = name.split()[-1].lower() if name.split() else ""
    found = all_words(article.text)
    mentions = [(s, e, name) for s, e, word in zip(found.starts, found.ends, found.lowered) if word == key]
    tones = [float(dict(s.attrs)["valence"]) for s in _tone_spans(article, mentions)]
    return len(mentions), (sum(tones) / len(tones) if tones else None)


def _tone_spans(article: Article, mentions: list[tuple[int, int, str]]) -> list[Span]:
    """``tone`` spans for the opinion words within `WINDOW_WORDS` words of each mention, in its
    paragraph; mentions in text order."""
    text = article.text
    valence = lexicons.load_weights("valence")
    sentence_starts = {s.start for s in article.spans_labelled("sentence")}
    found = all_words(text)
    opinion = [i for i, word in enumerate(found.lowered) if word in valence]  # indices of the opinion words
    paras = paragraphs(text)
    para_starts = [p.start for p in paras]
    # The words of each paragraph are words[lo:hi]: a paragraph starts and ends next to a space.
    para_words = [(bisect_left(found.starts, p.start), bisect_left(found.starts, p.end)) for p in paras]
    spans = []
    for start, end, name in mentions:
        p = bisect_right(para_starts, start) - 1
        if p < 0 or start >= paras[p].end:  # not in a paragraph
            continue
        lo, hi = para_words[p]
        first, last = bisect_left(found.starts, start, lo, hi), bisect_left(found.starts, end, lo, hi)
        for a, b in ((max(lo, first - WINDOW_WORDS), first), (last, min(hi, last + WINDOW_WORDS))):
            for i in opinion[bisect_left(opinion, a) : bisect_left(opinion, b)]:
                at = found.starts[i]
                if not text[at].isupper() or at in sentence_starts:
                    tone = valence[found.lowered[i]] / VALENCE_SCALE
                    spans.append(Span(at, found.ends[i], "tone", (("entity", name), ("valence", f"{tone:+.3f}"))))
    return spans


def entity_tone(article: Article) -> Measures:
    """Entity mentions and the opinion words near them; no column of its own (see `stance.comparison.actors`).

    Parameters and return as every feature (`stance.features`): reads the ``sentence`` spans;
    returns no values, and the spans of `entity_spans`.
    """
    return Measures({}, entity_spans(article))
