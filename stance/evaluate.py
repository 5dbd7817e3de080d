"""Agreement between stance's output and gold annotations."""

from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Sequence


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
