"""Running a stage over the machine's cores: forked workers inherit what they work on.

Forked workers inherit the function and the items (the site, the territory), which are never
pickled: only each task's results come back, in order. Where fork is not available, the caller
runs the work in one process.

Each worker does one task (a few hundred pages) and exits; the next task is a fresh fork. A
long-lived worker grows: every object it reads is copied out of the pages it shares with the
main process (reference counts are writes). At 20 000 actors, with cmarkgfm's leak fixed
(ess_site/gfm.py), workers kept for the whole build peaked at 365 MiB summed over the processes;
replaced after each task, at 275 MiB, for 1.3 s more (bench/RESULTS.md, "The rendering workers' memory").

The main process takes its share of the tasks (`share`): with two cores, it and one worker
render, instead of two workers while it waits. One process fewer holds its own copy of what it
touched, and half the tasks need no fork. Every fork is made by the thread that runs the stage,
between two slices of its own work: a fork from another thread (multiprocessing.Pool's) could
copy a lock that this thread holds at that instant while it renders, such as Jinja's template
cache's, and the worker would wait on it forever.
"""

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait

from . import allocation

SLICE = 25  # items the main process works on between two looks at its workers


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_ranges(function: Callable[[Sequence], list], items: Sequence, ranges: list[tuple[int, int]], jobs: int,
               share: bool = True) -> Iterator[list]:
    """function(items[start:stop]) for each range, in range order, over `jobs` processes: this
    one (when `share`, working in slices of SLICE items, so `function` must return a list that
    slices add up to) and forked workers."""
    outer = allocation.frozen()  # frozen by the caller (allocation.settling): left so
    allocation.freeze()  # the workers' garbage collector leaves inherited objects (and their pages) alone
    tasks = Tasks(function, items, ranges, jobs - 1 if share else jobs)
    try:
        for index in range(len(ranges)):
            while index not in tasks.done:
                tasks.tend()
                if index in tasks.done:
                    break
                if share and tasks.claimed < len(ranges):
                    tasks.work_here()
                else:
                    tasks.wait()
            yield tasks.done.pop(index)
    finally:
        tasks.stop()
        if not outer:
            allocation.unfreeze()


class Tasks:
    """The ranges, which of them are claimed (in order), running in a worker, or done."""

    def __init__(self, function: Callable[[Sequence], list], items: Sequence, ranges: list[tuple[int, int]], workers: int):
        self.function, self.items, self.ranges = function, items, ranges
        self.workers = workers
        self.claimed = 0  # ranges[:claimed] are done, running, or being worked on here
        self.running: dict[int, tuple[multiprocessing.Process, Connection]] = {}
        self.done: dict[int, list] = {}

    def tend(self) -> None:
        """Collect the workers that finished and start new ones for the next ranges."""
        for index in [index for index, (_, reader) in self.running.items() if reader.poll()]:
            self.collect(index)
        while len(self.running) < self.workers and self.claimed < len(self.ranges):
            self.start(self.claimed)
            self.claimed += 1

    def start(self, index: int) -> None:
        reader, writer = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(target=_work, args=(self.function, self.items, self.ranges[index], writer),
                                                              daemon=True)
        process.start()
        writer.close()
        self.running[index] = (process, reader)

    def collect(self, index: int) -> None:
        process, reader = self.running.pop(index)
        try:
            failed, result = reader.recv()
        except EOFError:
            process.join()
            raise RuntimeError(f"un processus de travail s'est arrêté sans réponse (code {process.exitcode})") from None
        finally:
            reader.close()
        process.join()
        if failed:
            raise result
        self.done[index] = result

    def wait(self) -> None:
        """Until one of the running workers answers."""
        wait([reader for _, reader in self.running.values()])
        self.tend()

    def work_here(self) -> None:
        """The next range, in this process, slice by slice, tending the workers between slices."""
        index = self.claimed
        self.claimed += 1
        start, stop = self.ranges[index]
        result = []
        for first in range(start, stop, SLICE):
            result += self.function(self.items[first:min(first + SLICE, stop)])
            self.tend()
        self.done[index] = result

    def stop(self) -> None:
        """Workers still running when the caller stops early (an error, or it stopped reading)."""
        for process, reader in self.running.values():
            process.terminate()
            process.join()
            reader.close()
        self.running.clear()


def _work(function: Callable[[Sequence], list], items: Sequence, bounds: tuple[int, int], writer: Connection) -> None:
    """In the worker: the task's result, or the exception it raised, goes back to the main process."""
    try:
        answer = (False, function(items[bounds[0]:bounds[1]]))
    except BaseException as error:  # noqa: BLE001 - given back to the main process, which raises it
        answer = (True, error)
    try:
        writer.send(answer)
    except Exception as error:  # an exception that cannot be pickled
        writer.send((True, RuntimeError(f"{type(error).__name__}: {error}")))
    writer.close()
