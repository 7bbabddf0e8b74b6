"""What a citizen waits for when the index is in shards: Debian's Chromium opens the search page
of a built site with a query in its address, and this prints how long the results took to show
(page load included) and how many index requests and bytes it cost, for each query on a first
visit (nothing cached), then once more in the same visit, and the median of the first visits.
Each line also says when the last file of each kind arrived, from the page's address: Pagefind's
start (its script, worker, wasm, each bundle's entry and metadata), the index chunks of the
words, the filter chunks, the fragments of the results shown; where the time goes.

Usage: python bench/search_browser.py SITE [SITE ...] [--queries insertion "jardin solidaire" …]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

# Ten queries, common words included (a generated actor's text holds « structure », « solidaire »
# and « association » on most pages), a place named in the query, and a word found nowhere.
QUERIES = ("insertion", "jardin solidaire", "garage", "zythologie", "structure", "solidaire", "association",
           "emploi carvin", "epicerie", "accompagnement")


PHASES = {"pf_index": "index", "pf_filter": "filtres", "pf_fragment": "fragments"}


def phase(url: str) -> str:
    """The kind of a Pagefind file: one of PHASES, or "départ" (script, worker, wasm, entry, metadata)."""
    return next((name for ending, name in PHASES.items() if ending in url), "départ")


def timed_search(page, url: str, query: str, fetched: list[tuple[int, str, float]]) -> tuple[float, str, dict[str, float]]:
    fetched.clear()
    start = time.perf_counter()
    wall = time.time() * 1000
    page.goto(f"{url}/recherche/?q={query}")
    page.locator("#search-status:not(:empty)").wait_for(timeout=120_000)
    seconds = time.perf_counter() - start
    last: dict[str, float] = {}
    for _, kind, end in fetched:
        last[kind] = max(last.get(kind, 0.0), (end - wall) / 1000)
    return seconds, page.inner_text("#search-status"), last


def decimal(seconds: float) -> str:
    return str(round(seconds, 2)).replace(".", ",")


def on_finished(fetched: list[tuple[int, str, float]], request) -> None:
    if "/pagefind" in request.url:
        timing = request.timing
        fetched.append((max(0, request.sizes()["responseBodySize"]), phase(request.url), timing["startTime"] + timing["responseEnd"]))


def measure(site: Path, queries: list[str]) -> None:
    shards = len(json.loads((site / "pagefind-shards.json").read_text(encoding="utf-8")))  # a list of bundles, before and after issue 23
    for url in serve(site):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            first_visits = []
            for query in queries:
                context = browser.new_context()  # a first visit: nothing cached
                page = context.new_page()
                fetched: list[tuple[int, str, float]] = []
                page.on("requestfinished", lambda request: on_finished(fetched, request))
                for visit in ("première visite", "en cache"):
                    seconds, status, last = timed_search(page, url, query, fetched)
                    if visit == "première visite":
                        first_visits.append(seconds)
                    phases = ", ".join(f"{kind} {decimal(at)} s" for kind, at in sorted(last.items(), key=lambda item: item[1]))
                    print(f"{site.name} ({shards} parties) · « {query} » · {visit} : {decimal(seconds)} s, "
                          f"{len(fetched)} requêtes d'index, {sum(size for size, _, _ in fetched) // 1024} Kio transférés "
                          f"(derniers arrivés : {phases}) · {status}", flush=True)
                context.close()
            browser.close()
            print(f"{site.name} ({shards} parties) · médiane des premières visites sur {len(first_visits)} requêtes : "
                  f"{decimal(statistics.median(first_visits))} s, maximum {decimal(max(first_visits))} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sites", type=Path, nargs="+")
    parser.add_argument("--queries", nargs="+", default=list(QUERIES))
    args = parser.parse_args()
    for site in args.sites:
        measure(site, args.queries)


if __name__ == "__main__":
    main()
