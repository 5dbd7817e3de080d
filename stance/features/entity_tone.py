"""Tone toward the people and organisations an article names.

Tone toward an entity is read from the words near its mentions, not from whole sentences: the
opinion words (VADER valence lexicon) among the `WINDOW_WORDS` words on either side of each
mention, within its paragraph — about a clause each way in news prose. Words capitalised
mid-sentence (other names) are skipped. An entity's tone in an article is the mean valence of those
words, scaled from VADER's −4…+4 to −1…+1; 0 when none is near. That tone mostly reflects the
event and the actor's own quoted words (it agrees with annotators' feelings toward the actor at
Spearman 0.12 on BASIL), so the pages lead with what the text shows plainly: how an outlet labels
each person (the title written before the name, "Russian President"; the apposition after it,
"Putin, the Russian leader,") and how often it gives them a voice (`stance.comparison.actors`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..model import Article, Span
from ..text import lexicons
from ..text.names import Name, find_names
from ..text.segment import all_words, paragraphs
from .base import Measures

WINDOW_WORDS = 10
VALENCE_SCALE = 4.0  # VADER ratings run from −4 to +4
# An apposition right after a name: ", the Russian leader," / ", 45, a union organiser,". Up to
# eight words, ending at the comma (or before "said") that closes it.
_APPOSITION = re.compile(
    r",\s+(?:\d{1,3},\s+)?((?:a|an|the)\s+[^\W\d][^,;:.!?()“”\"\n]{1,60}?)(?=\s*,|\s+(?:said|says)\b)"
)
_APPOSITION_WORDS = 8


def entity_spans(article: Article) -> list[Span]:
    """An ``entity`` span per mention and a ``tone`` span per opinion word near a mention.

    Parameters
    ----------
    article : Article
        Its ``text``, its ``sentence`` spans (a capitalised word opening a sentence may still be an
        opinion word; mid-sentence it is part of a name) and its ``credit`` spans (the agency a
        credit line names is not an actor of the story).

    Returns
    -------
    list of Span
        In `Span` order. ``entity`` spans have attrs ``kind``, ``name`` and, for a person described
        there, ``label`` (`person_label`); ``tone`` spans have attrs ``entity`` and ``valence`` on
        −1…+1 (written with a sign and three decimals).
    """
    text = article.text
    credits = [(s.start, s.end) for s in article.spans_labelled("credit")]
    mentions = [n for n in find_names(text) if not any(s <= n.start < e for s, e in credits)]
    spans = []
    for n in mentions:
        label = person_label(text, n) if n.kind == "person" else None
        # Not "label": a span's JSON has its own label ("entity"), which an attribute must not replace.
        described = (("described_as", label),) if label else ()
        spans.append(Span(n.start, n.end, "entity", (("kind", n.kind), *described, ("name", n.name))))
    return sorted(spans + _tone_spans(article, [(n.start, n.end, n.name) for n in mentions]))


def person_label(text: str, name: Name) -> str | None:
    """How the text describes a person at one mention: the title written before the name
    ("Russian President", "Sen."), else an apposition after it ("the Russian leader"), else None.

    Parameters
    ----------
    text : str
        The article's text.
    name : Name
        A mention of a person in it (`stance.text.names.find_names`).

    Returns
    -------
    str or None
        The words as written, spaces collapsed.
    """
    if name.label:
        return name.label
    m = _APPOSITION.match(text, name.end)
    if m is None or len(m.group(1).split()) > _APPOSITION_WORDS:
        return None
    return " ".join(m.group(1).split())


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

    Parameters and return as every feature (`stance.features`): reads the ``sentence`` and ``credit`` spans;
    returns no values, and the spans of `entity_spans`.
    """
    return Measures({}, entity_spans(article))
