"""Time per-article feature extraction (`stance.features.annotate`) on one core.

    python bench/features.py [CORPUS] [--repeat 5]

Reads CORPUS (default ../shared/corpora/basil-dev/articles), annotates every article once to warm
up (lexicons load, regexes compile), then ``--repeat`` more times in this one process, and prints
one JSON line: articles, MB of text (UTF-8 bytes / 1e6), the median seconds of a whole pass, MB/s
on one core, and the median seconds of each stage (segmentation, then each feature in
``FEATURES`` order, then ``spans``: adding each stage's spans to the article), timed stage by stage
the way `annotate` runs them. Seconds are CPU seconds of this process (``time.process_time``):
on an idle machine the same as wall-clock seconds, and not inflated when other work shares the core.
``transport_s`` is the median seconds that running on several processes adds on top: packing,
pickling, unpickling and rebuilding the results of every chunk, as `stance.run.measure` sends them
from pool workers.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import time
from collections import defaultdict

from stance.features import FEATURES, annotate
from stance.model import Article
from stance.readers.corpus import read_corpus
from stance.run.measure import CHUNK, _measured, _with_measured
from stance.text.segment import segment


def stage_seconds(articles: list[Article]) -> dict[str, float]:
    """Seconds spent in each stage of `annotate` over all the articles."""
    spent: dict[str, float] = defaultdict(float)
    for article in articles:
        start = time.process_time()
        article = segment(article)
        spent["segment"] += time.process_time() - start
        for feature in FEATURES:
            start = time.process_time()
            measures = feature(article)
            added = time.process_time()
            article = article.with_spans(measures.spans)
            spent[feature.__name__] += added - start
            spent["spans"] += time.process_time() - added
    return spent


def transport_seconds(articles: list[Article], annotated: list[Article]) -> float:
    """Seconds to send the annotated articles from pool workers to the main process, chunk by chunk."""
    start = time.process_time()
    for i in range(0, len(articles), CHUNK):
        sent = pickle.dumps(_measured(annotated[i : i + CHUNK]))
        list(map(_with_measured, articles[i : i + CHUNK], pickle.loads(sent)))
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default="../shared/corpora/basil-dev/articles")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles, _ = read_corpus([args.corpus])
    megabytes = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    annotated = [annotate(a) for a in articles]  # warms up (lexicons load, regexes compile)
    totals, stages, transports = [], defaultdict(list), []
    for _ in range(args.repeat):
        start = time.process_time()
        for article in articles:
            annotate(article)
        totals.append(time.process_time() - start)
        for name, seconds in stage_seconds(articles).items():
            stages[name].append(seconds)
        transports.append(transport_seconds(articles, annotated))
    median = statistics.median(totals)
    figures = {
        "articles": len(articles),
        "mb": round(megabytes, 3),
        "seconds": round(median, 4),
        "mb_per_s_per_core": round(megabytes / median, 2),
        "stages_s": {name: round(statistics.median(runs), 4) for name, runs in stages.items()},
        "transport_s": round(statistics.median(transports), 4),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
