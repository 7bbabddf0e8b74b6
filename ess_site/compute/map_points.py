"""Compute stage, the map's points: the placed actors cut into one file per département (a zone),
and an index of the zones (name, bounds, centre, how many actors of each sector and statut), so
that the map's first view of a large territory loads only the index and the zones it shows in
detail (assets/map.js). PURE apart from the official names of the départements.

A point is a short array, not an object: at 220 000 actors the keys would weigh more than the
names. Positions are rounded to 5 decimals (about 1 m): the map cannot show better.

What an actor says of its welcome (data·inclusion's publics, modes d'accueil, frais, thématiques,
and bénévoles: compute/inclusion.py) are filters of the map too. Only an actor that gives such a
value has it in its point (a ninth element), and the index lists these values only when one
actor gives one: a directory where none does has the same files as without these filters.
"""

from collections import defaultdict
from dataclasses import dataclass

from .. import urls
from ..content.model import Actor
from ..content.schema import SECTEURS, STATUTS
from ..geography import area_names
from .inclusion import INCLUSION_FILTERS, actor_values, inclusion_facets
from .site import Site

DECIMALS = 5
# Beyond this many points in view (filters applied), the map draws each département as a bubble
# (clustered with its neighbours) and loads its points only once zoomed in (assets/map.js).
LOAD_LIMIT = 12000
OTHER_ZONE = "autres"  # actors of a commune the official geography does not know
# One point: [lat, lon, sector index, statut index, exact position (1) or commune centre (0),
# name, slug, commune index in its zone file's "communes"], then, only if the actor gives any, the
# positions of its welcome values in the index's "accueil" values (numbered across its groups).
POINT_FIELDS = ("lat", "lon", "secteur", "statut", "exacte", "nom", "slug", "commune")
WELCOME_FIELD = "accueil"


@dataclass(frozen=True)
class Zone:
    code: str
    nom: str
    url: str  # its list of actors (its page, or the whole list)
    points: list[list]
    communes: list[str]


def zone_file(code: str) -> str:
    """The zone's file, as the site serves it."""
    return f"{urls.MAP}points/{code}.json"


def zone_code(actor: Actor) -> str:
    return actor.commune.departement or OTHER_ZONE


def area_filter(departements: list[str], commune: str | None = None) -> dict[str, str]:
    """What an area's page gives its map (templates/partials/points_map.html): the zones to read,
    and for a commune, the name its points carry in those zones' files."""
    return {"zones": ",".join(departements), "commune": commune or ""}


def commune_filter(commune) -> dict[str, str]:
    return area_filter([commune.departement or OTHER_ZONE], commune.nom)


def welcome_groups(site: Site) -> list[tuple[str, list[str]]]:
    """The welcome filters some actor answers to, each with the values actors give, in order."""
    return [(key, values) for key, values in inclusion_facets(site.actors).items() if values]


def welcome_numbers(groups: list[tuple[str, list[str]]]) -> dict[tuple[str, str], int]:
    """(filter, value) -> its number in a point: the values counted across the groups, in order."""
    pairs = [(key, value) for key, values in groups for value in values]
    return {pair: number for number, pair in enumerate(pairs)}


def point(actor: Actor, communes: dict[str, int], welcome: dict[tuple[str, str], int]) -> list:
    lat, lon, exact = actor.position
    commune = communes.setdefault(actor.commune.nom, len(communes))
    given = sorted(welcome[key, value] for key, values in actor_values(actor).items() for value in values) if welcome else []
    return [round(lat, DECIMALS), round(lon, DECIMALS), list(SECTEURS).index(actor.secteur.key),
            list(STATUTS).index(actor.statut.key), int(exact), actor.nom, actor.slug, commune] + ([given] if given else [])


def map_zones(site: Site) -> list[Zone]:
    """The placed actors, one zone per département, in code order; each zone's points in the
    actors' order."""
    placed: dict[str, list[Actor]] = defaultdict(list)
    for actor in site.actors:
        if actor.position:
            placed[zone_code(actor)].append(actor)
    names = area_names().departements
    pages = {group.area.code: group.url for group in site.levels.get("departements", ()) if group.area}
    welcome = welcome_numbers(welcome_groups(site))
    zones = []
    for code in sorted(placed):
        communes: dict[str, int] = {}
        points = [point(actor, communes, welcome) for actor in placed[code]]
        name = names[code][0] if code in names else "Autres communes"
        zones.append(Zone(code, name, pages.get(code, urls.ACTORS), points, list(communes)))
    return zones


def zone_summary(zone: Zone) -> dict:
    """What the index says of a zone: enough to draw it as one bubble and count what a filter keeps."""
    lats = [p[0] for p in zone.points]
    lons = [p[1] for p in zone.points]
    counts: dict[str, int] = defaultdict(int)
    for p in zone.points:
        counts[count_key(p)] += 1
    return {"code": zone.code, "nom": zone.nom, "url": zone.url, "fichier": zone_file(zone.code), "nombre": len(zone.points),
            "limites": [min(lats), min(lons), max(lats), max(lons)],
            "centre": [round(sum(lats) / len(lats), DECIMALS), round(sum(lons) / len(lons), DECIMALS)],
            "comptes": dict(sorted(counts.items()))}


def count_key(p: list) -> str:
    """What a zone counts a point under: "sector,statut", and ",3.7" for welcome values 3 and 7,
    so that the map can count what any choice of filters keeps in a zone it has not loaded."""
    welcome = "," + ".".join(map(str, p[8])) if len(p) > len(POINT_FIELDS) else ""
    return f"{p[2]},{p[3]}{welcome}"


def map_index(site: Site, zones: list[Zone]) -> dict:
    groups = welcome_groups(site)
    welcome = {WELCOME_FIELD: [{"cle": key, "nom": INCLUSION_FILTERS[key], "valeurs": values} for key, values in groups]}
    return {"champs": list(POINT_FIELDS) + ([WELCOME_FIELD] if groups else []), "acteurs": urls.ACTORS, "charge_max": LOAD_LIMIT,
            "secteurs": [{"cle": key, "nom": label} for key, label in SECTEURS.items()],
            "statuts": [{"cle": key, "nom": statut.label} for key, statut in STATUTS.items()],
            **(welcome if groups else {}),
            "zones": [zone_summary(zone) for zone in zones],
            "sans_position": sum(1 for actor in site.actors if not actor.position)}


def zone_data(zone: Zone) -> dict:
    return {"code": zone.code, "communes": zone.communes, "points": zone.points}
