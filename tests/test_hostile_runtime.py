"""Hostile runtime (issue 16): templates that reach for Python, metadata that lies, links out of the
corpus, the output read back as input, reserved file names. Each runs the real CLI in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOOD = "The harbour council met on Tuesday and approved the new ferry timetable, officials said."


def stance(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stance", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def problems(out: Path) -> list[tuple[str, str]]:
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    return [(p["path"], p["message"]) for p in data["problems"]]


def every_output(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file())


def test_a_template_reaching_python_internals_fails_naming_the_template(tmp_path):
    corpus, templates = tmp_path / "corpus", tmp_path / "templates"
    corpus.mkdir()
    templates.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (templates / "index.html").write_text("{{ cycler.__init__.__globals__.os.popen('id').read() }}", encoding="utf-8")
    run = stance("compare", corpus, "--out", tmp_path / "out", "--templates", templates)
    assert run.returncode == 2
    assert run.stderr.startswith("error: template error: index.html: ") and "unsafe" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "uid=" not in run.stdout + run.stderr
    assert not (tmp_path / "out").exists()


def test_a_date_with_trailing_junk_is_reported_and_missing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    junk = "2025-03-13</td><script>alert(1)</script>" + "x" * 60
    (corpus / "a.json").write_text(json.dumps({"text": GOOD, "date": junk}), encoding="utf-8")
    other = GOOD.replace("Tuesday", "Friday")
    (corpus / "b.json").write_text(json.dumps({"text": other, "date": "2025-03-13T09:30:00Z"}), encoding="utf-8")
    out = tmp_path / "out"
    assert stance("compare", corpus, "--out", out).returncode == 0
    dates = {
        a["id"]: a["date"] for s in json.loads((out / "stories.json").read_text())["stories"] for a in s["articles"]
    }
    assert dates == {"a.json": None, "b.json": "2025-03-13"}
    (message,) = [m for p, m in problems(out) if p == "a.json"]
    assert message == f"unrecognised date '{junk[:39]}…', treated as missing"  # shortened to 40 characters


def test_control_characters_are_removed_from_every_field_and_named_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {
            "text": GOOD + "\x07 The vote\x00 was public.\tIt passed.",
            "title": "Fer\x00ry\x1b[2J vote",
            "outlet": "Gaz\x00ette",
        },
        {
            "text": GOOD.replace("Tuesday", "Friday"),
            "title": "Second\x0b one",
            "outlet": "Gazette",
            "url": "https://g.example/\x00x",
        },
    ]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = tmp_path / "out"
    assert stance("compare", corpus, "--out", out).returncode == 0
    written = every_output(out)
    assert not any(ch in written for ch in "\x00\x07\x0b\x1b")
    assert [m for p, m in problems(out) if p == "feed.jsonl"] == ["control characters removed"]
    stories = json.loads((out / "stories.json").read_text())["stories"]
    titles = sorted(a["title"] for s in stories for a in s["articles"])
    assert titles == ["Fer ry [2J vote", "Second one"]
    assert "Gaz ette" in {a["outlet"] for s in stories for a in s["articles"]}
