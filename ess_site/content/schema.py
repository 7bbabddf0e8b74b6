"""The content contract, declared once as data.

Every allowed value and every French label an editor or a citizen reads comes from here:
validators check against these tables, templates display their labels, and the README
documents the same keys (a test keeps them in step).
"""

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.metadata import version
from pathlib import Path


@dataclass(frozen=True)
class StatutLabels:
    """A legal family of the ESS, with the words used to display it."""

    key: str
    label: str  # "Association": on an actor's page
    plural: str  # "Associations": on the browse pages
    aliases: tuple[str, ...] = ()  # what people type in the search box for this statut


STATUTS = {
    s.key: s
    for s in (
        StatutLabels("association", "Association", "Associations", ("asso", "assos")),
        StatutLabels("cooperative", "Coopérative", "Coopératives", ("scop", "scic", "cae", "coop")),
        StatutLabels("mutuelle", "Mutuelle", "Mutuelles", ("mutuelle santé",)),
        StatutLabels("fondation", "Fondation", "Fondations"),
        StatutLabels("societe-ess", "Société commerciale de l'ESS", "Sociétés commerciales de l'ESS"),
    )
}

# Activity sectors, after the ESS observatories' breakdown (reference/domain-facts.md §4.1).
SECTEURS = {
    "action-sociale": "Action sociale",
    "sante": "Santé humaine",
    "enseignement": "Enseignement",
    "sports-loisirs": "Sports et loisirs",
    "arts-spectacles": "Arts et spectacles",
    "activites-financieres": "Activités financières et d'assurance",
    "commerce": "Commerce",
    "industrie-construction": "Industrie et construction",
    "hebergement-restauration": "Hébergement et restauration",
    "soutien-entreprises": "Soutien aux entreprises",
    "agriculture": "Agriculture, sylviculture et pêche",
    "autres": "Autres activités",
}

# INSEE headcount bands (SIRENE "tranche d'effectif salarié"): code -> (label, low, high).
# high is None for the open-ended last band; NN is a non-employer unit.
TRANCHES_EFFECTIF = {
    "NN": ("Unité non employeuse", None, None),
    "00": ("0 salarié au 31 décembre (employeur dans l'année)", 0, 0),
    "01": ("1 ou 2 salariés", 1, 2),
    "02": ("3 à 5 salariés", 3, 5),
    "03": ("6 à 9 salariés", 6, 9),
    "11": ("10 à 19 salariés", 10, 19),
    "12": ("20 à 49 salariés", 20, 49),
    "21": ("50 à 99 salariés", 50, 99),
    "22": ("100 à 199 salariés", 100, 199),
    "31": ("200 à 249 salariés", 200, 249),
    "32": ("250 à 499 salariés", 250, 499),
    "41": ("500 à 999 salariés", 500, 999),
    "42": ("1 000 à 1 999 salariés", 1000, 1999),
    "51": ("2 000 à 4 999 salariés", 2000, 4999),
    "52": ("5 000 à 9 999 salariés", 5000, 9999),
    "53": ("10 000 salariés et plus", 10000, None),
}


# data·inclusion's vocabularies as its package defines them, kept by scripts/vendor_inclusion.py with
# the package's version: importing the package (its pydantic models) costs 0.15-0.25 s in each
# process that reads them, for four tables of labels.
KEPT_VOCABULARIES = Path(__file__).with_name("data_inclusion_vocabularies.json")
ENUMS = ("Public", "ModeAccueil", "Frais", "Thematique")


def vocabularies_from_package() -> dict:
    """Each vocabulary's values and labels, read from the installed package, and its version."""
    from data_inclusion.schema import v1
    return {"version": version("data-inclusion-schema"), "tous_publics": v1.Public.TOUS_PUBLICS.value,
            "vocabularies": {enum: {item.value: item.label for item in getattr(v1, enum)} for enum in ENUMS}}


@cache
def inclusion_vocabularies() -> dict:
    """The kept copy while it is of the installed version, else the package itself (never stale)."""
    kept = json.loads(KEPT_VOCABULARIES.read_text(encoding="utf-8"))
    return kept if kept["version"] == version("data-inclusion-schema") else vocabularies_from_package()


