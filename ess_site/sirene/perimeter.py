"""Who is in the ESS, as the register tells it, and how the register's codes become the content
contract's values (../shared/reference/domain-facts.md §3 and §4). Data only: one table each.

A legal unit is ESS when it carries the register's ESS flag or when its legal category belongs
to one of the four families; an establishment is left out when its activity is one the
observatories exclude (public administration, employers' and professional bodies, trade
unions, religious and political organisations).
"""

import re

# Legal category (catégorie juridique, 4 digits) -> statut, for the four families.
FAMILIES = {
    **dict.fromkeys(("9210", "9220", "9221", "9222", "9223", "9230", "9240", "9260"), "association"),
    "9300": "fondation",
    **dict.fromkeys(("8210", "8250", "8290", "6411"), "mutuelle"),
    **dict.fromkeys((
        "5191", "5192", "5193", "5194", "5195", "5196", "5203", "5307", "5309",
        "5432", "5532", "5632", "6532", "5443", "5543", "5643", "6543", "5451", "5551", "5651", "6551",
        "5552", "5652", "5453", "5553", "5653", "5454", "5554", "5654", "6554", "5455", "5555", "5655",
        "5458", "5558", "5658", "5459", "5559", "5659", "5460", "5560", "5660", "5547", "5647",
        "6316", "6317", "6318", "6558", "6560", "6595", "6596",
    ), "cooperative"),
}
ESS_FLAG = "O"  # economieSocialeSolidaireUniteLegale
# A SAS has no cooperative legal category: SCOP and SCIC in SAS form are known by their name.
SAS = "5710"
COOPERATIVE_WORDS = ("SCOP", "SCIC")
FLAGGED_COMPANY = "societe-ess"  # any other legal category with the flag

# Activity codes (NAF rév. 2, with the dot) of establishments left out of the ESS.
EXCLUDED_DIVISIONS = ("84",)
EXCLUDED_ACTIVITIES = ("94.11Z", "94.12Z", "94.20Z", "94.91Z", "94.92Z")

# NAF division (first two digits) -> secteur; any other division, or no code, -> "autres".
# An indicative grouping after the ESS observatories' breakdown (domain-facts §4.1).
SECTOR_DIVISIONS = {
    "action-sociale": ("87", "88"),
    "sante": ("86",),
    "enseignement": ("85",),
    "sports-loisirs": ("93",),
    "arts-spectacles": ("90", "91"),
    "activites-financieres": ("64", "65", "66"),
    "commerce": ("45", "46", "47"),
    "industrie-construction": tuple(f"{division:02d}" for division in range(5, 44)),
    "hebergement-restauration": ("55", "56"),
    "soutien-entreprises": tuple(str(division) for division in range(69, 83)),
    "agriculture": ("01", "02", "03"),
}
OTHER_SECTOR = "autres"
SECTOR_OF_DIVISION = {division: secteur for secteur, divisions in SECTOR_DIVISIONS.items() for division in divisions}


def statut_of(categorie: str, flag: str, denomination: str) -> str | None:
    """The statut of a legal unit, or None when it is not in the ESS."""
    if categorie in FAMILIES:
        return FAMILIES[categorie]
    if flag != ESS_FLAG:
        return None
    if categorie == SAS and re.search(rf"\b({'|'.join(COOPERATIVE_WORDS)})\b", denomination.upper()):
        return "cooperative"
    return FLAGGED_COMPANY


def is_excluded(activity: str) -> bool:
    return activity[:2] in EXCLUDED_DIVISIONS or activity in EXCLUDED_ACTIVITIES


def secteur_of(activity: str) -> str:
    return SECTOR_OF_DIVISION.get(activity[:2], OTHER_SECTOR)
