"""Measured articles kept on disk between measuring and the per-story work.

An article carries about 180 spans (sentences, cues, sources, entities…), a dozen times the memory
of its text as Python objects. Only a story's own work reads them (its wire copies, its comparison,
its page), so once an article is measured it goes whole to a temporary file, and the article kept
in memory has only the few spans the corpus-wide tables read (`KEPT`), and no text: the few
corpus-wide steps that read texts (TF-IDF for grouping, the corpus's and each outlet's word counts)
read them back one at a time with `SpanStore.text` (a million articles' texts are 7 GB as Python
strings; the corpus-wide steps need one at a time). `SpanStore.story` gives a
story back whole, in whichever process is working on it, from the file: a pool worker reads its
stories' articles there rather than through the main process's objects, whose memory pages it would
copy by touching them (a forked process shares its parent's pages until it writes to one, and
reading a Python object writes its reference count).

The file is this run's own, written and read by this process and the workers it forks, and deleted
when the store is closed; pickle is safe here because nothing else writes it.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import replace

from ..model import Article, Span, Story

# What the corpus-wide work reads of an article's spans: its credit lines and the copied sentences
# marked later (how much of it is its own, `stance.comparison.copies.copy_record`, which counts its
# sentences by its ``sentences`` feature).
KEPT = frozenset({"credit", "copied"})


class StoreError(Exception):
    """The temporary file cannot be created or written; the message says where and what to do."""


class SpanStore:
    """Spans of measured articles in a temporary file, by article id.

    Use as a context manager; `keep` an article once measured, `story` to have a story back whole.
    """

    def __init__(self, folder: str | os.PathLike | None = None):
        self._folder = folder or tempfile.gettempdir()
        try:
            self._file = tempfile.TemporaryFile(prefix="stance-articles-", dir=folder)  # noqa: SIM115
        except OSError as exc:
            raise self._error(exc) from None
        self._where: dict[str, tuple[int, int, int]] = {}  # article id -> (offset, text bytes, pickle bytes)
        self._copied: dict[str, tuple[Span, ...]] = {}  # article id -> its copied sentences (`mark`)
        self._end = 0

    def __enter__(self) -> SpanStore:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def keep(self, article: Article) -> Article:
        """Write the measured article to the file; the article with only its `KEPT` spans and an
        empty text (`text` reads it back)."""
        text = article.text.encode("utf-8", "surrogatepass")  # a text may hold lone surrogates
        data = pickle.dumps(replace(article, text=""), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            os.pwrite(self._file.fileno(), text + data, self._end)
        except OSError as exc:  # a full disk, most likely
            raise self._error(exc) from None
        self._where[article.id] = (self._end, len(text), len(data))
        self._end += len(text) + len(data)
        return replace(article, text="", spans=tuple(s for s in article.spans if s.label in KEPT))

    def _error(self, exc: OSError) -> StoreError:
        return StoreError(
            f"{self._folder}: cannot keep the measured articles in a temporary file there "
            f"({exc.strerror or exc}); set TMPDIR to a folder with room (about 10 KB an article)"
        )

    def mark(self, copied: dict[str, tuple[Span, ...]]) -> None:
        """Note the copied sentences found in articles (article id -> ``copied`` spans,
        `stance.comparison.copies.copied_spans`), which `article` adds to what it reads."""
        self._copied.update(copied)

    def article(self, article: Article) -> Article:
        """``article`` whole, as measured, with the copied sentences `mark` noted (read by id: the
        article given is not otherwise touched)."""
        where = self._where.get(article.id)
        if where is None:  # not stored: whole already
            return article
        offset, text, pickled = where
        data = memoryview(os.pread(self._file.fileno(), text + pickled, offset))
        whole: Article = pickle.loads(data[text:])
        whole = replace(whole, text=str(data[:text], "utf-8", "surrogatepass"))
        return whole.with_spans(self._copied.get(article.id, ()))

    def text(self, article: Article) -> str:
        """The article's text: read back from the file if it was kept there, else its own."""
        where = self._where.get(article.id)
        if where is None:
            return article.text
        offset, text, _ = where
        return str(os.pread(self._file.fileno(), text, offset), "utf-8", "surrogatepass")

    def story(self, story: Story) -> Story:
        """``story`` with every article's spans back."""
        return replace(story, articles=tuple(self.article(a) for a in story.articles))
