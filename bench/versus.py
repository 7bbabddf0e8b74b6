"""Speed of the working tree against an earlier commit, measured in one run, turn by turn.

A benchmark run early and another run later on this shared machine differ by more than a code
change does, so this script alternates: for each scenario and round, one `build.py` process of
REF (checked out in a temporary git worktree), then one of the working tree, on the same
generated actors. It prints the median wall time and peak memory (RSS of the process or its
largest worker) of each, and their ratio. PDFs and search are left out: they are the same
tools (WeasyPrint, Pagefind) on both sides.

Usage: python bench/versus.py [REF] [--actors 4000] [--runs 5]
"""

import argparse
import os
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
from run import edit  # noqa: E402

SCENARIOS = ("construction à froid", "rien de changé", "une présentation modifiée", "une commune changée", "un gabarit modifié")


def timed(tree: Path, work: Path, side: str) -> tuple[float, int]:
    command = [sys.executable, str(tree / "build.py"), "build", "--content", str(work / "content"), "--output",
               str(work / side / "output"), "--cache", str(work / side / "cache"), "--sans-pdf", "--sans-recherche"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with PeakMemory(process.pid) as peak:
        _, status, _ = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {tree}: {process.stderr.read().decode()}")
    return time.perf_counter() - start, peak.mib


def one_round(trees: dict[str, Path], work: Path, scenario: str, round_: int) -> dict[str, tuple[float, int]]:
    """Both sides start from their own built site (or nothing, cold), then the same edit is timed."""
    for side, tree in trees.items():
        if scenario == "construction à froid":
            shutil.rmtree(work / side, ignore_errors=True)
        else:
            timed(tree, work, side)
    edit(work / "content", None if scenario != "un gabarit modifié" else work / "templates", scenario, round_)
    if scenario == "un gabarit modifié":
        for tree in trees.values():  # each side's own copy of actor.html gets the same edit
            shutil.copyfile(work / "templates" / "actor.html", tree / "templates" / "actor.html")
    return {side: timed(tree, work, side) for side, tree in trees.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", nargs="?", default="HEAD")
    parser.add_argument("--actors", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    template = (ROOT / "templates" / "actor.html").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        reference = work / "reference"
        subprocess.run(["git", "worktree", "add", "--detach", str(reference), args.ref], cwd=ROOT, check=True, capture_output=True)
        try:
            (reference / "node_modules").symlink_to(ROOT / "node_modules")
            (work / "templates").mkdir()
            shutil.copyfile(ROOT / "templates" / "actor.html", work / "templates" / "actor.html")
            generate(args.actors, work / "content")
            time.sleep(2.5)  # past the actor cache's racy window, as files saved earlier
            trees = {"ref": reference, "work": ROOT}
            print(f"{args.actors} acteurs, médiane de {args.runs} constructions alternées ; {args.ref} puis l'arbre de travail")
            print("| scénario | " + args.ref + " | arbre de travail | rapport |\n|---|---|---|---|")
            for scenario in SCENARIOS:
                rounds = [one_round(trees, work, scenario, round_) for round_ in range(args.runs)]
                cells = {side: (statistics.median(r[side][0] for r in rounds), max(r[side][1] for r in rounds)) for side in trees}
                ratio = cells["work"][0] / cells["ref"][0]
                print(f"| {scenario} | {cells['ref'][0]:.2f} s · {cells['ref'][1]} Mio | {cells['work'][0]:.2f} s · "
                      f"{cells['work'][1]} Mio | {ratio:.2f} |".replace(".", ","), flush=True)
        finally:
            (ROOT / "templates" / "actor.html").write_text(template, encoding="utf-8")
            subprocess.run(["git", "worktree", "remove", "--force", str(reference)], cwd=ROOT, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
