"""Benchmark of the directory on paper (/acteurs/annuaire.pdf and one per commune) for N synthetic
actors (bench/generate.py: six communes, every field filled, a long first sentence).

For each N: the whole directory typeset alone in one process (seconds, pages, size, peak memory),
tagged PDF/UA as the site publishes it and, to show what tagging costs, untagged; then `build.py` from scratch with and without the PDFs (what they add to a cold build, which is
also the first build of each day: the PDFs say the day of the data), and a build with nothing
changed (the PDFs are taken from the cache). Measures only: no test asserts a time.

Usage: python bench/annuaire.py [--sizes 1000] [--pages DOSSIER]
  --pages DOSSIER   keep the whole directory's PDF of each size there (annuaire-N.pdf), to look at
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

from ess_site.render.pdf import PDF_VARIANT  # noqa: E402

TYPESET_CODE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from ess_site.compute.directory import directories
from ess_site.compute.site import assemble_site
from ess_site.config import Config
from ess_site.content.validate import read_content
from ess_site.render.directory import print_html
from ess_site.render.environment import make_environment
from ess_site.render import pdf as pdf_module
from ess_site.render.pdf import typeset
pdf_module.PDF_VARIANT = {variant!r}
from ess_site.render.renderer import Renderer
config = Config(content=Path({content!r}))
site = assemble_site(read_content(config.content, config.build_day, config.jobs), config.build_day)
whole = directories(site)[0]
start = time.perf_counter()
html = print_html(Renderer(site, make_environment(config.templates)), whole)
pdf = typeset(html, config.assets)
seconds = time.perf_counter() - start
if {keep!r}:
    Path({keep!r}).write_bytes(pdf.data)
print(json.dumps({{"actors": whole.count, "seconds": seconds, "pages": pdf.pages, "size": pdf.size, "html": len(html)}}))
"""


def run(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (MiB, the largest of the process and its workers), stdout."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss // 1024, process.stdout.read().decode()


def build(content: Path, output: Path, cache: Path, pdf: bool) -> tuple[float, int]:
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(output),
               "--cache", str(cache), "--sans-recherche"] + ([] if pdf else ["--sans-pdf"])
    seconds, mib, _ = run(command)
    return seconds, mib


def measure(size: int, work: Path, keep: Path | None) -> dict:
    content = work / "content"
    generate(size, content)
    results = {}
    for name, variant in (("untagged", None), ("whole", PDF_VARIANT)):
        kept = str(keep / f"annuaire-{size}{'' if variant else '-sans-balises'}.pdf") if keep else ""
        code = TYPESET_CODE.format(root=str(ROOT), content=str(content), keep=kept, variant=variant)
        _, mib, out = run([sys.executable, "-c", code])
        results[name] = json.loads(out) | {"mib": mib}
    for pdf in (False, True):
        shutil.rmtree(work / "output", ignore_errors=True)
        shutil.rmtree(work / "cache", ignore_errors=True)
        results["cold", pdf] = build(content, work / "output", work / "cache", pdf)
    results["unchanged"] = build(content, work / "output", work / "cache", True)
    communes = sorted((work / "output" / "communes").glob("*/annuaire.pdf"))
    results["communes"] = (len(communes), sum(p.stat().st_size for p in communes))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--pages", type=Path, help="keep each whole directory's PDF in this folder")
    args = parser.parse_args()
    if args.pages:
        args.pages.mkdir(parents=True, exist_ok=True)
    header = ("| acteurs | annuaire entier : composition | pages | taille | mémoire | sans balises PDF/UA : composition, taille, mémoire "
              "| construction à froid sans PDF | avec PDF | rien de changé, avec PDF | annuaires des communes |")
    rows = [header, "|---|---|---|---|---|---|---|---|---|---|"]
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            r = measure(size, Path(work), args.pages)
        whole = r["whole"]
        cells = [f"{whole['actors']}", f"{whole['seconds']:.1f} s", f"{whole['pages']}", f"{whole['size'] / 1024:.0f} Kio",
                 f"{whole['mib']} Mio"]
        plain = r["untagged"]
        cells.append(f"{plain['seconds']:.1f} s, {plain['size'] / 1024:.0f} Kio, {plain['mib']} Mio")
        cells += [f"{seconds:.1f} s · {mib} Mio" for seconds, mib in (r["cold", False], r["cold", True], r["unchanged"])]
        cells.append(f"{r['communes'][0]} PDF, {r['communes'][1] / 1024:.0f} Kio en tout")
        rows.append("| " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"\n{machine}\n\n" + "\n".join(rows))


if __name__ == "__main__":
    main()
