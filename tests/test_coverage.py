"""What each outlet put in and left out, on a hand-made story whose answers are known
(tests/data/coverage/README.md), and on the seed corpus and BASIL through the real CLI."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from conftest import DATA, SEEDS

from stance.comparison.contrast import contrast
from stance.comparison.coverage import coverage
from stance.comparison.headlines import headline_checks, headline_cues
from stance.comparison.timing import timing
from stance.comparison.voices import quoted
from stance.comparison.wordchoice import TermIndex
from stance.model import Story
from stance.run.pipeline import analyze

FERRY = DATA / "coverage" / "ferry"


@pytest.fixture(scope="module")
def ferry() -> Story:
    stories, problems, _ = analyze([FERRY], jobs=1)
    assert problems == [] and len(stories) == 1
    return stories[0]


def test_facts_are_aligned_across_outlets(ferry):
    cov = coverage(ferry)
    found = {f.outlets: [s.text for s in f.sentences] for f in cov.facts if len(f.outlets) > 1}
    assert found == {
        ("North Ledger", "South Sentinel", "West Wire"): [
            "The Varnholm ferry service was suspended on Friday after a fuel leak was found in the engine room "
            "of the Gullwing, officials said.",
            "A fuel leak in the engine room of the Gullwing forced the Varnholm ferry service to stop on Friday.",
            "Varnholm ferry crossings were suspended on Friday because of a fuel leak on the Gullwing.",
        ],
        ("North Ledger", "South Sentinel"): [
            "About 400 passengers were moved to buses at Kessby harbour.",
            "Buses carried roughly 400 stranded passengers from Kessby harbour.",
        ],
        ("North Ledger", "West Wire"): [
            "The harbour master, Ilse Brandt, said inspectors would board the vessel on Saturday.",
            "Inspectors will board the vessel on Saturday, harbour master Ilse Brandt said.",
        ],
    }
    assert [len(f.outlets) for f in cov.facts] == [3, 2, 2, 1, 1, 1, 1]  # most widely reported first


def test_each_outlet_alone_includes_and_leaves_out(ferry):
    cov = coverage(ferry)
    text = {f.id: [s.text for s in f.sentences] for f in cov.facts}
    per = {o.outlet: o for o in cov.per_outlet}
    assert [text[f] for f in per["North Ledger"].alone] == [["Ticket prices on the route have doubled since 2021."]]
    assert [text[f] for f in per["South Sentinel"].alone] == [
        ["Local fishermen have complained about oil in the water for weeks."]
    ]
    # The decoy shares two names ("Gullwing", "Kessby") with other sentences but no fact.
    assert sorted(t for f in per["West Wire"].alone for t in text[f]) == [
        "The Gullwing was built at Kessby in 1998.",
        "The operator expects the service to resume next week.",
    ]
    assert per["North Ledger"].leaves_out == ()
    assert [text[f][0] for f in per["South Sentinel"].leaves_out] == [
        "The harbour master, Ilse Brandt, said inspectors would board the vessel on Saturday."
    ]
    assert [text[f][0] for f in per["West Wire"].leaves_out] == [
        "About 400 passengers were moved to buses at Kessby harbour."
    ]
    assert (per["North Ledger"].facts, per["North Ledger"].shared) == (4, 3)


def test_fact_sentences_are_offsets_into_the_article(ferry):
    articles = {a.id: a for a in ferry.articles}
    for fact in coverage(ferry).facts:
        for s in fact.sentences:
            assert articles[s.article_id].text[s.start : s.end] == s.text
            assert articles[s.article_id].outlet == s.outlet


def test_timing_first_and_spread(ferry):
    t = timing(ferry)
    assert t.first == ("North Ledger",)
    assert (t.first_date, t.last_date, t.spread_days) == (dt.date(2025, 4, 4), dt.date(2025, 4, 6), 2)
    assert [(p.outlet, p.lag_days) for p in t.publications] == [
        ("North Ledger", 0),
        ("West Wire", 1),
        ("South Sentinel", 2),
    ]


def test_headline_asserting_what_the_body_attributes_is_flagged(ferry):
    checks = {h.outlet: h for h in headline_checks(ferry)}
    north = checks["North Ledger"]
    assert north.asserts and north.flagged
    assert north.match is not None and north.match.text.endswith("officials said.")
    assert [(c.label, c.text) for c in north.body_cues] == [("attribution", "said")]
    # The other headlines assert what their bodies assert too.
    assert [h.flagged for h in (checks["South Sentinel"], checks["West Wire"])] == [False, False]
    assert checks["West Wire"].match.text.startswith("Varnholm ferry crossings were suspended")


def test_headline_cues():
    cues = headline_cues("Board says dam 'saved the valley' and may reopen in May 2026, Obama’s aides' view")
    assert [(c.label, c.text) for c in cues] == [
        ("attribution", "says"),
        ("quote", "'saved the valley'"),
        ("hedge", "may"),  # "May 2026" is the month; the apostrophes are not quotes
    ]
    assert headline_cues("Fuel leak halts Varnholm ferry") == ()


def test_who_is_quoted_counts_words_per_speaker(ferry):
    q = quoted(ferry)
    assert q.outlets == ("North Ledger", "South Sentinel", "West Wire")
    brandt = next(r for r in q.rows if r.speaker == "Ilse Brandt")
    west = brandt.voices[2]
    # West Wire also ascribes an expectation to "The operator" (9 words): Brandt has 12 of its 21.
    assert west is not None and (west.sources, west.words, west.share) == (1, 12, round(12 / 21, 4))
    # North names her in an apposition ("The harbour master, Ilse Brandt, said …"): 13 words.
    north = brandt.voices[0]
    assert north is not None and (north.sources, north.words) == (1, 13) and brandt.voices[1] is None
    # Shares of each outlet's source words add up to 1.
    for i, total in enumerate(q.totals):
        if total:
            assert sum(r.voices[i].share for r in q.rows if r.voices[i]) == pytest.approx(1.0, abs=1e-3)


def test_single_outlet_story_has_no_contrast(ferry):
    alone = Story("x", "x", tuple(a for a in ferry.articles if a.outlet == "West Wire"))
    assert contrast(alone, TermIndex(ferry.articles).counts(ferry.articles)) is None


def _story_pages(out: Path) -> list[Path]:
    return sorted((out / "stories").glob("*.html"))


def _check_story_page(html: str, n_outlets: int) -> None:
    """Every section is there, and every in-page link points at an element of the page."""
    for section in ("timing", "coverage", "words", "quoted", "headlines", "articles"):
        assert f'id="{section}"' in html, section
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    targets = re.findall(r'href="#([^"]+)"', html)
    assert targets and all(t in ids for t in targets), sorted(set(targets) - ids)[:5]
    assert html.count('class="column"') >= n_outlets


def test_story_page_shows_every_section_with_links_to_the_sentences(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("compare", FERRY, "--out", out).exit_code == 0
    (page,) = _story_pages(out)
    html = page.read_text(encoding="utf-8")
    _check_story_page(html, 3)
    # The matrix row of the three-outlet fact links each sentence to its place in the columns.
    row = re.search(r'<tr id="fact-1">(.*?)</tr>', html, re.S).group(1)
    links = re.findall(r'<a href="#(a\d-\d+)">([^<]+)</a>', row)
    assert [unescape(text)[:24] for _, text in links] == [
        "The Varnholm ferry servi",
        "A fuel leak in the engin",
        "Varnholm ferry crossings",
    ]
    for anchor, text in links:
        sentence = re.search(rf'<span id="{anchor}">(.*?)</span>', html, re.S)  # marks inside are <mark>s
        assert sentence and unescape(re.sub(r"<[^>]+>", "", sentence.group(1))) == unescape(text)
    assert "⚑ asserts what the body attributes</span>" in html


def test_every_multi_outlet_seed_story_page_has_every_section(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("compare", SEEDS, "--out", out).exit_code == 0
    multi = [p for p in _story_pages(out) if 'id="coverage"' in p.read_text(encoding="utf-8")]
    assert len(multi) == 4  # the four invented stories; the real article stands alone
    for page in multi:
        _check_story_page(page.read_text(encoding="utf-8"), 4)


def test_every_multi_outlet_basil_story_page_has_every_section(basil, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("compare", basil / "articles", "--out", out).exit_code == 0
    pages = _story_pages(out)
    multi = [p for p in pages if 'id="coverage"' in p.read_text(encoding="utf-8")]
    assert len(pages) == 52 and len(multi) >= 48
    for page in multi:
        _check_story_page(page.read_text(encoding="utf-8"), 2)


def test_facts_match_only_when_they_share_the_events_participants():
    """Hand-made pairs (tests/data/facts/pairs.jsonl): 12 of one fact paraphrased, 12 of different
    facts in the same words. Each pair is a story of two outlets, aligned by the real `coverage`."""
    import json

    from stance.features import annotate
    from stance.model import Article

    pairs = [json.loads(line) for line in (DATA / "facts" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    matched = []
    for n, pair in enumerate(pairs):
        a = annotate(Article(id=f"{n}a", text=pair["a"], outlet="A"))
        b = annotate(Article(id=f"{n}b", text=pair["b"], outlet="B"))
        matched.append(any(len(f.outlets) == 2 for f in coverage(Story(f"s{n}", "s", (a, b))).facts))
    same = [p["same"] for p in pairs]
    true_positives = sum(m and s for m, s in zip(matched, same))
    # README, "Coverage and omission": precision 12/13, recall 12/12 (words alone: 12/23, 12/12).
    assert true_positives / sum(matched) >= 0.9
    assert true_positives / sum(same) >= 0.9
