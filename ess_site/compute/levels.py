"""Compute stage, the levels of the geography: a territory that spans several départements (or
régions) is browsed région -> département -> commune. PURE apart from the official names, which
are reference data (ess_site/geography).

A level exists only where the territory spans at least two of its areas: an intercommunality
has none, two départements have départements, the country has régions and départements.
"""

from dataclasses import dataclass

from .. import urls
from ..content.model import Commune, Territory
from ..geography import area_names

# kind (URL folder) -> the Commune attribute holding its code, from the top of the tree down.
LEVELS = {"regions": "region", "departements": "departement"}
LEVEL_TITLES = {"regions": "Régions", "departements": "Départements"}
LEVEL_NAMES = {"regions": "région", "departements": "département"}  # singular, for sentences


@dataclass(frozen=True)
class Area:
    """A région or a département of the territory: its official code and name, its population
    (every commune of the territory in it, with actors or not)."""

    kind: str
    code: str
    nom: str
    population: int
    article: str = "aucun"  # before the name in a sentence: "du Nord", "de la Somme" (ess_site/articles.py)
    parent: str | None = None  # the région's code, for a département when régions are a level

    @property
    def key(self) -> str:
        return urls.slugify(self.nom)

    @property
    def url(self) -> str:
        return urls.browse(self.kind, self.key)


def level_kinds(territory: Territory) -> tuple[str, ...]:
    """The levels this territory has, top first."""
    return tuple(kind for kind, attribute in LEVELS.items()
                 if len({getattr(c, attribute) for c in territory.communes if getattr(c, attribute)}) > 1)


def area_code(commune: Commune, kind: str) -> str | None:
    return getattr(commune, LEVELS[kind])


def territory_areas(territory: Territory) -> dict[str, tuple[Area, ...]]:
    """kind -> the territory's areas of that level, in code order."""
    geography = area_names()
    kinds = level_kinds(territory)
    areas: dict[str, tuple[Area, ...]] = {}
    for kind in kinds:
        population: dict[str, int] = {}
        for commune in territory.communes:
            if code := area_code(commune, kind):
                population[code] = population.get(code, 0) + commune.population
        areas[kind] = tuple(area(kind, code, population[code], geography, "regions" in kinds) for code in sorted(population))
    return areas


def area(kind: str, code: str, population: int, geography, under_regions: bool) -> Area:
    if kind == "regions":
        name, article = geography.regions[code]
        return Area(kind, code, name, population, article)
    name, region, article = geography.departements[code]
    return Area(kind, code, name, population, article, region if under_regions else None)
