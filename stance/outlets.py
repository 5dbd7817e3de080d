"""What the user tells stance about outlets (``outlets.toml``), and file-safe names for outlet pages.

Everything here is supplied by the user, never inferred: an outlet's aliases (other spellings of
its name, merged into one outlet), its country, owner and lean, and optionally the side a speaker
is on. stance only groups by what the file says.

File format::

    [[outlet]]
    name = "Kestrel Courier"
    aliases = ["kestrelcourier.example", "The Kestrel Courier"]
    country = "Lestria"
    owner = "Kestrel Media Group"
    lean = "centre"

    [[speaker]]
    name = "Teodor Mallin"
    side = "Water Board"
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from .model import Story
from .stories import slug

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

GROUP_FIELDS = ("lean", "country", "owner")  # the fields a story's coverage is grouped by, in display order
OUTLET_KEYS = ("name", "aliases", *GROUP_FIELDS)
SPEAKER_KEYS = ("name", "side")
SLUG_MAX_CHARS = 60


class OutletsError(Exception):
    """The outlets file cannot be used; the message names the file, the table and the key."""


@dataclass(frozen=True)
class OutletInfo:
    """One ``[[outlet]]`` table. Group fields are None where the user gave none."""

    name: str
    aliases: tuple[str, ...] = ()
    lean: str | None = None
    country: str | None = None
    owner: str | None = None

    def group(self, field: str) -> str | None:
        return getattr(self, field)


@dataclass(frozen=True)
class OutletBook:
    """The whole outlets file: outlets and speakers' sides, looked up case-insensitively."""

    outlets: tuple[OutletInfo, ...] = ()
    sides: tuple[tuple[str, str], ...] = ()  # (speaker name, side)

    def canonical(self, name: str) -> str:
        """The ``name`` of the outlet ``name`` is an alias of (or is), else ``name`` unchanged."""
        key = _key(name)
        for info in self.outlets:
            if key == _key(info.name) or key in {_key(a) for a in info.aliases}:
                return info.name
        return name

    def info(self, name: str) -> OutletInfo | None:
        return next((i for i in self.outlets if _key(i.name) == _key(name)), None)

    def side(self, speaker: str) -> str | None:
        return next((side for name, side in self.sides if _key(name) == _key(speaker)), None)

    @property
    def group_fields(self) -> tuple[str, ...]:
        """The group fields given for at least one outlet."""
        return tuple(f for f in GROUP_FIELDS if any(i.group(f) for i in self.outlets))


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def load_outlets(path: str | os.PathLike) -> OutletBook:
    """Read and validate an outlets file; raises OutletsError naming the file and the problem."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise OutletsError(f"{path}: no such file") from None
    except OSError as exc:
        raise OutletsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise OutletsError(f"{path}: bad TOML: not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise OutletsError(f"{path}: bad TOML: {exc}") from None
    return parse_outlets(data, str(path))


def parse_outlets(data: dict[str, Any], source: str) -> OutletBook:
    """Validate parsed TOML; every name and alias may belong to one outlet only."""
    unknown = sorted(set(data) - {"outlet", "speaker"})
    if unknown:
        raise OutletsError(f"{source}: unknown table {unknown[0]!r} (use [[outlet]] and [[speaker]])")
    outlets = [_outlet(n, t, source) for n, t in enumerate(_tables(data, "outlet", source), 1)]
    owner: dict[str, str] = {}
    for info in outlets:
        for spelling in (info.name, *info.aliases):
            if owner.setdefault(_key(spelling), info.name) != info.name:
                raise OutletsError(f"{source}: {spelling!r} names two outlets ({owner[_key(spelling)]!r} and {info.name!r})")
    sides = []
    for n, table in enumerate(_tables(data, "speaker", source), 1):
        values = _strings(table, SPEAKER_KEYS, f"{source}: speaker {n}")
        if "name" not in values or "side" not in values:
            raise OutletsError(f"{source}: speaker {n}: needs 'name' and 'side'")
        sides.append((values["name"], values["side"]))
    return OutletBook(tuple(outlets), tuple(sides))


def _tables(data: dict[str, Any], name: str, source: str) -> list[dict[str, Any]]:
    tables = data.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise OutletsError(f"{source}: {name!r} must be an array of tables, written [[{name}]]")
    return tables


def _outlet(number: int, table: dict[str, Any], source: str) -> OutletInfo:
    where = f"{source}: outlet {number}"
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise OutletsError(f"{where}: 'aliases' must be a list of names")
    values = _strings({k: v for k, v in table.items() if k != "aliases"}, OUTLET_KEYS, where)
    if "name" not in values:
        raise OutletsError(f"{where}: needs a 'name'")
    return OutletInfo(aliases=tuple(a.strip() for a in aliases), **values)


def _strings(table: dict[str, Any], keys: tuple[str, ...], where: str) -> dict[str, str]:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise OutletsError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(keys)}")
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise OutletsError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    return {key: value.strip() for key, value in table.items()}


def rename_outlets(stories: list[Story], book: OutletBook) -> list[Story]:
    """Stories with every outlet alias replaced by its outlet's name (articles re-sorted as
    `stance.stories` orders them: date, outlet, id)."""
    renamed = []
    for story in stories:
        articles = [replace(a, outlet=book.canonical(a.outlet)) for a in story.articles]
        articles.sort(key=lambda a: (a.date is None, a.date or 0, a.outlet, a.id))
        renamed.append(replace(story, articles=tuple(articles)))
    return renamed


def outlet_slugs(names: Iterable[str]) -> dict[str, str]:
    """A file-safe page name (``[a-z0-9-]``, never empty) for each outlet name.

    Names are taken in sorted order; a name whose slug is taken gets 8 hex digits of its SHA-1
    added, so the result depends only on the set of names.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        base = slug(name, max_words=12)[:SLUG_MAX_CHARS].strip("-")
        if base == "story" and "story" not in name.casefold():  # `slug`'s stand-in for a name with no ASCII letters
            base = "outlet"
        candidate = base
        if candidate in taken:
            candidate = f"{base}-{hashlib.sha1(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
        n = 2
        while candidate in taken:  # only if a hash suffix collides too
            candidate = f"{base}-{n}"
            n += 1
        taken.add(candidate)
        out[name] = candidate
    return out


