"""Render stage, open data: the published actors as CSV (with its Table Schema), JSON and
GeoJSON, the key figures as JSON, and a data package that lists them, all in /donnees/.

Each file is a pure function of the site, so two builds of the same content write the same
bytes. This module only makes their pieces (each file's opening and closing, each actor's
lines, the whole small files, the catalogue's entries); incremental/data_cache.py writes them as
streams into the cache folder, one actor at a time, never held whole in memory (at 20 000
actors with long descriptions they weigh 170 MB), and the writer copies them into the site
like the assets. The catalogue (name, format, size, number of records, SHA-256) is known before
any page is rendered: /donnees/ shows it.

The actors come as two CSV files: acteurs.csv is standard (RFC 4180: comma, decimal point,
UTF-8 without BOM) for programs; acteurs-tableur.csv opens as it is with a double click in a
spreadsheet set to French (Excel, LibreOffice Calc): a BOM, or Excel reads the UTF-8 accents as
Windows-1252; semicolons, since the comma is the French decimal separator and Excel splits on
the list separator of the locale; decimal commas, or French Excel reads "62.5" as text and
"12.5" as 12 May; the SIRET grouped as on the site, or Excel shows 14 digits as 7,32829E+13.
In both, a text cell that a spreadsheet would evaluate as a formula (OWASP's CSV injection:
=, +, -, @, tab, carriage return first) is prefixed with an apostrophe; the JSON stays exact.

An actor's lines in the actor files depend only on its file, the territory and the
generator: incremental/data_cache.py copies an unchanged actor's lines from the files an
earlier build wrote instead of asking for them again.
"""

import copy
import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from .. import parallel, urls
from ..compute import data_inclusion
from ..compute.figures import figures_as_json
from ..compute.map_points import map_index, map_zones, zone_data, zone_file
from ..compute.open_data import COLUMNS, LICENCE, LIST_SEPARATOR, NOT_ON_MAPS, record, table_schema
from ..compute.site import Card, Site
from ..content.model import Actor

COORDINATE_DECIMALS = 6  # about 10 cm: more would only repeat noise
# One line per actor in each; in data·inclusion's files, an empty line for an actor left out.
ACTOR_FILES = ("acteurs.csv", "acteurs-tableur.csv", "acteurs.json", "acteurs.geojson", "structures.json", "services.json")
JSON_LISTS = ("acteurs.json", "acteurs.geojson", "structures.json", "services.json")  # records separated by ",\n"
# OWASP, CSV injection: a cell starting with one of these is evaluated by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIRET_GROUPS = ((0, 3), (3, 6), (6, 9), (9, 14))  # as the site shows it: 732 829 320 00074


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    decimal: str  # in number columns
    bom: bool
    siret_grouped: bool  # digits grouped with spaces, so a spreadsheet keeps them as text

    def frictionless(self) -> dict:
        return {"delimiter": self.delimiter, "lineTerminator": "\r\n", "header": True}


CSV_DIALECTS = {"acteurs.csv": CsvDialect(",", ".", False, False), "acteurs-tableur.csv": CsvDialect(";", ",", True, True)}


@dataclass(frozen=True)
class DataFile:
    """One file of /donnees/, as the page and the data package describe it."""

    name: str  # file name in /donnees/
    title: str
    format: str  # what readers call it: CSV, JSON, GeoJSON
    mediatype: str
    description: str
    size: int  # bytes
    records: int | None  # rows or features; None for a description file
    sha256: str
    use: str = ""  # what to take it for, as /donnees/ says "Pour …"
    path: str = ""  # where the site serves a file that is not open data (the map's points), not in /donnees/

    @property
    def url(self) -> str:
        return self.path or urls.data_file(self.name)


