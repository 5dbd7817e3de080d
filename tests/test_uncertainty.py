"""How sure each outlet figure is: story-bootstrap intervals and matched-story differences, on known
statistical cases, on the seed corpus (too few stories) and on BASIL (50 stories per outlet)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import SEEDS

from stance.comparison.uncertainty import MIN_STORIES, matched_differences, outlet_figures
from stance.features import COLUMNS
from stance.run.pipeline import compare


def table(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """An article table of (outlet, story, hedge_rate) rows; the other features 0, no wire copies."""
    records = [
        {"outlet": o, "story_id": s, "wire_copy": False, **dict.fromkeys(COLUMNS, 0.0), "hedge_rate": v}
        for o, s, v in rows
    ]
    return pd.DataFrame(records)


def hedges(figures, outlet):
    return next(f for f in figures if f.outlet == outlet and f.feature == "hedge_rate")


STORIES = [f"s{n}" for n in range(8)]
VALUES = [0.5, 1.0, 0.0, 2.0, 1.5, 0.2, 0.9, 3.0]


def test_an_outlet_with_one_article_or_few_stories_gets_no_interval():
    rows = [("A", s, v) for s, v in zip(STORIES, VALUES)] + [("B", "s0", 1.0)]
    rows += [("C", s, 1.0) for s in STORIES[: MIN_STORIES - 1]]
    figures = outlet_figures(table(rows))
    assert hedges(figures, "B").interval is None and hedges(figures, "B").n_articles == 1
    assert hedges(figures, "C").interval is None and hedges(figures, "C").n_stories == MIN_STORIES - 1
    a = hedges(figures, "A")
    assert a.interval.low < a.mean < a.interval.high and a.mean == round(sum(VALUES) / len(VALUES), 4)


def test_identical_outlets_get_the_same_interval_and_no_difference():
    rows = [(o, s, v) for o in ("A", "B") for s, v in zip(STORIES, VALUES)]
    data = table(rows)
    a, b = hedges(outlet_figures(data), "A"), hedges(outlet_figures(data), "B")
    assert (a.mean, a.n_stories) == (b.mean, b.n_stories)
    assert a.interval.low <= b.interval.high and b.interval.low <= a.interval.high  # they overlap
    (d,) = [x for x in matched_differences(data) if (x.outlet, x.feature) == ("A", "hedge_rate")]
    assert (d.difference, d.n_stories, d.interval) == (0.0, 8, (0.0, 0.0)) and not d.interval.excludes_zero()


def test_a_constant_gap_on_matched_stories_excludes_zero():
    rows = [("A", s, v + 1.0) for s, v in zip(STORIES, VALUES)] + [("B", s, v) for s, v in zip(STORIES, VALUES)]
    (d,) = [x for x in matched_differences(table(rows)) if (x.outlet, x.feature) == ("A", "hedge_rate")]
    assert (d.difference, d.interval) == (1.0, (1.0, 1.0)) and d.interval.excludes_zero()
    # B against A is the same gap, negative
    (e,) = [x for x in matched_differences(table(rows)) if (x.outlet, x.feature) == ("B", "hedge_rate")]
    assert (e.difference, e.interval) == (-1.0, (-1.0, -1.0))


def test_the_unit_resampled_is_the_story():
    """Two identical articles per story say no more than one: a bootstrap over articles would
    narrow the interval, one over stories leaves it as it was."""
    once = [("A", s, v) for s, v in zip(STORIES, VALUES)]
    twice = once + once
    assert hedges(outlet_figures(table(once)), "A") == hedges(outlet_figures(table(twice)), "A")._replace(n_articles=8)


def test_seed_outlets_have_too_few_stories_for_an_interval(tmp_path):
    result = compare(SEEDS, jobs=1)
    assert all(f.interval is None for f in result.figures)  # 1 to 4 stories each
    out = result.write(tmp_path / "out")
    page = (out / "outlets" / "kestrel-courier.html").read_text(encoding="utf-8")
    assert page.count('<span class="muted">too few articles</span>') == len(COLUMNS)
    assert 'words</td><td class="num">284.2</td>' in page  # a mean of counts to one decimal, not 284.250


def test_basil_intervals_are_narrow_enough_to_read(basil, tmp_path):
    result = compare(basil / "articles", jobs=2)
    by = {(f.outlet, f.feature): f for f in result.figures}
    for outlet in ("fox", "hpo", "nyt"):
        for feature in ("hedge_rate", "attribution_density", "quote_share", "named_source_share", "subjectivity"):
            f = by[(outlet, feature)]
            assert f.n_stories >= 48 and f.interval.low <= f.mean <= f.interval.high
            assert f.interval.high - f.interval.low < 0.25, (outlet, feature, f)
    out = result.write(tmp_path / "out")
    with (out / "profiles.csv").open(encoding="utf-8", newline="") as fh:
        profiles = {r["outlet"]: r for r in csv.DictReader(fh)}
    assert (
        float(profiles["nyt"]["words_ci_low"])
        < float(profiles["nyt"]["words"])
        < float(profiles["nyt"]["words_ci_high"])
    )
    with (out / "differences.csv").open(encoding="utf-8", newline="") as fh:
        differences = list(csv.DictReader(fh))
    # on the stories both covered, the Times writes longer articles than Fox News
    (words,) = [d for d in differences if (d["outlet"], d["other"], d["feature"]) == ("nyt", "fox", "words")]
    assert float(words["difference"]) > 0 and words["excludes_zero"] == "True"
    page = (out / "outlets" / "fox.html").read_text(encoding="utf-8")
    assert '<span class="muted">too few articles</span>' not in page and '<line class="ci"' in page


@pytest.mark.parametrize("run", [1, 2])
def test_intervals_repeat_exactly(run):
    rows = [("A", s, v) for s, v in zip(STORIES, VALUES)]
    assert hedges(outlet_figures(table(rows)), "A").interval == hedges(outlet_figures(table(rows)), "A").interval
