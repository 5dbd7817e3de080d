"""Per-story work once stories are grouped: wire copies marked in each story, and each story's facts
framed when a check rule needs them; and how such a stage's tasks get their stories whole
(`carried`). Only the results come back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from ..comparison.copies import copied_spans, with_copies
from ..comparison.framing import asserted_attributed_by, framed_story
from ..model import Span, Story
from ..tasks import Mapper, Progress, long_lived, on_this_machine
from .compact import compact
from .store import SpanStore

Load = Callable[[Story], Story]  # a story as kept in memory -> the story whole


def carried(stories: Sequence[Story], mapper: Mapper, store: SpanStore | None) -> tuple[Load | None, Iterable[Story]]:
    """How a per-story stage's tasks get their stories whole: ``(load, items)``; a task's story is
    ``load(item)``, or the item itself if ``load`` is None.

    Without a ``store`` the stories are whole already. On this machine's processes a task carries
    its story as kept in memory and the worker reads the rest from ``store``: a worker reading the
    main process's objects would copy their memory. A cluster's workers cannot read this machine's
    file, so there each task carries its story whole, read here as the task is sent (only the
    stories of the tasks in flight are whole at once).
    """
    if store is None:
        return None, stories
    if on_this_machine(mapper):
        return store.story, stories
    return None, map(store.story, stories)


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
    """`stance.comparison.copies.mark_copies` on every story of several outlets, a task each, and
    only the copied spans come back. With a ``store`` holding the measured articles
    (`stance.run.store`), tasks get their stories whole as `carried` says, and the articles marked
    are kept `compact` again."""
    several = [n for n, s in enumerate(stories) if len(s.outlets) > 1]
    with long_lived():
        load, items = carried([stories[n] for n in several], mapper, store)
        done = mapper(_copied_in, load, items)
        found = iter(progress(done, len(several), "Finding wire copies"))  # in story order
        marked = set(several)
        return [_with_copies(s, next(found), store is not None) if n in marked else s for n, s in enumerate(stories)]


def _with_copies(story: Story, copied: dict[str, tuple[Span, ...]], kept: bool) -> Story:
    marked = with_copies(story, copied)
    if not (copied and kept):
        return marked
    return replace(marked, articles=tuple(compact(a) if a.id in copied else a for a in marked.articles))


def _copied_in(load: Load | None, story: Story) -> dict:
    return copied_spans(load(story) if load else story)
