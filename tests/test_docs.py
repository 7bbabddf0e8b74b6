"""CONTRIBUTING.md's field reference is the schema's: regenerate it and nothing may change."""

import re
from datetime import date

import yaml

from ess_site.content.schema import (
    ACCESSIBILITE_FIELDS,
    ACTOR_FIELDS,
    COMMUNE_FIELDS,
    EDITEUR_FIELDS,
    HEBERGEUR_FIELDS,
    LETTRE_FIELDS,
    REFERENCES_FIELDS,
    SECTEURS,
    STATUTS,
    TERRITORY_FIELDS,
)
from ess_site.tools.docs import GUIDE, required_cell, with_reference
from tests.conftest import problems_of


def test_contributing_guide_matches_the_schema():
    guide = GUIDE.read_text(encoding="utf-8")
    assert guide == with_reference(guide), "CONTRIBUTING.md a dérivé du schéma : lancez python -m ess_site.tools.docs"


def test_reference_shows_every_field_rule_and_value():
    guide = GUIDE.read_text(encoding="utf-8")
    for field in [*ACTOR_FIELDS.values(), *LETTRE_FIELDS.values()]:
        assert f"| `{field.key}` | {required_cell(field)} | {field.doc} |" in guide
    assert all(f"`{key}`" in guide for key in [*STATUTS, *SECTEURS])


TERRITORY_BLOCKS = {"communes": COMMUNE_FIELDS, "references": REFERENCES_FIELDS, "editeur": EDITEUR_FIELDS,
                    "hebergeur": HEBERGEUR_FIELDS, "accessibilite": ACCESSIBILITE_FIELDS}


def said_missing(content, path, data: dict, key: str) -> bool:
    """Whether `check` says that `key` is missing once it is taken out of `data`, written to `path`."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return any(re.search(f"« {key} » (manque|est vide)", problem) for problem in problems_of(content))


def test_the_guide_calls_required_exactly_the_territory_fields_the_check_requires(content):
    """Each field of territoire.yaml, and of its blocks, taken out in turn: `check` says it is
    missing exactly when the guide's table says « oui » (or names the case where it is needed)."""
    path = content / "territoire.yaml"
    full = yaml.safe_load(path.read_text(encoding="utf-8"))
    full["editeur"]["article"] = "la"
    full["hebergeur"]["adresse"] = "1 rue de l'Hébergement, 59000 Lille"
    full["accessibilite"].update(date_audit=date(2026, 10, 1), taux=50)
    full["references"].update(emplois_ess_region=200000, emplois_ess_departement=60000, emplois_ess=3000, etablissements_ess=200)
    full["editeur"]["dpo"] = "dpo@essai.example.fr"
    said_missing(content, path, full, "nom")
    assert problems_of(content) == []  # every field given, the file is valid
    wrong = []
    for key, field in TERRITORY_FIELDS.items():
        data = {k: v for k, v in full.items() if k != key}
        if key in full and said_missing(content, path, data, key) != bool(field.required or field.required_if):
            wrong.append(key)
    for block, fields in TERRITORY_BLOCKS.items():
        for key, field in fields.items():
            data = yaml.safe_load(yaml.safe_dump(full))
            inner = data[block][0] if block == "communes" else data[block]
            if key in inner:
                del inner[key]
                if said_missing(content, path, data, key) != field.required:
                    wrong.append(f"{block}.{key}")
    assert wrong == [], "CONTRIBUTING.md et la vérification ne disent pas la même chose de ces champs"
    guide = GUIDE.read_text(encoding="utf-8")
    for key in ("editeur", "hebergeur", "accessibilite"):
        assert f"| `{key}` | oui |" in guide


def test_the_guide_calls_required_exactly_the_actor_and_lettre_fields_the_check_requires(content):
    """The same for an actor and a lettre, every field given then each taken out in turn."""
    actor = {"nom": "Essai", "statut": "association", "secteur": "sante", "commune": "Rouvroy", "sigle": "ESS",
             "resume": "Un essai.", "adresse": "1 rue de l'Essai", "code_postal": "62320", "lat": 50.4, "lon": 2.9,
             "siret": "443 061 841 00047", "creation": 2010, "effectif": 4, "tranche_effectif": "02", "etp": 3.5,
             "masse_salariale": 90000, "site_web": "https://essai.example.org", "email": "accueil@essai.example.org",
             "telephone": "03 21 00 00 00", "thematiques": ["Alimentation durable"], "labels": ["ESUS"], "brouillon": False,
             "source": "saisie", "date_source": date(2026, 1, 5), "horaires": "Mo-Fr 09:00-17:00", "publics": ["jeunes"],
             "modes_accueil": ["en-presentiel"], "frais": "gratuit", "thematiques_inclusion": ["famille--garde-denfants"],
             "accessibilite_lieu": "https://acceslibre.beta.gouv.fr/app/62-rouvroy/a/association/erp/essai/", "benevoles": True,
             "verifie_le": date(2026, 1, 5)}
    lettre = {"numero": 9, "titre": "Essai", "date": date(2023, 3, 1), "resume": "Un essai.", "editeur": "Collectif"}
    wrong = []
    for folder, full, fields in (("actors", actor, ACTOR_FIELDS), ("lettres", lettre, LETTRE_FIELDS)):
        assert set(full) == set(fields)
        path = content / folder / "essai.md"
        for key in [None, *fields]:
            data = {k: v for k, v in full.items() if k != key}
            path.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\nTexte.\n", encoding="utf-8")
            problems = [p for p in problems_of(content) if p.startswith(f"{folder}/essai.md")]
            if key is None:
                assert problems == []
            elif any(f"« {key} » manque" in p for p in problems) != fields[key].required:
                wrong.append(f"{folder}.{key}")
    assert wrong == []
