"""Wire copy and original reporting: credit lines, copied sentences, independent sources, and what
word choice and outlet profiles leave out. The pages are in tests/data/wire (README there)."""

from __future__ import annotations

import csv
import datetime as dt
import html as html_text
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA

from stance.comparison.copies import copied_from, is_wire_copy, mark_copies, original_share
from stance.features import annotate
from stance.model import Article, Story
from stance.readers.corpus import read_corpus
from stance.run.pipeline import analyze, compare
from stance.text.credits import credits

WIRE = DATA / "wire"
LEDGER, HERALD, LAKESIDE, RADIO, VALLEY = (
    "daily-ledger.html",
    "harbour-herald.html",
    "lakeside-post.html",
    "norvia-radio.html",
    "valley-times.html",
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("WASHINGTON (AP) — The Senate voted.", [("dateline", "The Associated Press", "WASHINGTON (AP) —")]),
        ("LONDON, May 5 (Reuters) - Prices rose.", [("dateline", "Reuters", "LONDON, May 5 (Reuters) -")]),
        ("(CNN) — The storm hit the coast.", [("dateline", "CNN", "(CNN) —")]),
        (
            "By Jane Doe, Associated Press Writer\nIt rained.",
            [("byline", "The Associated Press", "By Jane Doe, Associated Press Writer")],
        ),
        ("It rained.\n\n— The Associated Press", [("signature", "The Associated Press", "— The Associated Press")]),
        (
            "It rained. Copyright 2014 The Associated Press.",
            [("copyright", "The Associated Press", "Copyright 2014 The Associated Press")],
        ),
        (
            "It rained.\n\nThis article originally appeared in The Harbour Herald.",
            [("republished", "The Harbour Herald", "This article originally appeared in The Harbour Herald")],
        ),
        (
            "Material from Reuters was used in this report.",
            [("contribution", "Reuters", "Material from Reuters was used in this report")],
        ),
        (
            "AP writer Jane Doe in Rome contributed to this report.",
            [("contribution", "The Associated Press", "AP writer Jane Doe in Rome contributed to this report")],
        ),
        # not credits: a party label before a dash, a colleague's contribution, the agency as a source
        ("Scott Brown (R-Mass.) — said no.", []),
        ("(Photo: Jane Doe/Getty Images) — The storm hit.", []),
        ("Fox News' John Roberts contributed to this report.", []),
        ("The AP reported on Tuesday that the mayor resigned. PA officials said so.", []),
    ],
)
def test_credit_lines(text, found):
    assert [(c.kind, c.name, text[c.start : c.end]) for c in credits(text)] == found


def test_a_credit_to_the_articles_own_outlet_is_not_wire():
    own = annotate(Article(id="a", outlet="CNN", text="(CNN) — The storm hit the coast on Monday."))
    other = annotate(Article(id="b", outlet="The Harbour Herald", text="(CNN) — The storm hit the coast on Monday."))
    assert own.spans_labelled("credit") == []
    assert [dict(s.attrs)["name"] for s in other.spans_labelled("credit")] == ["CNN"]


@pytest.fixture(scope="module")
def wire_story() -> Story:
    (story,) = analyze(WIRE, jobs=1).stories
    return story


def by_id(story: Story) -> dict[str, Article]:
    return {a.id: a for a in story.articles}


def test_who_reported_and_who_reprinted(wire_story):
    articles = by_id(wire_story)
    # the later reprint of the Harbour Herald copies it, not the other way round
    assert copied_from(articles[LAKESIDE]) == HERALD and copied_from(articles[HERALD]) == ""
    assert original_share(articles[LAKESIDE]) == pytest.approx(1 / 7)  # only its "originally appeared" line
    # two outlets running the same agency story on one day, both credited: each reproduces the other
    assert copied_from(articles[VALLEY]) == LEDGER and copied_from(articles[LEDGER]) == VALLEY
    assert original_share(articles[LEDGER]) == pytest.approx(4 / 9)  # its own three paragraphs and the credit
    assert original_share(articles[VALLEY]) == pytest.approx(2 / 7)  # the two paragraphs the Ledger cut
    assert sorted(a.id for a in wire_story.articles if is_wire_copy(a)) == [LEDGER, LAKESIDE, VALLEY]
    assert original_share(articles[RADIO]) == 1.0 and original_share(articles[HERALD]) == 1.0


