"""Articles kept on disk from reading to the per-story work.

Reading writes each article's text to a temporary file as it is read (`SpanStore.keep_text`), so
no corpus-sized set of texts is held: the article kept in memory has its metadata and no text.
Measuring reads each chunk's texts back as it sends the chunk out (a million articles' texts are
7 GB as Python strings; measuring needs a chunk at a time).

An article carries about 180 spans (sentences, cues, sources, entities…), a dozen times the memory
of its text as Python objects. Only a story's own work reads them (its wire copies, its comparison,
its page), so once an article is measured it goes whole to a temporary file, and the article kept
in memory has only the few spans the corpus-wide tables read (`KEPT`), and still no text: the
few corpus-wide steps that read texts (TF-IDF for grouping, the corpus's and each outlet's word
counts) read them back one at a time with `SpanStore.text`. `SpanStore.story` gives a
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
from array import array
from dataclasses import replace

from ..model import Article, Story
from .compact import compact

# What the corpus-wide work reads of an article's spans: its credit lines and the copied sentences
# marked later (how much of it is its own, `stance.comparison.copies.copy_record`, which counts its
# sentences by its ``sentences`` feature).
KEPT = frozenset({"credit", "copied"})


def measured_bytes(article: Article) -> bytes:
    """What the file holds of a measured article: the article without its text, pickled. A pool
    worker that measured it makes them (`stance.run.measure`), so that this process need not
    rebuild and pickle its ~180 spans."""
    return pickle.dumps(replace(article, text=""), protocol=pickle.HIGHEST_PROTOCOL)


class StoreError(Exception):
    """The temporary file cannot be created or written; the message says where and what to do."""


class SpanStore:
    """Spans of measured articles in a temporary file, by article id.

    Use as a context manager; `keep_text` an article as read, `keep` it once measured, `story` to
    have a story back whole. An article's text, once kept, is its text for good: `keep` writes an
    article's text only if it has none kept yet.
    """

    def __init__(self, folder: str | os.PathLike | None = None):
        self._folder = folder or tempfile.gettempdir()
        try:
            self._file = tempfile.TemporaryFile(prefix="stance-articles-", dir=folder)  # noqa: SIM115
        except OSError as exc:
            raise self._error(exc) from None
        # Article id -> its row of `_spots`: where its text and its pickled measured self are in the
        # file (offset, bytes, offset, bytes; pickle bytes 0 until measured). A flat array of
        # integers, not a tuple per article: 8 bytes a number rather than 36.
        self._row: dict[str, int] = {}
        self._spots = array("q")
        self._end = 0

    def __enter__(self) -> SpanStore:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def keep_text(self, article: Article) -> Article:
        """Write the article's text to the file (anew, if it had one kept); the article with an
        empty text (`text` reads it back)."""
        row = self._row.get(article.id)
        if row is None:
            row = self._row[article.id] = len(self._spots) // 4
            self._spots.extend((0, 0, 0, 0))
        self._spots[4 * row : 4 * row + 2] = self._write(article.text.encode("utf-8", "surrogatepass"))
        return replace(article, text="")

    def keep(self, article: Article, measured: bytes | None = None) -> Article:
        """Write the measured article to the file (``measured``: its `measured_bytes`, where they
        were made elsewhere; ``article`` then needs only its `KEPT` spans); the article with only
        its `KEPT` spans and an empty text (`text` reads it back)."""
        if article.id not in self._row:
            self.keep_text(article)
        row = self._row[article.id]
        self._spots[4 * row + 2 : 4 * row + 4] = self._write(measured or measured_bytes(article))
        return compact(replace(article, text="", spans=tuple(s for s in article.spans if s.label in KEPT)))

    def _write(self, data: bytes) -> array:
        """Append ``data`` to the file; where it is (offset, bytes)."""
        try:
            os.pwrite(self._file.fileno(), data, self._end)
        except OSError as exc:  # a full disk, most likely
            raise self._error(exc) from None
        self._end += len(data)
        return array("q", (self._end - len(data), len(data)))

    def _error(self, exc: OSError) -> StoreError:
        return StoreError(
            f"{self._folder}: cannot keep the measured articles in a temporary file there "
            f"({exc.strerror or exc}); set TMPDIR to a folder with room (about 10 KB an article)"
        )

    def article(self, article: Article) -> Article:
        """``article`` (as `keep` gave it) whole: as measured, with the ``copied`` spans marked on it
        since (`stance.comparison.copies`)."""
        row = self._row.get(article.id)
        if row is None:  # not kept here: whole already
            return article
        _, _, offset, size = self._spots[4 * row : 4 * row + 4]
        if not size:  # read, not measured
            return replace(article, text=self.text(article))
        whole: Article = pickle.loads(os.pread(self._file.fileno(), size, offset))
        return replace(whole, text=self.text(article)).with_spans(article.spans_labelled("copied"))

    def text(self, article: Article) -> str:
        """The article's text: read back from the file if it was kept there, else its own."""
        row = self._row.get(article.id)
        if row is None:
            return article.text
        offset, size = self._spots[4 * row : 4 * row + 2]
        return str(os.pread(self._file.fileno(), size, offset), "utf-8", "surrogatepass")

    def story(self, story: Story) -> Story:
        """``story`` with every article's spans back."""
        return replace(story, articles=tuple(self.article(a) for a in story.articles))
