"""Data outputs as Apache Parquet, for corpora too large for CSV and one JSON document.

The same tables as the CSV files (`stance.output.data`), each as ``<name>.parquet``, and in place of
``stories.json``: ``stories.parquet`` (one row per story), ``spans.parquet`` (one row per evidence
span) and ``problems.parquet``. pandas, DuckDB, Dask and Arrow read them; a span's attributes
(speaker, kind, name, from, …) are one JSON object per row, keys sorted.

The per-story files are written as the stories are laid out, some 65,000 rows at a time, so
their rows (a few hundred per article) never all exist at once: their rows come in story order
(that of ``stories.parquet``, newest first; the CSV tables sort theirs by id or by story id). Files are compressed
with zstd; the same input and library versions give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..comparison import CorpusComparison, StoryComparison
from ..comparison.copies import copy_record
from ..comparison.tables import ENTITY_COLUMNS, FACT_COLUMNS, QUOTE_COLUMNS
from ..model import Story
from .data import CORPUS_TABLES, EVIDENCE_LABELS, story_rows

COMPRESSION = "zstd"
# Rows of a per-story file gathered before they are written as a row group: 65,536 spans are about
# 12 MB in Arrow (500 stories of the synthetic corpus held 90 MB of spans); fewer rows a group
# compress less well (each group has its own dictionaries).
ROWS_PER_GROUP = 65_536
# A story's batch of a few rows, as it comes from a pool worker, holds some 15 KB (its own buffers
# and their padding): the rows of files with few per story (facts, entities) waited for a row
# group in 40 MB of batches at 10,000 articles. Every this many batches are merged into one.
MERGE_BATCHES = 64
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

# The files written a story at a time: the spans, and the per-story tables typed as pandas gives
# them to Arrow (so they read back as the CSV tables do).
_TEXT, _COUNT = pa.large_string(), pa.int64()
SCHEMAS = {
    "spans": SPANS,
    "quotes": pa.schema([(c, _COUNT if c in ("start", "end") else _TEXT) for c in QUOTE_COLUMNS]),
    "facts": pa.schema([(c, _COUNT if c == "independent_sources" else _TEXT) for c in FACT_COLUMNS]),
    "entities": pa.schema(
        [(c, {"mentions": _COUNT, "quoted": _COUNT, "tone": pa.float64()}.get(c, _TEXT)) for c in ENTITY_COLUMNS]
    ),
}
Writer = Callable[[BinaryIO], None]  # writes one file's bytes to an open binary file


class ParquetData:
    """The Parquet files, gathered a story at a time (`add`) and finished at the end (`files`).

    The per-story files (``spans``, ``quotes``, ``facts``, ``entities``) are written into ``scratch``
    as the stories come, a row group each time a file's rows reach `ROWS_PER_GROUP`, in story
    order (each story's rows in the order of its CSV table); the others are laid out at the end.
    Nothing corpus-sized waits in memory.
    """

    def __init__(self, scratch: Path):
        self._scratch = scratch
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._pending: dict[str, list[pa.Table]] = {name: [] for name in SCHEMAS}  # merged batches
        self._loose: dict[str, list[pa.RecordBatch]] = {name: [] for name in SCHEMAS}  # as they came
        self._rows = dict.fromkeys(SCHEMAS, 0)  # rows pending, by file

    @staticmethod
    def part(story: Story, compared: StoryComparison) -> dict[str, pa.RecordBatch]:
        """What the story adds (laid out where it is compared): its spans and its rows of each table,
        as Arrow batches (a tenth of the memory of the same rows as Python objects)."""
        batches = {"spans": pa.RecordBatch.from_pydict(span_columns(story), schema=SCHEMAS["spans"])}
        for name, rows in story_rows(story, compared).items():
            if rows and isinstance(rows[0], tuple):  # fact rows
                rows = [dict(zip(SCHEMAS[name].names, row)) for row in rows]
            batches[name] = pa.RecordBatch.from_pylist(rows, schema=SCHEMAS[name])
        return batches

    def add(self, part: dict[str, pa.RecordBatch]) -> None:
        """Keep one story's `part`."""
        for name, batch in part.items():
            loose = self._loose[name]
            loose.append(batch)
            self._rows[name] += batch.num_rows
            if len(loose) == MERGE_BATCHES:
                self._pending[name].append(pa.Table.from_batches(loose, schema=SCHEMAS[name]).combine_chunks())
                loose.clear()
            if self._rows[name] >= ROWS_PER_GROUP:
                self._flush(name)

    def files(self, comparison: CorpusComparison) -> Iterator[tuple[str, Writer | Path]]:
        """Every file, as ``(name, a function writing its bytes)`` or ``(name, the finished file)``."""
        for name in SCHEMAS:
            self._flush(name, last=True)
        for writer in self._writers.values():
            writer.close()
        for name in self._writers:
            yield f"{name}.parquet", self._scratch / f"{name}.parquet"
        for name, frame in CORPUS_TABLES.items():
            yield f"{name}.parquet", _frame_writer(lambda frame=frame: frame(comparison))
        yield "stories.parquet", _frame_writer(lambda: _stories_frame(comparison.stories))
        problems = [{"path": p.path, "line": p.line, "message": p.message} for p in comparison.problems]
        yield "problems.parquet", _frame_writer(lambda: pd.DataFrame(problems, columns=["path", "line", "message"]))

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()

    def _flush(self, name: str, last: bool = False) -> None:
        """Write the rows of file ``name`` kept since its last row group as a row group (the last
        time, even none: a corpus without stories gets its files, empty)."""
        if not self._rows[name] and not (last and name not in self._writers):
            return
        schema = SCHEMAS[name]
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(self._scratch / f"{name}.parquet", schema, compression=COMPRESSION)
        pending = [*self._pending[name], pa.Table.from_batches(self._loose[name], schema=schema)]
        self._writers[name].write_table(pa.concat_tables(pending))
        self._pending[name], self._loose[name], self._rows[name] = [], [], 0


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


def span_columns(story: Story) -> dict[str, list]:
    """The story's rows of ``spans.parquet`` as columns (`SPANS`): its evidence spans, article by article."""
    columns: dict[str, list] = {name: [] for name in SPANS.names}
    encoded: dict[tuple, str] = {}  # attrs -> JSON: most spans' attrs are empty or repeat another's
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
            if (attrs := encoded.get(span.attrs)) is None:
                attrs = encoded[span.attrs] = json.dumps(dict(span.attrs), ensure_ascii=False, sort_keys=True)
            columns["attrs"].append(attrs)
    return columns
