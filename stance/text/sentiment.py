"""TextBlob's polarity and subjectivity, computed several times faster, with the same floats.

TextBlob's default analyser (the pattern library's) tokenises the text, looks every token up in
the ``en-sentiment.xml`` lexicon shipped with TextBlob, and averages the scores of the opinion
words it finds, each combined with a preceding intensifier ("very good") or negation ("not
good"). `sentiment` does the same steps in the same order, so the sums are the same sums and the
floats are bit for bit TextBlob's (``tests/test_sentiment.py`` checks this on real and generated
text). It is faster because it:

- reads the lexicon file itself, once, without importing TextBlob (whose NLTK import alone
  takes about a second per process);
- splits punctuation off a token in Python only for the few tokens that start or end with it,
  the rest in one regex pass;
- checks the whole text once for emoticons and the sarcasm mark "(!)" and falls back to
  TextBlob's sentence-by-sentence rewriting only when one is present;
- scores the text once (``TextBlob.sentiment_assessments`` scores it twice).

Steps are ported from ``textblob/_text.py`` (``find_tokens``, ``Sentiment.load``,
``Sentiment.assessments``) and ``textblob/en/__init__.py``; pattern and TextBlob are BSD/MIT.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

from .trie import trie_pattern

# --- constants copied from textblob/_text.py (tests assert they still equal TextBlob's) ---
PUNCTUATION = ".,;:!?()[]{}`''\"@#$^&*+-|=~_"
ABBREVIATIONS = frozenset(
    "a. adj. adv. al. a.m. c. cf. comp. conf. def. ed. e.g. esp. etc. ex. f. fig. gen. id. i.e. int. "
    "l. m. Med. Mil. Mr. n. n.q. orig. pl. pred. pres. p.m. ref. v. vs. w/".split()
)
RE_ABBR1 = re.compile(r"^[A-Za-z]\.$")
RE_ABBR2 = re.compile(r"^([A-Za-z]\.)+$")
RE_ABBR3 = re.compile("^[A-Z][" + "|".join("bcdfghjklmnpqrstvwxz") + "]+.$")
CONTRACTIONS = ("'d", "'m", "'s", "'ll", "'re", "'ve", "n't")
EMOTICONS = {  # (mood, polarity) -> forms, in TextBlob's order (the first mood holding a form wins)
    ("love", +1.00): ("<3", "♥"),
    ("grin", +1.00): (">:D", ":-D", ":D", "=-D", "=D", "X-D", "x-D", "XD", "xD", "8-D"),
    ("taunt", +0.75): (">:P", ":-P", ":P", ":-p", ":p", ":-b", ":b", ":c)", ":o)", ":^)"),
    ("smile", +0.50): (">:)", ":-)", ":)", "=)", "=]", ":]", ":}", ":>", ":3", "8)", "8-)"),
    ("wink", +0.25): (">;]", ";-)", ";)", ";-]", ";]", ";D", ";^)", "*-)", "*)"),
    ("gasp", +0.05): (">:o", ":-O", ":O", ":o", ":-o", "o_O", "o.O", "°O°", "°o°"),
    ("worry", -0.25): (">:/", ":-/", ":/", ":\\", ">:\\", ":-.", ":-s", ":s", ":S", ":-S", ">.>"),
    ("frown", -0.75): (">:[", ":-(", ":(", "=(", ":-[", ":[", ":{", ":-<", ":c", ":-c", "=/"),
    ("cry", -1.00): (":'(", ":'''(", ";'("),
}
NEGATIONS = frozenset({"no", "not", "n't", "never"})
MOOD, IRONY = "mood", "irony"
EOS = "END-OF-SENTENCE"  # TextBlob's stand-in for a paragraph break
# Regexes TextBlob applies to each sentence. Its emoticon pattern joins the sets' members in set
# iteration order, which varies between runs; which member matches first never changes the text.
RE_SARCASM = re.compile(r"\( ?\! ?\)")
RE_EMOTICONS = re.compile(
    "({})($|\\s)".format("|".join(r" ?".join(re.escape(ch) for ch in e) for forms in EMOTICONS.values() for e in forms))
)

_LEAD = tuple(PUNCTUATION.replace(".", ""))  # split off the start of a token
_TRAIL = (*_LEAD, ".")  # split off the end of a token (periods only if not an abbreviation)


def _emoticon_steps(form: str) -> list[str]:
    """An emoticon as `trie_pattern` steps: its characters, each after the first optionally
    preceded by a space, as TextBlob's emoticon alternatives allow."""
    return [re.escape(form[0])] + [" ?" + re.escape(ch) for ch in form[1:]]


