"""Running a stage over the machine's cores: forked workers inherit what they work on.

Forked workers inherit the function and the items (the site, the territory), which are never
pickled: only each task's (start, stop) range travels to a worker, and only its results come
back, in order. Where fork is not available, the caller runs the work in one process.

Each worker does one task (a few hundred pages) and is replaced by a fresh fork. A long-lived
worker grows: every object it reads is copied out of the pages it shares with the main process
(reference counts are writes). At 20 000 actors, with cmarkgfm's leak fixed (ess_site/gfm.py),
workers kept for the whole build peaked at 365 MiB summed over the processes; replaced after
each task, at 275 MiB, for 1.3 s more (bench/RESULTS.md, "The rendering workers' memory").
"""

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence

_SHARED: tuple | None = None  # (function, items) that the forked workers read


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_ranges(function: Callable[[Sequence], list], items: Sequence, ranges: list[tuple[int, int]], jobs: int) -> Iterator[list]:
    """function(items[start:stop]) for each range, over `jobs` forked processes, in range order."""
    global _SHARED
    _SHARED = (function, items)
    outer = gc.get_freeze_count() > 0  # frozen by the caller (allocation.settling): left so
    gc.freeze()  # the workers' garbage collector leaves inherited objects (and their pages) alone
    try:
        with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=1) as pool:
            yield from pool.imap(_run_range, ranges)
    finally:
        if not outer:
            gc.unfreeze()
        _SHARED = None


def _run_range(bounds: tuple[int, int]) -> list:
    function, items = _SHARED
    return function(items[bounds[0]:bounds[1]])