class Vocabulary(Mapping):
    """One of data·inclusion's vocabularies (the national schema of social inclusion offers), as
    its package defines them: value written in the file -> French label shown on the page."""

    def __init__(self, enum: str):
        self.enum = enum  # its name in data_inclusion.schema.v1

    @cached_property
    def labels(self) -> dict[str, str]:
        return inclusion_vocabularies()["vocabularies"][self.enum]

    def __getitem__(self, code: str) -> str:
        return self.labels[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)


PUBLICS = Vocabulary("Public")
MODES_ACCUEIL = Vocabulary("ModeAccueil")
FRAIS = Vocabulary("Frais")
THEMATIQUES_INCLUSION = Vocabulary("Thematique")
VOCABULARIES = {"publics": PUBLICS, "modes_accueil": MODES_ACCUEIL, "frais": FRAIS, "thematiques_inclusion": THEMATIQUES_INCLUSION}


def all_publics() -> str:
    """The code of every public: alone, or not at all (the schema's rule)."""
    return inclusion_vocabularies()["tous_publics"]


# An Acceslibre page: the national register of the accessibility of places open to the public.
ACCESLIBRE_URL = "https://acceslibre.beta.gouv.fr/app/"
STALE_AFTER_DAYS = 365  # a listing checked longer ago than this is said to be possibly out of date


@dataclass(frozen=True)
class Field:
    """One front-matter field: its key, whether it is required, and what it holds."""

    key: str
    required: bool
    text: str  # what it holds, for the editors (`doc`)
    label: str = ""  # its name in the editors' form (/admin/), for the fields the form edits
    form_hint: str = ""  # the hint under the form's field, when `doc` speaks of codes or files the editor never sees
    required_if: str = ""  # when an optional field becomes required ("si des lettres sont publiées")
    codes: Vocabulary | None = None  # the codes allowed, listed after `text` once asked (reading them imports data·inclusion)
    then: Callable[[], str] | None = None  # what follows the codes

    @property
    def doc(self) -> str:
        if self.codes is None:
            return self.text
        return self.text + ", ".join(self.codes) + (self.then() if self.then else "")

    @property
    def hint(self) -> str:
        return self.form_hint or self.doc


def by_key(*fields: Field) -> dict[str, Field]:
    """A table of fields keyed by name, in declaration order (the order the README shows)."""
    return {f.key: f for f in fields}


# A card shows one line under the actor's name: a summary longer than this is a paragraph.
MAX_SUMMARY_LENGTH = 200

