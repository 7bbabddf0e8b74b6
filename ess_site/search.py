"""Index stage: the written site -> its Pagefind search index (in <site>/pagefind/).

Only pages marked data-pagefind-body (actors and lettres) are indexed; their filters are the
lower-case French keys of SEARCH_FILTERS. The synonyms below widen a citizen's query in the
browser (assets/search.js reads them from the search page).
"""

import subprocess
import sys
from pathlib import Path

from .problems import MissingTool

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


def index_search(site: Path) -> None:
    """Run Pagefind (pinned in requirements.txt, its binary ships in the wheel) over `site`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except OSError as error:
        raise MissingTool(f"Pagefind ne peut pas indexer le site ({error}). Installez requirements.txt, "
                          "ou construisez sans recherche avec --sans-recherche.") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["erreur inconnue"]
        raise MissingTool(f"Pagefind n'a pas pu indexer le site : {detail[0]}. "
                          "Vérifiez que requirements.txt est installé (pagefind[bin]), ou construisez avec --sans-recherche.")
