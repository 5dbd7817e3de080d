"""The Jinja filters of the page templates: evidence highlighting, safe links and chart geometry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import count, pairwise
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
    """HTML of ``text`` with each span of the given labels wrapped in ``<mark class="…">``.

    Spans may overlap or nest (a hedge inside a quote): the text is cut at every span boundary and
    each piece is marked with all labels covering it. Every piece is escaped.

    Parameters
    ----------
    text : str
        The text the spans point into.
    spans : iterable of Span
        Character ranges of ``text``; other labels and empty spans are ignored.
    labels : tuple of str, default `HIGHLIGHTS`
        The labels marked, in the order their classes are written.
    anchors : iterable of (int, int, str), default ()
        Non-overlapping (start, end, id) character ranges, such as sentences, each wrapped in a
        ``<span id>`` that links elsewhere on the page can point to.

    Returns
    -------
    markupsafe.Markup
        A piece inside a span with a neutral alternative (a loaded word) has it as its ``title``
        (`span_title`).
    """
    bit = {label: 1 << n for n, label in enumerate(labels)}  # a set of labels is a bit mask
    # A piece's title is the shortest titled span's covering it (a credit line inside a copied
    # sentence); of equal ones, the first to start, then the first given.
    titles: dict[int, list[tuple[int, tuple, str]]] = defaultdict(list)  # offset -> (+1/-1, rank, title)
    for n, s in enumerate(spans):
        if s.label in bit and s.end > s.start and (t := span_title(s)):
            rank = (s.end - s.start, s.start, n)
            titles[s.start].append((1, rank, str(escape(t))))
            titles[s.end].append((-1, rank, ""))
    open_titles: dict[tuple, str] = {}
    title = ""
    changes: dict[int, list[tuple[int, int]]] = defaultdict(list)  # offset -> (bit, +1 opens / -1 closes)
    for s in spans:
        if s.label in bit and s.end > s.start:
            changes[s.start].append((bit[s.label], 1))
            changes[s.end].append((bit[s.label], -1))
    anchor_at = {start: (end, name) for start, end, name in anchors if end > start}
    cuts = sorted({0, len(text), *changes, *anchor_at, *(end for end, _ in anchor_at.values())})
    pieces = _escape_each([text[start:end] for start, end in pairwise(cuts)])
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
        if start in titles:  # every titled span starts and ends at a cut
            for step, rank, text_of in titles[start]:
                if step > 0:
                    open_titles[rank] = text_of
                else:
                    open_titles.pop(rank, None)
            title = open_titles[min(open_titles)] if open_titles else ""
        if covering and title:
            out.append(f'<mark class="{covering}" title="{title}">{piece}</mark>')
        else:
            out.append(f'<mark class="{covering}">{piece}</mark>' if covering else piece)
    if open_until is not None:
        out.append("</span>")
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


def _escape_each(strings: list[str]) -> list[str]:
    """``[str(escape(s)) for s in strings]`` in one call of `escape`, whose fixed cost is most of
    the cost for a short piece: the strings are joined with a character none of them holds, which
    escaping keeps, and split apart again."""
    if not strings:
        return []
    held = "".join(strings)
    sep = next(c for c in map(chr, count(1)) if c not in held and c not in "&<>'\"")
    return str(escape(sep.join(strings))).split(sep)


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
