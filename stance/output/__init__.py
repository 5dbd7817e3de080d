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
from .parquet import parquet_files
from .write import MARKERS, OutputError, write_outputs

DATA_FORMATS = ("auto", "csv", "parquet")
# From this many articles, "auto" writes Parquet: stories.json would be about 300 MB (30 KB of
# evidence per article), more than json.load or a text editor handles comfortably.
PARQUET_FROM_ARTICLES = 10_000


def write_comparison(
    comparison: Comparison,
    out_dir: str | os.PathLike,
    *,
    template_dir: str | os.PathLike | None = None,
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
    data_format: str = "auto",
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
    data_format : {"auto", "csv", "parquet"}, default "auto"
        ``csv``: CSV tables and ``stories.json``; ``parquet``: the same tables, the stories and their
        evidence spans as Parquet (`stance.output.parquet`); ``auto``: Parquet from
        `PARQUET_FROM_ARTICLES` articles.

    Returns and raises as `stance.run.pipeline.Result.write`, which calls it: returns ``out_dir`` (a
    `Path`); raises `OutputError` if ``out_dir`` cannot be written or holds something else, and
    ``jinja2.TemplateError`` for a broken template.
    """
    if data_format not in DATA_FORMATS:
        raise ValueError(f"The 'data_format' parameter must be one of {DATA_FORMATS}. Got {data_format!r} instead.")
    if data_format == "auto":
        articles = sum(len(s.articles) for s in comparison.stories)
        data_format = "parquet" if articles >= PARQUET_FROM_ARTICLES else "csv"
    pages = render_pages(comparison, template_dir=template_dir, mapper=mapper, progress=progress)
    data = parquet_files(comparison) if data_format == "parquet" else data_files(comparison, mapper=mapper)
    write_outputs(Path(out_dir), chain(pages, data))
    return Path(out_dir)


__all__ = [
    "DATA_FORMATS",
    "MARKERS",
    "PARQUET_FROM_ARTICLES",
    "OutputError",
    "csv_text",
    "data_files",
    "highlight",
    "parquet_files",
    "render_pages",
    "write_comparison",
    "write_outputs",
]
