#!/usr/bin/env bash
# Installs what the build needs (Python packages, WeasyPrint's system libraries), builds the
# site from content/ and serves it on http://localhost:8000/ for a look.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/debian-packages.sh

ensure_debian_packages "${BUILD_PACKAGES[@]}"
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
npm ci --silent --no-audit --no-fund   # Leaflet and Decap CMS, copied into the site
python3 build.py serve "$@"
