"""Benchmark of the build: median wall time and peak memory for N synthetic actors.

For each N: a cold build (no cache), a build with nothing changed, after editing one actor's
description, after changing one actor's commune, after editing a template; with and without
the search index. Prints one Markdown table. Measures only: no test asserts a time.

Usage: python bench/run.py [--sizes 1000 4000 20000] [--runs 3] [--out bench/RESULTS.md]
"""

import argparse
import os
import platform
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

SCENARIOS = ("construction à froid", "rien de changé", "une présentation modifiée", "une commune changée", "un gabarit modifié")


def timed_build(content: Path, output: Path, search: bool) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of one `build.py` process."""
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(output), "--sans-pdf"]
    if not search:
        command.append("--sans-recherche")
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss // 1024


def edit(content: Path, templates: Path, scenario: str, round_: int) -> None:
    actor = content / "actors" / "structure-000001.md"
    if scenario == "une présentation modifiée":
        actor.write_text(actor.read_text(encoding="utf-8") + f"\nUne phrase ajoutée ({round_}).\n", encoding="utf-8")
    elif scenario == "une commune changée":
        text = actor.read_text(encoding="utf-8")
        commune = "Carvin" if "commune: Oignies" in text else "Oignies"
        postal = "62220" if commune == "Carvin" else "62590"
        lines = [f"commune: {commune}" if l.startswith("commune:") else f'code_postal: "{postal}"' if l.startswith("code_postal:") else l
                 for l in text.splitlines()]
        actor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif scenario == "un gabarit modifié":
        template = templates / "actor.html"
        template.write_text(template.read_text(encoding="utf-8") + f"\n{{# edit {round_} #}}\n", encoding="utf-8")


def measure(size: int, runs: int, search: bool, work: Path) -> dict[str, tuple[float, int]]:
    content = work / "content"
    generate(size, content)
    results = {}
    for scenario in SCENARIOS:
        times, memory = [], []
        for round_ in range(runs):
            output = work / "output"
            if scenario == "construction à froid":
                shutil.rmtree(output, ignore_errors=True)
            else:
                timed_build(content, output, search)  # a built site to start from
                edit(content, ROOT / "templates", scenario, round_)
            seconds, mib = timed_build(content, output, search)
            times.append(seconds)
            memory.append(mib)
        results[scenario] = (statistics.median(times), max(memory))
    subprocess.run(["git", "-C", str(ROOT), "checkout", "--", "templates/actor.html"], check=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = ["| acteurs | recherche | " + " | ".join(SCENARIOS) + " |", "|---|---|" + "---|" * len(SCENARIOS)]
    for size in args.sizes:
        for search in (False, True):
            with tempfile.TemporaryDirectory() as work:
                results = measure(size, args.runs, search, Path(work))
            cells = [f"{seconds:.2f} s · {mib} Mio" for seconds, mib in results.values()]
            rows.append(f"| {size} | {'avec' if search else 'sans'} | " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    table = "\n".join(rows)
    print(f"\nMédiane de {args.runs} constructions, mémoire maximale (RSS) ; {machine}\n\n{table}")
    if args.out:
        args.out.write_text(f"# Mesures du temps de construction\n\nMachine : {machine}. Médiane de {args.runs} "
                            f"constructions (`python bench/run.py`), PDF exclus ; mémoire : pic du processus.\n\n{table}\n",
                            encoding="utf-8")


if __name__ == "__main__":
    main()
