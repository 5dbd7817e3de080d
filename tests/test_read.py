from __future__ import annotations

import codecs
import datetime as dt
import json
from collections import Counter

from conftest import DATA, SEEDS

from stance.readers.corpus import read_corpus

FORMATS = DATA / "formats"


def by_id(articles):
    return {a.id: a for a in articles}


def test_seed_article_format():
    articles, problems = read_corpus([SEEDS / "000_2730ba1b93403d31.txt"])
    assert problems == []
    (seed,) = articles
    assert seed.date == dt.date(2022, 2, 27)
    assert seed.outlet == "unknown"
    assert seed.title is None
    assert seed.text.startswith("Israel is prepared to act as a mediator")


def test_every_format_with_its_metadata():
    articles, problems = read_corpus([FORMATS])
    got = by_id(articles)
    assert sorted(got) == [
        "front-matter.md",
        "headers.txt",
        "headline-first.txt",
        "lines.jsonl#1",
        "lines.jsonl#3",  # line 2 is broken: ids are line numbers
        "page.html",
        "rows.csv#1",
        "rows.csv#2",
        "two.json#1",
        "two.json#2",
    ]
    headers = got["headers.txt"]
    assert (headers.title, headers.outlet, headers.date) == (
        "Council approves new ferry timetable",
        "Harbor Gazette",
        dt.date(2024, 5, 2),
    )
    assert headers.text.startswith("The council approved") and headers.text.endswith("in summer.")
    assert got["headline-first.txt"].title == "Storm closes mountain pass"
    assert got["headline-first.txt"].text.startswith("Snow closed the pass")
    assert got["front-matter.md"].outlet == "Valley Post"
    assert got["front-matter.md"].date == dt.date(2024, 6, 10)
    assert got["two.json#1"].title == "Bridge inspection finds cracks"
    assert got["two.json#1"].date == dt.date(2024, 3, 1)
    assert got["two.json#2"].outlet == "example.org"  # no outlet field: its publisher's domain, from the URL
    assert got["two.json#2"].date == dt.date(2024, 3, 1)  # RFC 2822
    assert got["rows.csv#2"].text == 'Prices rose "sharply" on Friday.'
    assert got["rows.csv#2"].outlet == "Trade Daily"
    page = got["page.html"]
    assert page.title == "Museum wing opens"
    assert page.outlet == "Riverside Times"
    assert page.date == dt.date(2024, 4, 12)
    assert "river maps" in page.text and "Subscribe" not in page.text and "Home" not in page.text
    # The broken JSON line is reported with its number; its neighbours are still read.
    assert [(p.path, p.line) for p in problems] == [("lines.jsonl", 2)]
    assert "broken JSON" in problems[0].message


def test_outlet_falls_back_to_first_folder_then_unknown(tmp_path):
    (tmp_path / "daily-planet" / "2024").mkdir(parents=True)
    (tmp_path / "daily-planet" / "2024" / "a.txt").write_text("The mayor resigned on Monday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The mayor resigned on Monday evening.", encoding="utf-8")
    articles, problems = read_corpus([tmp_path])
    assert {a.id: a.outlet for a in articles} == {"daily-planet/2024/a.txt": "daily-planet", "b.txt": "unknown"}
    assert problems == []


