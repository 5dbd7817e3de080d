"""Epistemic stance toward each shared fact: how each outlet frames what several outlets report.

A sentence reporting a fact is framed, from the writer's full commitment down (the scale of
FactBank, Saurí & Pustejovsky 2009, "FactBank: a corpus annotated with event factuality"):

- ``asserted``: stated flat, in the writer's own voice ("The levee broke at dawn");
- ``hedged``: in the writer's voice with an epistemic hedge (``hedge`` spans: "The levee appears
  to have broken"), and no source;
- ``attributed``: reported as someone's claim, an attribution cue in the sentence (``attribution``
  spans: "Engineers said the levee broke", "according to the farmers' association, …"), with its
  speaker; a hedge in it is noted (``hedge``), the framing stays ``attributed``;
- ``quoted``: half or more of the sentence inside a direct quote (``quote`` spans), with its speaker.

An article that tells a fact in several sentences frames it as the most committed of them (it does
state it flat if one sentence does), and so does an outlet with several articles in a story. The
speaker is the source's name (`stance.features.sourcing`), else the words the source is described
with ("engineers"), else "an unnamed source" or "anonymous sources".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ..model import Article, Span, Story
from .coverage import Coverage, Fact, FactSentence, coverage

FRAMINGS = ("asserted", "hedged", "attributed", "quoted")  # the writer's commitment, highest first
ATTRIBUTING = frozenset({"attributed", "quoted"})  # the writer reports someone else's claim
MOSTLY_QUOTED = 0.5  # share of a sentence's characters inside a direct quote
_FRAMING_LABELS = frozenset({"quote", "attribution", "hedge", "source"})


class Framing(NamedTuple):
    """How one sentence (or article, or outlet) frames a fact.

    Attributes
    ----------
    framing : str
        One of `FRAMINGS`.
    speaker : str
        Who the fact is attributed to or quoted from ("" for asserted and hedged).
    hedge : str
        The hedge cues of the sentence as written, joined by " / " ("" without one).
    sentence : FactSentence
        The sentence framed so.
    """

    framing: str
    speaker: str
    hedge: str
    sentence: FactSentence


class FactFraming(NamedTuple):
    """One shared fact across a story's outlets.

    Attributes
    ----------
    fact : str
        The fact's id (``fact-n``).
    articles : tuple of (str, Framing)
        Each article reporting it (id) and how it frames it, by outlet then article.
    outlets : tuple of (str, Framing)
        Each outlet reporting it and its most committed framing, by outlet.
    """

    fact: str
    articles: tuple[tuple[str, Framing], ...]
    outlets: tuple[tuple[str, Framing], ...]

    def of(self, outlet: str) -> Framing | None:
        """The outlet's framing of the fact; None if it does not report it."""
        return next((f for o, f in self.outlets if o == outlet), None)


class Contrast(NamedTuple):
    """A plain-language line on one fact framed differently: ``text``, and the ``fact`` it is about."""

    fact: str
    text: str


def sentence_framing(article: Article, sentence: FactSentence, spans: list[Span] | None = None) -> Framing:
    """How ``sentence`` of ``article`` frames what it reports (module docstring).

    Parameters
    ----------
    article : Article
        Measured: its ``quote``, ``attribution``, ``hedge`` and ``source`` spans are read.
    sentence : FactSentence
        One of its sentences (character offsets into its text).
    spans : list of Span, optional
        The article's spans of those labels, if already picked out (`framing_spans`).

    Returns
    -------
    Framing
    """
    start, end = sentence.start, sentence.end
    spans = framing_spans(article) if spans is None else spans
    inside = [s for s in spans if s.start < end and s.end > start]
    text = article.text
    hedge = " / ".join(text[s.start : s.end] for s in inside if s.label == "hedge")
    quoted = sum(min(s.end, end) - max(s.start, start) for s in inside if s.label == "quote")
    sources = [s for s in inside if s.label == "source"]
    if quoted >= MOSTLY_QUOTED * (end - start):
        direct = [s for s in sources if dict(s.attrs)["kind"] == "direct"]
        return Framing("quoted", _speaker(direct or sources), hedge, sentence)
    if any(s.label == "attribution" and start <= s.start < end for s in inside):
        return Framing("attributed", _speaker(sources), hedge, sentence)
    return Framing("hedged" if hedge else "asserted", "", hedge, sentence)


def framing_spans(article: Article) -> list[Span]:
    """The article's spans that frame a sentence: ``quote``, ``attribution``, ``hedge``, ``source``."""
    return [s for s in article.spans if s.label in _FRAMING_LABELS]


def story_framing(story: Story, coverage: Coverage) -> tuple[FactFraming, ...]:
    """How each outlet frames each fact of a story, in the order of the facts.

    Parameters
    ----------
    story : Story
        Measured articles.
    coverage : Coverage
        The story's facts (`stance.comparison.coverage.coverage`).

    Returns
    -------
    tuple of FactFraming
        One per fact of ``coverage.facts``.
    """
    by_id = {a.id: (a, framing_spans(a)) for a in story.articles}
    return tuple(_fact_framing(fact, by_id) for fact in coverage.facts)


