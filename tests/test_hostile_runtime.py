"""Hostile runtime (issue 16): templates that reach for Python, metadata that lies, links out of the
corpus, the output read back as input, reserved file names. Each runs the real CLI in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOOD = "The harbour council met on Tuesday and approved the new ferry timetable, officials said."
RULES = Path(__file__).parent / "data" / "check" / "rules" / "pass.toml"


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


def test_a_templates_folder_skips_hidden_files_and_names_a_file_that_is_not_text(tmp_path):
    corpus, templates = tmp_path / "corpus", tmp_path / "templates"
    corpus.mkdir()
    templates.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (templates / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\xff\xfe")  # a file browser's, not a template
    (templates / "index.html").write_text('{% extends "default:index.html" %}', encoding="utf-8")
    assert stance("compare", corpus, "--out", tmp_path / "out", "--templates", templates).returncode == 0
    (templates / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xd8")
    run = stance("compare", corpus, "--out", tmp_path / "again", "--templates", templates)
    assert run.returncode == 2
    why = "not UTF-8 text; the templates folder holds only templates"
    assert run.stderr == f"error: template error: {templates / 'logo.png'}: {why}\n"
    assert not (tmp_path / "again").exists()


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


def test_a_link_out_of_the_corpus_is_named_and_not_read(tmp_path):
    corpus, secrets = tmp_path / "corpus", tmp_path / "secrets.env"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    secrets.write_text("The deploy token is hunter2 and the database password is swordfish today.", encoding="utf-8")
    (corpus / "sub" / "notes.txt").symlink_to("../../secrets.env")  # committed in a pull request
    (corpus / "inside.txt").symlink_to("a.txt")  # a link within the corpus is read
    out = tmp_path / "out"
    run = stance("compare", corpus, "--out", out)
    assert run.returncode == 0, run.stderr
    assert "hunter2" not in every_output(out)
    assert ("sub/notes.txt", "link to a file outside the PATH given, not read (--follow-links reads it)") in problems(
        out
    )
    assert "sub/notes.txt: link to a file outside the PATH given" in run.stderr
    assert stance("check", corpus, "--config", RULES, "--no-cache", "--strict").returncode == 2  # a problem
    followed = tmp_path / "followed"
    assert stance("compare", corpus, "--out", followed, "--follow-links").returncode == 0
    assert "hunter2" in (followed / "articles.csv").read_text(encoding="utf-8") + every_output(followed)


def test_the_output_folder_is_not_read_back(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, day in enumerate(("Monday", "Tuesday", "Friday")):
        (corpus / f"{n}.txt").write_text(GOOD.replace("Tuesday", day), encoding="utf-8")
    first = stance("compare", ".", cwd=corpus)  # --out defaults to out/, inside the PATH
    assert first.returncode == 0, first.stderr
    before = all_bytes(corpus / "out")
    second = stance("compare", ".", cwd=corpus)
    assert second.returncode == 0, second.stderr
    assert all_bytes(corpus / "out") == before
    assert second.stderr == first.stderr == "3 articles from 1 outlet in 1 story; 0 problems.\n"
    # nor an earlier output kept under another name
    (corpus / "out").rename(corpus / "last-week")
    assert stance("compare", ".", cwd=corpus).stderr == first.stderr


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reserved_windows_names_are_never_page_names(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, name in enumerate(("CON", "NUL", "AUX", "COM1", "LPT1", "prn")):
        record = {"outlet": name, "title": name, "text": GOOD.replace("Tuesday", f"day {n}")}
        (corpus / f"{n}.json").write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "out"
    assert stance("compare", corpus, "--out", out).returncode == 0
    stems = {p.name.split(".")[0] for p in out.rglob("*")}  # Windows reserves "con" and "con.html" alike
    assert not stems & {"con", "nul", "aux", "com1", "lpt1", "prn"}
    assert (out / "outlets" / "con-name.html").is_file()


def test_an_out_link_keeps_pointing_at_the_new_output(tmp_path):
    corpus, real, link = tmp_path / "corpus", tmp_path / "site", tmp_path / "latest"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    assert stance("compare", corpus, "--out", real).returncode == 0
    link.symlink_to(real, target_is_directory=True)
    (corpus / "b.txt").write_text(GOOD.replace("Tuesday", "Friday"), encoding="utf-8")
    run = stance("compare", corpus, "--out", link)
    assert run.returncode == 0, run.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "b.txt" in (real / "articles.csv").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "latest", "site"]


def test_jsonl_ids_are_line_numbers(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"text": GOOD}), "{not json", json.dumps({"text": GOOD.replace("Tuesday", "Friday")})]
    (corpus / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    assert stance("compare", corpus, "--out", out).returncode == 0
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(a["id"] for s in stories for a in s["articles"]) == ["feed.jsonl#1", "feed.jsonl#3"]
