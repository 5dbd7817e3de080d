"""Loaded language: charged or evaluative word choices in the writer's own voice."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from ..model import Article, Span
from ..text import lexicons
from ..text.segment import all_words
from .base import Measures, share

SCARE_QUOTE_MAX_WORDS = 4  # a quoted phrase this short, ascribed to no one, is the writer's distancing
_LAST_WORD = re.compile(r"([\w'’-]+)\W*$")
# A quote right after a naming verb reports someone's label or a title ("called it “sexist”", "a
# cover story called “The Queen of Rage”"): not the writer's distancing.
_NAMING = re.compile(
    r"(?<![\w'’])(?:call(?:ed|s|ing)?|dub(?:bed|s)?|label(?:l?ed|s)?|brand(?:ed|s)|term(?:ed|s)|described\s+as"
    r"|known\s+as|(?:en)?titled|named)(?:\s+[\w'’-]+){0,3}\s*[,:]?\s*$",  # up to three words between: "called it"
    re.IGNORECASE,
)
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CONTEXT_CHARS = 40  # text read on each side of a cue for its sense rules: longer than any rule's phrase


class Entry(NamedTuple):
    """A form of the `loaded` lexicon (``stance/text/lexicons/loaded.tsv``)."""

    category: str  # speech verb, inflated verb, pejorative label, evaluative adjective … (the file's header)
    neutral: str  # what a neutral report would write instead
    unless_followed_by: tuple[str, ...]  # phrases after it that make its sense neutral ("admitted to hospital")
    unless_preceded_by: tuple[str, ...]  # words before it that do ("pension scheme", "free radicals")


@lru_cache(maxsize=1)
def loaded_lexicon() -> dict[str, Entry]:
    """The `loaded` lexicon: lowercase form (a word or phrase) -> `Entry`."""
    out = {}
    for form, columns in lexicons.load_table("loaded").items():
        category, neutral, followed, preceded = (*columns, "", "")[:4]
        out[form] = Entry(
            category, neutral, tuple(filter(None, followed.split("|"))), tuple(filter(None, preceded.split("|")))
        )
    return out


def loaded_entry(text: str, start: int, end: int) -> Entry | None:
    """The lexicon entry of the loaded form at ``text[start:end]``, or None where its sense is neutral here.

    Parameters
    ----------
    text : str
        The article's text.
    start, end : int
        Character offsets of a match of the `loaded` lexicon (or of any word).

    Returns
    -------
    Entry or None
        None if the words are not a form of the lexicon, or a phrase of its ``unless_followed_by``
        follows them ("admitted to hospital"), or a word of its ``unless_preceded_by`` precedes them
        ("pension scheme").
    """
    entry = loaded_lexicon().get(" ".join(text[start:end].lower().split()))
    if entry is None:
        return None
    after = " ".join(text[end : end + _CONTEXT_CHARS].lower().split()) + " "
    if any(after.startswith(phrase) and not after[len(phrase)].isalnum() for phrase in entry.unless_followed_by):
        return None
    before = _LAST_WORD.search(text, max(0, start - _CONTEXT_CHARS), start)
    return None if before and before.group(1).lower() in entry.unless_preceded_by else entry


def loaded_spans(article: Article) -> list[Span]:
    """Loaded cues in the writer's own words.

    - a form of the `loaded` lexicon in a sense that is loaded here (`loaded_entry`), outside
      quotation marks (a quotation holds the speaker's words, not the outlet's; a scare quote counts
      once, as a whole), not capitalised mid-sentence (part of a name: "Patriot Act", "Crazy Horse"),
      and not part of a hedge cue (a word that withholds commitment is a hedge, never also loaded);
    - a scare quote: a quoted phrase of at most `SCARE_QUOTE_MAX_WORDS` words that stance ascribes to
      no one (a short quote with a speaker reports their words), not after a naming verb ("called
      “sexist”": someone's label) and not in title case ("The Queen of Rage": a title);
    - an exclamation mark outside quotation marks (inside, it is the speaker's: “Hands up!”).

    Reads the article's ``sentence``, ``quote``, ``hedge``, ``attribution`` and ``source`` spans, and returns
    ``loaded`` spans in `Span` order, attr ``cue`` = ``word``, ``scare quote`` or ``exclamation``;
    a word also has ``category`` and ``neutral`` (the lexicon's neutral alternative).
    """
    text = article.text
    found = all_words(text)
    quotes = article.spans_labelled("quote")
    # A quote's words are the words starting inside it: its marks are not word characters.
    long_quotes = sorted(
        q
        for q in quotes
        if bisect_left(found.starts, q.end) - bisect_left(found.starts, q.start) > SCARE_QUOTE_MAX_WORDS
    )
    ascribed = {(s.start, s.end) for s in article.spans_labelled("source") if dict(s.attrs)["status"] != "unattributed"}
    # A sentence with an attribution cue reports speech: its short quotes are partial quotations
    # ("accused officials of a “scheme”") even where no speaker is resolved.
    cues = [c.start for c in article.spans_labelled("attribution")]
    sentences = article.spans_labelled("sentence")
    in_reporting = _inside([s for s in sentences if bisect_left(cues, s.start) < bisect_left(cues, s.end)])
    ascribed |= {(q.start, q.end) for q in quotes if in_reporting(q.start)}
    sentence_starts = {s.start for s in sentences}
    spans = [
        Span(q.start, q.end, "loaded", (("cue", "scare quote"),))
        for q in quotes
        if q not in long_quotes and (q.start, q.end) not in ascribed and _scare_quote(text, q)
    ]
    quoted, hedged = _inside(sorted(quotes)), _inside(article.spans_labelled("hedge"))
    for start, end in lexicons.find("loaded", text):
        if quoted(start) or hedged(start) or (text[start].isupper() and start not in sentence_starts):
            continue
        entry = loaded_entry(text, start, end)
        if entry is not None:
            attrs = (("category", entry.category), ("cue", "word"), ("neutral", entry.neutral))
            spans.append(Span(start, end, "loaded", attrs))
    for m in re.finditer("!", text):
        if not quoted(m.start()):
            spans.append(Span(m.start(), m.end(), "loaded", (("cue", "exclamation"),)))
    return sorted(spans)


def _scare_quote(text: str, quote: Span) -> bool:
    """A short quote ascribed to no one is a scare quote unless it follows a naming verb (a label
    someone gave) or is in title case (the title of a work or a name: AP style quotes titles)."""
    if _NAMING.search(text, max(0, quote.start - _CONTEXT_CHARS), quote.start):
        return False
    words = _LETTER_WORD.findall(text, quote.start, quote.end)
    minor = lexicons.load("stop_words")
    major = [w for w in words if w.lower() not in minor]
    return not (major and words[0][0].isupper() and all(w[0].isupper() for w in major))


def _inside(spans: list[Span]) -> Callable[[int], bool]:
    """A test for "position lies inside one of these non-overlapping spans"."""
    starts = [s.start for s in spans]

    def test(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < spans[i].end

    return test


def loaded(article: Article) -> Measures:
    """``loaded_rate``: loaded cues (see `loaded_spans`) per 100 words.

    Parameters and return as every feature (`stance.features`): reads the ``sentence``, ``quote``,
    ``hedge``, ``attribution`` and ``source`` spans; returns the column, and the cues as ``loaded`` spans.
    """
    spans = loaded_spans(article)
    return Measures({"loaded_rate": 100 * share(len(spans), len(all_words(article.text).starts))}, spans)
