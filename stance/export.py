"""Data outputs: CSV tables and ``stories.json``, sorted and rounded so reruns are byte-identical,
written all at once so an interrupted run leaves the previous output folder as it was."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

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


def stories_json(stories: list[Story], problems: list[Problem]) -> str:
    """Stories with their articles, feature values and evidence spans, plus the input problems."""
    data = {
        "stories": [
            {
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
            for story in stories
        ],
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


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
