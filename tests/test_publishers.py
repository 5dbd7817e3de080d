"""One publisher, one outlet: saved pages of one publisher's editions, blogs and look-alikes."""

from __future__ import annotations

import json

from conftest import DATA

from stance.readers.corpus import read_corpus
from stance.readers.outlets import parse_outlets
from stance.readers.publishers import registered_domain

PUBLISHERS = DATA / "publishers"


def outlets(articles):
    return {a.id: a.outlet for a in articles}


def test_a_publishers_editions_and_blogs_are_one_outlet():
    articles, problems = read_corpus([PUBLISHERS])
    # www., in., uk. and blogs. of harbourherald.com, whatever site name each page gives, and the
    # article without a URL that names the outlet in other case: "The Harbour Herald", the name
    # most of its pages give. harbourherald.co.uk is another registered domain.
    assert outlets(articles) == {
        "home-bridge.html": "The Harbour Herald",
        "home-ferry.html": "The Harbour Herald",
        "india-edition.html": "The Harbour Herald",
        "lookalike.html": "Harbour Herald",
        "no-url.json": "The Harbour Herald",
        "opinion-blog.html": "The Harbour Herald",
        "uk-edition.html": "The Harbour Herald",
    }
    assert [(p.path, p.message.split(" (")[0]) for p in problems] == [
        ("lookalike.html", "outlet 'Harbour Herald' looks like 'The Harbour Herald'")
    ]


def test_the_outlets_file_wins_over_the_domain():
    book = parse_outlets(
        {
            "outlet": [
                {"name": "Harbour Herald India", "aliases": ["HarbourHeraldIndia"]},
                {"name": "The Harbour Herald", "aliases": ["Harbour Herald"]},
            ]
        },
        "outlets.toml",
    )
    articles, problems = read_corpus([PUBLISHERS], book=book)
    got = outlets(articles)
    assert got["india-edition.html"] == "Harbour Herald India"  # the file names this edition apart
    assert got["lookalike.html"] == "The Harbour Herald"  # an alias in the file: one outlet, no warning
    assert got["uk-edition.html"] == "The Harbour Herald"
    assert problems == []


def test_outlets_from_folders(tmp_path):
    for folder, name in (("herald", "a.json"), ("herald", "b.json"), ("gazette", "c.json")):
        (tmp_path / folder).mkdir(exist_ok=True)
        record = {"outlet": "Some Site", "url": f"https://www.{folder}.com/x/{name}", "text": f"Story {name} text."}
        (tmp_path / folder / name).write_text(json.dumps(record), encoding="utf-8")
    articles, _ = read_corpus([tmp_path], outlet_from="folder")
    assert outlets(articles) == {"gazette/c.json": "gazette", "herald/a.json": "herald", "herald/b.json": "herald"}
    articles, _ = read_corpus([tmp_path])  # by site: both folders' pages say "Some Site" but have two domains
    assert sorted(set(outlets(articles).values())) == ["Some Site"]


def test_registered_domains_from_the_shipped_public_suffix_list():
    assert registered_domain("https://in.harbourherald.com/a") == "harbourherald.com"
    assert registered_domain("http://news.bbc.co.uk/x") == "bbc.co.uk"
    assert registered_domain("https://someone.github.io/post") == "someone.github.io"  # a private suffix
    assert registered_domain("http://192.168.0.1/a") is None
    assert registered_domain(None) is None


def test_the_cli_counts_one_publisher_once(cli, tmp_path):
    result = cli("compare", PUBLISHERS, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "7 articles from 2 outlets" in result.stderr
    result = cli("compare", PUBLISHERS, "--out", tmp_path / "by-folder", "--outlet-from", "folder")
    assert "7 articles from 1 outlet " in result.stderr  # no folders: every article is "unknown"
