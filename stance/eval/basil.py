"""Agreement between stance's output and gold annotations.

The figures on BASIL's annotations (`loaded_sentence_auc`, `loaded_cue_precision`, `quote_sentence_recall`,
`speaker_accuracy`, `entity_tone_spearman`) share the parameter and return below; each one's
docstring gives its range.

Parameters
----------
data : list of Annotated
    Articles read by `read_basil`.

Returns
-------
float
    The figure.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from ..features import annotate
from ..features.entity_tone import tone_toward
from ..group import group_stories
from ..model import Article, Problem
from ..readers import read_corpus
from ..text import lexicons
from ..text.names import surname


def b_cubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    For each item, precision is the share of its predicted cluster that shares its gold cluster,
    recall the share of its gold cluster found in its predicted cluster; both are averaged over items.

    Parameters
    ----------
    predicted, gold : sequence of hashable
        ``predicted[i]`` and ``gold[i]`` are the cluster labels of item i.

    Returns
    -------
    precision, recall, f1 : float
        Each 0–1; all 0.0 when there are no items.

    Raises
    ------
    ValueError
        If ``predicted`` and ``gold`` differ in length.
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
    """B-cubed precision, recall and F1 of stance's stories against the corpus's own story ids.

    Parameters
    ----------
    articles : list of Article
        Each with its gold story id as ``story_hint``.
    ignore_dates : bool, default False
        Group stories by text alone.

    Returns
    -------
    dict of str to float
        ``precision``, ``recall`` and ``f1``, each 0–1.
    """
    if ignore_dates:
        articles = [replace(a, date=None) for a in articles]
    story_of = {a.id: s.id for s in group_stories(articles) for a in s.articles}
    precision, recall, f1 = b_cubed([story_of[a.id] for a in articles], [a.story_hint for a in articles])
    return {"precision": precision, "recall": recall, "f1": f1}


SCALE = {"str-neg": -2, "neg": -1, "neu": 0, "pos": 1, "str-pos": 2}


@dataclass(frozen=True)
class Annotated:
    """A BASIL article measured by stance, with its gold annotations placed on stance's text.

    Attributes
    ----------
    article : Article
        Measured (`stance.features.annotate`).
    sentences : list of (int, int)
        Gold sentences as (start, end) character offsets in ``article.text``.
    phrases : list of dict
        Phrase-level annotations, each with absolute ``begin`` and ``stop`` character offsets added.
    feelings : dict of str to int
        Entity (spaces, not underscores) -> author feeling on −2…2.
    """

    article: Article
    sentences: list[tuple[int, int]]  # gold sentences as (start, end) in article.text
    phrases: list[dict]  # phrase-level annotations, each with absolute "begin" and "stop" added
    feelings: dict[str, int]  # entity (spaces, not underscores) -> author feeling on -2..2


def read_basil(folder: str | Path) -> list[Annotated]:
    """BASIL articles with their annotations, measured by stance.

    Annotations are ``annotations/YYYY/<id>_ann.json`` beside ``articles/YYYY/<id>.json``. Articles
    without annotations are skipped.

    Parameters
    ----------
    folder : str or Path
        A BASIL-format folder, as for `evaluate_basil`.

    Returns
    -------
    list of Annotated
        In article id order.
    """
    root = Path(folder)
    articles, _ = read_corpus([root / "articles"])
    out = []
    for article in articles:
        ann_path = root / "annotations" / article.id.replace(".json", "_ann.json")
        raw_path = root / "articles" / article.id
        if not ann_path.is_file():
            continue
        raw = json.loads(raw_path.read_text(encoding="utf-8"))
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        sentences, where = _place_sentences(raw["body-paragraphs"], article.text)
        phrases = []
        for p in ann.get("phrase-level-annotations", []):
            for index, raw_sentence in where:
                lead = len(raw_sentence) - len(raw_sentence.lstrip())
                begin = sentences[index][0] + p["start"] - lead
                if (
                    raw_sentence[p["start"] : p["end"]] == p["txt"]
                    and article.text[begin : begin + len(p["txt"])] == p["txt"]
                ):
                    phrases.append(p | {"begin": begin, "stop": begin + len(p["txt"])})
                    break
        feelings = {
            key.removeprefix("author_feeling_").replace("_", " "): SCALE[value]
            for key, value in ann.get("article-level-annotations", {}).items()
            if key.startswith("author_feeling_") and key != "author_feeling_main_event" and value in SCALE
        }
        out.append(Annotated(annotate(article), sentences, phrases, feelings))
    return out


def _place_sentences(paragraphs: list[list[str]], text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """Offsets in ``text`` of BASIL's sentences (stance joins them with spaces and blank lines)."""
    spans, raw, pos = [], [], 0
    for para in paragraphs:
        for sentence in para:
            clean = sentence.strip()
            start = text.find(clean, pos) if clean else pos
            start = pos if start < 0 else start
            spans.append((start, start + len(clean)))
            raw.append((len(spans) - 1, sentence))
            pos = start + len(clean)
    return spans, raw


def loaded_sentence_auc(data: list[Annotated]) -> float:
    """ROC AUC of stance's per-sentence loaded score for BASIL sentences holding a lexical-bias span.

    The score of a sentence is the number of ``loaded`` cues starting in it.

    Parameters and return as every BASIL figure (module docstring): the AUC is 0–1 (0.5: no better
    than chance).
    """
    labels, scores = [], []
    for item in data:
        cues = [c.start for c in item.article.spans_labelled("loaded")]
        biased = [p for p in item.phrases if p["bias"] == "lex"]
        for start, end in item.sentences:
            labels.append(any(start <= p["begin"] < end for p in biased))
            scores.append(sum(start <= c < end for c in cues))
    return float(roc_auc_score(labels, scores))


