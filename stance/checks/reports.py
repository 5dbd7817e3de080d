"""`stance check` results as text, JSON, JUnit XML or GitHub annotations: one small renderer per
format, all from the same `Finding`s, all deterministic (sorted input, no times, no host names).

Every renderer of `FORMATS` is called as ``render(findings, problems)``; its own docstring says
what it shows.

Parameters
----------
findings : sequence of Finding
    The checks, sorted by rule (as `stance.checks.findings.run_rules` returns them).
problems : sequence of Problem, default ()
    The input problems; only the JSON report lists them, the other formats do not show them.

Returns
-------
str
    The report.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from itertools import groupby

from ..model import Finding, Problem

STATUSES = ("error", "warning", "ok", "skipped")


def summary(findings: Sequence[Finding]) -> str:
    """Counts of checks, rules and statuses: ``12 checks of 3 rules: 1 error, 1 warning, 9 ok, 1 skipped``."""
    counts = Counter(f.status for f in findings)
    parts = [_count(counts[s], s) if s in ("error", "warning") else f"{counts[s]} {s}" for s in STATUSES]
    return f"{_count(len(findings), 'check')} of {_count(len({f.rule for f in findings}), 'rule')}: {', '.join(parts)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def text(findings: Sequence[Finding], problems: Sequence[Problem] = ()) -> str:
    """Broken and skipped checks grouped under their rule, in aligned columns, then the summary.

    Parameters and return as every renderer (module docstring); ``problems`` are not shown.
    """
    lines = []
    shown = [f for f in findings if f.status != "ok"]
    for (number, name), group in groupby(shown, key=lambda f: (f.rule, f.name)):
        rows = [(f.status, f.subject, f.detail + (f" ({f.message})" if f.message else "")) for f in group]
        width = max(len(subject) for _, subject, _ in rows)
        lines.append(f"rule {number}: {name}")
        lines.extend(f"  {status:<7}  {subject:<{width}}  {detail}" for status, subject, detail in rows)
    lines.append(summary(findings) + ".")
    return "\n".join(lines) + "\n"


def json_report(findings: Sequence[Finding], problems: Sequence[Problem] = ()) -> str:
    """Every check (ok ones too), the counts, and the input problems.

    Parameters and return as every renderer (module docstring); the report is one JSON object
    (indent 1, keys sorted) and a line break.
    """
    counts = Counter(f.status for f in findings)
    data = {
        "summary": {
            "checks": len(findings),
            "rules": len({f.rule for f in findings}),
            **{s: counts[s] for s in STATUSES},
        },
        "findings": [asdict(f) for f in findings],
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# Characters XML 1.0 forbids (and DEL), shown as #xNN like pytest's bin_xml_escape.
_ILLEGAL_XML = re.compile("[^\u0009\u000a\u000d\u0020-\u007e\u0080-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """``value`` as a string XML can hold: illegal characters become ``#xNN`` (markup is escaped by ElementTree)."""
    return _ILLEGAL_XML.sub(lambda m: f"#x{ord(m.group()):02X}", str(value))


def junit(findings: Sequence[Finding], problems: Sequence[Problem] = ()) -> str:
    """JUnit XML after the schema pytest follows (Jenkins xunit-plugin ``junit-10.xsd``).

    One ``testsuite`` per rule, one ``testcase`` per article or outlet. A broken error rule is a
    ``failure``; a broken warning rule passes with the warning in ``system-out``; a drift check
    for an outlet missing from the baseline is ``skipped``.

    Parameters and return as every renderer (module docstring); ``problems`` are not shown.
    """
    counts = Counter(f.status for f in findings)
    root = ET.Element(
        "testsuites", _attrs(name="stance check", tests=len(findings), failures=counts["error"], errors=0)
    )
    for (number, name), group in groupby(findings, key=lambda f: (f.rule, f.name)):
        cases = list(group)
        tally = Counter(f.status for f in cases)
        suite = ET.SubElement(
            root,
            "testsuite",
            _attrs(
                name=f"rule {number}: {name}",
                tests=len(cases),
                failures=tally["error"],
                errors=0,
                skipped=tally["skipped"],
            ),
        )
        for f in cases:
            case = ET.SubElement(suite, "testcase", _attrs(classname=f"stance.check.rule{number}", name=f.subject))
            said = f"{f.file}: {f.detail}" + (f" ({f.message})" if f.message else "")
            if f.status == "error":
                ET.SubElement(case, "failure", _attrs(message=said, type="error")).text = xml_text(said)
            elif f.status == "warning":
                ET.SubElement(case, "system-out").text = xml_text(f"warning: {said}")
            elif f.status == "skipped":
                ET.SubElement(case, "skipped", _attrs(message=said))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _attrs(**values: object) -> dict[str, str]:
    return {k: xml_text(v) for k, v in values.items()}


def github(findings: Sequence[Finding], problems: Sequence[Problem] = ()) -> str:
    """GitHub Actions workflow commands: ``::error file=…,title=…::…`` (and ``::warning``).

    One per broken check, escaped as the runner expects (``%``, CR, LF everywhere; ``:`` and ``,`` in
    properties).

    Parameters and return as every renderer (module docstring); ``problems`` are not shown.
    """
    lines = []
    for f in findings:
        if f.status in ("error", "warning"):
            title = f"rule {f.rule}: {f.name}"
            said = f"{f.subject}: {f.detail}" + (f" ({f.message})" if f.message else "")
            lines.append(f"::{f.status} file={_property(f.file)},title={_property(title)}::{_data(said)}")
    return "".join(line + "\n" for line in lines)


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


FORMATS: dict[str, Callable[[Sequence[Finding], Sequence[Problem]], str]] = {
    "text": text,
    "json": json_report,
    "junit": junit,
    "github": github,
}


def report(findings: Sequence[Finding], fmt: str, problems: Sequence[Problem] = ()) -> str:
    """The report in format ``fmt`` (a key of `FORMATS`).

    Parameters
    ----------
    findings : sequence of Finding
        Sorted by rule, then subject.
    fmt : str
        ``text``, ``json``, ``junit`` or ``github``.
    problems : sequence of Problem, default ()
        As for every renderer (module docstring).

    Returns
    -------
    str
        The renderer's report.
    """
    return FORMATS[fmt](findings, problems)
