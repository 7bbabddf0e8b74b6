"""The real content/ of the site validates, and the README documents its whole contract."""

import re

from ess_site.config import Config
from ess_site.content.schema import (
    ACCESSIBILITE_FIELDS,
    ACTOR_FIELDS,
    COMMUNE_FIELDS,
    CONTEXT_FIELDS,
    EDITEUR_FIELDS,
    HEBERGEUR_FIELDS,
    LETTRE_FIELDS,
    PERIMETRE_FIELDS,
    REFERENCES_FIELDS,
    SECTEURS,
    STATUTS,
    TERRITORY_FIELDS,
    TRANCHES_EFFECTIF,
)
from ess_site.pipeline import check
from tests.conftest import ROOT


def test_real_content_validates():
    site = check(Config(content=ROOT / "content"))
    assert len(site.actors) >= 13
    assert len(site.territory.communes) == 14
    assert site.territory.population == 125793


def test_real_territory_carries_the_context_of_its_cress_sheet():
    """The figures of the CRESS sheet (seed 003) that the site does not compute, with their source."""
    context = check(Config(content=ROOT / "content")).territory.references.contexte
    shown = [(c.valeur, c.unite, c.part, c.libelle) for c in context]
    assert shown == [(8.7, "%", None, "de la population du Pas-de-Calais vit dans l'agglomération"),
                     (18, "%", None, "de la population âgée de 15 à 64 ans se déclare au chômage"),
                     (7.8, "%", None, "des habitants ont plus de 75 ans"),
                     (91_300_000, "€", 7.7, "de masse salariale dans l'ESS")]
    assert all(c.source.startswith("CRESS Hauts-de-France") and c.millesime in (2020, 2021) for c in context)


def test_every_real_actor_has_a_description():
    site = check(Config(content=ROOT / "content"))
    assert [a.slug for a in site.actors if len(a.description) < 80] == []


def test_readme_documents_every_field_and_value():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Za-z0-9_-]+)`", readme))
    tables = [ACTOR_FIELDS, TERRITORY_FIELDS, PERIMETRE_FIELDS, COMMUNE_FIELDS, REFERENCES_FIELDS, CONTEXT_FIELDS, EDITEUR_FIELDS,
              HEBERGEUR_FIELDS, ACCESSIBILITE_FIELDS, LETTRE_FIELDS, STATUTS, SECTEURS, TRANCHES_EFFECTIF]
    missing = sorted(key for table in tables for key in table if key not in documented)
    assert missing == []
