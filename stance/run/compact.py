"""An article as kept in memory for the corpus-wide work, in a few hundred bytes.

A large corpus's articles stay in the main process from measuring to the end of the run, with their
metadata, feature values and the few spans the corpus-wide work reads (`stance.run.store.KEPT`).
As Python objects, a dict of 13 feature values takes about 730 bytes and a `Span` about 150: on the
synthetic corpora an article had 18 copied sentences marked, 2.7 KB of spans. `compact` keeps the
values in an array (8 bytes each) and the spans as offsets in an array (16 bytes a span) beside
each distinct label and attributes once; both read back as the same values and `Span`s.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import ClassVar

from ..model import Article, Span


class FeatureRow(Mapping[str, float]):
    """Feature values as a read-only mapping over an array of floats. Names, and which values are
    integers, are shared by every row of the same layout; integers read back as ``int``."""

    __slots__ = ("_layout", "_values")
    _layouts: ClassVar[dict[tuple, tuple[dict[str, int], tuple[bool, ...]]]] = {}

    def __init__(self, values: Mapping[str, float]):
        key = (tuple(values), tuple(isinstance(v, int) for v in values.values()))
        names, ints = key
        self._layout = self._layouts.setdefault(key, ({n: i for i, n in enumerate(names)}, ints))
        self._values = array("d", values.values())

    def __getitem__(self, name: str) -> float:
        position, ints = self._layout
        i = position[name]
        return int(self._values[i]) if ints[i] else self._values[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._layout[0])

    def __len__(self) -> int:
        return len(self._values)

    def __reduce__(self) -> tuple:
        return FeatureRow, (dict(self),)

    def __repr__(self) -> str:
        return f"FeatureRow({dict(self)!r})"


class PackedSpans(Sequence[Span]):
    """Spans in `Span` order as (start, end) offsets in one array and, per span, which of the few
    distinct (label, attributes) pairs is its own."""

    __slots__ = ("_kinds", "_offsets", "_which")

    def __init__(self, spans: Iterable[Span]):
        spans = sorted(spans)
        kinds: dict[tuple, int] = {}
        which = [kinds.setdefault((s.label, s.attrs), len(kinds)) for s in spans]
        self._which = bytes(which) if len(kinds) <= 256 else array("I", which)
        self._kinds = tuple(x for kind in kinds for x in kind)  # label, attrs, label, attrs…
        self._offsets = array("q", [x for s in spans for x in (s.start, s.end)])

    def __getitem__(self, i: int | slice) -> Span | tuple[Span, ...]:  # type: ignore[override]
        return tuple(self)[i]

    def __len__(self) -> int:
        return len(self._which)

    def __iter__(self) -> Iterator[Span]:
        kinds, offsets = self._kinds, self._offsets
        for i, which in enumerate(self._which):
            yield Span(offsets[2 * i], offsets[2 * i + 1], kinds[2 * which], kinds[2 * which + 1])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __reduce__(self) -> tuple:
        return PackedSpans, (tuple(self),)


def compact(article: Article) -> Article:
    """``article`` with its spans packed, its feature values in a `FeatureRow` and its outlet's name
    shared with its outlet's other articles (`sys.intern`)."""
    spans = PackedSpans(article.spans) if article.spans else ()
    return replace(article, spans=spans, features=FeatureRow(article.features), outlet=sys.intern(article.outlet))