def test_the_copied_sentences_are_the_evidence(wire_story):
    ledger = by_id(wire_story)[LEDGER]
    copied = [ledger.text[s.start : s.end] for s in ledger.spans_labelled("copied")]
    assert copied[0].startswith("Engineers closed the Tessel River bridge in Orlund on Monday")
    assert not any("Brekka" in s for s in copied)  # its own reporting
    assert {dict(s.attrs)["from"] for s in ledger.spans_labelled("copied")} == {VALLEY}


def test_a_later_article_quoting_the_same_statement_is_not_a_copy():
    said = '"We will not reopen the bridge until every support has been checked," the chief engineer said.'
    first = Article(id="a", outlet="A", text=f"{said}\n\nThe bridge closed on Monday after cracks were found.")
    second = Article(id="b", outlet="B", text=f"{said}\n\nDrivers faced delays as traffic went through town.")
    a, b = annotate(first), annotate(replace(second, date=dt.date(2025, 11, 4)))
    marked = mark_copies(Story("s", "t", (a, b)))
    assert [original_share(x) for x in marked.articles] == [1.0, 1.0]


def test_facts_count_each_independent_source_once(tmp_path):
    out = compare(WIRE, jobs=1).write(tmp_path / "out")
    with (out / "facts.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == [
        "story_id",
        "fact",
        "outlet",
        "id",
        "path",
        "framing",
        "speaker",
        "hedge",
        "text",
        "independent_sources",
    ]
    facts: dict[str, list[dict]] = {}
    for row in rows:
        facts.setdefault(row["fact"], []).append(row)
    closure = next(
        f
        for f in facts.values()
        if any(r["text"].startswith("The Tessel River bridge in Orlund was closed") for r in f)
    )
    # five outlets: the agency's two, the Herald and its reprint, Norvia Radio: three sources
    assert len({r["outlet"] for r in closure}) == 5
    assert {r["independent_sources"] for r in closure} == {"3"}
    # a fact only the Herald and its reprint report is one source
    herald_only = [f for f in facts.values() if {r["outlet"] for r in f} == {"The Harbour Herald", "Lakeside Post"}]
    assert herald_only and all(r["independent_sources"] == "1" for f in herald_only for r in f)


def test_word_choice_and_profiles_leave_wire_copies_out(tmp_path):
    result = compare(WIRE, jobs=1)
    overview = result.overview.set_index("outlet")
    assert overview.loc["The Valley Times", "wire_copies"] == 1
    assert overview["hedge_rate"].isna().to_dict() == {
        "Daily Ledger": True,
        "Lakeside Post": True,
        "Norvia Radio": False,
        "The Harbour Herald": False,
        "The Valley Times": True,
    }
    (story,) = result.per_story
    words = dict(story.contrast.words)
    assert words["The Valley Times"] == () and words["Lakeside Post"] == ()
    profiles = {p.outlet: p for p in result.per_outlet}
    assert profiles["Lakeside Post"].features == () and profiles["Lakeside Post"].wire_copies == 1
    assert len(profiles["Norvia Radio"].features) > 0


