"""The Jinja filters of the page templates: evidence highlighting, safe links and chart geometry."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..features import COUNTS
from ..model import Span

# Span labels highlighted on story pages, in legend order.
MAX_DOTS = 1_000  # a strip plot row of more articles draws one dot per place on the axis (`chart_circles`)
HIGHLIGHTS = ("hedge", "booster", "attribution", "speaker", "loaded", "quote", "copied", "credit")


def highlight(
    text: str, spans: Iterable[Span], labels: tuple[str, ...] = HIGHLIGHTS, anchors: Iterable[tuple[int, int, str]] = ()
) -> Markup:
    """HTML of ``text`` with each span of the given labels wrapped in a ``<mark class="label">``.

    Marks nest as the spans do (a hedge inside a quote inside a copied sentence), so each span is
    written once, with its title once. The text is cut at every span boundary, and each piece sits
    inside the chain of elements covering it, outermost first: its anchor, then its spans by start,
    longest first, then in reverse order of ``labels`` (a copied sentence holds the quote of the same
    length). A span that crosses the end of an element it starts inside is closed there and reopened
    after it. Text is escaped for element content (``&``, ``<``, ``>``); attributes fully.

    Parameters
    ----------
    text : str
        The text the spans point into.
    spans : iterable of Span
        Character ranges of ``text``, clipped to it; other labels, empty spans and repeats of a
        (start, end, label) are ignored.
    labels : tuple of str, default `HIGHLIGHTS`
        The labels marked.
    anchors : iterable of (int, int, str), default ()
        (start, end, id) character ranges, such as sentences, each wrapped in a ``<span id>`` that
        links elsewhere on the page can point to; in order of start, one that starts inside an
        earlier one (or at the same place) is left out.

    Returns
    -------
    markupsafe.Markup
        A mark of a span with a `span_title` (a loaded word's neutral alternative) has it as its
        ``title``.
    """
    rank = {}  # label -> place in labels: a later label is the outer of two equal spans
    for n, label in enumerate(labels):
        rank.setdefault(label, n)
    length = len(text)
    opens: dict[int, list[tuple]] = defaultdict(list)  # offset -> elements (key, open tag, close tag)
    closes: dict[int, list[tuple]] = defaultdict(list)
    kept_until = -1
    for n, (start, end, name) in enumerate(sorted((a for a in anchors if a[1] > a[0]), key=lambda a: a[0])):
        start, end = min(start, length), min(end, length)
        if start >= kept_until and end > start:
            element = ((0, start, 0, 0, n), f'<span id="{escape(name)}">', "</span>")
            opens[start].append(element)
            closes[end].append(element)
            kept_until = end
    seen: set[tuple[int, int, str]] = set()
    plain = {label: f'<mark class="{escape(label)}">' for label in rank}
    for n, s in enumerate(spans):
        if s.label not in rank:
            continue
        start, end = min(s.start, length), min(s.end, length)
        if end <= start or (start, end, s.label) in seen:
            continue
        seen.add((start, end, s.label))
        title = span_title(s) if s.attrs else None
        tag = f'<mark class="{escape(s.label)}" title="{escape(title)}">' if title else plain[s.label]
        element = ((1, start, -end, -rank[s.label], n), tag, "</mark>")
        opens[start].append(element)
        closes[end].append(element)
    out: list[str] = []
    active: list[tuple] = []  # the elements covering the current piece
    chain: list[tuple] = []  # the elements open, outermost first
    escape_text = html.escape
    for start, end in pairwise(sorted({0, length, *opens, *closes})):
        if start in closes or start in opens:
            for element in closes.get(start, ()):
                active.remove(element)
            active.extend(opens.get(start, ()))
            now = sorted(active)
            same, shorter = 0, min(len(chain), len(now))
            while same < shorter and chain[same] is now[same]:
                same += 1
            out += [chain[k][2] for k in range(len(chain) - 1, same - 1, -1)]
            out += [element[1] for element in now[same:]]
            chain = now
        out.append(escape_text(text[start:end], quote=False))
    out += [chain[k][2] for k in range(len(chain) - 1, -1, -1)]
    return Markup("".join(out))


def span_title(span: Span) -> str | None:
    """The tooltip of a span: a loaded word's category and neutral word ("evaluative adjective;
    neutral: harsh / strict"), the article a copied sentence is found in, the name and shape of a
    credit line; None for other spans."""
    attrs = dict(span.attrs)
    if "neutral" in attrs:
        return f"{attrs['category']}; neutral: {attrs['neutral']}"
    if span.label == "copied" and "from" in attrs:
        return f"copied: found near-verbatim in {attrs['from']}"
    if span.label == "credit" and "name" in attrs:
        return f"credit line ({attrs['kind']}): {attrs['name']}"
    return None


def figure(value: float | None, feature: str = "") -> str:
    """A figure as a page prints it: a count (`stance.features.COUNTS`: words, sentences, speakers)
    as a whole number where it is one ("595", "1,204"), else to one decimal ("19.3", a mean); any
    other feature to three decimals; "–" for a missing value."""
    if value is None or value != value:  # NaN: an outlet whose articles are all wire copies
        return "–"
    if feature in COUNTS:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:.3f}"


def web_link(url: str | None) -> str | None:
    """``url`` if it is an absolute http or https URL, else None.

    Pages link only to the web, never to ``javascript:``, ``data:`` or local files named in untrusted
    metadata.
    """
    try:
        parts = urlsplit(url or "")
    except ValueError:  # malformed, such as an unclosed IPv6 bracket
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def bar_width(value: float, low: float, high: float) -> float:
    """Bar length in percent, on a scale from min(low, 0) to max(high, 0) so zero means no bar.

    Parameters
    ----------
    value, low, high : float
        The value and the scale's ends, in the value's unit.

    Returns
    -------
    float
        Percent (0–100 for a value on the scale), to one decimal; 0.0 when the scale has no length.
    """
    base, top = min(low, 0.0), max(high, 0.0)
    return round(100 * (value - base) / (top - base), 1) if top > base else 0.0


def chart_x(value: float, low: float, high: float) -> float:
    """Where ``value`` goes on a chart axis from ``low`` to ``high``, in SVG units.

    6 to 194 of a 200-unit wide chart (the middle when the axis has no length), to one decimal. A
    filter rather than a template macro: strip plots place thousands of dots.

    Parameters as for `bar_width`, with ``low`` and ``high`` the axis's ends.

    Returns
    -------
    float
        SVG units.
    """
    return round(6 + 188 * ((value - low) / (high - low) if high > low else 0.5), 1)


def chart_circles(values: Sequence[float], low: float, high: float) -> Markup:
    """A ``<circle>`` (a dot) at the `chart_x` of each of ``values``; for more than `MAX_DOTS`
    values, one dot at each x they take.

    A filter that writes the markup itself: a strip plot draws a dot per article and feature, and a
    template loop costs several times more per dot. The axis has at most 1,881 places (188 units to
    one decimal), so a row of 200,000 articles needs no more dots than that; below `MAX_DOTS`, dots
    at one place are all drawn, and darken where they stack.

    Parameters
    ----------
    values : iterable of float
        In the feature's unit.
    low, high : float
        The axis's ends, in the same unit.

    Returns
    -------
    markupsafe.Markup
        Circles of radius 4 at y = 8 (SVG units).
    """
    places = [chart_x(v, low, high) for v in values]
    if len(places) > MAX_DOTS:
        places = sorted(set(places))
    return Markup("".join([f'<circle cx="{x}" cy="8" r="4"></circle>' for x in places]))
