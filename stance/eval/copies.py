"""How far stance's wire-copy marks can be trusted (``stance eval copies``), on a multi-outlet corpus
in BASIL's format (``articles/`` with gold story ids).

No corpus here marks wire copy by hand, so the figures come from two things whose truth is known:

- *Independent reporting*: the corpus's own stories (its gold story ids), which its outlets reported
  themselves (BASIL: Fox News, the New York Times and HuffPost). Every article marked a wire copy is
  an error (``independent_wire_copies``); ``independent_copied_share`` is the share of their
  sentences marked copied (quotes of each other's reporting, an agency paragraph, can be true).
- *Reprints*: each article reprinted by a made-up outlet a day later, edited as copy desks edit
  agency copy (`reprint`): one or two closing paragraphs cut, one word in `EDITS` of the sentences
  replaced by another word of the article or dropped, and two paragraphs of its own in front (the
  opening of an article about another story). Figures per edit level: ``precision`` and ``recall``
  of the sentences marked copied, ``copied_from_accuracy`` (the reprint names its source), and
  ``direction_errors`` (sources marked as copying their reprint).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from ..comparison.copies import copied_from, is_wire_copy, mark_copies
from ..features import annotate
from ..features.base import share
from ..model import Article, Story
from ..text.segment import WORD
from .basil import read_story_articles

EDITS = {"light": 0.3, "heavy": 0.6}  # share of a reprint's sentences with one word changed
OWN_PARAGRAPHS = 2  # paragraphs of its own a reprint puts in front
SEED = 14


def evaluate_copies(folder: str | Path) -> dict[str, float | int]:
    """Wire-copy figures on a BASIL-format folder (module docstring).

    Parameters
    ----------
    folder : str or Path
        A folder holding ``articles/``, its articles with story ids (BASIL's ``triplet-uuid``).

    Returns
    -------
    dict of str to float or int
        ``articles``, ``independent_wire_copies`` (counts), ``independent_copied_share`` (0–1), and
        per edit level ``<level>_precision``, ``<level>_recall``, ``<level>_copied_from_accuracy``
        (0–1) and ``<level>_direction_errors`` (a count); floats to 4 decimals.

    Raises
    ------
    FileNotFoundError
        If ``articles/`` is missing.
    """
    articles = [annotate(a) for a in read_story_articles(folder)[0]]
    stories: dict[str, list[Article]] = {}
    for a in articles:
        stories.setdefault(a.story_hint or "", []).append(a)
    marked = [
        a for hint, group in sorted(stories.items()) for a in mark_copies(Story(hint, hint, tuple(group))).articles
    ]
    sentences = sum(len(a.spans_labelled("sentence")) for a in marked)
    figures: dict[str, float | int] = {
        "articles": len(articles),
        "independent_wire_copies": sum(is_wire_copy(a) for a in marked),
        "independent_copied_share": round(share(sum(len(a.spans_labelled("copied")) for a in marked), sentences), 4),
    }
    for level, edits in EDITS.items():
        figures |= {f"{level}_{k}": v for k, v in _reprint_figures(articles, edits).items()}
    return figures


def reprint(source: Article, donor: Article | None, edits: float, rng: random.Random) -> tuple[str, int]:
    """The text of an edited reprint of ``source`` (module docstring) and where its copied part starts.

    Parameters
    ----------
    source : Article
        The article reprinted, segmented.
    donor : Article or None
        The article whose opening paragraphs the reprint adds (None: nothing added).
    edits : float
        The share (0–1) of the source's sentences with one word changed.
    rng : random.Random
        Chooses the edits.

    Returns
    -------
    (str, int)
        The text, and the character offset where the reprinted part starts (the own part is before).
    """
    text = source.text
    pieces, at = [], 0
    for s in source.spans_labelled("sentence"):
        pieces.append(text[at : s.start])
        sentence = text[s.start : s.end]
        words = list(WORD.finditer(sentence))
        if len(words) > 3 and rng.random() < edits:
            w = rng.choice(words[1:])
            other = rng.choice(words).group()
            sentence = sentence[: w.start()] + (other if rng.random() < 0.7 else "") + sentence[w.end() :]
        pieces.append(sentence)
        at = s.end
    paragraphs = "".join([*pieces, text[at:]]).split("\n\n")
    cut = rng.choice([1, 2]) if len(paragraphs) > 4 else 0
    own = "".join(f"{p}\n\n" for p in donor.text.split("\n\n")[:OWN_PARAGRAPHS]) if donor else ""
    return own + "\n\n".join(paragraphs[: len(paragraphs) - cut]), len(own)


def _reprint_figures(articles: list[Article], edits: float) -> dict[str, float | int]:
    rng = random.Random(SEED)
    right = marked = copied = named = mostly = wrong_way = 0
    for n, source in enumerate(articles):
        donor = next((a for a in articles[n + 1 :] + articles[:n] if a.story_hint != source.story_hint), None)
        text, start = reprint(source, donor, edits, rng)
        later = source.date + dt.timedelta(days=1) if source.date else None
        copy = annotate(Article(id=f"reprint/{source.id}", text=text, outlet="Reprint", date=later))
        was, now = mark_copies(Story("s", "s", (source, copy))).articles
        truth = {(s.start, s.end) for s in now.spans_labelled("sentence") if s.start >= start}
        said = {(s.start, s.end) for s in now.spans_labelled("copied")}
        right, marked, copied = right + len(truth & said), marked + len(said), copied + len(truth)
        if 2 * len(truth) >= len(now.spans_labelled("sentence")):
            mostly += 1
            named += copied_from(now) == source.id
        wrong_way += bool(was.spans_labelled("copied"))
    return {
        "precision": round(share(right, marked), 4),
        "recall": round(share(right, copied), 4),
        "copied_from_accuracy": round(share(named, mostly), 4),
        "direction_errors": wrong_way,
    }
