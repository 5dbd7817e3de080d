"""Check: rules on the same numbers `stance compare` writes, for a CI step (`stance check`).

`rules` reads and validates ``[[rule]]`` tables; `findings` tests them on the article and outlet
tables; `drift` reads and writes the baseline that ``max_change`` rules compare with; `reports`
writes the findings as text, JSON, JUnit XML or GitHub annotations.
"""

from .drift import load_baseline, write_baseline
from .findings import check_tables, require_baseline
from .reports import FORMATS, report, summary
from .rules import ConfigError, Rule, find_config, load_rules, needs_framing, parse_rules

__all__ = [
    "FORMATS",
    "ConfigError",
    "Rule",
    "check_tables",
    "find_config",
    "load_baseline",
    "load_rules",
    "needs_framing",
    "parse_rules",
    "report",
    "require_baseline",
    "summary",
    "write_baseline",
]
