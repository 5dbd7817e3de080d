"""Data outputs: CSV tables and ``stories.json``, sorted and rounded so reruns are byte-identical."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd

from ..comparison import CorpusComparison, StoryComparison
from ..comparison.copies import copy_record
from ..comparison.tables import entity_table, fact_rows, fact_table, quote_rows, quote_table
from ..features import DECIMALS
from ..model import Problem, Story
from .jsonlayout import indented_json

EVIDENCE_LABELS = frozenset(
    {
        "hedge",
        "booster",
        "attribution",
        "quote",
        "source",
        "speaker",
        "loaded",
        "entity",
        "tone",
        "sentiment",
        "credit",
        "copied",
    }
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(table: pd.DataFrame) -> str:
    """CSV with fixed float precision.

    A text cell starting with ``= + - @`` or a tab or carriage return gets a leading apostrophe, so a
    spreadsheet shows it instead of running it as a formula (OWASP, "CSV injection"); numbers are left
    as they are.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table.

    Returns
    -------
    str
        Without the index; LF line ends; floats to `DECIMALS` places.
    """
    text_columns = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    guarded = table.assign(**{c: table[c].map(_defuse) for c in text_columns})
    return guarded.to_csv(index=False, lineterminator="\n", float_format=f"%.{DECIMALS}f")


def _defuse(value: object) -> object:
    return "'" + value if isinstance(value, str) and value[:1] in _FORMULA_START else value


# The tables across the corpus (``<name>.csv``), from a `CorpusComparison`.
CORPUS_TABLES: dict[str, Callable[[CorpusComparison], pd.DataFrame]] = {
    "articles": lambda c: c.articles,
    "outlets": lambda c: c.outlets,
    "profiles": lambda c: c.profiles,
    "differences": lambda c: c.difference_table,
}
# The tables gathered a story at a time, from each story's rows (`story_rows`).
STORY_TABLES: dict[str, Callable[[list], pd.DataFrame]] = {
    "quotes": quote_table,
    "facts": fact_table,
    "entities": entity_table,
}


def story_rows(story: Story, compared: StoryComparison) -> dict[str, list]:
    """The story's rows of each of `STORY_TABLES`, in the order its table sorts them."""
    return {
        "quotes": sorted(quote_rows(story), key=lambda row: (row["id"], row["start"])),
        "facts": fact_rows(story, compared.contrast),
        "entities": sorted(compared.actors, key=lambda row: (row["entity"], row["outlet"])),
    }


class CsvData:
    """The CSV tables and ``stories.json``, gathered a story at a time (`add` of what `part` gave) and
    laid out at the end (`files`). Each story's part of ``stories.json`` waits in a file in
    ``scratch``, not in memory; its rows of the per-story tables wait in memory (this layout is for
    corpora a spreadsheet opens).
    """

    def __init__(self, scratch: Path):
        self._parts = open(scratch / "stories.json.parts", "w+", encoding="utf-8", newline="\n")  # noqa: SIM115
        self._lengths: list[int] = []  # characters of each story's part
        self._rows: dict[str, list] = {name: [] for name in STORY_TABLES}

    @staticmethod
    def part(story: Story, compared: StoryComparison) -> tuple[str, dict[str, list]]:
        """What the story adds (laid out where it is compared): its entry of ``stories.json`` and its rows."""
        return story_json(story), story_rows(story, compared)

    def add(self, part: tuple[str, dict[str, list]]) -> None:
        """Keep one story's `part`."""
        entry, rows = part
        self._lengths.append(self._parts.write(entry))
        for name, kept in self._rows.items():
            kept += rows[name]

    def files(self, comparison: CorpusComparison) -> Iterator[tuple[str, str | Iterator[str]]]:
        """Every file, as ``(name, text)`` or ``("stories.json", its chunks)``."""
        for name, table in STORY_TABLES.items():
            yield f"{name}.csv", csv_text(table(self._rows[name]))
        for name, frame in CORPUS_TABLES.items():
            yield f"{name}.csv", csv_text(frame(comparison))
        self._parts.seek(0)
        parts = (self._parts.read(n) for n in self._lengths)
        yield "stories.json", _json_document(parts, comparison.problems)

    def close(self) -> None:
        self._parts.close()


def story_json(story: Story) -> str:
    """The story's entry in ``stories.json``, laid out as it sits there (nested two deep)."""
    return indented_json(_story_data(story), 2)


def _json_document(parts: Iterable[str], problems: list[Problem]) -> Iterator[str]:
    """``stories.json`` in chunks, from the laid-out stories: the stories with their articles, feature
    values and evidence spans, and the input problems, as ``json.dumps(..., ensure_ascii=False,
    indent=1, sort_keys=True)`` would write them. The top level is laid out here, keys in sorted order."""
    problem_data = [{"path": p.path, "line": p.line, "message": p.message} for p in problems]
    yield '{\n "problems": ' + indented_json(problem_data, 1) + ',\n "stories": '
    separator = "[\n  "
    for part in parts:
        yield separator
        yield part
        separator = ",\n  "
    yield "[]\n}\n" if separator == "[\n  " else "\n ]\n}\n"


def _story_data(story: Story) -> dict:
    return {
        "id": story.id,
        "title": story.title,
        "dates": [d.isoformat() for d in story.dates],
        "outlets": story.outlets,
        "articles": [
            {
                "id": a.id,
                "outlet": a.outlet,
                "date": a.date.isoformat() if a.date else None,
                "title": a.title,
                "url": a.url,
                "features": dict(a.features),
                **copy_record(a),
                "spans": [s.to_json(a.text) for s in a.spans if s.label in EVIDENCE_LABELS],
            }
            for a in story.articles
        ],
    }
