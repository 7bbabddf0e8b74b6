"""Register rows -> Establishments: what the register says of each, in the contract's values. Pure.

Masked values ([ND]) count as absent. An establishment whose diffusion is partial
(statutDiffusionEtablissement P) keeps its commune only: no street, no postal code, no point.
"""

import re
from dataclasses import dataclass

from ..content.schema import LATITUDE_RANGE, LONGITUDE_RANGE, TRANCHES_EFFECTIF
from ..geography import official_geography
from . import perimeter
from .columns import MASKED
from .coordinates import lambert93_to_wgs84
from .names import SMALL_WORDS, readable_name

PARTIAL = "P"
ACTIVE = "A"
STREET_TYPES = {
    "ALL": "allée", "AV": "avenue", "BD": "boulevard", "CAR": "carrefour", "CHE": "chemin", "CHS": "chaussée", "CITE": "cité",
    "CRS": "cours", "ESP": "esplanade", "FG": "faubourg", "HAM": "hameau", "IMP": "impasse", "LOT": "lotissement", "PARC": "parc",
    "PAS": "passage", "PL": "place", "PRO": "promenade", "QUAI": "quai", "RES": "résidence", "RPT": "rond-point", "RTE": "route",
    "RUE": "rue", "SEN": "sentier", "SQ": "square", "VOIE": "voie", "ZA": "zone d'activités", "ZI": "zone industrielle",
}
REPEAT = {"B": "bis", "T": "ter", "Q": "quater"}


@dataclass(frozen=True)
class Establishment:
    siret: str
    nom: str
    statut: str | None  # None: its legal unit is not in the ESS
    secteur: str
    commune: str  # code INSEE
    active: bool
    excluded: bool  # its activity is left out of the ESS
    sigle: str | None = None
    adresse: str | None = None
    code_postal: str | None = None
    creation: int | None = None
    tranche_effectif: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def in_ess(self) -> bool:
        return self.statut is not None and not self.excluded

    def listed_in(self, communes: set[str]) -> bool:
        """An establishment the directory lists: active, in the ESS, in one of these communes."""
        return self.in_ess and self.active and self.commune in communes


def value(row: dict, column: str) -> str:
    text = (row.get(column) or "").strip()
    return "" if text == MASKED else text


def establishment(row: dict, unit: dict, point: tuple[float, float] | None, places: dict[str, str]) -> Establishment:
    """One establishment from its row, its legal unit's row and its WGS84 point, when known."""
    partial = value(row, "statutDiffusionEtablissement") == PARTIAL
    activity = value(row, "activitePrincipaleEtablissement")
    sigle = value(unit, "sigleUniteLegale")
    name = value(row, "enseigne1Etablissement") or value(row, "denominationUsuelleEtablissement") or value(unit, "denominationUniteLegale")
    tranche = value(row, "trancheEffectifsEtablissement")
    created = value(row, "dateCreationEtablissement")
    lat, lon = (None, None) if partial else position(row, point)
    return Establishment(
        siret=value(row, "siret"),
        nom=readable_name(name, places, sigle) if name else value(row, "siret"),
        statut=perimeter.statut_of(value(unit, "categorieJuridiqueUniteLegale"), value(unit, "economieSocialeSolidaireUniteLegale"),
                                   value(unit, "denominationUniteLegale")),
        secteur=perimeter.secteur_of(activity),
        commune=official_geography().current(value(row, "codeCommuneEtablissement")),  # Paris' arrondissements -> Paris
        active=value(row, "etatAdministratifEtablissement") == ACTIVE,
        excluded=perimeter.is_excluded(activity),
        sigle=sigle or None,
        adresse=None if partial else street(row, places),
        code_postal=None if partial else (value(row, "codePostalEtablissement") or None),
        creation=int(created[:4]) if created[:4].isdigit() else None,
        tranche_effectif=tranche if tranche in TRANCHES_EFFECTIF else None,
        lat=lat, lon=lon,
    )


def public_point(row: dict, point: tuple[float, float] | None) -> tuple[float, float] | None:
    """An establishment's point, unless its diffusion is partial (then it has none to give)."""
    if value(row, "statutDiffusionEtablissement") == PARTIAL:
        return None
    lat, lon = position(row, point)
    return (lat, lon) if lat is not None else None


def position(row: dict, point: tuple[float, float] | None) -> tuple[float | None, float | None]:
    """WGS84 (lat, lon): the geolocation file's, else the establishment's Lambert 93 pair converted."""
    if point is None:
        x, y = value(row, "coordonneeLambertAbscisseEtablissement"), value(row, "coordonneeLambertOrdonneeEtablissement")
        try:
            point = lambert93_to_wgs84(float(x), float(y)) if x and y else None
        except ValueError:
            point = None
    if point is None:
        return None, None
    lat, lon = round(point[0], 5), round(point[1], 5)
    inside = LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
    return (lat, lon) if inside else (None, None)


def street(row: dict, places: dict[str, str]) -> str | None:
    """'12 bis rue de la Gare': number, repetition, type and name of the street."""
    name = value(row, "libelleVoieEtablissement")
    if not name:
        return value(row, "complementAdresseEtablissement").title() or None
    kind = value(row, "typeVoieEtablissement")
    parts = [value(row, "numeroVoieEtablissement"), REPEAT.get(value(row, "indiceRepetitionEtablissement"), ""),
             STREET_TYPES.get(kind, kind.lower()), street_name(name, places)]
    return " ".join(part for part in parts if part)


def street_name(capitals: str, places: dict[str, str]) -> str:
    """Street names are proper nouns: each word capitalised but the small ones ('de la Gare')."""
    capitals = re.sub(r"\b([DL]) (?=\w)", r"\1'", capitals)  # INSEE's "DE L HOTEL DE VILLE": the apostrophe given back
    words = readable_name("X " + capitals, places).split(" ")[1:]  # as a name's later words: small ones in lower case
    return " ".join(word if word in SMALL_WORDS or word[:1].isupper() else capitalised(word) for word in words)


def capitalised(word: str) -> str:
    """'jaures' -> 'Jaures', "d'artois" -> "d'Artois"."""
    head, _, rest = word.rpartition("'")
    return f"{head}'{rest[:1].upper()}{rest[1:]}" if head else word[:1].upper() + word[1:]
