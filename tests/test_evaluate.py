"""The evaluation code itself, on a hand-made BASIL-format folder whose right answers are worked out
by hand in the comments."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from stance.eval.basil import (
    entity_tone_spearman,
    loaded_cue_precision,
    loaded_sentence_auc,
    quote_sentence_recall,
    read_basil,
    speaker_accuracy,
)
from stance.eval.hedges import evaluate_hedges

MINI = DATA / "basil-mini"


@pytest.fixture(scope="module")
def mini():
    return read_basil(MINI)


def test_annotations_are_placed_on_the_article_text(mini):
    assert [len(item.phrases) for item in mini] == [3, 2]
    for item in mini:
        for p in item.phrases:
            assert item.article.text[p["begin"] : p["stop"]] == p["txt"]
    assert mini[0].feelings == {"Anna Keller": -1, "Ben Ortiz": 0}


def test_loaded_sentence_auc(mini):
    # Positives: "It was a reckless disaster!" (2 cues: "reckless", "!"; "disaster" names a bad
    # thing, it is not a loaded choice) and "Councillor Ben Ortiz voted against the plan." (0 cues).
    # Negatives: seven sentences with no cue. Pairs: the first positive wins 7, the second ties 7
    # (3.5): 10.5 of 14.
    assert loaded_sentence_auc(mini) == pytest.approx(10.5 / 14)


def test_loaded_cue_precision(mini):
    # One loaded word, "reckless", inside the annotated span "reckless disaster".
    assert loaded_cue_precision(mini) == 1.0


def test_quote_sentence_recall(mini):
    # All three quoted spans sit in sentences holding a quote or an attribution cue.
    assert quote_sentence_recall(mini) == 1.0


def test_speaker_accuracy_counts_only_named_people_written_in_the_article(mini):
    # "Anna_Keller" is written as "Anna Keller" only in the first article, where stance finds her;
    # "other_neutral" is not a person.
    assert speaker_accuracy(mini) == 1.0


def test_entity_tone_spearman(mini):
    # Ours: Keller in article 1 −0.6 (reckless −1.7, disaster −3.1, over 4, averaged), Ortiz 0,
    # Keller in article 2 0 (no opinion word near). Gold: −1, 0, +1. Spearman of
    # ranks (1, 2.5, 2.5) and (1, 2, 3) = 1.5 / sqrt(1.5 · 2).
    assert entity_tone_spearman(mini) == pytest.approx(1.5 / (1.5 * 2) ** 0.5)


def test_eval_command_prints_every_figure(cli):
    result = cli("eval", "basil", MINI)
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert figures["stories_b3_f1_dated"] == 1.0  # two articles, one story
    assert figures["loaded_sentence_auc"] == round(10.5 / 14, 4)
    assert figures["loaded_cue_precision"] == 1.0
    assert figures["annotated_articles"] == 2


def test_basil_figures_hold_their_floors(basil):
    from stance.eval.basil import evaluate_basil

    figures = evaluate_basil(basil)
    # Floors a little under the figures measured with the defaults (README), so CI fails on a drop.
    assert figures["loaded_sentence_auc"] >= 0.57
    assert figures["loaded_cue_precision"] >= 0.11
    assert figures["quote_sentence_recall"] >= 0.97
    assert figures["speaker_accuracy"] >= 0.75
    assert figures["entity_tone_spearman"] >= 0.10


# --- wire copies ---------------------------------------------------------------------------------


def test_eval_copies_on_the_mini_folder(cli):
    """basil-mini: two articles of one story by two outlets, written independently: neither is a
    wire copy; each reprinted (no other story to take own paragraphs from) is found whole."""
    result = cli("eval", "copies", MINI)
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert (figures["articles"], figures["independent_wire_copies"], figures["independent_copied_share"]) == (2, 0, 0.0)
    assert figures["light_copied_from_accuracy"] == 1.0 and figures["light_direction_errors"] == 0
    assert figures["light_precision"] == 1.0


def test_copies_figures_hold_their_floors(basil):
    from stance.eval.copies import evaluate_copies

    figures = evaluate_copies(basil)
    # BASIL's outlets report each event themselves; reprints edited as copy desks do are found.
    assert figures["independent_wire_copies"] == 0 and figures["independent_copied_share"] <= 0.01
    for level in ("light", "heavy"):
        assert figures[f"{level}_precision"] >= 0.98 and figures[f"{level}_direction_errors"] == 0
        assert figures[f"{level}_recall"] >= 0.93 and figures[f"{level}_copied_from_accuracy"] >= 0.98


# --- hedges --------------------------------------------------------------------------------------


def test_hedge_figures_on_hand_made_sentences(cli):
    """tests/data/hedges-mini: 8 sentences worth scoring, 3 with an epistemic cue. stance finds "may"
    (1), "no evidence" (5), "Perhaps" and "may" (7), and nothing in "could not be reached", "as soon
    as possible", "suggested moving", "An estimated 20,000" or the doxastic "believe". Sentences:
    3 right, none wrong or missed. Cues: 3 of stance's 4 lie on an annotated cue (the second "may" of
    7 is not annotated); all 3 epistemic cues are found."""
    done = cli("eval", "hedges", DATA / "hedges-mini")
    assert done.exit_code == 0
    assert json.loads(done.stdout) == {
        "sentences": 8,
        "epistemic_sentences": 3,
        "sentence_precision": 1.0,
        "sentence_recall": 1.0,
        "sentence_f1": 1.0,
        "cue_precision": 0.75,
        "cue_recall": 1.0,
    }


def test_hedge_figures_on_the_wikipedia_sentences_stay_above_their_floors(wiki_hedges):
    """Floors a little under the figures measured when the epistemic sense rules came in (sentence F1
    0.7913, cue precision 0.7568): a change that loses agreement fails here."""
    figures = evaluate_hedges(wiki_hedges)
    assert figures["sentences"] == 16764 and figures["epistemic_sentences"] == 1544
    assert figures["sentence_f1"] >= 0.78 and figures["cue_precision"] >= 0.74 and figures["cue_recall"] >= 0.85


def test_eval_hedges_names_a_folder_without_sentences(cli, tmp_path):
    done = cli("eval", "hedges", tmp_path)
    assert done.exit_code == 2 and "sentences.jsonl: no such file" in done.stderr