ACTOR_FIELDS = by_key(
    Field("nom", True, "nom de la structure", "Nom"),
    Field("statut", True, "famille juridique : " + ", ".join(STATUTS), "Statut", "famille juridique de la structure"),
    Field("secteur", True, "secteur d'activité : " + ", ".join(SECTEURS), "Secteur d'activité",
          "secteur d'activité principal de la structure"),
    Field("commune", True, "commune du territoire : son nom ou son code INSEE", "Commune",
          "commune du territoire où la structure est installée"),
    Field("sigle", False, "sigle ou nom court", "Sigle"),
    Field("resume", False, f"une phrase qui dit ce que fait la structure, montrée sous son nom dans les listes "
                           f"({MAX_SUMMARY_LENGTH} caractères au plus) ; sinon, la première phrase de la présentation", "Résumé"),
    Field("adresse", False, "numéro et voie (la commune et le code postal sont à part)", "Adresse"),
    Field("code_postal", False, "code postal à 5 chiffres, l'un de ceux de la commune", "Code postal"),
    Field("lat", False, "latitude en degrés décimaux (France métropolitaine)", "Latitude",
          "latitude en degrés décimaux (France métropolitaine) ; avec la longitude, ou aucune des deux"),
    Field("lon", False, "longitude en degrés décimaux (France métropolitaine)", "Longitude",
          "longitude en degrés décimaux (France métropolitaine) ; avec la latitude, ou aucune des deux"),
    Field("siret", False, "numéro SIRET : 14 chiffres dont la clé de contrôle est juste", "Numéro SIRET",
          "14 chiffres (espaces tolérés) dont la clé de contrôle est juste ; deux fiches ne peuvent pas avoir le même numéro"),
    Field("creation", False, "année de création (4 chiffres, pas dans le futur)", "Année de création"),
    Field("effectif", False, "nombre de salariés (entier ≥ 0) ; absent = inconnu", "Effectif salarié",
          "nombre de salariés, laissé vide s'il est inconnu ; s'il y a aussi une tranche d'effectif, les deux doivent concorder"),
    Field("tranche_effectif", False, "code INSEE de tranche d'effectif quand l'effectif exact est inconnu", "Tranche d'effectif",
          "tranche d'effectif de l'Insee, quand l'effectif exact est inconnu ; s'il y a aussi un effectif, les deux doivent concorder"),
    Field("etp", False, "équivalents temps plein (nombre ≥ 0)", "Équivalents temps plein (ETP)"),
    Field("masse_salariale", False, "masse salariale brute annuelle en euros", "Masse salariale"),
    Field("site_web", False, "adresse du site, commençant par https:// ou http://", "Site web"),
    Field("email", False, "adresse électronique de contact (de préférence générique)", "Courriel"),
    Field("telephone", False, "numéro de téléphone français (10 chiffres ou +33…)", "Téléphone"),
    Field("thematiques", False, "liste de thématiques, parmi celles de territoire.yaml", "Thématiques",
          "thématiques du territoire, choisies dans la liste"),
    Field("labels", False, "liste de labels ou agréments (ESUS, SIAE…)", "Labels et agréments"),
    Field("horaires", False, "horaires d'ouverture au format opening_hours d'OpenStreetMap : "
                             "« Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00 » (Mo Tu We Th Fr Sa Su : lundi à dimanche)",
          "Horaires d'ouverture", "au format d'OpenStreetMap, par exemple « Mo-Fr 09:30-17:30; Sa 09:30-11:30 » "
                                  "(Mo Tu We Th Fr Sa Su : du lundi au dimanche ; PH off : fermé les jours fériés)"),
    Field("publics", False, "liste des publics accueillis, codes de data·inclusion : ", "Publics accueillis",
          "publics accueillis, selon le référentiel national data·inclusion (« Tous publics » seul, ou pas du tout)",
          codes=PUBLICS, then=lambda: f" ({all_publics()} seul, ou pas du tout)"),
    Field("modes_accueil", False, "liste des modes d'accueil, codes de data·inclusion : ",
          "Modes d'accueil", "sur place, à distance, ou les deux", codes=MODES_ACCUEIL),
    Field("frais", False, "accès gratuit ou payant, code de data·inclusion : ", "Frais", "accès gratuit ou payant", codes=FRAIS),
    Field("thematiques_inclusion", False, "liste de thématiques d'inclusion, codes de data·inclusion (« famille--garde-denfants »…) ; "
                                          "liste complète dans CONTRIBUTING.md et dans le formulaire des éditeurs", "Thématiques d'inclusion",
          "besoins auxquels la structure répond, selon le référentiel national data·inclusion"),
    Field("accessibilite_lieu", False, f"adresse de la fiche du lieu sur Acceslibre ({ACCESLIBRE_URL}…)",
          "Accessibilité du lieu (Acceslibre)", f"adresse de la fiche du lieu sur Acceslibre, commençant par {ACCESLIBRE_URL}"),
    Field("benevoles", False, "true : la structure accueille des bénévoles", "Accueille des bénévoles",
          "activé : la structure accueille des bénévoles"),
    Field("verifie_le", False, f"date à laquelle quelqu'un a vérifié la fiche (AAAA-MM-JJ, pas dans le futur) ; "
                               f"après {STALE_AFTER_DAYS} jours, la fiche dit qu'elle est peut-être périmée",
          "Fiche vérifiée le", "jour où quelqu'un a vérifié les informations de la fiche, pas dans le futur"),
    Field("brouillon", False, "true : le fichier est vérifié mais pas publié", "Brouillon",
          "activé : la fiche est vérifiée mais pas publiée"),
    Field("source", False, "d'où viennent les données de la fiche (« Insee, répertoire Sirene » pour une fiche importée)", "Source des données"),
    Field("date_source", False, "date de ces données (AAAA-MM-JJ, pas dans le futur), par exemple celle du stock Sirene importé",
          "Date des données", "date de ces données, pas dans le futur, par exemple celle du stock Sirene importé"),
)

