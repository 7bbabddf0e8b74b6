"""What a citizen waits for when the index is in shards: Debian's Chromium opens the search page
of a built site with a query in its address, and this prints how long the results took to show
(page load included) and how many index requests and bytes it cost, for each query on a first
visit (nothing cached), then once more in the same visit, and the median of the first visits.

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


def timed_search(page, url: str, query: str, fetched: list[int]) -> tuple[float, str]:
    fetched.clear()
    start = time.perf_counter()
    page.goto(f"{url}/recherche/?q={query}")
    page.locator("#search-status:not(:empty)").wait_for(timeout=120_000)
    return time.perf_counter() - start, page.inner_text("#search-status")


def measure(site: Path, queries: list[str]) -> None:
    shards = len(json.loads((site / "pagefind-shards.json").read_text(encoding="utf-8")))
    for url in serve(site):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            first_visits = []
            for query in queries:
                context = browser.new_context()  # a first visit: nothing cached
                page = context.new_page()
                fetched: list[int] = []
                page.on("requestfinished", lambda request: fetched.append(max(0, request.sizes()["responseBodySize"]))
                        if "/pagefind" in request.url else None)
                for visit in ("première visite", "en cache"):
                    seconds, status = timed_search(page, url, query, fetched)
                    if visit == "première visite":
                        first_visits.append(seconds)
                    print(f"{site.name} ({shards} parties) · « {query} » · {visit} : {str(round(seconds, 2)).replace('.', ',')} s, "
                          f"{len(fetched)} requêtes d'index, {sum(fetched) // 1024} Kio transférés · {status}", flush=True)
                context.close()
            browser.close()
            median = str(round(statistics.median(first_visits), 2)).replace(".", ",")
            print(f"{site.name} ({shards} parties) · médiane des premières visites sur {len(first_visits)} requêtes : {median} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sites", type=Path, nargs="+")
    parser.add_argument("--queries", nargs="+", default=list(QUERIES))
    args = parser.parse_args()
    for site in args.sites:
        measure(site, args.queries)


if __name__ == "__main__":
    main()
