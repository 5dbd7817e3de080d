"""`stance check`: rules on the article and outlet tables, for a CI step that fails when articles
break a newsroom's standards or an outlet drifts from an earlier run.

Rules are TOML ``[[rule]]`` tables, from ``--config FILE`` or found from the current folder upward
(`find_config`). Rules are tested on exactly the numbers `stance compare` writes: ``articles.csv``
rows (scope ``article``) and the outlet overview of ``index.html`` (scope ``outlet``: per outlet,
the mean over all its articles in the corpus). Drift rules (``max_change``) compare those outlet
means with a baseline: the ``outlets.csv`` or ``stories.json`` of an earlier compare, or a file
written by ``--save-baseline``.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from .cache import ArticleCache
from .compare import article_table, outlet_overview, outlet_table
from .engine import Mapper, Progress
from .export import csv_text
from .features import COLUMNS, DECIMALS
from .model import Finding, Problem
from .pipeline import analyze

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

# Every key a [[rule]] table may hold (each is documented in the README; a test checks that).
RULE_KEYS = ("feature", "min", "max", "max_change", "scope", "outlets", "severity", "message")
SCOPES = ("article", "outlet")
SEVERITIES = ("error", "warning")
CONFIG_NAMES = ("stance.toml", "pyproject.toml")  # looked for in this order in each folder


class ConfigError(Exception):
    """Rules, a baseline or a config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Rule:
    """One ``[[rule]]`` table. Bounds are in the feature's unit; ``number`` is its 1-based position."""

    number: int
    feature: str
    source: str  # the rules file
    scope: str = "article"
    min: float | None = None
    max: float | None = None
    max_change: float | None = None
    outlets: tuple[str, ...] = ()
    severity: str = "error"
    message: str = ""

    @property
    def name(self) -> str:
        """What the rule requires, e.g. ``0.1 <= hedge_rate <= 5 per article``."""
        if self.min is not None and self.max is not None:
            parts = [f"{num(self.min)} <= {self.feature} <= {num(self.max)}"]
        elif self.min is not None or self.max is not None:
            parts = [f"{self.feature} >= {num(self.min)}" if self.min is not None else f"{self.feature} <= {num(self.max)}"]
        else:
            parts = []
        if self.max_change is not None:
            parts.append(f"{self.feature} change <= {num(self.max_change)}")
        only = f" ({', '.join(self.outlets)})" if self.outlets else ""
        return f"{', '.join(parts)} per {self.scope}{only}"


@dataclass(frozen=True)
class Tables:
    """What rules are tested on: ``articles.csv`` rows plus each article's ``file``; the outlet
    overview; and the baseline's outlet means indexed by casefolded outlet name (or None)."""

    articles: pd.DataFrame
    outlets: pd.DataFrame
    baseline: pd.DataFrame | None = None


@dataclass(frozen=True)
class Checked:
    findings: list[Finding]
    problems: list[Problem]
    articles: int
    outlets: pd.DataFrame  # the outlet overview, for --save-baseline


def num(x: float) -> str:
    """A number as rules and reports print it: at most `DECIMALS` decimals, no trailing zeros."""
    return f"{round(x, DECIMALS) + 0.0:.{DECIMALS}f}".rstrip("0").rstrip(".")


def rule_columns(scope: str) -> tuple[str, ...]:
    """Columns a rule may test: the feature columns of ``articles.csv``; for outlets, the numeric
    columns of the outlet overview (its counts ``articles`` and ``stories`` and every feature mean)."""
    if scope == "article":
        return COLUMNS
    return tuple(c for c in outlet_overview(article_table([])).columns if c != "outlet")


