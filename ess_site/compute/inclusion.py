"""The data·inclusion filters (search page and map): what an actor says of its welcome, in French.

One place for each filter's key, name and values: render/search_page.py offers them as search
filters, compute/map_points.py as map filters. Both show a filter only when at least one actor
gives one of its values.
"""

from ..content.model import Actor
from ..content.schema import FRAIS, MODES_ACCUEIL, PUBLICS, THEMATIQUES_INCLUSION

# Filter key -> how the pages name it, in the order they show them.
INCLUSION_FILTERS = {"public": "Public accueilli", "mode_accueil": "Mode d'accueil", "frais": "Frais",
                     "thematique_inclusion": "Thématique d'inclusion", "benevoles": "Bénévolat"}
VOLUNTEERS = "Recrute des bénévoles"  # the value of the benevoles filter, as the actor page writes it
# Each filter's values in the vocabulary's order, the order the filters list them.
VALUES = {"public": PUBLICS.values(), "mode_accueil": MODES_ACCUEIL.values(), "frais": FRAIS.values(),
          "thematique_inclusion": THEMATIQUES_INCLUSION.values(), "benevoles": [VOLUNTEERS]}  # views: read once asked


def actor_values(actor: Actor) -> dict[str, list[str]]:
    """The values an actor gives, filter by filter (empty lists where it says nothing)."""
    return {"public": actor.publics_labels, "mode_accueil": actor.modes_accueil_labels,
            "frais": [actor.frais_label] if actor.frais else [], "thematique_inclusion": actor.thematiques_inclusion_labels,
            "benevoles": [VOLUNTEERS] if actor.benevoles else []}


def inclusion_facets(actors) -> dict[str, list[str]]:
    """The values of the data·inclusion filters that these actors give, in vocabulary order."""
    found: dict[str, set[str]] = {key: set() for key in INCLUSION_FILTERS}
    for actor in actors:
        for key, values in actor_values(actor).items():
            found[key].update(values)
    return {key: [value for value in VALUES[key] if value in found[key]] if found[key] else [] for key in INCLUSION_FILTERS}
