"""What the search page offers: its filters and the synonyms that widen a citizen's query.

The filters are the directory's facets (compute/site.py) plus the type of page; the synonyms
are the statuts' own aliases (content/schema.py) and the words of the field below. Accents and
case are ignored by Pagefind; assets/search.js reads the synonyms from the search page.
"""

from ..compute.site import FACETS
from ..content.schema import STATUTS

# Filter key -> how the search page names it, in the order the page shows them.
SEARCH_FILTERS = {"type": "Type", **{FACETS[kind].filter: FACETS[kind].label for kind in ("communes", "statuts", "secteurs", "thematiques")}}

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
