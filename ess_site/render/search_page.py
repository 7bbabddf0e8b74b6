"""What the search page offers: its filters and the synonyms that widen a citizen's query.

The filters are the directory's facets (compute/site.py) plus the type of page; the synonyms
are the statuts' own aliases (content/schema.py) and the words of the field below. Accents and
case are ignored by Pagefind; assets/search.js reads the synonyms from the search page.
"""

from .. import articles, urls
from ..compute.inclusion import INCLUSION_FILTERS
from ..compute.site import FACETS
from ..content.schema import STATUTS

# Filter key -> how the search page names it, in the order the page shows them. The last ones are
# data·inclusion's (publics, modes d'accueil…): shown only when at least one actor gives them.
SEARCH_FILTERS = {"type": "Type", **{FACETS[kind].filter: FACETS[kind].label for kind in ("communes", "statuts", "secteurs", "thematiques")},
                  **INCLUSION_FILTERS}
# Up to this many communes the commune filter is a list of checkboxes (4 elements each); beyond, a
# text input that assets/search.js completes from lieux.json, so the page weighs the same at any size.
COMMUNE_CHECKBOXES = 50

# What people type -> words the directory uses, for the activities' usual acronyms and names.
FIELD_WORDS = {
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
    "garage social": ["garage solidaire"],
}

SYNONYMS = {alias: [statut.label.lower()] for statut in STATUTS.values() for alias in statut.aliases} | FIELD_WORDS


def search_places(groups: dict, levels: dict) -> dict[str, list[list]]:
    """The places a query can name (/recherche/lieux.json, read by assets/search.js): each
    commune with actors and, where the territory spans several, each département, as
    [words, name, département code, place in a sentence]. The words are the name as the search
    page compares it with a query (accent-free, lower case, hyphens as spaces); a commune's code
    is that of the département its wider search falls back to (null for a one-département
    territory); the place in a sentence is left out for a commune when it is "à " + its name."""
    several = bool(levels.get("departements"))
    communes = []
    for group in groups["communes"]:
        if group.cards:
            code = group.commune.departement if several and group.commune else None
            inside = articles.a(group.title)
            communes.append([place_words(group.title), group.title, code] + ([inside] if inside != f"à {group.title}" else []))
    departements = [[place_words(group.title), group.title, group.area.code, "dans " + articles.le(group.title, group.area.article)]
                    for group in levels.get("departements", ())]
    return {"communes": communes, "departements": departements}


def place_words(name: str) -> str:
    """'Hénin-Beaumont' -> 'henin beaumont', as assets/search.js writes a query's words."""
    return urls.slugify(name).replace("-", " ")
