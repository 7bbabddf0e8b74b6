"""Index stage: the written site -> its Pagefind search index (in <site>/pagefind/).

Only pages marked data-pagefind-body (actors and lettres) are indexed; their filters are the
lower-case French keys of SEARCH_FILTERS. The synonyms below widen a citizen's query in the
browser (assets/search.js reads them from the search page).
"""

import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

from .problems import MissingTool
from .write import swap

# Filter key -> how the search page names it.
SEARCH_FILTERS = {
    "type": "Type",
    "commune": "Commune",
    "statut": "Statut",
    "secteur": "Secteur",
    "thematique": "Thématique",
}

# What people type -> words the directory uses. Accents and case are ignored by Pagefind.
SYNONYMS = {
    "asso": ["association"],
    "assos": ["association"],
    "scop": ["coopérative"],
    "scic": ["coopérative"],
    "cae": ["coopérative"],
    "coop": ["coopérative"],
    "esat": ["handicap", "travail protégé"],
    "ea": ["handicap"],
    "siae": ["insertion"],
    "iae": ["insertion"],
    "aci": ["insertion"],
    "chantier d'insertion": ["insertion"],
    "épicerie sociale": ["épicerie solidaire"],
    "epicerie sociale": ["épicerie solidaire"],
    "épicerie solidaire": ["épicerie sociale"],
    "ptce": ["pôle territorial de coopération économique"],
    "mutuelle santé": ["mutuelle"],
    "garage social": ["garage solidaire"],
}


INDEX_DIR = "pagefind"


def index_search(site: Path, in_place: bool = False) -> None:
    """Run Pagefind (pinned in requirements.txt, its binary ships in the wheel) over `site`.
    `in_place`: the site is live; the new index is made beside it and swapped in whole, so a
    search never reads half of each."""
    if not in_place:
        return run_pagefind(site, site / INDEX_DIR)
    fresh = prepare_index(site)
    try:
        swap_index(fresh, site)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def prepare_index(site: Path) -> Path:
    """A new index of `site`, in a folder beside it (the caller swaps it in or deletes it)."""
    fresh = Path(tempfile.mkdtemp(prefix=f".{site.name}-{INDEX_DIR}-", dir=site.resolve().parent))
    try:
        run_pagefind(site, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    fresh.chmod(0o755)
    return fresh


def swap_index(fresh: Path, site: Path) -> None:
    swap(fresh, site / INDEX_DIR)


def remove_index(site: Path) -> None:
    """A site built without search carries no index."""
    shutil.rmtree(site / INDEX_DIR, ignore_errors=True)


def run_pagefind(site: Path, bundle: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except OSError as error:
        raise MissingTool(f"Pagefind ne peut pas indexer le site ({error}). Installez requirements.txt, "
                          "ou construisez sans recherche avec --sans-recherche.") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["erreur inconnue"]
        raise MissingTool(f"Pagefind n'a pas pu indexer le site : {detail[0]}. "
                          "Vérifiez que requirements.txt est installé (pagefind[bin]), ou construisez avec --sans-recherche.")