# name -> (title, format, mediatype, description, use), in the order /donnees/ lists them after the package.
DESCRIPTIONS = {
    "acteurs.csv": ("Les acteurs, en tableau", "CSV", "text/csv",
                    "une ligne par acteur publié, une colonne par information ; CSV standard : séparateur virgule, "
                    "point décimal, encodage UTF-8 sans BOM",
                    "un programme, une base de données ou un outil de données (Python, R, data.gouv.fr…)"),
    "acteurs-tableur.csv": ("Les acteurs, pour un tableur", "CSV pour tableur", "text/csv",
                            "le même tableau, qui s'ouvre d'un double clic dans Excel ou LibreOffice Calc en français : "
                            "séparateur point-virgule, virgule décimale, encodage UTF-8 avec BOM (les accents s'affichent), "
                            "SIRET en groupes de chiffres",
                            "ouvrir le tableau dans un tableur (Excel, LibreOffice Calc)"),
    "acteurs.json": ("Les acteurs, en JSON", "JSON", "application/json",
                     "les mêmes fiches, pour les programmes ; les listes (thématiques, labels) restent des listes",
                     "un programme qui lit du JSON, avec les textes exacts et les listes en listes"),
    "acteurs.geojson": ("Les acteurs, sur une carte", "GeoJSON", "application/geo+json",
                        "un point par acteur, placé comme sur la carte du site (sa position, sinon le centre de sa commune), "
                        "avec les colonnes du tableau sauf la présentation ; s'ouvre dans un logiciel de carte (QGIS, uMap…)",
                        "une carte (QGIS, uMap…)"),
    "structures.json": ("Les acteurs, au format data·inclusion", "JSON (data·inclusion)", "application/json",
                        "les acteurs au schéma national de l'offre d'insertion (data·inclusion, structures v1), pour que les "
                        "plateformes des travailleurs sociaux les retrouvent ; seuls y figurent ceux dont la fiche donne une "
                        "date de vérification ou de mise à jour, que le schéma exige",
                        "la plateforme data·inclusion et les outils des prescripteurs (DORA, emplois de l'inclusion…)"),
    "services.json": ("Leur offre, au format data·inclusion", "JSON (data·inclusion)", "application/json",
                      "pour chaque acteur de structures.json dont la fiche décrit son accueil (publics, modes d'accueil, "
                      "frais, thématiques d'inclusion), un service au schéma data·inclusion (services v1), relié à sa structure",
                      "la plateforme data·inclusion, avec structures.json"),
    "chiffres.json": ("Les chiffres clés", "JSON", "application/json",
                      "les chiffres clés du territoire et de chaque commune, non arrondis",
                      "les chiffres clés, non arrondis"),
    "acteurs.schema.json": ("Description des colonnes", "JSON (Table Schema)", "application/json",
                            "le type, le format et les valeurs permises de chaque colonne de acteurs.csv", ""),
}
PACKAGE = ("datapackage.json", "Le paquet de données", "JSON (Data Package)", "application/json",
           "la liste de ces fichiers, leur licence et leur description, lisible par les outils Frictionless")


def openings(site: Site) -> dict[str, str]:
    """What each file of ACTOR_FILES holds before its first actor."""
    heads = {name: ("\ufeff" if dialect.bom else "") + dialect.delimiter.join(column.name for column in COLUMNS) + "\r\n"
             for name, dialect in CSV_DIALECTS.items()}
    heads |= {"acteurs.json": opening(about(site), "acteurs"), "acteurs.geojson": opening({"type": "FeatureCollection"}, "features"),
              "structures.json": "[\n", "services.json": "[\n"}
    return {name: heads[name] for name in ACTOR_FILES}


def closings(records: dict[str, int]) -> dict[str, str]:
    """What each file of ACTOR_FILES holds after its last actor, given how many records it holds."""
    return {"acteurs.csv": "", "acteurs-tableur.csv": "", "acteurs.json": "\n]}\n", "acteurs.geojson": "\n]}\n",
            **{name: "\n]\n" if records[name] else "]\n" for name in ("structures.json", "services.json")}}


def map_point_files(site: Site) -> list[tuple[str, str, bytes, int]]:
    """The map's points (compute/map_points.py), as (file name in the data folder, site path,
    compact JSON, records): its index, then one file per zone."""
    zones = map_zones(site)
    files = [(urls.MAP_POINTS, map_index(site, zones), len(zones))]
    files += [(zone_file(zone.code), zone_data(zone), len(zone.points)) for zone in zones]
    return [("carte-" + path.rsplit("/", 1)[1], path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
             records) for path, value, records in files]


