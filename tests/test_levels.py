"""A territory that spans several départements or régions: a page per level, par_departement and
par_region in chiffres.json, and communes without actors counted but not given a page."""

import json
import re
import shutil

import pytest

from bench.weights import elements
from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import FIXTURE_SITE, TODAY
from tests.test_build import page, text_of

HAND_LIST = re.compile(r"^communes:\n(?:  - .*\n)+", re.MULTILINE)
# slug -> (commune as the file names it, effectif)
ACTORS = {"atelier-lille": ("Lille", 4), "coop-saint-aubin": ('"59529"', 2), "regie-rouvroy": ("Rouvroy", 7),
          "epicerie-paris": ("Paris", 3)}


def site_over(tmp_path, perimeter: str, actors: dict[str, tuple[str, int]]):
    """The fixture territory given by `perimeter`, with only these actors; built without search or PDFs."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for path in [*(content / "actors").glob("*.md"), *(content / "lettres").glob("*.md")]:
        path.unlink()
    territory = content / "territoire.yaml"
    territory.write_text(HAND_LIST.sub("", territory.read_text(encoding="utf-8")) + f"perimetre: {perimeter}\n", encoding="utf-8")
    for slug, (commune, effectif) in actors.items():
        (content / "actors" / f"{slug}.md").write_text(
            f"---\nnom: {slug.replace('-', ' ').title()}\nstatut: association\nsecteur: autres\ncommune: {commune}\n"
            f"effectif: {effectif}\n---\nUne structure de l'économie sociale et solidaire.\n", encoding="utf-8")
    output = tmp_path / "output"
    build(Config(content=content, output=output, build_day=TODAY, cache=tmp_path / "cache", search=False, pdf=False))
    return output, json.loads((output / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def two_departements(tmp_path_factory):
    actors = {slug: value for slug, value in ACTORS.items() if slug != "epicerie-paris"}
    return site_over(tmp_path_factory.mktemp("levels"), '{departements: ["59", "62"]}', actors)


def test_each_departement_has_its_page_with_actors_communes_and_figures(two_departements):
    output, _ = two_departements
    nord = text_of(page(output, "/departements/nord/"))
    assert "Nord" in nord and "2 acteurs" in nord and "Les chiffres clés du Nord" in nord
    assert "Atelier Lille" in nord and "Coop Saint Aubin" in nord and "Regie Rouvroy" not in nord
    assert 'href="/communes/lille/"' in page(output, "/departements/nord/")
    assert "Les chiffres clés du Pas-de-Calais" in text_of(page(output, "/departements/pas-de-calais/"))
    index = page(output, "/departements/")
    assert 'href="/departements/nord/"' in index and 'href="/departements/pas-de-calais/"' in index


def test_figures_per_departement_rest_on_the_official_population(two_departements):
    _, figures = two_departements
    assert set(figures["par_departement"]) == {"59", "62"}
    nord, pas_de_calais = figures["par_departement"]["59"], figures["par_departement"]["62"]
    assert (nord["nom"], nord["acteurs"], nord["emplois"]) == ("Nord", 2, 6)
    assert (pas_de_calais["acteurs"], pas_de_calais["emplois"]) == (1, 7)
    # Every commune counts in its département's population, actors or not (Insee, population municipale).
    assert nord["population"] + pas_de_calais["population"] == figures["population"] == 4073540
    assert "par_region" not in figures  # one région: no région level


def test_communes_without_actors_are_counted_but_get_no_page(two_departements):
    output, figures = two_departements
    assert sorted(figures["par_commune"]) == ["59350", "59529", "62724"]
    assert not (output / "communes" / "roubaix").exists()
    assert (output / "communes" / "saint-aubin-59" / "index.html").exists()  # a name shared with the Pas-de-Calais
    communes = text_of(page(output, "/communes/"))
    assert communes.index("Nord") < communes.index("Lille") < communes.index("Pas-de-Calais") < communes.index("Rouvroy")


def test_a_citizen_goes_down_from_the_home_page(two_departements):
    output, _ = two_departements
    home = page(output, "/")
    assert "Par département" in text_of(home) and 'href="/departements/nord/"' in home


def test_two_regions_make_region_pages_above_the_departements(tmp_path):
    output, figures = site_over(tmp_path, '{departements: ["62", "75"]}', {"regie-rouvroy": ("Rouvroy", 7), "epicerie-paris": ("Paris", 3)})
    assert set(figures["par_region"]) == {"11", "32"} and set(figures["par_departement"]) == {"62", "75"}
    assert figures["par_region"]["11"]["emplois"] == 3
    hauts = text_of(page(output, "/regions/hauts-de-france/"))
    assert "Les chiffres clés des Hauts-de-France" in hauts and "Pas-de-Calais" in hauts
    assert "Hauts-de-France" in text_of(page(output, "/departements/pas-de-calais/"))  # the way back up


def test_an_agglomeration_given_only_by_its_siren_builds(tmp_path):
    # CA de la Porte du Hainaut: 47 communes (Etalab's découpage administratif 6.0.0).
    _, figures = site_over(tmp_path, '{epci: "200042190"}', {"atelier-denain": ("Denain", 5)})
    assert figures["population"] == 158419 and figures["par_commune"]["59172"]["nom"] == "Denain"
    assert len(figures["par_commune"]) == 47  # one département: every commune keeps its page and its figures
    assert "découpage administratif publié par Etalab (version 6.0.0" in figures["sources"]["population"]  # not territoire.yaml


def test_key_figures_tabulate_the_departements_with_links_to_their_pages(two_departements):
    output, _ = two_departements
    html = page(output, "/chiffres-cles/")
    table = html.split('id="departements"')[1].split("</section>")[0]
    assert '<a href="/departements/nord/">Nord</a>' in table and '<a href="/departements/pas-de-calais/">Pas-de-Calais</a>' in table
    assert "Tableau des chiffres par département" in table
    communes = text_of(html.split('id="communes"')[1].split("</section>")[0])
    assert "Lille" in communes and "Rouvroy" in communes  # three communes: their table stays whole
    assert not (output / "chiffres-cles" / "communes").exists()


def test_key_figures_of_a_departement_of_887_communes_stay_light(tmp_path):
    output, figures = site_over(tmp_path, '{departements: ["62"]}', {"regie-rouvroy": ("Rouvroy", 7)})
    assert len(figures["par_commune"]) == 887  # chiffres.json keeps every commune
    path = output / "chiffres-cles" / "index.html"
    html = path.read_text(encoding="utf-8")
    assert path.stat().st_size <= 150 * 1024 and elements(html) <= 1500
    communes = html.split('id="communes"')[1].split("</section>")[0]
    assert '<a href="/communes/rouvroy/">Rouvroy</a>' in communes  # the commune with actors comes first
    assert "Les 10 communes qui comptent le plus d'acteurs, sur 887" in text_of(communes)
    assert '<a href="/chiffres-cles/communes/">Les chiffres des 887 communes</a>' in communes
    # Every commune's row, in pages of the same weight, linked from one to the next.
    rows, number = [], 1
    while (output / "chiffres-cles" / "communes" / ("" if number == 1 else f"page/{number}/") / "index.html").exists():
        table = page(output, "/chiffres-cles/communes/" + ("" if number == 1 else f"page/{number}/"))
        assert len(table.encode()) <= 150 * 1024 and elements(table) <= 1500
        rows += re.findall(r'<th scope="row"><a href="(/communes/[^"]+/)">', table)
        number += 1
    assert len(rows) == len(set(rows)) == 887 and number - 1 == 12
    assert 'href="/chiffres-cles/communes/page/2/"' in page(output, "/chiffres-cles/communes/")
    assert "Les chiffres par commune, page 2 sur 12" in page(output, "/chiffres-cles/communes/page/2/")
