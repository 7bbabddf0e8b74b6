"""The preview's narrow build timed inside its process: a first build of a corpus (or the one its
cache folder keeps), then N edits of one actor's description, each the build the watcher starts
(timed, with its stages), followed by the background build that finishes the site (not timed),
as tools/serve.py runs them. `--profil` adds cProfile's figures of the edits after the second.

Usage: python bench/preview_inside.py RACINE CORPUS TRAVAIL [--editions 8] [--profil]
  RACINE: the project checkout to measure; CORPUS: a content folder (bench/generate.py);
  TRAVAIL: a folder for its copy, output and cache (kept: a second run starts from its cache).
"""

import argparse
import cProfile
import gc
import pstats
import shutil
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

SLUG = "structure-000007"


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesure, dans le processus, la construction qu'une modification lance dans l'aperçu.")
    parser.add_argument("racine", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("travail", type=Path)
    parser.add_argument("--editions", type=int, default=8)
    parser.add_argument("--profil", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(args.racine.resolve()))
    from ess_site.config import Config
    from ess_site.tools import serve

    if not (args.travail / "content").exists():
        args.travail.mkdir(parents=True, exist_ok=True)
        shutil.copytree(args.corpus, args.travail / "content")
    config = Config(content=args.travail / "content", output=args.travail / "output", cache=args.travail / "cache",
                    pdf=False, search=False)
    preview = serve.Preview(config, [config.content], log=lambda message: None)
    waiting: list[int] = []
    preview.finish_soon = lambda: waiting.append(1)  # run below, in this thread, after each timed build
    start = time.perf_counter()
    preview.rebuild()
    print(f"première construction : {time.perf_counter() - start:.2f} s", flush=True)

    def finish() -> None:
        with preview.building:
            report = serve.build(preview.config, replace(preview.hooks, print_later=False, data_later=False, remember=True), preview.last)
            preview.keep(report.made)

    finish()
    reports = []
    build = serve.build
    serve.build = lambda *given, **named: reports.append(build(*given, **named)) or reports[-1]
    source = config.content / "actors" / f"{SLUG}.md"
    original = source.read_text(encoding="utf-8")
    times, profile = [], cProfile.Profile()
    for edit in range(args.editions):
        source.write_text(original + f"\nRepère numéro {edit}.\n", encoding="utf-8")
        profiled = args.profil and edit >= 2
        start = time.perf_counter()
        if profiled:
            profile.enable()
        preview.rebuild({source})
        if profiled:
            profile.disable()
        times.append(time.perf_counter() - start)
        assert not preview.problems, preview.problems
        assert f"Repère numéro {edit}." in (config.output / "acteurs" / SLUG / "index.html").read_text(encoding="utf-8")
        print(f"  {times[-1] * 1000:.0f} ms : " + " ".join(f"{stage}={seconds * 1000:.0f}" for stage, seconds in reports[-1].stages),
              flush=True)
        if waiting:
            waiting.clear()
            finish()
    start = time.perf_counter()
    gc.get_freeze_count()
    print(f"gc.get_freeze_count() : {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"médiane {statistics.median(times) * 1000:.0f} ms, minimum {min(times) * 1000:.0f} ms, maximum {max(times) * 1000:.0f} ms")
    if args.profil:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)


if __name__ == "__main__":
    main()
