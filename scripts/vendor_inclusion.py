"""Makes ess_site/content/data_inclusion_vocabularies.json, data·inclusion's vocabularies (publics,
modes d'accueil, frais, thématiques) with their labels, from the package requirements.txt pins, so
that a build need not import the package's pydantic models to read four tables of labels. While the
installed version differs from the kept one, the build reads the package itself. Run it again after
changing the pinned version: python3 scripts/vendor_inclusion.py
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ess_site.content.schema import KEPT_VOCABULARIES, vocabularies_from_package  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Refait ess_site/content/data_inclusion_vocabularies.json (publics, modes "
                                                 "d'accueil, frais, thématiques) à partir du paquet data-inclusion-schema installé.")
    parser.parse_args(argv)
    KEPT_VOCABULARIES.write_text(json.dumps(vocabularies_from_package(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{KEPT_VOCABULARIES.relative_to(ROOT)} écrit.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
