"""`stance check` rules: what a ``[[rule]]`` table may say, read and validated from TOML.

Rules are TOML ``[[rule]]`` tables, from ``--config FILE`` or found from the current folder upward
(`find_config`). Rules are tested on exactly the numbers `stance compare` writes: ``articles.csv``
rows (scope ``article``) and the outlet overview of ``index.html`` (scope ``outlet``: per outlet,
the mean over all its articles in the corpus); see `stance.checks.findings`. Drift rules
(``max_change``) compare those outlet means with a baseline (`stance.checks.drift`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..comparison.tables import FRAMING_COLUMNS, article_table, outlet_overview
from ..features import COLUMNS, DECIMALS
from ..readers.tomlfile import read_toml

# Every key a [[rule]] table may hold (each is documented in the README; a test checks that).
RULE_KEYS = ("feature", "min", "max", "max_change", "scope", "outlets", "severity", "message")
SCOPES = ("article", "outlet")
SEVERITIES = ("error", "warning")
CONFIG_NAMES = ("stance.toml", "pyproject.toml")  # looked for in this order in each folder


class ConfigError(Exception):
    """Rules, a baseline or a config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Rule:
    """One ``[[rule]]`` table.

    Bounds are in the feature's unit; ``number`` is its 1-based position.

    Attributes
    ----------
    number : int
        1-based position of the table in its file.
    feature : str
        The column tested (`rule_columns`).
    source : str
        The rules file.
    scope : str, default "article"
        ``article`` or ``outlet``.
    min, max : float or None
        Bounds on the value, in the feature's unit.
    max_change : float or None
        Largest change, either way, of an outlet mean from the baseline, in the feature's unit.
    outlets : tuple of str
        Only these outlets (compared case-insensitively); empty for all.
    severity : str, default "error"
        ``error`` or ``warning``.
    message : str
        Shown with a broken check.
    """

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
            parts = [
                f"{self.feature} >= {num(self.min)}" if self.min is not None else f"{self.feature} <= {num(self.max)}"
            ]
        else:
            parts = []
        if self.max_change is not None:
            parts.append(f"{self.feature} change <= {num(self.max_change)}")
        only = f" ({', '.join(self.outlets)})" if self.outlets else ""
        return f"{', '.join(parts)} per {self.scope}{only}"


def num(x: float) -> str:
    """A number as rules and reports print it: at most `DECIMALS` decimals, no trailing zeros."""
    return f"{round(x, DECIMALS) + 0.0:.{DECIMALS}f}".rstrip("0").rstrip(".")


def rule_columns(scope: str) -> tuple[str, ...]:
    """Columns a rule may test.

    Parameters
    ----------
    scope : str
        ``article`` or ``outlet``.

    Returns
    -------
    tuple of str
        For articles, the feature columns of ``articles.csv``, ``original_share`` and the
        `FRAMING_COLUMNS` (which need each story's facts: `needs_framing`); for outlets, the
        numeric columns of the outlet overview (its counts ``articles``, ``stories`` and
        ``wire_copies`` and every feature mean).
    """
    if scope == "article":
        return (*COLUMNS, "original_share", *FRAMING_COLUMNS)
    return tuple(c for c in outlet_overview(article_table([])).columns if c != "outlet")


def needs_framing(rules: list[Rule]) -> bool:
    """Whether a rule tests how articles frame the facts other outlets report (`FRAMING_COLUMNS`),
    which needs every story's facts aligned: `stance check` does that only then."""
    return any(r.feature in FRAMING_COLUMNS for r in rules)


def find_config(start: Path) -> Path:
    """The first ``stance.toml``, or ``pyproject.toml`` with a ``[tool.stance]`` table, in ``start`` or above it.

    Parameters
    ----------
    start : Path
        The folder searched first.

    Returns
    -------
    Path
        Relative to the current folder; ``stance.toml`` wins over ``pyproject.toml`` in one folder.

    Raises
    ------
    ConfigError
        If there is none, or a ``pyproject.toml`` on the way is unreadable or not TOML.
    """
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            file = folder / name
            if file.is_file() and (
                name != "pyproject.toml" or "stance" in read_toml(file, ConfigError).get("tool", {})
            ):
                return Path(os.path.relpath(file))
    raise ConfigError(
        f"no rules found: pass --config FILE, or add a stance.toml or a [tool.stance] table in pyproject.toml "
        f"(searched {start} and the folders above it)"
    )


def load_rules(path: str | os.PathLike) -> list[Rule]:
    """The rules in a TOML file: ``[[rule]]`` tables, or ``[[tool.stance.rule]]`` in a ``pyproject.toml``.

    Parameters
    ----------
    path : str or path-like
        The rules file.

    Returns
    -------
    list of Rule
        In file order, as `parse_rules` gives them with the file as ``source``.

    Raises
    ------
    ConfigError
        Naming the file and the problem, if it cannot be read or its rules are not valid.
    """
    path = Path(path)
    data = read_toml(path, ConfigError)
    if path.name == "pyproject.toml":
        if "stance" not in data.get("tool", {}):
            raise ConfigError(f"{path}: no [tool.stance] table")
        data = data["tool"]["stance"]
    return parse_rules(data, str(path))


def parse_rules(data: dict[str, Any], source: str) -> list[Rule]:
    """Validate parsed TOML into rules.

    Parameters
    ----------
    data : dict
        The parsed file (for a ``pyproject.toml``, its ``[tool.stance]`` table).
    source : str
        The file, as messages name it.

    Returns
    -------
    list of Rule
        In file order.

    Raises
    ------
    ConfigError
        Naming ``source``, the rule and the key.
    """
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
