"""Where `stance compare`'s time goes: wall-clock seconds of each stage, as `stance compare` runs them.

    python bench/stages.py CORPUS [--jobs N] [--repeat 3]

Runs the stages of `stance compare` one after another, in a fresh process each of ``--repeat``
times (as `stance compare` runs them once per process), and prints one JSON line with the median
seconds of each: ``import`` (stance and its libraries), ``read``, ``annotate`` (segmentation and
features, on ``--jobs`` processes, the spans set aside on disk), ``group`` (stories), ``copies``
(wire copies marked in each story) and ``write`` (each story compared and laid out and its files
written, then the outlet profiles, the pages and tables across the corpus; into a temporary folder).
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402  (the imports are timed)
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from stance.group import group_stories  # noqa: E402
from stance.readers import read_corpus  # noqa: E402
from stance.run.measure import annotate_all  # noqa: E402
from stance.run.pool import default_jobs, local_mapper  # noqa: E402
from stance.run.store import SpanStore  # noqa: E402
from stance.run.stories import mark_copies  # noqa: E402
from stance.run.stream import write_stories  # noqa: E402
from stance.tasks import quiet  # noqa: E402

IMPORTED = time.perf_counter()


def one_run(corpus: str, jobs: int) -> dict[str, float]:
    """Seconds of each stage of one run."""
    mapper = local_mapper(jobs)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        clock = now

    with SpanStore() as spans, tempfile.TemporaryDirectory() as tmp:
        articles, problems = read_corpus([corpus])
        lap("read")
        annotated = annotate_all(articles, mapper=mapper, keep=spans.keep)
        lap("annotate")
        stories = group_stories(annotated, mapper=mapper)
        lap("group")
        stories = mark_copies(stories, mapper, quiet, spans)
        lap("copies")
        write_stories(stories, problems, Path(tmp) / "out", jobs=jobs, load=spans.story)
        lap("write")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--once", action="store_true", help="one run in this process, its seconds as JSON")
    args = parser.parse_args()
    if args.once:
        print(json.dumps({"import": IMPORTED - START, **one_run(args.corpus, args.jobs)}))
        return
    command = [sys.executable, __file__, args.corpus, "--jobs", str(args.jobs), "--once"]
    runs = [
        json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        for _ in range(args.repeat)
    ]
    report = {
        "corpus": args.corpus,
        "jobs": args.jobs,
        **{stage: round(statistics.median(run[stage] for run in runs), 2) for stage in runs[0]},
    }
    report["total"] = round(sum(statistics.median(run[stage] for run in runs) for stage in runs[0]), 2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
