"""Build the ESS site: python build.py [build|check|serve] [--content DIR] [--output DIR]."""

import sys

from ess_site.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
