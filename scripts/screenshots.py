"""Screenshots of the built site in Debian's Chromium, desktop and mobile, for a human look.

Usage: python3 scripts/screenshots.py [DOSSIER] [PAGE ...]   (serves output/ itself)
"""

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/acteurs/", "/acteurs/adds/"]
SIZES = {"bureau": (1280, 900), "mobile": (390, 844)}


def main(target: Path, pages: list[str]) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "output"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for size_name, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for url in pages:
                page.goto(f"http://127.0.0.1:{server.server_port}{url}")
                name = url.strip("/").replace("/", "-") or "accueil"
                path = target / f"{name}-{size_name}.png"
                page.screenshot(path=str(path), full_page=True)
                print(path)
        browser.close()
    server.shutdown()


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Captures d'écran du site construit (output/), en largeur de bureau et de téléphone, "
                    "dans Chromium de Debian.")
    parser.add_argument("target", metavar="DOSSIER", type=Path, nargs="?", default=ROOT / "screenshots",
                        help="où écrire les images (par défaut : screenshots/)")
    parser.add_argument("pages", metavar="PAGE", nargs="*", default=PAGES,
                        help="adresses des pages à capturer (par défaut : " + " ".join(PAGES) + ")")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = arguments()
    main(args.target, args.pages)
