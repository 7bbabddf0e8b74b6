"""The SIRENE import, commune centres: where the map puts an actor that has no point of its own.

The official geography the site uses has no coordinates, so a commune's centre is the median of
the points of its establishments in the register (every establishment read, ESS or not), and
content/centres-communes.yaml says so. A centre typed in territoire.yaml always wins.
"""

from datetime import date
from statistics import median

from ..content.load import CENTRES_FILE
from ..content.model import Territory
from ..formats import date_longue


def commune_centres(points: list[tuple[str, float, float]], territory: Territory) -> dict[str, tuple[float, float, int]]:
    """(INSEE code, lat, lon) of establishments -> code -> (median lat, median lon, points), for
    the communes of the territory that have no centre typed by hand."""
    by_commune: dict[str, list[tuple[float, float]]] = {}
    for code, lat, lon in points:
        by_commune.setdefault(code, []).append((lat, lon))
    wanted = {c.insee for c in territory.communes if c.lat is None or c.lon is None}
    return {code: (round(median(p[0] for p in found), 4), round(median(p[1] for p in found), 4), len(found))
            for code, found in sorted(by_commune.items()) if code in wanted}


def centres_file(centres: dict[str, tuple[float, float, int]], stock_date: date) -> str:
    """content/centres-communes.yaml: written by the import, read by the build (content/territory.py)."""
    lines = ["# Écrit par « build.py importer sirene » : ne le modifiez pas, il est refait à chaque import.",
             "# Pour corriger le centre d'une commune, donnez ses lat et lon dans territoire.yaml (communes).",
             f'source: "médiane des coordonnées des établissements du répertoire Sirene (stock du {date_longue(stock_date)})"',
             "centres:"]
    lines += [f'  "{code}": [{lat}, {lon}]  # {count} établissement{"s" if count > 1 else ""}' for code, (lat, lon, count) in centres.items()]
    return "\n".join(lines) + "\n"


__all__ = ["CENTRES_FILE", "centres_file", "commune_centres"]
