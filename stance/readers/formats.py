"""One parser per input format: decoded file text in, raw records out.

A record is a plain dict of whatever metadata the file gave (``title``, ``outlet``, ``date``, …)
plus ``text``; `stance.readers.corpus` turns records into `Article`s. Every parser of `PARSERS` is
called as ``parse(text, skipped)``; its own docstring says only what is particular to its format.

Parameters
----------
text : str
    The decoded file, line breaks normalised to LF.
skipped : Skipped
    Appended to: ``(line, message)`` for each part the parser had to skip, line 1-based, or a
    warning about what it read (line None). `parse_jsonl` and `parse_csv` skip parts; `parse_html`
    warns; the other parsers never append to it.

Returns
-------
list of Record
    In file order.

Raises
------
ParseError
    For a file the parser cannot use at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from .boilerplate import strip_furniture

Record = dict[str, Any]
Skipped = list[tuple[int | None, str]]

# Metadata keys a `.txt` header may carry, and the aliases every format accepts for each field.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "maintext"),
    "outlet": ("outlet", "source", "publisher", "sitename", "site", "media", "media_name"),
    "date": ("date", "published", "publish_date", "pubdate", "date_publish", "published_at"),
    "url": ("url", "link", "canonical_url"),
}
_HEADER_KEYS = {alias for aliases in FIELD_ALIASES.values() for alias in aliases} | {"author", "byline"}

_SEED_HEADER = re.compile(r"\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_HEADER_LINE = re.compile(r"([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)")
_SENTENCE_END = re.compile(r"[.,;:]['\"’”)]*$")
TITLE_MAX_WORDS = 20
MIN_BODY_WORDS = 50  # a news brief runs 50–150 words: an extracted body under 50 is a caption, teaser or error page
# "Title | Site", "Title - Site", "Title — Site", "Title :: Site": the separators pages put before the site name.
_TITLE_SUFFIX = re.compile(r"(.*\S)\s+(?:\||-|–|—|::|·)\s+(.+?)\s*$")  # the last separator
# Only metadata and the URL date an article; searching the page's text finds copyright years and
# "updated" stamps (a footer's "© 2010" dates a page 2010-01-01).
_FOUND_DATES = {"extensive_search": False, "original_date": True}


class ParseError(ValueError):
    """The whole file is unusable; the message says why in a few words."""


def normalise(record: dict[str, Any]) -> Record:
    """Map a format's own keys onto stance's fields; the first alias present wins.

    Parameters
    ----------
    record : dict
        One item as the file gives it. Keys are matched case-insensitively, without surrounding spaces,
        against `FIELD_ALIASES`; an empty value ("" or None) counts as absent.

    Returns
    -------
    Record
        The fields found (``title``, ``text``, ``outlet``, ``date``, ``url``). A BASIL item's
        ``body-paragraphs`` become ``text`` (sentences joined by spaces, paragraphs by blank lines)
        and its ``triplet-uuid`` the ``story_hint``.
    """
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    out: Record = {}
    for field, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if lowered.get(alias) not in (None, ""):
                out[field] = lowered[alias]
                break
    paras = lowered.get("body-paragraphs")
    if _is_list_of_lists_of_str(paras) and "text" not in out:  # the BASIL research format
        out["text"] = "\n\n".join(" ".join(s.strip() for s in para) for para in paras)
        out["story_hint"] = lowered.get("triplet-uuid")
    return out


def _is_list_of_lists_of_str(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(p, list) and all(isinstance(s, str) for s in p) for p in value)


def split_title(body: str) -> tuple[str | None, str]:
    """Take the first line as the title when it looks like a headline.

    A headline is a first line of at most `TITLE_MAX_WORDS` words that does not end like a
    sentence (period, comma, colon, semicolon, optionally followed by a closing quote) and is
    followed by more text.

    Parameters
    ----------
    body : str
        An article's text.

    Returns
    -------
    title : str or None
        The first line, without ``#`` marks and surrounding spaces; None when it is not a headline.
    text : str
        The text after the headline, stripped; ``body`` unchanged when there is none.
    """
    first, sep, rest = body.partition("\n")
    first = first.strip().lstrip("#").strip()
    if not sep or not rest.strip() or not first:
        return None, body
    if len(first.split()) > TITLE_MAX_WORDS or _SENTENCE_END.search(first):
        return None, body
    return first, rest.strip()


def parse_txt(text: str, skipped: Skipped) -> list[Record]:
    """Plain text: the seed header, ``key: value`` header lines, or no header at all.

    The seed header is ``date YYYY-MM-DD`` then the text on the same line. Header lines are
    ``key: value`` lines, at least one with a known key (a field alias, ``author`` or ``byline``),
    followed by a blank line. Without the seed header, a first line that looks like a headline is the
    title when no header line gives one (`split_title`).

    Parameters and return as every parser (module docstring). Returns one record: every text is one
    article; ``skipped`` is not appended to, and `ParseError` is never raised.
    """
    seed = _SEED_HEADER.match(text)
    if seed:
        return [{"date": seed.group(1), "text": text[seed.end() :].strip()}]
    record: Record = {}
    head, sep, rest = text.lstrip().partition("\n\n")
    pairs = [_HEADER_LINE.fullmatch(line.strip()) for line in head.splitlines()]
    if sep and pairs and all(pairs) and any(m.group(1).lower() in _HEADER_KEYS for m in pairs):
        record = normalise({m.group(1): m.group(2).strip() for m in pairs})
        text = rest
    if "title" not in record:
        title, text = split_title(text.strip())
        if title:
            record["title"] = title
    record["text"] = text.strip()
    return [record]


def parse_markdown(text: str, skipped: Skipped) -> list[Record]:
    """Markdown with optional YAML front matter; without it, a leading ``# heading`` is the title.

    Parameters, return and errors as every parser (module docstring). Returns one record: the front
    matter's fields (`normalise`) and the body as ``text``; ``skipped`` is not appended to. Raises
    `ParseError` if the front matter is not closed, is not valid YAML or is not a mapping.
    """
    import frontmatter  # imported here: only corpora with .md files pay for YAML

    lines = text.split("\n")
    if lines[0].strip() == "---" and not any(line.strip() == "---" for line in lines[1:]):
        raise ParseError("broken front matter: no closing --- line (file truncated?)")
    try:
        post = frontmatter.loads(text)
    except Exception as exc:  # the YAML parser raises many types; all mean "broken front matter"
        raise ParseError(f"broken front matter: {_first_line(exc)}") from None
    if not isinstance(post.metadata, dict):
        raise ParseError("front matter is not a mapping of keys to values")
    record = normalise(post.metadata)
    body = post.content.strip()
    if "title" not in record:
        title, body = split_title(body)
        if title:
            record["title"] = title
    record["text"] = body
    return [record]


def parse_json(text: str, skipped: Skipped) -> list[Record]:
    """One JSON object, or a list of them.

    Parameters, return and errors as every parser (module docstring). Returns one record per
    object, in file order; ``skipped`` is not appended to. Raises `ParseError` if the file is not
    JSON, is nested too deeply, or holds something other than objects.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ParseError(_json_error(exc)) from None
    except RecursionError:
        raise ParseError("broken JSON: nested too deeply") from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(item, dict) for item in items):
        raise ParseError("expected a JSON object or a list of objects")
    return [normalise(item) for item in items]


