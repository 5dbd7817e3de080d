"""The real `stance compare` command on real files."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, SEEDS

from stance.features import COLUMNS


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def all_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_compare_seeds_writes_every_output(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("compare", SEEDS, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "index.html")
    assert "0 problems" in result.stderr
    for name in ("index.html", "articles.csv", "outlets.csv", "stories.json"):
        assert (out / name).is_file()
    rows = read_rows(out / "articles.csv")
    seed = next(r for r in rows if r["path"] == "000_2730ba1b93403d31.txt")
    assert (seed["date"], seed["outlet"], seed["title"]) == ("2022-02-27", "unknown", "")
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert data["problems"] == []
    pages = sorted((out / "stories").glob("*.html"))
    assert {p.stem for p in pages} == {s["id"] for s in data["stories"]}
    index = (out / "index.html").read_text(encoding="utf-8")
    for story in data["stories"]:
        assert f'href="stories/{story["id"]}.html"' in index
    # Every multi-outlet story page shows its outlets side by side, with highlighted evidence.
    multi = [s for s in data["stories"] if len(s["outlets"]) >= 3]
    assert len(multi) >= 3
    for story in multi:
        page = (out / "stories" / f"{story['id']}.html").read_text(encoding="utf-8")
        assert page.count('<article class="column"') == len(story["articles"])
        assert '<mark class="hedge' in page or '<mark class="attribution' in page
        assert page.count('<td class="bar-cell">') == len(story["articles"]) * len(COLUMNS)
    # A story of one article has no bars to compare it by.
    (alone,) = [s for s in data["stories"] if len(s["articles"]) == 1]
    page = (out / "stories" / f"{alone['id']}.html").read_text(encoding="utf-8")
    assert "1 article from 1 outlet" in page and "bar-cell" not in page
    assert page.count('<a href="../features.html#') == len(COLUMNS)


def test_outlet_table_is_per_story_and_outlet(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("compare", SEEDS, "--out", out).exit_code == 0
    articles = read_rows(out / "articles.csv")
    outlets = read_rows(out / "outlets.csv")
    assert sum(int(r["articles"]) for r in outlets) == len(articles)
    first = outlets[0]
    members = [r for r in articles if (r["story_id"], r["outlet"]) == (first["story_id"], first["outlet"])]
    mean = sum(float(r["hedge_rate"]) for r in members) / len(members)
    assert abs(float(first["hedge_rate"]) - mean) < 1e-4


@pytest.mark.parametrize("corpus", [SEEDS, DATA / "wire"], ids=["seeds", "wire"])
def test_two_runs_are_byte_identical(cli, tmp_path, corpus):
    # the wire pages: copies are found on the pool with two processes, in this process with one
    assert cli("compare", corpus, "--out", tmp_path / "a", "--jobs", "2").exit_code == 0
    assert cli("compare", corpus, "--out", tmp_path / "b", "--jobs", "1").exit_code == 0
    assert all_files(tmp_path / "a") == all_files(tmp_path / "b")


def test_article_text_and_metadata_are_escaped(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("compare", DATA / "hostile", "--out", out).exit_code == 0
    html = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    html = re.sub(r'</?mark(?: class="[a-z ]+")?>', "", html)  # stance's own highlight tags
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<b onmouseover" not in html
    assert "javascript:" not in html.replace("&#39;", "'").split("<body>")[0]
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt;" in html
    assert all(re.fullmatch(r"[a-z0-9-]+\.html", p.name) for p in (out / "stories").iterdir())


def test_bad_file_is_reported_and_run_goes_on(cli, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA / "formats", corpus)
    (corpus / "broken.json").write_text('{"title": ', encoding="utf-8")
    out = tmp_path / "out"
    result = cli("compare", corpus, "--out", out)
    assert result.exit_code == 0
    assert "broken.json: broken JSON at line 1" in result.stderr
    problems = json.loads((out / "stories.json").read_text(encoding="utf-8"))["problems"]
    assert {p["path"] for p in problems} == {"broken.json", "lines.jsonl"}
    strict = cli("compare", corpus, "--out", out, "--strict")
    assert strict.exit_code == 2
    assert "2 input problems (--strict)" in strict.stderr


def test_missing_path_exits_2_with_a_message(cli, tmp_path):
    result = cli("compare", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nowhere'}: no such file or folder"
    assert not (tmp_path / "out").exists()


def test_refuses_to_replace_a_folder_it_did_not_write(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("precious", encoding="utf-8")
    result = cli("compare", SEEDS, "--out", tmp_path)
    assert result.exit_code == 2
    assert "refusing to replace it" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "precious"


def test_user_templates_override_and_extend_builtins(cli, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text(
        '{% extends "default:index.html" %}{% block title %}Newsroom audit{% endblock %}', encoding="utf-8"
    )
    out = tmp_path / "out"
    assert cli("compare", SEEDS, "--out", out, "--templates", templates).exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Newsroom audit</title>" in index and 'class="stories"' in index


def test_installed_command_runs_as_a_subprocess(tmp_path):
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "stance", "compare", str(SEEDS), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()) == out / "index.html"
    assert (out / "stories.json").is_file()


def test_basil_through_the_cli(cli, tmp_path, basil):
    out = tmp_path / "out"
    result = cli("compare", basil / "articles", "--out", out)
    assert result.exit_code == 0
    rows = read_rows(out / "articles.csv")
    assert len(rows) == 150
    assert {r["outlet"] for r in rows} == {"fox", "nyt", "hpo"}
    assert "150 articles from 3 outlets" in result.stderr


def test_warnings_name_the_file_and_strict_makes_them_fail(cli, tmp_path):
    result = cli("compare", DATA / "pages", "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "video.html: article body is only 21 words" in result.stderr
    assert "german.html: text looks like German" in result.stderr
    problems = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))["problems"]
    assert sorted(p["path"] for p in problems) == ["german.html", "loading.html", "undated.html", "video.html"]
    assert cli("compare", DATA / "pages", "--out", tmp_path / "strict", "--strict").exit_code == 2


def _run_in_terminal(args: list[str]) -> str:
    """Run the real CLI with its stderr on a pseudo-terminal; return what it wrote there."""
    import os
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "stance", *args], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_long_runs_show_progress_on_a_terminal_only(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(300):  # five chunks of 64 articles to measure, 300 stories to group, compare and lay out
        text = f"The council of Varn{n}holm met about the ferry to Kess{n}by. Members of panel Q{n}x voted."
        (corpus / f"{n:03d}.txt").write_text(text, encoding="utf-8")
    shown = _run_in_terminal(["compare", str(corpus), "--out", str(tmp_path / "tty"), "--jobs", "2"])
    for stage in ("Reading files", "Measuring articles", "Grouping stories", "Comparing stories", "Laying out pages"):
        assert stage in shown, stage
    # Counts beside the bars: 300 stories compared (its one outlet is profiled without a bar); then
    # the index, the outlet's page, the stylesheet and the features page.
    assert re.search(r"(?<!\d)300/300(?!\d)", shown.split("Comparing stories")[-1])
    assert re.search(r"(?<!\d)4/4(?!\d)", shown.split("Laying out pages")[-1])
    # Not a terminal: no bar in the logs, and the same files byte for byte.
    plain = subprocess.run(
        [sys.executable, "-m", "stance", "compare", str(corpus), "--out", str(tmp_path / "log"), "--jobs", "2"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Reading files" not in plain.stderr and "\x1b" not in plain.stderr
    for file in sorted((tmp_path / "log").rglob("*")):
        if file.is_file():
            assert file.read_bytes() == (tmp_path / "tty" / file.relative_to(tmp_path / "log")).read_bytes()
    # --quiet: nothing at all on the terminal.
    assert _run_in_terminal(["compare", str(corpus), "--out", str(tmp_path / "q"), "--quiet"]).strip() == ""
