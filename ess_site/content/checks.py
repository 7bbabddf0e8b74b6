"""Validation stage helper: FieldChecker reads one YAML mapping field by field.

Each method returns the clean value (or None) and, when the value is wrong, records a
French Problem at the field's line. Nothing stops at the first mistake.
"""

import difflib
import re
from datetime import date
from pathlib import Path

from ..problems import Problem
from . import rules
from .frontmatter import INVALID, LEADING_ZERO, YamlList, YamlMap
from .schema import LATITUDE_RANGE, LONGITUDE_RANGE, MAX_TEXT_LENGTH, Field

MISSING = object()


def closest(word: str, choices) -> str | None:
    """The allowed value the editor most likely meant: one it abbreviates ("asso"), or a near spelling."""
    choices = list(choices)
    if len(word) >= 3:
        starting = [choice for choice in choices if choice.lower().startswith(word.lower())]
        if len(starting) == 1:
            return starting[0]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def shown(value) -> str:
    """How a wrong value is quoted back to the editor (YAML's true/false, not Python's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(vide)"
    return str(value)


class FieldChecker:
    def __init__(self, fields: YamlMap, path: Path, problems: list[Problem]):
        self.fields, self.path, self.problems = fields, path, problems
        self.start = len(problems)
        self.invalid = False  # a value was already reported when the YAML was read

    @property
    def failed(self) -> bool:
        """True once this file has a problem since the checker started (nested ones too)."""
        return self.invalid or len(self.problems) > self.start

    # -- reporting --------------------------------------------------------------------
    def line(self, key: str) -> int:
        return self.fields.lines.get(key, self.fields.line)

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def error(self, key: str, message: str) -> None:
        self.report(self.line(key), message)

    # -- access -----------------------------------------------------------------------
    def get(self, key: str, required: bool):
        """The raw value, or MISSING (already reported when required or invalid)."""
        value = self.fields.get(key, MISSING)
        if value is INVALID:
            self.invalid = True
            return MISSING
        if value is None or (isinstance(value, str) and not value.strip()):
            value = MISSING
        if value is MISSING and required:
            verb = "est vide" if key in self.fields else "manque"
            self.error(key, f"le champ obligatoire « {key} » {verb}")
        return value

    def no_unknown_keys(self, allowed: dict[str, Field]) -> None:
        for key in self.fields:
            if key not in allowed:
                guess = closest(key, allowed)
                hint = f"voulez-vous dire « {guess} » ?" if guess else "champs possibles : " + ", ".join(allowed)
                self.error(key, f"champ « {key} » inconnu ; {hint}")

    # -- scalars ----------------------------------------------------------------------
    def text(self, key: str, required: bool = False, multiline: bool = False) -> str | None:
        value = self.get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, bool):
            return self.error(key, f"{key} : « {shown(value)} » est lu comme un booléen ; mettez le texte entre guillemets")
        if isinstance(value, (int, float)):
            value = str(value)
        if not isinstance(value, str):
            return self.error(key, f"{key} : un texte est attendu, pas une liste ni un tableau")
        value = value.strip()
        if not multiline and ("\n" in value or len(value) > MAX_TEXT_LENGTH):
            return self.error(key, f"{key} : texte trop long ou sur plusieurs lignes (au plus {MAX_TEXT_LENGTH} caractères sur une ligne)")
        return value

    def one_of(self, key: str, allowed, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is None:
            return None
        if value in allowed:
            return value
        guess = closest(value, allowed)
        hint = f"voulez-vous dire « {guess} » ? " if guess else ""
        return self.error(key, f"{key} « {value} » inconnu ; {hint}valeurs possibles : " + ", ".join(allowed))

    def integer(self, key: str, minimum: int = 0, required: bool = False, maximum: int | None = None) -> int | None:
        value = self.get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and LEADING_ZERO.fullmatch(value):
            value = int(value)  # 08 or 010 typed without quotes: the number in base ten, never YAML 1.1's octal
        if isinstance(value, bool) or not isinstance(value, int):
            meant = typed_number(value)
            if meant is not None and float(meant).is_integer():
                return self.error(key, f"{key} : « {shown(value).strip()} » : écrivez {int(meant)} "
                                       "(un nombre entier : chiffres seuls, sans guillemets, espace ni zéro devant)")
            return self.error(key, f"{key} : « {shown(value)} » n'est pas un nombre entier (chiffres seuls, sans guillemets ni espace)")
        if value < minimum:
            return self.error(key, f"{key} : {value} est trop petit (minimum {minimum})")
        if maximum is not None and value > maximum:
            return self.error(key, f"{key} : {value} est trop grand (maximum {maximum})")
        return value

    def number(self, key: str, minimum: float | None = 0, maximum: float | None = None, required: bool = False) -> float | None:
        value = self.get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            meant = typed_number(value)
            if meant is not None:
                return self.error(key, f"{key} : « {shown(value).strip()} » : écrivez {meant} "
                                       "(un nombre : point décimal, sans guillemets ni espace)")
            return self.error(key, f"{key} : « {shown(value)} » n'est pas un nombre (chiffres et point décimal : 62.5)")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"entre {minimum} et {maximum}" if maximum is not None else f"au moins {minimum}"
            return self.error(key, f"{key} : {value} hors des limites ({bounds})")
        return value

    def year(self, key: str, oldest: int, build_day: date) -> int | None:
        value = self.get(key, False)
        if value is MISSING:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"[1-9][0-9]{3}", value.strip()):  # "1998", quoted
            return self.error(key, f"{key} : écrivez l'année sans guillemets : {value.strip()}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1000:
            return self.error(key, f"{key} : « {shown(value)} » n'est pas une année à 4 chiffres{meant_year(value, build_day)}")
        if value > build_day.year:
            return self.error(key, f"{key} : l'année {value} est dans le futur")
        if value < oldest:
            return self.error(key, f"{key} : l'année {value} est invraisemblable (au plus tôt {oldest})")
        return value

    def date(self, key: str, required: bool = False) -> date | None:
        value = self.get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())  # quoted, as forms and YAML tools write dates
            except ValueError:
                return self.error(key, f"{key} : « {value.strip()} » : ce jour n'existe pas")
        if not isinstance(value, date):
            return self.error(key, f"{key} : « {shown(value)} » n'est pas une date AAAA-MM-JJ{meant_date(value)}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.get(key, False)
        if value is MISSING:
            return False
        if not isinstance(value, bool):
            self.error(key, f"{key} : « {shown(value)} » ; écrivez true ou false")
            return False
        return value

    def url(self, key: str) -> str | None:
        return self.matching(key, rules.URL, "n'est pas une adresse web ; elle doit commencer par https:// (ou http://)")

    def email(self, key: str) -> str | None:
        return self.matching(key, rules.EMAIL, "n'est pas une adresse électronique valide")

    def matching(self, key: str, rule: rules.Rule, wrong: str) -> str | None:
        """A short text that `rule` accepts; otherwise the editor is told what it is not."""
        value = self.text(key)
        if value is None or rule.accepts(value):
            return value
        return self.error(key, f"{key} : « {value} » {wrong}")

    def telephone(self, key: str) -> str | None:
        value = self.get(key, False)
        if value is MISSING:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return self.error(key, f"{key} : mettez le numéro entre guillemets (« \"03 21 00 00 00\" »)")
        value = self.text(key)
        if value is None:
            return None
        if not rules.TELEPHONE.accepts(value):
            return self.error(key, f"{key} : « {value} » n'est pas un numéro français (10 chiffres commençant par 0, ou +33 suivi de 9 chiffres)")
        return rules.TELEPHONE.compact(value)

    def digits(self, key: str, rule: rules.Rule, what: str) -> str | None:
        """A code made of digits (postal code, SIRET): quotes advised, spaces tolerated."""
        value = self.get(key, False)
        if value is MISSING:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return self.error(key, f"{key} : « {shown(value)} » n'est pas un {what}")
        if not rule.accepts(value.strip()):
            return self.error(key, f"{key} : « {value} » n'est pas un {what} ({rule.expected}, entre guillemets)")
        return rule.compact(value.strip())

    # -- lists ------------------------------------------------------------------------
    def text_list(self, key: str) -> list[tuple[str, int]]:
        """A list of short texts, each with its line; a lone text counts as a list of one."""
        value = self.get(key, False)
        if value is MISSING:
            return []
        if isinstance(value, str):
            return [(value.strip(), self.line(key))]
        if not isinstance(value, YamlList):
            self.error(key, f"{key} : une liste est attendue (une ligne « - valeur » par élément)")
            return []
        items = []
        for item, line in zip(value, value.lines):
            if item is INVALID:
                self.invalid = True
            elif not isinstance(item, str) or not item.strip() or len(item) > MAX_TEXT_LENGTH:
                self.report(line, f"{key} : « {shown(item)} » n'est pas un texte court")
            else:
                items.append((item.strip(), line))
        return items

    def mapping(self, key: str, required: bool = False) -> YamlMap | None:
        value = self.get(key, required)
        if value is MISSING:
            return None
        if not isinstance(value, YamlMap):
            return self.error(key, f"{key} : un bloc de champs « nom: valeur » est attendu")
        return value


def typed_number(value) -> int | float | None:
    """The number a text was meant to be ("12" quoted, "12 000", "62,5"), or None when it is not one."""
    if not isinstance(value, str):
        return None
    compact = re.sub(r"[ \u00a0\u202f]", "", value.strip()).replace(",", ".")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", compact):
        return None
    return int(compact) if compact.isdigit() else float(compact)


def meant_year(value, build_day: date) -> str:
    """The 4-digit year a short one or a date stands for, said as a proposal ("08" -> 2008)."""
    if isinstance(value, date):
        return f" ; écrivez seulement l'année : {value.year}"
    digits = value if isinstance(value, int) and not isinstance(value, bool) else typed_number(value)
    if isinstance(digits, int) and digits < 100:
        year = 2000 + digits if 2000 + digits <= build_day.year else 1900 + digits
        return f" ; écrivez-la en entier ({year} ?)"
    return " (par exemple 1998)"


DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")  # 15/03/2024, as French people write dates
YEAR_FIRST = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")


def meant_date(value) -> str:
    """The AAAA-MM-JJ form of a date written another way, said as a proposal."""
    text = value.strip() if isinstance(value, str) else ""
    if found := DAY_FIRST.fullmatch(text):
        day, month, year = found.groups()
    elif found := YEAR_FIRST.fullmatch(text):
        year, month, day = found.groups()
    else:
        return ""
    try:
        return f" ; écrivez {date(int(year), int(month), int(day)).isoformat()}"
    except ValueError:
        return " ; ce jour n'existe pas"


def check_position(check: FieldChecker) -> tuple[float | None, float | None]:
    lat = check.number("lat", minimum=LATITUDE_RANGE[0], maximum=LATITUDE_RANGE[1])
    lon = check.number("lon", minimum=LONGITUDE_RANGE[0], maximum=LONGITUDE_RANGE[1])
    for key, value, other in (("lat", lat, "lon"), ("lon", lon, "lat")):
        if value is not None and other not in check.fields:
            check.error(key, f"{key} donné sans {other} : indiquez les deux ou aucun")
    return lat, lon
