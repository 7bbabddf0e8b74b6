"""Pagefind's command line against its Python API, on the same pages of one search shard.

The build indexes each shard by linking its pages into a folder and running `pagefind --site`
(output/search_index.py). Pagefind's Python API can instead be given each page from memory
(`PagefindIndex.add_html_file`), which would spare writing and reading the folder. This prints
the wall time and the peak memory summed over processes of both, alternated, on the first N
actor pages of a built site.

Usage: python bench/pagefind_api.py SITE [--pages 2500] [--runs 2]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import PeakMemory  # noqa: E402

API_CODE = """
import asyncio, json, sys
from pathlib import Path
from pagefind.index import IndexConfig, PagefindIndex
site, pages, output = Path(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
async def main():
    async with PagefindIndex(IndexConfig(output_path=output)) as index:  # writes the bundle on leaving
        await asyncio.gather(*[index.add_html_file(content=(site / page).read_text(encoding="utf-8"), source_path=page)
                               for page in pages])
asyncio.run(main())
"""


def timed(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(command)
    with PeakMemory(process.pid) as peak:
        process.wait()
    if process.returncode != 0:
        raise SystemExit(f"failed: {command[:4]}")
    return time.perf_counter() - start, peak.mib


def command_line(site: Path, pages: list[str]) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as stage, tempfile.TemporaryDirectory() as bundle:
        start = time.perf_counter()
        for page in pages:  # as output/search_index.py prepares a shard
            (Path(stage) / page).parent.mkdir(parents=True, exist_ok=True)
            os.link(site / page, Path(stage) / page)
        seconds, mib = timed([sys.executable, "-m", "pagefind", "--site", stage, "--output-path", bundle, "--silent"])
        return time.perf_counter() - start, mib, sum(1 for _ in Path(bundle).rglob("*"))


def python_api(site: Path, pages: list[str]) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as bundle:
        seconds, mib = timed([sys.executable, "-c", API_CODE, str(site), json.dumps(pages), bundle])
        return seconds, mib, sum(1 for _ in Path(bundle).rglob("*"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    pages = sorted(str(page.relative_to(args.site)) for page in args.site.glob("acteurs/*/index.html"))[:args.pages]
    print(f"{len(pages)} pages d'acteurs de {args.site}")
    for _ in range(args.runs):
        for name, way in (("ligne de commande", command_line), ("API Python", python_api)):
            seconds, mib, files = way(args.site, pages)
            print(f"{name} : {seconds:.2f} s, {mib} Mio (somme des processus), {files} fichiers dans l'index".replace(".", ","),
                  flush=True)


if __name__ == "__main__":
    main()
