"""What the map's first view costs: Debian's Chromium opens /carte/ of a built site (nothing
cached, 1 280 px wide, then 375 px), waits until the map has drawn its points, and prints the
bytes transferred by the site (tiles excepted: they come from OpenStreetMap and are blocked
here), as served and gzipped (what Netlify sends), by kind, and the markers drawn.

It also prints the size of the map's point files, one per département, and extrapolates them to
a larger directory of the same shape (--vers N): a zone's file grows with its actors, the index
with the number of zones only.

Usage: python bench/map_browser.py SITE [SITE ...] [--vers 220000] [--captures DOSSIER]
"""

import argparse
import gzip
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ess_site.formats import nombre  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

WIDTHS = (1280, 375)


def kio(size: float) -> str:
    return f"{nombre(size / 1024, 0)} Kio"


def kind(path: str) -> str:
    if path.startswith("/carte/points/"):
        return "points"
    return {"js": "scripts", "css": "styles", "svg": "images", "png": "images"}.get(path.rsplit(".", 1)[-1], "page")


def first_view(browser, url: str, site: Path, width: int, capture: Path | None) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    fetched: dict[str, int] = {}
    page.on("requestfinished", lambda request: fetched.__setitem__(urlparse(request.url).path, request.sizes()["responseBodySize"])
            if request.url.startswith(url) else None)
    page.goto(f"{url}/carte/")
    page.wait_for_function("() => document.querySelector('.map-count')?.textContent && "
                           "!document.querySelector('.map-count').textContent.startsWith('Chargement')")
    page.wait_for_load_state("networkidle")
    markers = page.locator(".leaflet-marker-icon").count()
    served: dict[str, int] = {}
    zipped: dict[str, int] = {}
    for path, size in fetched.items():
        local = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        served[kind(path)] = served.get(kind(path), 0) + size
        zipped[kind(path)] = zipped.get(kind(path), 0) + (len(gzip.compress(local.read_bytes(), 6)) if local.is_file() else size)
    parts = ", ".join(f"{name} {kio(served[name])} ({kio(zipped[name])} gzip)" for name in sorted(served))
    print(f"{site.name} · {nombre(width, 0)} px : {kio(sum(served.values()))} transférés ({kio(sum(zipped.values()))} en gzip), "
          f"{len(fetched)} requêtes [{parts}] ; {markers} marqueurs dessinés ; {page.inner_text('.map-count')}", flush=True)
    if capture:
        capture.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=capture / f"carte-{site.name}-{width}.png", full_page=True)
    context.close()


def point_files(site: Path, towards: int | None) -> None:
    folder = site / "carte" / "points"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    zones = {zone["code"]: zone["nombre"] for zone in index["zones"]}
    actors = sum(zones.values())
    sizes = {code: (folder / f"{code}.json").stat().st_size for code in zones}
    zipped = {code: len(gzip.compress((folder / f"{code}.json").read_bytes(), 6)) for code in zones}
    biggest = max(sizes, key=sizes.get)
    index_size = (folder / "index.json").stat().st_size
    print(f"{site.name} : {len(zones)} zones, {nombre(actors, 0)} points ; index {kio(index_size)} "
          f"({kio(len(gzip.compress((folder / 'index.json').read_bytes(), 6)))} gzip) ; "
          f"{nombre(sum(sizes.values()) / actors, 1)} octets par point ({nombre(sum(zipped.values()) / actors, 1)} en gzip) ; "
          f"plus grande zone {biggest} : {nombre(zones[biggest], 0)} points, {kio(sizes[biggest])} ({kio(zipped[biggest])} gzip)")
    if towards:
        factor = towards / actors
        print(f"  extrapolé à {nombre(towards, 0)} acteurs (× {nombre(factor, 1)}) : index ≈ {kio(index_size)} (il ne grandit qu'avec "
              f"les zones), plus grande zone ≈ {kio(sizes[biggest] * factor)} ({kio(zipped[biggest] * factor)} gzip), "
              f"tout ≈ {kio(sum(sizes.values()) * factor)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sites", type=Path, nargs="+")
    parser.add_argument("--vers", type=int, help="extrapoler la taille des fichiers de points à N acteurs")
    parser.add_argument("--captures", type=Path, help="dossier où enregistrer une capture de chaque première vue")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for site in args.sites:
            point_files(site, args.vers)
            for url in serve(site):
                for width in WIDTHS:
                    first_view(browser, url, site, width, args.captures)
        browser.close()


if __name__ == "__main__":
    main()
