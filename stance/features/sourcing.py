"""Who is quoted and who is cited: every direct quote and indirect attribution, with its speaker.

Reads the ``quote`` and ``attribution`` spans of earlier features. A *source* is either a direct
quote (a ``quote`` span) or an attributing sentence without a direct quote ("X said that …",
"according to X"). Its speaker is found next to the reporting verb:

- after a quote: ``“…,” said Mr. Steele`` / ``“…,” he said`` / ``“…,” the senator told reporters``;
- before a quote: ``Bennett said: “…”`` / ``Obama told reporters, “…”``;
- in an indirect attribution: the subject before the verb (``officials said the …``) or the phrase
  after "according to";
- a quote with no verb of its own continues the speaker of the quote before it in the same
  paragraph, or of the last quote of the previous paragraph when this paragraph opens with a quote.

The speaker phrase resolves to a name (a person or organisation found by `stance.names`, with
"Mr. Steele" → "Michael Steele"), a pronoun ("he", "she") → the last person named before it, a title
("the senator") → the last person named with that title, or else is *anonymous* (an unnamed-source
phrase: officials, a source familiar with …) or *unnamed* (any other phrase: "a witness").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicons
from ..model import Article, Span
from ..names import Name, find_names
from .base import Measures, share

WINDOW = 80  # characters searched on each side of a quote for its reporting verb and speaker
_PRONOUNS = {"he", "she"}
_PREPOSITIONS = {"to", "of", "for", "with", "on", "at", "by", "from", "about", "against", "that", "the", "a", "an"}
_PARTICIPLE = re.compile(r"saying|adding|telling|claiming|insisting|warning", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![\w’'])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w’'])")
_CLAUSE_BREAK = re.compile(r"[,;:—]")
# A speaker phrase runs up to a clause break or quotation mark; periods are allowed ("Gov. Perry").
_PHRASE = r"[^,;:!?“”\"\n]"
# Title abbreviations and the nouns that refer back to their holder ("Sen. Reid" … "the senator").
_ROLE_OF_TITLE = {"sen": "senator", "rep": "representative", "gov": "governor", "pres": "president", "gen": "general"}


def _verbs() -> str:
    return lexicons.pattern("attribution").pattern


# Verbs that can come before their subject ("“…,” said Mr. Steele"); "told" and "according to" cannot:
# a name after them is the listener or the source of a report, handled separately.
_INVERTIBLE = re.compile(r"(?:told|tells|according\s+to)$", re.IGNORECASE)


def sources(article: Article) -> list[Span]:
    """One ``source`` span per direct quote or indirect attribution, with attrs ``speaker`` (a name,
    or empty), ``status`` (named / anonymous / unnamed / unattributed) and ``kind`` (direct /
    indirect); plus a ``speaker`` span on the words that name the speaker.

    Quotes and attributing sentences are read in text order, so "he" can refer back to the last
    named speaker.
    """
    text = article.text
    names = find_names(text)
    quotes = sorted(article.spans_labelled("quote"))
    cues = article.spans_labelled("attribution")
    units = [(q.start, q) for q in quotes] + [
        (sentence.start, sentence)
        for sentence in article.spans_labelled("sentence")
        if not any(q.start < sentence.end and sentence.start < q.end for q in quotes)
        and any(sentence.start <= c.start < sentence.end for c in cues)
    ]
    context = _Context(text, names, quotes, article.spans_labelled("sentence"))
    out: list[Span] = []
    previous: dict[str, str] | None = None
    for _, unit in sorted(units):
        if unit.label == "quote":
            tries = [_after(unit, context), _before(unit, context), _in_sentence(unit, cues, context)]
            found = next((f for f in tries if f and f[0]["status"] != "unnamed"), None)
            if found is None and previous is not None and _continues(text, unit, quotes):
                found = (dict(previous), None)
            found = found or next((f for f in tries if f), None)
            kind = "direct"
        else:
            cue = next(c for c in cues if unit.start <= c.start < unit.end)
            found = _indirect(unit, cue, context)
            kind = "indirect"
        who, where = found or ({"speaker": "", "status": "unattributed"}, None)
        out.append(Span(unit.start, unit.end, "source", _attrs(who, kind)))
        if where is not None:
            out.append(Span(where[0], where[1], "speaker", (("speaker", who["speaker"]),)))
        if who["status"] != "unattributed":
            previous = who
        if who["status"] == "named":
            context.last_speaker, context.last_speaker_at = who["speaker"], unit.start
    return sorted(_carry_back(out, text))


def _carry_back(spans: list[Span], text: str) -> list[Span]:
    """A quote left open at its paragraph's end and given no speaker takes the speaker of the quote
    that continues it (news style names the speaker once, often in the last paragraph)."""
    sources = [s for s in spans if s.label == "source"]
    for i in range(len(sources) - 2, -1, -1):
        here, after = dict(sources[i].attrs), dict(sources[i + 1].attrs)
        open_ended = text[sources[i].end - 1] not in "”\"»"
        if here["status"] == "unattributed" and here["kind"] == after["kind"] == "direct" and open_ended:
            sources[i] = Span(sources[i].start, sources[i].end, "source", tuple(sorted((here | {k: after[k] for k in ("speaker", "status")}).items())))
    return sources + [s for s in spans if s.label != "source"]


@dataclass
class _Context:
    text: str
    names: list[Name]
    quotes: list[Span]
    sentences: list[Span]
    last_speaker: str | None = None
    last_speaker_at: int = -1


def _attrs(who: dict[str, str], kind: str) -> tuple[tuple[str, str], ...]:
    return (("kind", kind), ("speaker", who["speaker"]), ("status", who["status"]))


def _after(q: Span, ctx: _Context):
    """``“…,” said X``, ``“…,” X said`` or ``“…,” X, a title, told …``, right after the closing mark."""
    text = ctx.text
    tail = text[q.end : min(len(text), q.end + WINDOW)].split("\n", 1)[0]
    verb = re.match(rf"[\s,]*(?:{_verbs()})\s+", tail, re.IGNORECASE)
    if verb and not _INVERTIBLE.search(verb.group().strip()):
        phrase = re.match(rf"{_PHRASE}*", tail[verb.end() :]).group()
        start = q.end + verb.end()
        return _resolve(start, start + len(phrase), ctx, nearest="first")
    subject = re.match(rf"[\s,]*({_PHRASE}{{1,60}}?)\s+(?:{_verbs()})\b", tail, re.IGNORECASE)
    if subject:
        return _resolve(q.end + subject.start(1), q.end + subject.end(1), ctx)
    lead = re.match(r"[\s,]*", tail).end() + q.end
    named = next((n for n in ctx.names if n.start == lead), None)
    sentence_end = next((s.end for s in ctx.sentences if s.start <= lead < s.end), lead)
    if named and lexicons.find("attribution", text, named.end, sentence_end):
        return {"speaker": named.name, "status": "named"}, (named.start, named.end)
    return None


def _before(q: Span, ctx: _Context):
    """``X said: “…”`` or ``X told reporters, “…”``, right before the opening mark."""
    text = ctx.text
    start = max(0, q.start - WINDOW)
    head = text[start : q.start].rsplit("\n", 1)[-1]
    offset = q.start - len(head)
    m = re.search(rf"({_PHRASE}{{1,60}}?)\s+(?:{_verbs()})(?:\s+[\w’' ]{{0,30}}?)?\s*[,:]?\s*$", head, re.IGNORECASE)
    if m is None:
        return None
    return _resolve(offset + m.start(1), offset + m.end(1), ctx)


def _in_sentence(q: Span, cues: list[Span], ctx: _Context):
    """A quote inside a sentence whose reporting verb stands elsewhere ("Mr. Santorum did not back
    down, saying, “…”"): the speaker is the subject before that verb."""
    sentence = next((s for s in ctx.sentences if s.start <= q.start < s.end), None)
    if sentence is None:
        return None
    outside = [c for c in cues if sentence.start <= c.start < sentence.end and not any(o.start <= c.start < o.end for o in ctx.quotes)]
    if not outside:
        return None
    cue = max((c for c in outside if c.end <= q.start), default=outside[0], key=lambda c: c.start)
    if _PARTICIPLE.fullmatch(ctx.text[cue.start : cue.end]):
        # "X did not back down, saying, “…”": the speaker is the subject of the main clause.
        return _subject(sentence, ctx, before=cue.start)
    found = _indirect(sentence, cue, ctx)
    return found if found[0]["status"] != "unnamed" else _subject(sentence, ctx, before=q.start)


def _subject(sentence: Span, ctx: _Context, before: int):
    """The subject-like name nearest before ``before`` in the sentence (see `_subject_like`), or a
    pronoun opening the sentence."""
    candidates = [
        n for n in ctx.names if sentence.start <= n.start and n.end <= before and not _quoted(n.start, ctx) and _subject_like(n, ctx)
    ]
    if candidates:
        n = candidates[-1]
        return {"speaker": n.name, "status": "named"}, (n.start, n.end)
    first = re.match(r"\s*(\w+)", ctx.text[sentence.start : sentence.end])
    if first and first.group(1).lower() in _PRONOUNS:
        return _resolve(sentence.start + first.start(1), sentence.start + first.end(1), ctx)
    return None


def _indirect(sentence: Span, cue: Span, ctx: _Context):
    """The source of an attributing sentence: after "according to", else the verb's subject."""
    text = ctx.text
    if text[cue.start : cue.end].lower().startswith("according"):
        phrase = re.match(rf"{_PHRASE}*", text[cue.end : sentence.end]).group()
        return _resolve(cue.end, cue.end + len(phrase), ctx, nearest="first")
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, sentence.start, cue.start)]
    clause_start = breaks[-1] if breaks else sentence.start
    resolved = _resolve(clause_start, cue.start, ctx)
    if resolved[0]["status"] == "unnamed" and not _INVERTIBLE.search(text[cue.start : cue.end]):
        # "… the talks, said the ministry" puts the subject after the verb
        phrase = re.match(rf"{_PHRASE}*", text[cue.end : sentence.end]).group()
        after = _resolve(cue.end, cue.end + len(phrase), ctx, nearest="first")
        if after[0]["status"] != "unnamed":
            return after
    return resolved


