#!/usr/bin/env bash
# Installs what the tests need (Python packages, WeasyPrint's libraries, Debian's Chromium,
# poppler's pdfinfo/pdftotext, axe-core) and runs every test.
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  cat <<'AIDE'
Utilisation : bash scripts/tests.sh [OPTIONS DE PYTEST]

Installe ce que les tests demandent (paquets Python, Chromium de Debian, pdfinfo, axe-core par
npm ci) puis lance tous les tests. Les options sont passées à « python3 -m pytest » (par exemple
tests/unit, -k carte, -m "not browser").
AIDE
  exit 0
fi
cd "$(dirname "$0")/.."
source scripts/debian-packages.sh

ensure_debian_packages "${BUILD_PACKAGES[@]}" chromium poppler-utils
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
npm ci --silent --no-audit --no-fund

python3 -m pytest "$@"