def parse_jsonl(text: str, skipped: Skipped) -> list[Record]:
    """One JSON object per line; a bad line is skipped and reported with its line number.

    Parameters and return as every parser (module docstring). Returns one record per object, each
    with its 1-based line number as ``_line``; appends ``(line, message)``, line 1-based, to
    ``skipped`` for every non-blank line that is not a JSON object, so `ParseError` is never raised.
    """
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError) as exc:
            skipped.append((number, f"broken JSON line: {_json_error(exc).removeprefix('broken JSON ')}"))
            continue
        if not isinstance(item, dict):
            skipped.append((number, "line is not a JSON object"))
            continue
        records.append(normalise(item) | {"_line": number})
    return records


def parse_csv(text: str, skipped: Skipped) -> list[Record]:
    """A header row, then one article per row (columns are matched case-insensitively).

    A row with more or fewer cells than the header is skipped and reported, and so is a last row
    whose quoted cell is never closed (a truncated file): it would otherwise swallow the file's end.

    Parameters, return and errors as every parser (module docstring). Returns one record per row,
    each with the 1-based line it starts on as ``_line``; appends ``(line, message)`` to ``skipped``
    for every row skipped, at the 1-based line the row starts on. Raises `ParseError` if there is no
    header row or the CSV is broken.
    """
    csv.field_size_limit(sys.maxsize)  # article bodies are longer than csv's 128 KiB default
    reader = csv.DictReader(io.StringIO(text, newline=""))
    records = []
    try:
        if not reader.fieldnames:
            raise ParseError("CSV has no header row")
        start = reader.line_num + 1
        for row in reader:
            if None in row:
                skipped.append((start, "row has more cells than the header"))
            elif None in row.values():
                skipped.append((start, "row has fewer cells than the header"))
            else:
                records.append(normalise(row) | {"_line": start})
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(f"broken CSV at line {reader.line_num}: {exc}") from None
    if records and _unclosed_quote("\n".join(text.split("\n")[records[-1]["_line"] - 1 :])):
        skipped.append((records.pop()["_line"], "quoted cell never closed (file truncated?)"))
    return records


