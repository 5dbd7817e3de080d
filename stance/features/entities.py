"""Tone toward the people and organisations an article names.

Tone toward an entity is read from the words near its mentions, not from whole sentences: the
opinion words (VADER valence lexicon) among the `WINDOW_WORDS` words on either side of each
mention, within its paragraph — about a clause each way in news prose. Words capitalised
mid-sentence (other names) are skipped. An entity's tone in an article is the mean valence of those
words, scaled from VADER's −4…+4 to −1…+1; 0 when none is near.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from .. import lexicons
from ..model import Article, Span
from ..names import find_names
from ..segment import WORD, paragraphs
from .base import Measures

WINDOW_WORDS = 10
VALENCE_SCALE = 4.0  # VADER ratings run from −4 to +4


def entity_spans(article: Article) -> list[Span]:
    """An ``entity`` span per mention (attrs ``name``, ``kind``) and a ``tone`` span per opinion
    word near a mention (attrs ``entity``, ``valence`` on −1…+1)."""
    mentions = find_names(article.text)
    spans = [Span(n.start, n.end, "entity", (("kind", n.kind), ("name", n.name))) for n in mentions]
    return sorted(spans + _tone_spans(article, [(n.start, n.end, n.name) for n in mentions]))


def tone_toward(article: Article, name: str) -> tuple[int, float | None]:
    """(mentions, tone) of any entity, found by its last word ("administration" for "Obama
    administration", "Steele" for "Michael Steele"), case-insensitively; tone as in `entity_tones`."""
    key = name.split()[-1] if name.split() else ""
    found = [(m.start(), m.end(), name) for m in WORD.finditer(article.text) if m.group().lower() == key.lower()]
    tones = [float(dict(s.attrs)["valence"]) for s in _tone_spans(article, found)]
    return len(found), (sum(tones) / len(tones) if tones else None)


def _tone_spans(article: Article, mentions: list[tuple[int, int, str]]) -> list[Span]:
    """``tone`` spans for the opinion words within `WINDOW_WORDS` words of each mention, in its paragraph."""
    text = article.text
    valence = lexicons.load_weights("valence")
    sentence_starts = {s.start for s in article.spans_labelled("sentence")}
    spans = []
    for para in paragraphs(text):
        tokens = list(WORD.finditer(text, para.start, para.end))
        starts = [t.start() for t in tokens]
        for start, end, name in (m for m in mentions if para.start <= m[0] < para.end):
            first, last = bisect_left(starts, start), bisect_left(starts, end)
            for t in tokens[max(0, first - WINDOW_WORDS) : first] + tokens[last : last + WINDOW_WORDS]:
                word = t.group()
                if word[0].isupper() and t.start() not in sentence_starts:
                    continue
                v = valence.get(word.lower())
                if v is not None:
                    spans.append(Span(t.start(), t.end(), "tone", (("entity", name), ("valence", f"{v / VALENCE_SCALE:+.3f}"))))
    return spans


def entities(article: Article) -> Measures:
    """Entity mentions and the opinion words near them; no column of its own (see `entity_tones`)."""
    return Measures({}, entity_spans(article))


def entity_tones(article: Article) -> dict[str, tuple[int, float | None]]:
    """``{name: (mentions, tone)}`` for every entity the article names; tone on −1…+1, or None when
    no opinion word is near any mention."""
    mentions: dict[str, int] = defaultdict(int)
    valences: dict[str, list[float]] = defaultdict(list)
    for s in article.spans:
        attrs = dict(s.attrs)
        if s.label == "entity":
            mentions[attrs["name"]] += 1
        elif s.label == "tone":
            valences[attrs["entity"]].append(float(attrs["valence"]))
    return {
        name: (count, sum(valences[name]) / len(valences[name]) if valences[name] else None)
        for name, count in sorted(mentions.items())
    }
