"""Where `stance compare`'s time goes: wall-clock seconds of each stage, as `stance compare` runs them.

    python bench/stages.py CORPUS [--jobs N] [--repeat 3] [--memory]

Runs the stages of `stance compare` one after another, in a fresh process each of ``--repeat``
times (as `stance compare` runs them once per process), and prints one JSON line with the median
seconds of each: ``import`` (stance and its libraries), ``read`` (each text set aside on disk),
``annotate`` (segmentation and features, on ``--jobs`` processes, the spans set aside on disk),
``group`` (stories), ``copies`` (wire copies marked in each story) and ``write`` (each story
compared and laid out and its files written, then the outlet profiles, the pages and tables across
the corpus; into a temporary folder).
With ``--memory``, also each stage's peak memory of the process tree (``STAGE_peak_mib``, sampled).
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402  (the imports are timed)
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from memory import PeakMemory  # noqa: E402

from stance.group import group_stories  # noqa: E402
from stance.readers import read_corpus  # noqa: E402
from stance.run.measure import annotate_all  # noqa: E402
from stance.run.pool import default_jobs, local_mapper  # noqa: E402
from stance.run.store import SpanStore  # noqa: E402
from stance.run.stories import mark_copies  # noqa: E402
from stance.run.stream import write_stories  # noqa: E402
from stance.tasks import quiet  # noqa: E402

IMPORTED = time.perf_counter()


def one_run(corpus: str, jobs: int, memory: PeakMemory | None = None) -> dict[str, float]:
    """Seconds of each stage of one run, and with ``memory`` sampling this process, each stage's
    peak (``STAGE_peak_mib``)."""
    mapper = local_mapper(jobs)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        if memory is not None:
            seconds[f"{stage}_peak_mib"] = max((mib for at, mib in memory.samples if clock <= at <= now), default=0.0)
        clock = now

    with SpanStore() as spans, tempfile.TemporaryDirectory() as tmp:
        articles, problems = read_corpus([corpus], texts=spans)
        lap("read")
        annotated = annotate_all(articles, mapper=mapper, store=spans)
        del articles  # as `stance.run.pipeline.analyze` lets them go
        lap("annotate")
        stories = group_stories(annotated, mapper=mapper, text_of=spans.text)
        lap("group")
        stories = mark_copies(stories, mapper, quiet, spans)
        lap("copies")
        write_stories(stories, problems, Path(tmp) / "out", mapper=mapper, store=spans)
        lap("write")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--once", action="store_true", help="one run in this process, its seconds as JSON")
    parser.add_argument(
        "--memory", action="store_true", help="also each stage's peak memory (process tree, MiB; see bench/memory.py)"
    )
    args = parser.parse_args()
    if args.once:
        with PeakMemory(os.getpid()) if args.memory else contextlib.nullcontext() as memory:
            print(json.dumps({"import": IMPORTED - START, **one_run(args.corpus, args.jobs, memory)}))
        return
    command = [sys.executable, __file__, args.corpus, "--jobs", str(args.jobs), "--once"] + ["--memory"] * args.memory
    runs = [
        json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        for _ in range(args.repeat)
    ]
    report = {
        "corpus": args.corpus,
        "jobs": args.jobs,
        **{stage: round(statistics.median(run[stage] for run in runs), 2) for stage in runs[0]},
    }
    timed = [stage for stage in runs[0] if not stage.endswith("_peak_mib")]
    report["total"] = round(sum(statistics.median(run[stage] for run in runs) for stage in timed), 2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
