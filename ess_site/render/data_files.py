"""Render stage, open data: the published actors as CSV (with its Table Schema), JSON and
GeoJSON, the key figures as JSON, and a data package that lists them, all in /donnees/.

Each file is a pure function of the site, so two builds of the same content write the same
bytes and the writer leaves an unchanged file alone. The catalogue (name, format, size, number
of records) is known before any page is rendered: /donnees/ shows it.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass

from .. import urls
from ..compute.figures import figures_as_json
from ..compute.open_data import COLUMNS, LICENCE, LIST_SEPARATOR, NOT_ON_MAPS, record, table_schema
from ..compute.site import Card, Site
from ..content.model import Actor, Territory
from .renderer import Rendered

COORDINATE_DECIMALS = 6  # about 10 cm: more would only repeat noise


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

    @property
    def url(self) -> str:
        return urls.data_file(self.name)


@dataclass(frozen=True)
class OpenData:
    files: list[Rendered]  # to write, in /donnees/ (and the figures at their historical URL)
    catalogue: list[DataFile]  # what /donnees/ lists, the data package first


@dataclass(frozen=True)
class Lines:
    """One actor's line in each of the three files: made once per actor file (data_cache.py
    keeps them), so editing one actor does not serialize the 19 999 others again."""

    csv: str
    json: str
    geojson: str


def actor_lines(actor: Actor, card: Card, territory: Territory) -> Lines:
    row = record(actor, card, territory)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow([cell(row[column.name], column) for column in COLUMNS])
    return Lines(out.getvalue(), json.dumps(row, ensure_ascii=False), json.dumps(feature(row, actor), ensure_ascii=False))


def feature(row: dict, actor: Actor) -> dict:
    """RFC 7946: WGS 84 longitude then latitude; an actor the map cannot place has no geometry."""
    position = actor.position
    geometry = None if position is None else {
        "type": "Point", "coordinates": [round(position[1], COORDINATE_DECIMALS), round(position[0], COORDINATE_DECIMALS)]}
    properties = {key: value for key, value in row.items() if key not in NOT_ON_MAPS}
    properties["position_exacte"] = bool(position and position[2])
    return {"type": "Feature", "id": row["identifiant"], "geometry": geometry, "properties": properties}


def open_data(site: Site, known: dict[str, Lines] | None = None) -> tuple[OpenData, dict[str, Lines]]:
    """The files, and each actor's lines by file digest (`known`: those of an earlier build)."""
    known = known or {}
    lines = [known.get(actor.file_digest) or actor_lines(actor, card, site.territory)
             for actor, card in zip(site.actors, site.cards, strict=True)]
    count = len(lines)
    figures = figures_bytes(site)
    made = [
        ("acteurs.csv", "Les acteurs, en tableau", "CSV", "text/csv",
         "une ligne par acteur publié, une colonne par information ; séparateur virgule, encodage UTF-8", as_csv(lines), count),
        ("acteurs.json", "Les acteurs, en JSON", "JSON", "application/json",
         "les mêmes fiches, pour les programmes ; les listes (thématiques, labels) restent des listes",
         one_per_line(about(site), "acteurs", [line.json for line in lines]), count),
        ("acteurs.geojson", "Les acteurs, sur une carte", "GeoJSON", "application/geo+json",
         "un point par acteur, placé comme sur la carte du site (sa position, sinon le centre de sa commune), avec les "
         "colonnes du tableau sauf la présentation ; s'ouvre dans un logiciel de carte (QGIS, uMap…)",
         one_per_line({"type": "FeatureCollection"}, "features", [line.geojson for line in lines]), count),
        ("chiffres.json", "Les chiffres clés", "JSON", "application/json",
         "les chiffres clés du territoire et de chaque commune, non arrondis", figures, None),
        ("acteurs.schema.json", "Description des colonnes", "JSON (Table Schema)", "application/json",
         "le type, le format et les valeurs permises de chaque colonne de acteurs.csv", dumps(table_schema(site.territory)), None),
    ]
    described = [(DataFile(name, title, kind, mediatype, text, len(data), count, sha256(data)), data)
                 for name, title, kind, mediatype, text, data, count in made]
    package = dumps(data_package(site, [entry for entry, _ in described]))
    described.insert(0, (DataFile("datapackage.json", "Le paquet de données", "JSON (Data Package)", "application/json",
                                  "la liste de ces fichiers, leur licence et leur description, lisible par les outils Frictionless",
                                  len(package), None, sha256(package)), package))
    # The data package's SHA-256 serves as each file's content digest in the manifest: hashed once.
    files = [Rendered(urls.output_path(entry.url), data, entry.sha256) for entry, data in described]
    figures_entry = next(entry for entry, _ in described if entry.name == "chiffres.json")
    files.append(Rendered(urls.output_path(urls.KEY_FIGURES_JSON), figures, figures_entry.sha256))  # its historical address
    by_digest = {actor.file_digest: line for actor, line in zip(site.actors, lines, strict=True) if actor.file_digest}
    return OpenData(files, [entry for entry, _ in described]), by_digest


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def cell(value, column) -> str:
    if value is None:
        return ""
    if column.is_list:
        return LIST_SEPARATOR.join(value)
    return str(value)


def as_csv(lines: list[Lines]) -> bytes:
    """RFC 4180: comma, double quotes where needed, CRLF line ends; UTF-8 without BOM."""
    header = ",".join(column.name for column in COLUMNS) + "\r\n"
    return (header + "".join(line.csv for line in lines)).encode("utf-8")


def about(site: Site) -> dict:
    return {"producteur": site.territory.editeur.nom if site.territory.editeur else site.territory.nom,
            "licence": LICENCE["title"], "licence_url": LICENCE["path"], "date": site.built_on.isoformat()}


def one_per_line(head: dict, key: str, items: list[str]) -> bytes:
    """JSON with one record per line (items already serialized): readable, diffable, and quick to join."""
    opening = json.dumps(head, ensure_ascii=False)[:-1] + (", " if head else "") + f'"{key}": [\n'
    return (opening + ",\n".join(items) + "\n]}\n").encode("utf-8")


def figures_bytes(site: Site) -> bytes:
    return dumps(figures_as_json(site.figures, site.territory, site.built_on))


def data_package(site: Site, files: list[DataFile]) -> dict:
    """Frictionless Data Package (v1) describing the files, with the licence."""
    territory = site.territory
    resources = []
    for data in files:
        resource = {"name": data.name.replace(".", "-"), "path": data.name, "title": data.title, "description": data.description,
                    "format": data.name.rsplit(".", 1)[1], "mediatype": data.mediatype, "encoding": "utf-8",
                    "bytes": data.size, "hash": f"sha256:{data.sha256}"}
        if data.name == "acteurs.csv":
            resource |= {"profile": "tabular-data-resource", "schema": "acteurs.schema.json",
                         "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True}}
        resources.append(resource)
    package = {
        "profile": "data-package",
        "name": f"annuaire-ess-{urls.slugify(territory.sigle)}",
        "title": f"Annuaire de l'économie sociale et solidaire : {territory.nom}",
        "description": "Les acteurs de l'économie sociale et solidaire publiés dans l'annuaire du territoire, et ses chiffres clés.",
        "licenses": [LICENCE],
        "created": f"{site.built_on.isoformat()}T00:00:00Z",  # a datetime, as the spec wants; the data is of that day
        "resources": resources,
    }
    if territory.url_site:
        package["homepage"] = urls.absolute(territory.url_site, urls.OPEN_DATA)
    return package