def test_encodings_are_detected(tmp_path):
    text = "Le café “Chez Zoé” a rouvert ses portes lundi, selon la mairie, après des travaux de rénovation."
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (tmp_path / "bom8.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    articles, problems = read_corpus([tmp_path])
    assert [a.text for a in articles] == [text]
    # The other two decode to the very same text, so they are reported as duplicates of the first.
    assert [str(p) for p in problems] == [
        "cp1252.txt: duplicate of bom8.txt (same text); counted once",
        "utf16.txt: duplicate of bom8.txt (same text); counted once",
    ]


def test_bad_files_are_named_and_skipped(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"title": "x", "text": "unterminated', encoding="utf-8")
    (tmp_path / "front.md").write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    (tmp_path / "notext.json").write_text('{"title": "Only a title"}', encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text("The council met on Tuesday.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this corpus", encoding="utf-8")
    articles, problems = read_corpus([tmp_path])
    assert [a.id for a in articles] == ["good.txt"]
    reasons = {p.path: p.message for p in problems}
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["empty.txt"] == "empty file"
    assert reasons["broken.json"].startswith("broken JSON at line 1")
    assert reasons["front.md"].startswith("broken front matter")
    assert reasons["notext.json"].startswith("article has no text")
    assert reasons["photo.png"].startswith("unsupported file type '.png'")
    assert "README.md" not in reasons  # documentation is not an article, nor a problem


def test_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    articles, problems = read_corpus([tmp_path], max_bytes=1000)
    assert articles == []
    assert problems[0].message == "file is 5,000 bytes, over the 1,000-byte limit"


def test_basil_format_read_as_is(basil):
    articles, problems = read_corpus([basil / "articles"])
    assert problems == []
    assert len(articles) == 150
    assert Counter(a.outlet for a in articles) == {"fox": 50, "nyt": 50, "hpo": 50}
    assert len({a.story_hint for a in articles}) == 50
    assert all(a.date for a in articles)
    assert sum(a.title is None for a in articles) == 1  # one BASIL article has an empty title


PAGES = DATA / "pages"


def test_saved_pages_are_read_with_honest_warnings():
    articles, problems = read_corpus([PAGES])
    got = by_id(articles)
    # Titles lose the site name they end with ("… | The Harbor Gazette", "… - Valley Post").
    assert got["undated.html"].title == "Council votes to keep the night ferry"
    assert got["video.html"].title == "Watch: Flood waters reach the old bridge"
    # A date only guessed from the page's text (a copyright footer) is not used.
    assert got["undated.html"].date is None
    assert got["video.html"].date == dt.date(2024, 5, 3)  # from the page's metadata
    assert [str(p) for p in problems] == [
        "german.html: text looks like German (de, probability 1.00), not English: stance's measures are English-only",
        "loading.html: no article text in the HTML, only page furniture (a video page or a 'Loading…' stub?)",
        "undated.html: no date in the page's metadata or URL; 2010-01-01, found in its text, was not used",
        "video.html: article body is only 21 words (a caption, a video page or a 'Loading…' stub?)",
    ]
    assert len(articles) == 3  # every article with text is kept: the run goes on


def test_english_text_is_never_reported_as_foreign(basil):
    articles, problems = read_corpus([basil / "articles", SEEDS])
    assert len(articles) == 169 and problems == []


def test_page_furniture_and_an_outlets_template_lines_are_not_article_text():
    articles, problems = read_corpus([DATA / "furniture"])
    assert problems == []
    # Each page keeps exactly its two news paragraphs: the share bar, gallery loader, follow line,
    # related link and pagination go by their shape; the newsletter line and the "will follow the
    # story" line go because the outlet repeats them on all three pages.
    texts = {a.id: a.text.split("\n") for a in articles}
    assert texts["levee.html"] == [
        "Crews began repairing the Millbrook levee on Monday, two weeks after the spring flood broke through its "
        "eastern section, the county engineer said.",
        "The work is expected to take six weeks and will close the river path to walkers until the end of June.",
    ]
    assert all(len(lines) == 2 for lines in texts.values())


def test_a_line_one_page_repeats_from_no_other_stays(tmp_path):
    for n in range(3):
        text = f"Story {n} happened on day {n}.\n\nOfficials said the levee held." if n == 0 else f"Story {n} text."
        (tmp_path / f"{n}.json").write_text(json.dumps({"outlet": "Post", "text": text}), encoding="utf-8")
    articles, _ = read_corpus([tmp_path])
    assert "Officials said the levee held." in articles[0].text


def test_a_text_of_furniture_only_is_named_as_such(tmp_path):
    (tmp_path / "stub.json").write_text(json.dumps({"text": "Share Tweet Email\n\nLoading Photo Gallery"}), "utf-8")
    articles, problems = read_corpus([tmp_path])
    assert articles == []
    assert [str(p) for p in problems] == [
        "stub.json: article text is only page furniture (share bars, 'Loading…', links)"
    ]
