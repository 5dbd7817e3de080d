"""Wire copy: which articles reproduce another outlet's article, and how much of each is its own.

A sentence of article X is *found* in article Y when at least `NEAR_VERBATIM` of its words lie in a
run of three or more words that Y's text also has (lowercased words, `stance.text.segment.WORD`):
the share of a text covered by common runs of at least three words is how the METER study of
newspapers reusing agency copy measured reuse (Clough, Gaizauskas, Piao & Wilks 2002, greedy string
tiling with a minimum match of three). So one word in five may be changed or dropped (a copy desk's
edit), while a paraphrase that shares the names and a phrase or two does not count. A sentence of
one or two words is found when its words stand together in Y.

X *copies* Y (one story, different outlets) when X's narration is found in Y — sentences less than
half inside quotation marks, since two outlets quoting one statement word for word are not copying
each other: at least `MIN_EVIDENCE` narration sentences of at least `MIN_WORDS` words (a short
sentence recurs by chance), or, for a brief, at least `MIN_EVIDENCE` narration sentences of three
words or more that are half or more of its narration. And X is the copy: the later of the two; on
the same date, or when either is undated, the one with a credit line (`stance.features.credit`: it
names an agency or another outlet). When that does not decide, both are marked: each reproduces
text whose source stance cannot tell apart.

Each sentence of X found in an article X copies gets a ``copied`` span with ``from`` = the article it
copies most among those. ``original_share`` is the share of X's sentences without one; ``copied_from``
is the article X copies most when half or more of its sentences are copied. A *wire copy* is an
article with a ``copied_from``, or whose credit line says the whole text is another's (a dateline,
byline, signature, copyright or republished line): word choice and outlet profiles leave it out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from itertools import combinations, compress

from ..model import Article, Span, Story, TextOf
from ..text.credits import WHOLE
from ..text.segment import all_words

NEAR_VERBATIM = 0.8  # share of a sentence's words in a three-word run the other article has
MIN_EVIDENCE = 2  # narration sentences found: one shared sentence can be a press release's line
MIN_WORDS = 8  # a narration sentence this long does not recur by chance
# What a sentence is to the evidence: mostly quoted, narration of MIN_WORDS or more, shorter
# narration of three words or more, or too short to tell.
QUOTED, LONG, SHORT, TINY = "quoted", "long", "short", "tiny"
MOSTLY_COPIED = 0.5  # copied_from names the source when at least this share of sentences is copied


@dataclass(frozen=True)
class _Read:
    """An article's words for comparing: its trigram set, its words joined, and per sentence its
    span, words, trigrams and kind (`QUOTED`, `LONG`, `SHORT` or `TINY`; see the module docstring)."""

    trigrams: frozenset[tuple[str, str, str]]
    joined: str
    sentences: tuple[tuple[Span, tuple[str, ...], list[tuple[str, str, str]], str], ...]  # span, words, trigrams, kind

    @classmethod
    def of(cls, article: Article) -> _Read:
        text = article.text
        found = all_words(text.replace("’", "'"))  # the same offsets: one character for one
        words, starts = found.lowered, found.starts
        grams = _trigrams(words)  # a sentence's trigrams are a slice: those that start and end inside it
        quotes = _merged(article.spans_labelled("quote"))
        quote_starts = [a for a, _ in quotes]
        sentences = []
        for s in article.spans_labelled("sentence"):
            first, last = bisect_left(starts, s.start), bisect_left(starts, s.end)
            mine = words[first:last]
            quoted, k = 0, bisect_left(quote_starts, s.end)
            while k and quotes[k - 1][1] > s.start:  # the quoted stretches before the sentence's end, backwards
                k -= 1
                quoted += min(quotes[k][1], s.end) - max(quotes[k][0], s.start)
            kind = QUOTED if 2 * quoted >= s.end - s.start else TINY if len(mine) < 3 else SHORT
            kind = LONG if kind == SHORT and len(mine) >= MIN_WORDS else kind
            sentences.append((s, mine, grams[first : max(first, last - 2)], kind))
        return cls(frozenset(grams), f" {' '.join(words)} ", tuple(sentences))

    def found(self, words: tuple[str, ...], grams: list[tuple[str, str, str]]) -> bool:
        """Whether a sentence of ``words`` (and ``grams``, its trigrams) is found in this article
        (module docstring)."""
        if len(words) < 3:
            return bool(words) and f" {' '.join(words)} " in self.joined
        hits = list(map(self.trigrams.__contains__, grams))
        if 3 * sum(hits) < NEAR_VERBATIM * len(words):  # a trigram covers at most three words
            return False
        if all(hits):  # every word lies in a trigram found
            return True
        covered = reach = 0  # words covered by the trigrams found so far; the first word after them
        for j in compress(range(len(hits)), hits):  # trigram j covers words j, j + 1 and j + 2
            covered += j + 3 - max(j, reach)
            reach = j + 3
        return covered >= NEAR_VERBATIM * len(words)


def mark_copies(story: Story) -> Story:
    """``story`` with each article's copied sentences marked (module docstring).

    Parameters
    ----------
    story : Story
        Measured articles (``sentence``, ``quote`` and ``credit`` spans).

    Returns
    -------
    Story
        The same story, its articles with ``copied`` spans added; unchanged if none copies another.
    """
    return with_copies(story, copied_spans(story))


def copied_spans(story: Story) -> dict[str, tuple[Span, ...]]:
    """The ``copied`` spans of each article of ``story`` that copies another (`mark_copies`
    without building the story: a small result, for a pool worker to send back).

    Returns
    -------
    dict of str to tuple of Span
        Article id -> its ``copied`` spans, in order; articles that copy nothing are left out.
    """
    if len(story.outlets) < 2:
        return {}
    read = {a.id: _Read.of(a) for a in story.articles}
    found: dict[str, dict[str, list[Span]]] = {}  # copy -> source -> its sentences found there
    for x, y in combinations(story.articles, 2):
        if x.outlet == y.outlet or read[x.id].trigrams.isdisjoint(read[y.id].trigrams):
            continue
        x_in_y, y_in_x = _found_in(read[x.id], read[y.id]), _found_in(read[y.id], read[x.id])
        x_shares, y_shares = _enough(x_in_y, read[x.id]), _enough(y_in_x, read[y.id])
        if not (x_shares or y_shares):
            continue
        x_copies, y_copies = _which_copies(x, y)
        if x_copies and x_shares:
            found.setdefault(x.id, {})[y.id] = [s for s, _ in x_in_y]
        if y_copies and y_shares:
            found.setdefault(y.id, {})[x.id] = [s for s, _ in y_in_x]
    return {article: _copied(sources) for article, sources in sorted(found.items())}


def with_copies(story: Story, copied: dict[str, tuple[Span, ...]]) -> Story:
    """``story`` with the ``copied`` spans of `copied_spans` added to its articles."""
    if not copied:
        return story
    return replace(story, articles=tuple(a.with_spans(copied.get(a.id, ())) for a in story.articles))


def original_share(article: Article) -> float:
    """The share (0–1) of the article's sentences that are not copied; 1.0 for an article without sentences."""
    return _own_share(article, article.spans_labelled("copied"))


