"""Lighthouse's performance and accessibility scores (issue 23's budget: ≥ 95 each) on five pages
of a built site: the home page, a list (/acteurs/), an actor, the map and the search page with a
query. The site is served on 127.0.0.1 with netlify.toml's headers (tests/browser/conftest.py);
Lighthouse drives Debian's Chromium with its default mobile emulation and simulated throttling.
Measures only: no test asserts these scores.

Lighthouse is not installed by the project (a hundred npm packages for a benchmark); once per machine:
  npm install --no-save --prefix /tmp/lighthouse lighthouse@12.2.3   (12.2.3: the last for Node 20)

Usage: python bench/lighthouse.py SITE [--lighthouse /tmp/lighthouse/node_modules/.bin/lighthouse] [--json DOSSIER]
  SITE   a site built with its search index (build.py build --sans-pdf)
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, serve  # noqa: E402

DEFAULT_LIGHTHOUSE = Path("/tmp/lighthouse/node_modules/.bin/lighthouse")
CATEGORIES = ("performance", "accessibility")
BUDGET = 95


def five_pages(site: Path) -> list[tuple[str, str]]:
    """(what, path): the first actor in French order stands for every actor page."""
    actors = sorted(p.parent.name for p in (site / "acteurs").glob("*/index.html") if p.parent.name != "page")
    return [("accueil", "/"), ("liste", "/acteurs/"), ("acteur", f"/acteurs/{actors[0]}/"), ("carte", "/carte/"),
            ("recherche", "/recherche/?q=insertion")]


def run_lighthouse(lighthouse: Path, url: str, report: Path) -> dict:
    subprocess.run([str(lighthouse), url, "--only-categories=" + ",".join(CATEGORIES), "--output=json", f"--output-path={report}",
                    "--chrome-flags=--headless=new --no-sandbox", "--quiet"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def weak_audits(result: dict) -> list[str]:
    """The audits that cost points: their title and what Lighthouse shows of them."""
    weights = {ref["id"]: ref["weight"] for name in CATEGORIES for ref in result["categories"][name]["auditRefs"] if ref["weight"]}
    audits = result["audits"]
    return [f"{audits[key]['title']} ({audits[key].get('displayValue', '')})".replace(" ()", "")
            for key in weights if audits[key]["score"] is not None and audits[key]["score"] < 0.9]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--lighthouse", type=Path, default=Path(os.environ.get("LIGHTHOUSE", DEFAULT_LIGHTHOUSE)))
    parser.add_argument("--json", type=Path, help="dossier où garder les rapports complets de Lighthouse")
    args = parser.parse_args()
    if not args.lighthouse.exists():
        sys.exit(f"Lighthouse introuvable : {args.lighthouse}. Installez-le : npm install --no-save --prefix /tmp/lighthouse lighthouse@12.2.3")
    folder = args.json or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    folder.mkdir(parents=True, exist_ok=True)
    for base in serve(args.site):
        for what, path in five_pages(args.site):
            result = run_lighthouse(args.lighthouse, base + path, folder / f"{what}.json")
            scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
            verdict = "ok" if min(scores.values()) >= BUDGET else f"sous {BUDGET}"
            print(f"{what:<10} {path:<40} performance {scores['performance']:>3}  accessibilité {scores['accessibility']:>3}  {verdict}")
            for audit in weak_audits(result):
                print(f"             à revoir : {audit}")
        break  # serve() yields once; leaving it stops the server


if __name__ == "__main__":
    main()
