#!/usr/bin/env bash
# Installs what the tests need (Python packages, WeasyPrint's libraries, Debian's Chromium,
# poppler's pdfinfo/pdftotext, axe-core) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/debian-packages.sh

ensure_debian_packages "${BUILD_PACKAGES[@]}" chromium poppler-utils
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
npm ci --silent --no-audit --no-fund

python3 -m pytest "$@"
