"""The real `stance check` command on small real corpora: exit codes, formats, drift and the cache."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA, REPO, SEEDS

from stance.checks.reports import FORMATS
from stance.checks.rules import RULE_KEYS
from stance.cli import ExitCode
from stance.readers.corpus import read_corpus
from stance.run.cache import DB_NAME, open_cache
from stance.run.measure import annotate_all

CHECK = DATA / "check"
CORPUS = CHECK / "corpus"
RULES = CHECK / "rules"
HEDGY = "herald/ferry-hedgy.txt"
GITHUB_LINE = re.compile(r"::(error|warning) file=([^,:]+),title=([^:]+)::(.+)")


@pytest.fixture
def check(cli, tmp_path):
    """`stance check` in-process, with its cache in a fresh temporary folder."""

    def run(*args: str | Path):
        return cli("check", *args, "--cache-dir", tmp_path / "cache")

    return run


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def compare_rows(cli, corpus: Path, out: Path) -> list[dict]:
    assert cli("compare", corpus, "--out", out).exit_code == 0
    return rows(out / "articles.csv")


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_max_rule_fails_for_exactly_the_hedgy_article(check, cli, tmp_path):
    result = check(CORPUS, "--config", RULES / "hedges.toml", "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    broken = [f for f in findings(result) if f["status"] != "ok"]
    assert [(f["subject"], f["status"], f["message"]) for f in broken] == [(HEDGY, "error", "too many hedges")]
    assert broken[0]["file"] == (CORPUS / HEDGY).as_posix()
    # check reports exactly what compare writes to articles.csv
    written = {r["id"]: float(r["hedge_rate"]) for r in compare_rows(cli, CORPUS, tmp_path / "out")}
    assert {f["subject"]: f["value"] for f in findings(result)} == written
    assert written[HEDGY] > 3.0 and sorted(written.values())[:3] == [0.0, 0.0, 0.0]


def test_rules_that_hold_exit_0(check):
    result = check(CORPUS, "--config", RULES / "pass.toml")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == "6 checks of 2 rules: 0 errors, 0 warnings, 6 ok, 0 skipped.\n"


def test_broken_warning_rule_exits_0_and_is_reported(check):
    result = check(CORPUS, "--config", RULES / "hedges-warning.toml", "--format", "github")
    assert result.exit_code == ExitCode.OK
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    kind, file, title, message = GITHUB_LINE.fullmatch(lines[0]).groups()
    assert (kind, file, title) == ("warning", (CORPUS / HEDGY).as_posix(), "rule 1%3A hedge_rate <= 3 per article")
    assert message.startswith(f"{HEDGY}: hedge_rate 20.")


def test_outlet_scope_is_the_mean_over_the_outlets_articles(check, cli, tmp_path):
    result = check(CORPUS, "--config", RULES / "outlets.toml", "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    articles = compare_rows(cli, CORPUS, tmp_path / "out")
    herald = [float(r["hedge_rate"]) for r in articles if r["outlet"] == "herald"]
    got = {(f["rule"], f["subject"]): (f["value"], f["status"], f["file"]) for f in findings(result)}
    config = (RULES / "outlets.toml").as_posix()
    assert got == {
        (1, "daily"): (0.0, "ok", config),
        (1, "herald"): (round(sum(herald) / len(herald), 4), "error", config),
        (2, "daily"): (0.0, "ok", config),  # outlets = ["DAILY"]: names match regardless of case
    }


def test_junit_is_valid_xml_with_one_testcase_per_rule_and_article(check):
    result = check(CORPUS, "--config", RULES / "hedges.toml", "--format", "junit")
    assert result.exit_code == ExitCode.FINDINGS
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == "testsuites" and (root.get("tests"), root.get("failures")) == ("4", "1")
    assert "timestamp" not in result.stdout and "hostname" not in result.stdout
    cases = root.findall("testsuite/testcase")
    assert sorted(c.get("name") for c in cases) == sorted(
        p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*.txt")
    )
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == [HEDGY]
    message = failed[0].find("failure").get("message")
    assert message.startswith(f"{(CORPUS / HEDGY).as_posix()}: hedge_rate 20.") and "> max 3" in message


def test_junit_escapes_characters_xml_forbids(check, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "herald" / "ferry-hedgy.txt").rename(corpus / "herald" / "odd\x01name,<x>.txt")
    junit = check(corpus, "--config", RULES / "hedges.toml", "--format", "junit")
    failed = ET.fromstring(junit.stdout.encode("utf-8")).find("testsuite/testcase[failure]")
    assert failed.get("name") == "herald/odd#x01name,<x>.txt"
    github = check(corpus, "--config", RULES / "hedges.toml", "--format", "github")
    assert "file=" + (corpus / "herald" / "odd\x01name%2C<x>.txt").as_posix() + ",title=" in github.stdout


def test_text_report_lists_the_broken_check(check):
    result = check(CORPUS, "--config", RULES / "hedges.toml")
    lines = result.stdout.splitlines()
    assert lines[0] == "rule 1: hedge_rate <= 3 per article"
    assert re.fullmatch(rf"  error    {re.escape(HEDGY)}  hedge_rate 20\.\d+ > max 3 \(too many hedges\)", lines[1])
    assert lines[2] == "4 checks of 1 rule: 1 error, 0 warnings, 3 ok, 0 skipped."
    assert "4 articles (0 from the cache), 0 problems" in result.stderr


def test_several_paths_point_annotations_at_the_right_files(check):
    result = check(CORPUS / "daily", CORPUS / "herald", "--config", RULES / "hedges.toml", "--format", "github")
    assert result.exit_code == ExitCode.FINDINGS
    assert [GITHUB_LINE.fullmatch(line).group(2) for line in result.stdout.splitlines()] == [
        (CORPUS / HEDGY).as_posix()
    ]


def test_input_problems_are_reported_and_fail_only_under_strict(check, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "daily" / "broken.json").write_text('{"title": ', encoding="utf-8")
    result = check(corpus, "--config", RULES / "pass.toml", "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert "daily/broken.json: broken JSON" in result.stderr
    assert [p["path"] for p in json.loads(result.stdout)["problems"]] == ["daily/broken.json"]
    strict = check(corpus, "--config", RULES / "pass.toml", "--strict")
    assert strict.exit_code == ExitCode.USAGE and "1 input problems (--strict)" in strict.stderr


def test_output_file_holds_the_report(check, tmp_path):
    report = tmp_path / "report.json"
    result = check(CORPUS, "--config", RULES / "hedges.toml", "--format", "json", "--output", report)
    assert result.exit_code == ExitCode.FINDINGS and result.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["error"] == 1


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("unknown-feature.toml", "rule 1: unknown feature 'hedge_ratio'; article rules can test: words, "),
        ("bad-syntax.toml", "bad TOML: Expected '=' after a key in a key/value pair (at line 3, column 5)"),
        ("wrong-type.toml", "rule 1: 'max' must be a number, got '3.0'"),
        ("unknown-key.toml", "rule 1: unknown key 'maximum'; a rule may have: feature, min, max"),
        ("drift.toml", "rule 1: 'max_change' needs --baseline FILE"),
        ("missing.toml", "no such file"),
    ],
)
def test_config_problems_exit_2_naming_the_file(check, rules, expected):
    result = check(CORPUS, "--config", RULES / rules)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {RULES / rules}: {expected}")
    assert result.stdout == ""


def test_missing_path_exits_2(check, tmp_path):
    result = check(tmp_path / "nowhere", "--config", RULES / "pass.toml")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.strip() == f"error: {tmp_path / 'nowhere'}: no such file or folder"


def test_rules_are_found_in_pyproject_from_a_subfolder(check, tmp_path, monkeypatch):
    rules = (RULES / "hedges.toml").read_text(encoding="utf-8").replace("[[rule]]", "[[tool.stance.rule]]")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "newsroom"\n\n' + rules, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = check(CORPUS, "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    assert [f["subject"] for f in findings(result) if f["status"] == "error"] == [HEDGY]
    # a stance.toml nearer the current folder wins
    (tmp_path / "sub" / "stance.toml").write_text((RULES / "pass.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert check(CORPUS).exit_code == ExitCode.OK


def test_no_rules_anywhere_exits_2(check, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    result = check(CORPUS)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: no rules found: pass --config FILE")


def test_drift_against_each_kind_of_baseline(check, cli, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    before = compare_rows(cli, corpus, tmp_path / "out")
    saved = tmp_path / "baseline.csv"
    assert check(corpus, "--config", RULES / "pass.toml", "--save-baseline", saved).exit_code == 0
    # daily rewrites one of its two articles in the hedgy style (in its own words: a copy of herald's
    # would be a wire copy, left out of the means); herald is unchanged; gazette is new
    (corpus / "daily" / "ferry-plain.txt").write_text(
        "title: Orlund ferry may return\ndate: 2025-04-02\n\nThe Orlund ferry might possibly sail again this week,"
        " and officials reportedly think the pier may hold, though it appears unclear whether the timetable could"
        " change.\n\nIt seems passengers may perhaps face delays.\n\nThe crossing takes forty minutes.\n",
        encoding="utf-8",
    )
    (corpus / "gazette").mkdir()
    (corpus / "gazette" / "library.txt").write_text(
        "title: Library budget passes\ndate: 2025-06-10\n\nCouncillors in Tellgarth voted nine to two on Tuesday to"
        " give the central library 4.1 million crowns.\n\nThe vote was public.\n",
        encoding="utf-8",
    )
    after = compare_rows(cli, corpus, tmp_path / "after")

    def daily(table: list[dict]) -> float:
        values = [float(r["hedge_rate"]) for r in table if r["outlet"] == "daily"]
        return round(sum(values) / len(values), 4)

    old_daily, new_daily = daily(before), daily(after)
    assert new_daily - old_daily > 0.5
    for baseline in (saved, tmp_path / "out" / "outlets.csv", tmp_path / "out" / "stories.json"):
        result = check(corpus, "--config", RULES / "drift.toml", "--baseline", baseline, "--format", "json")
        assert result.exit_code == ExitCode.FINDINGS, baseline
        got = {f["subject"]: (f["status"], f["baseline"], f["value"]) for f in findings(result)}
        assert got["daily"] == ("error", old_daily, new_daily), baseline
        assert got["herald"][0] == "ok" and got["herald"][1] == got["herald"][2]
        assert got["gazette"] == ("skipped", None, 0.0)


def test_bad_baseline_exits_2(check, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = check(CORPUS, "--config", RULES / "drift.toml", "--baseline", bad)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {bad}: not a baseline")


def test_cold_and_warm_runs_give_identical_findings(check, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    args = (corpus, "--config", RULES / "outlets.toml", "--format", "json")
    cold, warm, uncached = check(*args), check(*args), check(*args, "--no-cache")
    assert cold.stdout == warm.stdout == uncached.stdout
    assert "(0 from the cache)" in cold.stderr and "(4 from the cache)" in warm.stderr
    # one changed file is measured again; the others come from the cache
    with (corpus / "daily" / "ferry-plain.txt").open("a", encoding="utf-8") as f:
        f.write("\nFares may rise, and the timetable could perhaps change.\n")
    changed = check(*args)
    assert "(3 from the cache)" in changed.stderr
    assert changed.stdout == check(*args, "--no-cache").stdout != cold.stdout


def test_compare_outputs_are_byte_identical_with_and_without_the_cache(cli, tmp_path):
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    cache = tmp_path / "cache"
    for out in ("cold", "warm"):
        assert cli("compare", SEEDS, "--out", tmp_path / out, "--cache-dir", cache).exit_code == 0
    assert cli("compare", SEEDS, "--out", tmp_path / "none").exit_code == 0
    assert files(tmp_path / "cold") == files(tmp_path / "warm") == files(tmp_path / "none")
    assert (cache / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_cache_key_covers_text_metadata_and_code(tmp_path):
    articles, _ = read_corpus([CORPUS])
    with open_cache(tmp_path, code="code-1") as cache:
        annotate_all(articles, cache=cache)
        assert cache.key(articles[0]) != cache.key(replace(articles[0], title="Other"))
        assert cache.key(articles[0]) != cache.key(replace(articles[0], text=articles[0].text + " More."))
        assert all(hit is not None for hit in cache.lookup(articles))
    with open_cache(tmp_path, code="code-2") as cache:  # new code or lexicons: nothing old is used
        assert cache.lookup(articles) == [None] * len(articles)
        assert cache.connection.execute("SELECT count(*) FROM results").fetchone() == (0,)


def test_damaged_cache_exits_2_and_deleting_it_is_safe(check, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / DB_NAME).write_bytes(b"not a database at all" * 100)
    result = check(CORPUS, "--config", RULES / "pass.toml")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {cache / DB_NAME}: cannot use the cache")
    shutil.rmtree(cache)
    assert check(CORPUS, "--config", RULES / "pass.toml").exit_code == ExitCode.OK
    with sqlite3.connect(cache / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM results").fetchone() == (4,)


def test_real_process_exit_code_and_github_lines(tmp_path):
    shutil.copy(RULES / "hedges.toml", tmp_path / "stance.toml")
    shutil.copytree(CORPUS, tmp_path / "corpus")
    done = subprocess.run(
        [sys.executable, "-m", "stance", "check", "corpus", "--format", "github"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert [GITHUB_LINE.fullmatch(line).group(1, 2) for line in done.stdout.splitlines()] == [
        ("error", f"corpus/{HEDGY}")
    ]
    assert (tmp_path / ".stance-cache" / DB_NAME).is_file()


def test_every_rule_key_format_and_exit_code_is_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `stance check")[1].split("\n## ")[0]
    for key in RULE_KEYS:
        assert f"| `{key}` |" in section, f"rule key {key} is not documented in the README's stance check section"
    for fmt in FORMATS:
        assert f"`{fmt}`" in section, f"--format {fmt} is not documented"
    for code in ExitCode:
        assert f"| {code.value} |" in section, f"exit code {code.value} is not documented"
