"""Reading the BAN's address file in one streaming pass: plain CSV or gzip (as adresse.data.gouv.fr
publishes it), with or without a BOM. Only the rows of the territory's communes are looked at,
and only the streets some actor names are kept, so memory stays small whatever the département.

Every way the file can be wrong (not a CSV, a column missing, a line cut short, a gzip stream
that ends early) raises BanFileError with a French message naming the file: nothing is written.
"""

import csv
import gzip
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..formats import nombre
from ..problems import ImportRefused
from . import columns
from .streets import number, repetition, street_key

GZIP_MAGIC = b"\x1f\x8b"
PROGRESS_EVERY = 1 << 16  # rows between two progress calls
Progress = Callable[[float, int], None]  # (fraction of the file read, rows read so far)


class BanFileError(ImportRefused):
    """The address file cannot be used; the message is French and names the file."""

    def __init__(self, message: str):
        super().__init__([message])


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    code_postal: str
    ancienne_commune: str  # the former commune's name, "" when none


@dataclass
class Addresses:
    """What the file says about the streets the actors name, in the territory's communes."""
    rows: int = 0  # address rows read in the whole file
    communes: set[str] = field(default_factory=set)  # INSEE codes of the territory found in the file
    streets: dict[str, dict[str, str]] = field(default_factory=dict)  # insee -> street key -> a name as the BAN writes it
    numbers: dict[tuple[str, str], dict[tuple[str, str], list[Point]]] = field(default_factory=dict)
    # (insee, street key) -> (numero, rep) -> points, for the wanted streets only


def read_addresses(path: Path, communes: set[str], wanted: set[tuple[str, str]], progress: Progress | None = None) -> Addresses:
    """The addresses of `communes` on the `wanted` (insee, street key) streets, and the street names of those communes."""
    try:
        with open(path, "rb") as raw:
            size = max(raw.seek(0, io.SEEK_END), 1)
            raw.seek(0)
            compressed = raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            binary = gzip.GzipFile(fileobj=raw) if compressed else raw
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, delimiter=columns.DELIMITER, strict=True)
            tick = (lambda rows: progress(raw.tell() / size, rows)) if progress else None
            found = collect(path, reader, communes, wanted, tick)
    except UnicodeDecodeError:
        raise BanFileError(f"{path} : ce n'est pas un fichier texte (CSV en UTF-8) ; il faut le fichier « adresses » de la BAN, "
                           "en .csv ou .csv.gz") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BanFileError(f"{path} : archive gzip tronquée ou abîmée ({error}) ; téléchargez le fichier de nouveau") from None
    except csv.Error as error:
        raise BanFileError(f"{path} : ce n'est pas un fichier CSV lisible ({error}) ; il faut le fichier « adresses » de la BAN") from None
    except OSError as error:
        raise BanFileError(f"{path} : fichier illisible ({error.strerror or error})") from None
    if found.rows == 0:
        raise BanFileError(f"{path} : aucune adresse dans le fichier (seulement l'en-tête) ; téléchargez-le de nouveau")
    return found


def header_indexes(path: Path, header: list[str] | None) -> dict[str, int]:
    """Column name -> index; a file without the BAN's columns is refused, naming those missing."""
    if not header or header == [""]:
        raise BanFileError(f"{path} : fichier vide ; il faut le fichier « adresses » de la BAN (adresses-<département>.csv.gz)")
    names = [name.strip() for name in header]
    missing = [name for name in columns.REQUIRED if name not in names]
    if missing:
        separator = " (le séparateur doit être « ; »)" if len(names) == 1 and "," in names[0] else ""
        raise BanFileError(f"{path} : ce n'est pas le fichier « adresses » de la BAN ; colonnes manquantes : {', '.join(missing)}{separator}")
    return {name: names.index(name) for name in (*columns.REQUIRED, *columns.OPTIONAL) if name in names}


def collect(path: Path, reader, communes: set[str], wanted: set[tuple[str, str]], tick) -> Addresses:
    header = next(reader, None)
    index = header_indexes(path, header)
    width = len(header)
    insee_at, street_at, afnor_at = index["code_insee"], index["nom_voie"], index.get("nom_afnor")
    found, keys = Addresses(), {}  # keys: a street's name -> its key, computed once per street
    for row in reader:
        found.rows += 1
        if len(row) != width:
            raise BanFileError(cut_short(path, reader.line_num, len(row), width))
        if tick and found.rows % PROGRESS_EVERY == 0:
            tick(found.rows)
        insee = row[insee_at]
        if insee not in communes:
            continue
        found.communes.add(insee)
        names = {row[street_at], row[afnor_at]} if afnor_at is not None else {row[street_at]}
        for name in names:
            key = keys.get(name)
            if key is None:
                key = keys[name] = street_key(name)
            found.streets.setdefault(insee, {}).setdefault(key, row[street_at])
            if (insee, key) in wanted:
                keep(found, insee, key, row, index)
    if tick:
        tick(found.rows)
    return found


def keep(found: Addresses, insee: str, key: str, row: list[str], index: dict[str, int]) -> None:
    numbers = found.numbers.setdefault((insee, key), {})  # the street is known, even if no number of it places anything
    numero = row[index["numero"]]
    if not numero.strip() or numero == columns.NO_NUMBER:
        return
    try:
        lat, lon = float(row[index["lat"]]), float(row[index["lon"]])
    except ValueError:
        return  # an address without a position: it places nothing
    former = row[index["nom_ancienne_commune"]] if "nom_ancienne_commune" in index else ""
    point = Point(lat, lon, row[index["code_postal"]], former)
    points = numbers.setdefault((number(numero), repetition(row[index["rep"]])), [])
    if point not in points:
        points.append(point)


def cut_short(path: Path, line: int, count: int, width: int) -> str:
    return (f"{path} : ligne {nombre(line, 0)} : {nombre(count, 0)} colonnes au lieu de {nombre(width, 0)} ; le fichier est tronqué "
            "ou abîmé : téléchargez-le de nouveau")


