"""The straightforward way to do stance's job, as the yardstick for `stance compare`'s speed.

    python bench/peer.py CORPUS OUT

What a careful analyst would write first, with well-known libraries and no tuning:

- read every ``.json`` (BASIL format: ``body-paragraphs``, ``title``, ``date``, ``source``) and
  ``.txt`` file under CORPUS;
- split sentences with pysbd;
- score each sentence with TextBlob's sentiment and average per article;
- count hedge, booster and attribution cues (stance's own word lists, one regex each) per 100 words;
- group articles into stories: scikit-learn TF-IDF, then average-linkage agglomerative clustering
  on the dense cosine-distance matrix, cut at similarity 0.2 (stance's default);
- pandas means per outlet and per story, written with the per-article table as CSV to OUT.

It computes fewer things than stance (no evidence spans, quotes, sources, entities or pages), so
the comparison favours it. Needs pysbd: ``pip install ".[bench]"``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd
import pysbd
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from textblob import TextBlob

LEXICONS = Path(__file__).resolve().parent.parent / "stance" / "lexicons"
THRESHOLD = 0.2


def cue_pattern(name: str) -> re.Pattern:
    """One case-insensitive alternation of a word list's entries (``#`` lines are comments)."""
    lines = (LEXICONS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    entries = sorted((e.strip() for e in lines if e.strip() and not e.startswith("#")), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(e) for e in entries) + r")\b", re.IGNORECASE)


def read(corpus: Path) -> list[dict]:
    articles = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            text = "\n\n".join(" ".join(p) for p in data["body-paragraphs"])
            articles.append(
                {"id": str(path), "outlet": data.get("source", ""), "title": data.get("title", ""), "text": text}
            )
        elif path.suffix == ".txt":
            articles.append(
                {"id": str(path), "outlet": path.parent.name, "title": "", "text": path.read_text(encoding="utf-8")}
            )
    return articles


def main(corpus: Path, out: Path) -> None:
    articles = read(corpus)
    splitter = pysbd.Segmenter(language="en", clean=False)
    cues = {name: cue_pattern(name) for name in ("hedges", "boosters", "attribution")}
    rows = []
    for article in articles:
        sentences = splitter.segment(article["text"])
        scores = [TextBlob(s).sentiment for s in sentences]
        words = len(re.findall(r"\w+", article["text"]))
        row = {"id": article["id"], "outlet": article["outlet"], "words": words, "sentences": len(sentences)}
        row["polarity"] = sum(s.polarity for s in scores) / max(1, len(scores))
        row["subjectivity"] = sum(s.subjectivity for s in scores) / max(1, len(scores))
        for name, pattern in cues.items():
            row[f"{name}_per_100_words"] = 100 * len(pattern.findall(article["text"])) / max(1, words)
        rows.append(row)
    table = pd.DataFrame(rows)
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        a["title"] + "\n" + a["text"] for a in articles
    )
    clustering = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - THRESHOLD
    ).fit(tfidf.toarray())
    table["story"] = clustering.labels_
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "articles.csv", index=False)
    numeric = table.drop(columns=["id"])
    numeric.drop(columns=["story"]).groupby("outlet").mean().to_csv(out / "outlets.csv")
    numeric.groupby(["story", "outlet"]).mean().to_csv(out / "stories.csv")
    print(f"{len(table)} articles, {table['story'].nunique()} stories -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1].strip())
    main(Path(sys.argv[1]), Path(sys.argv[2]))