def find_config(start: Path) -> Path:
    """The first ``stance.toml``, or ``pyproject.toml`` with a ``[tool.stance]`` table, in ``start``
    or a folder above it."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            file = folder / name
            if file.is_file() and (name != "pyproject.toml" or "stance" in _read_toml(file).get("tool", {})):
                return Path(os.path.relpath(file))
    raise ConfigError(
        f"no rules found: pass --config FILE, or add a stance.toml or a [tool.stance] table in pyproject.toml "
        f"(searched {start} and the folders above it)"
    )


def load_rules(path: str | os.PathLike) -> list[Rule]:
    """The rules in a TOML file: ``[[rule]]`` tables, or ``[[tool.stance.rule]]`` in a ``pyproject.toml``."""
    path = Path(path)
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        if "stance" not in data.get("tool", {}):
            raise ConfigError(f"{path}: no [tool.stance] table")
        data = data["tool"]["stance"]
    return parse_rules(data, str(path))


def parse_rules(data: dict[str, Any], source: str) -> list[Rule]:
    """Validate parsed TOML into rules; raises ConfigError naming ``source``, the rule and the key."""
    unknown = sorted(set(data) - {"rule"})
    if unknown:
        raise ConfigError(f"{source}: unknown setting {unknown[0]!r} (rules go in [[rule]] tables)")
    tables = data.get("rule")
    if not tables:
        raise ConfigError(f"{source}: no rules (add a [[rule]] table)")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{source}: 'rule' must be an array of tables, written [[rule]]")
    return [_rule(n, table, source) for n, table in enumerate(tables, 1)]


def _rule(number: int, table: dict[str, Any], source: str) -> Rule:
    def fail(why: str) -> ConfigError:
        return ConfigError(f"{source}: rule {number}: {why}")

    unknown = sorted(set(table) - set(RULE_KEYS))
    if unknown:
        raise fail(f"unknown key {unknown[0]!r}; a rule may have: {', '.join(RULE_KEYS)}")
    for key in ("feature", "scope", "severity", "message"):
        if key in table and not isinstance(table[key], str):
            raise fail(f"{key!r} must be a string, got {table[key]!r}")
    for key in ("min", "max", "max_change"):
        if key in table and (isinstance(table[key], bool) or not isinstance(table[key], (int, float))):
            raise fail(f"{key!r} must be a number, got {table[key]!r}")
    outlets = table.get("outlets", [])
    if not isinstance(outlets, list) or not all(isinstance(o, str) and o.strip() for o in outlets):
        raise fail(f"'outlets' must be a list of outlet names, got {outlets!r}")
    if "feature" not in table:
        raise fail("no 'feature'")
    options = {k: v for k, v in table.items() if k not in ("feature", "outlets")}
    rule = Rule(number, table["feature"], source, outlets=tuple(outlets), **options)
    if rule.scope not in SCOPES:
        raise fail(f"'scope' must be one of {', '.join(SCOPES)}, got {rule.scope!r}")
    if rule.severity not in SEVERITIES:
        raise fail(f"'severity' must be one of {', '.join(SEVERITIES)}, got {rule.severity!r}")
    known = rule_columns(rule.scope)
    if rule.feature not in known:
        raise fail(f"unknown feature {rule.feature!r}; {rule.scope} rules can test: {', '.join(known)}")
    if rule.min is None and rule.max is None and rule.max_change is None:
        raise fail("give 'min', 'max' or 'max_change'")
    if rule.min is not None and rule.max is not None and rule.min > rule.max:
        raise fail(f"'min' ({num(rule.min)}) is above 'max' ({num(rule.max)})")
    if rule.max_change is not None and (rule.max_change < 0 or rule.scope != "outlet"):
        raise fail("'max_change' must be at least 0 and compares outlet means: set scope = \"outlet\"")
    return rule


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: bad TOML: not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: bad TOML: {exc}") from None


def load_baseline(path: str | os.PathLike) -> pd.DataFrame:
    """Per-outlet feature means of an earlier run, indexed by casefolded outlet name.

    From ``stories.json``: the mean over each outlet's articles, as the overview computes it. From a
    CSV with ``outlet`` and ``articles`` columns (``outlets.csv``, one row per story × outlet, or a
    ``--save-baseline`` file, one row per outlet): the article-weighted mean of its rows.
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
    rows = pd.DataFrame([{"outlet": a["outlet"], **a["features"]} for a in articles])
    return outlet_table(rows.reindex(columns=["outlet", *COLUMNS]), by=("outlet",))


def _means_from_csv(text: str) -> pd.DataFrame:
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or not {"outlet", "articles"} <= set(rows[0]):
        raise ValueError("no 'outlet' and 'articles' columns")
    table = pd.DataFrame(rows).drop(columns=[c for c in ("story_id",) if c in rows[0]])
    numbers = table.drop(columns="outlet").apply(pd.to_numeric, errors="coerce")
    weights = numbers.pop("articles")
    sums = numbers.mul(weights, axis=0).groupby(table["outlet"], sort=True).sum(min_count=1)
    means = sums.div(weights.groupby(table["outlet"], sort=True).sum(), axis=0).round(DECIMALS)
    return means.reset_index(names="outlet")


def write_baseline(path: str | os.PathLike, overview: pd.DataFrame) -> None:
    """Write the outlet overview as CSV (outlet, articles, stories, feature means), atomically."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(csv_text(overview))
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None


def source_file(roots: Sequence[str | os.PathLike], path: str) -> str:
    """The file an ``articles.csv`` ``path`` was read from, as reached from the PATHs given."""
    if len(roots) == 1:
        root = Path(roots[0])
        return (root if root.is_file() else root / path).as_posix()
    first, _, rest = path.partition("/")  # several PATHs: ids start with the PATH's name
    root = next((Path(r) for r in roots if Path(r).name == first), None)
    if root is None:
        return path
    return (root if root.is_file() else root / rest).as_posix()


def run_rules(tables: Tables, rules: Sequence[Rule]) -> list[Finding]:
    """Test every rule on every article or outlet it covers; sorted by rule, then subject."""
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


def check_corpus(
    paths: Sequence[str | os.PathLike],
    rules: Sequence[Rule],
    *,
    baseline: pd.DataFrame | None = None,
    cache: ArticleCache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    mapper: Mapper | None = None,
) -> Checked:
    """Measure the corpus as `stance compare` does (taking what it can from ``cache``; on ``mapper``,
    e.g. a Dask cluster, else on ``jobs`` processes) and test the rules.

    Raises ConfigError if a drift rule has no baseline, FileNotFoundError for a missing PATH.
    """
    drift = [r for r in rules if r.max_change is not None]
    if drift and baseline is None:
        raise ConfigError(f"{drift[0].source}: rule {drift[0].number}: 'max_change' needs --baseline FILE")
    stories, problems = analyze(paths, jobs=jobs, progress=progress, cache=cache, mapper=mapper)
    articles = article_table(stories)
    overview = outlet_overview(articles)
    located = articles.assign(file=[source_file(paths, p) for p in articles["path"]])
    findings = run_rules(Tables(located, overview, baseline), rules)
    return Checked(findings, problems, len(articles), overview)
