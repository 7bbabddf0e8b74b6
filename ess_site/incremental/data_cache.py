"""The open-data files, written into the cache folder and copied into the site like the assets,
kept by the key of what they are made from (the generator, the territory, the day, each
published actor's file): a build that changed no actor writes nothing again.

When they must be made again, the lines of the actors whose file did not change are copied
from the previous set (LINES says where each lies, and for which generator and territory), and a
file whose bytes did not change (the GeoJSON after an edited description) is linked to the
previous one, so it keeps its date and the writer does not copy it. Only the latest set is kept.
A set is reused only when its record can be read and every file still has the size it was
written with; otherwise it is made again.
"""

import dataclasses
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..compute.site import Site
from ..render.data_files import DataFile, Lines, site_paths, write_open_data
from .fingerprint import Digests, hexdigest

RECORD = "record.json"
LINES = "lines.json"


@dataclass(frozen=True)
class OpenData:
    support: dict[str, Path]  # path in output/ -> the file in the cache folder, copied like an asset
    catalogue: list[DataFile]  # what /donnees/ lists, the data package first


def data_key(site: Site, generator: str) -> str | None:
    """None when an actor was not read from a file (nothing stable to key it by)."""
    if any(not actor.file_digest for actor in site.actors):
        return None
    parts = [lines_key(site, generator), site.built_on.isoformat()]
    parts += [f"{actor.slug}:{actor.file_digest}" for actor in site.actors]
    return hexdigest("\n".join(parts).encode("utf-8", "surrogatepass"))


def lines_key(site: Site, generator: str) -> str:
    """What an actor's lines depend on besides its own file."""
    return hexdigest(f"{generator}\n{Digests().of(site.territory)}".encode())


class DataCache:
    def __init__(self, folder: Path, generator: str):
        self.folder, self.generator = folder, generator

    def open_data(self, site: Site, key: str | None) -> OpenData:
        """The files for `key`, from the cache or written now (`key` None: always written)."""
        return (self.kept(key) if key else None) or self.make(site, key or "sans-cle")

    def kept(self, key: str) -> OpenData | None:
        where = self.folder / key
        try:
            catalogue = [DataFile(**entry) for entry in json.loads((where / RECORD).read_text(encoding="utf-8"))]
            if any((where / entry.name).stat().st_size != entry.size for entry in catalogue):
                return None
        except (OSError, ValueError, KeyError, TypeError):  # missing, unreadable or damaged: made again
            return None
        return OpenData({path: where / name for path, name in site_paths(catalogue).items()}, catalogue)

    def make(self, site: Site, key: str) -> OpenData:
        self.folder.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.folder))
        base = lines_key(site, self.generator)
        try:
            earlier = self.earlier_lines(base, key)
            try:
                catalogue, lines = write_open_data(site, fresh, earlier)
            except OSError:  # the previous set's index does not match its files: made whole
                if earlier is None:
                    raise
                catalogue, lines = write_open_data(site, fresh)
            self.link_unchanged(fresh, catalogue)
            (fresh / LINES).write_text(json.dumps({"base": base, "spans": lines.spans}), encoding="utf-8")
            (fresh / RECORD).write_text(json.dumps([dataclasses.asdict(entry) for entry in catalogue]), encoding="utf-8")
            shutil.rmtree(self.folder / key, ignore_errors=True)
            os.replace(fresh, self.folder / key)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        for other in self.folder.iterdir():  # only the latest set is worth keeping
            if other.name != key:
                shutil.rmtree(other, ignore_errors=True)
        shutil.rmtree(self.folder.parent / "data-lines", ignore_errors=True)  # what an earlier version kept
        return self.kept(key) or OpenData({}, catalogue)

    def earlier_lines(self, base: str, key: str) -> Lines | None:
        """Where the actors' lines lie in the previous set, if it was made for the same generator
        and territory and its files are whole."""
        for previous in self.folder.glob("[!.]*"):
            if previous.name == key or not self.kept(previous.name):
                continue
            try:
                saved = json.loads((previous / LINES).read_text(encoding="utf-8"))
                if saved["base"] == base:
                    return Lines(previous, {slug: (digest, tuple(map(tuple, spans))) for slug, (digest, spans) in saved["spans"].items()})
            except (OSError, ValueError, KeyError, TypeError):  # none, or another version's
                continue
        return None

    def link_unchanged(self, fresh: Path, catalogue: list[DataFile]) -> None:
        """A file with the same bytes as in the previous set becomes that very file (same date)."""
        made = {entry.name: entry.sha256 for entry in catalogue}
        for previous in self.folder.glob("[!.]*"):
            try:
                entries = {entry["name"]: entry["sha256"] for entry in json.loads((previous / RECORD).read_text(encoding="utf-8"))}
            except (OSError, ValueError, KeyError, TypeError):  # no record, or another version's
                continue
            for name, digest in entries.items():
                if made.get(name) == digest and (previous / name).is_file():
                    link = fresh / f".{name}.link"
                    os.link(previous / name, link)
                    os.replace(link, fresh / name)
