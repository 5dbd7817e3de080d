"""Feature extraction's fast paths find exactly what their plain definitions find.

Each speed-up keeps a simple definition beside it (a regex, or the regex search a loop replaced);
these tests check the two agree, on real articles and on generated text aimed at the corners:
mixed case, characters whose case folding is special, apostrophes, hyphens, line breaks, and
ranges cut in the middle of a word.
"""

from __future__ import annotations

import importlib
import re
import sys
from importlib import resources

import blingfire
import pytest
from conftest import DATA, SEEDS
from hypothesis import example, given, settings
from hypothesis import strategies as st

from stance.features import speakers
from stance.readers.corpus import read_corpus
from stance.text import lexicons
from stance.text.names import NAME_RUN, _name_runs
from stance.text.segment import WORD, _honorific_periods, _mask_honorifics, _Sentences, all_words, paragraphs, sentences
from stance.text.sentiment import _lexicon, _word_patterns

sourcing = importlib.import_module("stance.features.sourcing")  # the module; the package exports its function

LEXICONS = sorted(
    [f.name[:-4] for f in resources.files("stance.text.lexicons").iterdir() if f.name.endswith(".txt")] + ["loaded"]
)
ENTRIES = sorted({e for name in LEXICONS for e in lexicons.load(name)})
PIECES = (
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "-",
    "'",
    "’",
    ".",
    ",",
    ":",
    "“",
    "”",
    '"',
    "_",
    "Mr.",
    "Sen. ",
    "U.S.",
    "McDonald",
    "O’Brien",
    "De Blasio",
    "of",
    "ı",
    "ſ",
    "İ",
    "K",
    "Σ",
    "É",
    "ß",
    "x",
    "9",
)
case = st.sampled_from((str.lower, str.upper, str.title, str.capitalize))
texts = st.lists(
    st.one_of(
        st.sampled_from(PIECES), st.builds(lambda e, c: c(e), st.sampled_from(ENTRIES), case), st.text(max_size=4)
    ),
    max_size=40,
).map("".join)
exact = settings(deadline=None)


def real_texts() -> list[str]:
    articles, _ = read_corpus([SEEDS])
    return [a.text for a in articles]


def test_case_folding_that_lowercased_text_relies_on():
    """Matching a lowercase pattern in ``text.lower()`` equals matching case-insensitively in the
    text: no other character folds to an ASCII letter, and lowercasing one character keeps its
    word-character and space classes (`lexicons.lowercased`)."""
    everything = "".join(map(chr, range(0x110000)))
    folding = {c for c in re.findall("[a-z]", everything, re.IGNORECASE) if not ("a" <= c.lower() <= "z")}
    assert folding <= set(lexicons._FOLDING_TO_ASCII)
    for pattern in (r"\w", r"\s", r"[\w'’]", r"[^,;:!?“”\"\n]"):
        plain, folded = re.compile(pattern), re.compile(pattern, re.IGNORECASE)
        for c in (c for c in everything if c.lower() != c and len(c.lower()) == 1):
            assert bool(plain.match(c.lower())) == bool(plain.match(c)) == bool(folded.match(c)), (pattern, c)


