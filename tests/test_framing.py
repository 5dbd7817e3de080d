"""How each outlet frames each shared fact: asserted, hedged, attributed, quoted. The hand-made story
in tests/data/framing has known framings (README there), with facts paraphrased across outlets."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from conftest import DATA, SEEDS

from stance.comparison.coverage import FactSentence
from stance.comparison.framing import sentence_framing
from stance.features import annotate
from stance.model import Article
from stance.run.pipeline import compare

FRAMING = DATA / "framing"


@pytest.fixture(scope="module")
def framed(tmp_path_factory):
    result = compare(FRAMING, jobs=1)
    out = result.write(tmp_path_factory.mktemp("framing") / "out")
    return result, out


def rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_each_outlet_frames_each_fact_as_written(framed):
    _, out = framed
    facts: dict[str, dict[str, tuple[str, str]]] = {}
    for r in rows(out / "facts.csv"):
        facts.setdefault(r["fact"], {})[r["outlet"]] = (r["framing"], r["speaker"])
    by_flat_daily = {cells["Flat Daily"]: cells for cells in facts.values()}
    assert sorted(facts.values(), key=len) == [
        {  # the shelters
            "Cited Courier": ("attributed", "officials"),
            "Flat Daily": ("asserted", ""),
            "Voice Times": ("asserted", ""),
        },
        {  # the cost of repairs
            "Careful Post": ("hedged", ""),
            "Cited Courier": ("attributed", "the farmers' association"),
            "Flat Daily": ("asserted", ""),
        },
        {  # the levee broke: paraphrased, hedged, attributed, quoted
            "Careful Post": ("hedged", ""),
            "Cited Courier": ("attributed", "Engineers"),
            "Flat Daily": ("asserted", ""),
            "Voice Times": ("quoted", "Ana Ruiz"),
        },
    ]
    assert len(by_flat_daily) == 1  # Flat Daily states every fact flat


def test_plain_language_contrasts(framed):
    result, out = framed
    (story,) = result.per_story
    assert [c.text for c in story.contrast.contrasts] == [
        "Flat Daily states as fact what Cited Courier and Voice Times attribute to Ana Ruiz and Engineers.",
        "Flat Daily and Voice Times state as fact what Cited Courier attributes to officials.",
        "Flat Daily states as fact what Cited Courier attributes to the farmers' association.",
    ]
    (page,) = (out / "stories").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "Flat Daily states as fact what Cited Courier attributes to the farmers&#39; association." in html
    assert html.count('<span class="framing quoted"') == 2  # the legend and Voice Times' cell


def test_outlet_profiles_give_framing_shares(framed):
    _, out = framed
    profiles = {r["outlet"]: r for r in rows(out / "profiles.csv")}
    keys = ("n_shared_facts", "asserted_share", "hedged_share", "attributed_share", "quoted_share")
    share = {o: tuple(r[k] for k in keys) for o, r in profiles.items()}
    assert share["Flat Daily"] == ("3", "1.0000", "0.0000", "0.0000", "0.0000")
    assert share["Voice Times"] == ("2", "0.5000", "0.0000", "0.0000", "0.5000")
    assert share["Careful Post"] == ("2", "0.0000", "1.0000", "0.0000", "0.0000")
    # every fact Flat Daily states flat, another outlet attributes or quotes
    assert profiles["Flat Daily"]["asserted_where_attributed_share"] == "1.0000"
    page = (out / "outlets" / "flat-daily.html").read_text(encoding="utf-8")
    assert "Of the 3 facts it states flat, 3 (100%) are attributed or quoted by another outlet of the story." in page


def test_check_flags_an_article_that_states_flat_what_two_outlets_attribute(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nfeature = "asserted_attributed_by"\nmax = 1\n', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "stance", "check", FRAMING, "--config", rules, "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stderr
    found = {f["subject"]: (f["status"], f["value"]) for f in json.loads(run.stdout)["findings"]}
    # the levee: Cited Courier attributes it and Voice Times quotes it; the shelters: only Cited Courier
    assert found == {
        "careful-post.txt": ("ok", 0.0),
        "cited-courier.txt": ("ok", 0.0),
        "flat-daily.txt": ("error", 2.0),
        "voice-times.txt": ("ok", 1.0),
    }


@pytest.mark.parametrize(
    ("text", "framing", "speaker", "hedge"),
    [
        ("The dam failed on Monday.", "asserted", "", ""),
        ("The dam probably failed on Monday.", "hedged", "", "probably"),
        ("Officials said the dam probably failed on Monday.", "attributed", "Officials", "probably"),
        ('Ruiz said the dam had "simply given way" on Monday.', "attributed", "Ruiz", ""),
        ('"The dam failed on Monday," Ana Ruiz said.', "quoted", "Ana Ruiz", ""),
        ("A senior official said the dam failed on Monday.", "attributed", "a senior official", ""),
    ],
)
def test_sentence_framing(text, framing, speaker, hedge):
    article = annotate(Article(id="a", text=text))
    (s,) = article.spans_labelled("sentence")
    got = sentence_framing(article, FactSentence("a", "x", s.start, s.end, text[s.start : s.end]))
    assert (got.framing, got.speaker, got.hedge) == (framing, speaker, hedge)


def test_the_seed_outlets_frame_as_they_were_written():
    """The seed outlets were written to a style (seeds/README.md): Plainspoke Daily states contested
    claims flat, Kestrel Courier attributes and hedges, Crosswind Post quotes."""
    profiles = compare(SEEDS, jobs=1).profiles.set_index("outlet")
    assert profiles.loc["Plainspoke Daily", "asserted_share"] >= 0.8
    assert profiles.loc["Kestrel Courier", "attributed_share"] + profiles.loc["Kestrel Courier", "hedged_share"] >= 0.7
    assert profiles.loc["Crosswind Post", "quoted_share"] == profiles["quoted_share"].max()
