"""Data outputs: CSV tables and ``stories.json``, sorted and rounded so reruns are byte-identical,
written all at once so an interrupted run leaves the previous output folder as it was."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from .compare import entity_table, outlet_table, quote_table
from .engine import STORIES_PER_TASK, Mapper, serial_map
from .features import DECIMALS
from .model import Problem, Story

# An output folder is replaced only if it is new, empty, or an earlier stance output (has this file).
MARKER = "stories.json"
EVIDENCE_LABELS = frozenset(
    {"hedge", "booster", "attribution", "quote", "source", "speaker", "loaded", "entity", "tone", "sentiment"}
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class OutputError(Exception):
    """The output folder cannot be written; the message names it and says why."""


def csv_text(table: pd.DataFrame) -> str:
    """CSV with fixed float precision. A text cell starting with ``= + - @`` or a tab or carriage
    return gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula
    (OWASP, "CSV injection"); numbers are left as they are."""
    text_columns = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    guarded = table.assign(**{c: table[c].map(_defuse) for c in text_columns})
    return guarded.to_csv(index=False, lineterminator="\n", float_format=f"%.{DECIMALS}f")


def _defuse(value: object) -> object:
    return "'" + value if isinstance(value, str) and value[:1] in _FORMULA_START else value


def data_files(stories: list[Story], problems: list[Problem], articles: pd.DataFrame, *, mapper: Mapper = serial_map) -> dict[str, str]:
    """The CSV tables and ``stories.json`` as ``{file name: text}``; ``articles`` is
    `stance.compare.article_table` of ``stories``. Each table and each run of `STORIES_PER_TASK`
    stories is a task on ``mapper`` (the same text on one process or several)."""
    tasks: list[str | int] = [*TABLES, *range(0, len(stories), STORIES_PER_TASK)]
    done = dict(zip(tasks, mapper(_data_task, (stories, articles), tasks)))
    files = {name: done[name] for name in TABLES}
    files["stories.json"] = _json_document([done[t] for t in tasks if isinstance(t, int)], problems)
    return files


# Each CSV table from (stories, article table).
TABLES: dict[str, Callable[[list[Story], pd.DataFrame], pd.DataFrame]] = {
    "quotes.csv": lambda stories, articles: quote_table(stories),
    "entities.csv": lambda stories, articles: entity_table(stories),
    "articles.csv": lambda stories, articles: articles,
    "outlets.csv": lambda stories, articles: outlet_table(articles),
}


def _data_task(shared: tuple[list[Story], pd.DataFrame], task: str | int) -> str:
    """A CSV table (task: its file name) or the JSON of the stories from the ``task``-th."""
    stories, articles = shared
    return csv_text(TABLES[task](stories, articles)) if isinstance(task, str) else _stories_part(stories, task)


def _json_document(parts: list[str], problems: list[Problem]) -> str:
    """``stories.json`` from the laid-out runs of stories: the stories with their articles, feature
    values and evidence spans, and the input problems, as ``json.dumps(..., ensure_ascii=False,
    indent=1, sort_keys=True)`` would write them. The top level is laid out here, keys in sorted order."""
    problem_data = [{"path": p.path, "line": p.line, "message": p.message} for p in problems]
    stories = ("[\n  ", ",\n  ".join(parts), "\n ]") if parts else ("[]",)
    # Joined, not added up: the stories' text (37 MB on 1,200 articles) is copied twice, not six times.
    return "".join(("{\n \"problems\": ", indented_json(problem_data, 1), ",\n \"stories\": ", *stories, "\n}\n"))


def _stories_part(stories: list[Story], start: int) -> str:
    """The JSON of `STORIES_PER_TASK` stories from the ``start``-th, each nested two deep."""
    return ",\n  ".join(indented_json(_story_data(story), 2) for story in stories[start : start + STORIES_PER_TASK])


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
                "spans": [s.to_json(a.text) for s in a.spans if s.label in EVIDENCE_LABELS],
            }
            for a in story.articles
        ],
    }


_SCALARS = frozenset({str, int, float, bool, type(None)})


def indented_json(value: object, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)``, byte for byte, as it
    appears nested ``level`` deep, for values made of dicts with string keys, lists, tuples,
    strings, numbers, booleans and None.

    The standard library lays out indented JSON in Python (its C encoder cannot indent), which took
    most of the time of writing ``stories.json`` (37 MB for 1,200 articles). Here the C encoder writes
    every container holding only scalars, and every list of such dicts (an article's spans), with
    the line break and indent as its item separator; Python lays out only the few levels above.
    A raw line break never occurs inside encoded JSON, so the separators cannot be confused with
    values.
    """
    chunks: list[str] = []
    _lay_out(value, level, chunks)
    return "".join(chunks)


