"""Decap CMS's configuration (/admin/config.yml) follows the content contract of schema.py."""

from dataclasses import replace

import pytest
import yaml

from ess_site.config import Config
from ess_site.content.schema import ACTOR_FIELDS, LETTRE_FIELDS, SECTEURS
from ess_site.pipeline import check
from ess_site.tools.cms import RULES, decap_config, decap_config_yaml
from tests.conftest import FIXTURE_SITE, TODAY


@pytest.fixture(scope="module")
def territory():
    return check(Config(content=FIXTURE_SITE, today=TODAY)).territory


@pytest.fixture(scope="module")
def config(territory):
    return decap_config(territory)


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def fields(config, name):
    return {f["name"]: f for f in collection(config, name)["fields"]}


def option_values(field):
    return [o["value"] if isinstance(o, dict) else o for o in field["options"]]


def test_every_save_becomes_a_pull_request_through_git_gateway(config):
    assert config["backend"] == {"name": "git-gateway", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "fr"
    assert (config["media_folder"], config["public_folder"]) == ("assets/uploads", "/assets/uploads")
    assert config["site_url"] == config["display_url"] == "https://ess.essai.example.fr"


def test_site_url_is_left_out_when_the_territory_has_none(territory):
    config = decap_config(replace(territory, url_site=None))
    assert "site_url" not in config and "display_url" not in config


def test_actor_form_has_every_contract_field_once_in_order(config):
    acteurs = collection(config, "acteurs")
    assert (acteurs["folder"], acteurs["extension"], acteurs["format"]) == ("content/actors", "md", "frontmatter")
    assert (acteurs["create"], acteurs["slug"], acteurs["identifier_field"]) == (True, "{{slug}}", "nom")
    names = [f["name"] for f in acteurs["fields"]]
    assert names == [*ACTOR_FIELDS, "body"]
    for key, spec in ACTOR_FIELDS.items():
        field = fields(config, "acteurs")[key]
        assert (field["required"], field["hint"]) == (spec.required, spec.doc)
    assert fields(config, "acteurs")["body"]["widget"] == "markdown"


def test_every_form_field_is_labelled_in_french(config):
    """The editor reads « Code postal », not the file's key code_postal."""
    for name, contract in (("acteurs", ACTOR_FIELDS), ("lettres", LETTRE_FIELDS)):
        labels = {key: field["label"] for key, field in fields(config, name).items()}
        assert [key for key, label in labels.items() if not label or label == key or not label[0].isupper()] == []
        assert {key: labels[key] for key in contract} == {key: spec.label for key, spec in contract.items()}
    assert [fields(config, "acteurs")[key]["label"] for key in ("code_postal", "resume", "lat", "email", "etp")] == [
        "Code postal", "Résumé", "Latitude", "Courriel", "Équivalents temps plein (ETP)"]
    assert [fields(config, "lettres")[key]["label"] for key in ("numero", "resume", "date")] == [
        "Numéro", "Résumé", "Date de parution"]


def test_actor_choices_are_the_contract_values(config, territory):
    form = fields(config, "acteurs")
    assert option_values(form["statut"]) == ["association", "cooperative", "mutuelle", "fondation", "societe-ess"]
    assert [o["label"] for o in form["statut"]["options"]] == ["Association", "Coopérative", "Mutuelle", "Fondation",
                                                               "Société commerciale de l'ESS"]
    assert option_values(form["secteur"]) == list(SECTEURS) and len(SECTEURS) == 12
    assert form["secteur"]["options"][0] == {"label": "Action sociale", "value": "action-sociale"}
    assert option_values(form["tranche_effectif"])[:3] == ["NN", "00", "01"] and len(form["tranche_effectif"]["options"]) == 16
    assert form["tranche_effectif"]["options"][2] == {"label": "01 : 1 ou 2 salariés", "value": "01"}
    assert option_values(form["commune"]) == ["Drocourt", "Hénin-Beaumont", "Rouvroy"]  # French order
    assert form["thematiques"]["multiple"] is True
    assert option_values(form["thematiques"]) == [t.label for t in territory.thematiques] and len(territory.thematiques) >= 3
    assert all(form[key]["widget"] == "select" for key in ("statut", "secteur", "commune", "tranche_effectif", "thematiques"))


def test_actor_numbers_lists_and_flags(config):
    form = fields(config, "acteurs")
    assert {key: form[key]["value_type"] for key in ("effectif", "creation", "etp", "lat", "lon", "masse_salariale")} == {
        "effectif": "int", "creation": "int", "etp": "float", "lat": "float", "lon": "float", "masse_salariale": "float"}
    assert all(form[key]["widget"] == "number" and form[key]["required"] is False
               for key in ("effectif", "creation", "etp", "lat", "lon", "masse_salariale"))  # empty is written "" = absent
    assert form["labels"]["widget"] == "list"
    assert (form["brouillon"]["widget"], form["brouillon"]["default"]) == ("boolean", False)


def test_patterns_are_the_builds_rules(config):
    form = fields(config, "acteurs")
    for key in ("code_postal", "siret", "email", "site_web", "telephone"):
        assert form[key]["widget"] == "string" and form[key]["pattern"] == [RULES[key].form_pattern, RULES[key].hint]
    assert form["telephone"]["pattern"][1] == ("10 chiffres commençant par 0, ou +33 suivi de 9 chiffres "
                                               "(espaces, points ou tirets tolérés)")


def test_lettre_form(config):
    lettres = collection(config, "lettres")
    assert (lettres["folder"], lettres["slug"], lettres["create"]) == ("content/lettres", "lettre-{{numero}}", True)
    assert [f["name"] for f in lettres["fields"]] == [*LETTRE_FIELDS, "body"]
    form = fields(config, "lettres")
    assert all(form[key]["required"] == spec.required for key, spec in LETTRE_FIELDS.items())
    assert (form["numero"]["widget"], form["numero"]["value_type"], form["numero"]["min"]) == ("number", "int", 1)
    assert (form["date"]["widget"], form["date"]["format"], form["date"]["time_format"]) == ("datetime", "YYYY-MM-DD", False)
    assert (form["resume"]["widget"], form["editeur"]["widget"], form["body"]["widget"]) == ("text", "string", "markdown")


def test_yaml_round_trips_and_keeps_french_letters(territory, config):
    text = decap_config_yaml(territory)
    assert yaml.safe_load(text) == config
    assert "Hénin-Beaumont" in text and "\\xE9" not in text  # letters written as they are, not escaped
