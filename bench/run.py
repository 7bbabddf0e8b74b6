"""Benchmark of the build: median wall time and peak memory for N synthetic actors.

For each N: a cold build (no output, no cache), a build with nothing changed, after editing one
actor's description, after changing one actor's commune, after editing a template; with and
without the search index. Each is a `build.py` process, as an editor or Netlify runs it. One
more column times the preview (`build.py serve`): the rebuild after an edited description inside
the running process, pages only, as the preview does before it re-indexes in the background.
Prints one Markdown table. Measures only: no test asserts a time.

Usage: python bench/run.py [--sizes 1000 4000 20000] [--runs 3] [--out bench/RESULTS.md]
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402
from memory import PeakMemory  # noqa: E402

SCENARIOS = ("construction à froid", "rien de changé", "une présentation modifiée", "une commune changée", "un gabarit modifié")
PREVIEW = "aperçu : une présentation modifiée"


def timed_build(content: Path, output: Path, search: bool, cache: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of one `build.py` process, summed over the
    process and all it starts (workers, Pagefind) at each moment. Without `cache`, an empty one (cold)."""
    with tempfile.TemporaryDirectory() as empty:
        command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(output),
                   "--cache", str(cache or empty), "--sans-pdf"]
        if not search:
            command.append("--sans-recherche")
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with PeakMemory(process.pid) as peak:
            _, status, _ = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode()}")
    return elapsed, peak.mib


PREVIEW_CODE = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from ess_site.config import Config
from ess_site.tools.serve import Preview
config = Config(content=Path({content!r}), output=Path({output!r}), cache=Path({cache!r}), pdf=False, search={search})
stamped = []
preview = Preview(config, [config.content], lambda line: stamped.append((time.perf_counter(), line)))
preview.rebuild()
while preview.finishing or preview.indexing:
    time.sleep(0.02)
actor = config.content / "actors" / "structure-000001.md"
for round_ in range({runs}):
    actor.write_text(actor.read_text(encoding="utf-8") + f"\\nUne phrase de l'aperçu ({{round_}}).\\n", encoding="utf-8")
    start, seen = time.perf_counter(), len(stamped)
    preview.rebuild({{actor}})  # as the watcher calls it: the page is on disk when it returns
    page = time.perf_counter() - start
    assert stamped[-1][1].startswith("Site reconstruit"), stamped[-1]
    while preview.finishing or preview.indexing:  # the rest, in the background, before the next edit
        time.sleep(0.02)
    indexed = [moment - start for moment, line in stamped[seen:] if line.startswith("Index de recherche")]
    assert indexed or not config.search, stamped[seen:]
    print(page, indexed[0] if indexed else -1, time.perf_counter() - start, flush=True)
"""


def preview_times(content: Path, output: Path, cache: Path, search: bool, runs: int) -> tuple[float, float | None, float, int]:
    """In one `serve`-like process, medians over `runs` edited descriptions of the seconds until
    the page is on disk (the build given the last one, pipeline.build), until the search has it (its
    shard swapped in; None without search), until everything else is done (open data); and the
    peak MiB summed over processes."""
    code = PREVIEW_CODE.format(root=str(ROOT), content=str(content), output=str(output), cache=str(cache), search=search, runs=runs)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(process.pid) as peak:
        out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"preview failed: {err}")
    rounds = [tuple(map(float, line.split())) for line in out.splitlines() if line.strip()]
    page, indexed, rest = (statistics.median(round_[i] for round_ in rounds) for i in range(3))
    return page, (indexed if search else None), rest, peak.mib


def preview_rebuild(content: Path, output: Path, cache: Path, search: bool, runs: int) -> tuple[float, int]:
    """Median seconds until the preview has the page of one edited description on disk, and memory."""
    page, _, _, mib = preview_times(content, output, cache, search, runs)
    return page, mib


def edit(content: Path, templates: Path, scenario: str, round_: int) -> None:
    actor = content / "actors" / "structure-000001.md"
    if scenario == "une présentation modifiée":
        actor.write_text(actor.read_text(encoding="utf-8") + f"\nUne phrase ajoutée ({round_}).\n", encoding="utf-8")
    elif scenario == "une commune changée":
        text = actor.read_text(encoding="utf-8")
        commune = "Carvin" if "commune: Oignies" in text else "Oignies"
        postal = "62220" if commune == "Carvin" else "62590"
        lines = [f"commune: {commune}" if line.startswith("commune:") else f'code_postal: "{postal}"' if line.startswith("code_postal:") else line
                 for line in text.splitlines()]
        actor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif scenario == "un gabarit modifié":
        template = templates / "actor.html"  # every actor page uses it
        text = re.sub(r'<h2( data-edit="\d+")? id="fiche">', f'<h2 data-edit="{round_}" id="fiche">', template.read_text(encoding="utf-8"))
        template.write_text(text, encoding="utf-8")


def measure(size: int, runs: int, search: bool, work: Path) -> dict[str, tuple[float, int]]:
    content, output, cache = work / "content", work / "output", work / "cache"
    generate(size, content)
    time.sleep(2.5)  # let the files age past the actor cache's racy window, as files an editor saved earlier
    template = ROOT / "templates" / "actor.html"
    original = template.read_text(encoding="utf-8")
    results = {}
    try:
        for scenario in SCENARIOS:
            times, memory = [], []
            for round_ in range(runs):
                if scenario == "construction à froid":
                    shutil.rmtree(output, ignore_errors=True)
                    shutil.rmtree(cache, ignore_errors=True)
                else:
                    timed_build(content, output, search, cache)  # a built site to start from
                    edit(content, ROOT / "templates", scenario, round_)
                seconds, mib = timed_build(content, output, search, cache)
                times.append(seconds)
                memory.append(mib)
            results[scenario] = (statistics.median(times), max(memory))
    finally:
        template.write_text(original, encoding="utf-8")
    results[PREVIEW] = preview_rebuild(content, output, cache, search, max(runs, 3))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    columns = SCENARIOS + (PREVIEW,)
    rows = ["| acteurs | recherche | " + " | ".join(columns) + " |", "|---|---|" + "---|" * len(columns)]
    for size in args.sizes:
        for search in (False, True):
            with tempfile.TemporaryDirectory() as work:
                results = measure(size, args.runs, search, Path(work))
            cells = [f"{seconds:.2f} s · {mib} Mio" for seconds, mib in results.values()]
            rows.append(f"| {size} | {'avec' if search else 'sans'} | " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    table = "\n".join(rows)
    print(f"\nMédiane de {args.runs} constructions, mémoire : pic de la somme des processus (RSS) ; {machine}\n\n{table}")
    if args.out:
        args.out.write_text(f"# Mesures du temps de construction\n\nMachine : {machine}. Médiane de {args.runs} "
                            f"constructions (`python bench/run.py`), PDF exclus ; mémoire : pic de la somme des processus.\n\n{table}\n",
                            encoding="utf-8")


if __name__ == "__main__":
    main()
