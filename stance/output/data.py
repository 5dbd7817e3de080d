"""Data outputs: CSV tables and ``stories.json`` of a `stance.comparison.Comparison`, sorted and
rounded so reruns are byte-identical."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pandas as pd

from ..comparison import Comparison
from ..comparison.copies import copy_record
from ..features import DECIMALS
from ..model import Problem, Story
from ..tasks import Mapper, serial_map
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


def data_files(comparison: Comparison, *, mapper: Mapper = serial_map) -> Iterator[tuple[str, str | Iterator[str]]]:
    """The CSV tables, each as ``(file name, text)``, then ``("stories.json", its chunks)``.

    Parameters
    ----------
    comparison : Comparison
        What to lay out.
    mapper : Mapper, default `stance.tasks.serial_map`
        Runs each table and each story's JSON as a task (the same text on one process or several).

    Yields
    -------
    (str, str or iterator of str)
        The files of `TABLES`, then ``stories.json`` as chunks of text laid out a story at a time
        (one mapper call runs every task, so read its chunks before the next file is asked for).
    """
    tasks: list[str | int] = [*TABLES, *range(len(comparison.stories))]
    done = iter(mapper(_data_task, comparison, tasks))
    for name in TABLES:
        yield name, next(done)
    yield "stories.json", _json_document(done, comparison.problems)


# Each CSV table of a comparison.
TABLES: dict[str, Callable[[Comparison], pd.DataFrame]] = {
    "quotes.csv": lambda c: c.quotes,
    "entities.csv": lambda c: c.entities,
    "articles.csv": lambda c: c.articles,
    "outlets.csv": lambda c: c.outlets,
    "facts.csv": lambda c: c.facts,
    "profiles.csv": lambda c: c.profiles,
    "differences.csv": lambda c: c.difference_table,
}


def _data_task(comparison: Comparison, task: str | int) -> str:
    """A CSV table (task: its file name) or the JSON of the ``task``-th story, nested two deep."""
    return (
        csv_text(TABLES[task](comparison))
        if isinstance(task, str)
        else indented_json(_story_data(comparison.stories[task]), 2)
    )


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
