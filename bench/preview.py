"""The preview's latency, measured from outside its process: a generated corpus, `build.py serve`
started as a subprocess, and one actor's description edited N times. For each save this times
(a) the save to the actor's page on disk holding the new text (the file read every millisecond),
and (b) the save to Debian's Chromium, open on that page, painting it (the page's own clock). Prints each edit, then the
medians and maxima.

Several project checkouts can be measured in one run, on copies of the same corpus, e.g. the
code before a change (a throwaway `git worktree add /tmp/avant HEAD~3`) against this one.

Usage: python bench/preview.py [--acteurs 1000] [--editions 10] [--perimetre region]
                               [--racine DOSSIER ...] [--pdf] [--recherche]
"""

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

from ess_site.formats import nombre  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SLUG = "structure-000007"
# When the page is first painted with its text (the frame after the document is parsed), on the
# system clock as Python's time.time(): Playwright's own polling does not add to the figure.
PAINTED = """document.addEventListener("DOMContentLoaded", () =>
  requestAnimationFrame(() => { window.painted = performance.timeOrigin + performance.now(); }));"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def label(root: Path) -> str:
    commit = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
    return f"{root} ({commit or 'hors git'})"


def disk_time(page: Path, marker: str, saved: float, found: list[float], stop: threading.Event) -> None:
    """Look at the page's file every millisecond, and read it when its stamp changed, until it holds the marker."""
    stamp = None
    while not stop.is_set():
        try:
            stat = page.stat()
            if (stat.st_ino, stat.st_mtime_ns, stat.st_size) != stamp:
                stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
                if marker in page.read_text(encoding="utf-8"):
                    found.append(time.perf_counter() - saved)
                    return
        except OSError:
            pass  # between two writes of the page
        time.sleep(0.001)


def measure(root: Path, corpus: Path, work: Path, edits: int, pause: float, options: list[str]) -> tuple[list[float], list[float]]:
    content, output = work / "content", work / "output"
    shutil.copytree(corpus, content)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, str(root / "build.py"), "serve", "--content", str(content), "--output", str(output),
               "--cache", str(work / "cache"), "--port", str(port), *options]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    disk, browser_times = [], []
    try:
        while not answers(url + f"/acteurs/{SLUG}/"):
            if process.poll() is not None:
                raise SystemExit(f"L'aperçu de {root} s'est arrêté (code {process.returncode}).")
            time.sleep(0.1)
        print(f"  première construction et premier affichage : {nombre(time.perf_counter() - start, 1)} s", flush=True)
        time.sleep(pause)  # what the first build left to the background
        source = content / "actors" / f"{SLUG}.md"
        original = source.read_text(encoding="utf-8")
        page_file = output / "acteurs" / SLUG / "index.html"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(PAINTED)
            page.goto(url + f"/acteurs/{SLUG}/")
            for edit in range(1, edits + 1):
                marker = f"Repère de mesure numéro {edit} sur {edits}."
                found: list[float] = []
                stop = threading.Event()
                source.write_text(original + f"\n{marker}\n", encoding="utf-8")  # a sentence of the description
                saved, saved_at = time.perf_counter(), time.time() * 1000
                watcher = threading.Thread(target=disk_time, args=(page_file, marker, saved, found, stop))
                watcher.start()
                page.wait_for_function("marker => window.painted && document.body.textContent.includes(marker)", arg=marker,
                                       polling=5, timeout=60_000)
                shown = (page.evaluate("window.painted") - saved_at) / 1000
                watcher.join(60)
                stop.set()
                if not found:
                    raise SystemExit(f"La page {page_file} n'a pas reçu la modification {edit}.")
                disk.append(found[0])
                browser_times.append(shown)
                print(f"  modification {edit} : sur le disque en {milliseconds(found[0])}, "
                      f"dans le navigateur en {milliseconds(shown)}", flush=True)
                time.sleep(pause)  # the rest of the site, in the background, before the next save
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return disk, browser_times


def milliseconds(seconds: float) -> str:
    return f"{nombre(seconds * 1000, 0)}\u00a0ms"


def summary(times: list[float]) -> str:
    return f"médiane {milliseconds(statistics.median(times))}, maximum {milliseconds(max(times))}"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Mesure, de l'extérieur, le temps que met l'aperçu (build.py serve) à montrer "
                                                 "une modification : sur le disque, puis dans le navigateur.")
    parser.add_argument("--acteurs", type=int, default=1000, help="nombre d'acteurs du corpus généré (1 000 par défaut)")
    parser.add_argument("--editions", type=int, default=10, help="nombre de modifications mesurées (10 par défaut)")
    parser.add_argument("--perimetre", choices=("cahc", "region", "pays"), default="region",
                        help="périmètre du corpus généré (region par défaut, voir bench/generate.py)")
    parser.add_argument("--racine", type=Path, nargs="+", default=[ROOT],
                        help="dossiers du projet à mesurer, dans l'ordre, sur le même corpus (ce dossier-ci par défaut)")
    parser.add_argument("--pause", type=float, default=3.0,
                        help="secondes laissées à l'aperçu entre deux modifications (3 par défaut)")
    parser.add_argument("--pdf", action="store_true", help="produire aussi les PDF (par défaut : --sans-pdf)")
    parser.add_argument("--recherche", action="store_true", help="construire aussi l'index de recherche (par défaut : --sans-recherche)")
    return parser.parse_args(argv)


def main() -> None:
    args = arguments()
    options = ([] if args.pdf else ["--sans-pdf"]) + ([] if args.recherche else ["--sans-recherche"])
    with tempfile.TemporaryDirectory(prefix="bench-apercu-") as folder:
        corpus = Path(folder) / "corpus"
        generate(args.acteurs, corpus, None if args.perimetre == "cahc" else args.perimetre)
        results = []
        for index, root in enumerate(args.racine):
            print(f"{label(root.resolve())}, {nombre(args.acteurs, 0)} acteurs :", flush=True)
            results.append((root, *measure(root.resolve(), corpus, Path(folder) / str(index), args.editions, args.pause, options)))
        print(f"\n{nombre(args.editions, 0)} modifications d'une présentation, {nombre(args.acteurs, 0)} acteurs "
              f"(périmètre {args.perimetre}) :")
        for root, disk, shown in results:
            print(f"{label(root.resolve())}\n  sauvegarde → page sur le disque : {summary(disk)}\n"
                  f"  sauvegarde → navigateur : {summary(shown)}")


if __name__ == "__main__":
    main()
