"""Street names and addresses compared as the BAN and the editors write them. Pure.

"12 bis, av. du Gal de Gaulle" and the BAN's "12 bis Avenue du Général de Gaulle" give the same
Address: accents, case, punctuation and small words dropped, abbreviations expanded (the type
of street only as the first word, so the "R." of "R. Salengro" stays an initial there).
"""

import re
import unicodedata
from dataclasses import dataclass

STREET_TYPES = {  # as the first word only
    "r": "rue", "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "bvd": "boulevard",
    "boul": "boulevard", "pl": "place", "che": "chemin", "chem": "chemin", "ch": "chemin", "rte": "route",
    "imp": "impasse", "all": "allee", "sq": "square", "crs": "cours", "fg": "faubourg", "fbg": "faubourg",
    "qu": "quai", "qua": "quai", "res": "residence", "resid": "residence", "cite": "cite", "lot": "lotissement",
    "ham": "hameau", "pas": "passage", "pass": "passage", "prom": "promenade", "espl": "esplanade", "sen": "sentier",
    "vla": "villa", "za": "zone artisanale", "zi": "zone industrielle", "zac": "zone amenagement concerte",
    "rpt": "rond point", "gr": "grande rue", "lieu dit": "", "ld": "",
}
TITLES = {  # anywhere in the name
    "st": "saint", "ste": "sainte", "sts": "saints", "gal": "general", "gen": "general", "mal": "marechal",
    "pdt": "president", "pres": "president", "dr": "docteur", "doc": "docteur", "prof": "professeur",
    "cdt": "commandant", "cne": "capitaine", "lt": "lieutenant", "mgr": "monseigneur", "abbe": "abbe",
    "n d": "notre dame", "nd": "notre dame",
}
SMALL_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur"})
REPETITIONS = {"b": "bis", "t": "ter", "q": "quater"}  # "12 B" and "12 bis": the same index, as people write it

# "12", "12 bis", "12B", "n° 12", "12-14": the number opens a part of the address, the street follows.
NUMBERED = re.compile(r"(?:n[°o]\s*)?(\d{1,5})\s*(bis|ter|quater|quinquies|[a-h](?![\w'’]))?"
                      r"(?:\s*(?:-|/|à|a|et)\s*\d{1,5}\s*(?:bis|ter|[a-h])?(?![\w'’]))?[\s,]+(.*[^\W\d_].*)", re.IGNORECASE)
POSTAL = re.compile(r"\s\d{5}(\s.*)?$")  # "… 62110 Hénin-Beaumont" at the end: not part of the street


@dataclass(frozen=True)
class Address:
    numero: str  # without leading zeros
    rep: str  # "", "bis", "ter", "a"…
    street: str  # as written, for the report
    key: str  # street_key(street)

    def number_text(self) -> str:
        return f"{self.numero} {self.rep}".strip()


def plain(text: str) -> str:
    """Lower case, without accents or ligatures."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def street_key(name: str) -> str:
    """The words of a street name that tell it apart, spelt out: 'Av. du Gal de Gaulle' -> 'avenue general gaulle'."""
    words = " ".join(re.findall(r"[a-z0-9]+", plain(name)))
    for short, long in STREET_TYPES.items():
        if words == short or words.startswith(short + " "):
            words = (long + words[len(short):]).strip()
            break
    for short, long in TITLES.items():
        words = re.sub(rf"\b{short}\b", long, words)
    return " ".join(word for word in words.split() if word not in SMALL_WORDS)


def repetition(text: str) -> str:
    text = plain(text.strip())
    return REPETITIONS.get(text, text)


def number(text: str) -> str:
    return text.strip().lstrip("0") or "0"


def parse_address(adresse: str) -> Address | None:
    """The number, repetition index and street of an actor's `adresse`, or None when no part of it
    starts with a number ("Lieu-dit Le Marais", "Zone artisanale")."""
    parts = [part.strip() for part in re.split(r"[,;\n]", adresse) if part.strip()]
    for index, part in enumerate(parts):
        if re.fullmatch(r"(?:n[°o]\s*)?\d{1,5}\s*(?:bis|ter|quater|[a-h])?", part, re.IGNORECASE) and index + 1 < len(parts):
            part = f"{part} {parts[index + 1]}"  # "12, rue des Serres"
        if re.match(r"(bp|cs|tsa)\s*\d", part, re.IGNORECASE):
            continue  # a post-office box, not a place
        found = NUMBERED.fullmatch(part)
        if found:
            street = POSTAL.sub("", found.group(3)).strip()
            if key := street_key(street):
                return Address(number(found.group(1)), repetition(found.group(2) or ""), street, key)
    return None