def loaded_cue_precision(data: list[Annotated]) -> float:
    """Share of stance's loaded words (``loaded`` spans with ``cue`` = ``word``) that start inside a
    span BASIL's annotators marked as lexical bias.

    Parameters and return as every BASIL figure (module docstring): the share is 0–1; 0.0 when
    stance finds no loaded word.
    """
    hits = total = 0
    for item in data:
        biased = [(p["begin"], p["stop"]) for p in item.phrases if p["bias"] == "lex"]
        for cue in item.article.spans_labelled("loaded"):
            if dict(cue.attrs)["cue"] == "word":
                total += 1
                hits += any(begin <= cue.start < stop for begin, stop in biased)
    return hits / total if total else 0.0


def quote_sentence_recall(data: list[Annotated]) -> float:
    """Share of annotated quoted spans whose stance sentence holds a quote or an attribution cue.

    Parameters and return as every BASIL figure (module docstring): the share is 0–1; 0.0 when
    nothing is annotated as quoted.
    """
    hits = total = 0
    for item in data:
        marks = item.article.spans_labelled("quote") + item.article.spans_labelled("attribution")
        for p in (p for p in item.phrases if p["quote"] == "yes"):
            total += 1
            sentence = next((s for s in item.article.spans_labelled("sentence") if s.start <= p["begin"] < s.end), None)
            hits += sentence is not None and any(m.start < sentence.end and sentence.start < m.end for m in marks)
    return hits / total if total else 0.0


def speaker_accuracy(data: list[Annotated]) -> float:
    """Share of annotated quotes by a named speaker where stance's speaker has the same surname.

    Parameters and return as every BASIL figure (module docstring): the share is 0–1; 0.0 when no
    annotated quote has a named speaker.
    """
    hits = total = 0
    for item in data:
        sources = item.article.spans_labelled("source")
        for p in item.phrases:
            if p["quote"] != "yes" or not _is_person(p["speaker"], item.article.text):
                continue
            total += 1
            covering = [s for s in sources if s.start <= p["begin"] < s.end]
            found = dict(covering[0].attrs)["speaker"] if covering else ""
            hits += bool(found) and surname(found) == surname(p["speaker"].replace("_", " "))
    return hits / total if total else 0.0


def _is_person(annotated: str, text: str) -> bool:
    """BASIL speaker labels such as ``Michael_Steele`` name a person; ``other_anti``, ``NAACP``,
    ``Republican_Lawmakers`` or ``Tea_Party`` do not: a person is two or more capitalised words,
    none an organisation head word, written as such in the article."""
    words = annotated.split("_")
    organisations = lexicons.load("organisations")
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words)
        and not any(w.lower() in organisations for w in words)
        and " ".join(words) in text
    )


def entity_tone_spearman(data: list[Annotated]) -> float:
    """Spearman correlation of stance's tone toward each annotated main entity with the author feeling.

    Tone is `tone_toward` (−1…+1), the annotated author feeling −2…2. No opinion word near any
    mention counts as 0.

    Parameters and return as every BASIL figure (module docstring): the correlation is −1…+1.
    """
    ours, gold = [], []
    for item in data:
        for entity, feeling in item.feelings.items():
            _, tone = tone_toward(item.article, entity)
            ours.append(tone or 0.0)
            gold.append(feeling)
    return float(spearmanr(ours, gold).statistic)


def read_story_articles(folder: str | Path) -> tuple[list[Article], list[Problem]]:
    """The articles of a BASIL-format folder's ``articles/`` that carry a story id, and the problems
    of reading it.

    Raises
    ------
    FileNotFoundError
        If ``articles/`` is missing.
    """
    articles_dir = Path(folder) / "articles"
    if not articles_dir.is_dir():
        raise FileNotFoundError(f"{articles_dir}: no such folder (expected a BASIL-format folder)")
    articles, problems = read_corpus([articles_dir])
    return [a for a in articles if a.story_hint], problems


def evaluate_basil(folder: str | Path) -> dict[str, float | int]:
    """Agreement figures on a BASIL-format folder (``articles/`` beside ``annotations/``).

    Computed with stance's default settings.

    Parameters
    ----------
    folder : str or Path
        A BASIL-format folder.

    Returns
    -------
    dict of str to float or int
        By name: counts (``articles``, ``problems``, ``annotated_articles``) and figures, floats to
        4 decimals: B-cubed scores of the stories with and without dates (0–1), and, when there are
        annotations, ``loaded_sentence_auc``, ``loaded_cue_precision``, ``quote_sentence_recall``,
        ``speaker_accuracy`` (0–1)
        and ``entity_tone_spearman`` (−1…+1).

    Raises
    ------
    FileNotFoundError
        If ``articles/`` is missing.
    """
    articles, problems = read_story_articles(folder)
    figures: dict[str, float | int] = {"articles": len(articles), "problems": len(problems)}
    for name, ignore in (("dated", False), ("undated", True)):
        scores = story_agreement(articles, ignore_dates=ignore)
        figures[f"stories_b3_f1_{name}"] = scores["f1"]
        figures[f"stories_b3_precision_{name}"] = scores["precision"]
        figures[f"stories_b3_recall_{name}"] = scores["recall"]
    data = read_basil(folder)
    if data:
        figures["annotated_articles"] = len(data)
        figures["loaded_sentence_auc"] = loaded_sentence_auc(data)
        figures["loaded_cue_precision"] = loaded_cue_precision(data)
        figures["quote_sentence_recall"] = quote_sentence_recall(data)
        figures["speaker_accuracy"] = speaker_accuracy(data)
        figures["entity_tone_spearman"] = entity_tone_spearman(data)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in sorted(figures.items())}
