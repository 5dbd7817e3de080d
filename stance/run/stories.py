"""Per-story work on this machine's process pool, once stories are grouped: wire copies marked in
each story, and each story's facts framed when a check rule needs them. The stories reach the
workers once; only the results come back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..comparison.copies import copied_spans, with_copies
from ..comparison.framing import asserted_attributed_by, framed_story
from ..model import Span, Story
from ..tasks import Mapper, Progress, long_lived
from .compact import compact
from .store import SpanStore


def asserted_counts(stories: list[Story], mapper: Mapper, progress: Progress) -> dict[str, int]:
    """Article id -> `stance.comparison.framing.asserted_attributed_by` in its story, the facts of each
    story framed on the pool (the stories reach the workers once)."""
    with long_lived():
        found = progress(mapper(_asserted, stories, range(len(stories))), len(stories), "Aligning facts")
        return {article: n for counts in found for article, n in counts.items()}


def _asserted(stories: list[Story], n: int) -> dict[str, int]:
    return asserted_attributed_by(framed_story(stories[n]))


def mark_copies(
    stories: list[Story], mapper: Mapper, progress: Progress, store: SpanStore | None = None
) -> list[Story]:
    """`stance.comparison.copies.mark_copies` on every story: the stories reach the workers once,
    and only the copied spans come back. With a ``store`` holding the measured articles
    (`stance.run.store`), workers read the stories from it: each task carries its story as kept in
    memory, so that no worker reads (and so copies) the main process's objects; the articles marked
    are kept `compact` again."""
    several = [n for n, s in enumerate(stories) if len(s.outlets) > 1]
    with long_lived():
        done = mapper(_copied_in, store.story if store else None, [stories[n] for n in several])
        found = iter(progress(done, len(several), "Finding wire copies"))  # in story order
        marked = set(several)
        return [_with_copies(s, next(found), store is not None) if n in marked else s for n, s in enumerate(stories)]


def _with_copies(story: Story, copied: dict[str, tuple[Span, ...]], kept: bool) -> Story:
    marked = with_copies(story, copied)
    if not (copied and kept):
        return marked
    return replace(marked, articles=tuple(compact(a) if a.id in copied else a for a in marked.articles))


def _copied_in(load: Callable[[Story], Story] | None, story: Story) -> dict:
    return copied_spans(load(story) if load else story)
