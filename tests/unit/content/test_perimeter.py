"""A territory given by its official code (perimetre): its communes come from the geography."""

import re

from ess_site.config import Config
from ess_site.pipeline import check
from tests.conftest import TODAY, problems_of

HAND_LIST = re.compile(r"^communes:\n(?:  - .*\n)+|^perimetre: .*\n", re.MULTILINE)


def with_perimeter(content, perimeter: str, communes: str = "") -> None:
    """The fixture territory with its hand list replaced by a perimeter (and optional corrections)."""
    path = content / "territoire.yaml"
    text = HAND_LIST.sub("", path.read_text(encoding="utf-8"))
    path.write_text(text + f"perimetre: {perimeter}\n" + communes, encoding="utf-8")


def territory_of(content):
    """The territory alone: the fixture's actors and lettres name communes another perimeter lacks."""
    for folder in ("actors", "lettres"):
        for path in (content / folder).glob("*.md"):
            path.unlink()
    return check(Config(content=content, output=content.parent / "output", build_day=TODAY)).territory


def line_of(content, needle: str) -> int:
    lines = (content / "territoire.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_an_epci_by_its_siren_brings_its_communes_and_populations(content):
    with_perimeter(content, '{epci: "200042190"}')  # CA de la Porte du Hainaut
    territory = territory_of(content)
    assert len(territory.communes) == 47
    assert territory.population == 158419  # population municipale, Insee (Etalab 6.0.0)
    assert territory.perimetre.nom == "CA de la Porte du Hainaut"
    assert {c.departement for c in territory.communes} == {"59"} and {c.region for c in territory.communes} == {"32"}


def test_the_sample_agglomeration_by_its_siren_matches_its_communes_typed_by_hand(content):
    typed = territory_of(content).communes
    with_perimeter(content, '{epci: "246200299"}')
    official = {c.insee: c for c in territory_of(content).communes}
    assert len(official) == 14
    for commune in typed:
        assert (official[commune.insee].nom, official[commune.insee].population) == (commune.nom, commune.population)


def test_two_departements_and_their_communes_sharing_a_name_get_distinct_addresses(content):
    with_perimeter(content, '{departements: ["59", "62"]}')
    territory = territory_of(content)
    assert {c.departement for c in territory.communes} == {"59", "62"}
    assert len(territory.communes) > 1400
    keys = [c.key for c in territory.communes]
    assert len(keys) == len(set(keys))
    # Saint-Aubin is a commune of the Nord and one of the Pas-de-Calais.
    assert sorted(c.key for c in territory.communes if c.nom == "Saint-Aubin") == ["saint-aubin-59", "saint-aubin-62"]


def test_a_region_and_the_country(content):
    with_perimeter(content, '{region: "32"}')
    assert {c.departement for c in territory_of(content).communes} == {"02", "59", "60", "62", "80"}
    with_perimeter(content, "{pays: FR}")
    assert len(territory_of(content).communes) > 34000


def test_a_hand_list_completes_the_official_data(content):
    with_perimeter(content, '{epci: "246200299"}', 'communes:\n  - {insee: "62215", lat: 50.4895, lon: 2.9486, nom: "Carvin (ville)"}\n')
    carvin = territory_of(content).commune("62215")
    assert (carvin.nom, carvin.lat, carvin.population, carvin.codes_postaux) == ("Carvin (ville)", 50.4895, 17909, ("62220",))


def test_a_hand_listed_commune_outside_the_perimeter_is_refused(content):
    with_perimeter(content, '{epci: "246200299"}', 'communes:\n  - {insee: "59350", lat: 50.63, lon: 3.06}\n')
    line = line_of(content, '"59350"')
    assert problems_of(content) == [
        f"territoire.yaml:{line}: commune « 59350 » hors du périmètre du territoire : retirez-la, ou corrigez son code INSEE"]


def test_unknown_codes_are_refused_with_the_nearest_ones(content):
    with_perimeter(content, '{epci: "246200298"}')
    line = line_of(content, "perimetre:")
    problems = problems_of(content)
    assert len(problems) == 1 and problems[0].startswith(f"territoire.yaml:{line}: EPCI « 246200298 » inconnu dans la géographie officielle ; codes proches : ")
    assert "246200299 (CA d'Hénin-Carvin)" in problems[0]
    with_perimeter(content, '{departements: ["62", "Nord"]}')
    assert problems_of(content) == [f"territoire.yaml:{line}: département « Nord » inconnu dans la géographie officielle ; codes proches : 59 (Nord)"]
    with_perimeter(content, '{region: "99"}')
    assert problems_of(content)[0].startswith(f"territoire.yaml:{line}: région « 99 » inconnu")


def test_a_perimeter_says_one_thing(content):
    with_perimeter(content, '{region: "32", pays: FR}')
    line = line_of(content, "perimetre:")
    assert problems_of(content) == [f"territoire.yaml:{line}: perimetre : donnez une seule de ces clés : epci (numéro SIREN), "
                                    "departements (liste de codes), region (code) ou pays (FR) ; ici : region, pays"]


def test_neither_perimeter_nor_communes(content):
    path = content / "territoire.yaml"
    path.write_text(HAND_LIST.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert problems_of(content) == ["territoire.yaml:2: le territoire n'a pas de communes : donnez son « perimetre » "
                                    "(par exemple perimetre: {epci: \"246200299\"}) ou la liste de ses « communes »"]


def test_an_actor_names_a_commune_that_several_share_by_its_code(content, actor_problems):
    with_perimeter(content, '{departements: ["59", "62"]}')
    problems = actor_problems("nom: Essai\nstatut: association\nsecteur: autres\ncommune: Saint-Aubin")
    assert problems == ["actors/essai.md:5: commune « Saint-Aubin » : plusieurs communes du territoire portent ce nom ; "
                        "donnez son code INSEE : 59529 (Saint-Aubin, 59), 62742 (Saint-Aubin, 62)"]
