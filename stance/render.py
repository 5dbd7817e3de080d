"""Static HTML pages from Jinja2 templates, with evidence spans highlighted.

Templates come from the user's ``--templates`` folder first, then the built-in ones; a user
template can extend a built-in one as ``default:<name>``. Autoescaping is on and article text
only ever reaches a page through `highlight`, which escapes every slice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from .compare import story_entities, story_ranges
from .contrast import Anchors, contrast
from .coverage import MIN_SHARED
from .coverage import SIMILARITY as FACT_SIMILARITY
from .engine import STORIES_PER_TASK, Mapper, long_lived, serial_map
from .features import COLUMNS, DEFINITIONS
from .headlines import SIMILARITY as HEADLINE_SIMILARITY
from .model import Span, Story
from .outlets import GroupSpread, OutletBook, group_spread, outlet_slugs
from .profiles import outlet_profile, strips
from .wordchoice import Z_MIN, Z_SHOWN, Counts, TermIndex

# Span labels highlighted on story pages, in legend order.
HIGHLIGHTS = ("hedge", "booster", "attribution", "speaker", "loaded", "quote")


def builtin_templates() -> Path:
    """The installed templates (inside the package), or the source checkout's ``templates/``."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


@lru_cache(maxsize=8)  # one per template folder and process: templates compile once per run
def environment(template_dir: str | Path | None = None) -> jinja2.Environment:
    builtin = jinja2.FileSystemLoader(builtin_templates())
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(template_dir)] if template_dir else []
    loader = jinja2.ChoiceLoader([*loaders, builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["highlight"] = highlight
    env.filters["bar"] = bar_width
    env.filters["web_link"] = web_link
    env.filters["chart_x"] = chart_x
    env.filters["circles"] = chart_circles
    # `anchors|href(article_id, offset)`: a filter, as a method call from a template costs several times more
    env.filters["href"] = Anchors.href
    env.globals.update(
        columns=COLUMNS,
        definitions=DEFINITIONS,
        highlights=HIGHLIGHTS,
        thresholds={"fact": FACT_SIMILARITY, "shared": MIN_SHARED, "headline": HEADLINE_SIMILARITY, "z_min": Z_MIN, "z_shown": Z_SHOWN},
    )
    return env


def highlight(
    text: str, spans: Iterable[Span], labels: tuple[str, ...] = HIGHLIGHTS, anchors: Iterable[tuple[int, int, str]] = ()
) -> Markup:
    """HTML of ``text`` with each span of the given labels wrapped in ``<mark class="…">``.

    Spans may overlap or nest (a hedge inside a quote): the text is cut at every span boundary and
    each piece is marked with all labels covering it. Every piece is escaped. ``anchors`` are
    non-overlapping (start, end, id) ranges, such as sentences, each wrapped in a ``<span id>`` that
    links elsewhere on the page can point to.
    """
    bit = {label: 1 << n for n, label in enumerate(labels)}  # a set of labels is a bit mask
    changes: dict[int, list[tuple[int, int]]] = defaultdict(list)  # offset -> (bit, +1 opens / -1 closes)
    for s in spans:
        if s.label in bit and s.end > s.start:
            changes[s.start].append((bit[s.label], 1))
            changes[s.end].append((bit[s.label], -1))
    anchor_at = {start: (end, name) for start, end, name in anchors if end > start}
    cuts = sorted({0, len(text), *changes, *anchor_at, *(end for end, _ in anchor_at.values())})
    pieces = _escape_each([text[start:end] for start, end in zip(cuts, cuts[1:])])
    ids = dict(zip(anchor_at, _escape_each([name for _, name in anchor_at.values()])))
    active: dict[int, int] = defaultdict(int)  # bit -> how many spans with it cover the text here
    names = {0: ""}  # bit mask -> its class attribute, escaped
    covering, mask = "", 0
    out: list[str] = []
    open_until: int | None = None
    for start, piece in zip(cuts, pieces):
        if start in changes:  # the labels covering the text change only here
            for b, step in changes[start]:
                active[b] += step
                mask = mask | b if active[b] else mask & ~b
            if mask not in names:
                names[mask] = str(escape(" ".join(label for label in labels if mask & bit[label])))
            covering = names[mask]
        if open_until == start:
            out.append("</span>")
            open_until = None
        if open_until is None and start in anchor_at:
            open_until = anchor_at[start][0]
            out.append(f'<span class="sentence" id="{ids[start]}">')
        out.append(f'<mark class="{covering}">{piece}</mark>' if covering else piece)
    if open_until is not None:
        out.append("</span>")
    return Markup("".join(out))


def _escape_each(strings: list[str]) -> list[str]:
    """``[str(escape(s)) for s in strings]`` in one call of `escape`, whose fixed cost is most of
    the cost for a short piece: the strings are joined with a character none of them holds, which
    escaping keeps, and split apart again."""
    if not strings:
        return []
    held = "".join(strings)
    sep = next(c for c in map(chr, count(1)) if c not in held and c not in "&<>'\"")
    return str(escape(sep.join(strings))).split(sep)


def web_link(url: str | None) -> str | None:
    """``url`` if it is an absolute http or https URL, else None: pages link only to the web, never
    to ``javascript:``, ``data:`` or local files named in untrusted metadata."""
    try:
        parts = urlsplit(url or "")
    except ValueError:  # malformed, such as an unclosed IPv6 bracket
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def bar_width(value: float, low: float, high: float) -> float:
    """Bar length in percent, on a scale from min(low, 0) to max(high, 0) so zero means no bar."""
    base, top = min(low, 0.0), max(high, 0.0)
    return round(100 * (value - base) / (top - base), 1) if top > base else 0.0


def chart_x(value: float, low: float, high: float) -> float:
    """Where ``value`` goes on a chart axis from ``low`` to ``high``, in SVG units: 6 to 194 of a
    200-unit wide chart (the middle when the axis has no length), to one decimal. A filter rather
    than a template macro: strip plots place thousands of dots."""
    return round(6 + 188 * ((value - low) / (high - low) if high > low else 0.5), 1)


def chart_circles(values: Iterable[float], low: float, high: float) -> Markup:
    """A ``<circle>`` (a dot) at the `chart_x` of each of ``values``. A filter that writes the
    markup itself: a strip plot draws a dot per article and feature, and a template loop costs
    several times more per dot."""
    return Markup("".join([f'<circle cx="{chart_x(v, low, high)}" cy="8" r="4"></circle>' for v in values]))


@dataclass(frozen=True)
class Site:
    """What the pages of one run share, worked out once. A worker process gets it once, when it
    starts (for free where processes fork), and renders pages from it."""

    stories: list[Story]
    overview: list[dict]
    problems: list
    template_dir: str | Path | None
    book: OutletBook | None
    names: list[str]  # outlets, sorted
    slugs: dict[str, str]  # outlet -> page name
    index: TermIndex  # every article's terms, counted once for all pages
    prior: Counts  # the corpus's term counts (`stance.wordchoice`)
    groups: dict[str, tuple[GroupSpread, ...]]  # story id -> its spread over the outlets file's groups
    anchors: dict[str, Anchors]  # story id -> its sentence ids
    home: dict[str, str]  # article id -> its story's id


def render_site(
    stories: list[Story],
    overview: list[dict],
    problems: list,
    *,
    template_dir: str | Path | None = None,
    book: OutletBook | None = None,
    mapper: Mapper = serial_map,
) -> dict[str, str]:
    """All pages as ``{relative path: html}``: ``index.html``, ``stories/<story_id>.html`` and
    ``outlets/<slug>.html`` (slugs from `outlet_slugs`, never the raw outlet name). Pages are
    independent, so ``mapper`` may render them on several processes; they come out the same."""
    # The site lives through the run, like the stories: out of the collector's reach, so that no
    # worker forked from here walks (and copies) it.
    with long_lived():
        everything = [a for s in stories for a in s.articles]
        names = sorted({a.outlet for a in everything})
        index = TermIndex(everything)
        site = Site(
            stories=stories,
            overview=overview,
            problems=problems,
            template_dir=template_dir,
            book=book,
            names=names,
            slugs=outlet_slugs(names),
            index=index,
            prior=index.counts(everything),
            groups={s.id: group_spread(s, book, names) for s in stories} if book else {},
            anchors={s.id: Anchors.of(s) for s in stories},
            home={a.id: s.id for s in stories for a in s.articles},
        )
    env = environment(template_dir)
    for name in ("index.html", "story.html", "outlet.html"):  # compiled here once; forked workers inherit them
        env.get_template(name)
    tasks = [("index", 0), *(("outlet", n) for n in range(len(names))), *(("stories", i) for i in range(0, len(stories), STORIES_PER_TASK))]
    return dict(page for pages in mapper(_render_task, site, tasks) for page in pages)


def _render_task(site: Site, task: tuple[str, int]) -> list[tuple[str, str]]:
    """The pages of one task: ("index", 0), ("outlet", n): the n-th outlet's page, or ("stories", i):
    the pages of `STORIES_PER_TASK` stories from the i-th."""
    kind, n = task
    try:
        if kind == "index":
            return [("index.html", _index_page(site))]
        if kind == "outlet":
            return [(f"outlets/{site.slugs[site.names[n]]}.html", _outlet_page(site, site.names[n]))]
        return [(f"stories/{story.id}.html", _story_page(site, story)) for story in site.stories[n : n + STORIES_PER_TASK]]
    except jinja2.TemplateError as exc:
        # Sent to the parent process, a syntax error would be pickled and print its location on a
        # second line; the message alone reads the same from any number of processes.
        raise jinja2.TemplateError(str(exc)) from None


def _index_page(site: Site) -> str:
    return environment(site.template_dir).get_template("index.html").render(
        stories=site.stories, outlets=site.overview, problems=site.problems, slugs=site.slugs, strips=strips(site.stories), groups=site.groups
    )


def _story_page(site: Site, story: Story) -> str:
    return environment(site.template_dir).get_template("story.html").render(
        story=story,
        ranges=story_ranges(story),
        actors=story_entities(story),
        contrast=contrast(story, site.prior, site.book, site.index),
        anchors=site.anchors[story.id],
        groups=site.groups.get(story.id, ()),
        slugs=site.slugs,
    )


def _outlet_page(site: Site, name: str) -> str:
    return environment(site.template_dir).get_template("outlet.html").render(
        profile=outlet_profile(name, site.stories, site.prior, site.book, site.index),
        strips=strips(site.stories, focus=name),
        slugs=site.slugs,
        home=site.home,
        anchors=site.anchors,
    )