def map_entry(name: str, path: str, data: bytes, records: int) -> DataFile:
    return DataFile(name, "", "JSON", "application/json", "", len(data), records, hashlib.sha256(data).hexdigest(), path=path)


def whole_files(site: Site) -> dict[str, bytes]:
    """The files of /donnees/ made in one piece, besides the actors' and the package."""
    return {"chiffres.json": figures_bytes(site), "acteurs.schema.json": dumps(table_schema(site.territory))}


def package(site: Site, catalogue: list[DataFile], schema: dict | None = None) -> tuple[bytes, DataFile]:
    """The data package listing the catalogue, and its own entry (first in /donnees/). `schema`:
    table_schema(site.territory) when already made (as acteurs.schema.json holds it)."""
    data = dumps(data_package(site, catalogue, schema))
    return data, DataFile(*PACKAGE, len(data), None, hashlib.sha256(data).hexdigest())


def catalogue_entry(name: str, size: int, sha256: str, records: int | None) -> DataFile:
    title, kind, mediatype, description, use = DESCRIPTIONS[name]
    return DataFile(name, title, kind, mediatype, description, size, records, sha256, use)


def actor_lines(actor: Actor, card: Card, site: Site) -> list[bytes]:
    """The actor's CSV lines, JSON record and GeoJSON feature, in the order of ACTOR_FILES."""
    row = record(actor, card, site.territory)
    inclusion = [maker(actor, card, site.territory) for maker in (data_inclusion.structure, data_inclusion.service)]
    return [*(csv_line(row, dialect).encode("utf-8") for dialect in CSV_DIALECTS.values()),
            json.dumps(row, ensure_ascii=False).encode("utf-8"), json.dumps(feature(row, actor), ensure_ascii=False).encode("utf-8"),
            *(json.dumps(found, ensure_ascii=False).encode("utf-8") if found else b"" for found in inclusion)]


PARALLEL_FROM = 500  # actors whose lines are made: below this, forking workers costs more than it saves
STEP = 200  # actors per task: a worker holds its task's lines twice (made, then pickled), 21 MiB at 200 against 41 at 400 (4 000 actors)


def lines_of(site: Site, indices: list[int], jobs: int = 1) -> Iterator[list[bytes]]:
    """actor_lines of site.actors[index] for each index, in order, over `jobs` forked processes
    when there are many: a cold build at 20 000 actors spent 6 to 9 s of CPU on them in the main
    process while the cores had nothing else to do (bench/RESULTS.md)."""
    def make(part: list[int]) -> list[list[bytes]]:
        return [actor_lines(site.actors[index], site.cards[index], site) for index in part]

    if jobs > 1 and len(indices) >= PARALLEL_FROM and parallel.can_fork():
        steps = [(start, min(start + STEP, len(indices))) for start in range(0, len(indices), STEP)]
        # in workers only (share=False): made here, they left the main process larger for the rest of the build
        for part in parallel.map_ranges(make, indices, steps, jobs, share=False):
            yield from part
    else:
        yield from make(indices)


