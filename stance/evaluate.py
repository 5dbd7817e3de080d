"""Agreement between stance's output and gold annotations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Hashable, Sequence

from .model import Article
from .read import read_corpus
from .stories import group_stories


def b_cubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    ``predicted[i]`` and ``gold[i]`` are the cluster labels of item i. For each item, precision is
    the share of its predicted cluster that shares its gold cluster, recall the share of its gold
    cluster found in its predicted cluster; both are averaged over items.
    """
    if len(predicted) != len(gold):
        raise ValueError(f"predicted and gold must have the same length. Got {len(predicted)} and {len(gold)} instead.")
    if not gold:
        return 0.0, 0.0, 0.0
    by_pred: dict[Hashable, set[int]] = defaultdict(set)
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold):
        overlap = len(by_pred[p] & by_gold[g])
        precision += overlap / len(by_pred[p])
        recall += overlap / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def story_agreement(articles: list[Article], *, ignore_dates: bool = False) -> dict[str, float]:
    """B-cubed precision, recall and F1 of stance's stories against the corpus's own story ids."""
    if ignore_dates:
        articles = [replace(a, date=None) for a in articles]
    story_of = {a.id: s.id for s in group_stories(articles) for a in s.articles}
    precision, recall, f1 = b_cubed([story_of[a.id] for a in articles], [a.story_hint for a in articles])
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate_basil(folder: str | Path) -> dict[str, float | int]:
    """Agreement figures on a BASIL-format folder (``articles/`` beside ``annotations/``), computed
    with stance's default settings. Raises FileNotFoundError if ``articles/`` is missing."""
    articles_dir = Path(folder) / "articles"
    if not articles_dir.is_dir():
        raise FileNotFoundError(f"{articles_dir}: no such folder (expected a BASIL-format folder)")
    articles, problems = read_corpus([articles_dir])
    articles = [a for a in articles if a.story_hint]
    dated = story_agreement(articles)
    undated = story_agreement(articles, ignore_dates=True)
    figures: dict[str, float | int] = {"articles": len(articles), "problems": len(problems)}
    for name, scores in (("dated", dated), ("undated", undated)):
        figures[f"stories_b3_f1_{name}"] = scores["f1"]
        figures[f"stories_b3_precision_{name}"] = scores["precision"]
        figures[f"stories_b3_recall_{name}"] = scores["recall"]
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in sorted(figures.items())}
