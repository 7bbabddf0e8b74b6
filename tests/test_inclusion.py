"""Listings a person can act on (issue 25, points 1 and 2): opening hours, data·inclusion's
vocabularies, the Acceslibre link, volunteers and the date a listing was checked, each refused
at its line when wrong, shown on the page, in the form, in `new` and in the open data; and the
directory exported in data·inclusion's schema, validated by the package's own models."""

import json
import shutil
from pathlib import Path

import pydantic
import pytest
from data_inclusion.schema import v1

from ess_site.config import Config
from ess_site.content.frontmatter import split_front_matter
from ess_site.pipeline import build, check
from ess_site.report import unchecked_notices
from ess_site.tools.cms import decap_config
from ess_site.tools.scaffold import actor_text
from tests.conftest import FIXTURE_SITE, TODAY, run_cli

BASE = "nom: Essai\nstatut: association\nsecteur: sante\ncommune: Rouvroy\n"


@pytest.mark.parametrize("field, expected", [
    ("horaires: Lu-Ve 9h-12h",
     "actors/essai.md:6: horaires : « Lu-Ve 9h-12h » n'est pas au format opening_hours d'OpenStreetMap (erreur au caractère 1) ; "
     "voulez-vous dire « Mo-Fr 09:00-12:00 » ? par exemple « Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00 »"),
    ("horaires: Mo-Fr 9-12", "actors/essai.md:6: horaires : « Mo-Fr 9-12 » n'est pas au format opening_hours d'OpenStreetMap "
                             "(erreur au caractère 7) ; voulez-vous dire « Mo-Fr 09:00-12:00 » ?"),
    ("publics:\n  - femmes\n  - jeune",
     "actors/essai.md:8: publics : « jeune » n'est pas un code de data·inclusion ; voulez-vous dire « jeunes » (Jeunes) ?"),
    ("publics: [tous-publics, femmes]",
     "actors/essai.md:6: publics : « tous-publics » ne va pas avec d'autres publics ; gardez-le seul, ou retirez-le"),
    ("modes_accueil: [sur-place]", "actors/essai.md:6: modes_accueil : « sur-place » n'est pas un code de data·inclusion ;"),
    ("frais: gratuite", "actors/essai.md:6: frais « gratuite » inconnu ; voulez-vous dire « gratuit » ? valeurs possibles : gratuit, payant"),
    ("thematiques_inclusion:\n  - famille--garde-d-enfants",
     "actors/essai.md:7: thematiques_inclusion : « famille--garde-d-enfants » n'est pas un code de data·inclusion ; "
     "voulez-vous dire « famille--garde-denfants » (Garde d’enfants) ?"),
    ("accessibilite_lieu: https://acceslibre.gouv.fr/mairie",
     "actors/essai.md:6: accessibilite_lieu : « https://acceslibre.gouv.fr/mairie » n'est pas l'adresse d'une fiche Acceslibre"),
    ("benevoles: oui", "actors/essai.md:6: benevoles : « oui » ; écrivez true ou false"),
    ("verifie_le: 2026-11-23",
     "actors/essai.md:6: verifie_le : le 23 novembre 2026 est après le jour de la construction (22 novembre 2026) ; "
     "donnez le jour où la fiche a été vérifiée"),
])
def test_each_new_field_is_refused_at_its_line_when_wrong(actor_problems, field, expected):
    problems = actor_problems(BASE + field)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_every_new_field_is_accepted_when_right(actor_problems):
    assert actor_problems(BASE + """horaires: "Mo-Fr 09:00-12:00; PH off"
publics: [tous-publics]
modes_accueil: [en-presentiel, a-distance]
frais: payant
thematiques_inclusion: [numerique--maitriser-les-fondamentaux-du-numerique]
accessibilite_lieu: https://acceslibre.beta.gouv.fr/app/17-la-greve-sur-mignon/a/mairie/erp/mairie-la-greve-sur-mignon/
benevoles: true
verifie_le: 2026-11-22""") == []