def csv_line(row: dict, dialect: CsvDialect = CSV_DIALECTS["acteurs.csv"]) -> str:
    """RFC 4180 with the dialect's separator: double quotes where needed, CRLF line ends."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n").writerow(
        [cell(row[column.name], column, dialect) for column in COLUMNS])
    return out.getvalue()


def feature(row: dict, actor: Actor) -> dict:
    """RFC 7946: WGS 84 longitude then latitude; an actor the map cannot place has no geometry."""
    position = actor.position
    geometry = None if position is None else {
        "type": "Point", "coordinates": [round(position[1], COORDINATE_DECIMALS), round(position[0], COORDINATE_DECIMALS)]}
    properties = {key: value for key, value in row.items() if key not in NOT_ON_MAPS}
    properties["position_exacte"] = bool(position and position[2])
    return {"type": "Feature", "id": row["identifiant"], "geometry": geometry, "properties": properties}


def dumps(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def cell(value, column, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if column.type == "number":
        return str(value).replace(".", dialect.decimal)
    if column.type != "string":  # integers, years, dates: never a formula, and negative numbers stay numbers
        return str(value)
    text = LIST_SEPARATOR.join(value) if column.is_list else str(value)
    if column.name == "siret" and dialect.siret_grouped:
        text = " ".join(text[start:end] for start, end in SIRET_GROUPS)
    return inert(text)


def inert(text: str) -> str:
    """A text cell a spreadsheet will show, never evaluate (OWASP: prefix a single quote)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def about(site: Site) -> dict:
    return {"producteur": site.territory.editeur.nom if site.territory.editeur else site.territory.nom,
            "licence": LICENCE["title"], "licence_url": LICENCE["path"], "date": site.build_day.isoformat(),
            "date_des_donnees": site.data_dates.as_json()}


def opening(head: dict, key: str) -> str:
    """The start of a JSON object whose last key holds one record per line: readable and diffable."""
    return json.dumps(head, ensure_ascii=False)[:-1] + (", " if head else "") + f'"{key}": [\n'


def site_paths(catalogue: list[DataFile]) -> dict[str, str]:
    """File name in the folder -> path in output/: /donnees/<name>, and the figures at their historical address too."""
    paths = {urls.output_path(entry.url): entry.name for entry in catalogue}
    paths[urls.output_path(urls.KEY_FIGURES_JSON)] = "chiffres.json"
    return paths


def figures_bytes(site: Site) -> bytes:
    """The key figures; "date" is the day they were computed (the build's), "date_des_donnees" the
    dates of the actors' data they are computed from."""
    return dumps({**figures_as_json(site.figures, site.territory, site.build_day), "date_des_donnees": site.data_dates.as_json()})


def spreadsheet_schema(site: Site, dialect: CsvDialect, schema: dict | None = None) -> dict:
    """The Table Schema of acteurs.csv (`schema`, when already made), with the variant's decimal
    comma and grouped SIRET."""
    schema = copy.deepcopy(schema) if schema is not None else table_schema(site.territory)
    for spec in schema["fields"]:
        if spec["type"] == "number":
            spec["decimalChar"] = dialect.decimal
        if spec["name"] == "siret" and dialect.siret_grouped:
            spec["constraints"] = spec["constraints"] | {"pattern": "[0-9]{3} [0-9]{3} [0-9]{3} [0-9]{5}"}
    return schema


def data_package(site: Site, files: list[DataFile], table: dict | None = None) -> dict:
    """Frictionless Data Package (v1) describing the files, with the licence."""
    territory = site.territory
    resources = []
    for data in files:
        resource = {"name": data.name.replace(".", "-"), "path": data.name, "title": data.title, "description": data.description,
                    "format": data.name.rsplit(".", 1)[1], "mediatype": data.mediatype, "encoding": "utf-8",
                    "bytes": data.size, "hash": f"sha256:{data.sha256}"}
        if data.name in CSV_DIALECTS:
            dialect = CSV_DIALECTS[data.name]
            schema = "acteurs.schema.json" if data.name == "acteurs.csv" else spreadsheet_schema(site, dialect, table)
            resource |= {"profile": "tabular-data-resource", "schema": schema, "dialect": dialect.frictionless()}
        resources.append(resource)
    package = {
        "profile": "data-package",
        "name": f"annuaire-ess-{urls.slugify(territory.sigle)}",
        "title": f"Annuaire de l'économie sociale et solidaire : {territory.nom}",
        "description": "Les acteurs de l'économie sociale et solidaire publiés dans l'annuaire du territoire, et ses chiffres clés.",
        "licenses": [LICENCE],
        "created": f"{site.build_day.isoformat()}T00:00:00Z",  # the day the files were made (a datetime, as the spec wants), not of their data
        "resources": resources,
    }
    if territory.url_site:
        package["homepage"] = urls.absolute(territory.url_site, urls.OPEN_DATA)
    return package