MAX_LETTRE_NUMERO = 9999  # a newsletter number a person could mean (a larger one is a typo)

LETTRE_FIELDS = by_key(
    Field("numero", True, "numéro de la lettre (entier ≥ 1, unique)", "Numéro",
          f"numéro de la lettre, de 1 à {MAX_LETTRE_NUMERO} ; deux lettres ne peuvent pas avoir le même"),
    Field("titre", True, "titre de ce numéro", "Titre"),
    Field("date", True, "date de parution (AAAA-MM-JJ) ; une lettre datée d'un jour à venir n'est publiée qu'à partir de ce jour",
          "Date de parution", "date de parution de ce numéro ; une lettre datée d'un jour à venir n'est publiée qu'à partir de ce jour"),
    Field("resume", False, "résumé d'une ou deux phrases, pour l'archive et le flux", "Résumé"),
    Field("editeur", False, "qui publie la lettre (par défaut : le territoire)", "Éditeur"),
)

TERRITORY_FIELDS = by_key(
    Field("nom", True, "nom officiel du territoire"),
    Field("sigle", True, "sigle du territoire"),
    Field("perimetre", False, "le territoire par son code officiel : {epci: \"246200299\"}, {departements: [\"59\", \"62\"]}, "
                              "{region: \"32\"} ou {pays: FR} ; ses communes viennent alors de la géographie officielle"),
    Field("communes", False, "liste des communes (insee, nom, codes_postaux, population) ; avec un périmètre, "
                             "seulement celles dont on complète ou corrige les données officielles (centre, graphie)"),
    Field("references", False, "totaux du territoire pour calculer des parts"),
    Field("superficie_km2", False, "superficie en km² (pour la densité)"),
    Field("site_web", False, "site de la collectivité"),
    Field("url_site", False, "adresse publique de ce site (https://…), pour le flux Atom et les courriels",
          required_if="si des lettres sont publiées"),
    Field("url_edition", False, "adresse d'édition du dossier content/ dans le dépôt"),
    Field("presentation", False, "texte d'accueil en Markdown : l'ESS sur ce territoire"),
    Field("thematiques", False, "liste des thématiques que les acteurs peuvent citer"),
    Field("editeur", True, "éditeur du site, pour les mentions légales"),
    Field("hebergeur", True, "hébergeur du site, pour les mentions légales"),
    Field("accessibilite", True, "état de l'accessibilité du site, pour la déclaration d'accessibilité"),
)

CENTRES_FIELDS = by_key(
    Field("source", True, "d'où viennent ces centres (écrit par l'import Sirene)"),
    Field("centres", True, "code INSEE -> [latitude, longitude] du centre de la commune"),
)

PERIMETRE_FIELDS = by_key(
    Field("epci", False, "numéro SIREN de l'intercommunalité (9 chiffres, entre guillemets)"),
    Field("departements", False, "liste des codes des départements (\"62\", \"2A\", \"974\"…)"),
    Field("region", False, "code de la région (\"32\" pour les Hauts-de-France)"),
    Field("pays", False, "FR : toute la France"),
)

COMMUNE_FIELDS = by_key(
    Field("insee", True, "code INSEE à 5 caractères, entre guillemets"),
    Field("nom", True, "nom de la commune ; facultatif avec un périmètre"),
    Field("codes_postaux", True, "liste des codes postaux de la commune ; facultatif avec un périmètre"),
    Field("population", True, "population municipale (entier ; facultatif avec un périmètre)"),
    Field("lat", False, "latitude du centre de la commune (carte des acteurs sans coordonnées)"),
    Field("lon", False, "longitude du centre de la commune"),
)

