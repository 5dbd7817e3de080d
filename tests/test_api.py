"""The Python API: ``import stance`` gives a notebook what the CLI does, with the same results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA, SEEDS

import stance

CHECK = DATA / "check"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "stance", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def assert_write_is_the_cli(corpus: Path, tmp_path: Path) -> stance.Result:
    result = stance.compare([corpus], jobs=2)
    assert result.write(tmp_path / "api") == tmp_path / "api"
    assert run_cli("compare", corpus, "--out", tmp_path / "cli", "--jobs", "2").returncode == 0
    api, cli = files_of(tmp_path / "api"), files_of(tmp_path / "cli")
    assert len(api) > 10 and api == cli
    return result


def test_compare_writes_exactly_what_the_cli_writes_on_the_seeds(tmp_path):
    result = assert_write_is_the_cli(SEEDS, tmp_path)
    # The DataFrames are the CSV files' rows and columns.
    for frame, name in ((result.articles, "articles"), (result.outlets, "outlets"), (result.quotes, "quotes")):
        written = pd.read_csv(tmp_path / "cli" / f"{name}.csv", keep_default_na=False)
        assert list(frame.columns) == list(written.columns) and len(frame) == len(written) > 0, name
    assert list(result.articles["id"]) == sorted(a.id for s in result.stories for a in s.articles)
    assert len(result.stories) == 5 and result.problems == []
    assert set(result.entities["outlet"]) <= set(result.articles["outlet"])


def test_compare_writes_exactly_what_the_cli_writes_on_basil(basil, tmp_path):
    result = assert_write_is_the_cli(basil / "articles", tmp_path)
    assert len(result.articles) == 150 and set(result.articles["outlet"]) == {"fox", "hpo", "nyt"}


def test_annotate_measures_one_article_with_its_evidence():
    article = stance.annotate(stance.Article(id="x", text="Officials said the dam may fail."))
    assert article.features["hedge_rate"] == pytest.approx(100 / 6, abs=1e-4)  # one hedge in six words
    assert article.features["attribution_density"] == 1.0
    evidence = {(s.label, article.text[s.start : s.end]) for s in article.spans}
    assert {("hedge", "may"), ("attribution", "said")} <= evidence
    (source,) = article.spans_labelled("source")
    assert dict(source.attrs)["status"] == "anonymous"


def test_read_returns_articles_and_problems():
    articles, problems = stance.read(SEEDS)
    assert len(articles) == 19 and problems == []
    assert all(a.spans == () and not a.features for a in articles)
    articles, problems = stance.read([DATA / "formats"])
    assert articles and any(p.path == "lines.jsonl" and p.line == 2 for p in problems)


def test_check_returns_findings_and_reports(tmp_path):
    checked = stance.check(CHECK / "corpus", CHECK / "rules" / "hedges.toml", jobs=1)
    broken = [f for f in checked.findings if f.status == "error"]
    assert [f.subject for f in broken] == ["herald/ferry-hedgy.txt"] and checked.failed
    assert broken[0].message == "too many hedges" and checked.articles == 4
    assert 'failures="1"' in checked.report("junit")
    checked.save_baseline(tmp_path / "baseline.csv")
    drift = stance.check(CHECK / "corpus", CHECK / "rules" / "drift.toml", baseline=tmp_path / "baseline.csv", jobs=1)
    assert {f.status for f in drift.findings} == {"ok"} and not drift.failed


def test_import_stance_is_lazy_and_lists_its_api():
    code = "import stance, sys; print(sorted(m for m in sys.modules if m.startswith('stance')), dir(stance))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("['stance'] ")  # nothing imported until used
    for name in ("compare", "annotate", "read", "check", "Article", "Span", "Story", "Problem", "Finding"):
        assert f"'{name}'" in out
    with pytest.raises(AttributeError):
        stance.no_such_name  # noqa: B018


def test_jobs_and_a_dask_scheduler_exclude_each_other():
    with pytest.raises(ValueError, match="'jobs' and 'scheduler'"):
        stance.compare(SEEDS, jobs=2, scheduler="tcp://127.0.0.1:1")
