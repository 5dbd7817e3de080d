"""Measured articles' spans kept on disk between measuring and the per-story work.

An article carries about 180 spans (sentences, cues, sources, entities…), a dozen times the memory
of its text as Python objects. Only a story's own work reads them (its wire copies, its comparison,
its page), so once an article is measured its spans go to a temporary file and the article keeps
the few that the corpus-wide tables read (`KEPT`); `SpanStore.story` gives a story back whole, in
whichever process is working on it.

The file is this run's own, written and read by this process and the workers it forks, and deleted
when the store is closed; pickle is safe here because nothing else writes it.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import replace

from ..model import Article, Span, Story

# What the corpus-wide work reads of an article's spans: its sentences and credit lines (how much of
# it is its own, `stance.comparison.copies.copy_record`) and the copied sentences marked later.
KEPT = frozenset({"sentence", "credit", "copied"})


class SpanStore:
    """Spans of measured articles in a temporary file, by article id.

    Use as a context manager; `keep` an article once measured, `story` to have a story back whole.
    """

    def __init__(self, folder: str | os.PathLike | None = None):
        self._file = tempfile.TemporaryFile(prefix="stance-spans-", dir=folder)  # noqa: SIM115
        self._where: dict[str, tuple[int, int]] = {}  # article id -> (offset, bytes)
        self._end = 0

    def __enter__(self) -> SpanStore:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def keep(self, article: Article) -> Article:
        """Write the article's spans to the file; the article with only its `KEPT` spans."""
        stored = tuple(s for s in article.spans if s.label not in KEPT)
        data = pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)
        os.pwrite(self._file.fileno(), data, self._end)
        self._where[article.id] = (self._end, len(data))
        self._end += len(data)
        return replace(article, spans=tuple(s for s in article.spans if s.label in KEPT))

    def article(self, article: Article) -> Article:
        """``article`` with its stored spans back, among the ones it holds, in `Span` order."""
        where = self._where.get(article.id)
        if where is None:  # not stored: whole already
            return article
        offset, size = where
        stored: tuple[Span, ...] = pickle.loads(os.pread(self._file.fileno(), size, offset))
        return replace(article, spans=tuple(sorted(article.spans + stored)))

    def story(self, story: Story) -> Story:
        """``story`` with every article's spans back."""
        return replace(story, articles=tuple(self.article(a) for a in story.articles))
