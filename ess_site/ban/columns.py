"""The columns of the BAN's address file ("adresses-<département>.csv[.gz]", format « csv » of
adresse.data.gouv.fr, `;`-separated, UTF-8), and the ones the import reads."""

DELIMITER = ";"
HEADER = ("id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune",
          "code_insee_ancienne_commune", "nom_ancienne_commune", "x", "y", "lon", "lat", "type_position", "alias",
          "nom_ld", "libelle_acheminement", "nom_afnor", "source_position", "source_nom_voie", "certification_commune",
          "cad_parcelles")
REQUIRED = ("numero", "rep", "nom_voie", "code_postal", "code_insee", "lon", "lat")
OPTIONAL = ("nom_afnor", "nom_ancienne_commune")  # another spelling of the street; the former commune, to tell candidates apart
NO_NUMBER = "99999"  # the number older BAN files gave the lieux-dits
