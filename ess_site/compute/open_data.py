"""The directory as open data: one record per published actor, its columns and their Table Schema.

One table of columns (COLUMNS) is the one place that says what a reuser gets: the CSV's header,
the JSON and GeoJSON property names, the Table Schema (types, formats, allowed values) and the
column list of /donnees/ all come from it. Records hold plain values (lists stay lists); the
CSV writer joins them. Drafts never get here: the site's actors are the published ones.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import formats, urls
from ..content.model import Actor, Territory
from ..content.schema import (
    FRAIS,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    SECTEURS,
    STATUTS,
    TRANCHES_EFFECTIF,
)

if TYPE_CHECKING:
    from .site import Card

# Table Schema types as /donnees/ names them.
TYPE_LABELS = {"string": "texte", "integer": "nombre entier", "number": "nombre", "year": "année",
               "date": "date (AAAA-MM-JJ)", "boolean": "oui ou non"}
LIST_SEPARATOR = " ; "
# Left out of the GeoJSON: a map viewer shows properties in a popup, where the one-line resume
# says enough; the full text would triple the file (it stays in the CSV and the JSON).
NOT_ON_MAPS = ("description",)  # how a list (thematiques, labels) is written in one CSV cell
LICENCE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence version 2.0",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, year, date, boolean
    text: str  # in French, for reusers (schema and /donnees/)
    value: Callable[[Actor, "Card", str], object]  # (actor, its card, its page's URL) -> the value, None when absent
    format: str = "default"
    limits: dict = field(default_factory=dict)
    is_list: bool = False  # several values, joined by LIST_SEPARATOR in the CSV
    vocabulary: Mapping | None = None  # the allowed codes, listed in the text and the constraints once asked (schema.Vocabulary)

    @property
    def description(self) -> str:
        return self.text + ", ".join(self.vocabulary) if self.vocabulary is not None else self.text

    @property
    def constraints(self) -> dict:
        return self.limits | {"enum": list(self.vocabulary)} if self.vocabulary is not None else self.limits


def optional(value):
    return value if value not in ("", ()) else None


COLUMNS = (
    Column("identifiant", "string", "identifiant de la fiche dans l'annuaire (le nom de son fichier), stable",
           lambda a, card, url: a.slug, limits={"required": True, "unique": True}),
    Column("nom", "string", "nom de la structure", lambda a, card, url: a.nom, limits={"required": True}),
    Column("sigle", "string", "sigle ou nom court", lambda a, card, url: a.sigle),
    Column("resume", "string", "ce que fait la structure, en une phrase (champ resume de la fiche, sinon la première phrase de sa présentation)",
           lambda a, card, url: optional(card.resume)),
    Column("statut", "string", "famille juridique, code : " + ", ".join(STATUTS), lambda a, card, url: a.statut.key,
           limits={"required": True, "enum": list(STATUTS)}),
    Column("statut_libelle", "string", "famille juridique, en toutes lettres", lambda a, card, url: a.statut.label,
           limits={"required": True, "enum": [s.label for s in STATUTS.values()]}),
    Column("secteur", "string", "secteur d'activité, code : " + ", ".join(SECTEURS), lambda a, card, url: a.secteur.key,
           limits={"required": True, "enum": list(SECTEURS)}),
    Column("secteur_libelle", "string", "secteur d'activité, en toutes lettres", lambda a, card, url: a.secteur.label,
           limits={"required": True, "enum": list(SECTEURS.values())}),
    Column("commune", "string", "commune de l'établissement", lambda a, card, url: a.commune.nom, limits={"required": True}),
    Column("code_insee", "string", "code officiel géographique (Insee) de la commune", lambda a, card, url: a.commune.insee,
           limits={"required": True, "pattern": "[0-9][0-9AB][0-9]{3}"}),
    Column("adresse", "string", "numéro et voie", lambda a, card, url: a.adresse),
    Column("code_postal", "string", "code postal", lambda a, card, url: a.code_postal, limits={"pattern": "[0-9]{5}"}),
    Column("lat", "number", "latitude en degrés décimaux (WGS 84), quand la fiche la donne", lambda a, card, url: a.lat,
           limits={"minimum": LATITUDE_RANGE[0], "maximum": LATITUDE_RANGE[1]}),
    Column("lon", "number", "longitude en degrés décimaux (WGS 84), quand la fiche la donne", lambda a, card, url: a.lon,
           limits={"minimum": LONGITUDE_RANGE[0], "maximum": LONGITUDE_RANGE[1]}),
    Column("siret", "string", "numéro SIRET de l'établissement (14 chiffres)", lambda a, card, url: a.siret,
           limits={"pattern": "[0-9]{14}", "unique": True}),
    Column("creation", "year", "année de création", lambda a, card, url: a.creation),
    Column("effectif", "integer", "nombre de salariés, quand il est connu", lambda a, card, url: a.effectif, limits={"minimum": 0}),
    Column("tranche_effectif", "string", "tranche d'effectif salarié de l'Insee (code), quand l'effectif exact est inconnu",
           lambda a, card, url: a.tranche_effectif, limits={"enum": list(TRANCHES_EFFECTIF)}),
    Column("tranche_effectif_libelle", "string", "tranche d'effectif salarié, en toutes lettres",
           lambda a, card, url: TRANCHES_EFFECTIF[a.tranche_effectif][0] if a.tranche_effectif else None),
    Column("etp", "number", "équivalents temps plein", lambda a, card, url: a.etp, limits={"minimum": 0}),
    Column("masse_salariale", "number", "masse salariale brute annuelle, en euros", lambda a, card, url: a.masse_salariale,
           limits={"minimum": 0}),
    Column("site_web", "string", "site de la structure", lambda a, card, url: a.site_web, format="uri"),
    Column("email", "string", "adresse électronique de contact", lambda a, card, url: a.email, format="email"),
    Column("telephone", "string", "téléphone, chiffres groupés par deux",
           lambda a, card, url: formats.telephone(a.telephone) if a.telephone else None),
    Column("thematiques", "string", f"thématiques, séparées par « {LIST_SEPARATOR.strip()} »",
           lambda a, card, url: [t.label for t in a.thematiques] or None, is_list=True),
    Column("labels", "string", f"labels et agréments, séparés par « {LIST_SEPARATOR.strip()} »",
           lambda a, card, url: list(a.labels) or None, is_list=True),
    Column("horaires", "string", "horaires d'ouverture, au format opening_hours d'OpenStreetMap", lambda a, card, url: a.horaires),
    Column("publics", "string", f"publics accueillis, codes du référentiel data·inclusion séparés par « {LIST_SEPARATOR.strip()} »",
           lambda a, card, url: list(a.publics) or None, is_list=True),
    Column("modes_accueil", "string", f"modes d'accueil, codes du référentiel data·inclusion séparés par « {LIST_SEPARATOR.strip()} »",
           lambda a, card, url: list(a.modes_accueil) or None, is_list=True),
    Column("frais", "string", "accès gratuit ou payant, code du référentiel data·inclusion : ",
           lambda a, card, url: a.frais, vocabulary=FRAIS),
    Column("thematiques_inclusion", "string",
           f"thématiques d'inclusion, codes du référentiel data·inclusion séparés par « {LIST_SEPARATOR.strip()} »",
           lambda a, card, url: list(a.thematiques_inclusion) or None, is_list=True),
    Column("accessibilite_lieu", "string", "fiche du lieu sur Acceslibre (accessibilité)", lambda a, card, url: a.accessibilite_lieu,
           format="uri"),
    Column("benevoles", "boolean", "la structure accueille des bénévoles (absent : non dit)", lambda a, card, url: a.benevoles or None),
    Column("verifie_le", "date", "date à laquelle la fiche a été vérifiée", lambda a, card, url: a.verifie_le.isoformat() if a.verifie_le else None),
    Column("source", "string", "d'où viennent les données de la fiche", lambda a, card, url: a.source),
    Column("date_source", "date", "date de ces données", lambda a, card, url: a.date_source.isoformat() if a.date_source else None),
    Column("description", "string", "présentation de la structure, en Markdown", lambda a, card, url: optional(a.description)),
    Column("url", "string", "page de la structure dans l'annuaire", lambda a, card, url: url, limits={"required": True}),
)


def page_url(actor: Actor, territory: Territory) -> str:
    """The actor's page: absolute when the site's public address is known."""
    return urls.absolute(territory.url_site, actor.url) if territory.url_site else actor.url


def record(actor: Actor, card: "Card", territory: Territory) -> dict:
    """One published actor, keyed by column name, None where the file says nothing."""
    url = page_url(actor, territory)
    return {column.name: column.value(actor, card, url) for column in COLUMNS}


def table_schema(territory: Territory) -> dict:
    """The Table Schema (frictionless v1) of acteurs.csv."""
    fields = []
    for column in COLUMNS:
        spec = {"name": column.name, "type": column.type, "description": column.description}
        fmt = "uri" if column.name == "url" and territory.url_site else column.format
        if fmt != "default":
            spec["format"] = fmt
        if column.constraints:
            spec["constraints"] = column.constraints
        fields.append(spec)
    return {"fields": fields, "primaryKey": ["identifiant"], "missingValues": [""]}
