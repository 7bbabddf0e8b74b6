"""The columns the import reads from each INSEE file, by header name (never by position).

Only these are read. The personal columns of the legal units file (first names, sex,
pseudonym, an individual's name) are never read, so they cannot reach the site.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    label: str  # how messages name the file
    key: str  # the column INSEE writes once per row: a key on two rows that differ refuses the file
    required: tuple[str, ...]  # read; the file is refused when one is missing
    optional: tuple[str, ...] = ()  # read when present (older formats lack them)
    delimiter: str = ","

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


ETABLISSEMENTS = FileKind(
    "fichier des établissements (StockEtablissement)", "siret",
    required=("siren", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement", "trancheEffectifsEtablissement",
              "dateDernierTraitementEtablissement", "etablissementSiege", "complementAdresseEtablissement",
              "numeroVoieEtablissement", "indiceRepetitionEtablissement", "typeVoieEtablissement", "libelleVoieEtablissement",
              "codePostalEtablissement", "codeCommuneEtablissement", "etatAdministratifEtablissement", "enseigne1Etablissement",
              "denominationUsuelleEtablissement", "activitePrincipaleEtablissement"),
    optional=("coordonneeLambertAbscisseEtablissement", "coordonneeLambertOrdonneeEtablissement"),
)

UNITES_LEGALES = FileKind(
    "fichier des unités légales (StockUniteLegale)", "siren",
    required=("siren", "denominationUniteLegale", "sigleUniteLegale", "categorieJuridiqueUniteLegale",
              "economieSocialeSolidaireUniteLegale", "etatAdministratifUniteLegale"),
)

GEOLOCALISATION = FileKind(
    "fichier de géolocalisation des établissements", "siret",
    required=("siret", "y_latitude", "x_longitude"),
    delimiter=";",
)

MASKED = "[ND]"  # a value the register does not publish (statutDiffusion P)
