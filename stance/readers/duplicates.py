"""Duplicates out of a corpus: the same article saved twice (a re-crawl, a page saved under two names,
the same story in two exports) is read once, and each later copy is reported."""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import urlsplit

from ..model import Article, Problem, TextOf
from .publishers import host


def drop_duplicates(articles: list[Article], problems: list[Problem], text_of: TextOf | None = None) -> list[Article]:
    """Keep the first of articles with the same text or URL; report each later one as a duplicate.

    Texts are compared after Unicode NFKC normalisation, case folding and collapsing whitespace; URLs
    without scheme, ``www.``, fragment and trailing slash.

    Parameters
    ----------
    articles : list of Article
        In order: of duplicates, the first is kept.
    problems : list of Problem
        Appended to: a problem per duplicate.
    text_of : callable, optional
        Reads an article's text where it was set aside (`stance.model.TextStore`).
    """
    seen: dict[tuple[str, str | bytes], Article] = {}
    kept = []
    for article in articles:
        # The text's digest, not the text: the keys of every article are held at once.
        text = " ".join(unicodedata.normalize("NFKC", text_of(article) if text_of else article.text).casefold().split())
        keys: list[tuple[str, str | bytes]] = [
            ("text", hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        ]
        if (url := _url_key(article.url)) is not None:
            keys.append(("URL", url))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            same = " and ".join(what for what, value in keys if seen.get((what, value)) is first)
            problems.append(Problem(article.id, f"duplicate of {first.id} (same {same}); counted once"))
            continue
        seen.update((k, article) for k in keys)
        kept.append(article)
    return kept


def _url_key(url: str | None) -> str | None:
    """The URL without what does not change the page (scheme, ``www.``, fragment, trailing slash),
    or None if it names no host."""
    name = host(url)
    if name is None:
        return None
    parts = urlsplit(url if "//" in url else "//" + url)
    return name + parts.path.rstrip("/") + ("?" + parts.query if parts.query else "")
