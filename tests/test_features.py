from __future__ import annotations

import pytest
from conftest import SEEDS
from textblob import TextBlob

from stance.features import COLUMNS, annotate
from stance.features.loaded import loaded_lexicon
from stance.model import Article
from stance.readers.corpus import read_corpus
from stance.run.measure import CHUNK, annotate_all
from stance.run.pool import ProcessMapper
from stance.text.segment import sentences


def measured(text: str) -> Article:
    return annotate(Article(id="t.txt", text=text))


def evidence(article: Article, label: str) -> list[str]:
    return [article.text[s.start : s.end] for s in article.spans_labelled(label)]


def test_sentences_survive_title_abbreviations():
    text = "It rained. Mr. Smith stayed home. Sen. Reid said no.\n\nA new paragraph starts."
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "It rained.",
        "Mr. Smith stayed home.",
        "Sen. Reid said no.",
        "A new paragraph starts.",
    ]


def test_hedge_rate_counts_cues_per_100_words():
    article = measured("The bridge may reopen on Friday, reportedly after repairs that appear to be finished.")
    assert evidence(article, "hedge") == ["may", "reportedly", "appear to"]
    assert article.features["words"] == 14
    assert article.features["hedge_rate"] == round(100 * 3 / 14, 4)


@pytest.mark.parametrize(
    "text",
    [
        "The mayor could not be reached for comment.",  # inability
        "Crews will reopen the road as soon as possible.",  # feasibility
        "Engineers chose the fastest possible route.",
        "The grant made possible a new levee.",
        "It is possible to cross at low tide.",
        "The council suggested moving the vote to Monday.",  # a proposal
        "An estimated 20,000 people left, roughly half the town.",  # quantity approximators
        "The official indicated he would resign and assumed control of the board.",
    ],
)
def test_senses_that_are_not_epistemic_are_not_hedges(text):
    assert evidence(measured(text), "hedge") == []


def test_nominal_cues_and_frames_of_doubt_are_hedges():
    article = measured(
        "There is no evidence that the pumps failed. The possibility of a breach raises questions about "
        "the design, and it is not known whether the levee is estimated to hold. Talks could resume."
    )
    assert evidence(article, "hedge") == [
        "no evidence",
        "possibility",
        "raises questions",
        "it is not known",
        "is estimated to",
        "could",
    ]


def test_a_hedge_is_never_also_loaded():
    article = measured("The outcome is unlikely and the uncertainty is terrible.")
    assert evidence(article, "hedge") == ["unlikely", "uncertainty"]
    assert evidence(article, "loaded") == ["terrible"]
    # "purported" and "supposedly" withhold commitment: hedges, left out of the loaded lexicon.
    assert {"unlikely", "uncertainty", "purported", "supposedly", "allegedly"}.isdisjoint(loaded_lexicon())


def test_may_the_month_is_not_a_hedge():
    article = measured("The vote was held in May. May 5 was a Sunday. May the council reconsider? It may.")
    assert [article.text[s.start : s.end] for s in article.spans_labelled("hedge")] == ["May", "may"]
    assert [s.start for s in article.spans_labelled("hedge")] == [46, 77]


def test_attribution_density_is_share_of_attributing_sentences():
    article = measured(
        "The plant will close, the company said. Workers were stunned. According to the union, 300 jobs go."
    )
    assert evidence(article, "attribution") == ["said", "According to"]
    assert article.features["sentences"] == 3
    assert article.features["attribution_density"] == round(2 / 3, 4)


def test_quote_share_counts_words_inside_quotation_marks():
    article = measured('He said "we will win this" today. She called it “a fantasy.”')
    assert evidence(article, "quote") == ['"we will win this"', "“a fantasy.”"]
    # 12 words, of which "we will win this" and "a fantasy" are quoted.
    assert article.features["words"] == 12
    assert article.features["quote_share"] == 0.5


def test_quote_left_open_runs_to_end_of_paragraph():
    text = "“We will rebuild the school,\n\n“and we will do it this year,” the mayor said."
    article = measured(text)
    assert evidence(article, "quote") == ["“We will rebuild the school,", "“and we will do it this year,”"]


def test_tone_is_textblob_on_the_article_with_its_words_as_evidence():
    text = "The plan is a terrible idea. Residents were not happy, but the park is beautiful."
    article = measured(text)
    blob = TextBlob(text).sentiment
    assert article.features["polarity"] == round(blob.polarity, 4)
    assert article.features["subjectivity"] == round(blob.subjectivity, 4)
    assert evidence(article, "sentiment") == ["terrible", "not happy", "beautiful"]
    assert dict(article.spans_labelled("sentiment")[0].attrs)["polarity"] == "-1.00"


def test_seed_article_evidence():
    (seed,), _ = read_corpus([SEEDS / "000_2730ba1b93403d31.txt"])
    article = annotate(seed)
    assert set(article.features) == set(COLUMNS)
    assert "reportedly" in evidence(article, "hedge")
    assert "according to" in evidence(article, "attribution")
    assert "“view to suspend military operations,”" in evidence(article, "quote")
    for span in article.spans:
        assert 0 <= span.start < span.end <= len(article.text)


@pytest.mark.parametrize("text", ["", "   ", "!!!", "“", '"""'])
def test_degenerate_text_gives_zeros_not_errors(text):
    article = measured(text)
    assert article.features["hedge_rate"] == 0
    assert article.features["quote_share"] == 0


def test_articles_measured_in_pool_workers_are_the_articles_measured_here():
    """Pool workers send back feature values and spans packed in columns (`stance.run.measure`); the
    articles rebuilt from them equal those annotated in this process, spans and all."""
    seeds, _ = read_corpus([SEEDS])
    # More than one chunk, so the chunks really go to the workers; an article without spans has no columns.
    articles = seeds * (CHUNK // len(seeds) + 1) + [Article(id="empty.txt", text="")]
    assert annotate_all(articles, mapper=ProcessMapper(2)) == [annotate(a) for a in articles]
