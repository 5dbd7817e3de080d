"""The objects every pipeline step passes along.

One `Article` holds the text; steps add `Span`s (character ranges on that text) and never edit
the text, so `article.text[span.start:span.end]` is always the evidence for a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple, Protocol


class Span(NamedTuple):
    """A character range ``text[start:end]`` (end exclusive) with a label such as ``hedge``.

    Spans order by (start, end, label, attrs). A named tuple rather than a dataclass: a large
    corpus has a quarter of a million spans, and tuples are built, sorted (compared in C) and
    unpickled several times faster.
    """

    start: int
    end: int
    label: str
    attrs: tuple[tuple[str, str], ...] = ()

    def to_json(self, text: str) -> dict:
        out = {"start": self.start, "end": self.end, "label": self.label, "text": text[self.start : self.end]}
        out.update(self.attrs)
        return out


@dataclass(frozen=True, slots=True)  # slots: a large corpus keeps a million of them in memory
class Article:
    """One news article as read from a corpus.

    ``id`` is ``path`` (relative to the corpus root), with ``#n`` for the n-th article of a
    multi-article file (JSON list, JSON lines, CSV row). Metadata may be None when unknown.
    """

    id: str
    text: str
    path: str = ""  # the file, relative to the corpus root; several articles may share it
    outlet: str = "unknown"
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    story_hint: str | None = None  # a story id supplied by the corpus itself (BASIL's triplet-uuid)
    spans: tuple[Span, ...] = ()
    features: Mapping[str, float] = field(default_factory=dict)

    def with_spans(self, spans: Iterable[Span]) -> Article:
        """A copy with ``spans`` added, all in `Span` order."""
        added = tuple(spans)
        return replace(self, spans=tuple(sorted((*self.spans, *added)))) if added else self

    def spans_labelled(self, label: str) -> list[Span]:
        return [s for s in self.spans if s.label == label]


# An article's text, where a run kept the article in memory without it (`stance.run.store`).
TextOf = Callable[[Article], str]


class TextStore(Protocol):
    """Where articles' texts wait outside memory (`stance.run.store.SpanStore`): ``keep_text``
    sets an article's text aside and gives the article without it; ``text`` reads it back."""

    def keep_text(self, article: Article) -> Article: ...

    def text(self, article: Article) -> str: ...


def reading_order(article: Article) -> tuple:
    """The order of a story's articles: dated ones first, by date, then by outlet and id."""
    return (article.date is None, article.date or dt.date.min, article.outlet, article.id)


@dataclass(frozen=True)
class Story:
    """Articles about one event, across outlets. ``id`` is file-safe: ``[a-z0-9-]+``."""

    id: str
    title: str
    articles: tuple[Article, ...]

    @property
    def outlets(self) -> list[str]:
        return sorted({a.outlet for a in self.articles})

    @property
    def dates(self) -> list[dt.date]:
        return sorted(a.date for a in self.articles if a.date is not None)


@dataclass(frozen=True, order=True)
class Problem:
    """An input that could not be used, or was used with a caveat. ``line`` is 1-based, or None."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, order=True)
class Finding:
    """One `stance check` rule tested on one article or outlet.

    ``status`` is ``ok``; ``error`` or ``warning`` (the rule is broken; its severity); or ``skipped``
    (a drift rule for an outlet the baseline lacks). ``subject`` is the article id or the outlet
    name; ``file`` is the article's file as reached from the PATH given, or the rules file for
    outlets. ``value`` and ``baseline`` are in the feature's unit; ``detail`` says what was compared.
    """

    rule: int  # 1-based position of the rule in its file
    name: str  # e.g. "hedge_rate <= 5.0 per article"
    scope: str  # "article" or "outlet"
    subject: str
    file: str
    feature: str
    value: float
    status: str
    detail: str
    message: str = ""
    baseline: float | None = None
