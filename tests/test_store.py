"""The measured articles set aside on disk (`stance.run.store`) come back as they were measured."""

from __future__ import annotations

import pickle
import re
from dataclasses import replace

import pytest
from conftest import DATA, SEEDS

from stance.model import Span
from stance.readers import read_corpus
from stance.run.compact import FeatureRow, PackedSpans, compact
from stance.run.pipeline import analyze
from stance.run.pool import LARGEST_MESSAGE, MESSAGES_AHEAD, local_mapper
from stance.run.store import KEPT, SpanStore, StoreError

WIRE = DATA / "wire"  # five saved pages of one event: reports and wire copies of them


def test_a_story_read_back_is_the_story_held_in_memory():
    """The same corpus analysed with its articles held and with them set aside: every story read
    back from the file has the same articles, spans (copied sentences included) and features."""
    for corpus, jobs in ((SEEDS, 1), (SEEDS, 2), (WIRE, 2)):
        held = analyze([corpus], jobs=1).stories
        with SpanStore() as spans:
            light = analyze([corpus], jobs=jobs, spans=spans).stories
            assert [s.id for s in light] == [s.id for s in held]
            for kept, whole in zip(light, held):
                assert {sp.label for a in kept.articles for sp in a.spans} <= KEPT
                assert all(a.text == "" for a in kept.articles)  # the texts wait on disk too
                assert [spans.text(a) for a in kept.articles] == [a.text for a in whole.articles]
                assert spans.story(kept) == whole
            copied = [sp for s in held for a in s.articles for sp in a.spans if sp.label == "copied"]
            if corpus == WIRE:
                assert len(copied) >= 5  # copies were found, so the equality above covers carrying them back


def test_reading_into_the_file_reads_the_same_articles(tmp_path):
    """Texts set aside as they are read: the same articles and problems, with the outlets' template
    lines gone (`furniture`) and duplicates dropped by the texts read back."""
    twice = tmp_path / "twice"
    twice.mkdir()
    for name, text in (("a.txt", "The levee held overnight."), ("b.txt", "THE LEVEE  held overnight.")):
        (twice / name).write_text(text, encoding="utf-8")
    for corpus in (DATA / "furniture", DATA / "formats", DATA / "xss", twice, SEEDS):
        held, held_problems = read_corpus([corpus])
        with SpanStore() as texts:
            light, problems = read_corpus([corpus], texts=texts)
            assert problems == held_problems
            assert all(a.text == "" for a in light)
            assert [replace(a, text=texts.text(a)) for a in light] == held
    assert [p.message for p in read_corpus([twice])[1]] == ["duplicate of a.txt (same text); counted once"]


def test_what_the_workers_read_is_what_the_main_process_wrote(tmp_path):
    """Workers forked by the pool read the file the main process writes (by offsets, not by a
    shared position in it)."""
    with SpanStore(tmp_path) as spans:
        stories = analyze([SEEDS], jobs=1, spans=spans).stories
        read = list(local_mapper(2)(_spans_of, (stories, spans), range(len(stories))))
    assert read == [[len(a.spans) for a in s.articles] for s in analyze([SEEDS], jobs=1).stories]
    light = [[len(a.spans) for a in s.articles] for s in stories]
    assert all(n > kept for got, held in zip(read, light) for n, kept in zip(got, held))  # more than kept


def _spans_of(shared, n):
    stories, spans = shared
    return [len(a.spans) for a in spans.story(stories[n]).articles]


def test_a_text_comes_back_exactly_even_with_characters_utf_8_cannot_encode():
    from stance.model import Article, Span

    text = (
        "Caf\u00e9 \u201cquoted\u201d \ud83d\ude00 and a lone \udc80 surrogate."  # as surrogateescape reads a bad byte
    )
    article = Article(id="a", text=text, spans=(Span(0, 4, "sentence"), Span(5, 13, "credit")))
    with SpanStore() as spans:
        kept = spans.keep(article)
        assert kept.text == "" and kept.spans == (Span(5, 13, "credit"),)
        assert spans.text(kept) == text
        assert spans.article(kept) == article
        read = spans.keep_text(Article(id="b", text=text))  # as read, not measured
        assert read.text == "" and spans.article(read) == Article(id="b", text=text)


def test_a_folder_that_cannot_hold_the_file_is_named_in_the_error(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(StoreError, match=f"{re.escape(str(missing))}: cannot keep the measured articles"):
        SpanStore(missing)


def test_the_pool_takes_items_as_it_sends_them():
    """Items that know their number are taken a few messages ahead of the results handed back,
    not all at once: measuring a corpus reads each chunk's texts back only when the chunk is sent."""
    items = _Counted(1_000)
    results = local_mapper(2)(_square, None, items)
    assert next(iter(results)) == 0
    ahead = MESSAGES_AHEAD * 2 * LARGEST_MESSAGE  # messages out per process, tasks per message
    assert LARGEST_MESSAGE <= items.taken <= ahead + LARGEST_MESSAGE
    assert list(results) == [n * n for n in range(1, 1_000)] and items.taken == 1_000


class _Counted:
    def __init__(self, n: int):
        self.n, self.taken = n, 0

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        for item in range(self.n):
            self.taken += 1
            yield item


def _square(_, n: int) -> int:
    return n * n


def test_a_compact_article_reads_back_as_measured():
    """`compact` keeps feature values and spans in arrays; they read back (and pickle) as the same
    values, integers as integers, and the same spans in order."""
    for story in analyze([WIRE], jobs=1).stories:
        for article in story.articles:
            kept = compact(article)
            assert isinstance(kept.features, FeatureRow) and isinstance(kept.spans, PackedSpans)
            assert dict(kept.features) == dict(article.features)
            assert [type(v) for v in kept.features.values()] == [type(v) for v in article.features.values()]
            assert tuple(kept.spans) == article.spans and len(kept.spans) == len(article.spans)
            assert kept.spans_labelled("copied") == article.spans_labelled("copied")
            assert pickle.loads(pickle.dumps(kept)) == kept == article
            extra = Span(0, 1, "copied", (("from", "x"),))
            assert kept.with_spans([extra]).spans == article.with_spans([extra]).spans
