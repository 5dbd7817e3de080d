"""Agreement of stance's hedge cues with annotated uncertainty cues (``stance eval hedges``).

The data are sentences with every uncertainty cue marked and classed, as in the Szeged Uncertainty
Corpus (``sentences.jsonl``: ``text``, ``cues`` with ``start``, ``end`` and ``type``, ``eval``).
Hedges in stance's sense are the *epistemic* cues (the writer withholds commitment: "may",
"possibly", "is said to"); doxastic (belief), condition and investigation cues are other kinds of
uncertainty, so a stance hedge on one of them is counted as neither right nor wrong at cue level.

Figures (0–1), on the sentences marked ``eval``:

- ``sentence_precision``, ``sentence_recall``, ``sentence_f1``: a sentence is positive when it
  holds an epistemic cue (gold) or a stance hedge (stance's);
- ``cue_precision``: the share of stance's hedges that overlap an annotated cue of any class;
- ``cue_recall``: the share of annotated epistemic cues that a stance hedge overlaps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..features.base import share
from ..features.hedging import hedge_spans
from ..model import Article
from ..text.segment import segment

EPISTEMIC = "epistemic"


@dataclass(frozen=True)
class Sentence:
    """One annotated sentence: its text and its cues as (start, end, type), character offsets."""

    id: str
    text: str
    cues: tuple[tuple[int, int, str], ...]


def read_sentences(folder: str | Path) -> list[Sentence]:
    """The sentences marked ``eval`` in ``folder/sentences.jsonl``.

    Raises
    ------
    FileNotFoundError
        If the file is missing.
    """
    path = Path(folder) / "sentences.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (expected a folder holding sentences.jsonl)")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("eval"):
            cues = tuple((c["start"], c["end"], c["type"]) for c in row["cues"])
            out.append(Sentence(row["id"], row["text"], cues))
    return out


def evaluate_hedges(folder: str | Path) -> dict[str, float | int]:
    """Sentence- and cue-level agreement of stance's hedges with the annotated cues in ``folder``.

    Returns
    -------
    dict of str to float or int
        ``sentences`` and ``epistemic_sentences`` (counts), and the figures of the module
        docstring, to 4 decimals.
    """
    sentences = read_sentences(folder)
    tp = fp = fn = 0
    found = found_on_cue = gold_cues = gold_found = 0
    for s in sentences:
        spans = [(h.start, h.end) for h in hedge_spans(segment(Article(id=s.id, text=s.text)))]
        epistemic = [(a, b) for a, b, kind in s.cues if kind == EPISTEMIC]
        gold, ours = bool(epistemic), bool(spans)
        tp, fp, fn = tp + (gold and ours), fp + (ours and not gold), fn + (gold and not ours)
        found += len(spans)
        found_on_cue += sum(any(_overlap(h, (a, b)) for a, b, _ in s.cues) for h in spans)
        gold_cues += len(epistemic)
        gold_found += sum(any(_overlap(h, c) for h in spans) for c in epistemic)
    precision, recall = share(tp, tp + fp), share(tp, tp + fn)
    figures = {
        "sentences": len(sentences),
        "epistemic_sentences": tp + fn,
        "sentence_precision": precision,
        "sentence_recall": recall,
        "sentence_f1": share(2 * precision * recall, precision + recall),
        "cue_precision": share(found_on_cue, found),
        "cue_recall": share(gold_found, gold_cues),
    }
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
