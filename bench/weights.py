"""Weight of every page of a built site: bytes of HTML and DOM elements (what Lighthouse counts
for its "excessive DOM size" audit), the largest pages listed, against issue 23's budgets
(≤ 150 KB of HTML, ≤ 1 500 elements). Measures only: no test asserts these figures.

Usage: python bench/weights.py SITE [--content DOSSIER] [--top 15] [--json FICHIER]
  SITE              a built site (output/ of build.py)
  --content DOSSIER build that content into SITE first (without PDFs nor search index)
"""

import argparse
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML_BUDGET = 150 * 1024
DOM_BUDGET = 1500


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1

    def handle_startendtag(self, tag, attrs):
        self.elements += 1


def elements(html: str) -> int:
    counter = ElementCounter()
    counter.feed(html)
    return counter.elements


def measure(site: Path) -> list[dict]:
    rows = []
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        url = "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        rows.append({"url": url, "bytes": len(data), "elements": elements(data.decode("utf-8"))})
    return rows


def kb(size: int) -> str:
    return f"{size / 1024:,.1f} Ko".replace(",", " ").replace(".", ",")


def report(rows: list[dict], top: int) -> str:
    heavy = [r for r in rows if r["bytes"] > HTML_BUDGET]
    crowded = [r for r in rows if r["elements"] > DOM_BUDGET]
    lines = [f"{len(rows)} pages HTML ; {len(heavy)} au-delà de 150 Ko, {len(crowded)} au-delà de 1 500 éléments.",
             f"\nLes {top} plus lourdes :"]
    lines += [f"  {kb(r['bytes']):>12}  {r['elements']:>6} éléments  {r['url']}" for r in sorted(rows, key=lambda r: -r["bytes"])[:top]]
    lines += [f"\nLes {top} plus chargées en éléments :"]
    lines += [f"  {r['elements']:>6} éléments  {kb(r['bytes']):>12}  {r['url']}" for r in sorted(rows, key=lambda r: -r["elements"])[:top]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--content", type=Path)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.content:
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(args.content), "--output", str(args.site),
                        "--sans-pdf", "--sans-recherche", "--complet", "--cache", str(args.site) + ".cache"], check=True)
    rows = measure(args.site)
    print(report(rows, args.top))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
