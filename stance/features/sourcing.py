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

The speaker phrase is resolved to a name (or found anonymous or unnamed) by
`stance.features.speakers`.
"""

from __future__ import annotations

import re

from ..model import Article, Span
from ..text import lexicons
from ..text.names import find_names
from .base import Measures, share
from .speakers import PRONOUNS, SourceContext, resolve_speaker, subject_like

WINDOW = 80  # characters searched on each side of a quote for its reporting verb and speaker
_CLAUSE_BREAK = re.compile(r"[,;:—]")
# "what he called the “phony theology”": a quoted label is the words of who gave it.
_LABELLED = re.compile(
    r"\bwhat\s+([^,;:!?“”\"\n]{1,40}?)\s+(?:calls|called|describes|described|dubs|dubbed|terms|termed)"
    r"(?:\s+[\w’' ]{0,30}?)?\s*$",
    re.IGNORECASE,
)
# A speaker phrase runs up to a clause break or quotation mark; periods are allowed ("Gov. Perry").
_PHRASE = r"[^,;:!?“”\"\n]"
_PHRASE_RUN = re.compile(rf"{_PHRASE}*")
_PHRASE_CHARS = re.compile(rf"{_PHRASE}+")
_LEADING = re.compile(r"[\s,]*")

# Patterns around a reporting verb ({verbs}: the `attribution` lexicon), compiled by `SourceContext.regex`.
_VERB_AFTER = r"[\s,]*(?:{verbs})\s+"  # “…,” said X
_SUBJECT_AFTER = rf"[\s,]*({_PHRASE}{{1,60}}?)\s+(?:{{verbs}})\b"  # “…,” X said
# X said: “…” — a verb that only a few words, a comma or colon, and spaces separate from the quote.
_VERB_BEFORE = r"(?<=\s)(?:{verbs})(?:\s+[\w’' ]{0,30}?)?\s*[,:]?\s*$"
_PHRASE_BEFORE_VERB = 60  # most characters in the phrase naming the speaker before the verb

# Verbs that can come before their subject ("“…,” said Mr. Steele"); "told" and "according to" cannot:
# a name after them is the listener or the source of a report, handled separately.
_INVERTIBLE = re.compile(r"(?:told|tells|according\s+to)$", re.IGNORECASE)


def sources(article: Article) -> list[Span]:
    """One ``source`` span per direct quote or indirect attribution (a sentence with an attribution
    cue, not a question), and a ``speaker`` span per speaker named.

    Quotes and attributing sentences are read in text order, so "he" can refer back to the last
    named speaker.

    Parameters
    ----------
    article : Article
        With ``sentence``, ``quote`` and ``attribution`` spans.

    Returns
    -------
    list of Span
        In `Span` order. ``source`` spans have attrs ``speaker`` (a name, or empty), ``status`` (named /
        anonymous / unnamed / unattributed), ``kind`` (direct / indirect) and, for an anonymous or
        unnamed source described in up to six words, ``phrase`` ("the farmers' association");
        ``speaker`` spans lie on the words that name the speaker, with attr ``speaker``.
    """
    text = article.text
    quotes = sorted(article.spans_labelled("quote"))
    context = SourceContext(
        text, find_names(text), quotes, article.spans_labelled("sentence"), article.spans_labelled("attribution")
    )
    # A question in the writer's own voice ("What did Ruiz say?") asks; it reports no one.
    units = quotes + [
        s
        for s in context.sentences
        if not context.overlaps_quote(s) and context.cues_in(s) and not text[s.start : s.end].rstrip().endswith("?")
    ]
    out: list[Span] = []
    previous: dict[str, str] | None = None
    for unit in sorted(units):
        if unit.label == "quote":
            found = _quote_source(unit, context, previous)
            kind = "direct"
        else:
            found = _first_source(unit, context)
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


def _quote_source(q: Span, ctx: SourceContext, previous: dict[str, str] | None):
    """The speaker of a direct quote: the first of after / before / in its sentence that names or
    describes one; else the previous speaker if the quote carries on the previous quote; else an
    unnamed phrase if any was found."""
    tries = []
    for attempt in (_after, _before, _labelled, _in_sentence):  # pure, so tried only until one is found
        tries.append(attempt(q, ctx))
        if tries[-1] and tries[-1][0]["status"] != "unnamed":
            return tries[-1]
    if previous is not None and _continues(ctx.text, q, ctx.quotes):
        return dict(previous), None
    return next((f for f in tries if f), None)


def _carry_back(spans: list[Span], text: str) -> list[Span]:
    """A quote left open at its paragraph's end and given no speaker takes the speaker of the quote
    that continues it (news style names the speaker once, often in the last paragraph)."""
    sources = [s for s in spans if s.label == "source"]
    for i in range(len(sources) - 2, -1, -1):
        here, after = dict(sources[i].attrs), dict(sources[i + 1].attrs)
        open_ended = text[sources[i].end - 1] not in "”\"»'"
        if here["status"] == "unattributed" and here["kind"] == after["kind"] == "direct" and open_ended:
            sources[i] = Span(
                sources[i].start,
                sources[i].end,
                "source",
                tuple(sorted((here | {k: after[k] for k in ("speaker", "status")}).items())),
            )
    return sources + [s for s in spans if s.label != "source"]


def _attrs(who: dict[str, str], kind: str) -> tuple[tuple[str, str], ...]:
    described = (("phrase", who["phrase"]),) if who.get("phrase") else ()
    return (("kind", kind), *described, ("speaker", who["speaker"]), ("status", who["status"]))


def _after(q: Span, ctx: SourceContext):
    """``“…,” said X``, ``“…,” X said`` or ``“…,” X, a title, told …``, right after the closing mark."""
    text = ctx.text
    tail = ctx.folded[q.end : min(len(text), q.end + WINDOW)].split("\n", 1)[0]
    verb = ctx.regex(_VERB_AFTER).match(tail)
    if verb and not _INVERTIBLE.search(text[q.end : q.end + verb.end()].strip()):
        phrase = _PHRASE_RUN.match(tail, verb.end()).group()
        start = q.end + verb.end()
        return resolve_speaker(start, start + len(phrase), ctx, nearest="first")
    subject = ctx.regex(_SUBJECT_AFTER).match(tail)
    if subject:
        return resolve_speaker(q.end + subject.start(1), q.end + subject.end(1), ctx)
    lead = _LEADING.match(tail).end() + q.end
    named = ctx.name_at(lead)
    sentence = ctx.sentence_at(lead)
    if named and lexicons.find("attribution", text, named.end, sentence.end if sentence else lead):
        return {"speaker": named.name, "status": "named"}, (named.start, named.end)
    return None


def _before(q: Span, ctx: SourceContext):
    """``X said: “…”`` or ``X told reporters, “…”``, right before the opening mark."""
    head = ctx.folded[max(0, q.start - WINDOW) : q.start].rsplit("\n", 1)[-1]
    phrase = _phrase_before_verb(head, ctx.regex(_VERB_BEFORE))
    if phrase is None:
        return None
    offset = q.start - len(head)
    return resolve_speaker(offset + phrase[0], offset + phrase[1], ctx)


def _labelled(q: Span, ctx: SourceContext):
    """``what he called “…”``: the speaker is who gave the quoted label."""
    start = max(0, q.start - WINDOW)
    frame = _LABELLED.search(ctx.text, start, q.start)
    return resolve_speaker(frame.start(1), frame.end(1), ctx) if frame else None


def _phrase_before_verb(head: str, verb_before: re.Pattern[str]) -> tuple[int, int] | None:
    """Where the phrase naming the speaker lies in ``head``: 1–60 phrase characters, then spaces
    and a reporting verb that `_VERB_BEFORE` can follow to the end of ``head``; the leftmost such
    phrase, then the shortest, as a regex search for the whole would find it.

    That search tries every start and length against the verbs (it took most of the time of
    sourcing); this finds the verbs first: the phrase may end anywhere in the spaces before one.
    """
    ends = []  # (first, last) offsets where the phrase may end
    verb = verb_before.search(head)
    while verb:
        ends.append((len(head[: verb.start()].rstrip()), verb.start() - 1))
        verb = verb_before.search(head, verb.start() + 1)
    for run in _PHRASE_CHARS.finditer(head) if ends else ():
        a, b = run.span()
        end = min((max(first, a + 1) for first, last in ends if max(first, a + 1) <= min(last, b)), default=None)
        if end is not None:
            return max(a, end - _PHRASE_BEFORE_VERB), end
    return None


def _in_sentence(q: Span, ctx: SourceContext):
    """A quote inside a sentence whose reporting verb stands elsewhere ("Mr. Santorum did not back
    down, saying, “…”"): the speaker is the subject before that verb."""
    sentence = ctx.sentence_at(q.start)
    if sentence is None:
        return None
    outside = [c for c in ctx.cues_in(sentence) if not ctx.quoted(c.start)]
    if not outside:
        return None
    cue = max((c for c in outside if c.end <= q.start), default=outside[0], key=lambda c: c.start)
    if ctx.text[cue.start : cue.end].lower().endswith("ing"):  # a participle: saying, insisting …
        # "X did not back down, saying, “…”": the speaker is the subject of the main clause.
        return _subject(sentence, ctx, before=cue.start)
    found = _indirect(sentence, cue, ctx)
    return found if found[0]["status"] != "unnamed" else _subject(sentence, ctx, before=q.start)


def _subject(sentence: Span, ctx: SourceContext, before: int):
    """The subject-like name nearest before ``before`` in the sentence (see `subject_like`), or a
    pronoun opening the sentence."""
    for n in reversed(ctx.names_within(sentence.start, before)):
        if not ctx.quoted(n.start) and subject_like(n, ctx):
            return {"speaker": n.name, "status": "named"}, (n.start, n.end)
    first = re.match(r"\s*(\w+)", ctx.text[sentence.start : sentence.end])
    if first and first.group(1).lower() in PRONOUNS:
        return resolve_speaker(sentence.start + first.start(1), sentence.start + first.end(1), ctx)
    return None


def _indirect(sentence: Span, cue: Span, ctx: SourceContext):
    """The source of an attributing sentence: after "according to", else the verb's subject (for "in a
    statement", "in an interview": the sentence's subject)."""
    text = ctx.text
    if text[cue.start : cue.end].lower().startswith("in "):
        # "X said … in an interview": X; "In an interview with Fox News, Mr. Boehner …": the
        # sentence's first subject, not the frame's complement.
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, sentence.start, cue.start)]
        before = resolve_speaker(breaks[-1] if breaks else sentence.start, cue.start, ctx)
        if before[0]["status"] != "unnamed":
            return before
        for n in ctx.names_within(sentence.start, sentence.end):
            if not ctx.quoted(n.start) and subject_like(n, ctx):
                return {"speaker": n.name, "status": "named"}, (n.start, n.end)
        return {"speaker": "", "status": "unnamed"}, None
    if text[cue.start : cue.end].lower().startswith("according"):
        phrase = _PHRASE_RUN.match(text, cue.end, sentence.end).group()
        return resolve_speaker(cue.end, cue.end + len(phrase), ctx, nearest="first")
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, sentence.start, cue.start)]
    clause_start = breaks[-1] if breaks else sentence.start
    resolved = resolve_speaker(clause_start, cue.start, ctx)
    if not text[clause_start : cue.start].strip() and breaks:
        # "Ana Ruiz, a union organiser, said" / "Ruiz, who …, said" / "Ruiz, meanwhile, says": the
        # verb closes an aside, and its subject is the clause before the aside, which starts with a
        # capital (the aside starts lowercase: an apposition, a relative clause, an adverb).
        starts = [sentence.start, *breaks[:-1]]
        for a, b in reversed(list(zip(starts, breaks))):
            clause = text[a : b - 1].strip()
            if clause[:1].isupper():
                aside = resolve_speaker(a, b - 1, ctx)
                if aside[0]["status"] != "unnamed":
                    return aside
                break
    opens_clause = not text[clause_start : cue.start].strip()
    if resolved[0]["status"] == "unnamed" and opens_clause and not _INVERTIBLE.search(text[cue.start : cue.end]):
        # "… the talks, said the ministry" puts the subject after the verb; "Smith said Jones
        # lied" has its subject before it, so Jones is never the speaker
        phrase = _PHRASE_RUN.match(text, cue.end, sentence.end).group()
        after = resolve_speaker(cue.end, cue.end + len(phrase), ctx, nearest="first")
        if after[0]["status"] != "unnamed":
            return after
    return resolved


def _first_source(sentence: Span, ctx: SourceContext):
    """The source of an attributing sentence: by its first cue whose speaker is named or anonymous
    ("In a statement, the ministry denied …": the ministry, by "denied"), else by its first cue."""
    cues = ctx.cues_in(sentence)
    tried = (_indirect(sentence, cue, ctx) for cue in cues)  # lazily: most sentences name at the first
    return next((found for found in tried if found[0]["status"] != "unnamed"), None) or _indirect(
        sentence, cues[0], ctx
    )


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
    """Who is quoted or cited: ``named_source_share``, ``anonymous_source_share`` and ``speakers``.

    ``named_source_share`` and ``anonymous_source_share``: shares (0–1) of sources (direct quotes
    and indirect attributions) whose speaker is named, or is an unnamed-source phrase ("officials",
    "a source familiar with"). ``speakers``: number of distinct named speakers.

    Parameters and return as every feature (`stance.features`): reads the ``sentence``, ``quote``
    and ``attribution`` spans; returns the three columns, and the spans of `sources`.
    """
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
