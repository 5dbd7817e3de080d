"""What the user tells stance about outlets (``outlets.toml``).

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

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..model import Article
from .tomlfile import read_toml

GROUP_FIELDS = ("lean", "country", "owner")  # the fields a story's coverage is grouped by, in display order
OUTLET_KEYS = ("name", "aliases", *GROUP_FIELDS)
SPEAKER_KEYS = ("name", "side")


class OutletsError(Exception):
    """The outlets file cannot be used; the message names the file, the table and the key."""


@dataclass(frozen=True)
class OutletInfo:
    """One ``[[outlet]]`` table. Group fields are None where the user gave none.

    Attributes
    ----------
    name : str
        The outlet's name: its aliases are renamed to it.
    aliases : tuple of str
        Other spellings of its name.
    lean, country, owner : str or None
        The group fields, as the user wrote them.
    """

    name: str
    aliases: tuple[str, ...] = ()
    lean: str | None = None
    country: str | None = None
    owner: str | None = None

    def group(self, field: str) -> str | None:
        """The value of the group field ``field`` (one of `GROUP_FIELDS`), or None."""
        return getattr(self, field)


@dataclass(frozen=True)
class OutletBook:
    """The whole outlets file: outlets and speakers' sides, looked up case-insensitively.

    Attributes
    ----------
    outlets : tuple of OutletInfo
        The ``[[outlet]]`` tables, in file order.
    sides : tuple of (str, str)
        (speaker name, side) of each ``[[speaker]]`` table, in file order.
    """

    outlets: tuple[OutletInfo, ...] = ()
    sides: tuple[tuple[str, str], ...] = ()  # (speaker name, side)

    def canonical(self, name: str) -> str:
        """The ``name`` of the outlet ``name`` is an alias of (or is), else ``name`` unchanged."""
        key = _key(name)
        for info in self.outlets:
            if key == _key(info.name) or key in {_key(a) for a in info.aliases}:
                return info.name
        return name

    def knows(self, name: str) -> bool:
        """Whether ``name`` is an outlet's name or alias in the file (case-insensitively)."""
        key = _key(name)
        return any(key == _key(info.name) or key in {_key(a) for a in info.aliases} for info in self.outlets)

    def rename(self, articles: Iterable[Article]) -> list[Article]:
        """The articles with every outlet alias replaced by its outlet's name."""
        return [replace(a, outlet=self.canonical(a.outlet)) for a in articles]

    def info(self, name: str) -> OutletInfo | None:
        """The table of the outlet named ``name`` (its name, not an alias), or None."""
        return next((i for i in self.outlets if _key(i.name) == _key(name)), None)

    def side(self, speaker: str) -> str | None:
        """The side the file gives the speaker named ``speaker``, or None."""
        return next((side for name, side in self.sides if _key(name) == _key(speaker)), None)

    @property
    def group_fields(self) -> tuple[str, ...]:
        """The group fields given for at least one outlet."""
        return tuple(f for f in GROUP_FIELDS if any(i.group(f) for i in self.outlets))


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def load_outlets(path: str | os.PathLike) -> OutletBook:
    """Read and validate an outlets file.

    Parameters
    ----------
    path : str or path-like
        An ``outlets.toml`` file (format in the module docstring).

    Returns
    -------
    OutletBook

    Raises
    ------
    OutletsError
        Naming the file and the problem, if the file is missing, unreadable or not TOML, or if
        `parse_outlets` rejects it.
    """
    path = Path(path)
    data = read_toml(path, OutletsError)
    return parse_outlets(data, str(path))


def parse_outlets(data: dict[str, Any], source: str) -> OutletBook:
    """Validate parsed TOML; every name and alias may belong to one outlet only.

    Parameters
    ----------
    data : dict
        The parsed file: ``outlet`` and ``speaker`` arrays of tables.
    source : str
        The file, as messages name it.

    Returns
    -------
    OutletBook
        Outlets and sides in file order, values stripped of surrounding spaces.

    Raises
    ------
    OutletsError
        Naming ``source``, the table and the key: an unknown table or key, a value that is not a
        non-empty string, a missing ``name`` (or ``side``), or a name or alias given to two outlets.
    """
    unknown = sorted(set(data) - {"outlet", "speaker"})
    if unknown:
        raise OutletsError(f"{source}: unknown table {unknown[0]!r} (use [[outlet]] and [[speaker]])")
    outlets = [_outlet(n, t, source) for n, t in enumerate(_tables(data, "outlet", source), 1)]
    owner: dict[str, str] = {}
    for info in outlets:
        for spelling in (info.name, *info.aliases):
            if owner.setdefault(_key(spelling), info.name) != info.name:
                raise OutletsError(
                    f"{source}: {spelling!r} names two outlets ({owner[_key(spelling)]!r} and {info.name!r})"
                )
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
