"""The map's points (compute/map_points.py) as pure functions of plain objects: zones by
département, compact points, the index a map draws its first view from, and the filters an
area's page gives its map."""

from pathlib import Path
from types import SimpleNamespace

from ess_site.compute.map_points import (
    LOAD_LIMIT,
    OTHER_ZONE,
    POINT_FIELDS,
    area_filter,
    commune_filter,
    map_index,
    map_zones,
    zone_data,
    zone_file,
    zone_summary,
)
from ess_site.content.model import Actor, Commune, Secteur, Statut
from ess_site.content.schema import SECTEURS, STATUTS

CARVIN = Commune("62215", "Carvin", ("62220",), 15000, lat=50.49, lon=2.96, departement="62", region="32")
DOUAI = Commune("59178", "Douai", ("59500",), 40000, lat=50.37, lon=3.08, departement="59", region="32")
NOWHERE = Commune("99999", "Sans-Lieu", ("99999",), 10)  # no centre, no département


def actor(nom, commune, statut="association", secteur="action-sociale", lat=None, lon=None, **welcome) -> Actor:
    return Actor(slug=nom.lower().replace(" ", "-"), path=Path(f"actors/{nom}.md"), nom=nom, statut=Statut(statut),
                 secteur=Secteur(secteur), commune=commune, lat=lat, lon=lon, **welcome)


def site(*actors, levels=None):
    return SimpleNamespace(actors=actors, levels=levels or {})


def test_one_zone_per_departement_in_code_order_and_unplaced_actors_left_out():
    found = map_zones(site(actor("Atelier", CARVIN, lat=50.491234567, lon=2.951), actor("Banque", DOUAI),
                           actor("Caisse", CARVIN), actor("Perdu", NOWHERE)))
    assert [(z.code, z.nom, len(z.points)) for z in found] == [("59", "Nord", 1), ("62", "Pas-de-Calais", 2)]
    pas_de_calais = found[1]
    exact, centre = pas_de_calais.points
    assert dict(zip(POINT_FIELDS, exact)) == {"lat": 50.49123, "lon": 2.951, "secteur": list(SECTEURS).index("action-sociale"),
                                              "statut": list(STATUTS).index("association"), "exacte": 1, "nom": "Atelier",
                                              "slug": "atelier", "commune": 0}
    assert centre[:2] == [50.49, 2.96] and centre[4] == 0  # at its commune's centre, said so
    assert zone_data(pas_de_calais) == {"code": "62", "communes": ["Carvin"], "points": pas_de_calais.points}


def test_a_commune_the_geography_does_not_know_goes_to_the_other_zone():
    elsewhere = Commune("99998", "Ailleurs", ("99998",), 10, lat=45.0, lon=4.0)
    (zone,) = map_zones(site(actor("Ici", elsewhere)))
    assert (zone.code, zone.nom, zone_file(zone.code)) == (OTHER_ZONE, "Autres communes", "/carte/points/autres.json")


def test_the_index_gives_bounds_centre_and_counts_by_sector_and_statut():
    actors = (actor("A", CARVIN, lat=50.4, lon=2.9), actor("B", CARVIN, lat=50.6, lon=3.0, statut="cooperative"),
              actor("C", CARVIN, secteur="enseignement"), actor("D", NOWHERE))
    index = map_index(site(*actors), map_zones(site(*actors)))
    (zone,) = index["zones"]
    social, school = list(SECTEURS).index("action-sociale"), list(SECTEURS).index("enseignement")
    association, cooperative = list(STATUTS).index("association"), list(STATUTS).index("cooperative")
    assert zone["limites"] == [50.4, 2.9, 50.6, 3.0]
    assert zone["centre"] == [50.49667, 2.95333]
    assert zone["comptes"] == {f"{social},{association}": 1, f"{social},{cooperative}": 1, f"{school},{association}": 1}
    assert (zone["nombre"], zone["fichier"], index["sans_position"]) == (3, "/carte/points/62.json", 1)
    assert index["charge_max"] == LOAD_LIMIT  # the map.js threshold comes from here
    assert zone_summary(map_zones(site(*actors))[0]) == zone


def test_an_areas_map_reads_its_zones_and_a_commune_keeps_its_own_points():
    assert area_filter(["59", "62"]) == {"zones": "59,62", "commune": ""}
    assert commune_filter(CARVIN) == {"zones": "62", "commune": "Carvin"}
    assert commune_filter(Commune("99998", "Ailleurs", ("99998",), 10, lat=45.0, lon=4.0)) == {"zones": OTHER_ZONE, "commune": "Ailleurs"}


def test_welcome_values_are_map_filters_only_where_an_actor_gives_one():
    """publics, frais, bénévoles…: an actor that gives some has their numbers as a ninth element,
    the index names them by group in vocabulary order and counts them per zone; the others'
    points, and a directory where nobody gives any, stay as before."""
    silent = (actor("A", CARVIN), actor("B", DOUAI, statut="cooperative"))
    before = map_index(site(*silent), map_zones(site(*silent)))
    assert "accueil" not in before and before["champs"] == list(POINT_FIELDS)
    assert all(len(p) == len(POINT_FIELDS) for zone in map_zones(site(*silent)) for p in zone.points)

    actors = silent + (actor("C", CARVIN, benevoles=True, publics=("jeunes", "familles"), frais="gratuit"), actor("D", CARVIN, frais="payant"))
    zones = map_zones(site(*actors))
    index = map_index(site(*actors), zones)
    assert index["champs"] == list(POINT_FIELDS) + ["accueil"]
    assert index["accueil"] == [{"cle": "public", "nom": "Public accueilli", "valeurs": ["Familles", "Jeunes"]},
                                {"cle": "frais", "nom": "Frais", "valeurs": ["Gratuit", "Payant"]},
                                {"cle": "benevoles", "nom": "Bénévolat", "valeurs": ["Recrute des bénévoles"]}]
    a, c, d = zones[1].points
    assert len(a) == len(POINT_FIELDS) and c[8] == [0, 1, 2, 4] and d[8] == [3]
    social, association = list(SECTEURS).index("action-sociale"), list(STATUTS).index("association")
    assert index["zones"][1]["comptes"] == {f"{social},{association}": 1, f"{social},{association},0.1.2.4": 1,
                                            f"{social},{association},3": 1}
    assert [len(p) for p in zones[0].points] == [len(POINT_FIELDS)]  # Douai's file: nobody there says anything
