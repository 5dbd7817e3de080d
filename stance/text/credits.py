"""Credit lines: where an article says whose text it carries.

News prose credits copy it did not write in a few fixed shapes (AP Stylebook, "datelines" and
"credit lines"; Reuters Handbook of Journalism, "credits"):

- ``dateline``: "WASHINGTON (AP) —", "LONDON, May 5 (Reuters) -", "(CNN) —" opening the text;
- ``byline``: "By Jane Doe, Associated Press" on one of the first lines;
- ``signature``: a last line "— The Associated Press";
- ``copyright``: "Copyright 2014 The Associated Press";
- ``republished``: "This article originally appeared in The Harbour Herald";
- ``contribution``: "The Associated Press contributed to this report", "Material from Reuters was
  used in this report".

All but ``contribution`` say the whole text is the credited one's (`WHOLE`). Agencies are the
``wire_agencies`` lexicon; a dateline with an all-capital place (or none) and a republished line may
name anyone (an outlet), the other shapes only an agency, since "Jane Doe contributed to this
report" credits a colleague, not a source.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from . import lexicons

WHOLE = frozenset({"dateline", "byline", "signature", "copyright", "republished"})
_LEAD = 300  # characters at the start of a text where datelines and bylines stand
_TAIL = 200  # characters at its end where a signature stands
_NAME = r"[A-Z][\w.&'’-]*(?: (?:of |the )?[A-Z][\w.&'’-]*){0,4}"  # a capitalised name of up to five words
_LOWER = re.compile(r"[a-z]")
_OUTLET_NAME = re.compile(r"[A-Z][\w.&'’-]*(?: (?:of |the |and )?[A-Z][\w.&'’-]*){0,4}")
_CONTRIBUTION_VERB = re.compile(r"\bcontributed\b|\b(?:was|were) used in this\b")


class Credit(NamedTuple):
    """A credit line: ``text[start:end]`` credits ``name`` (an agency's name from ``wire_agencies``,
    else the name as written), in the shape ``kind`` (module docstring)."""

    start: int
    end: int
    name: str
    kind: str


def credits(text: str) -> list[Credit]:
    """Every credit line of ``text``, in text order.

    Parameters
    ----------
    text : str
        An article's text.

    Returns
    -------
    list of Credit
        Character offsets into ``text``; at most one credit per shape and place.

    Examples
    --------
    >>> [c.name for c in credits("ROME (AP) — Rain fell.\\n\\nReuters contributed to this report.")]
    ['The Associated Press', 'Reuters']
    """
    found = []
    for kind, pattern, start, end in _searches(text):
        for m in pattern().finditer(text, start, end):
            name = _named(m.group("name"), anyone=kind == "republished" or _capital_place(m))
            if name:  # a closing full stop is the sentence's, not the credit's
                found.append(Credit(m.start("whole"), m.start("whole") + len(m.group("whole").rstrip(".")), name, kind))
    return sorted(set(found))


def agency(name: str) -> str | None:
    """The agency ``name`` stands for ("AP" -> "The Associated Press"), or None.

    All-capital short forms match only as written ("AP", not "ap"); other names ignore case.
    """
    table = _agencies()
    return table.get(name) or table.get(name.casefold())


def _named(raw: str, anyone: bool) -> str | None:
    """The credited name: the agency's, else (where the shape allows anyone) ``raw`` tidied, if it
    reads as an outlet's name: up to five capitalised words, so a caption ("(Photo: Jane Doe/Getty
    Images) —") is not one."""
    raw = raw.strip().rstrip(".,;:")
    found = agency(raw)
    if found or not anyone:
        return found
    return raw if _OUTLET_NAME.fullmatch(raw) else None


def _capital_place(m: re.Match) -> bool:
    """Whether a dateline's place is empty or written in capitals ("WASHINGTON", not "Scott Brown")."""
    place = m.groupdict().get("place")
    return place is not None and not _LOWER.search(place)


@cache
def _agencies() -> dict[str, str]:
    """Form -> agency: all-capital forms as written, the others casefolded."""
    table = lexicons.load_table("wire_agencies")
    return {(form if form.isupper() else form.casefold()): row[0] for form, row in table.items()}


@cache
def _agency_pattern() -> str:
    """Any agency form, longest first; all-capital short forms case-sensitive, the rest not."""
    forms = sorted(lexicons.load_table("wire_agencies"), key=lambda f: (-len(f), f))
    return "|".join(re.escape(f) if f.isupper() else f"(?i:{re.escape(f)})" for f in forms)


def _searches(text: str) -> list[tuple[str, object, int, int]]:
    """(kind, its compiled pattern's getter, where to search from, to) in ``text``. A contribution
    line is searched for only in the lines that hold its verb: the pattern starts with any of the
    agencies' names, which is slow to try at every character of a text that has none."""
    length = len(text)
    searches = [
        ("dateline", _dateline, 0, min(length, _LEAD)),
        ("byline", _byline, 0, min(length, _LEAD)),
        ("signature", _signature, max(0, length - _TAIL), length),
        ("copyright", _copyright, 0, length),
        ("republished", _republished, 0, length),
    ]
    lines = set()
    for m in _CONTRIBUTION_VERB.finditer(text):
        end = text.find("\n", m.end())
        lines.add((text.rfind("\n", 0, m.start()) + 1, length if end < 0 else end))
    return searches + [("contribution", _contribution, start, end) for start, end in sorted(lines)]


@cache
def _dateline() -> re.Pattern[str]:
    return re.compile(
        r"\A\s*(?P<whole>(?P<place>[^()\n]{0,60}?)\s*\((?P<name>[A-Z][^()\n]{1,40})\)\s*[-–—]{1,2})(?=\s)"
    )


@cache
def _byline() -> re.Pattern[str]:
    agencies = _agency_pattern()
    return re.compile(
        rf"^(?P<whole>By [^\n]{{1,80}}?(?:,|;|\||\s[-–—])\s*(?P<name>{agencies})"
        r"(?: (?:[A-Z][a-z]+ )?(?:Writer|Reporter|Correspondent))?)[ \t]*$",
        re.MULTILINE,
    )


@cache
def _signature() -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*(?P<whole>[-–—]{{1,2}}[ \t]*(?P<name>{_agency_pattern()}))\.?\s*\Z", re.MULTILINE)


@cache
def _copyright() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<whole>(?:Copyright|©|\(c\))\s*(?:©\s*)?(?:\d{{4}}\s*,?\s*)?(?P<name>{_agency_pattern()}))\b"
    )


@cache
def _republished() -> re.Pattern[str]:
    return re.compile(
        r"(?P<whole>\b(?:This|The) (?:article|story|report|piece|post) (?:was )?(?:originally |first )?"
        rf"(?:appeared|published|posted|ran)(?: originally| first)? (?:on|in|at|by) (?:the )?(?P<name>{_NAME}))"
    )


@cache
def _contribution() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<whole>(?:(?:Material|Information|Reporting) (?:from|by) )?(?P<name>{_agency_pattern()})"
        # "Associated Press writer Jane Doe in Rome"
        r"(?: [a-z]+(?: [A-Z][\w.'’-]+){1,3}(?: in [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)?)?)?"
        r" (?:contributed(?: reporting)?(?: to this (?:report|story|article))?"
        r"|(?:was|were) used in this (?:report|story|article)))"
    )