REFERENCES_FIELDS = by_key(
    Field("millesime", True, "année des chiffres de référence"),
    Field("source", True, "source affichée à côté des chiffres qui les utilisent"),
    Field("emplois_total", False, "emplois salariés de tout le territoire"),
    Field("etablissements_total", False, "établissements employeurs de tout le territoire"),
    Field("emplois_ess_region", False, "emplois ESS de la région"),
    Field("emplois_ess_departement", False, "emplois ESS du département"),
    Field("emplois_ess", False, "emplois ESS du territoire selon la source officielle, montrés à côté de ceux de l'annuaire"),
    Field("etablissements_ess", False, "établissements employeurs de l'ESS du territoire selon la source officielle"),
    Field("contexte", False, "chiffres de contexte sourcés (population, chômage, masse salariale…), montrés sous « Les données de contexte »"),
)

CONTEXT_FIELDS = by_key(
    Field("libelle", True, "ce qui suit le nombre : « de la population âgée de 15 à 64 ans se déclare au chômage »"),
    Field("valeur", True, "le nombre, tel que la source le donne (point décimal : 7.8)"),
    Field("unite", False, "« % » pour un pourcentage, « € » pour des euros ; sans unité, un nombre (habitants, emplois…)"),
    Field("source", True, "qui publie ce chiffre (« Insee, recensement de la population »)"),
    Field("millesime", True, "année du chiffre"),
    Field("total", False, "l'ensemble dont la valeur fait partie, dans la même unité : la part est alors calculée"),
    Field("part", False, "la part que la source donne, en % (8.7), quand l'ensemble n'est pas connu"),
    Field("part_de", False, "de quoi c'est la part (« de la masse salariale du Pas-de-Calais ») ; obligatoire avec total ou part"),
)
CONTEXT_UNITS = ("%", "€")

EDITEUR_FIELDS = by_key(
    Field("nom", True, "nom de l'éditeur du site"),
    Field("article", False, "article devant le nom dans une phrase : la, le, l', les ou aucun ; deviné d'après le premier mot si absent"),
    Field("forme_juridique", False, "forme juridique de l'éditeur"),
    Field("siren", False, "numéro SIREN de l'éditeur"),
    Field("adresse", False, "adresse postale du siège, avec son code postal"),
    Field("telephone", False, "téléphone du standard"),
    Field("email", False, "adresse de contact générique ; il faut elle ou l'adresse postale, pour que l'on puisse écrire à l'éditeur"),
    Field("directeur_publication", False, "fonction du directeur de la publication"),
    Field("dpo", False, "courriel ou adresse postale du délégué à la protection des données (sinon, ceux de l'éditeur)"),
)

HEBERGEUR_FIELDS = by_key(
    Field("nom", True, "nom de l'hébergeur"),
    Field("adresse", False, "adresse de l'hébergeur"),
    Field("site_web", False, "site de l'hébergeur"),
)

ACCESSIBILITE_FIELDS = by_key(
    Field("etat", True, "non conforme, partiellement conforme ou totalement conforme"),
    Field("date_audit", False, "date du dernier audit (AAAA-MM-JJ)"),
    Field("taux", False, "part des critères RGAA respectés (0 à 100)"),
    Field("date_declaration", True, "date d'établissement de la déclaration (AAAA-MM-JJ)"),
)

ACCESSIBILITE_ETATS = ("non conforme", "partiellement conforme", "totalement conforme")

# Mainland France and Corsica, in decimal degrees (a point outside is a typo or a swap).
LATITUDE_RANGE = (41.3, 51.1)
LONGITUDE_RANGE = (-5.2, 9.6)

OLDEST_CREATION_YEAR = 1800
MAX_TEXT_LENGTH = 300  # a single-line field longer than this is a pasted paragraph
MAX_FILE_BYTES = 512 * 1024
