"""French alphabetical order of names, as a reader expects it in a directory: accents and case
do not change a name's place ("école" beside "Ecole"), ligatures read as their letters ("Œuvre"
as "oeuvre"), punctuation counts as a space and numbers by their value ("numéro 2" before
"numéro 10", natsort). Accents, then case (lower first), only break ties.

Measured against pyuca (the Unicode Collation Algorithm in pure Python): the same order on
directory names once numbers are compared by value, but 0.3 s to load and about 150 µs a name
against 13 µs here; ICU's Python bindings need a compiled ICU, which the host does not have.
"""

import re
import unicodedata
from functools import lru_cache

from natsort import natsort_keygen, ns

# Letters NFKD does not decompose, read as French readers spell them out.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_natural = natsort_keygen(alg=ns.INT)


@lru_cache(maxsize=65536)  # sort_key and initial fold the same names: each is folded once (0.3 s at 20 000 actors)
def folded(text: str) -> str:
    """'« L'Œuvre d'Élise »' -> 'l oeuvre d elise': lower-case, without accents nor punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char)).translate(LIGATURES)
    return NOT_ALPHANUMERIC.sub(" ", letters).strip()


@lru_cache(maxsize=65536)  # actors are sorted, then grouped by initial, with the same names
def sort_key(text: str) -> tuple:
    """Sorts names in French order; ties (same letters) by accents, then lower case first."""
    return _natural(folded(text)), text.casefold(), text.swapcase()


def initial(text: str) -> str:
    """The letter of an A–Z jump list a name sits under: 'É' under E, '#' for a digit or nothing."""
    first = folded(text)[:1].upper()
    return first if first.isalpha() else "#"


def forget() -> None:
    """Let go of the folded names (about 10 MiB at 20 000 actors) once nothing sorts any more:
    a one-off build's site is sorted before its pages render, and the workers inherit the caches."""
    sort_key.cache_clear()
    folded.cache_clear()
