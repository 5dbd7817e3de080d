"""Test rules on the article and outlet tables: one `stance.model.Finding` per rule and subject."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import pandas as pd

from ..features import DECIMALS
from ..model import Finding
from .rules import ConfigError, Rule, num


@dataclass(frozen=True)
class Tables:
    """What rules are tested on.

    Attributes
    ----------
    articles : pandas.DataFrame
        ``articles.csv`` rows plus each article's ``file``.
    outlets : pandas.DataFrame
        The outlet overview.
    baseline : pandas.DataFrame or None
        The baseline's outlet means indexed by casefolded outlet name (`stance.checks.drift`).
    """

    articles: pd.DataFrame
    outlets: pd.DataFrame
    baseline: pd.DataFrame | None = None


def source_file(roots: Sequence[str | os.PathLike], path: str) -> str:
    """The file an ``articles.csv`` ``path`` was read from, as reached from the PATHs given.

    Parameters
    ----------
    roots : sequence of str or path-like
        The PATHs the corpus was read from.
    path : str
        An article's ``path``: relative to its PATH, prefixed with that PATH's name when several were
        given.

    Returns
    -------
    str
        With forward slashes; ``path`` itself when no PATH has its first part as name.
    """
    if len(roots) == 1:
        root = Path(roots[0])
        return (root if root.is_file() else root / path).as_posix()
    first, _, rest = path.partition("/")  # several PATHs: ids start with the PATH's name
    root = next((Path(r) for r in roots if Path(r).name == first), None)
    if root is None:
        return path
    return (root if root.is_file() else root / rest).as_posix()


def run_rules(tables: Tables, rules: Sequence[Rule]) -> list[Finding]:
    """Test every rule on every article or outlet it covers; sorted by rule, then subject.

    Parameters
    ----------
    tables : Tables
        The numbers tested.
    rules : sequence of Rule
        Valid rules (`stance.checks.rules.parse_rules`).

    Returns
    -------
    list of Finding
        One per rule and subject; values and baselines in the feature's unit.
    """
    findings = []
    for rule in rules:
        if rule.scope == "article":
            t = tables.articles
            subjects = zip(t["id"], t["file"], t["outlet"], t[rule.feature])
        else:
            t = tables.outlets
            subjects = zip(t["outlet"], repeat(rule.source), t["outlet"], t[rule.feature])
        wanted = {o.casefold() for o in rule.outlets}
        for subject, file, outlet, value in subjects:
            if not wanted or outlet.casefold() in wanted:
                before = _baseline_value(tables.baseline, outlet, rule.feature) if rule.max_change is not None else None
                findings.append(_test(rule, str(subject), str(file), float(value), before))
    return sorted(findings)


def _baseline_value(baseline: pd.DataFrame | None, outlet: str, feature: str) -> float | None:
    if baseline is None or feature not in baseline.columns or outlet.casefold() not in baseline.index:
        return None
    value = float(baseline.at[outlet.casefold(), feature])
    return None if math.isnan(value) else value


def _test(rule: Rule, subject: str, file: str, value: float, before: float | None) -> Finding:
    parts, broken, tested = [], False, False
    if rule.max is not None:  # written so that NaN breaks the rule
        ok, tested = value <= rule.max, True
        parts.append(f"{rule.feature} {num(value)} {'<=' if ok else '>'} max {num(rule.max)}")
        broken |= not ok
    if rule.min is not None:
        ok, tested = value >= rule.min, True
        parts.append(f"{rule.feature} {num(value)} {'>=' if ok else '<'} min {num(rule.min)}")
        broken |= not ok
    if rule.max_change is not None and before is None:
        parts.append(f"{rule.feature}: outlet not in the baseline")
    elif rule.max_change is not None:
        change, tested = round(value - before, DECIMALS), True
        ok = abs(change) <= rule.max_change
        sign = "+" if change >= 0 else "-"
        parts.append(
            f"{rule.feature} {num(before)} -> {num(value)}, change {sign}{num(abs(change))} "
            f"{'<=' if ok else '>'} max_change {num(rule.max_change)}"
        )
        broken |= not ok
    status = rule.severity if broken else "ok" if tested else "skipped"
    return Finding(
        rule=rule.number,
        name=rule.name,
        scope=rule.scope,
        subject=subject,
        file=file,
        feature=rule.feature,
        value=round(value, DECIMALS),
        status=status,
        detail="; ".join(parts),
        message=rule.message,
        baseline=before,
    )


def check_tables(
    paths: Sequence[str | os.PathLike],
    articles: pd.DataFrame,
    overview: pd.DataFrame,
    rules: Sequence[Rule],
    baseline: pd.DataFrame | None = None,
) -> list[Finding]:
    """Test ``rules`` on a corpus's article table and outlet overview.

    Parameters
    ----------
    paths : sequence of str or path-like
        The PATHs the corpus was read from.
    articles : pandas.DataFrame
        Its article table (`stance.comparison.tables.article_table`).
    overview : pandas.DataFrame
        Its outlet overview.
    rules : sequence of Rule
        The rules.
    baseline : pandas.DataFrame, optional
        Outlet means that drift rules compare with (`stance.checks.drift`).

    Returns
    -------
    list of Finding
        Sorted by rule, then subject.

    Raises
    ------
    ConfigError
        If a drift rule has no baseline.
    """
    require_baseline(rules, baseline)
    located = articles.assign(file=[source_file(paths, p) for p in articles["path"]])
    return run_rules(Tables(located, overview, baseline), rules)


def require_baseline(rules: Sequence[Rule], baseline: pd.DataFrame | None) -> None:
    """Raise ConfigError if a drift rule has no baseline to compare with.

    Parameters
    ----------
    rules : sequence of Rule
        The rules; drift rules are those with ``max_change``.
    baseline : pandas.DataFrame or None
        The baseline's outlet means, if any.

    Raises
    ------
    ConfigError
        Naming the first drift rule, when ``baseline`` is None.
    """
    drift = [r for r in rules if r.max_change is not None]
    if drift and baseline is None:
        raise ConfigError(f"{drift[0].source}: rule {drift[0].number}: 'max_change' needs --baseline FILE")