def test_the_vocabularies_are_the_package_s_own():
    from ess_site.content import schema
    assert schema.PUBLICS == {p.value: p.label for p in v1.Public}
    assert schema.THEMATIQUES_INCLUSION == {t.value: t.label for t in v1.Thematique}
    assert schema.FRAIS == {"gratuit": "Gratuit", "payant": "Payant"}


def test_check_lists_listings_unchecked_for_a_year_as_warnings_only(content):
    site = check(Config(content=content, build_day=TODAY))
    assert unchecked_notices(site) == (
        f"{content}/actors/1001-services.md : avertissement : fiche vérifiée le 1er juin 2025, il y a plus d'un an ; "
        "vérifiez-la auprès de la structure, puis mettez à jour verifie_le",)
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 0
    assert "1001-services.md : avertissement : fiche vérifiée le 1er juin 2025, il y a plus d'un an" in result.stdout


def test_the_actor_page_shows_every_new_field_and_its_search_filters(built_site):
    page = (built_site / "acteurs" / "jardin-complet" / "index.html").read_text(encoding="utf-8")
    for shown in ("Fiche vérifiée le 1er octobre 2026.", "<caption>Horaires d'ouverture</caption>", "Demandeurs d’emploi",
                  "En présentiel", "Gratuit", "Découvrir un métier ou un secteur d’activité", "Accueille des bénévoles",
                  'href="https://acceslibre.beta.gouv.fr/app/62-henin-beaumont/a/jardin/erp/le-jardin-complet/"',
                  'data-open="540-720 840-1050"', "horaires.js"):
        assert shown in page, shown
    for name, value in (("public", "Jeunes"), ("mode_accueil", "En présentiel"), ("frais", "Gratuit"),
                        ("thematique_inclusion", "Alimentation"), ("benevoles", "Recrute des bénévoles")):
        assert f'<span data-pagefind-filter="{name}">{value}</span>' in page, name
    assert "n'a pas été vérifiée depuis plus d'un an" not in page
    stale = (built_site / "acteurs" / "1001-services" / "index.html").read_text(encoding="utf-8")
    assert "Cette fiche n'a pas été vérifiée depuis plus d'un an." in stale


def test_the_search_page_offers_the_inclusion_filters_that_actors_give(built_site):
    import html
    import re

    page = (built_site / "recherche" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))
    for title, value in (("Public accueilli", "Jeunes"), ("Mode d'accueil", "En présentiel"), ("Frais", "Gratuit"),
                         ("Frais", "Payant"), ("Bénévolat", "Recrute des bénévoles")):
        assert title in text and value in text, (title, value)


def test_the_form_and_new_offer_every_new_field(built_site):
    site = check(Config(content=FIXTURE_SITE, build_day=TODAY))
    fields = {f["name"]: f for f in decap_config(site.territory, TODAY)["collections"][0]["fields"]}
    assert {"label": "Demandeurs d’emploi", "value": "demandeurs-emploi"} in fields["publics"]["options"]
    assert fields["publics"]["multiple"] and fields["thematiques_inclusion"]["multiple"]
    assert len(fields["thematiques_inclusion"]["options"]) == len(v1.Thematique)
    assert [o["value"] for o in fields["frais"]["options"]] == ["gratuit", "payant"]
    assert fields["benevoles"]["widget"] == "boolean" and fields["verifie_le"]["widget"] == "datetime"
    assert "acceslibre" in fields["accessibilite_lieu"]["pattern"][0]
    assert fields["horaires"]["label"] == "Horaires d'ouverture"
    keys = split_front_matter(actor_text("Essai"), Path("essai.md"), [])[0]
    for line in ("horaires:", "publics: []", "modes_accueil: []", "frais:", "thematiques_inclusion: []", "accessibilite_lieu:",
                 "benevoles: false", "verifie_le:"):
        assert f"\n{line}  # facultatif" in "\n" + keys, line