def _lay_out(value: object, level: int, out: list[str]) -> None:
    """Append the JSON of ``value``, nested ``level`` deep, to ``out``."""
    if not isinstance(value, (dict, list, tuple)):
        out.append(_encoder("").encode(value))
    elif not value:
        out.append("{}" if isinstance(value, dict) else "[]")
    elif _scalars(value.values() if isinstance(value, dict) else value):
        out.append(_flat(value, level))
    elif _dicts_of_scalars(value):
        out.append(_records(value, level))
    else:  # a container of containers: laid out here, item by item
        if isinstance(value, dict):
            keys, items = zip(*sorted(value.items()))
            heads, brackets = [_encoder("").encode(k) + ": " for k in keys], "{}"
        else:
            items, heads, brackets = value, [""] * len(value), "[]"
        inner = "\n" + " " * (level + 1)
        for n, (head, item) in enumerate(zip(heads, items)):
            out.append(("," if n else brackets[0]) + inner + head)
            _lay_out(item, level + 1, out)
        out.append("\n" + " " * level + brackets[1])


def _scalars(values: Iterable[object]) -> bool:
    return _SCALARS.issuperset(map(type, values))


def _dicts_of_scalars(value: dict | list | tuple) -> bool:
    """A list of non-empty dicts whose values are all scalars."""
    return not isinstance(value, dict) and all(type(i) is dict and i for i in value) and _scalars(chain.from_iterable(i.values() for i in value))


def _flat(value: dict | list | tuple, level: int) -> str:
    """A container of scalars: the C encoder puts the line break and indent between the items."""
    inner = "\n" + " " * (level + 1)
    text = _encoder("," + inner).encode(value)
    return text[0] + inner + text[1:-1] + "\n" + " " * level + text[-1]


def _records(value: list | tuple, level: int) -> str:
    """A list of dicts of scalars: the C encoder separates both the dicts' items and the dicts by
    the dicts' indent; the separators between dicts (a "}," before it, a "{" after it: never so
    inside one dict of scalars) then get the list's indent and their own lines."""
    inner, deeper = "\n" + " " * (level + 1), "\n" + " " * (level + 2)
    text = _encoder("," + deeper).encode(value)[2:-2].replace("}," + deeper + "{", inner + "}," + inner + "{" + deeper)
    return "[" + inner + "{" + deeper + text + inner + "}\n" + " " * level + "]"


@lru_cache(maxsize=None)
def _encoder(item_separator: str) -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(item_separator, ": "))


def write_outputs(out_dir: Path, files: dict[str, str]) -> None:
    """Write ``{relative path: text}`` into a fresh folder beside ``out_dir``, then swap it in.

    Refuses to replace an existing folder that is neither empty nor an earlier stance output, so a
    mistyped ``--out`` never deletes someone's files.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).exists())):
        raise OutputError(f"{out_dir}: exists and is not an earlier stance output (no {MARKER}); refusing to replace it")
    parent = out_dir.resolve().parent
    staging = old = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new.", dir=parent))
        staging.chmod(0o755)
        for rel, text in sorted(files.items()):
            target = (staging / rel).resolve()
            if not target.is_relative_to(staging.resolve()):  # names come from sanitised ids; belt and braces
                raise OutputError(f"{rel}: output path would leave {out_dir}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=parent))
            os.replace(out_dir, old / "previous")
        os.replace(staging, out_dir)
        staging = None
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
    finally:
        # Failed or interrupted (Ctrl-C) between the two renames: put the previous output back first.
        if old is not None and (old / "previous").exists() and not out_dir.exists():
            os.replace(old / "previous", out_dir)
        for leftover in (staging, old):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)
