"""The output stage's fast paths write exactly what their plain definitions write.

Each speed-up of `stance compare`'s pages and data files keeps a simple definition here (the
standard library's JSON layout, a highlight that escapes piece by piece, a template loop drawing a
chart's dots, a plain count of a story's actors, a word loop, scikit-learn's TF-IDF, numpy's mean),
and these tests check the two agree on real articles and on generated input.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter

import numpy as np
import pytest
from conftest import DATA, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

import stance.comparison.coverage
from stance.comparison import compare_stories
from stance.comparison.actors import MAIN_ACTORS, story_entities
from stance.comparison.copies import own_text
from stance.comparison.coverage import StorySentences, _mean, coverage, stop_words
from stance.comparison.profiles import strips
from stance.comparison.wordchoice import _GAP, _LETTER, TermIndex, TextTerms
from stance.features import DECIMALS
from stance.model import Span
from stance.output import write_comparison
from stance.output.data import _story_data
from stance.output.filters import HIGHLIGHTS, chart_circles, highlight, span_title
from stance.output.jsonlayout import indented_json
from stance.output.links import Anchors
from stance.output.pages import environment
from stance.run.pipeline import analyze
from stance.text.segment import WORD
from stance.text.tfidf import count_words, weigh


@pytest.fixture(scope="module")
def seed_stories():
    return analyze([SEEDS], jobs=1)


# --- stories.json -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.lists(st.dictionaries(st.text(max_size=5), st.text() | st.integers(), min_size=1, max_size=4), max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_indented_json_is_json_dumps(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def stories_json(stories, problems, folder) -> str:
    write_comparison(compare_stories(stories, problems), folder, data_format="csv")
    return (folder / "stories.json").read_text(encoding="utf-8")


def test_stories_json_is_json_dumps_on_the_seed_corpus(seed_stories, tmp_path):
    stories, problems, _ = seed_stories
    data = {
        "stories": [_story_data(s) for s in stories],
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
    }
    assert len(stories) > 2  # several laid-out parts, joined
    assert (
        stories_json(stories, problems, tmp_path / "seeds")
        == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    assert (
        stories_json([], problems, tmp_path / "none")
        == json.dumps({"stories": [], "problems": data["problems"]}, ensure_ascii=False, indent=1, sort_keys=True)
        + "\n"
    )


# --- highlight ----------------------------------------------------------------------------------


def plain_highlight(text, spans, labels=HIGHLIGHTS, anchors=()):
    """The definition: cut the text at every boundary; wrap each piece, escaped for element content,
    in the chain of elements covering it (its anchor, then its spans by start, longest first, the
    later label first), written as the nesting of consecutive chains: the elements two neighbouring
    pieces share stay open."""
    n = len(text)
    kept, until = [], -1
    for start, end, name in sorted(anchors, key=lambda a: a[0]):
        start, end = min(start, n), min(end, n)
        if end > start and start >= until:
            kept.append((start, end, Markup('<span id="{}">').format(name), "</span>", len(kept)))
            until = end
    rank = {label: labels.index(label) for label in labels}
    marks, seen = [], set()
    for i, s in enumerate(spans):
        start, end = min(s.start, n), min(s.end, n)
        if s.label in rank and end > start and (start, end, s.label) not in seen:
            seen.add((start, end, s.label))
            title = span_title(s)
            tag = (
                Markup('<mark class="{}" title="{}">').format(s.label, title)
                if title
                else Markup('<mark class="{}">').format(s.label)
            )
            marks.append(((start, -end, -rank[s.label], i), start, end, tag))
    cuts = sorted({0, n, *(x for a in kept for x in a[:2]), *(x for m in marks for x in m[1:3])})
    out, chain = [], []
    for start, end in itertools.pairwise(cuts):
        # an element is its tag, its closing tag and which span or anchor it is
        now = [(a[2], "</span>", a[4]) for a in kept if a[0] <= start < a[1]]
        now += [(m[3], "</mark>", m[0]) for m in sorted(marks) if m[1] <= start < m[2]]
        common = next((k for k in range(min(len(chain), len(now))) if chain[k] != now[k]), min(len(chain), len(now)))
        out += [e[1] for e in reversed(chain[common:])] + [e[0] for e in now[common:]]
        out.append(text[start:end].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        chain = now
    out += [e[1] for e in reversed(chain)]
    return Markup("".join(out))


def test_highlight_of_real_articles_is_the_plain_one(seed_stories):
    # the wire pages: copied sentences with credit lines and loaded words inside, each titled
    for story in [*seed_stories[0], *analyze([DATA / "wire"], jobs=1).stories]:
        anchors = Anchors.of(story)
        for a in story.articles:
            assert highlight(a.text, a.spans, anchors=anchors.spans(a)) == plain_highlight(
                a.text, a.spans, anchors=anchors.spans(a)
            )


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_highlight_of_overlapping_spans_and_anchors_is_the_plain_one(data):
    text = data.draw(st.text(alphabet="ab <&>\"'’\n", max_size=40))
    bound = st.integers(0, len(text) + 2)
    # some spans carry a title (a copied sentence's source, a credit's name), overlapping others
    attrs = st.sampled_from(((), (("from", 'a"<'),), (("kind", "dateline"), ("name", "AP&"))))
    labels_drawn = st.sampled_from((*HIGHLIGHTS, "sentence"))
    spans = data.draw(st.lists(st.builds(Span, bound, bound, labels_drawn, attrs), max_size=8))
    anchors = data.draw(st.lists(st.tuples(bound, bound, st.sampled_from(["a1-0", 'x"<'])), max_size=3))
    labels = data.draw(st.sampled_from([HIGHLIGHTS, ("quote", "hedge", "quote")]))
    assert highlight(text, spans, labels, anchors) == plain_highlight(text, spans, labels, anchors)


# --- the rest of a story page and the charts ----------------------------------------------------


def plain_story_entities(story):
    """The definition: the story's most mentioned actors, then for each outlet its mentions of
    each, its named sources with that speaker, its three most used labels and the mean valence of
    the opinion words near them."""
    spans = [
        (a.outlet, s.label, dict(s.attrs))
        for a in story.articles
        for s in a.spans
        if s.label in ("entity", "tone", "source")
    ]
    counts = Counter((attrs["name"], attrs["kind"]) for _, label, attrs in spans if label == "entity")
    actors = sorted(counts, key=lambda key: (-counts[key], key))[:MAIN_ACTORS]
    rows = []
    for name, kind in actors:
        for outlet in story.outlets:
            mentions = sum(o == outlet and label == "entity" and attrs["name"] == name for o, label, attrs in spans)
            tones = [
                float(attrs["valence"])
                for o, label, attrs in spans
                if o == outlet and label == "tone" and attrs["entity"] == name
            ]
            tone = round(sum(tones) / len(tones), DECIMALS) if tones else None
            quoted = sum(
                o == outlet and label == "source" and attrs["status"] == "named" and attrs["speaker"] == name
                for o, label, attrs in spans
            )
            labels = Counter(
                attrs["described_as"]
                for o, label, attrs in spans
                if o == outlet and label == "entity" and attrs["name"] == name and "described_as" in attrs
            )
            ranked = sorted(labels, key=lambda lab: (-labels[lab], lab))[:3]
            rows.append(
                {
                    "story_id": story.id,
                    "outlet": outlet,
                    "entity": name,
                    "kind": kind,
                    "mentions": mentions,
                    "quoted": quoted,
                    "labels": "; ".join(f"{lab} ×{labels[lab]}" for lab in ranked),
                    "tone": tone,
                }
            )
    return rows


def test_story_entities_are_the_plain_count(seed_stories):
    stories = seed_stories[0]
    rows = [row for s in stories for row in story_entities(s)]
    assert any(row["tone"] is not None for row in rows)
    assert any(row["quoted"] for row in rows) and any(row["labels"] for row in rows)
    for story in stories:
        assert story_entities(story) == plain_story_entities(story)


def test_facts_one_outlet_alone_reports_come_in_the_storys_fact_order(seed_stories):
    """_contrast.html lists an outlet's `alone` facts by walking the story's facts in order."""
    multi = [s for s in seed_stories[0] if len(s.outlets) > 1]
    assert multi
    for story in multi:
        cov = coverage(story)
        for oc in cov.per_outlet:
            assert [f.id for f in cov.facts if f.id in oc.alone] == list(oc.alone)


DOTS_LOOP = '{% for v in values %}<circle cx="{{ v|chart_x(low, high) }}" cy="8" r="4"></circle>{% endfor %}'


def test_circles_are_the_template_loop_on_real_strip_plots(seed_stories):
    loop = environment().from_string(DOTS_LOOP)
    rows = [(row.values, strip.low, strip.high) for strip in strips(seed_stories[0]) for row in strip.rows]
    assert rows
    for values, low, high in rows:
        assert chart_circles(values, low, high) == loop.render(values=values, low=low, high=high)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6) | st.integers(-1000, 1000), max_size=6), st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)
)
def test_circles_are_the_template_loop(values, low, high):
    assert chart_circles(values, low, high) == environment().from_string(DOTS_LOOP).render(
        values=values, low=low, high=high
    )


# --- word choice ----------------------------------------------------------------------------------


def terms(text):
    """Every kept unigram and bigram of ``text`` as (term, start, end), in text order."""
    found = TextTerms.of(text)
    return found.spans(set(found.unigrams) | set(found.bigrams))


def plain_terms(text):
    """The definition: a loop over the words, pairing adjacent kept words separated by spaces."""
    out, previous = [], None
    for m in WORD.finditer(text):
        word = m.group().lower().replace("’", "'")
        if len(word) < 2 or word in ENGLISH_STOP_WORDS or not _LETTER.search(word):
            previous = None
            continue
        out.append((word, m.start(), m.end()))
        if previous is not None and _GAP.fullmatch(text, previous[2], m.start()):
            out.append((f"{previous[0]} {word}", previous[1], m.end()))
        previous = (word, m.start(), m.end())
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Ab’'-_\t\n2.Σİ", max_size=60))
def test_terms_are_the_word_loop(text):
    assert terms(text) == plain_terms(text)


def test_term_index_counts_and_finds_what_the_word_loop_finds(seed_stories):
    articles = [a for s in seed_stories[0] for a in s.articles]
    index = TermIndex(articles)
    assert any(a.spans_labelled("copied") for a in articles)  # some seed sentences are shared near-verbatim
    for a in articles[:40]:
        found = plain_terms(own_text(a))  # the article's own text: copied sentences are not its word choice
        counted = index.counts([a])
        assert counted.unigrams == Counter(t for t, _, _ in found if " " not in t)
        assert counted.bigrams == Counter(t for t, _, _ in found if " " in t)
        wanted = {t for t, _, _ in found[::7]}
        where = index.occurrences([a], wanted)
        assert {t: [(o.start, o.end) for o in occ] for t, occ in where.items()} == {
            t: [(s, e) for w, s, e in found if w == t] for t in wanted
        }


# --- coverage and headlines ---------------------------------------------------------------------


def test_sentence_tfidf_is_scikit_learns(seed_stories):
    """Coverage weighs a story's sentences, the headline check its sentences and headlines, from one count."""
    for story in seed_stories[0]:
        sentences = StorySentences.of(story)
        texts = [u.text for u in sentences.units]
        titles = [a.title for a in story.articles if a.title]
        for ours, theirs in (
            (weigh(sentences.words).matrix(), texts),
            (weigh(count_words(titles, stop=stop_words(), after=sentences.words)).matrix(), texts + titles),
        ):
            expected = TfidfVectorizer(
                sublinear_tf=True, stop_words=sorted(stop_words()), dtype=np.float64
            ).fit_transform(theirs)
            for part in ("indptr", "indices", "data"):
                assert np.array_equal(getattr(ours, part), getattr(expected, part)), part


def test_a_story_compared_whole_or_pair_by_pair_gives_the_same_facts(seed_stories, monkeypatch):
    stories = [s for s in seed_stories[0] if len(s.outlets) > 2]
    whole = [coverage(s) for s in stories]
    monkeypatch.setattr(stance.comparison.coverage, "WHOLE_STORY", 0)
    assert [coverage(s) for s in stories] == whole and any(c.shared for c in whole)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=12))
def test_mean_is_numpys(values):
    assert _mean(values) == float(np.mean(values))


# --- the whole run --------------------------------------------------------------------------------


def test_one_process_and_two_write_the_same_bytes(cli, tmp_path):
    for jobs in ("1", "2"):
        assert cli("compare", SEEDS, "--out", tmp_path / jobs, "--jobs", jobs).exit_code == 0
    one = {p.relative_to(tmp_path / "1"): p.read_bytes() for p in sorted((tmp_path / "1").rglob("*")) if p.is_file()}
    two = {p.relative_to(tmp_path / "2"): p.read_bytes() for p in sorted((tmp_path / "2").rglob("*")) if p.is_file()}
    assert len(one) > 10 and one == two
    assert re.search(r'<mark class="[a-z ]+">', one[next(p for p in one if p.parts[0] == "stories")].decode())
