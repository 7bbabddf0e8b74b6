"""Peak memory of a process and all its descendants, summed, as issue 16 measures it: a sampler
reads /proc every few milliseconds while the process runs (wait4's ru_maxrss only gives the
largest single process, which hides workers and Pagefind).

Each process counts its proportional set size (PSS): a page that forked workers share with the
main process is counted once, split between them, as the machine's memory actually holds it
(summing RSS would count it once per worker)."""

import threading
import time
from pathlib import Path

INTERVAL = 0.01  # seconds between samples at least: a worker living less than this may be missed
# Reading a large process's smaps_rollup walks its page tables (milliseconds at a few GiB): the
# sampler waits this many times as long as its last reading took, so it takes at most about a
# third of one core from the build it measures.
PAUSE_FACTOR = 2


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def resident(pid: int) -> int:
    """Proportional resident bytes of one process (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class PeakMemory:
    """with PeakMemory(pid) as peak: ...; peak.mib is the largest sum seen."""

    def __init__(self, pid: int):
        self.pid, self.bytes, self.done = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while not self.done.is_set():
            start = time.perf_counter()
            self.bytes = max(self.bytes, sum(resident(pid) for pid in descendants(self.pid)))
            time.sleep(max(INTERVAL, PAUSE_FACTOR * (time.perf_counter() - start)))

    def __enter__(self) -> "PeakMemory":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()

    @property
    def mib(self) -> int:
        return self.bytes // (1024 * 1024)
