"""Read a corpus: walk folders, decode files, parse each format, build `Article`s.

Nothing here raises on bad input: every file that cannot be used becomes a `Problem`
naming the file and the reason, and the walk goes on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..model import Article, Problem, TextStore
from ..tasks import Progress, quiet
from .boilerplate import drop_repeated_lines, strip_furniture
from .duplicates import drop_duplicates
from .fields import has_controls, parse_date, report_controls, single_line, without_controls
from .formats import PARSERS, ParseError, Record
from .outlets import OutletBook
from .publishers import outlet_of, settle_outlets
from .quality import language_problem

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Files that document a corpus rather than belong to it; skipped by name, case-insensitively.
DOCUMENTATION_NAMES = ("readme", "license", "licence", "changelog")
# The files of a stance output, with its data as CSV or as Parquet: a folder holding one of each
# group is an earlier run's output, not the corpus.
OUTPUT_MARKERS = (("index.html",), ("stories.json", "stories.parquet"), ("articles.csv", "articles.parquet"))


def read_corpus(
    paths: Sequence[str | os.PathLike],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    book: OutletBook | None = None,
    outlet_from: str = "site",
    progress: Progress = quiet,
    follow_links: bool = False,
    texts: TextStore | None = None,
) -> tuple[list[Article], list[Problem]]:
    """Read every article file under ``paths`` (files or folders, walked recursively in path order).

    Parameters
    ----------
    paths : sequence of str or path-like
        Files or folders of articles.
    max_bytes : int, default `DEFAULT_MAX_BYTES` (20 MiB)
        Files larger than this many bytes are skipped and reported.
    book : OutletBook, optional
        The user's outlets file: its names and aliases win (`stance.readers.publishers`).
    outlet_from : {"site", "folder"}, default "site"
        Where an article's outlet comes from: its site (name, then the publisher's domain), or the
        first folder under its PATH.
    progress : Progress, default `stance.tasks.quiet`
        Wraps the iteration over the files found.
    follow_links : bool, default False
        Read links to files outside their PATH (by default they are reported and skipped).
    texts : TextStore, optional
        Where each article's text is set aside as it is read (`stance.run.store.SpanStore`), so the
        corpus's texts are never all in memory.

    Returns
    -------
    articles : list of Article
        In id order. Ids are paths relative to the PATH given (prefixed with that PATH's name when
        several are given). With ``texts``, their texts are empty: ``texts.text(article)`` reads one.
    problems : list of Problem
        The problems met on the way.

    Raises
    ------
    FileNotFoundError
        If a PATH does not exist: that is a usage error, not bad input.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise FileNotFoundError(f"{root}: no such file or folder")
    articles: list[Article] = []
    problems: list[Problem] = []
    found = [
        (root, prefix, file)
        for root, prefix in _prefixed(roots)
        for file in _walk(root, prefix, problems, follow_links=follow_links)
    ]
    for root, prefix, file in progress(found, len(found), "Reading files"):
        parts = [_display(part) for part in (file.relative_to(root).parts if root.is_dir() else (file.name,))]
        folder = parts[0] if len(parts) > 1 else None  # the outlet of last resort
        where = prefix + "/".join(parts)
        read_file(file, where, folder, articles, problems, max_bytes=max_bytes, outlet_from=outlet_from, texts=texts)
    unique = drop_duplicates(sorted(articles, key=lambda a: a.id), problems, texts.text if texts else None)
    settled, look_alikes = settle_outlets(unique, book, outlet_from=outlet_from)
    return drop_repeated_lines(settled, texts), sorted(problems + look_alikes, key=_problem_key)


def _prefixed(roots: list[Path]) -> list[tuple[Path, str]]:
    """Each root with the prefix of its files' ids: its name when several roots are given."""
    return [(root, _display(root.name) + "/" if len(roots) > 1 else "") for root in roots]


