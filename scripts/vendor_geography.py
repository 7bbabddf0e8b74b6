"""Makes ess_site/geography/cog.json.gz, the official geography the build reads, from Etalab's
@etalab/decoupage-administratif as npm installed it (the version pinned in package.json).

Only what the site uses is kept (codes, names, postal codes, populations, membership), so the
build reads 0,6 Mo instead of 12 Mo and needs no Node. Run it again after changing the pinned
version: python3 scripts/vendor_geography.py
"""

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "@etalab" / "decoupage-administratif"
TARGET = ROOT / "ess_site" / "geography" / "cog.json.gz"
# Insee's TNCC -> the article of ess_site/articles.py ("du Nord", "de la Somme", "de l'Aisne", "des Hauts-de-Seine").
ARTICLES = {0: "aucun", 1: "aucun", 2: "le", 3: "la", 4: "les", 5: "l'"}


def compact(package: Path) -> dict:
    """The package's data files -> one compact, deterministic document."""
    data = {name: json.loads((package / "data" / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("communes", "departements", "regions", "epci")}
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    communes = [c for c in data["communes"] if c["type"] == "commune-actuelle"]
    return {
        "source": f"le découpage administratif publié par Etalab (version {version} : Code officiel géographique de l'Insee, EPCI de la DGCL)",
        "version": version,
        "licence": "Licence Ouverte 2.0 (données), MIT (code du paquet)",
        "columns": ["insee", "nom", "departement", "region", "codes_postaux", "population"],
        # typeLiaison is Insee's "type de nom en clair": the article a sentence puts before the name.
        "regions": {r["code"]: [r["nom"], ARTICLES[r["typeLiaison"]]] for r in sorted(data["regions"], key=lambda r: r["code"])},
        "departements": {d["code"]: [d["nom"], d["region"], ARTICLES[d["typeLiaison"]]]
                         for d in sorted(data["departements"], key=lambda d: d["code"])},
        "communes": [[c["code"], c["nom"], c["departement"], c["region"], c.get("codesPostaux", []), c.get("population")]
                     for c in sorted(communes, key=lambda c: c["code"])],
        # Codes the register may still use for a current commune: municipal arrondissements of
        # Paris, Lyon and Marseille, and the former codes of merged communes.
        "aliases": dict(sorted(aliases(data["communes"], {c["code"] for c in communes}).items())),
        "epci": {e["code"]: [e["nom"], sorted(m["code"] for m in e["membres"])] for e in sorted(data["epci"], key=lambda e: e["code"])},
    }


def aliases(entries: list[dict], current: set[str]) -> dict[str, str]:
    found = {}
    for entry in entries:
        if entry["type"] == "arrondissement-municipal":
            found[entry["code"]] = entry["commune"]
        elif entry["type"] == "commune-actuelle":
            found.update({old: entry["code"] for old in entry.get("anciensCodes", []) if old not in current})
    return found


def write(document: dict, target: Path) -> bytes:
    payload = gzip.compress(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0)
    target.write_bytes(payload)
    return payload


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Refait ess_site/geography/cog.json.gz à partir du paquet npm "
                                                 "@etalab/decoupage-administratif installé par npm ci.")
    parser.parse_args(argv)
    if not (PACKAGE / "data" / "communes.json").exists():
        print(f"{PACKAGE} manque : lancez d'abord « npm ci ».", file=sys.stderr)
        return 1
    payload = write(compact(PACKAGE), TARGET)
    print(f"{TARGET.relative_to(ROOT)} : {len(payload) // 1024} Kio.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