# Whether RE_EMOTICONS matches anywhere (not where: the rewrite itself uses RE_EMOTICONS).
_ANY_EMOTICON = re.compile(
    rf"(?:{trie_pattern(_emoticon_steps(e) for forms in EMOTICONS.values() for e in forms)})(?:$|\s)"
)
_PARAGRAPH_BREAK = re.compile(r"\n\n+")  # TextBlob's \n{2,}, written to start with a literal the engine can search for
_EOS = f" {EOS} "
_QUOTES = ("“", "”", "‘", "’", "'", '"')
_EMOTICON_POLARITY: dict[str, float] = {}
for (_mood, _polarity), _forms in EMOTICONS.items():
    for _form in _forms:
        _EMOTICON_POLARITY.setdefault(_form.lower(), _polarity)


class Assessment(NamedTuple):
    """One scored word group: an opinion word with its negation/intensifier, an emoticon or "(!)".

    Attributes
    ----------
    words : tuple of str
        TextBlob's lowercased tokens of the group.
    polarity : float
        −1 (negative) … +1 (positive).
    subjectivity : float
        0 (objective) … 1 (subjective).
    label : str or None
        The lexicon's label for the word, if any; ``"mood"`` for an emoticon, ``"irony"`` for "(!)".
    start, end : int or None
        Character offsets of the group in the text (end exclusive), found by searching its words in
        order, or None if not found.
    """

    words: tuple[str, ...]
    polarity: float
    subjectivity: float
    label: str | None
    start: int | None
    end: int | None


class Sentiment(NamedTuple):
    """A text's sentiment, exactly as TextBlob computes it.

    Attributes
    ----------
    polarity : float
        −1 (negative) … +1 (positive): the mean over ``assessments`` (0.0 when there is none).
    subjectivity : float
        0 (objective) … 1 (subjective): the mean over ``assessments`` (0.0 when there is none).
    assessments : tuple of Assessment
        The scored word groups, in text order.
    """

    polarity: float
    subjectivity: float
    assessments: tuple[Assessment, ...]


def sentiment(text: str) -> Sentiment:
    """TextBlob's ``TextBlob(text).sentiment_assessments`` with character offsets, without TextBlob.

    Pure: the same text always gives the same result.

    Parameters
    ----------
    text : str
        Any span of text: an article, a sentence, a clause.

    Returns
    -------
    Sentiment
        Polarity (−1 … +1), subjectivity (0 … 1) and the scored word groups, with offsets relative
        to ``text``.

    Examples
    --------
    >>> sentiment("The plan is not very good.").polarity
    -0.26923076923076916
    """
    groups = _assess(tokens(text))
    n = len(groups)
    polarity = subjectivity = 0
    for _, p, s, _ in groups:
        polarity += p
        subjectivity += s
    located = _locate_all(text, [g[0] for g in groups])
    assessments = tuple(
        Assessment(tuple(words), p, s, label, *where) for (words, p, s, label), where in zip(groups, located)
    )
    return Sentiment(polarity / float(n or 1), subjectivity / float(n or 1), assessments)


def tokens(text: str) -> list[str]:
    """TextBlob's lowercased tokens of ``text``, in order: what its sentiment analyser scores."""
    s = text.replace("n't", " n't")  # the other contractions only gain a space before "'", spaced below anyway
    for quote in _QUOTES:
        s = s.replace(quote, f" {quote} ")
    if "\n" in s:
        s = _PARAGRAPH_BREAK.sub(_EOS, s.replace("\r\n", "\n"))
    s = " ".join(map(_split_cached, s.split()))
    flat = f" {s} "
    while _EOS in flat:  # drop paragraph-break markers; a second pass catches adjacent ones
        flat = flat.replace(_EOS, " ")
    # Each sentence is a run of ``flat``: if the rewriting regexes find nothing there, they find
    # nothing in any sentence, and the tokens are ``flat``'s.
    if RE_SARCASM.search(flat) or _ANY_EMOTICON.search(flat):
        return " ".join(_rewrite_sentences(s.split())).lower().split()
    return flat.lower().split()