def copied_from(article: Article) -> str:
    """The id of the article it copies most, when at least `MOSTLY_COPIED` of its sentences are copied; else ""."""
    copied = article.spans_labelled("copied")
    return _source(copied, _own_share(article, copied))


def wire(article: Article) -> str:
    """The agency or outlet its first credit line names; "" without one."""
    return _wire(article.spans_labelled("credit"))


def is_wire_copy(article: Article) -> bool:
    """Whether the article is a wire copy: it has a `copied_from`, or a credit line for the whole text."""
    return bool(copy_record(article)["wire_copy"])


def copy_record(article: Article) -> dict[str, object]:
    """The article's ``original_share`` (0–1, to 4 places), ``copied_from``, ``wire`` and
    ``wire_copy``, as ``articles.csv`` and ``stories.json`` give them (its spans read once each)."""
    copied, credits = article.spans_labelled("copied"), article.spans_labelled("credit")
    share = _own_share(article, copied)
    source = _source(copied, share)
    whole = any(dict(s.attrs)["kind"] in WHOLE for s in credits)
    return {
        "original_share": round(share, 4),
        "copied_from": source,
        "wire": _wire(credits),
        "wire_copy": bool(source) or whole,
    }


def _own_share(article: Article, copied: list[Span]) -> float:
    # Copied sentences are marked in measured articles, which keep their ``sentences`` count when
    # their sentence spans are set aside (`stance.run.store`).
    sentences = article.features["sentences"] if copied else 0
    return 1.0 - len(copied) / sentences if sentences else 1.0


