"""Time `stance compare` and the straightforward peer (bench/peer.py) side by side, as whole processes.

    python bench/versus_peer.py CORPUS [--runs 5] [--jobs N]

Runs the two commands alternately ``--runs`` times each on CORPUS (each run writes to a fresh
temporary folder), and prints one JSON line: per command the median wall-clock seconds, every
run's seconds, the peak memory of the process and its workers together (``peak_mib``, see
bench/memory.py) and the largest resident set of any one of them (``max_rss_mib``, from ``wait4``),
and the ratio of the medians. Build the usual corpus (BASIL copied 8 times, 1,200 articles) with
``python bench/corpus.py copies ../shared/corpora/basil-dev CORPUS --times 8``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memory import PeakMemory

PEER = Path(__file__).resolve().parent / "peer.py"


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall-clock seconds, peak MiB of the process and its workers together (summed proportional
    set sizes, sampled; see bench/memory.py) and the largest resident MiB of any one of them, for
    one run of ``command`` (output discarded)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with PeakMemory(process.pid) as peak:
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return seconds, peak.mib, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="stance's --jobs (default: all cores)")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    commands = {
        "peer": lambda out: [sys.executable, str(PEER), str(args.corpus), out],
        "stance": lambda out: [sys.executable, "-m", "stance", "compare", str(args.corpus), "--out", out, *jobs],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    max_rss: dict[str, float] = dict.fromkeys(commands, 0.0)
    for _ in range(args.runs):
        for name, command in commands.items():
            with tempfile.TemporaryDirectory() as tmp:
                seconds, peak, rss = run(command(str(Path(tmp) / "out")))
            times[name].append(round(seconds, 2))
            peaks[name] = max(peaks[name], peak)
            max_rss[name] = max(max_rss[name], rss)
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    report = {
        "corpus": str(args.corpus),
        "cores": os.cpu_count(),
        **{
            name: {
                "median_s": round(medians[name], 2),
                "runs_s": times[name],
                "peak_mib": round(peaks[name]),
                "max_rss_mib": round(max_rss[name]),
            }
            for name in commands
        },
        "speedup": round(medians["peer"] / medians["stance"], 1),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
