"""Render stage, open data: the published actors as CSV (with its Table Schema), JSON and
GeoJSON, the key figures as JSON, and a data package that lists them, all in /donnees/.

Each file is a pure function of the site, so two builds of the same content write the same
bytes. They are written as streams into a folder, one actor at a time, never held whole in
memory (at 20 000 actors with long descriptions they weigh 170 MB); the writer then copies them
into the site like the assets. The catalogue (name, format, size, number of records, SHA-256)
is known before any page is rendered: /donnees/ shows it.

An actor's lines in the three actor files depend only on its file, the territory and the
generator. Given the files an earlier build wrote (`Lines`: where each actor's lines lie in them),
an unchanged actor's lines are copied from there instead of made again: after one edited
description, the files are rewritten without reading 20 000 descriptions back.
"""

import csv
import hashlib
import io
import json
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..compute.figures import figures_as_json
from ..compute.open_data import COLUMNS, LICENCE, LIST_SEPARATOR, NOT_ON_MAPS, record, table_schema
from ..compute.site import Card, Site
from ..content.model import Actor

COORDINATE_DECIMALS = 6  # about 10 cm: more would only repeat noise
ACTOR_FILES = ("acteurs.csv", "acteurs.json", "acteurs.geojson")  # one line per actor in each
Span = tuple[int, int]  # (offset, length) of one actor's line in one file


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


# name -> (title, format, mediatype, description), in the order /donnees/ lists them after the package.
DESCRIPTIONS = {
    "acteurs.csv": ("Les acteurs, en tableau", "CSV", "text/csv",
                    "une ligne par acteur publié, une colonne par information ; séparateur virgule, encodage UTF-8"),
    "acteurs.json": ("Les acteurs, en JSON", "JSON", "application/json",
                     "les mêmes fiches, pour les programmes ; les listes (thématiques, labels) restent des listes"),
    "acteurs.geojson": ("Les acteurs, sur une carte", "GeoJSON", "application/geo+json",
                        "un point par acteur, placé comme sur la carte du site (sa position, sinon le centre de sa commune), "
                        "avec les colonnes du tableau sauf la présentation ; s'ouvre dans un logiciel de carte (QGIS, uMap…)"),
    "chiffres.json": ("Les chiffres clés", "JSON", "application/json",
                      "les chiffres clés du territoire et de chaque commune, non arrondis"),
    "acteurs.schema.json": ("Description des colonnes", "JSON (Table Schema)", "application/json",
                            "le type, le format et les valeurs permises de chaque colonne de acteurs.csv"),
}
PACKAGE = ("datapackage.json", "Le paquet de données", "JSON (Data Package)", "application/json",
           "la liste de ces fichiers, leur licence et leur description, lisible par les outils Frictionless")


@dataclass(frozen=True)
class Lines:
    """The actor files an earlier build wrote into `folder`, and where each actor's lines lie in
    them: slug -> (digest of the actor's file then, one span per file of ACTOR_FILES)."""

    folder: Path
    spans: dict[str, tuple[str, tuple[Span, ...]]]


class Stream:
    """A file written piece by piece, hashed as it goes."""

    def __init__(self, path: Path):
        self.file = path.open("wb")
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> Span:
        """Write `data`; return where it lies in the file."""
        self.file.write(data)
        self.hash.update(data)
        self.size += len(data)
        return self.size - len(data), len(data)

    def close(self) -> tuple[int, str]:
        self.file.close()
        return self.size, self.hash.hexdigest()


def write_open_data(site: Site, folder: Path, earlier: Lines | None = None) -> tuple[list[DataFile], Lines]:
    """Write every file of /donnees/ into `folder`, copying from `earlier` the lines of the
    actors whose file did not change; return the catalogue (the data package first) and where
    each actor's lines lie in the new files."""
    streams = {name: Stream(folder / name) for name in ACTOR_FILES}
    streams["acteurs.csv"].write(",".join(column.name for column in COLUMNS) + "\r\n")
    streams["acteurs.json"].write(opening(about(site), "acteurs"))
    streams["acteurs.geojson"].write(opening({"type": "FeatureCollection"}, "features"))
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    with ExitStack() as files:
        sources = [files.enter_context((earlier.folder / name).open("rb")) for name in ACTOR_FILES] if earlier else []
        for index, (actor, card) in enumerate(zip(site.actors, site.cards, strict=True)):
            kept = earlier.spans.get(actor.slug) if earlier and actor.file_digest else None
            if kept and kept[0] == actor.file_digest:
                lines = [read_span(source, span) for source, span in zip(sources, kept[1], strict=True)]
            else:
                lines = actor_lines(actor, card, site)
            if index:  # the JSON records are separated, the CSV lines end with their own CRLF
                streams["acteurs.json"].write(",\n")
                streams["acteurs.geojson"].write(",\n")
            spans[actor.slug] = (actor.file_digest, tuple(streams[name].write_bytes(line) for name, line in zip(ACTOR_FILES, lines)))
    for name in ("acteurs.json", "acteurs.geojson"):
        streams[name].write("\n]}\n")
    made = {name: (*stream.close(), len(site.actors)) for name, stream in streams.items()}
    for name, data in (("chiffres.json", figures_bytes(site)), ("acteurs.schema.json", dumps(table_schema(site.territory)))):
        (folder / name).write_bytes(data)
        made[name] = (len(data), hashlib.sha256(data).hexdigest(), None)
    catalogue = [DataFile(name, *DESCRIPTIONS[name], *made[name][:1], made[name][2], made[name][1]) for name in DESCRIPTIONS]
    package = dumps(data_package(site, catalogue))
    (folder / PACKAGE[0]).write_bytes(package)
    return [DataFile(*PACKAGE, len(package), None, hashlib.sha256(package).hexdigest()), *catalogue], Lines(folder, spans)


def actor_lines(actor: Actor, card: Card, site: Site) -> list[bytes]:
    """The actor's CSV line, JSON record and GeoJSON feature, in the order of ACTOR_FILES."""
    row = record(actor, card, site.territory)
    return [csv_line(row).encode("utf-8"), json.dumps(row, ensure_ascii=False).encode("utf-8"),
            json.dumps(feature(row, actor), ensure_ascii=False).encode("utf-8")]


def read_span(source, span: Span) -> bytes:
    source.seek(span[0])
    data = source.read(span[1])
    if len(data) != span[1]:
        raise OSError(f"{source.name}: shorter than the earlier build left it")
    return data


def csv_line(row: dict) -> str:
    """RFC 4180: comma, double quotes where needed, CRLF line ends."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow([cell(row[column.name], column) for column in COLUMNS])
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


def cell(value, column) -> str:
    if value is None:
        return ""
    if column.is_list:
        return LIST_SEPARATOR.join(value)
    return str(value)


def about(site: Site) -> dict:
    return {"producteur": site.territory.editeur.nom if site.territory.editeur else site.territory.nom,
            "licence": LICENCE["title"], "licence_url": LICENCE["path"], "date": site.built_on.isoformat(),
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
    return dumps({**figures_as_json(site.figures, site.territory, site.built_on), "date_des_donnees": site.data_dates.as_json()})


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
        "created": f"{site.built_on.isoformat()}T00:00:00Z",  # the day the files were made (a datetime, as the spec wants), not of their data
        "resources": resources,
    }
    if territory.url_site:
        package["homepage"] = urls.absolute(territory.url_site, urls.OPEN_DATA)
    return package
