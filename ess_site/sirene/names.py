"""Names as the register writes them (capitals, no accents) -> names a reader expects.

"ASSOCIATION D'AIDE A DOMICILE DU PAYS D'HENIN" becomes "Association d'aide à domicile du pays
d'Hénin": the first word capitalised, the small words in lower case, acronyms kept (a known
list, words without a vowel, the unit's own sigle), the territory's commune names written as
territoire.yaml writes them, and the accents of the words the ESS and French street names use most
given back (one dictionary for names and addresses). Words outside these lists keep their
letters without accents: a guess would be worse. A word whose unaccented form is another French
word ("marche", "pres", "cote") is left out.
"""

import re
import unicodedata

SMALL_WORDS = {"a", "à", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "par", "pour", "sur", "sous", "dans", "avec", "ou"}
ELIDED = ("d'", "l'", "qu'")
ACRONYMS = {"ACI", "ADMR", "AFEJI", "AI", "APEI", "ASBL", "CAE", "CAF", "CCAS", "CFA", "CIAS", "CPAM", "CPTS", "CRESS", "EA", "EHPAD",
            "EI", "ESAT", "ESS", "ESUS", "ETTI", "FJT", "GEIQ", "HLM", "IAE", "IME", "ITEP", "MAS", "MJC", "PTCE", "SA", "SARL", "SAS",
            "SCIC", "SCOP", "SIAE", "SSIAD", "UNA", "USEP", "II", "III", "IV"}
ACCENTED_WORDS = (
    "à", "activités", "âgées", "agréé", "aménagement", "amitié", "année", "bénévoles", "bibliothèque", "crèche", "coopérative",
    "créations", "départemental", "départementale", "développement", "économie", "économique", "école", "éducation",
    "éducative", "égalité", "énergie", "épicerie", "équipement", "étudiants", "fédération", "fraternité", "générations",
    "handicapés", "handicapées", "hébergement", "intérêt", "mécanique", "médical", "médico-social", "métiers", "mobilité",
    "mutualité", "pédagogique", "prévention", "privé", "protégé", "qualité", "récupération", "réemploi", "régie", "régional",
    "réinsertion", "réseau", "santé", "scolarité", "sécurité", "société", "solidarité", "solidarités", "spécialisé",
    "sénior", "séniors", "théâtre", "vélo",
    # streets: places, people and events their names recall
    "ampère", "béthune", "blériot", "château", "cimetière", "clémenceau", "collège", "déportés", "église", "forêt", "frères",
    "fusillés", "général", "hôpital", "hôtel", "jaurès", "libération", "liberté", "lycée", "maréchal", "molière", "musée",
    "père", "république", "résistance", "rivière", "sévigné", "vétérans",
    "andré", "émile", "étienne", "eugène", "félix", "frédéric", "geneviève", "gérard", "hélène", "jérôme", "léon", "léo",
    "noël", "rené", "thérèse",
)


def readable_name(capitals: str, places: dict[str, str] = {}, sigle: str = "") -> str:
    """`places`: commune names without accents, in capitals -> as the territory writes them."""
    words = re.split(r"(\s+)", capitals.strip())
    out = []
    for index, word in enumerate(words):
        out.append(word if word.isspace() else readable_word(word, index == 0, places, sigle))
    return "".join(out)


def readable_word(word: str, first: bool, places: dict[str, str], sigle: str) -> str:
    key = plain(word)
    if key in places:
        return places[key]
    for prefix in ELIDED:
        if word.lower().startswith(prefix) and len(word) > len(prefix):
            rest = readable_word(word[len(prefix):], False, places, sigle)
            return (prefix.capitalize() if first else prefix) + rest
    if is_acronym(word, sigle):
        return word
    text = "-".join(ACCENTS.get(plain(part).lower(), part.lower()) for part in word.split("-"))
    return text[:1].upper() + text[1:] if first else text


def is_acronym(word: str, sigle: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    if not letters or not word.isupper():
        return False
    return letters in ACRONYMS or letters == sigle.replace(".", "") or (len(letters) > 1 and not re.search(r"[AEIOUY]", letters))


def place_names(communes: list[str]) -> dict[str, str]:
    """Register spelling -> territory spelling of each commune name and of its longer parts
    ("HENIN" in "PAYS D'HENIN"); articles such as "lès" are left out."""
    places = {}
    for name in communes:
        for part in re.split(r"[-\s]", name):
            if len(part) >= 4 and plain(part).lower() not in SMALL_WORDS:
                places[plain(part)] = part
        places[plain(name)] = name
    return places


def plain(text: str) -> str:
    """Capitals without accents: how the register would write a name."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


ACCENTS = {plain(word).lower(): word for word in ACCENTED_WORDS}