def _split_token(t: str) -> str:
    """TextBlob's punctuation splitting of one token: leading marks, then trailing marks, an
    ellipsis and a final period unless the token is an abbreviation ("U.S.", "Mr.", "e.g.").
    Returns the pieces joined by spaces."""
    if not (t.startswith(_LEAD) or t.endswith(_TRAIL)):
        return t
    out, tail = [], []
    while t.startswith(_LEAD) and t not in CONTRACTIONS:
        out.append(t[0])
        t = t[1:]
    while t.endswith(_TRAIL) and t not in CONTRACTIONS:
        if t.endswith(_LEAD):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if t in ABBREVIATIONS or RE_ABBR1.match(t) or RE_ABBR2.match(t) or RE_ABBR3.match(t):
                break
            tail.append(".")
            t = t[:-1]
    if t:
        out.append(t)
    out.extend(reversed(tail))
    return " ".join(out)


# News repeats its tokens ("said,"), so nearly every lookup is a hit and the text is mapped at C speed.
_split_cached = lru_cache(maxsize=1 << 17)(_split_token)


def _rewrite_sentences(tokens: list[str]) -> list[str]:
    """TextBlob's sentence grouping, then its sarcasm and emoticon rewriting sentence by sentence
    (":", "-", ")" become ":-)"); paragraph-break markers are dropped."""
    sentences: list[list[str]] = [[]]
    i = j = 0
    while j < len(tokens):
        if tokens[j] in ("...", ".", "!", "?", EOS):
            while j < len(tokens) and tokens[j] in ("'", '"', "”", "’", "...", ".", "!", "?", ")", EOS):
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    joined = (RE_SARCASM.sub("(!)", " ".join(s)) for s in sentences if s)
    return [RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s) for s in joined]


