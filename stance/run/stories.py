"""Per-story work on this machine's process pool, once stories are grouped: wire copies marked in
each story, and each story's facts framed when a check rule needs them. The stories reach the
workers once; only the results come back."""

from __future__ import annotations

from collections.abc import Callable

from ..comparison.copies import copied_spans, with_copies
from ..comparison.framing import asserted_attributed_by, framed_story
from ..model import Story
from ..tasks import Mapper, Progress, long_lived
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
    memory, so that no worker reads (and so copies) the main process's objects."""
    several = [n for n, s in enumerate(stories) if len(s.outlets) > 1]
    with long_lived():
        done = mapper(_copied_in, store.story if store else None, [stories[n] for n in several])
        marked = dict(zip(several, progress(done, len(several), "Finding wire copies")))
        return [with_copies(s, marked[n]) if marked.get(n) else s for n, s in enumerate(stories)]


def _copied_in(load: Callable[[Story], Story] | None, story: Story) -> dict:
    return copied_spans(load(story) if load else story)
