"""Peak memory of a process and all its descendants, counted once (Linux).

A forked worker's resident set includes the pages it shares with its parent, so the largest
``ru_maxrss`` of a parent with a 2 GB heap and its workers reads 2 GB or more per process even when
the workers add little. The proportional set size (``Pss`` in ``/proc/PID/smaps_rollup``) splits each
shared page among the processes sharing it, so its sum over a process tree is the memory the tree
really holds. `PeakMemory` samples that sum in a background thread while a block runs.

Reading ``smaps_rollup`` walks the process's page tables: about 0.13 s for a 12 GB process, with
the process's memory map locked meanwhile. Sampled every 0.2 s, three such processes kept the
sampler busy two thirds of the time on a 2-core machine, slowing the run it measured; so the pause
between samples is at least `PAUSE_PER_READ` times the last sample's own time (the sampler takes
at most a tenth of a core, and a peak shorter than the pause can be missed).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

INTERVAL_S = 0.2  # shortest pause between samples (s)
PAUSE_PER_READ = 10  # pause at least this many times the time a sample took


def tree_pss_mib(pid: int) -> float:
    """The summed proportional set size of ``pid`` and its descendants, in MiB (0 if it is gone)."""
    total_kib, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total_kib += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue  # the process ended between two reads
    return total_kib / 1024


class PeakMemory:
    """``with PeakMemory(pid) as peak: ...`` then ``peak.mib``: the largest `tree_pss_mib` seen
    while the block ran (sampled once at the start, then every `INTERVAL_S` seconds or more), and
    ``peak.samples``: each sample as (``time.perf_counter()`` when it was taken, MiB)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.mib = 0.0
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            start = time.perf_counter()
            self.samples.append((start, tree_pss_mib(self.pid)))
            self.mib = max(self.mib, self.samples[-1][1])
            if self._stop.wait(max(INTERVAL_S, PAUSE_PER_READ * (time.perf_counter() - start))):
                return

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
