"""File-safe names for stories and outlet pages."""

from __future__ import annotations

import re
import unicodedata

# Names Windows reserves for devices, with any extension ("con.html" too): such a slug gets "-name".
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)})


def slug(text: str, max_words: int = 6) -> str:
    """A file-safe name: lowercase ASCII letters and digits joined by hyphens, never empty.

    Parameters
    ----------
    text : str
        Any text, such as a headline; letters are transliterated to ASCII where Unicode can.
    max_words : int, default 6
        Words kept from the start of ``text``.

    Returns
    -------
    str
        Matches ``[a-z0-9]+(-[a-z0-9]+)*``; ``"story"`` when ``text`` has no ASCII letter or digit;
        never a name Windows reserves (``con``, ``nul``, ``com1`` …): those get ``-name``.

    Examples
    --------
    >>> slug("Kraków’s mayor: “We will rebuild” — 2024")
    'krakows-mayor-we-will-rebuild-2024'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    name = "-".join(words[:max_words]) or "story"
    return f"{name}-name" if name in _WINDOWS_RESERVED else name