def _display(name: str) -> str:
    """A path part as text: bytes that are not UTF-8 (kept by the OS as surrogates) become ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _problem_key(p: Problem) -> tuple:
    return (p.path, p.line or 0, p.message)


def _walk(root: Path, prefix: str, problems: list[Problem], follow_links: bool = False) -> Iterable[Path]:
    """Files under ``root`` in path order. Links to folders are reported, not followed: following
    them could read a folder twice or loop forever. A link to a file outside ``root`` is reported
    and not read unless ``follow_links`` (a corpus checked in CI must not publish ``/etc/passwd``).
    A folder holding an earlier stance output (`_is_output`) is not read: it is not the corpus."""
    if not root.is_dir():
        yield root
        return
    inside = os.path.realpath(root)

    def rel(path: str | os.PathLike) -> str:
        return prefix + "/".join(_display(part) for part in Path(path).relative_to(root).parts)

    def report(err: OSError) -> None:
        problems.append(Problem(rel(err.filename or root) or ".", f"cannot read folder: {err.strerror}"))

    for folder, dirs, files in os.walk(root, onerror=report):
        for name in sorted(d for d in dirs if not d.startswith(".") and os.path.islink(os.path.join(folder, d))):
            problems.append(Problem(rel(os.path.join(folder, name)), "link to a folder, not followed"))
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)) and not _is_output(folder, d)
        )
        for name in sorted(files):
            if name.startswith(".") or name.lower().startswith(DOCUMENTATION_NAMES):
                continue
            path = os.path.join(folder, name)
            if not follow_links and os.path.islink(path) and not _within(os.path.realpath(path), inside):
                problems.append(
                    Problem(rel(path), "link to a file outside the PATH given, not read (--follow-links reads it)")
                )
                continue
            yield Path(path)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _is_output(folder: str, name: str) -> bool:
    """Whether ``folder/name`` holds an earlier stance output (index.html, stories and articles data)."""
    return all(any(os.path.isfile(os.path.join(folder, name, f)) for f in group) for group in OUTPUT_MARKERS)


def read_file(
    file: Path,
    rel: str,
    folder: str | None,
    articles: list[Article],
    problems: list[Problem],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    outlet_from: str = "site",
    texts: TextStore | None = None,
) -> None:
    """Append the articles in one file to ``articles`` and anything wrong with it to ``problems``.

    Parameters
    ----------
    file : Path
        The file; its suffix chooses the parser (`stance.readers.formats.PARSERS`).
    rel : str
        The file's path in ids and problems; the n-th article of a multi-article file is ``rel#n``
        (in JSON lines, n is the article's 1-based line number).
    folder : str or None
        The corpus folder the file is in: the outlet of last resort.
    articles, problems : list
        Appended to.
    max_bytes : int, default `DEFAULT_MAX_BYTES` (20 MiB)
        A larger file (in bytes) is reported, not read.
    outlet_from : {"site", "folder"}, default "site"
        As for `read_corpus`.
    texts : TextStore, optional
        Where each article's text is set aside, as for `read_corpus`.
    """
    suffix = file.suffix.lower()
    if suffix not in PARSERS:
        known = " ".join(sorted(PARSERS))
        problems.append(Problem(rel, f"unsupported file type '{suffix or file.name}' (stance reads {known})"))
        return
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):  # a named pipe would block the run forever
            problems.append(Problem(rel, "not a regular file (a named pipe, socket or device)"))
            return
        if info.st_size > max_bytes:
            problems.append(Problem(rel, f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit"))
            return
        data = file.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, _unreadable(file, exc)))
        return
    text, why = decode(data)
    if why:
        problems.append(Problem(rel, why))
    if text is None:
        return
    if not text.strip():
        problems.append(Problem(rel, "empty file"))
        return
    skipped: list[tuple[int | None, str]] = []
    try:
        records = PARSERS[suffix](text.replace("\r\n", "\n").replace("\r", "\n"), skipped)
    except ParseError as exc:
        problems.append(Problem(rel, str(exc)))
        return
    problems.extend(Problem(rel, message, line) for line, message in skipped)
    if not records and not skipped:  # such as "[]" or a CSV header without rows
        problems.append(Problem(rel, "no articles in the file"))
    multi = len(records) > 1 or suffix in (".jsonl", ".ndjson", ".csv")
    by_line = suffix in (".jsonl", ".ndjson")  # fixing a bad line does not renumber the articles after it
    for n, record in enumerate(records, 1):
        article_id = f"{rel}#{record['_line'] if by_line else n}" if multi else rel
        line = record.get("_line")  # rows and lines are named by number; items of a JSON list by id
        where = rel if line else article_id
        article = to_article(record, article_id, folder, problems, path=where, line=line, outlet_from=outlet_from)
        if article is not None:
            if foreign := language_problem(article.text):
                problems.append(Problem(where, foreign, line))
            articles.append(texts.keep_text(article) if texts else article)


def _unreadable(file: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and file.is_symlink():
        return f"broken symbolic link (to {_display(os.readlink(file))})"
    return f"cannot read file: {exc.strerror or exc}"


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes: a BOM wins, then UTF-8, then the charset charset-normalizer detects.

    Of the detected charsets, Windows-1252 wins when it fits as cleanly as the detector's first choice.

    Returns
    -------
    text : str or None
        None for binary or undecodable data.
    reason : str
        ``""``; a caveat when the last character was cut off (a truncated file) and dropped; or, with
        ``text`` None, the reason.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text, why = _decode_truncated(data[len(bom) :], encoding)
            return (
                (text, why)
                if text is not None
                else (None, f"undecodable text: not valid {encoding} despite its byte-order mark")
            )
    if b"\x00" in data[:8192]:
        return None, "binary file (contains NUL bytes)"
    text, why = _decode_truncated(data, "utf-8")
    # A cut-off character after pure ASCII is as likely a Windows-1252 letter ("café") as UTF-8.
    if text is not None and (not why or not text.isascii()):
        return text, why
    from charset_normalizer import from_bytes  # imported here: most corpora are UTF-8

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None, "undecodable text: not UTF-8 and no other encoding fits"
    # Short texts fit several single-byte code pages equally well; among the cleanest fits, prefer
    # Windows-1252, the legacy default for English and Western European text.
    western = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos), None)
    return str(western or best), ""


def _decode_truncated(data: bytes, encoding: str) -> tuple[str | None, str]:
    """``data`` in ``encoding``, tolerating only a character cut off at the very end; None if invalid."""
    try:
        return data.decode(encoding), ""
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.end != len(data):
            return None, ""
        return data[: exc.start].decode(
            encoding
        ), "file ends in the middle of a character (truncated?); that character was dropped"


def to_article(
    record: Record,
    article_id: str,
    folder: str | None,
    problems: list[Problem],
    *,
    path: str,
    line: int | None = None,
    outlet_from: str = "site",
) -> Article | None:
    """Build an Article from a parsed record, or report why it cannot be one.

    Parameters
    ----------
    record : Record
        A record from `stance.readers.formats`: ``text`` and metadata.
    article_id, path : str
        The article's id, and the path its problems name.
    folder : str or None
        The outlet of last resort (`outlet_of`).
    problems : list of Problem
        Appended to: a missing text, metadata that is not a single value, an unrecognised date,
        control characters (`stance.readers.fields`; once per file).
    line : int, optional
        The record's 1-based line, for problems.
    outlet_from : {"site", "folder"}, default "site"
        As for `read_corpus`.

    Returns
    -------
    Article or None
        None when the record has no text.
    """
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(path, "article has no text (expected a text, body or content field)", line))
        return None
    meta = {name: record.get(name) for name in ("title", "outlet", "date", "url", "story_hint")}
    if has_controls(text, text=True) or any(has_controls(v) for v in meta.values()):
        report_controls(path, problems)
        text = without_controls(text)
    text = strip_furniture(text)
    if not text:
        problems.append(Problem(path, "article text is only page furniture (share bars, 'Loading…', links)", line))
        return None
    for name, value in meta.items():
        if value is not None and not isinstance(value, (str, int, float, dt.date)):
            # Lists and mappings (JSON, YAML) are not one value; YAML aliases can also make them huge.
            problems.append(Problem(path, f"{name} is not a single value; ignored", line))
            meta[name] = None
    url = single_line(meta["url"])
    return Article(
        id=article_id,
        path=path,
        text=text.strip(),
        outlet=outlet_of(single_line(meta["outlet"]), url, folder, outlet_from),
        date=parse_date(meta["date"], path, problems, line),
        title=single_line(meta["title"]),
        url=url,
        story_hint=single_line(meta["story_hint"]),
    )
