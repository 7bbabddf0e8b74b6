"""The scale curve of issue 16: for each size, with the search index, a cold build, a build after
one edited description, and the preview (page on disk, then page and search both fresh), with
peak memory summed over every process of the build (workers, Pagefind). One process per
measure, as an editor or Netlify runs it. Prints one Markdown row per size as it goes.

Usage: python bench/scale.py --sizes 1000 4000 20000 150000 220000 [--work /tmp/scale] [--runs 3]
                             [--perimetre cahc|region|pays]

Content is generated once per size and shape into WORK/content-N (content-N-region…) and kept
(220 000 actors take about two minutes to write); the output and cache are made afresh for the
cold build. --perimetre region spreads the actors over the communes of the Hauts-de-France, pays
over those of France, in proportion to their population (bench/generate.py). The last columns
give what a host receives: the files of output/ and their bytes.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from generate import generate  # noqa: E402
from run import edit, preview_times, timed_build  # noqa: E402

from ess_site.formats import nombre  # noqa: E402


def cell(seconds: float, mib: int | None = None) -> str:
    text = f"{nombre(seconds, 1 if seconds >= 10 else 2)} s"
    return text if mib is None else f"{text} · {nombre(mib, 0)} Mio"


def measure(size: int, work: Path, runs: int, perimetre: str) -> str:
    name = f"{size}" if perimetre == "cahc" else f"{size}-{perimetre}"
    content, output, cache = work / f"content-{name}", work / f"output-{name}", work / f"cache-{name}"
    if not (content / "actors" / "structure-000001.md").is_file():
        generate(size, content, None if perimetre == "cahc" else perimetre)
        time.sleep(2.5)  # past the actor cache's racy window, as files saved earlier
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cold = timed_build(content, output, True, cache)
    edit(content, ROOT / "templates", "une présentation modifiée", 0)
    one = timed_build(content, output, True, cache)
    page, search, rest, mib = preview_times(content, output, cache, True, runs)
    shards = len(list(output.glob("pagefind*/")))
    files, size_bytes = output_size(output)
    return (f"| {nombre(size, 0)} | {shards} | {cell(*cold)} | {cell(*one)} | {cell(page)} | {cell(search)} | {cell(rest, mib)} "
            f"| {nombre(files, 0)} | {nombre(size_bytes / 2**30, 2)} Gio |")


def output_size(output: Path) -> tuple[int, int]:
    """(files, bytes) of a built site: what a host has to take."""
    files = size_bytes = 0
    for root, _, names in os.walk(output):
        for name in names:
            files += 1
            size_bytes += os.stat(os.path.join(root, name)).st_size
    return files, size_bytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 20000, 150000, 220000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/ess-scale"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--perimetre", choices=("cahc", "region", "pays"), default="cahc",
                        help="cahc : six communes (par défaut) ; region : Hauts-de-France ; pays : France")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cœurs ; recherche comprise, PDF exclus ; mémoire : pic de la somme des processus (PSS)")
    print("| acteurs | index | à froid | une présentation modifiée | aperçu : page | aperçu : page et recherche | aperçu : tout "
          "| fichiers | octets |")
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    for size in args.sizes:
        print(measure(size, args.work, args.runs, args.perimetre), flush=True)


if __name__ == "__main__":
    main()
