"""Per-story work on this machine's process pool, once stories are grouped: wire copies marked in
each story, and each story's facts framed when a check rule needs them. The stories reach the
workers once; only the results come back."""

from __future__ import annotations

from ..comparison.copies import copied_spans, with_copies
from ..comparison.framing import framed_story
from ..model import Story
from ..tasks import Mapper, Progress, long_lived


def framings(stories: list[Story], mapper: Mapper, progress: Progress) -> list[tuple]:
    """Each story's `stance.comparison.framing.framed_story`, on the pool (the stories reach the
    workers once)."""
    with long_lived():
        found = progress(mapper(_framed, stories, range(len(stories))), len(stories), "Aligning facts")
        return list(found)


def _framed(stories: list[Story], n: int) -> tuple:
    return framed_story(stories[n])


def mark_copies(stories: list[Story], mapper: Mapper, progress: Progress) -> list[Story]:
    """`stance.comparison.copies.mark_copies` on every story: the stories reach the workers once,
    and only the copied spans come back."""
    several = [n for n, s in enumerate(stories) if len(s.outlets) > 1]
    with long_lived():
        found = list(progress(mapper(_copied_in, stories, several), len(several), "Finding wire copies"))
        marked = dict(zip(several, found))
        return [with_copies(s, marked[n]) if marked.get(n) else s for n, s in enumerate(stories)]


def _copied_in(stories: list[Story], n: int) -> dict:
    return copied_spans(stories[n])