def _resolve(start: int, end: int, ctx: _Context, nearest: str = "last"):
    """Who the phrase ``text[start:end]`` refers to, and where the speaker is written.

    ``nearest`` says which name in the phrase is the speaker: the one next to the verb, so the
    first after a verb ("said Trump in an interview on NBC") and the last before one.
    """
    phrase = ctx.text[start:end]
    inside = [n for n in ctx.names if start <= n.start and n.end <= end]
    if inside:
        n = inside[0] if nearest == "first" else inside[-1]
        return {"speaker": n.name, "status": "named"}, (n.start, n.end)
    lowered = phrase.lower().strip()
    words = re.findall(r"[\w’']+", lowered)
    if words and words[0] in _PRONOUNS:
        antecedent = _antecedent(start, ctx)
        if antecedent:
            first = re.search(r"\S+", phrase)
            return {"speaker": antecedent, "status": "named"}, (start + first.start(), start + first.end())
    if len(words) >= 2 and words[0] == "the":
        role = words[-1]
        earlier = [n for n in ctx.names if n.end <= start and n.kind == "person"]
        holders = [n for n in earlier if n.title and _ROLE_OF_TITLE.get(n.title, n.title) == role]
        if holders:
            return {"speaker": holders[-1].name, "status": "named"}, (start, end)
    if lexicons.find("anonymous_sources", phrase):
        return {"speaker": "", "status": "anonymous"}, (start, end) if phrase.strip() else None
    # A capitalised word next to the verb that the name finder did not know ("said Cowen, who …").
    starts = {sentence.start for sentence in ctx.sentences}
    caps = [m for m in _CAPITALISED.finditer(phrase) if start + m.start() not in starts and m.group().lower() not in _PRONOUNS]
    if caps:
        m = caps[0] if nearest == "first" else caps[-1]
        if (nearest == "first" and m.start() == len(phrase) - len(phrase.lstrip())) or (nearest == "last" and not phrase[m.end() :].strip()):
            return {"speaker": m.group(), "status": "named"}, (start + m.start(), start + m.end())
    return {"speaker": "", "status": "unnamed"}, None


