"""Drift: an earlier run's outlet means (the baseline) that ``max_change`` rules compare with.

A baseline is the ``outlets.csv`` or ``stories.json`` of an earlier `stance compare`, or a file
written by ``stance check --save-baseline``.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from ..comparison.tables import outlet_table
from ..features import COLUMNS, DECIMALS
from ..output import csv_text
from .rules import ConfigError


def load_baseline(path: str | os.PathLike) -> pd.DataFrame:
    """Per-outlet feature means of an earlier run, indexed by casefolded outlet name.

    From ``stories.json``: the mean over each outlet's articles that are not wire copies, as the
    overview computes it. From a CSV with ``outlet`` and ``articles`` columns (``outlets.csv``, one row
    per story × outlet, or a ``--save-baseline`` file, one row per outlet): the mean of its rows
    weighted by their articles that are not wire copies (``articles`` − ``wire_copies``).

    Parameters
    ----------
    path : str or path-like
        A ``.json`` file is read as ``stories.json``, any other as CSV.

    Returns
    -------
    pandas.DataFrame
        One row per outlet: ``outlet`` and the feature means (in the features' units, to `DECIMALS`
        places).

    Raises
    ------
    ConfigError
        If the file is missing, unreadable or not a baseline.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        means = _means_from_json(text) if path.suffix.lower() == ".json" else _means_from_csv(text)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"{path}: not a baseline ({exc}); expected the outlets.csv or stories.json of stance compare, "
            "or a file written by --save-baseline"
        ) from None
    means.index = [str(o).casefold() for o in means["outlet"]]
    return means


def _means_from_json(text: str) -> pd.DataFrame:
    articles = [a for story in json.loads(text)["stories"] for a in story["articles"]]
    rows = pd.DataFrame(
        [{"outlet": a["outlet"], "wire_copy": a.get("wire_copy", False), **a["features"]} for a in articles]
    )
    return outlet_table(rows.reindex(columns=["outlet", "wire_copy", *COLUMNS]), by=("outlet",))


def _means_from_csv(text: str) -> pd.DataFrame:
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or not {"outlet", "articles"} <= set(rows[0]):
        raise ValueError("no 'outlet' and 'articles' columns")
    table = pd.DataFrame(rows).drop(columns=[c for c in ("story_id",) if c in rows[0]])
    numbers = table.drop(columns="outlet").apply(pd.to_numeric, errors="coerce")
    # The means are over the articles that are not wire copies (older files have no wire_copies column).
    weights = numbers.pop("articles") - (numbers.pop("wire_copies") if "wire_copies" in numbers else 0)
    sums = numbers.mul(weights, axis=0).groupby(table["outlet"], sort=True).sum(min_count=1)
    means = sums.div(weights.groupby(table["outlet"], sort=True).sum(), axis=0).round(DECIMALS)
    return means.reset_index(names="outlet")


def write_baseline(path: str | os.PathLike, overview: pd.DataFrame) -> None:
    """Write the outlet overview as CSV (outlet, articles, stories, feature means), atomically.

    Parameters
    ----------
    path : str or path-like
        The file, replaced if it exists.
    overview : pandas.DataFrame
        The outlet overview (`stance.comparison.tables.outlet_overview`).

    Raises
    ------
    ConfigError
        If the file cannot be written.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(csv_text(overview))
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
