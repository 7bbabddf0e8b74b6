"""The formats of the fields an editor types, one rule each, shared by the build and the web form.

Each pattern is written in the part of regular-expression syntax that Python's `re` and
JavaScript's `RegExp` read alike: explicit character classes, never \\d, \\s or \\w, whose
meanings differ between the two. The build checks the trimmed text with `fullmatch`; Decap CMS's
form (tools/cms.py) tests the same pattern, anchored and with the same trimming, so the form
accepts exactly what the build accepts.
"""

import re
from dataclasses import dataclass
from functools import cached_property

# Whitespace that both Python's str.strip() and JavaScript's \s remove around a value.
SPACE = "[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"


@dataclass(frozen=True)
class Rule:
    pattern: str  # the whole (trimmed) value, in the syntax Python and JavaScript share
    hint: str  # shown under the form's field
    separators: str = ""  # a character class of separators the build removes from the value it keeps
    expected: str = ""  # what the build's message says is expected ("5 chiffres")

    @cached_property
    def compiled(self) -> re.Pattern:
        return re.compile(self.pattern)

    def accepts(self, text: str) -> bool:
        return self.compiled.fullmatch(text) is not None

    def compact(self, text: str) -> str:
        """The value as the build keeps it: without its separators."""
        return re.sub(self.separators, "", text) if self.separators else text

    @property
    def form_pattern(self) -> str:
        """The pattern for JavaScript's RegExp(…).test(value): the whole value, trimmed."""
        return f"^{SPACE}*(?:{self.pattern}){SPACE}*$"


def digits(count: int, what: str) -> Rule:
    """A code of `count` digits (postal code, SIRET, SIREN); spaces between them are tolerated."""
    gap = "[ \\u00a0\\u202f]"
    return Rule(f"(?:[0-9]{gap}*){{{count - 1}}}[0-9]", f"{what} : {count} chiffres (espaces tolérés)", gap, f"{count} chiffres")


def single_line(max_length: int) -> Rule:
    """A one-line text of at most `max_length` characters (the build's check.text)."""
    return Rule(f"[^\\n]{{0,{max_length}}}", f"Sur une ligne, {max_length} caractères au plus")


PHONE_SEPARATORS = "[ .\\-\\u00a0]"
POSTAL_CODE = digits(5, "Code postal")
SIRET = digits(14, "Numéro SIRET")
# The key (Luhn) a pattern cannot check: the form's own widget does (assets/admin-widgets.js).
SIRET_KEY_HINT = "Numéro SIRET : la clé de contrôle est fausse ; vérifiez chaque chiffre"
SIREN = digits(9, "Numéro SIREN")
EMAIL = Rule("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
             "Une adresse électronique (accueil@exemple.fr)")
TELEPHONE = Rule(f"(?:0|\\+33){PHONE_SEPARATORS}*[1-9](?:{PHONE_SEPARATORS}*[0-9]){{8}}",
                 "10 chiffres commençant par 0, ou +33 suivi de 9 chiffres (espaces, points ou tirets tolérés)",
                 PHONE_SEPARATORS)
# A web address: http(s), a host name with a dot, then anything but spaces.
URL = Rule("https?://[^\\t\\n\\v\\f\\r /?#]+\\.[^\\t\\n\\v\\f\\r /?#]+(?:[/?#][^\\t\\n\\v\\f\\r ]*)?",
           "Une adresse commençant par https:// (ou http://)")
# A place's page on Acceslibre, the national register of accessibility of places open to the
# public: /app/<département-commune>/a/<activité>/erp/<lieu>/, each part in lower-case words.
ACCESLIBRE = Rule("https://acceslibre[.]beta[.]gouv[.]fr/app/[a-z0-9-]+/a/[a-z0-9-]+/erp/[a-z0-9-]+/?",
                  "L'adresse de la fiche du lieu sur Acceslibre : https://acceslibre.beta.gouv.fr/app/…/a/…/erp/…/")
