"""Property-based tests (hypothesis): any bytes into the readers and any text into the segmenter
and features give a clean result or a named problem, never an exception; spans stay in the text.

The default budget is small so the suite stays fast. A larger fuzz run:
``STANCE_HYPOTHESIS=fuzz pytest tests/test_properties.py --hypothesis-show-statistics``
(the README's "Hostile input" section reports what such a run tried and found).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import math
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.features import COLUMNS, annotate
from stance.model import Article
from stance.readers.corpus import decode, read_file
from stance.readers.formats import PARSERS, ParseError
from stance.text.segment import paragraphs, sentences

settings.register_profile("stance", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("STANCE_HYPOTHESIS", "stance"))

# Pieces that steer generated text into the corners of each format.
TOKENS = (
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "---\n",
    "---",
    '"',
    "'",
    ",",
    ";",
    ":",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "“",
    "”",
    "«",
    "»",
    "’",
    "#",
    "# ",
    "title: ",
    "date: ",
    "outlet: ",
    "url: ",
    "text: ",
    "date 2024-02-30 ",
    '{"text": "',
    '"title": ',
    '"body-paragraphs": [[',
    "Mr. ",
    "Sen. ",
    "U.S. ",
    "said",
    "may",
    "reportedly",
    "according to",
    "<p>",
    "</p>",
    "<html>",
    "<script>",
    "&amp;",
    "&#0;",
    "\x00",
    "\ufeff",
    "\u2028",
    "\u200b",
    "\u0301",
    "\U0001f600",
    "ǅ",
    "ﬃ",
    "İ",
    "ß",
    "9" * 30,
    "2024-01-01",
    "Tue, 31 Dec 1 00:00:00 +9999",
)
texts = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(TOKENS)), max_size=60).map("".join)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "shift_jis", "koi8-r")


@st.composite
def file_bytes(draw) -> bytes:
    """Raw bytes, or text in some encoding (optionally with a BOM), optionally cut short."""
    if draw(st.booleans()):
        data = draw(st.binary(max_size=400))
    else:
        encoding = draw(st.sampled_from(ENCODINGS))
        data = draw(texts).encode(encoding, errors="ignore")
        if draw(st.booleans()):
            data = draw(st.sampled_from((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))) + data
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data) - 1))]
    return data


# Article records as scraped corpora hold them: known keys (and BASIL's) with values of any JSON type.
KEYS = st.sampled_from(
    (
        "title",
        "headline",
        "text",
        "body",
        "outlet",
        "source",
        "date",
        "published",
        "url",
        "link",
        "body-paragraphs",
        "triplet-uuid",
        "Title",
        " TEXT ",
        "extra",
    )
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
records = st.dictionaries(KEYS, json_values | texts, max_size=8)


@st.composite
def structured_files(draw) -> tuple[str, bytes]:
    """A well-formed file of some format whose records carry arbitrary values."""
    rows = draw(st.lists(records, max_size=4))
    suffix = draw(st.sampled_from((".json", ".jsonl", ".md", ".csv")))
    if suffix == ".json":
        text = json.dumps(rows[0] if len(rows) == 1 else rows)
    elif suffix == ".jsonl":
        text = "\n".join(json.dumps(r) for r in rows)
    elif suffix == ".md":
        meta = rows[0] if rows else {}
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + draw(texts)
    else:
        buffer = io.StringIO()
        names = sorted({k for r in rows for k in r}) or ["text"]
        writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: v if isinstance(v, str) else json.dumps(v) for k, v in r.items()} for r in rows)
        text = buffer.getvalue()
    return suffix, text.encode("utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@given(file_bytes())
def test_decode_any_bytes(data):
    text, why = decode(data)
    assert isinstance(why, str)
    if text is None:
        assert why  # a reason is always given
    else:
        assert isinstance(text, str)
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in data[:8192]:
        assert (text, why) == (utf8, "")  # valid UTF-8 is read as such, untouched


@pytest.mark.parametrize("suffix", sorted(PARSERS))
@given(data=file_bytes())
def test_read_any_file(folder, suffix, data):
    check_file(folder / f"fuzz{suffix}", data)


@given(structured_files())
def test_read_any_record(folder, made):
    suffix, data = made
    check_file(folder / f"record{suffix}", data)


def check_file(file: Path, data: bytes) -> None:
    file.write_bytes(data)
    articles, problems = [], []
    read_file(file, file.name, "outlet-folder", articles, problems)
    assert articles or problems, "a file gave neither an article nor a problem"
    for p in problems:
        assert p.path in (file.name, *(a.id for a in articles)) or p.path.startswith(file.name + "#")
        assert p.message and "\n" not in p.message
        assert p.line is None or p.line >= 1
    for a in articles:
        assert a.id == file.name or a.id.startswith(file.name + "#")
        assert a.text and a.text == a.text.strip()
        assert a.outlet and "\n" not in a.outlet
        for value in (a.title, a.url):
            assert value is None or (value and value == " ".join(value.split()))


@pytest.mark.parametrize("parse", sorted(set(PARSERS.values()), key=lambda f: f.__name__), ids=lambda f: f.__name__)
@given(text=texts)
def test_parsers_any_text(parse, text):
    skipped: list = []
    try:
        records = parse(text, skipped)
    except ParseError as exc:
        assert str(exc)
        return
    assert isinstance(records, list) and all(isinstance(r, dict) for r in records)
    assert all(isinstance(line, (int, type(None))) and message for line, message in skipped)


def assert_spans_in(text: str, spans) -> None:
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text), s
    assert list(spans) == sorted(spans)


@given(texts)
def test_segmenter_any_text(text):
    paras = paragraphs(text)
    assert_spans_in(text, paras)
    for p, q in itertools.pairwise(paras):
        assert p.end <= q.start  # disjoint, in order
    for p in paras:
        piece = text[p.start : p.end]
        assert piece and piece == piece.strip()
    sents = sentences(text)
    assert_spans_in(text, sents)
    for s in sents:
        assert s.start < s.end
        assert any(p.start <= s.start and s.end <= p.end for p in paras), s  # never across paragraphs
    for s, t in itertools.pairwise(sents):
        assert s.end <= t.start


@given(texts.filter(str.strip))
def test_features_any_text(text):
    article = annotate(Article(id="fuzz.txt", text=text))
    assert article.text == text  # steps add spans, never edit the text
    assert_spans_in(text, article.spans)
    assert set(article.features) >= set(COLUMNS)
    assert all(math.isfinite(article.features[c]) for c in COLUMNS)
