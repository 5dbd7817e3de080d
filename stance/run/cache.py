"""Per-article results kept between runs, so a corpus that changed a little is measured a little.

The per-article step (segment + features) is pure, so its result depends only on the article and
on the code that measured it. Results are stored in SQLite (``articles.sqlite`` in the cache
folder) under a SHA-256 key of the article's text and metadata together with a digest of the
code: stance's version, every file of the stance package (code and lexicons) and the installed
versions of the packages stance depends on. Any change to either gives new keys, so a stale result
is never used; results of other code versions are deleted when the cache is opened.

Results are stored as JSON (spans and feature values), never pickled, so a cache folder from an
untrusted source cannot run code. The folder is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model import Article, Span, TextOf

DEFAULT_CACHE_DIR = Path(".stance-cache")
DB_NAME = "articles.sqlite"
SCHEMA = "results v1"  # part of the code digest: a new layout starts a fresh cache
BATCH = 500  # keys per SELECT, below SQLite's limit on bound parameters
_PACKAGE = Path(__file__).resolve().parent.parent  # the stance package
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class CacheError(Exception):
    """The cache folder cannot be used; the message names it and says what to do."""


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 (hex) of everything besides the article that a per-article result depends on."""
    h = hashlib.sha256(SCHEMA.encode())
    for name in ["stance", *sorted(_dependencies())]:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"\0{name}=={version}".encode())
    # Page templates are left out: no per-article result depends on them, and an installed stance
    # holds them in the package while a source checkout keeps them beside it, so the same code
    # would otherwise have two digests (a Dask cluster started from a checkout would refuse it).
    code = (
        p
        for p in _PACKAGE.rglob("*")
        if p.is_file() and not {"__pycache__", "templates"} & set(p.relative_to(_PACKAGE).parts)
    )
    for file in sorted(code):
        h.update(f"\0{file.relative_to(_PACKAGE).as_posix()}\0".encode())
        h.update(file.read_bytes())
    return h.hexdigest()


def _dependencies() -> set[str]:
    try:
        requires = metadata.requires("stance") or []
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return set()
    return {m.group() for r in requires if "extra ==" not in r and (m := _NAME.match(r))}


@dataclass
class ArticleCache:
    """An open cache of annotated articles. ``hits`` counts the articles found since opening."""

    folder: Path
    connection: sqlite3.Connection
    code: str
    hits: int = 0

    def key(self, article: Article, text_of: TextOf | None = None) -> str:
        """SHA-256 (hex) of the code digest and every field of the article as read (its text read
        with ``text_of`` where it was read without it)."""
        whole = asdict(article) | ({"text": text_of(article)} if text_of else {})
        fields = json.dumps(whole, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.code}\0{fields}".encode()).hexdigest()

    def lookup(self, articles: Sequence[Article], text_of: TextOf | None = None) -> list[Article | None]:
        """Each article with its stored result applied, or None where there is none (``text_of``:
        as for `key`)."""
        keys = [self.key(a, text_of) for a in articles]
        stored: dict[str, str] = {}
        for i in range(0, len(keys), BATCH):
            batch = keys[i : i + BATCH]
            query = f"SELECT key, result FROM results WHERE key IN ({','.join('?' * len(batch))})"
            stored.update(self._run(query, batch).fetchall())
        try:
            found = [_restore(a, stored[k]) if k in stored else None for a, k in zip(articles, keys)]
        except (ValueError, KeyError, TypeError) as exc:  # a damaged row: not written by this code
            raise _unusable(self.folder, exc) from None
        self.hits += sum(f is not None for f in found)
        return found

    def store(
        self, inputs: Sequence[Article], results: Sequence[Article], text_of: TextOf | None = None
    ) -> list[Article]:
        """Keep each result under its input's key (``text_of``: as for `key`); returns ``results``."""
        rows = [(self.key(a, text_of), self.code, _dump(r)) for a, r in zip(inputs, results)]
        self._run("INSERT OR REPLACE INTO results (key, code, result) VALUES (?, ?, ?)", rows, many=True)
        self.connection.commit()
        return list(results)

    def _run(self, sql: str, params, *, many: bool = False) -> sqlite3.Cursor:
        try:
            return self.connection.executemany(sql, params) if many else self.connection.execute(sql, params)
        except sqlite3.Error as exc:
            raise _unusable(self.folder, exc) from None


@contextmanager
def open_cache(folder: str | Path | None, *, code: str | None = None) -> Iterator[ArticleCache | None]:
    """Open (creating if needed) the cache in ``folder``; yields None when ``folder`` is None.

    ``code`` defaults to `code_digest`; results stored under any other code are deleted.
    Raises CacheError if the folder cannot be created or does not hold a usable cache.
    """
    if folder is None:
        yield None
        return
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in _MARKERS.items():
            if not (folder / name).exists():
                (folder / name).write_text(text, encoding="utf-8")
        connection = sqlite3.connect(folder / DB_NAME, timeout=60)
    except (OSError, sqlite3.Error) as exc:
        raise _unusable(folder, exc) from None
    cache = ArticleCache(folder, connection, code or code_digest())
    try:
        cache._run(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, code TEXT NOT NULL, result TEXT NOT NULL)", ()
        )
        cache._run("DELETE FROM results WHERE code != ?", (cache.code,))
        connection.commit()
        yield cache
    finally:
        connection.close()


# Written once into a new cache folder: keeps it out of git and out of backups (bford.info/cachedir).
_MARKERS = {
    ".gitignore": "# Created by stance automatically.\n*\n",
    "CACHEDIR.TAG": (
        "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache created by stance; safe to delete.\n"
    ),
}


def _unusable(folder: Path, exc: Exception) -> CacheError:
    return CacheError(
        f"{folder / DB_NAME}: cannot use the cache ({exc}); delete the folder {folder} or pass another --cache-dir"
    )


def _dump(article: Article) -> str:
    """The part of an annotated article the per-article step adds: spans and feature values."""
    spans = [s._asdict() for s in article.spans]
    return json.dumps({"spans": spans, "features": dict(article.features)}, ensure_ascii=False)


def _restore(article: Article, result: str) -> Article:
    data = json.loads(result)
    spans = tuple(Span(**{**s, "attrs": tuple(tuple(pair) for pair in s["attrs"])}) for s in data["spans"])
    return replace(article, spans=spans, features=data["features"])
