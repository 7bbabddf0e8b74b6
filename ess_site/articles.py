"""A name inside a French sentence: "la Communauté d'agglomération…", "de la Communauté…",
"d'Évin-Malmaison", "du Touquet", "aux Mureaux".

Generated sentences hold names the territory chooses (the publisher, the communes): the article
is guessed from the name's first word, and territoire.yaml can give it (editeur.article) when
the guess is wrong. A name that starts with its own article (Le Touquet, La Bassée, Les
Mureaux) keeps it, contracted after "de" and "à" where French does.
"""

import unicodedata

# Article given in territoire.yaml -> how it is written before the name ("aucun": a proper name).
ARTICLES = {"la": "la ", "le": "le ", "l'": "l'", "les": "les ", "aucun": ""}

# First words of the names public bodies bear, by gender; any other name is a proper name.
FEMININE = {"communauté", "métropole", "ville", "commune", "région", "collectivité", "agglomération", "association",
            "fédération", "chambre", "maison", "mairie", "direction", "préfecture", "mission", "coopérative", "union",
            "délégation", "agence", "cress", "eurométropole", "intercommunalité"}
MASCULINE = {"conseil", "département", "syndicat", "pays", "pôle", "parc", "groupement", "établissement", "centre",
             "comité", "office", "grand", "service", "réseau", "territoire"}
# Words whose h is aspirated: no elision ("des Hauts-de-France" given as "les", "de Haute-Goulaine").
ASPIRATED_H = ("haut", "halle", "hameau", "hongr", "hollan")
CONTRACTED = {"de": {"le ": "du ", "les ": "des "}, "à": {"le ": "au ", "les ": "aux "}}


def article(name: str, given: str | None = None) -> str:
    """'la ', 'le ', "l'", 'les ' or '' (a proper name), for a name without its own article."""
    if given is not None:
        return ARTICLES[given]
    head = name.split(" ", 1)[0].split("'", 1)[0].lower()
    if head in FEMININE:
        return "l'" if starts_with_vowel(name) else "la "
    if head in MASCULINE:
        return "l'" if starts_with_vowel(name) else "le "
    return ""


def le(name: str, given: str | None = None) -> str:
    """The name as the subject of a sentence: 'la Communauté d'agglomération d'Hénin-Carvin'."""
    own, _ = own_article(name)
    return name if own else article(name, given) + name


def de(name: str, given: str | None = None) -> str:
    """'de la Communauté…', 'du Conseil…', "d'Évin-Malmaison", 'du Touquet', 'de Carvin'."""
    return with_preposition("de", name, given)


def a(name: str, given: str | None = None) -> str:
    """'à la Communauté…', 'au Conseil…', "à l'Agglo", 'aux Mureaux', 'à Carvin'."""
    return with_preposition("à", name, given)


def with_preposition(preposition: str, name: str, given: str | None) -> str:
    own, rest = own_article(name)
    name, first = (rest, own) if own else (name, article(name, given))
    first = CONTRACTED[preposition].get(first, first)
    if first in ("du ", "des ", "au ", "aux "):
        return first + name
    if not first and preposition == "de" and starts_with_vowel(name):
        return "d'" + name
    return f"{preposition} {first}{name}"


def own_article(name: str) -> tuple[str, str]:
    """('le ', 'Touquet-Paris-Plage') for 'Le Touquet-Paris-Plage', ('les ', 'Mureaux') for 'Les Mureaux',
    else ('', name): 'La Bassée' and "L'Isle-Adam" keep their capital after a preposition
    ('de La Bassée'), as official names are written."""
    first, _, rest = name.partition(" ")
    if first.lower() in ("le", "les") and rest:
        return first.lower() + " ", rest
    return "", name


def starts_with_vowel(name: str) -> bool:
    """Elision before a vowel or a mute h (Hénin, Harnes: the usual written form in the Nord)."""
    first = unicodedata.normalize("NFD", name[:1])[:1].lower()
    return first in "aeiouy" or (first == "h" and not name.lower().startswith(ASPIRATED_H))


def capitalized(text: str) -> str:
    """The first letter up, the rest untouched (Jinja's capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


# Jinja filters: {{ editeur.nom|le(editeur.article)|majuscule }} s'engage…, les chiffres {{ commune|de }}.
FILTERS = {"le": le, "de": de, "a": a, "majuscule": capitalized}
