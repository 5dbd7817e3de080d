"""Output: lays out a `stance.comparison.Comparison` as static HTML pages (Jinja2 templates, with the
evidence highlighted) and data files (CSV tables, ``stories.json``), and writes them into the output
folder all at once. Nothing here measures or compares."""

from __future__ import annotations

import os
from itertools import chain
from pathlib import Path

from ..comparison import Comparison
from ..tasks import Mapper, Progress, quiet, serial_map
from .data import csv_text, data_files
from .filters import highlight
from .pages import render_pages
from .write import MARKER, OutputError, write_outputs


def write_comparison(
    comparison: Comparison,
    out_dir: str | os.PathLike,
    *,
    template_dir: str | os.PathLike | None = None,
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
) -> Path:
    """Write the pages and data files of ``comparison`` to ``out_dir``, replacing an earlier stance output there.

    Parameters
    ----------
    comparison : Comparison
        What to write (`stance.comparison.compare_stories`).
    out_dir : str or path-like
        The output folder.
    template_dir : str or path-like, optional
        A folder of templates used before the built-in ones (see `stance.output.pages`).
    mapper : Mapper, default `stance.tasks.serial_map`
        Lays out pages and files (the same bytes on any).
    progress : Progress, default `stance.tasks.quiet`
        Wraps the iteration over the pages as they are laid out.

    Returns and raises as `stance.run.pipeline.Result.write`, which calls it: returns ``out_dir`` (a
    `Path`); raises `OutputError` if ``out_dir`` cannot be written or holds something else, and
    ``jinja2.TemplateError`` for a broken template.
    """
    pages = render_pages(comparison, template_dir=template_dir, mapper=mapper, progress=progress)
    write_outputs(Path(out_dir), chain(pages, data_files(comparison, mapper=mapper)))
    return Path(out_dir)


__all__ = [
    "MARKER",
    "OutputError",
    "csv_text",
    "data_files",
    "highlight",
    "render_pages",
    "write_comparison",
    "write_outputs",
]
