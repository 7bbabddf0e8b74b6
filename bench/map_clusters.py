"""Which clustering library for the map: supercluster (the site's) or Leaflet.markercluster, for
N random points over metropolitan France, in Debian's Chromium. Prints, for each, the time from
having the points in memory to the first view drawn (whole country, zoom 6) and the number of
elements drawn, then the time to draw the view again after a filter (half the points).

Leaflet.markercluster is not a dependency of the site: install it aside and give its folder
(npm install --prefix /tmp/mc leaflet.markercluster@1.5.3), or it is skipped.

Usage: python bench/map_clusters.py [N ...] [--markercluster /tmp/mc/node_modules/leaflet.markercluster]
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

PAGE = """<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="leaflet.css">
<div id="map"></div>
<script src="leaflet.js"></script><script src="supercluster.min.js"></script>{extra}"""

POINTS = """(n) => { window.sized = (map) => { const box = map.getContainer();
  box.style.width = "1000px"; box.style.height = "700px"; map.invalidateSize(); return map.setView([46.6, 2.4], 6); };
  let seed = 42; const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const points = []; for (let i = 0; i < n; i++) points.push([42.5 + random() * 8.5, -4.5 + random() * 12.5, i % 12]);
  window.points = points; }"""

SUPERCLUSTER = """(half) => { const start = performance.now();
  const map = window.lmap || (window.lmap = sized(L.map("map", { maxZoom: 18 })));
  if (window.layer) window.layer.remove();
  const chosen = half ? window.points.filter((p) => p[2] < 6) : window.points;
  const index = new Supercluster({ radius: 60, maxZoom: 16 }).load(chosen.map((p) => ({
    type: "Feature", properties: { s: p[2] }, geometry: { type: "Point", coordinates: [p[1], p[0]] } })));
  const b = map.getBounds();
  const clusters = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.round(map.getZoom()));
  window.layer = L.layerGroup(clusters.map((c) => L.marker([c.geometry.coordinates[1], c.geometry.coordinates[0]],
    { icon: L.divIcon({ html: String(c.properties.point_count || 1) }) }))).addTo(map);
  return [performance.now() - start, document.querySelectorAll(".leaflet-marker-icon").length]; }"""

MARKERCLUSTER = """(half) => { const start = performance.now();
  const map = window.lmap || (window.lmap = sized(L.map("map", { maxZoom: 18 })));
  if (!window.group) { window.group = L.markerClusterGroup({ chunkedLoading: false });
    window.markers = window.points.map((p) => { const m = L.marker([p[0], p[1]]); m.s = p[2]; return m; });
    window.group.addLayers(window.markers); map.addLayer(window.group); }
  else { window.group.clearLayers(); window.group.addLayers(half ? window.markers.filter((m) => m.s < 6) : window.markers); }
  return [performance.now() - start, document.querySelectorAll(".leaflet-marker-icon").length]; }"""


def measure(counts: list[int], markercluster: Path | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        for name in ("leaflet.js", "leaflet.css"):
            shutil.copy(ROOT / "node_modules/leaflet/dist" / name, site / name)
        shutil.copy(ROOT / "node_modules/supercluster/dist/supercluster.min.js", site)
        libraries = {"supercluster 9.1.0": ("", SUPERCLUSTER)}
        if markercluster:
            shutil.copy(markercluster / "dist/leaflet.markercluster.js", site)
            libraries["Leaflet.markercluster 1.5.3"] = ('<script src="leaflet.markercluster.js"></script>', MARKERCLUSTER)
        for name, (extra, _) in libraries.items():
            (site / f"{name.split()[0]}.html").write_text(PAGE.format(extra=extra), encoding="utf-8")
        for url in serve(site):
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for count in counts:
                    for name, (_, draw) in libraries.items():
                        page = browser.new_page()
                        page.goto(f"{url}/{name.split()[0]}.html")
                        page.evaluate(POINTS, count)
                        first, drawn = page.evaluate(draw, False)
                        again, _ = page.evaluate(draw, True)
                        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0")
                        figures = f"première vue {first / 1000:.2f} s, {drawn} éléments dessinés, après un filtre {again / 1000:.2f} s, "
                        print(f"{count:>7} points · {name} : " + figures.replace(".", ",") + f"mémoire JS {heap // 2**20} Mio", flush=True)
                        page.close()
                browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("counts", type=int, nargs="*", default=[4000, 20000, 220000])
    parser.add_argument("--markercluster", type=Path)
    args = parser.parse_args()
    measure(args.counts, args.markercluster)


if __name__ == "__main__":
    main()
