"""Time story grouping alone on a corpus, and score it against the corpus's own story ids.

    python bench/grouping.py CORPUS [--ignore-dates] [--jobs N]

The texts wait on disk as `stance compare` keeps them (`stance.run.store`), and grouping reads
them back one at a time. Prints one JSON line: articles, seconds to read and to group, peak memory of this process and
its workers together (``peak_mib``: summed proportional set sizes, sampled; see bench/memory.py),
the largest resident set of any one of them (``max_rss_mib``, which counts pages a forked worker
shares with this process again), stories found and B-cubed F1 against BASIL-format
``triplet-uuid`` (the synthetic corpora's event ids; see bench/corpus.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time

from memory import PeakMemory

from stance.eval.basil import b_cubed
from stance.group.stories import DEFAULT_WINDOW_DAYS, group_stories
from stance.readers.corpus import read_corpus
from stance.run.pool import default_jobs, local_mapper
from stance.run.store import SpanStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--ignore-dates", action="store_true")
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="processes for the link search (default: all cores, as stance compare)",
    )
    args = parser.parse_args()
    with PeakMemory(os.getpid()) as peak, SpanStore() as texts:
        start = time.perf_counter()
        articles, problems = read_corpus([args.corpus], texts=texts)
        read = time.perf_counter()
        window_days = None if args.ignore_dates else DEFAULT_WINDOW_DAYS
        mapper = local_mapper(args.jobs)
        stories = group_stories(articles, window_days=window_days, mapper=mapper, text_of=texts.text)
        grouped = time.perf_counter()
    story_of = {a.id: s.id for s in stories for a in s.articles}
    scored = [a for a in articles if a.story_hint]
    f1 = b_cubed([story_of[a.id] for a in scored], [a.story_hint for a in scored])[2] if scored else None
    figures = {
        "articles": len(articles),
        "jobs": args.jobs,
        "problems": len(problems),
        "read_s": round(read - start, 2),
        "group_s": round(grouped - read, 2),
        "peak_mib": round(peak.mib),
        "max_rss_mib": round(
            max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
        ),
        "stories": len(stories),
        "largest_story": max((len(s.articles) for s in stories), default=0),
        "b3_f1": round(f1, 4) if f1 is not None else None,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