@pytest.fixture(scope="module")
def wire_out(tmp_path_factory) -> tuple[Path, str]:
    """The real CLI's output for the wire pages, and its one story page."""
    out = tmp_path_factory.mktemp("wire") / "out"
    run = subprocess.run(
        [sys.executable, "-m", "stance", "compare", WIRE, "--out", out, "-q"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    (page,) = (out / "stories").glob("*.html")
    return out, page.read_text(encoding="utf-8")


def test_story_page_marks_wire_copies(wire_out):
    out, html = wire_out
    assert "Reported and reprinted." in html
    assert html.count('<p class="wire-copy">Wire copy') == 3
    # the credit line is marked inside the copied sentence, each with its own title
    assert (
        '<mark class="copied" title="copied: found near-verbatim in daily-ledger.html">'
        '<mark class="credit" title="credit line (dateline): The Associated Press">ORLUND, Norvia (AP) —</mark>' in html
    )
    assert html.count('<mark class="copied"') >= 12
    with (out / "articles.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert (rows[VALLEY]["wire"], rows[VALLEY]["wire_copy"], rows[VALLEY]["copied_from"]) == (
        "The Associated Press",
        "True",
        LEDGER,
    )
    assert (rows[RADIO]["original_share"], rows[RADIO]["wire"], rows[RADIO]["wire_copy"]) == ("1.0000", "", "False")


def test_a_repeated_credit_line_is_not_template(tmp_path):
    outlet = tmp_path / "ledger"
    outlet.mkdir()
    for n, topic in enumerate(("ferry timetable", "school roof", "harbour dredging")):
        (outlet / f"{n}.txt").write_text(
            f"title: Council settles the {topic}\n\nThe council settled the {topic} on day {n} after a long debate.\n\n"
            "Sign up for the Ledger morning briefing.\n\nThe Associated Press contributed to this report.\n",
            encoding="utf-8",
        )
    articles, _ = read_corpus([tmp_path])
    for a in articles:
        assert "morning briefing" not in a.text  # the outlet's template line
        assert a.text.endswith("The Associated Press contributed to this report.")


def test_no_basil_article_is_a_wire_copy(basil):
    """BASIL's three outlets report each event themselves: no article is marked a wire copy, though
    HuffPost quotes paragraphs of the Times and Fox repeats an agency paragraph or two."""
    stories = analyze(basil / "articles", jobs=2).stories
    articles = [a for s in stories for a in s.articles]
    assert [a.id for a in articles if is_wire_copy(a)] == []
    partly = [a for a in articles if original_share(a) < 1]
    assert 0 < len(partly) <= 5 and min(original_share(a) for a in partly) >= 0.75


def test_check_holds_articles_to_a_share_of_their_own_text(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nfeature = "original_share"\nmin = 0.5\n', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "stance", "check", WIRE, "--config", rules, "--format", "github"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stderr
    flagged = sorted(
        line.split("file=")[1].split(",")[0] for line in run.stdout.splitlines() if line.startswith("::error")
    )
    assert [f.rsplit("/", 1)[-1] for f in flagged] == [LEDGER, LAKESIDE, VALLEY]


def test_fact_matrix_shows_a_sentence_s_words_once_per_fact(wire_out):
    _, html = wire_out
    head = re.search(r'<table class="matrix">\s*<thead>(.*?)</thead>', html, re.S)[1]
    outlets = re.findall(r"<th>([^<]+)</th>", head)[1:]  # after the Fact column

    def sentence(anchor: str) -> str:
        inner = re.search(rf'<span id="{anchor}">(.*?)</span>', html, re.S)[1]
        return " ".join(html_text.unescape(re.sub(r"<[^>]+>", "", inner)).split())

    repeats = 0
    for row in re.findall(r'<tr id="fact-\d+">(.*?)</tr>', html, re.S):
        shown: dict[str, str] = {}  # words shown in the row -> the outlet whose cell shows them
        for outlet, cell in zip(outlets, re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)):
            for anchor, muted, text in re.findall(r'<a href="#(a\d-\d+)"( class="muted")?>([^<]*)</a>', cell):
                words = sentence(anchor)
                if muted:  # the same words as a sentence shown to its left
                    assert text == f"same words as {shown[words]}"
                    repeats += 1
                else:
                    assert " ".join(html_text.unescape(text).split()) == words and words not in shown
                    shown[words] = outlet
    assert repeats >= 3  # the wire copies of the Lakeside Post's sentences
