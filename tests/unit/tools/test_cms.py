"""Decap CMS's configuration (/admin/config.yml) follows the content contract of schema.py."""

import re
from dataclasses import replace

import pytest
import yaml

from ess_site.config import Config
from ess_site.content import rules
from ess_site.content.schema import ACTOR_FIELDS, LETTRE_FIELDS, SECTEURS, STATUTS, TRANCHES_EFFECTIF
from ess_site.pipeline import check
from ess_site.tools.cms import RULES, decap_config, decap_config_yaml
from tests.conftest import FIXTURE_SITE, ROOT, TODAY


@pytest.fixture(scope="module")
def territory():
    return check(Config(content=FIXTURE_SITE, build_day=TODAY)).territory


@pytest.fixture(scope="module")
def config(territory):
    return decap_config(territory, TODAY)


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
    config = decap_config(replace(territory, url_site=None), TODAY)
    assert "site_url" not in config and "display_url" not in config


def test_actor_form_has_every_contract_field_once_in_order(config):
    acteurs = collection(config, "acteurs")
    assert (acteurs["folder"], acteurs["extension"], acteurs["format"]) == ("content/actors", "md", "frontmatter")
    assert (acteurs["create"], acteurs["slug"], acteurs["identifier_field"]) == (True, "{{slug}}", "nom")
    names = [f["name"] for f in acteurs["fields"]]
    assert names == [*ACTOR_FIELDS, "body"]
    for key, spec in ACTOR_FIELDS.items():
        field = fields(config, "acteurs")[key]
        assert field["required"] == spec.required
        assert field["hint"] == spec.hint or key in ("code_postal", "creation")  # these two name the territory's codes, the year
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
        assert form[key]["widget"] == ("siret" if key == "siret" else "string")  # the string widget, plus the SIRET's key
        assert form[key]["pattern"] == [RULES[key].form_pattern, RULES[key].hint]
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
    text = decap_config_yaml(territory, TODAY)
    assert yaml.safe_load(text) == config
    assert "Hénin-Beaumont" in text and "\\xE9" not in text  # letters written as they are, not escaped


def all_fields(config):
    return [f for c in config["collections"] for f in c["fields"]]


def test_hints_show_labels_never_codes_nor_files(config):
    """The editor picks « Société commerciale de l'ESS » in a list: a hint that says « societe-ess » or
    « territoire.yaml » speaks of things the form never shows."""
    codes = [key for key, statut in STATUTS.items() if key not in statut.label.lower()]
    codes += [key for key, label in SECTEURS.items() if key not in label.lower()] + [k for k in TRANCHES_EFFECTIF if k != "NN"]
    for field in all_fields(config):
        hint = field.get("hint", "")
        words = set(re.findall(r"[\w-]+", hint))
        assert not words & set(codes), (field["name"], hint)
        assert not re.search(r"\.ya?ml|\.md\b|\btrue\b|AAAA", hint), (field["name"], hint)
    assert {"societe-ess", "cooperative", "action-sociale", "01"} <= set(codes)


def test_cross_field_rules_are_said_in_the_hints(config):
    form = fields(config, "acteurs")
    assert form["code_postal"]["hint"] == ("5 chiffres, l'un des codes postaux de la commune choisie ci-dessus : "
                                           "Drocourt 62320 ; Hénin-Beaumont 62110 ; Rouvroy 62320")  # in French order
    assert "avec la longitude, ou aucune des deux" in form["lat"]["hint"]
    assert "deux fiches ne peuvent pas avoir le même numéro" in form["siret"]["hint"]
    assert "les deux doivent concorder" in form["effectif"]["hint"] and "les deux doivent concorder" in form["tranche_effectif"]["hint"]


def test_founding_year_stops_at_the_build_year(config, territory):
    form = fields(config, "acteurs")
    assert (form["creation"]["min"], form["creation"]["max"]) == (1800, 2026)
    assert form["creation"]["hint"] == "année de création, à 4 chiffres, de 1800 à 2026"
    later = fields(decap_config(territory, TODAY.replace(year=2031)), "acteurs")
    assert later["creation"]["max"] == 2031


def test_siret_key_is_checked_by_the_forms_own_widget(config):
    siret = fields(config, "acteurs")["siret"]
    assert siret["widget"] == "siret" and siret["key_hint"] == rules.SIRET_KEY_HINT
    assert siret["pattern"] == [rules.SIRET.form_pattern, rules.SIRET.hint]
    widgets = (ROOT / "assets" / "admin-widgets.js").read_text(encoding="utf-8")
    assert 'CMS.registerWidget("siret"' in widgets and "admin-widgets.js" in (ROOT / "templates" / "admin.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("collection_name", "key", "longest"), [
    ("acteurs", "nom", 300), ("acteurs", "sigle", 300), ("acteurs", "adresse", 300), ("acteurs", "source", 300),
    ("acteurs", "resume", 200), ("lettres", "titre", 300), ("lettres", "editeur", 300)])
def test_one_line_texts_have_the_builds_length(config, collection_name, key, longest):
    pattern, message = fields(config, collection_name)[key]["pattern"]
    accepts = lambda text: re.search(pattern, text) is not None  # noqa: E731  (the syntax Python and JavaScript share)
    assert accepts("é" * longest) and accepts(" " + "é" * longest + " ") and not accepts("é" * (longest + 1))
    assert not accepts("deux\nlignes") and message == f"Sur une ligne, {longest} caractères au plus"


def test_lettre_number_has_the_builds_upper_bound(config):
    assert fields(config, "lettres")["numero"]["max"] == 9999


def test_login_screen_shows_the_sites_mark(config):
    assert config["logo_url"] == "/assets/favicon.svg" and (ROOT / "assets" / "favicon.svg").is_file()
