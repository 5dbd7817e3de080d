"""An article's fields as read from hostile input: dates that must be whole dates, metadata on one
line, and no control characters.

A C0 control character (U+0000–U+001F, and DEL) in a metadata value (a NUL escaped in JSON, a bell
in a CSV cell) would reach every page and table; in article text only tab and newline mean anything.
They are removed, and the file is named once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

from ..model import Problem

CONTROLS_REMOVED = "control characters removed"
# A whole ISO date, or a datetime with an optional fraction and zone: "2025-03-13", "2025-03-13T09:30:00Z".
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # all but tab and newline
_SHOWN = 40  # characters of an unrecognised value shown in a problem


def parse_date(value: Any, path: str, problems: list[Problem], line: int | None = None) -> dt.date | None:
    """An ISO date (or datetime) or an RFC 2822 date (as in RSS), when that is the whole value;
    anything else is reported (shortened) and treated as missing.

    Parameters
    ----------
    value : Any
        The ``date`` metadata: a string, a date or a datetime (from YAML front matter).
    path : str
        The path a problem names.
    problems : list of Problem
        Appended to when the date is not recognised.
    line : int, optional
        The record's 1-based line, for the problem.

    Examples
    --------
    >>> parse_date("2025-03-13", "a.json", [])
    datetime.date(2025, 3, 13)
    >>> found = []
    >>> parse_date("2025-03-13</td><script>", "a.json", found), found[0].message
    (None, "unrecognised date '2025-03-13</td><script>', treated as missing")
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    iso = _ISO_DATE.fullmatch(text)
    try:
        if iso:
            return dt.date(*map(int, iso.groups()))
        if not _CONTROLS.search(text):
            return email.utils.parsedate_to_datetime(text).date()
    except (ValueError, TypeError, IndexError):
        pass
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
    problems.append(Problem(path, f"unrecognised date {shown!r}, treated as missing", line))
    return None


def single_line(value: Any) -> str | None:
    """Metadata as a single-line string without control characters, or None when absent or blank."""
    if value is None:
        return None
    text = " ".join(_CONTROLS.sub(" ", str(value)).split())
    return text or None


def has_controls(value: Any, text: bool = False) -> bool:
    """Whether ``value`` holds a control character (in article ``text``, tab and newline are fine)."""
    return isinstance(value, str) and (_TEXT_CONTROLS if text else _CONTROLS).search(value) is not None


def without_controls(text: str) -> str:
    """Article text without control characters other than tab and newline."""
    return _TEXT_CONTROLS.sub("", text)


def report_controls(path: str, problems: list[Problem]) -> None:
    """Name ``path`` once (for all its records) as holding control characters, which were removed."""
    if not any(p.path == path and p.message == CONTROLS_REMOVED for p in problems):
        problems.append(Problem(path, CONTROLS_REMOVED))