def _assess(words: list[str]) -> list[tuple[list[str], float, float, str | None]]:
    """TextBlob's ``Sentiment.assessments`` over lowercased tokens: (word group, polarity,
    subjectivity, label) per opinion word, emoticon or sarcasm mark, in text order."""
    lexicon = _lexicon()
    scored = _scored()
    a: list[list] = []  # [words, polarity, subjectivity, intensity, negated (-1) or 1, label]
    m = None  # preceding modifier (a known adverb)
    n = None  # preceding negation
    for w in words:
        if m is None and n is None and w not in scored:
            continue  # nothing to score and no negation or modifier to carry or drop
        entry = lexicon.get(w)
        if entry is not None:
            p, s, i, is_modifier, label = entry
            if m is None:
                a.append([[w], p, s, i, 1, label])
            else:
                last = a[-1]
                last[0].append(w)
                last[1] = max(-1.0, min(p * last[3], +1.0))
                last[2] = max(-1.0, min(s * last[3], +1.0))
                last[3] = i
                last[5] = label
            if n is not None:
                last = a[-1]
                last[0].insert(0, n)
                last[3] = 1.0 / last[3]
                last[4] = -1
            m = w if is_modifier else None
            n = w if w in NEGATIONS else None
            continue
        if w in NEGATIONS:
            n = w
        elif n and len(w.strip("'")) > 1:
            n = None  # a negation carries across short words only ("not a good")
        if n is not None and m is not None and m.endswith("ly"):
            a[-1][0].append(n)  # "really not good"
            a[-1][4] = -1
            n = None
        elif m and len(w) > 2:
            m = None  # a modifier carries across short words only ("really is a good")
        if w == "!" and a:
            a[-1][0].append("!")
            a[-1][1] = max(-1.0, min(a[-1][1] * 1.25, +1.0))
        if w == "(!)":
            a.append([[w], 0.0, 1.0, 1.0, 1, IRONY])
        if w.isalpha() is False and len(w) <= 5 and w not in PUNCTUATION and w in _EMOTICON_POLARITY:
            a.append([[w], _EMOTICON_POLARITY[w], 1.0, 1.0, 1, MOOD])
    return [(g, p * -0.5 if negated < 0 else p, s, label) for g, p, s, _, negated, label in a]


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[float, float, float, bool, str | None]]:
    """word -> (polarity, subjectivity, intensity, is an adverb, label), as TextBlob loads
    ``en-sentiment.xml``: scores averaged over a word's senses per part of speech, then over parts
    of speech; then every adjective also gives an adverb ("terrible" -> "terribly")."""
    spec = importlib.util.find_spec("textblob")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textblob is not installed")
    path = Path(next(iter(spec.submodule_search_locations)), "en", "en-sentiment.xml")
    words: dict[str, dict] = {}
    labels: dict[str, str] = {}
    for node in ElementTree.parse(path).getroot().findall("word"):
        form, pos, label = node.attrib.get("form"), node.attrib.get("pos"), node.attrib.get("label")
        psi = tuple(
            float(node.attrib.get(k, d)) for k, d in (("polarity", 0.0), ("subjectivity", 0.0), ("intensity", 1.0))
        )
        if form:
            words.setdefault(form, {}).setdefault(pos, []).append(psi)
        if form and label:
            labels[form] = label
    for w in words:
        words[w] = {pos: [_avg(each) for each in zip(*psi)] for pos, psi in words[w].items()}
    for by_pos in list(words.values()):
        by_pos[None] = [_avg(each) for each in zip(*by_pos.values())]
    for w, by_pos in list(words.items()):
        if "JJ" in by_pos:
            stem = w[:-1] + "i" if w.endswith("y") else w
            stem = stem[:-2] if stem.endswith("le") else stem
            adverb = words.setdefault(stem + "ly", {})
            adverb["RB"] = adverb[None] = tuple(by_pos["JJ"])
    return {w: (*by_pos[None], "RB" in by_pos, labels.get(w)) for w, by_pos in words.items()}


@lru_cache(maxsize=1)
def _scored() -> frozenset[str]:
    """Tokens that start or change an assessment: lexicon words, negations, "!", "(!)", emoticons."""
    return frozenset(_lexicon()) | NEGATIONS | {"!", "(!)"} | frozenset(_EMOTICON_POLARITY)


def _avg(values: tuple[float, ...]) -> float:
    return sum(values) / float(len(values) or 1)


def _locate_all(text: str, groups: list[list[str]]) -> list[tuple[int | None, int | None]]:
    """Offsets of each word group, searching its words as whole words, in order, from the end of
    the previous group found. Case-insensitive, keeping offsets into ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lowercase to two ("İ"): keep those as they are
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    out: list[tuple[int | None, int | None]] = []
    pos = 0
    for group in groups:
        found = _locate(lowered, group, pos)
        if found is None:
            out.append((None, None))
        else:
            out.append(found)
            pos = found[1]
    return out


def _locate(lowered: str, group: list[str], pos: int) -> tuple[int, int] | None:
    start = end = None
    for word in group:
        at, anywhere = _word_patterns(word)
        # The text before ``pos`` is out of view: a match right at ``pos`` needs no word boundary before it.
        m = at.match(lowered, pos) or anywhere.search(lowered, pos + 1)
        if m is None:
            return None
        if start is None:
            start = m.start()
        end = pos = m.end()
    return (start, end) if start is not None else None


@cache  # words come from the lexicon, negations, "!" and emoticons: a bounded set
def _word_patterns(word: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    r"""The word followed by no word character; and the same preceded by none either, written with
    the word first (``word(?!\w)(?<!\w.{len(word)})`` for ``(?<!\w)word(?!\w)``) so the regex
    engine can find the word by fast literal search."""
    word_alone = rf"{re.escape(word)}(?!\w)"
    return re.compile(word_alone), re.compile(rf"{word_alone}(?<!\w[\s\S]{{{len(word)}}})")