def _antecedent(position: int, ctx: _Context) -> str | None:
    """Who "he"/"she" at ``position`` refers to: the later of the last named speaker and the last
    person who opened an earlier sentence as its subject (outside quotations)."""
    sentence_start = next((s.start for s in ctx.sentences if s.start <= position < s.end), position)
    subjects = []
    for sentence in ctx.sentences:
        if sentence.start >= sentence_start:
            break
        first = next(
            (n for n in ctx.names if sentence.start <= n.start < sentence.end and not _quoted(n.start, ctx) and _subject_like(n, ctx)),
            None,
        )
        if first is not None and first.kind == "person":
            subjects.append((first.start, first.name))
    candidates = subjects + ([(ctx.last_speaker_at, ctx.last_speaker)] if ctx.last_speaker else [])
    return max(candidates)[1] if candidates else None


def _subject_like(name: Name, ctx: _Context) -> bool:
    """A name that can be a clause's subject: not the object of a preposition ("to Mr. Obama") and
    not a possessive or noun modifier ("Obama’s decision", "the Obama administration")."""
    before = ctx.text[max(0, name.start - 12) : name.start].split()
    after = ctx.text[name.end : name.end + 30]
    following = re.match(r"\s+(\w+)", after)
    modifier = following is not None and following.group(1).lower() in lexicons.load("organisations")
    return not (before and before[-1].lower() in _PREPOSITIONS) and not re.match(r"['’]s\b", after) and not modifier


def _quoted(position: int, ctx: _Context) -> bool:
    return any(q.start <= position < q.end for q in ctx.quotes)


def _continues(text: str, q: Span, quotes: list[Span]) -> bool:
    """True when quote ``q`` carries on the previous quote: same paragraph, or its paragraph opens
    with it (news style for a quote running over paragraphs)."""
    index = quotes.index(q)
    if index == 0:
        return False
    prev = quotes[index - 1]
    between = text[prev.end : q.start]
    return "\n" not in between or not text[text.rfind("\n", 0, q.start) + 1 : q.start].strip()


def sourcing(article: Article) -> Measures:
    """``named_source_share`` and ``anonymous_source_share``: shares (0–1) of sources (direct quotes
    and indirect attributions) whose speaker is named, or is an unnamed-source phrase ("officials",
    "a source familiar with"). ``speakers``: number of distinct named speakers."""
    spans = sources(article)
    found = [dict(s.attrs) for s in spans if s.label == "source"]
    named = [f["speaker"] for f in found if f["status"] == "named"]
    anonymous = sum(f["status"] == "anonymous" for f in found)
    return Measures(
        {
            "named_source_share": share(len(named), len(found)),
            "anonymous_source_share": share(anonymous, len(found)),
            "speakers": len(set(named)),
        },
        spans,
    )
