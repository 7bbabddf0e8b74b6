#!/usr/bin/env bash
# Installs what the build needs (Python packages, WeasyPrint's system libraries), builds the
# site from content/ and serves it on http://localhost:8000/ for a look.
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  cat <<'AIDE'
Utilisation : bash scripts/site.sh [OPTIONS DE « build.py serve »]

Installe ce que la construction demande (paquets Python, bibliothèques de WeasyPrint, npm ci),
construit le site à partir de content/ et l'affiche sur http://localhost:8000/.
Les options sont passées à « python3 build.py serve » (par exemple --port 8001, --sans-pdf).
AIDE
  exit 0
fi
cd "$(dirname "$0")/.."
source scripts/debian-packages.sh

ensure_debian_packages "${BUILD_PACKAGES[@]}"
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
npm ci --silent --no-audit --no-fund   # Leaflet and Decap CMS, copied into the site
python3 build.py serve "$@"
