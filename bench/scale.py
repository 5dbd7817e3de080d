"""One whole `stance compare` on a corpus: time, peak memory and the output's size against the input's.

    python bench/scale.py CORPUS [--jobs 2 | --scheduler ADDRESS] [-- extra stance compare options]

Runs ``stance compare CORPUS --out TMP --jobs N -q`` (or ``--engine dask --scheduler ADDRESS``:
then the peak is this machine's, without the cluster's workers unless they are its descendants)
in a fresh process and prints one JSON line:
``wall_s``, ``peak_mib`` (the process and its pool workers together: summed proportional set
sizes, sampled; see bench/memory.py), ``input_mb`` (the corpus's files), ``output_mb``
(everything written), ``output_ratio`` (output over input), and the output's largest parts
(``stories/``, ``outlets/``, and each data file), in MB. The output folder is deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memory import PeakMemory


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(f.stat().st_size for f in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument("--jobs", type=int, default=2)
    engine.add_argument("--scheduler", help="a Dask scheduler's address: run with --engine dask on it")
    parser.add_argument("extra", nargs="*", help="more stance compare options, after --")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "stance", "compare", str(args.corpus), "--out", str(out)]
        start = time.perf_counter()
        where = ["--engine", "dask", "--scheduler", args.scheduler] if args.scheduler else ["--jobs", str(args.jobs)]
        run = subprocess.Popen([*command, *where, "-q", *args.extra], stdout=subprocess.DEVNULL)
        with PeakMemory(run.pid) as peak:
            run.wait()
        wall = time.perf_counter() - start
        if run.returncode != 0:
            sys.exit(f"stance compare exited {run.returncode}")
        input_mb, output_mb = size_mb(args.corpus), size_mb(out)
        parts = {p.name: round(size_mb(p), 1) for p in sorted(out.iterdir()) if size_mb(p) >= 1}
    print(
        json.dumps(
            {
                "corpus": str(args.corpus),
                "jobs": None if args.scheduler else args.jobs,
                "scheduler": args.scheduler,
                "wall_s": round(wall, 1),
                "peak_mib": round(peak.mib),
                "input_mb": round(input_mb, 1),
                "output_mb": round(output_mb, 1),
                "output_ratio": round(output_mb / input_mb, 1),
                "parts_mb": parts,
            }
        )
    )


if __name__ == "__main__":
    main()
