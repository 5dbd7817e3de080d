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
from .features import COLUMNS, DEFINITIONS
from .model import Span, Story

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
    env.globals.update(columns=COLUMNS, definitions=DEFINITIONS, highlights=HIGHLIGHTS)
    return env


def highlight(text: str, spans: Iterable[Span], labels: tuple[str, ...] = HIGHLIGHTS) -> Markup:
    """HTML of ``text`` with each span of the given labels wrapped in ``<mark class="…">``.

    Spans may overlap or nest (a hedge inside a quote): the text is cut at every span boundary and
    each piece is marked with all labels covering it. Every piece is escaped.
    """
    chosen = [s for s in spans if s.label in labels and s.end > s.start]
    opening: dict[int, list[str]] = defaultdict(list)
    closing: dict[int, list[str]] = defaultdict(list)
    for s in chosen:
        opening[s.start].append(s.label)
        closing[s.end].append(s.label)
    active: Counter[str] = Counter()
    cuts = sorted({0, len(text), *opening, *closing})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        active.subtract(closing[start])
        active.update(opening[start])
        covering = " ".join(label for label in labels if active[label] > 0)
        piece = escape(text[start:end])
        out.append(Markup('<mark class="{}">{}</mark>').format(covering, piece) if covering else piece)
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
    stories: list[Story], overview: list[dict], problems: list, *, template_dir: str | Path | None = None
) -> dict[str, str]:
    """All pages as ``{relative path: html}``: ``index.html`` and ``stories/<story_id>.html``."""
    env = environment(template_dir)
    pages = {"index.html": env.get_template("index.html").render(stories=stories, outlets=overview, problems=problems)}
    story_template = env.get_template("story.html")
    for story in stories:
        pages[f"stories/{story.id}.html"] = story_template.render(
            story=story, ranges=story_ranges(story), actors=story_entities(story)
        )
    return pages
