"""Everything written for one story, laid out as soon as the story is compared: its page, its sentence
anchors (the outlet pages link to them), its part of the evidence data and its rows of the per-story
tables. A large corpus's stories are laid out one at a time and let go (`stance.run.stream`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..comparison import StoryComparison
from ..comparison.tables import fact_rows, quote_rows
from ..model import Story
from .data import story_json
from .links import Anchors
from .pages import story_page
from .parquet import span_columns


@dataclass(frozen=True)
class Layout:
    """How a run lays out its files: the user's template folder (or None), each outlet's page name
    (`stance.output.links.outlet_slugs`) and the data format, ``csv`` or ``parquet``."""

    template_dir: str | Path | None
    slugs: dict[str, str]
    data_format: str


@dataclass(frozen=True)
class StoryFiles:
    """One story laid out.

    Attributes
    ----------
    story_id : str
        The story.
    page : str
        Its page (``stories/<story_id>.html``).
    anchors : Anchors
        The ids of the sentences on its page.
    evidence : str or dict of str to list
        Its entry of ``stories.json`` (``csv``), or its rows of ``spans.parquet`` as columns (``parquet``).
    quotes, facts, entities : list
        Its rows of ``quotes``, ``facts`` and ``entities``, each story's in the order its table sorts them.
    """

    story_id: str
    page: str
    anchors: Anchors
    evidence: str | dict[str, list]
    quotes: list[dict]
    facts: list[tuple]
    entities: list[dict]


def story_files(story: Story, compared: StoryComparison, layout: Layout) -> StoryFiles:
    """Lay out one story and its comparison."""
    anchors = Anchors.of(story)
    return StoryFiles(
        story.id,
        story_page(story, compared, anchors, layout.slugs, layout.template_dir),
        anchors,
        story_json(story) if layout.data_format == "csv" else span_columns(story),
        sorted(quote_rows(story), key=lambda row: (row["id"], row["start"])),
        fact_rows(story, compared.contrast),
        sorted(compared.actors, key=lambda row: (row["entity"], row["outlet"])),
    )
