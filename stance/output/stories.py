"""Everything written for one story, laid out as soon as the story is compared: its page, its sentence
anchors (the outlet pages link to them) and what it adds to the data files. A large corpus's
stories are laid out one at a time and let go (`stance.run.stream`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..comparison import StoryComparison
from ..model import Story
from .data import CsvData
from .links import Anchors
from .pages import Templates, story_page
from .parquet import ParquetData

DATA = {"csv": CsvData, "parquet": ParquetData}  # data format -> what gathers its files


@dataclass(frozen=True)
class Layout:
    """How a run lays out its files: the user's templates (`stance.output.pages.read_templates`),
    each outlet's page name (`stance.output.links.outlet_slugs`) and the data format, ``csv`` or
    ``parquet``."""

    templates: Templates
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
    data : object
        What it adds to the data files: ``part`` of the data format's gatherer (`DATA`).
    """

    story_id: str
    page: str
    anchors: Anchors
    data: Any


def story_files(story: Story, compared: StoryComparison, layout: Layout) -> StoryFiles:
    """Lay out one story and its comparison."""
    anchors = Anchors.of(story)
    page = story_page(story, compared, anchors, layout.slugs, layout.templates)
    return StoryFiles(story.id, page, anchors, DATA[layout.data_format].part(story, compared))
