"""`stance.text.sentiment` must give TextBlob's numbers exactly: the same floats, not close ones."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob import _text as pattern
from textblob.en import sentiment as textblob_lexicon

from stance.readers.corpus import read_corpus
from stance.text import sentiment as fast


def textblob_scores(text: str) -> tuple[float, float, list]:
    result = TextBlob(text).sentiment_assessments
    return result.polarity, result.subjectivity, [(list(w), p, s, x) for w, p, s, x in result.assessments]


def ours(text: str) -> tuple[float, float, list]:
    result = fast.sentiment(text)
    return (
        result.polarity,
        result.subjectivity,
        [(list(a.words), a.polarity, a.subjectivity, a.label) for a in result.assessments],
    )


def assert_same(text: str) -> None:
    assert ours(text) == textblob_scores(text), text
    assert fast.tokens(text) == [w.lower() for w in " ".join(textblob_lexicon.tokenizer(text)).split()], text


def test_constants_are_textblobs():
    assert fast.PUNCTUATION == pattern.PUNCTUATION
    assert fast.ABBREVIATIONS == pattern.ABBREVIATIONS
    assert [r.pattern for r in (fast.RE_ABBR1, fast.RE_ABBR2, fast.RE_ABBR3)] == [
        r.pattern for r in (pattern.RE_ABBR1, pattern.RE_ABBR2, pattern.RE_ABBR3)
    ]
    assert tuple(pattern.replacements) == fast.CONTRACTIONS
    assert {k: set(v) for k, v in fast.EMOTICONS.items()} == pattern.EMOTICONS
    assert list(fast.EMOTICONS) == list(pattern.EMOTICONS)
    assert set(textblob_lexicon.negations) == fast.NEGATIONS
    assert fast.RE_SARCASM.pattern == pattern.RE_SARCASM.pattern


def test_lexicon_is_loaded_as_textblob_loads_it():
    assert len(textblob_lexicon) > 2800  # loads it
    theirs = {
        w: (*by_pos[None], "RB" in by_pos, textblob_lexicon.labeler.get(w))
        for w, by_pos in dict.items(textblob_lexicon)
    }
    assert fast._lexicon() == theirs


def test_known_phrases():
    assert (
        fast.sentiment("The plan is not very good.").polarity
        == TextBlob("The plan is not very good.").sentiment.polarity
    )
    result = fast.sentiment("Really not good! Great :-) (page 8)")
    assert [a.words for a in result.assessments] == [("really", "not", "good", "!"), ("great",), (":-)",), ("8)",)]
    assert_same("Really not good! Great :-) (page 8)")
    text = "A TERRIBLE, Horrible day."
    result = fast.sentiment(text)
    assert [text[a.start : a.end] for a in result.assessments] == ["TERRIBLE", "Horrible"]
    assert fast.sentiment("") == (0.0, 0.0, ())


def test_seed_articles():
    articles, _ = read_corpus([SEEDS])
    assert len(articles) > 10
    for article in articles:
        assert_same(article.text)


def test_basil_articles_and_their_sentences(basil):
    articles, _ = read_corpus([basil / "articles"])
    sentences = [s for a in articles for s in re.split(r"(?<=[.!?”\"])\s+|\n+", a.text) if s.strip()]
    assert len(sentences) > 3000
    for text in [a.text for a in articles] + sentences:
        assert_same(text)


# Text built from what TextBlob treats specially: opinion words, intensifiers, negations,
# contractions, abbreviations, every punctuation mark, emoticon pieces, quotes and line breaks.
VOCABULARY = [
    "good",
    "bad",
    "very",
    "not",
    "no",
    "never",
    "n't",
    "don't",
    "isn't",
    "really",
    "terribly",
    "terrible",
    "great",
    "happy",
    "Horrible",
    "extremely",
    "a",
    "the",
    "is",
    "I",
    "it's",
    "Mr.",
    "U.S.",
    "e.g.",
    "etc.",
    "vs.",
    "Dr.",
    "Strz.",
    "A.",
    "END-OF-SENTENCE",
    "crap",
    "!",
    "(!)",
    "...",
    "....",
    "8",
    "x",
    "X",
    "D",
    "o",
    "O",
    "°",
    "♥",
    "<3",
    ":",
    ";",
    "-",
    ")",
    "(",
    "'",
    "''",
    '"',
    "“",
    "”",
    "‘",
    "’",
    "_",
    "^",
    "3",
    ".",
    ",",
    "?",
    "*",
    "=",
    "/",
    "\\",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "İstanbul",
    "ΣΑΣ",
    "2014.",
]
SEPARATORS = ["", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\u00a0", "\n \n"]
made_up = st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + sep for w, sep in parts)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(made_up)
def test_generated_text_from_tricky_pieces(text):
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_text(text):
    assert_same(text)


@pytest.mark.parametrize("text", ["good", "It is good.", "not\n\ngood", "really\n\nnot good", "(! )", ":\n\n)", "x D"])
def test_small_cases(text):
    assert_same(text)
