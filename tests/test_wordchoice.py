"""Distinctive words (weighted log-odds with an informative Dirichlet prior) on texts whose answer
is known, and on the seed corpus."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from conftest import SEEDS

from stance.comparison.profiles import outlet_profile
from stance.comparison.wordchoice import TermIndex, TextTerms, distinctive, log_odds_z
from stance.model import Article
from stance.run.pipeline import analyze

# The same report twice, one outlet saying "regime" where the other says "government".
REPORT = (
    "The {w} closed the northern border crossing on Monday. Officials of the {w} said trade with the "
    "coastal provinces would stop until spring. Farmers near the border protested against the {w}. "
    "The {w} denied that grain exports were affected."
)
A = Article(id="a.txt", outlet="Alpha", text=REPORT.format(w="regime"))
B = Article(id="b.txt", outlet="Beta", text=REPORT.format(w="government"))


def counts(articles):
    return TermIndex(articles).counts(articles)


def terms(text):
    found = TextTerms.of(text)
    return found.spans(set(found.unigrams) | set(found.bigrams))


def test_terms_drop_stop_words_and_pair_adjacent_words():
    found = [t for t, _, _ in terms("The regime's forces, in 2024, crossed the Ondrava River.")]
    assert found == ["regime's", "forces", "regime's forces", "crossed", "ondrava", "river", "ondrava river"]
    text = "Grain exports fell"
    assert [(t, text[s:e]) for t, s, e in terms(text)][-1] == ("exports fell", "exports fell")


def test_log_odds_z_matches_the_formula_by_hand():
    # y_o = 4, y_r = 0, n_o = n_r = 20; the prior rate of "regime" is 4/40, a_0 = 40, so a_w = 4:
    # delta = log(8 / 52) - log(4 / 56), var = 1/8 + 1/4.
    outlet = Counter({"regime": 4, "other": 16})
    rest = Counter({"government": 4, "other": 16})
    z = log_odds_z(outlet, outlet + rest, outlet + rest)
    assert z["regime"] == pytest.approx((math.log(8 / 52) - math.log(4 / 56)) / math.sqrt(1 / 8 + 1 / 4), abs=1e-9)
    assert z["other"] == pytest.approx(0.0, abs=1e-9)


def test_each_outlet_gets_its_own_label_and_nothing_shared():
    prior = counts([A, B])
    alpha = distinctive([A], prior, prior)  # each against the two texts together
    beta = distinctive([B], prior, prior)
    assert [(t.term, t.count, t.others) for t in alpha] == [("regime", 4, 0)]
    assert [(t.term, t.count, t.others) for t in beta] == [("government", 4, 0)]
    assert alpha[0].z == pytest.approx(beta[0].z) and alpha[0].z >= 1.0  # the texts mirror each other
    # Every use is located, so the page can link to it.
    assert [A.text[o.start : o.end] for o in alpha[0].occurrences] == ["regime"] * 4


def test_a_word_used_once_is_not_listed():
    once = Article(
        id="c.txt", outlet="Gamma", text=REPORT.format(w="authorities").replace("authorities closed", "junta closed", 1)
    )
    prior = counts([A, once])
    assert "junta" not in [t.term for t in distinctive([once], prior, prior)]


def test_seed_outlets_are_told_apart_by_their_style():
    stories = analyze([SEEDS], jobs=1).stories
    everything = [a for s in stories for a in s.articles]
    prior = counts(everything)
    top = {o: [t.term for t in outlet_profile(o, stories, prior).terms] for o in ("Tidewire", "Kestrel Courier")}
    assert top["Tidewire"][0] == "tidewire"  # its datelines and credit lines
    assert "reportedly" in top["Kestrel Courier"]  # written to hedge