NOT_GIVEN = "not given"


@dataclass(frozen=True)
class GroupSpread:
    """How one story's coverage spreads over the values of one field (lean, country or owner):
    ``groups`` holds (value, outlets, articles), with outlets the file says nothing about under
    "not given". ``one_group`` is the only value covering the story when every outlet of the story
    has one and the corpus's outlets have more than one; else None."""

    field: str
    groups: tuple[tuple[str, tuple[str, ...], int], ...]
    one_group: str | None


def group_spread(story: Story, book: OutletBook, corpus_outlets: Iterable[str]) -> tuple[GroupSpread, ...]:
    """A `GroupSpread` for every field the outlets file gives for some outlet."""
    out = []
    for field in book.group_fields:
        def value(outlet: str) -> str:
            info = book.info(outlet)
            return (info.group(field) if info else None) or NOT_GIVEN

        groups: dict[str, list[str]] = {}
        for outlet in story.outlets:
            groups.setdefault(value(outlet), []).append(outlet)
        articles = {v: sum(a.outlet in members for a in story.articles) for v, members in groups.items()}
        known = {value(o) for o in corpus_outlets} - {NOT_GIVEN}
        only = next(iter(groups)) if len(groups) == 1 and NOT_GIVEN not in groups and len(known) > 1 else None
        ordered = sorted(groups, key=lambda v: (v == NOT_GIVEN, v.casefold(), v))
        out.append(GroupSpread(field, tuple((v, tuple(groups[v]), articles[v]) for v in ordered), only))
    return tuple(out)
