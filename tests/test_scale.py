"""Large corpora: pages that grow slower than the corpus (issue 17)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from stance.output.filters import MAX_DOTS, chart_circles
from stance.output.pages import STORIES_PER_PAGE


def test_the_index_of_a_large_corpus_is_paged_and_every_story_is_on_one_page(tmp_path):
    corpus = tmp_path / "feed"
    corpus.mkdir()
    items = [
        {
            "title": f"Ferry {n} to Kess{n}by",
            "date": f"2025-03-{1 + n % 28:02d}",
            "text": f"Ferry Q{n}x sailed to Kess{n}by.",
        }
        for n in range(STORIES_PER_PAGE + 40)
    ]
    (corpus / "feed.json").write_text(json.dumps(items), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "stance", "compare", str(corpus), "--out", str(out), "-q"], check=True)
    first, second = (out / "index.html").read_text("utf-8"), (out / "index" / "2.html").read_text("utf-8")
    assert sorted(p.name for p in (out / "index").iterdir()) == ["2.html"]
    listed = [re.findall(r'<td><a href="(?:\.\./)?stories/([a-z0-9-]+)\.html">', page) for page in (first, second)]
    assert '<a href="stories/' in first and '<a href="../stories/' in second
    assert [len(x) for x in listed] == [STORIES_PER_PAGE, 40]
    stories = json.loads((out / "stories.json").read_text("utf-8"))["stories"]
    assert sorted(listed[0] + listed[1]) == sorted(s["id"] for s in stories)  # each story once, on one page
    for page, other in ((first, "index/2.html"), (second, "../index.html")):
        assert f"{STORIES_PER_PAGE + 40} stories from 1 outlet" in page  # the whole corpus's counts
        assert '<nav class="pager">Pages: ' in page and f'href="{other}"' in page
    assert "<h2>Outlets</h2>" in first and "<h2>Outlets</h2>" not in second
    assert "<title>stance: 1040 stories, page 2 of 2</title>" in second
    # The outlet's page lists its first 1,000 stories; the rest are on its second page.
    (slug,) = [p.stem for p in (out / "outlets").glob("*.html") if "." not in p.stem]
    outlet_pages = [(out / "outlets" / name).read_text("utf-8") for name in (f"{slug}.html", f"{slug}.2.html")]
    on_outlet = [re.findall(r'<li><a href="\.\./stories/([a-z0-9-]+)\.html">', page) for page in outlet_pages]
    assert [len(x) for x in on_outlet] == [STORIES_PER_PAGE, 40]
    assert sorted(on_outlet[0] + on_outlet[1]) == sorted(listed[0] + listed[1])
    assert f'href="{slug}.2.html"' in outlet_pages[0] and f'href="{slug}.html"' in outlet_pages[1]


def test_a_strip_row_of_many_articles_draws_one_dot_per_place():
    few = [0.0] * 10 + [1.0]
    assert str(chart_circles(few, 0.0, 1.0)).count("<circle") == 11  # stacked dots darken: all drawn
    many = [k % 7 / 6 for k in range(MAX_DOTS + 1)]
    drawn = re.findall(r'cx="([\d.]+)"', str(chart_circles(many, 0.0, 1.0)))
    assert drawn == sorted(set(drawn), key=float) and len(drawn) == 7