def _unclosed_quote(tail: str) -> bool:
    """Whether CSV text ends inside a quoted cell (the lenient reader above accepts that silently)."""
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def parse_html(text: str, skipped: Skipped) -> list[Record]:
    """Main text and metadata extracted by trafilatura (boilerplate, menus and ads removed).

    Parameters, return and errors as every parser (module docstring). Returns one record:
    ``title`` (without the site name it ends with, `strip_site_name`), ``outlet`` (the site name),
    ``date`` (from the page's metadata or URL only), ``url`` and ``text``. Warns (in ``skipped``)
    of a body under `MIN_BODY_WORDS` words and of a date found only by searching the page's text,
    which is not used. Raises `ParseError` if trafilatura finds no article text.
    """
    import trafilatura  # imported here: it is slow to import and only HTML corpora need it

    doc = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=_FOUND_DATES,
    )
    if doc is None or not (doc.text or "").strip():
        raise ParseError("no article text found in the HTML")
    body = doc.text.strip()
    if doc.title and body.startswith(doc.title):  # trafilatura repeats the <h1> as the first line
        body = body[len(doc.title) :].strip()
    words = len(strip_furniture(body).split())
    if not words:
        raise ParseError("no article text in the HTML, only page furniture (a video page or a 'Loading…' stub?)")
    if words < MIN_BODY_WORDS:
        skipped.append((None, f"article body is only {words} words (a caption, a video page or a 'Loading…' stub?)"))
    if doc.date is None:
        from htmldate import find_date

        guess = find_date(text, extensive_search=True, original_date=True)
        if guess:
            skipped.append((None, f"no date in the page's metadata or URL; {guess}, found in its text, was not used"))
    title = strip_site_name(doc.title, doc.sitename) if doc.title else doc.title
    return [{"title": title, "outlet": doc.sitename, "date": doc.date, "url": doc.url, "text": body}]


def strip_site_name(title: str, site: str | None) -> str:
    """``title`` without a trailing "| Site", "- Site", "— Site" that names the site.

    The last part names the site when, ignoring case, punctuation, spaces and a leading "The", it
    equals the site name or is a domain ("Example.com"). Other trailing parts ("Storm - Live") stay.

    Parameters
    ----------
    title : str
        A page title.
    site : str or None
        The page's site name.

    Returns
    -------
    str
        The title, its site suffix removed.

    Examples
    --------
    >>> strip_site_name("Museum wing opens | The Riverside Times", "Riverside Times")
    'Museum wing opens'
    >>> strip_site_name("Storm hits coast - Live updates", "Riverside Times")
    'Storm hits coast - Live updates'
    """
    m = _TITLE_SUFFIX.match(title)
    if m is None:
        return title
    head, suffix = m.groups()
    if (site and _plain(suffix) == _plain(site)) or re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", suffix.lower()):
        return head
    return title


def _plain(name: str) -> str:
    """A site name compared loosely: lowercase, letters and digits only, without a leading "the"."""
    return re.sub(r"[\W_]+", "", re.sub(r"^the[\W_]+", "", name.lower()))


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"broken JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
    return f"broken JSON: {_first_line(exc)}"  # such as an integer too long to convert


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


PARSERS: dict[str, Callable[[str, Skipped], list[Record]]] = {
    ".txt": parse_txt,
    ".text": parse_txt,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".json": parse_json,
    ".jsonl": parse_jsonl,
    ".ndjson": parse_jsonl,
    ".csv": parse_csv,
    ".html": parse_html,
    ".htm": parse_html,
}
