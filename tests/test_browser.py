"""The generated pages in a real browser: headless Chromium (Debian's ``chromium`` package) driven by
Playwright. Checks that a story page shows its columns, highlights and charts, that every internal
link (from the index, a story page and an outlet page) resolves, that
pages fit a phone-width screen and print, and that nothing logs an error.
Screenshots go to tests/artifacts/ (ignored by git), for people to look at.

Skips when /usr/bin/chromium or the playwright package is missing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import DATA, SEEDS
from typer.testing import CliRunner

from stance.cli import app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no headless browser at /usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "out"
    args = ["compare", str(SEEDS), "--out", str(out), "--outlets", str(DATA / "outlets" / "seeds.toml")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def story_page(site: Path) -> Path:
    return next((site / "stories").glob("halvesk-dam-*.html"))


def visible_box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    return box


def test_story_page_renders_columns_highlights_and_charts(site, page):
    page.goto(story_page(site).as_uri())
    columns = page.locator("article.column")
    assert columns.count() == 5
    for i in range(5):
        assert visible_box(columns.nth(i))["width"] > 200
    hedge = page.locator("article.column mark.hedge").first
    visible_box(hedge)
    assert hedge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 229, 138)"
    # The timeline: one dot per article, inside the chart.
    dots = page.locator("#timing svg.chart circle")
    assert dots.count() == 5
    for i in range(5):
        assert visible_box(dots.nth(i))["width"] >= 4
    for section in ("#groups", "#coverage", "#words", "#quoted", "#headlines"):
        visible_box(page.locator(section))
    assert page.locator("table.matrix tbody tr").count() >= 5
    # A loaded word says, on hover, what kind of choice it is and the neutral word a reporter would use.
    loaded = page.locator("article.column mark.loaded[title]").first
    visible_box(loaded)
    assert "; neutral: " in loaded.get_attribute("title")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)
    assert page.errors == []


def test_a_fact_is_one_click_from_its_sentence(site, page):
    page.goto(story_page(site).as_uri())
    link = page.locator("table.matrix a").first
    target = link.get_attribute("href")
    link.click()
    assert urlsplit(page.url).fragment == target[1:]
    sentence = page.locator(f".text span{target}")
    assert sentence.evaluate("e => e.matches(':target') && getComputedStyle(e).outlineStyle") == "solid"
    assert sentence.inner_text().strip() == link.inner_text().strip()
    assert sentence.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_only_here_link_opens_the_list_it_points_to(site, page):
    page.goto(story_page(site).as_uri())
    assert page.locator("details.only[open]").count() == 0
    page.locator("table.coverage-summary a[href^='#only-']").first.click()
    opened = page.locator("details.only[open]")
    assert opened.count() == 1 and opened.locator("li").first.is_visible()


def test_index_shows_feature_distributions(site, page):
    page.goto((site / "index.html").as_uri())
    strips = page.locator("figure.strip")
    assert strips.count() == 13
    visible_box(strips.first.locator("svg.chart circle").first)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    assert page.errors == []


def _internal_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return sorted({h for h in hrefs if urlsplit(h).scheme not in ("http", "https")})


@pytest.mark.parametrize("start", ["index.html", "story", "outlets/kestrel-courier.html"])
def test_every_internal_link_resolves(site, page, start):
    origin = story_page(site) if start == "story" else site / start
    page.goto(origin.as_uri())
    links = _internal_links(page)
    assert len(links) > 10
    fragments: dict[Path, set[str]] = {}
    for href in links:
        path = unquote(urlsplit(href).path)
        target = (origin.parent / path).resolve() if path else origin
        assert target.is_file() and target.is_relative_to(site.resolve()), href
        fragments.setdefault(target, set()).add(urlsplit(href).fragment)
    for target, wanted in sorted(fragments.items()):  # each page loaded once
        page.goto(target.as_uri())
        assert page.title(), target
        found = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        assert wanted - {""} <= found, (target.name, sorted(wanted - {""} - found)[:5])
    assert page.errors == []


def test_pages_fit_a_phone_and_print(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    tab = context.new_page()
    for path in (story_page(site), site / "index.html", site / "outlets" / "firebrand-herald.html"):
        tab.goto(path.as_uri())
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, path.name
    tab.goto(story_page(site).as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "story-phone.png"))
    tab.emulate_media(media="print")
    assert tab.locator("nav.toc").evaluate("e => getComputedStyle(e).display") == "none"
    assert tab.locator("details.only li").first.is_visible()  # closed lists print in full
    context.close()


def test_the_index_puts_multi_outlet_stories_first_and_sorts_and_filters_offline(site, page):
    page.goto((site / "index.html").as_uri())
    rows = page.locator("table.stories tbody tr")
    counts = [int(rows.nth(i).locator("td").nth(2).inner_text()) for i in range(rows.count())]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    # Filter: stories one outlet covered.
    page.select_option("form.filters select[name=outlet]", "Tidewire")
    visible = page.locator("table.stories tbody tr:visible")
    assert 0 < visible.count() < rows.count()
    for i in range(visible.count()):
        assert "Tidewire" in visible.nth(i).locator("td").nth(3).inner_text()
    assert page.locator("form.filters output").inner_text() == f"{visible.count()} of {rows.count()} stories"
    page.select_option("form.filters select[name=outlet]", "")
    page.select_option("form.filters select[name=min]", "2")
    assert page.locator("table.stories tbody tr:visible").count() == sum(c >= 2 for c in counts)
    # Sort by articles, most first, then fewest first.
    page.select_option("form.filters select[name=min]", "1")
    header = page.locator("table.stories th", has_text="Articles")
    header.click()
    articles = [int(rows.nth(i).locator("td").nth(4).inner_text()) for i in range(rows.count())]
    assert articles == sorted(articles, reverse=True)
    header.click()
    articles = [int(rows.nth(i).locator("td").nth(4).inner_text()) for i in range(rows.count())]
    assert articles == sorted(articles)
    assert page.errors == []
