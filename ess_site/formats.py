"""French display formats ("3 761", "9,5 %", "1er mai 2022"), used as Jinja filters.

Numbers are rounded half-up before Babel formats them, so published figures match what a
spreadsheet or an observatory prints (Babel alone rounds half to even).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "fr_FR"


def load_locale() -> None:
    """Babel reads its French data on first use (about 20 ms): read here, before workers fork,
    it is not read again by each of them."""
    date_longue(date(2000, 1, 1))
    format_decimal(0, locale=LOCALE)


def rounded(value: float, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=8192)  # Babel parses its pattern on every call; pages repeat the same numbers
def nombre(value: float, decimals: int = 1) -> str:
    """126895 -> '126 895'; 62.5 -> '62,5'; 62.0 -> '62' (no needless ',0')."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(rounded(value, decimals), format=pattern, locale=LOCALE)


@lru_cache(maxsize=1024)
def pourcent(share: float, decimals: int = 1) -> str:
    """0.095 -> '9,5 %' (share given as a fraction); a share that would print as zero says so:
    0.0002 -> 'moins de 0,1 %'."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u00a0%"
    if too_small(share, decimals + 2):
        return "moins de " + format_percent(Decimal(1).scaleb(-decimals - 2), format=pattern, locale=LOCALE)
    return format_percent(rounded(share, decimals + 2), format=pattern, locale=LOCALE)


def ratio(value: float, decimals: int = 1) -> str:
    """1.46 -> '1,5'; a positive value that would print as zero: 'moins de 0,1'."""
    return f"moins de {nombre(10 ** -decimals, decimals)}" if too_small(value, decimals) else nombre(value, decimals)


def too_small(value: float, decimals: int) -> bool:
    """A positive value that rounds to zero: printing 0 would say it is absent."""
    return 0 < value and rounded(value, decimals) == 0


def date_longue(day: date) -> str:
    """date(2022, 5, 1) -> '1er mai 2022' (Babel does not write the ordinal)."""
    text = format_date(day, "d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if day.day == 1 else text


def mois_annee(day: date) -> str:
    """date(2022, 6, 15) -> 'juin 2022'."""
    return format_date(day, "MMMM y", locale=LOCALE)


def rfc3339(day: date) -> str:
    """The date as Atom feeds want it: '2022-06-15T00:00:00Z'."""
    return f"{day.isoformat()}T00:00:00Z"


def salaries(count: int) -> str:
    return f"{nombre(count, 0)} salarié" + ("s" if count > 1 else "")


def telephone(compact: str) -> str:
    """'0321614900' -> '03 21 61 49 00'; '+33321614900' -> '+33 3 21 61 49 00'."""
    if compact.startswith("+33"):
        rest = compact[3:]
        return "+33 " + rest[0] + " " + " ".join(rest[i : i + 2] for i in range(1, 9, 2))
    return " ".join(compact[i : i + 2] for i in range(0, 10, 2))


def telephone_lien(compact: str) -> str:
    """The tel: URI, international form."""
    return "tel:" + telephone_international(compact)


def telephone_international(compact: str) -> str:
    """'0321614900' -> '+33321614900' (E.164)."""
    return compact if compact.startswith("+") else "+33" + compact[1:]


def siret(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:9]} {number[9:]}"


def euros(amount: float) -> str:
    """91 300 000 -> '91,3 millions d'€' (as the reference sheet writes it); 850 000 -> '850 000 €'."""
    if amount >= 1_000_000:
        return f"{nombre(amount / 1_000_000, 1)} millions d'€"
    return f"{nombre(amount, 0)}\u00a0€"


def en_unite(value: float, unite: str | None) -> str:
    """A sourced figure in its unit: (18, '%') -> '18 %'; (91300000, '€') -> '91,3 millions d'€'; (126895, None) -> '126 895'."""
    if unite == "%":
        return f"{nombre(value, 1)}\u00a0%"
    return euros(value) if unite == "€" else nombre(value, 1)


def taille(size: int) -> str:
    """A file size as French readers expect it: '180 Ko', '1,2 Mo'."""
    if size < 1024 * 1024:
        return f"{nombre(max(size / 1024, 1), 0)}\u00a0Ko"
    return f"{nombre(size / 1024 / 1024, 1)}\u00a0Mo"


def pluriel(count: int, singular: str, plural: str) -> str:
    """'1 acteur', '12 acteurs', with the count formatted."""
    return f"{nombre(count, 0)} {singular if count <= 1 else plural}"


def heure(minutes: int) -> str:
    """540 -> '9 h', 1050 -> '17 h 30', 1440 -> 'minuit' (French typography: a space before h)."""
    if minutes in (0, 24 * 60):
        return "minuit"
    hours, rest = divmod(minutes, 60)
    return f"{hours}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")


FILTERS = {
    "heure": heure,
    "nombre": nombre,
    "pourcent": pourcent,
    "date_longue": date_longue,
    "mois_annee": mois_annee,
    "rfc3339": rfc3339,
    "salaries": salaries,
    "telephone": telephone,
    "telephone_lien": telephone_lien,
    "siret": siret,
    "pluriel": pluriel,
    "taille": taille,
    "euros": euros,
    "en_unite": en_unite,
}
