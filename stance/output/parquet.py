"""Data outputs as Apache Parquet, for corpora too large for CSV and one JSON document.

The same tables as the CSV files (`stance.output.data.TABLES`), each as ``<name>.parquet``, and in
place of ``stories.json``: ``stories.parquet`` (one row per story), ``spans.parquet`` (one row per
evidence span) and ``problems.parquet``. pandas, DuckDB, Dask and Arrow read them; a span's
attributes (speaker, kind, name, from, …) are one JSON object per row, keys sorted.

Each file is written through pyarrow as it is laid out: ``spans.parquet`` a few hundred stories at
a time, so its rows (a few hundred per article) never all exist at once. Files are compressed
with zstd; the same input and library versions give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..comparison import Comparison
from ..comparison.copies import copy_record
from ..model import Story
from .data import EVIDENCE_LABELS, TABLES

COMPRESSION = "zstd"
STORIES_PER_GROUP = 500  # stories whose spans make one row group of spans.parquet
SPANS = pa.schema(
    [
        ("story_id", pa.string()),
        ("article_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("label", pa.string()),
        ("text", pa.string()),
        ("attrs", pa.string()),
    ]
)

Writer = Callable[[BinaryIO], None]  # writes one file's bytes to an open binary file


def parquet_files(comparison: Comparison) -> Iterator[tuple[str, Writer]]:
    """Each Parquet file as ``(file name, writer)``: the CSV tables, then stories, spans and problems.

    Parameters
    ----------
    comparison : Comparison
        What to lay out.

    Yields
    ------
    (str, callable)
        The file name (``articles.parquet``, …) and a function that writes its bytes to a binary file.
    """
    for name, table in TABLES.items():
        yield name.replace(".csv", ".parquet"), _frame_writer(lambda table=table: table(comparison))
    yield "stories.parquet", _frame_writer(lambda: _stories_frame(comparison.stories))
    yield "spans.parquet", lambda handle: _write_spans(comparison.stories, handle)
    problems = [{"path": p.path, "line": p.line, "message": p.message} for p in comparison.problems]
    yield "problems.parquet", _frame_writer(lambda: pd.DataFrame(problems, columns=["path", "line", "message"]))


def _frame_writer(frame: Callable[[], pd.DataFrame]) -> Writer:
    def write(handle: BinaryIO) -> None:
        table = pa.Table.from_pandas(frame(), preserve_index=False)
        pq.write_table(table, handle, compression=COMPRESSION)

    return write


def _stories_frame(stories: list[Story]) -> pd.DataFrame:
    """One row per story: id, title, first and last date (ISO, empty if undated), outlets ("; "
    between them) and counts."""
    return pd.DataFrame(
        [
            {
                "story_id": s.id,
                "title": s.title,
                "first_date": s.dates[0].isoformat() if s.dates else None,
                "last_date": s.dates[-1].isoformat() if s.dates else None,
                "outlets": "; ".join(s.outlets),
                "n_outlets": len(s.outlets),
                "n_articles": len(s.articles),
                "wire_copies": sum(bool(copy_record(a)["wire_copy"]) for a in s.articles),
            }
            for s in stories
        ],
        columns=["story_id", "title", "first_date", "last_date", "outlets", "n_outlets", "n_articles", "wire_copies"],
    )


def _write_spans(stories: list[Story], handle: BinaryIO) -> None:
    """The evidence spans of every article, a row group per `STORIES_PER_GROUP` stories."""
    with pq.ParquetWriter(handle, SPANS, compression=COMPRESSION) as writer:
        for first in range(0, len(stories), STORIES_PER_GROUP):
            columns: dict[str, list] = {name: [] for name in SPANS.names}
            for story in stories[first : first + STORIES_PER_GROUP]:
                for article in story.articles:
                    for span in article.spans:
                        if span.label not in EVIDENCE_LABELS:
                            continue
                        columns["story_id"].append(story.id)
                        columns["article_id"].append(article.id)
                        columns["start"].append(span.start)
                        columns["end"].append(span.end)
                        columns["label"].append(span.label)
                        columns["text"].append(article.text[span.start : span.end])
                        columns["attrs"].append(json.dumps(dict(span.attrs), ensure_ascii=False, sort_keys=True))
            writer.write_table(pa.table(columns, schema=SPANS))
