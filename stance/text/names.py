"""Names of people and organisations, found without a model download.

A name is a run of capitalised words (initials, title abbreviations, hyphenated and O'/Mc names,
linked by "of", "for", "de", "van" …); a possessive "'s" ends it. Function words that start a
sentence ("The", "But") are trimmed off. Then:
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
A dateline opening a paragraph ("LONDON —", "SPRINGFIELD, Ill. (AP) —") says where the story was
filed: nothing in it is a name.
Each person is known by their longest full name in the text: "Mr. Steele" and "Steele" both
resolve to "Michael Steele" when the article names him so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from . import lexicons

_ABBREVIATION = "|".join(sorted({h.rstrip(".").capitalize() for h in lexicons.load("honorifics")}))
_CAP = (  # an initial or title abbreviation; a word (Mc, O', D' names; hyphenated); an acronym
    rf"(?:(?:{_ABBREVIATION}|[A-Z])\.(?=[ \t]+[A-Z])"
    rf"|(?:Mc|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Za-z]+)*"
    rf"|[A-Z]{{2,}}(?![a-z]))"
)
_LINKS = ("of", "for", "de", "del", "da", "van", "von", "bin", "al", "la", "le")
_LINK = rf"(?:{'|'.join(_LINKS)})"
NAME_RUN = re.compile(rf"(?<![\w’'-]){_CAP}(?:[ \t]+(?:{_LINK}[ \t]+)?{_CAP})*(?![\w-])")
_NAME_START = re.compile(r"[A-Z](?<![\w’'-].)")  # a capital not preceded by what NAME_RUN's start excludes
_TOKEN = re.compile(r"\S+")
# A dateline opening a paragraph: a place in capitals, perhaps its state or country and an agency's
# credit, then a dash ("LONDON —", "SPRINGFIELD, Ill. (AP) —"): where the story was filed, not a name.
_DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z .'’-]{1,40}(?:,[^\n,—–]{1,25})?(?:\s*\([^)\n]{1,30}\))?\s*(?:—|–|--?)\s")
ACRONYM = re.compile(r"[A-Z]{2,6}")
CALENDAR = {  # month and day names: capitalised, never names
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
_NOT_NAMES = lexicons.load("stop_words") | CALENDAR  # trimmed off the ends of a capitalised run ("The", "May")


class Name(NamedTuple):
    """A mention of a person or organisation: ``text[start:end]``, resolved to ``name``.

    A named tuple, like `stance.model.Span`: articles have dozens, built several times faster than a
    dataclass.

    Attributes
    ----------
    start, end : int
        Character offsets of the mention in the text (end exclusive).
    name : str
        The name it resolves to: for a person, the longest full name in the text sharing its last word.
    kind : str
        ``"person"`` or ``"organisation"``.
    title : str or None
        The title written before a person's name, lowercased ("sen", "president").
    label : str or None
        The capitalised words before a person's name that hold its title, as written ("Russian
        President", "Secretary of State"); None for none and for courtesy titles (Mr., Ms.).
    """

    start: int
    end: int
    name: str
    kind: str  # "person" or "organisation"
    title: str | None = None  # the title written before a person's name, lowercased ("sen", "president")
    label: str | None = None  # the words written before the name as its title ("Russian President"), not Mr./Ms.


_COURTESY = {"mr", "mrs", "ms", "miss", "messrs"}  # titles that say nothing of who a person is


def _word(token: str) -> str:
    return token.lower().rstrip(".")


def _name_runs(text: str) -> Iterator[re.Match[str]]:
    """``NAME_RUN.finditer(text)``, trying the pattern only where a capital letter starts a word
    (the regex engine skips to those in C; trying every position took twice as long)."""
    pos = 0
    while start := _NAME_START.search(text, pos):
        run = NAME_RUN.match(text, start.start())
        pos = run.end() if run else start.end()
        if run:
            yield run


def _candidates(text: str) -> list[tuple[int, int, list[str], list[int], list[str]]]:
    """Capitalised runs with their tokens, token offsets and `_word` forms, leading/trailing
    function words trimmed."""
    out = []
    for m in _name_runs(text):
        run = m.group()
        if " " not in run and "\t" not in run:  # one word, as most runs are: the same, sooner
            word = _word(run)
            if word not in _NOT_NAMES:
                out.append((m.start(), m.end(), [run], [m.start()], [word]))
            continue
        spans = [t.span() for t in _TOKEN.finditer(text, m.start(), m.end())]
        words = [_word(text[s:e]) for s, e in spans]
        first, last = 0, len(spans)
        while first < last and words[first] in _NOT_NAMES:
            first += 1
        while last > first and words[last - 1] in _NOT_NAMES:
            last -= 1
        if first < last:
            kept = spans[first:last]
            out.append((kept[0][0], kept[-1][1], [text[s:e] for s, e in kept], [s for s, _ in kept], words[first:last]))
    return out


@lru_cache(maxsize=16)
def find_names(text: str) -> tuple[Name, ...]:
    """People and organisations mentioned in ``text``, in order of appearance.

    Found once per text (cached): sourcing and entity tone both read them. The rules are in the
    module docstring.

    Parameters
    ----------
    text : str
        An article's text.

    Returns
    -------
    tuple of Name
        One per mention of a person or organisation, by start and end offset.
    """
    titles, orgs = lexicons.load("titles"), lexicons.load("organisations")
    places, place_heads = lexicons.load("places"), lexicons.load("place_heads")
    found: list[Name] = []
    singles: list[tuple[int, int, str]] = []
    datelines = [m.span() for m in _DATELINE.finditer(text)]
    for start, end, tokens, offsets, words in _candidates(text):
        if any(a <= start < b for a, b in datelines):
            continue
        titled = [i for i, w in enumerate(words) if w in titles]
        title_at = titled[-1] if titled else -1
        if words[-1] in place_heads:
            continue
        # "Secretary of State Hillary Clinton": a title's "of <portfolio>" belongs to the title.
        first = title_at + 1
        while first < len(tokens) - 1 and words[first] in _LINKS:
            first += 2
        if title_at >= 0 and first < len(tokens):  # a title before a name wins over "House", "Senate" …
            # The label is the title with the capitalised words before it ("Russian President"), or
            # the title alone where a link word comes before it: those words name something else
            # ("National Organization for Women President", "primary in Virginia of Rep. Eric Cantor").
            opens = title_at if any(w in _LINKS for w in words[:title_at]) else 0
            label = None if words[title_at] in _COURTESY else " ".join(tokens[opens:first])
            found.append(Name(offsets[first], end, " ".join(tokens[first:]), "person", words[title_at], label))
        elif not orgs.isdisjoint(words) or (len(tokens) == 1 and ACRONYM.fullmatch(tokens[0])):
            found.append(Name(start, end, " ".join(tokens), "organisation"))
        elif title_at < 0 and 2 <= len(tokens) <= 4 and words[0] not in places and not tokens[0].endswith("."):
            found.append(Name(start, end, " ".join(tokens), "person"))
        elif len(tokens) == 1 and title_at < 0:
            singles.append((start, end, tokens[0]))
    return tuple(_resolve(found, singles))


def _resolve(found: list[Name], singles: list[tuple[int, int, str]]) -> list[Name]:
    """Give every person mention the longest full name sharing its last word; keep single words
    that are such a last word."""
    full: dict[str, str] = {}
    for n in found:
        if n.kind == "person":
            last = n.name.split()[-1]
            if len(n.name) > len(full.get(last, "")):
                full[last] = n.name
    resolved = []
    for n in found:
        longest = full[n.name.split()[-1]] if n.kind == "person" else n.name
        resolved.append(n if longest == n.name else n._replace(name=longest))
    resolved += [Name(s, e, full[word], "person") for s, e, word in singles if word in full]
    return sorted(resolved, key=lambda n: (n.start, n.end))


def surname(name: str) -> str:
    """The last word of a name, lowercased: what stance compares to match two names."""
    return name.split()[-1].lower() if name.split() else ""
