from __future__ import annotations

import re

from ..model import Article, Span
from ..text.credits import credits
from .base import Measures

_NOT_NAME = re.compile(r"[\W_]+")


def credit(article: Article) -> Measures:
    """Credit lines: whose text the article says it carries (`stance.text.credits`): an agency
    ("WASHINGTON (AP) —", "Reuters contributed to this report") or another outlet ("This article
    originally appeared in …"). A credit to the article's own outlet ("(CNN) —" in CNN) is not one.

    Parameters and return as every feature (`stance.features`): reads ``text`` and ``outlet``;
    returns no column, and each credit as a ``credit`` span with ``name`` (the agency or outlet) and
    ``kind`` (its shape: dateline, byline, signature, copyright, republished, contribution). The
    articles table's ``wire`` is the first one's name (`stance.comparison.copies`).
    """
    own = _squashed(article.outlet)
    spans = [
        Span(c.start, c.end, "credit", (("kind", c.kind), ("name", c.name)))
        for c in credits(article.text)
        if not _same(_squashed(c.name), own)
    ]
    return Measures({}, spans)


def _squashed(name: str) -> str:
    """A name compared loosely: casefolded, without "the" in front, without spaces and punctuation."""
    folded = name.casefold()
    return _NOT_NAME.sub("", folded[4:] if folded.startswith("the ") else folded)


def _same(a: str, b: str) -> bool:
    """Whether two squashed names are one ("cnn" and "cnncom", "harbourherald" and "harbourherald")."""
    return bool(a and b) and (a.startswith(b) or b.startswith(a))
