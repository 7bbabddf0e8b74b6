"""Where a cold build's time goes: each stage of ess_site/pipeline.py timed in one build, then
each page template's rendering timed on a sample of its pages, in one process.

The build runs as `build.py build --sans-pdf --sans-recherche` would, with an empty cache and a
fresh output/; the stages are timed by wrapping the functions pipeline.py calls, so the figures
come from the code as it is. Rendering and writing run in the forked workers: their stage is
"render + write", whose CPU counts the workers once they have exited; the per-template table then renders up to --sample pages of each template in
this process (CPU seconds, extrapolated to all of that template's pages).

Usage: python bench/profile_cold.py CONTENT [--sample 300] [--jobs 2] [--cprofile FILE]
"""

import argparse
import cProfile
import functools
import os
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from memory import descendants, resident  # noqa: E402

from ess_site import pipeline  # noqa: E402
from ess_site.config import BuildHooks, Config  # noqa: E402
from ess_site.incremental.build_cache import BuildCache  # noqa: E402

TIMES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # label -> [wall, CPU of this process and its reaped workers]


def cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class StagePeaks:
    """Peak memory (PSS, MiB) of this process and of its workers, summed, during each stage."""

    def __init__(self):
        self.stage, self.peaks, self.done = "start", defaultdict(lambda: (0, 0)), threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.05):
            main = resident(me)
            workers = sum(resident(pid) for pid in descendants(me) if pid != me)
            if main + workers > sum(self.peaks[self.stage]) * 2**20:
                self.peaks[self.stage] = (main >> 20, workers >> 20)


PEAKS = StagePeaks()


def timed(name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start, used, PEAKS.stage = time.perf_counter(), cpu(), name
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name][0] += time.perf_counter() - start
            TIMES[name][1] += cpu() - used
    return wrapper


STAGES = {  # name in pipeline.py -> label
    "read_content": "read + validate", "assemble_site": "assemble", "compiled_templates": "templates' environment",
    "page_table": "page table", "support_files": "support files", "plan_build": "plan", "write_site": "render + write",
}
CACHE = {"keep_actors": "keep actors (cache)", "open_data": "open data", "fingerprints": "fingerprints"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cprofile", type=Path, help="write the main process's cProfile stats there")
    args = parser.parse_args()
    for name, label in STAGES.items():
        setattr(pipeline, name, timed(label, getattr(pipeline, name)))
    for name, label in CACHE.items():
        setattr(BuildCache, name, timed(label, getattr(BuildCache, name)))
    with tempfile.TemporaryDirectory() as work:
        config = Config(content=args.content, output=Path(work) / "output", cache=Path(work) / "cache", pdf=False, search=False, jobs=args.jobs)
        profiler = cProfile.Profile() if args.cprofile else None
        PEAKS.thread.start()
        start, used = time.perf_counter(), cpu()
        if profiler:
            profiler.enable()
        made = pipeline.build(config, BuildHooks()).made
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.cprofile)
        total, used = time.perf_counter() - start, cpu() - used
        PEAKS.done.set()
    print(f"cold build, {args.jobs} jobs: {total:.2f} s wall, {used:.2f} s CPU (workers included)")
    for label, (seconds, spent) in sorted(TIMES.items(), key=lambda item: -item[1][1]):
        main, workers = PEAKS.peaks[label]
        print(f"  {label:28} {seconds:7.2f} s wall {spent:7.2f} s CPU   peak {main + workers:4} MiB ({main} main + {workers} workers)")
    renderer, pages = made.renderer, made.pages
    renderer.warm(pages)
    counts = Counter(page.template for page in pages)
    by_template = defaultdict(list)
    for page in pages:
        by_template[page.template].append(page)
    print(f"per template, CPU in one process on up to {args.sample} pages each, extrapolated:")
    rows = []
    for template, group in by_template.items():
        sample = group[:: max(1, len(group) // args.sample)][: args.sample]
        start = time.process_time()
        size = sum(len(renderer.render(page).data) for page in sample)
        seconds = time.process_time() - start
        rows.append((seconds / len(sample) * counts[template], template, counts[template], seconds / len(sample) * 1000, size / len(sample)))
    for estimate, template, count, ms, size in sorted(rows, reverse=True):
        print(f"  {template:28} {count:6} pages  {ms:7.2f} ms/page  {size / 1024:8.1f} KiB/page  ~{estimate:6.2f} s")
    print(f"  total ~{sum(row[0] for row in rows):.2f} s")


if __name__ == "__main__":
    main()
