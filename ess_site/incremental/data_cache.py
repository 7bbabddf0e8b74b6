"""The open-data files of the last build, kept by the key of what they are made from (the
generator, the territory, the day, each published actor's file), so a build that changed no
actor does not write 20 000 records as CSV, JSON and GeoJSON again (3 s at 20 000 actors);
and each actor's lines in those files, kept by its file's digest, so a build that changed one
actor serializes that one only.

Only the latest set is kept. A set is reused only when its record can be read and every file
still has the size it was written with; otherwise the files are made again. Lines are kept
under the generator and the territory they were made with, and dropped when either changes.
"""

import dataclasses
import json
import os
import pickle
import shutil
from pathlib import Path

from ..compute.site import Site
from ..render.data_files import DataFile, Lines, OpenData
from ..render.renderer import Rendered
from .fingerprint import Digests, hexdigest

RECORD = "record.json"
LINES = "lines.pickle"


def lines_key(site: Site, generator: str) -> str:
    """What an actor's lines depend on besides its file: the code and the territory (communes' centres, url_site)."""
    return hexdigest(f"{generator}\n{Digests().of(site.territory)}".encode())


def data_key(site: Site, generator: str) -> str | None:
    """None when an actor was not read from a file (nothing stable to key it by)."""
    if any(not actor.file_digest for actor in site.actors):
        return None
    parts = [generator, Digests().of(site.territory), site.built_on.isoformat()]
    parts += [f"{actor.slug}:{actor.file_digest}" for actor in site.actors]
    return hexdigest("\n".join(parts).encode("utf-8", "surrogatepass"))


class DataCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def lines(self, key: str) -> dict[str, Lines]:
        try:
            with (self.folder.parent / "data-lines" / LINES).open("rb") as file:
                kept_key, lines = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return {}
        return lines if kept_key == key else {}

    def keep_lines(self, key: str, lines: dict[str, Lines]) -> None:
        folder = self.folder.parent / "data-lines"
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{LINES}.{os.getpid()}.tmp"
        with temporary.open("wb") as file:
            pickle.dump((key, lines), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / LINES)

    def get(self, key: str | None) -> OpenData | None:
        if key is None:
            return None
        where = self.folder / key
        try:
            record = json.loads((where / RECORD).read_text(encoding="utf-8"))
            files = []
            for index, (path, size, content, indexed) in enumerate(record["files"]):
                data = (where / str(index)).read_bytes()
                if len(data) != size:
                    return None
                files.append(Rendered(path, data, content, indexed))
            catalogue = [DataFile(**entry) for entry in record["catalogue"]]
        except (OSError, ValueError, KeyError, TypeError):  # missing, unreadable or damaged: make them again
            return None
        return OpenData(files, catalogue)

    def put(self, key: str | None, data: OpenData) -> None:
        if key is None:
            return
        where = self.folder / key
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        for index, done in enumerate(data.files):
            (temporary / str(index)).write_bytes(done.data)
        record = {"files": [[done.path, len(done.data), done.content, done.indexed] for done in data.files],
                  "catalogue": [dataclasses.asdict(entry) for entry in data.catalogue]}
        (temporary / RECORD).write_text(json.dumps(record), encoding="utf-8")
        shutil.rmtree(where, ignore_errors=True)
        os.replace(temporary, where)
        for other in self.folder.iterdir():  # only the latest set is worth keeping
            if other.name != key:
                shutil.rmtree(other, ignore_errors=True)