@exact
@given(texts, st.sampled_from(LEXICONS), st.data())
def test_lexicon_find_is_its_pattern(text, name, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for s, e in ((0, len(text)), (start, end)):
        assert lexicons.find(name, text, s, e) == [m.span() for m in lexicons.pattern(name).finditer(text, s, e)]


def test_lexicon_find_in_ranges_cut_anywhere():
    """A range may end inside a word ("may|be") or inside an entry ("according| to")."""
    for name in lexicons.SEARCHED_TOGETHER:
        for entry in sorted(lexicons.load(name)):
            text = f"x {entry.upper()}s, {entry} {entry}"
            for start in (0, 2, 3):
                for end in range(start, len(text) + 1):
                    assert lexicons.find(name, text, start, end) == [
                        m.span() for m in lexicons.pattern(name).finditer(text, start, end)
                    ], (text, start, end)


def test_the_lexicons_searched_in_every_article_take_the_fast_path():
    """An entry that is not lowercase ASCII ("naïve") sends `find` to a regex of alternatives that
    made `stance compare` twice as slow."""
    for name in (*lexicons.SEARCHED_TOGETHER, "loaded"):
        assert lexicons.lowercase_pattern(name) is not None, name


def test_lexicon_find_on_real_sentences():
    for text in real_texts():
        for name in LEXICONS:
            assert lexicons.find(name, text) == [m.span() for m in lexicons.pattern(name).finditer(text)]
        for s in sentences(text):
            for name in lexicons.SEARCHED_TOGETHER:
                assert lexicons.find(name, text, s.start, s.end) == [
                    m.span() for m in lexicons.pattern(name).finditer(text, s.start, s.end)
                ]


@exact
@given(texts)
@example("Messrs. Smith and Jones met Dr. Who, GEN. Lee and xMr. Nobody.\tSgt.\nRet.")
def test_honorific_mask_is_the_regex_substitution(text):
    pattern, _ = _honorific_periods()
    assert _mask_honorifics(text) == pattern.sub(lambda m: m.group(1) + "_", text)


def test_honorifics_are_single_words():
    """`_mask_honorifics` tries the pattern on the word before each period: an honorific is one."""
    assert all(re.fullmatch(r"\w+\.", h) for h in lexicons.load("honorifics"))


@exact
@given(texts)
def test_name_runs_are_the_regex_runs(text):
    assert [m.span() for m in _name_runs(text)] == [m.span() for m in NAME_RUN.finditer(text)]


@exact
@given(texts)
@example("ΟΔΟΣ''Β and ΟΔΟΣ. Don’t re-enter")  # a capital sigma lowercases by what follows it
def test_all_words_are_the_words_lowercased(text):
    found = all_words.__wrapped__(text)
    words = [m.span() for m in WORD.finditer(text)]  # the definition
    assert list(zip(found.starts, found.ends)) == words
    assert list(found.lowered) == [text[s:e].lower() for s, e in words]


# The definition `_phrase_before_verb` replaces: one search over the text before a quote.
BEFORE = (
    rf"({sourcing._PHRASE}{{1,60}}?)\s+(?:{lexicons.pattern('attribution').pattern})"
    rf"(?:\s+[\w’' ]{{0,30}}?)?\s*[,:]?\s*$"
)
heads = st.lists(
    st.one_of(
        st.sampled_from(
            (" ", "  ", ",", ":", " said", " Said ", " told reporters", " according to", "he", "Mr. Smith", "?")
        ),
        st.sampled_from(sorted(lexicons.load("attribution"))),
        st.text(alphabet=" ab,’'.\t", max_size=6),
    ),
    max_size=25,
).map("".join)


@exact
@given(heads)
@example("The longest-serving senator from the state of Nebraska and former governor Smith said: ")
@example("a" * 59 + " said, ")
@example("a" * 61 + " said, ")
@example("one, " + "b " * 40 + "told reporters, ")
def test_phrase_before_verb_is_the_regex_search(head):
    head = head.replace("\n", " ")
    found = re.search(BEFORE, head, re.IGNORECASE)
    expected = found.span(1) if found else None
    assert sourcing._phrase_before_verb(head, speakers.verb_pattern(sourcing._VERB_BEFORE, False)) == expected
    if lexicons.lowercased(head) is not None:
        assert (
            sourcing._phrase_before_verb(head.lower(), speakers.verb_pattern(sourcing._VERB_BEFORE, True)) == expected
        )


def test_phrase_before_verb_on_real_quotes():
    for text in real_texts():
        for m in re.finditer('[“"]', text):
            head = text[max(0, m.start() - sourcing.WINDOW) : m.start()].rsplit("\n", 1)[-1]
            found = re.search(BEFORE, head, re.IGNORECASE)
            expected = found.span(1) if found else None
            assert sourcing._phrase_before_verb(head, speakers.verb_pattern(sourcing._VERB_BEFORE, False)) == expected


@exact
@given(st.sampled_from([*sorted(_lexicon()), "!", "not", ":)", "<3"]), texts)
def test_sentiment_word_search_is_whole_word_search(word, text):
    text = text.lower() + " " + word + text.lower()
    _, anywhere = _word_patterns(word)
    plain = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    for pos in range(0, len(text), 7):
        found, expected = anywhere.search(text, pos), plain.search(text, pos)
        assert (found and found.span()) == (expected and expected.span())


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))


# --- BlingFire sentence offsets -------------------------------------------------------------------


def assert_fast_sentences_are_blingfires(texts: list[str]) -> None:
    """`stance.text.segment` calls BlingFire's C function itself (the wrapper's loop over every byte
    took most of the time of segmenting); its offsets must be the public wrapper's."""
    breaker = _Sentences(max(len(t.encode("utf-8")) for t in texts))
    for text in texts:
        assert breaker.offsets(text) == blingfire.text_to_sentences_and_offsets(text)[1], text


def paragraph_texts(articles) -> list[str]:
    """Every paragraph as `sentences` passes it to BlingFire: with title abbreviations masked."""
    return [_mask_honorifics(a.text)[p.start : p.end] for a in articles for p in paragraphs(a.text)]


def test_blingfire_fast_path_is_the_public_call_on_the_seeds_and_test_files():
    articles, _ = read_corpus([SEEDS, DATA / "formats", DATA / "hostile"])
    texts = paragraph_texts(articles)
    assert len(texts) > 100 and any(not t.isascii() for t in texts)
    assert_fast_sentences_are_blingfires(texts)


def test_blingfire_fast_path_is_the_public_call_on_basil(basil):
    articles, _ = read_corpus([basil / "articles"])
    assert_fast_sentences_are_blingfires(paragraph_texts(articles))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab A.?!"“”é€😀\t\n', min_size=1, max_size=80).filter(str.strip))
def test_blingfire_fast_path_is_the_public_call_on_generated_text(text):
    assert_fast_sentences_are_blingfires([text])