def _source(copied: list[Span], own_share: float) -> str:
    sources = Counter(dict(s.attrs)["from"] for s in copied)
    if not sources or own_share > 1.0 - MOSTLY_COPIED:
        return ""
    return min(sources, key=lambda source: (-sources[source], source))


def _wire(credits: list[Span]) -> str:
    return dict(credits[0].attrs)["name"] if credits else ""


def originals(articles: Iterable[Article], wire_copies: Collection[str] | None = None) -> list[Article]:
    """The articles that are not wire copies, in order: those not in ``wire_copies`` (ids), if
    given (a run finds them once), else by `is_wire_copy`."""
    if wire_copies is None:
        return [a for a in articles if not is_wire_copy(a)]
    return [a for a in articles if a.id not in wire_copies]


def own_text(article: Article, text_of: TextOf | None = None) -> str:
    """The article's text with its copied sentences blanked (line breaks, so no phrase spans the gap
    and every offset still points into the text); ``text_of`` reads the text where the article was
    kept without it (`stance.run.store.SpanStore.text`)."""
    text = text_of(article) if text_of else article.text
    copied = article.spans_labelled("copied")
    if not copied:
        return text
    parts, at = [], 0
    for s in copied:
        parts += [text[at : s.start], "\n" * (s.end - s.start)]
        at = s.end
    return "".join([*parts, text[at:]])


def _merged(spans: list[Span]) -> list[tuple[int, int]]:
    """The character ranges ``spans`` cover, as sorted ranges that do not overlap."""
    out: list[tuple[int, int]] = []
    for s in sorted(spans):
        if out and s.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], s.end))
        else:
            out.append((s.start, s.end))
    return out


def _trigrams(words: tuple[str, ...]) -> list[tuple[str, str, str]]:
    return list(zip(words, words[1:], words[2:]))


def _found_in(x: _Read, y: _Read) -> list[tuple[Span, bool]]:
    """X's sentences found in Y, each with its kind."""
    return [(s, kind) for s, words, grams, kind in x.sentences if y.found(words, grams)]


def _enough(found: list[tuple[Span, str]], x: _Read) -> bool:
    """Whether the sentences of X ``found`` in another article show that X's narration is in it."""
    long = sum(kind == LONG for _, kind in found)
    told = sum(kind in (LONG, SHORT) for _, kind in found)
    narration = sum(kind in (LONG, SHORT) for *_, kind in x.sentences)
    return long >= MIN_EVIDENCE or (told >= MIN_EVIDENCE and 2 * told >= narration)


def _which_copies(x: Article, y: Article) -> tuple[bool, bool]:
    """(X is a copy, Y is a copy) of two articles sharing text: the later; on one date (or undated),
    the credited; both when neither rule decides."""
    if x.date is not None and y.date is not None and x.date != y.date:
        return x.date > y.date, y.date > x.date
    x_credits, y_credits = bool(x.spans_labelled("credit")), bool(y.spans_labelled("credit"))
    if x_credits != y_credits:
        return x_credits, y_credits
    return True, True


def _copied(sources: dict[str, list[Span]]) -> tuple[Span, ...]:
    """A ``copied`` span on each sentence found in a source the article copies, ``from`` the source
    it copies most (then the first by id) among those that hold the sentence."""
    order = sorted(sources, key=lambda source: (-len(sources[source]), source))
    first: dict[tuple[int, int], str] = {}
    for source in reversed(order):  # the most-copied source written last, so it wins
        first.update({(s.start, s.end): source for s in sources[source]})
    attrs = {source: (("from", source),) for source in order}  # one per source: every article's copies are kept
    return tuple(Span(s, e, "copied", attrs[source]) for (s, e), source in sorted(first.items()))
