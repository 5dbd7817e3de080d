"""Names of people and organisations, found without a model download.

A name is a run of capitalised words (initials, title abbreviations, hyphenated and O'/Mc names,
linked by "of", "for", "de", "van" …); a possessive "'s" ends it. Function words that start a sentence ("The", "But") are
trimmed off. Then:
- a run holding a title from the `titles` lexicon ("President", "Sen.", "Mr.") followed by more
  capitalised words is a **person**, named by the words after the last title (and after its
  "of <portfolio>": "Secretary of State Hillary Clinton"), even in "House Speaker John Boehner";
- a run ending in a place head word (`place_heads` lexicon: River, Street, County …) is a place, and
  skipped;
- a run holding an organisation head word (`organisations` lexicon: Party, Board, Ministry …), or a
  lone acronym of 2–6 capitals (NATO, AARP), is an **organisation**;
- a run of two to four words that does not start with a place word (`places` lexicon: New, North …)
  is a **person** (first and last name);
- a single word is a person if it is the last word of a person named elsewhere in the same text
  ("Bennett" after "Naftali Bennett"), otherwise it is not an entity stance reports.
Each person is known by their longest full name in the text: "Mr. Steele" and "Steele" both
resolve to "Michael Steele" when the article names him so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import lexicons

_ABBREVIATION = "|".join(sorted({h.rstrip(".").capitalize() for h in lexicons.load("honorifics")}))
_CAP = rf"(?:(?:{_ABBREVIATION}|[A-Z])\.(?=[ \t]+[A-Z])|(?:Mc|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Za-z]+)*|[A-Z]{{2,}}(?![a-z]))"
_LINKS = ("of", "for", "de", "del", "da", "van", "von", "bin", "al", "la", "le")
_LINK = rf"(?:{'|'.join(_LINKS)})"
NAME_RUN = re.compile(rf"(?<![\w’'-]){_CAP}(?:[ \t]+(?:{_LINK}[ \t]+)?{_CAP})*(?![\w-])")
ACRONYM = re.compile(r"[A-Z]{2,6}")
_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


@dataclass(frozen=True)
class Name:
    """A mention of a person or organisation: ``text[start:end]``, resolved to ``name``."""

    start: int
    end: int
    name: str
    kind: str  # "person" or "organisation"
    title: str | None = None  # the title written before a person's name, lowercased ("sen", "president")


def _word(token: str) -> str:
    return token.lower().rstrip(".")


def _candidates(text: str) -> list[tuple[int, int, list[str], list[int]]]:
    """Capitalised runs with their tokens and token offsets, leading/trailing function words trimmed."""
    out = []
    for m in NAME_RUN.finditer(text):
        tokens = [(t.start(), t.group()) for t in re.finditer(r"\S+", m.group())]
        while tokens and (_word(tokens[0][1]) in ENGLISH_STOP_WORDS or _word(tokens[0][1]) in _CALENDAR):
            tokens.pop(0)
        while tokens and (_word(tokens[-1][1]) in ENGLISH_STOP_WORDS or _word(tokens[-1][1]) in _CALENDAR):
            tokens.pop()
        if tokens:
            start = m.start() + tokens[0][0]
            end = m.start() + tokens[-1][0] + len(tokens[-1][1])
            out.append((start, end, [t for _, t in tokens], [m.start() + s for s, _ in tokens]))
    return out


def find_names(text: str) -> list[Name]:
    """People and organisations mentioned in ``text``, in order of appearance."""
    titles, orgs = lexicons.load("titles"), lexicons.load("organisations")
    places, place_heads = lexicons.load("places"), lexicons.load("place_heads")
    found: list[Name] = []
    singles: list[tuple[int, int, str]] = []
    for start, end, tokens, offsets in _candidates(text):
        words = [_word(t) for t in tokens]
        title_at = max((i for i, w in enumerate(words) if w in titles), default=-1)
        if words[-1] in place_heads:
            continue
        # "Secretary of State Hillary Clinton": a title's "of <portfolio>" belongs to the title.
        first = title_at + 1
        while first < len(tokens) - 1 and words[first] in _LINKS:
            first += 2
        if 0 <= title_at and first < len(tokens):  # a title before a name wins over "House", "Senate" …
            found.append(Name(offsets[first], end, " ".join(tokens[first:]), "person", words[title_at]))
        elif any(w in orgs for w in words) or (len(tokens) == 1 and ACRONYM.fullmatch(tokens[0])):
            found.append(Name(start, end, " ".join(tokens), "organisation"))
        elif title_at < 0 and 2 <= len(tokens) <= 4 and words[0] not in places and not tokens[0].endswith("."):
            found.append(Name(start, end, " ".join(tokens), "person"))
        elif len(tokens) == 1 and title_at < 0:
            singles.append((start, end, tokens[0]))
    return _resolve(found, singles)


def _resolve(found: list[Name], singles: list[tuple[int, int, str]]) -> list[Name]:
    """Give every person mention the longest full name sharing its last word; keep single words
    that are such a last word."""
    full: dict[str, str] = {}
    for n in found:
        if n.kind == "person":
            last = n.name.split()[-1]
            if len(n.name) > len(full.get(last, "")):
                full[last] = n.name
    resolved = [
        Name(n.start, n.end, full[n.name.split()[-1]], n.kind, n.title) if n.kind == "person" else n for n in found
    ]
    resolved += [Name(s, e, full[word], "person") for s, e, word in singles if word in full]
    return sorted(resolved, key=lambda n: (n.start, n.end))


def surname(name: str) -> str:
    """The last word of a name, lowercased: what stance compares to match two names."""
    return name.split()[-1].lower() if name.split() else ""