def contrasts(framings: tuple[FactFraming, ...]) -> tuple[Contrast, ...]:
    """A line for each fact some outlets state flat while others attribute it, or hedge it:
    "A states as fact what B and C attribute to the farmers' association."

    Parameters
    ----------
    framings : tuple of FactFraming
        A story's (`story_framing`); facts of one outlet are passed over.

    Returns
    -------
    tuple of Contrast
        In the order of the facts.
    """
    out = []
    for f in framings:
        if len(f.outlets) < 2:
            continue
        flat = [o for o, x in f.outlets if x.framing == "asserted"]
        if not flat:
            continue
        citing = [(o, x) for o, x in f.outlets if x.framing in ATTRIBUTING]
        hedging = [o for o, x in f.outlets if x.framing == "hedged"]
        if citing:
            who = _names(sorted({x.speaker for _, x in citing if x.speaker})) or "a source"
            verb = "attributes" if len(citing) == 1 else "attribute"
            out.append(
                Contrast(
                    f.fact,
                    f"{_names(flat)} {_states(flat)} as fact what {_names([o for o, _ in citing])} {verb} to {who}.",
                )
            )
        elif hedging:
            verb = "hedges" if len(hedging) == 1 else "hedge"
            out.append(Contrast(f.fact, f"{_names(flat)} {_states(flat)} flatly what {_names(hedging)} {verb}."))
    return tuple(out)


def _fact_framing(fact: Fact, articles: dict[str, tuple[Article, list[Span]]]) -> FactFraming:
    if len(fact.sentences) == 1:  # most facts: one outlet's sentence
        (s,) = fact.sentences
        article, spans = articles[s.article_id]
        framing = sentence_framing(article, s, spans)
        return FactFraming(fact.id, ((s.article_id, framing),), ((s.outlet, framing),))
    told: dict[tuple[str, str], list[Framing]] = {}
    for s in fact.sentences:
        article, spans = articles[s.article_id]
        told.setdefault((s.outlet, s.article_id), []).append(sentence_framing(article, s, spans))
    per_article = [(key, _most_committed(framings)) for key, framings in sorted(told.items())]
    per_outlet: dict[str, list[Framing]] = {}
    for (outlet, _), framing in per_article:
        per_outlet.setdefault(outlet, []).append(framing)
    return FactFraming(
        fact.id,
        tuple((article, framing) for (_, article), framing in per_article),
        tuple((outlet, _most_committed(framings)) for outlet, framings in sorted(per_outlet.items())),
    )


def _most_committed(framings: list[Framing]) -> Framing:
    return min(framings, key=lambda f: FRAMINGS.index(f.framing))


def _speaker(sources: list[Span]) -> str:
    """Who the first of ``sources`` names: the speaker, else the words describing the source."""
    for s in sources:
        attrs = dict(s.attrs)
        if attrs["speaker"]:
            return attrs["speaker"]
        if attrs.get("phrase"):
            return attrs["phrase"]
        if attrs["status"] == "anonymous":
            return "anonymous sources"
        if attrs["status"] == "unnamed":
            return "an unnamed source"
    return ""


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _states(outlets: list[str]) -> str:
    return "states" if len(outlets) == 1 else "state"


class FramingProfile(NamedTuple):
    """How one outlet frames the facts it shares with other outlets, across a corpus.

    Attributes
    ----------
    outlet : str
        The outlet.
    shared_facts : int
        Facts it reports that another outlet of the story reports too.
    counts : tuple of int
        How many of those it frames as each of `FRAMINGS`, in that order.
    asserted_where_attributed : int
        Facts it states flat that another outlet attributes or quotes.
    """

    outlet: str
    shared_facts: int
    counts: tuple[int, ...]
    asserted_where_attributed: int

    def share(self, framing: str) -> float | None:
        """The share (0–1) of its shared facts framed as ``framing``; None without shared facts."""
        return self.counts[FRAMINGS.index(framing)] / self.shared_facts if self.shared_facts else None

    @property
    def asserted_where_attributed_share(self) -> float | None:
        """The share (0–1) of the facts it states flat that another outlet attributes or quotes."""
        asserted = self.counts[0]
        return self.asserted_where_attributed / asserted if asserted else None


def framing_profile(outlet: str, stories: Iterable[tuple[FactFraming, ...]]) -> FramingProfile:
    """``outlet``'s framing of the shared facts of ``stories`` (each story's `story_framing`)."""
    counts = [0] * len(FRAMINGS)
    over = 0
    for framings in stories:
        for f in framings:
            mine = f.of(outlet)
            if mine is None or len(f.outlets) < 2:
                continue
            counts[FRAMINGS.index(mine.framing)] += 1
            over += mine.framing == "asserted" and any(x.framing in ATTRIBUTING for _, x in f.outlets)
    return FramingProfile(outlet, sum(counts), tuple(counts), over)


def summed_profiles(outlet: str, profiles: Iterable[FramingProfile]) -> FramingProfile:
    """``outlet``'s profile over several sets of stories, from its profile on each: counts add up."""
    found = list(profiles)
    counts = tuple(sum(p.counts[k] for p in found) for k in range(len(FRAMINGS)))
    return FramingProfile(outlet, sum(counts), counts, sum(p.asserted_where_attributed for p in found))


def framed_story(story: Story) -> tuple[FactFraming, ...]:
    """`story_framing` of the story's own `stance.comparison.coverage.coverage` (empty for one outlet)."""
    return story_framing(story, coverage(story)) if len(story.outlets) > 1 else ()


def asserted_attributed_by(framings: tuple[FactFraming, ...]) -> dict[str, int]:
    """For each article of a story: the most other outlets that attribute or quote a fact it states
    flat (articles that state no shared fact flat are left out).

    Parameters
    ----------
    framings : tuple of FactFraming
        The story's (`story_framing`).

    Returns
    -------
    dict of str to int
        Article id -> a count of outlets.
    """
    out: dict[str, int] = {}
    for f in framings:
        citing = {o for o, x in f.outlets if x.framing in ATTRIBUTING}
        for article, x in f.articles:
            if x.framing == "asserted":
                out[article] = max(out.get(article, 0), len(citing - {x.sentence.outlet}))
    return out
