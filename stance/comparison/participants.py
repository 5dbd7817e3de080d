"""The participants of a sentence, and whether two sentences can report one event.

Two sentences of different outlets report one fact only if they share the event's participants:
the people and places they name, and the numbers they give (`compatible`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import lexicons
from ..text.names import CALENDAR

# A participant: a capitalised word (a name or a place; abbreviations keep their dots, "U.S.") that
# does not open its sentence or a quotation, or opens one before another capitalised word ("Ben Ortiz
# said"); or a number.
_PARTICIPANT = re.compile(r"(?<=[\s(-])[A-Z][\w'’.-]*|(?:^|(?<=[“\"‘]))\W*[A-Z][\w'’.-]*(?=\s+[A-Z])|\d[\d,.]*\d|\d")
_OPENER = re.compile(r"\W*([A-Z][\w'’.-]*)")  # the word that opens a sentence, if capitalised
NAMES_SETTLING = 2  # shared names that make two sentences' participants one event, whatever their numbers
NUMBER_TOLERANCE = 0.1  # outlets round: "$1.1 million" and "$1 million", "about 50" and "48" report one number
# A dateline opening a sentence ("KANSAS CITY, Mo. —", "WASHINGTON --") says where it was filed, not who took part.
_DATELINE = re.compile(r"^[\s\W]*[A-Z][A-Z .,'’-]*(?:,\s*[A-Z][a-z]+\.)?\s*(?:\([^)]*\)\s*)?(?:—|–|--?)\s")
_CLITIC = re.compile(r"'(?:s|ll|re|ve|d|m)$|n't$")  # Obama's, I'll, don't: the word without its clitic


def participants(sentence: str, names: frozenset[str] = frozenset()) -> frozenset[str]:
    """The people, places and numbers a sentence names: its capitalised words after the first, and a
    first one followed by another or known as a name (lowercased; not English function words,
    months, days, titles or the heads of place and organisation names), and its numbers (without
    thousands separators).

    Parameters
    ----------
    sentence : str
        One sentence.
    names : frozenset of str, default empty
        Words known as names (lowercased), such as those capitalised inside a sentence elsewhere in
        the story: one of them opening the sentence counts ("Nuland said …").

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> sorted(participants("On Friday, Ana Ruiz said 1,200 people left Gaza."))
    ['1200', 'ana', 'gaza', 'ruiz']
    """
    found, opener = participants_and_opener(sentence)
    return found | {opener} if opener in names else found


def participants_and_opener(sentence: str) -> tuple[frozenset[str], str | None]:
    """`participants` without the story's names, and the participant the sentence's first word would
    be if the story knows it as a name (None if it could not be one). Read once per sentence."""
    dateline = _DATELINE.match(sentence)
    body = sentence[dateline.end() :] if dateline else sentence  # the sentence starts after its dateline
    skip = _not_participants()
    out = set()
    for m in _PARTICIPANT.finditer(body):
        word = m.group().lower().replace("’", "'").strip("\"“‘'.")
        if word[0].isdigit():
            out.add(word.replace(",", ""))  # 1,200 is 1200; 1.1 stays 1.1
        elif (name := _CLITIC.sub("", word)) not in skip:
            out.add(name.replace(".", ""))  # told before dots go ("U.S." a name, "us" a pronoun): I.R.S. is IRS
    first = _OPENER.match(body)
    opener = _CLITIC.sub("", first.group(1).lower().replace("’", "'").strip(".")) if first else None
    return frozenset(out), opener if opener and opener not in skip else None


@lru_cache(maxsize=1)
def _not_participants() -> frozenset[str]:
    """Capitalised words that name no one in particular: function words, months and days, titles
    ("Senator", "Mr."), and the generic heads of place and organisation names ("Street", "County",
    "Party", "Air") that two different places or bodies share."""
    honorifics = {h.rstrip(".") for h in lexicons.load("honorifics")}
    heads = lexicons.load("titles") | lexicons.load("place_heads") | lexicons.load("organisations")
    return lexicons.load("stop_words") | CALENDAR | honorifics | heads


def compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Sentences can report one fact unless both name people or places and share none; or both give
    numbers, none of one within `NUMBER_TOLERANCE` of one of the other ("cut 1,200 jobs at its Leeds
    plant", "hire 300 workers at its Leeds plant"), and they share fewer than `NAMES_SETTLING` names
    (two shared names pin the event down whatever other details each gives: "Jesse Jackson Jr."
    pleading guilty with "a $43,000 watch" or "$750,000")."""
    names_a, names_b = {w for w in a if not w[0].isdigit()}, {w for w in b if not w[0].isdigit()}
    shared = len(names_a & names_b)
    if names_a and names_b and not shared:
        return False
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    return (
        shared >= NAMES_SETTLING
        or not (numbers_a and numbers_b)
        or any(abs(x - y) <= NUMBER_TOLERANCE * max(x, y) for x in numbers_a for y in numbers_b)
    )


def _numbers(found: frozenset[str]) -> list[float]:
    """The quantities among participants ("7-2", "9/11" are number-like names, not quantities)."""
    out = []
    for word in found:
        try:
            out.append(float(word))
        except ValueError:
            continue
    return out
