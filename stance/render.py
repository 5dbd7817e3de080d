"""Static HTML pages from Jinja2 templates, with evidence spans highlighted.

Templates come from the user's ``--templates`` folder first, then the built-in ones; a user
template can extend a built-in one as ``default:<name>``. Autoescaping is on and article text
only ever reaches a page through `highlight`, which escapes every slice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from .compare import story_entities, story_ranges
from .contrast import Anchors, contrast
from .coverage import MIN_SHARED
from .coverage import SIMILARITY as FACT_SIMILARITY
from .features import COLUMNS, DEFINITIONS
from .headlines import SIMILARITY as HEADLINE_SIMILARITY
from .model import Span, Story
from .outlets import OutletBook, group_spread, outlet_slugs
from .profiles import outlet_profile, strips
from .wordchoice import Z_MIN, Z_SHOWN, counts

# Span labels highlighted on story pages, in legend order.
HIGHLIGHTS = ("hedge", "booster", "attribution", "speaker", "loaded", "quote")


def builtin_templates() -> Path:
    """The installed templates (inside the package), or the source checkout's ``templates/``."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


def environment(template_dir: str | Path | None = None) -> jinja2.Environment:
    builtin = jinja2.FileSystemLoader(builtin_templates())
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(template_dir)] if template_dir else []
    loader = jinja2.ChoiceLoader([*loaders, builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["highlight"] = highlight
    env.filters["bar"] = bar_width
    env.filters["web_link"] = web_link
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
    chosen = [s for s in spans if s.label in labels and s.end > s.start]
    opening: dict[int, list[str]] = defaultdict(list)
    closing: dict[int, list[str]] = defaultdict(list)
    for s in chosen:
        opening[s.start].append(s.label)
        closing[s.end].append(s.label)
    anchor_at = {start: (end, name) for start, end, name in anchors if end > start}
    anchor_ends = {end for end, _ in anchor_at.values()}
    active: Counter[str] = Counter()
    cuts = sorted({0, len(text), *opening, *closing, *anchor_at, *anchor_ends})
    out = []
    open_until: int | None = None
    for start, end in zip(cuts, cuts[1:]):
        active.subtract(closing[start])
        active.update(opening[start])
        if open_until == start:
            out.append(Markup("</span>"))
            open_until = None
        if open_until is None and start in anchor_at:
            open_until, name = anchor_at[start]
            out.append(Markup('<span class="sentence" id="{}">').format(name))
        covering = " ".join(label for label in labels if active[label] > 0)
        piece = escape(text[start:end])
        out.append(Markup('<mark class="{}">{}</mark>').format(covering, piece) if covering else piece)
    if open_until is not None:
        out.append(Markup("</span>"))
    return Markup("").join(out)


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


def render_site(
    stories: list[Story],
    overview: list[dict],
    problems: list,
    *,
    template_dir: str | Path | None = None,
    book: OutletBook | None = None,
) -> dict[str, str]:
    """All pages as ``{relative path: html}``: ``index.html``, ``stories/<story_id>.html`` and
    ``outlets/<slug>.html`` (slugs from `outlet_slugs`, never the raw outlet name)."""
    env = environment(template_dir)
    everything = [a for s in stories for a in s.articles]
    names = sorted({a.outlet for a in everything})
    slugs = outlet_slugs(names)
    prior = counts(everything)
    groups = {s.id: group_spread(s, book, names) for s in stories} if book else {}
    pages = {
        "index.html": env.get_template("index.html").render(
            stories=stories, outlets=overview, problems=problems, slugs=slugs, strips=strips(stories), groups=groups
        )
    }
    anchors = {story.id: Anchors.of(story) for story in stories}
    story_template = env.get_template("story.html")
    for story in stories:
        pages[f"stories/{story.id}.html"] = story_template.render(
            story=story,
            ranges=story_ranges(story),
            actors=story_entities(story),
            contrast=contrast(story, prior, book),
            anchors=anchors[story.id],
            groups=groups.get(story.id, ()),
            slugs=slugs,
        )
    home = {a.id: story.id for story in stories for a in story.articles}  # article id -> its story's id
    outlet_template = env.get_template("outlet.html")
    for name in names:
        pages[f"outlets/{slugs[name]}.html"] = outlet_template.render(
            profile=outlet_profile(name, stories, prior, book),
            strips=strips(stories, focus=name),
            slugs=slugs,
            home=home,
            anchors=anchors,
        )
    return pages
