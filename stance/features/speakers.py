"""Who a phrase next to a reporting verb names: the article's names, quotes, sentences and cues
with lookups by position (`SourceContext`), and the resolution of a speaker phrase to a person or
organisation (`resolve_speaker`), as `stance.features.sourcing` uses them.

A phrase resolves to a name it holds (a person or organisation found by `stance.text.names`, with
"Mr. Steele" → "Michael Steele"), a pronoun ("he", "she") → the last person named before it, a title
("the senator") → the last person named with that title, or else is *anonymous* (an unnamed-source
phrase: officials, a source familiar with …) or *unnamed* (any other phrase: "a witness").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from ..model import Span
from ..text import lexicons
from ..text.names import CALENDAR, Name

PRONOUNS = {"he", "she"}
# Honorifics that make a person's gender clear in the text: "Mr. Brat" is "he", "Ms. Lauten" "she".
_PRONOUN_OF_TITLE = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she"}
_DESCRIBED_WORDS = 6  # the most words kept describing an unnamed source ("the farmers' association")
_DETERMINERS = frozenset({"a", "an", "the", "some", "several", "many", "two", "three", "other", "one"})
_PREPOSITIONS = {"to", "of", "for", "with", "on", "at", "by", "from", "about", "against", "that", "the", "a", "an"}
_CAPITALISED = re.compile(r"(?<![\w’'])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w’'])")
_WORDS = re.compile(r"[\w’']+")
_NON_SPACE = re.compile(r"\S+")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_POSSESSIVE = re.compile(r"['’]s\b")
# Title abbreviations and the nouns that refer back to their holder ("Sen. Reid" … "the senator").
_ROLE_OF_TITLE = {"sen": "senator", "rep": "representative", "gov": "governor", "pres": "president", "gen": "general"}


@cache
def verb_pattern(template: str, lowercase: bool) -> re.Pattern[str]:
    """``template`` with the attribution lexicon for ``{verbs}``, compiled.

    Parameters
    ----------
    template : str
        Regex source with ``{verbs}`` where a reporting verb goes.
    lowercase : bool
        Compile the faster form for text lowercased by `lexicons.lowercased` (case-sensitive), rather
        than a case-insensitive pattern.

    Returns
    -------
    re.Pattern
    """
    verbs = lexicons.lowercase_pattern("attribution") if lowercase else None
    source = verbs.pattern if verbs else lexicons.pattern("attribution").pattern
    return re.compile(template.replace("{verbs}", source), 0 if lowercase else re.IGNORECASE)


class SourceContext:
    """One article's text, names, quotes, sentences and attribution cues, with lookups by position.

    It also holds the last named speaker so far.

    Each of the span lists is in order and its spans do not overlap (as segmentation and the
    earlier features make them), so lookups bisect their start and end offsets. Regexes run on
    ``folded``: the lowercased text where `lexicons.lowercased` allows it (case-sensitive
    patterns run several times faster), else the text itself, case-insensitively.

    Parameters
    ----------
    text : str
        The article's text.
    names : tuple of Name
        Its people and organisations (`stance.text.names.find_names`).
    quotes, sentences, cues : list of Span
        Its ``quote``, ``sentence`` and ``attribution`` spans.

    Attributes
    ----------
    pronoun_of : dict of str to str
        "he" or "she" for each person the text gives a gendered honorific (Mr., Mrs., Ms., Miss),
        when it gives only one kind.
    organisations : set of str
        The names of its organisations: never "he" or "she".
    last_speaker : str or None
        The last named speaker so far, set by the caller.
    last_speaker_at : int
        Character offset of the quote or sentence that named it (−1 before any).
    """

    def __init__(self, text: str, names: tuple[Name, ...], quotes: list[Span], sentences: list[Span], cues: list[Span]):
        self.text, self.names, self.quotes, self.sentences, self.cues = text, names, quotes, sentences, cues
        self.last_speaker: str | None = None
        self.last_speaker_at = -1
        lowered = lexicons.lowercased(text)
        self.lowercase = lowered is not None and lexicons.lowercase_pattern("attribution") is not None
        self.folded = lowered if lowered is not None and self.lowercase else text
        self.name_starts = [n.start for n in names]
        self.name_ends = [n.end for n in names]
        self.quote_starts = [q.start for q in quotes]
        self.sentence_starts = [s.start for s in sentences]
        self.sentence_start_set = set(self.sentence_starts)
        self.cue_starts = [c.start for c in cues]
        said = {(n.name, _PRONOUN_OF_TITLE[n.title]) for n in names if n.title in _PRONOUN_OF_TITLE}
        named = [name for name, _ in said]
        self.pronoun_of = {name: pronoun for name, pronoun in said if named.count(name) == 1}  # clear only
        self.organisations = {n.name for n in names if n.kind == "organisation"}
        self._openers: list[tuple[int, str] | None] | None = None  # see last_subject_before

    def regex(self, template: str) -> re.Pattern[str]:
        """The compiled template, for matching in ``folded``."""
        return verb_pattern(template, self.lowercase)

    def sentence_at(self, position: int) -> Span | None:
        """The sentence holding character offset ``position``, or None."""
        i = bisect_right(self.sentence_starts, position) - 1
        return self.sentences[i] if i >= 0 and position < self.sentences[i].end else None

    def cues_in(self, sentence: Span) -> list[Span]:
        """The cues starting inside ``sentence``."""
        return self.cues[bisect_left(self.cue_starts, sentence.start) : bisect_left(self.cue_starts, sentence.end)]

    def name_at(self, position: int) -> Name | None:
        """The name starting at character offset ``position``, or None."""
        i = bisect_left(self.name_starts, position)
        return self.names[i] if i < len(self.names) and self.names[i].start == position else None

    def names_within(self, start: int, end: int) -> tuple[Name, ...]:
        """The names inside character offsets ``start:end``."""
        return self.names[bisect_left(self.name_starts, start) : bisect_right(self.name_ends, end)]

    def names_starting_in(self, span: Span) -> tuple[Name, ...]:
        """The names starting inside ``span``."""
        return self.names[bisect_left(self.name_starts, span.start) : bisect_left(self.name_starts, span.end)]

    def quoted(self, position: int) -> bool:
        """Whether character offset ``position`` lies inside a quote."""
        i = bisect_right(self.quote_starts, position) - 1
        return i >= 0 and position < self.quotes[i].end

    def overlaps_quote(self, span: Span) -> bool:
        """Whether ``span`` overlaps a quote."""
        i = bisect_left(self.quote_starts, span.end) - 1  # the last quote starting before the span ends
        return i >= 0 and self.quotes[i].end > span.start

    def last_subject_before(self, position: int) -> tuple[int, str] | None:
        """The last person who opened a sentence starting before ``position`` as its subject.

        Only names outside quotations count, and only subject-like ones (see `subject_like`).

        Returns
        -------
        (int, str) or None
            (offset, name): the name's character offset and the person's name; None when there is none.
        """
        if self._openers is None:
            self._openers, last = [], None
            for sentence in self.sentences:
                first = next(
                    (n for n in self.names_starting_in(sentence) if not self.quoted(n.start) and subject_like(n, self)),
                    None,
                )
                if first is not None and first.kind == "person":
                    last = (first.start, first.name)
                self._openers.append(last)
        i = bisect_left(self.sentence_starts, position)
        return self._openers[i - 1] if i else None


def resolve_speaker(start: int, end: int, ctx: SourceContext, nearest: str = "last"):
    """Who the phrase ``text[start:end]`` refers to, and where the speaker is written.

    Parameters
    ----------
    start, end : int
        Character offsets of the phrase in ``ctx.text``.
    ctx : SourceContext
        The article.
    nearest : {"last", "first"}, default "last"
        Which name in the phrase is the speaker: the one next to the verb, so the first after a verb
        ("said Trump in an interview on NBC") and the last before one.

    Returns
    -------
    who : dict of str to str
        ``speaker`` (a name, or empty) and ``status``: named, anonymous or unnamed.
    where : (int, int) or None
        Character offsets of the words naming or describing the speaker; None when there are none
        (always for unnamed).
    """
    phrase = ctx.text[start:end]
    inside = ctx.names_within(start, end)
    if inside:
        n = inside[0] if nearest == "first" else inside[-1]
        return {"speaker": n.name, "status": "named"}, (n.start, n.end)
    lowered = phrase.lower().strip()
    words = _WORDS.findall(lowered)
    if words and words[0] in PRONOUNS:
        antecedent = _antecedent(start, ctx, words[0])
        if antecedent:
            first = _NON_SPACE.search(phrase)
            return {"speaker": antecedent, "status": "named"}, (start + first.start(), start + first.end())
    if len(words) >= 2 and words[0] == "the":
        role = words[-1]
        earlier = [n for n in ctx.names if n.end <= start and n.kind == "person"]
        holders = [n for n in earlier if n.title and _ROLE_OF_TITLE.get(n.title, n.title) == role]
        if holders:
            return {"speaker": holders[-1].name, "status": "named"}, (start, end)
    if lexicons.find("anonymous_sources", phrase):
        return {"speaker": "", "status": "anonymous", "phrase": _described(start, phrase, ctx)}, (
            (start, end) if phrase.strip() else None
        )
    # A capitalised word next to the verb that the name finder did not know ("said Cowen, who …").
    caps = [
        m
        for m in _CAPITALISED.finditer(phrase)
        if start + m.start() not in ctx.sentence_start_set and m.group().lower() not in PRONOUNS | CALENDAR
    ]
    if caps:
        m = caps[0] if nearest == "first" else caps[-1]
        if (nearest == "first" and m.start() == len(phrase) - len(phrase.lstrip())) or (
            nearest == "last" and not phrase[m.end() :].strip()
        ):
            return {"speaker": m.group(), "status": "named"}, (start + m.start(), start + m.end())
    return {"speaker": "", "status": "unnamed", "phrase": _described(start, phrase, ctx)}, None


def _described(start: int, phrase: str, ctx: SourceContext) -> str:
    """The words an unnamed source is described with ("the farmers' association", "Engineers"), a
    determiner opening a sentence lowercased ("A senior official" -> "a senior official"; another
    capitalised word may be a name); "" for none or more than `_DESCRIBED_WORDS` words."""
    words = phrase.strip(" \t\n,;:.").split()
    if not words or len(words) > _DESCRIBED_WORDS or words[0].lower() in PRONOUNS:
        return ""
    if words[0].lower() in _DETERMINERS:
        words[0] = words[0].lower()
    return " ".join(words)


def _antecedent(position: int, ctx: SourceContext, pronoun: str) -> str | None:
    """Who "he"/"she" at ``position`` refers to: a person named as a subject earlier in its own
    sentence ("Mr. Santorum described what he called …"); else the later of the last named speaker
    and the last person who opened an earlier sentence as its subject (outside quotations). A person
    the text calls "Mr." is never "she", nor one it calls "Mrs.", "Ms." or "Miss" "he"; an
    organisation is neither."""

    def fits(name: str) -> bool:
        return ctx.pronoun_of.get(name, pronoun) == pronoun and name not in ctx.organisations

    sentence = ctx.sentence_at(position)
    if sentence is not None:
        own = [
            n
            for n in ctx.names_within(sentence.start, position)
            if n.kind == "person" and not ctx.quoted(n.start) and subject_like(n, ctx) and fits(n.name)
        ]
        if own:
            return own[0].name
    subject = ctx.last_subject_before(sentence.start if sentence else position)
    candidates = ([subject] if subject else []) + (
        [(ctx.last_speaker_at, ctx.last_speaker)] if ctx.last_speaker else []
    )
    candidates = [c for c in candidates if fits(c[1])]
    return max(candidates)[1] if candidates else None


@cache
def _role_nouns() -> frozenset[str]:
    """Nouns a name can modify as a role: titles (spokesman, leader) and unnamed-source heads (aides)."""
    return lexicons.load("titles") | lexicons.load("anonymous_sources")


def subject_like(name: Name, ctx: SourceContext) -> bool:
    """Whether a name can be a clause's subject.

    It cannot when it is the object of a preposition ("to Mr. Obama") or a possessive or noun
    modifier ("Obama’s decision", "the Obama administration").

    Parameters
    ----------
    name : Name
        A mention in ``ctx.text``.
    ctx : SourceContext
        The article.

    Returns
    -------
    bool
    """
    before = ctx.text[max(0, name.start - 12) : name.start].split()
    after = ctx.text[name.end : name.end + 30]
    following = _NEXT_WORD.match(after)
    word = following.group(1) if following else ""
    # "the Obama administration", "DNC spokesman", "GOP aides": the name modifies the noun after it.
    modifier = word.lower() in lexicons.load("organisations") or (word.islower() and word in _role_nouns())
    return not (before and before[-1].lower() in _PREPOSITIONS) and not _POSSESSIVE.match(after) and not modifier
