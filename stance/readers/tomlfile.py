"""TOML files the user writes (outlets, rules): read with one mapping of what can go wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def read_toml(path: Path, error: type[Exception]) -> dict[str, Any]:
    """The parsed TOML of ``path``.

    Parameters
    ----------
    path : Path
        A TOML file.
    error : type of Exception
        What to raise, with a one-line message naming the file.

    Returns
    -------
    dict of str to Any

    Raises
    ------
    error
        When the file is missing, unreadable, not UTF-8 or not TOML.
    """
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise error(f"{path}: bad TOML: not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: bad TOML: {exc}") from None