def test_the_open_data_carry_the_new_fields(built_site):
    actors = {a["identifiant"]: a for a in json.loads((built_site / "donnees" / "acteurs.json").read_text())["acteurs"]}
    jardin = actors["jardin-complet"]
    assert (jardin["horaires"], jardin["publics"], jardin["modes_accueil"], jardin["frais"], jardin["benevoles"], jardin["verifie_le"]) == (
        "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off", ["demandeurs-emploi", "jeunes"], ["en-presentiel"], "gratuit", True,
        "2026-10-01")
    assert jardin["thematiques_inclusion"][0] == "equipement-et-alimentation--alimentation"
    assert jardin["accessibilite_lieu"].startswith("https://acceslibre.beta.gouv.fr/app/")
    header = (built_site / "donnees" / "acteurs.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"horaires", "publics", "modes_accueil", "frais", "thematiques_inclusion", "accessibilite_lieu", "benevoles",
            "verifie_le"} <= set(header)


def inclusion_records(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / "donnees" / name).read_text(encoding="utf-8"))


def test_the_data_inclusion_export_validates_with_the_package_s_models(built_site):
    structures = inclusion_records(built_site, "structures.json")
    services = inclusion_records(built_site, "services.json")
    # Only the listings that give a date of update: the schema requires one.
    assert [s["id"] for s in structures] == ["annuaire-ess-cce--1001-services", "annuaire-ess-cce--jardin-complet"]
    assert [s["structure_id"] for s in services] == [s["id"] for s in structures]
    for record in structures:
        v1.Structure.model_validate(record)
    for record in services:
        v1.Service.model_validate(record)
    jardin = v1.Service.model_validate(services[1])
    assert jardin.frais == v1.Frais.GRATUIT and v1.Public.JEUNES in jardin.publics
    assert v1.Structure.model_validate(structures[1]).horaires_accueil == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off"


@pytest.mark.parametrize("model, name, index, doctor", [
    (v1.Service, "services.json", 1, {"frais": "gratuite"}),
    (v1.Service, "services.json", 1, {"publics": ["tous-publics", "jeunes"]}),
    (v1.Structure, "structures.json", 1, {"date_maj": "2999-01-01"}),
    (v1.Structure, "structures.json", 1, {"accessibilite_lieu": "acceslibre"}),
    (v1.Structure, "structures.json", 0, {"nom": "AB"}),
])
def test_a_doctored_record_fails_the_package_s_validation(built_site, model, name, index, doctor):
    record = inclusion_records(built_site, name)[index]
    model.model_validate(record)
    with pytest.raises(pydantic.ValidationError):
        model.model_validate(record | doctor)


def test_the_data_package_and_the_page_list_the_data_inclusion_files(built_site):
    package = json.loads((built_site / "donnees" / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: r for r in package["resources"]}
    assert listed["structures.json"]["mediatype"] == "application/json"
    assert "services.json" in listed
    page = (built_site / "donnees" / "index.html").read_text(encoding="utf-8")
    assert 'href="/donnees/structures.json"' in page and 'href="/donnees/services.json"' in page
    assert "Pour data·inclusion" in page and "data-inclusion-schema</code> 1.0.10" in page


def test_an_incremental_build_keeps_the_data_inclusion_files_byte_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    settings = dict(content=content, build_day=TODAY, pdf=False, search=False)
    build(Config(output=tmp_path / "out", cache=tmp_path / "cache", **settings))
    path = content / "actors" / "jardin-complet.md"
    path.write_text(path.read_text(encoding="utf-8").replace("frais: gratuit", "frais: payant"), encoding="utf-8")
    report = build(Config(output=tmp_path / "out", cache=tmp_path / "cache", **settings))
    build(Config(output=tmp_path / "clean", cache=tmp_path / "cache-clean", **settings))
    assert not report.full
    for name in ("structures.json", "services.json", "datapackage.json"):
        assert (tmp_path / "out" / "donnees" / name).read_bytes() == (tmp_path / "clean" / "donnees" / name).read_bytes(), name
    assert inclusion_records(tmp_path / "out", "services.json")[1]["frais"] == "payant"
