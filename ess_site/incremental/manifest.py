"""The build manifest: what an output folder holds, file by file, as the last build wrote it.

An incremental build trusts output/ only through this record: the fingerprint each file was
made from and the hash of its bytes. It lives in the cache folder, one per output folder, and
is thrown away, never half-trusted, when it cannot be read, was written by another version of
the generator, or describes another folder than the one on disk. It is kept in Python's marshal
format, the folder's id first, then its head (`body`, the bytes the journal carries as well):
at 20 000 actors, 6.4 MB of JSON took about 0.2 s to write and as much to read at every build.
The files, and the actors of the dependency graph, are encoded in parts of PART entries, in
order; each part is a file of its own beside the manifest, named by the digest of its bytes, and
the head names its parts. A manifest keeps its parts: a preview's edit changes one or two
entries, so one or two parts are encoded and written again, and the head (tens of kB) with them,
not 6 MB twice (journal and manifest) at each edit. It is deleted before output/
is changed in place and written again once the change is complete: an interrupted build leaves
either no record or a journal that finishes the change (output/journal.py). Each file's size
and time are recorded too, so that a build finds the files changed or removed by hand (plan.py).
"""

import io
import marshal
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .fingerprint import hexdigest

FORMAT = 8  # 2: the search index by shard; 3: each file's stamp; 4: each indexed page's place; 5: the dependency graph; 6: marshal;
# 7: the files in parts; 8: the parts in files of their own, named by their digest
PART = 512  # entries per part of the files


@dataclass
class Entry:
    fingerprint: str  # digest of what the file is made from
    content: str  # digest of its bytes
    indexed: bool = False  # a page the search index reads (data-pagefind-body)
    stamp: list[int] | None = None  # [size, mtime_ns] of the file in output/ (output/files.py stamp_of)
    place: str = ""  # an indexed page's département, which chooses its search bundle (output/search_index.py)


@dataclass
class Manifest:
    generator: str
    files: dict[str, Entry] = field(default_factory=dict)  # path in output/ -> entry
    support: dict[str, list[int]] = field(default_factory=dict)  # copied file (assets, vendor) -> [size, mtime_ns]
    # Search shard -> digest of the indexed pages it was made from (output/search_index.py); None: no index
    search: dict[str, str] | None = None
    output_id: list[int] = field(default_factory=list)  # the output folder's device, inode and mtime
    graph: dict | None = None  # what each page depends on (dependencies.py Graph, as JSON); None: not recorded
    # The files and the graph's actors as last encoded (encoded_parts), reused while they hold the
    # same entries; not part of its value
    parts: tuple["Part", ...] = field(default=(), compare=False, repr=False)
    actor_parts: tuple["Part", ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Part:
    """PART entries of a manifest (files, or the graph's actors), in its order, their bytes and
    the name of the file holding them (the digest of the bytes)."""

    names: tuple[str, ...]
    entries: tuple  # the entries encoded (entries are replaced, never changed in place)
    data: bytes
    key: str


def file_row(entry: Entry) -> list:
    return [entry.fingerprint, entry.content, entry.indexed, entry.stamp, entry.place]


def encoded_parts(items: dict, before: tuple[Part, ...] = (), row: Callable = file_row) -> tuple[Part, ...]:
    """The items in parts, each encoded unless `before` has it with the same names and entries."""
    names, entries = tuple(items), tuple(items.values())
    parts = []
    for number, start in enumerate(range(0, len(names), PART)):
        held, given = names[start:start + PART], entries[start:start + PART]
        old = before[number] if number < len(before) else None
        if old is not None and old.names == held and all(map(operator.is_, old.entries, given)):  # in C: 30 000 entries twice a build
            parts.append(old)
        else:
            data = marshal.dumps({name: row(entry) for name, entry in zip(held, given)})
            parts.append(Part(held, given, data, hexdigest(data)))
    return tuple(parts)


@dataclass(frozen=True)
class Body:
    """A manifest as written: its head (the output folder's id aside), naming its parts."""

    head: bytes
    files: tuple[Part, ...]
    actors: tuple[Part, ...]  # the dependency graph's actors

    @property
    def parts(self) -> tuple[Part, ...]:
        return self.files + self.actors


def manifest_path(cache: Path, output: Path) -> Path:
    return cache / "build" / f"{hexdigest(str(output.resolve()).encode())}.manifest"


def parts_folder(path: Path) -> Path:
    """Where the parts of the manifest at `path` are kept."""
    return path.with_suffix(".parts")


def folder_id(output: Path) -> list[int]:
    """Tells this very folder from one made later at the same path (inode numbers are reused,
    but not together with the time the folder last changed)."""
    stat = output.stat()
    return [stat.st_dev, stat.st_ino, stat.st_mtime_ns]


def stamp_matches(path: str | Path, stamp: list[int] | None) -> bool:
    """Whether the file is there as recorded (None: only that it is there)."""
    try:
        return os.path.isfile(path) if stamp is None else stamp_of(path) == stamp
    except OSError:
        return False


def stamp_of(path: str | Path) -> list[int]:
    """[size, mtime_ns]: a rename keeps both, so the stamp taken when a file is written beside
    output/ is the one it has once moved in, and a later stat tells whether it was touched."""
    stat = os.stat(path)
    return [stat.st_size, stat.st_mtime_ns]


@dataclass(frozen=True)
class Kept:
    """The manifest a process last saved, and the stamp of the file it wrote: a preview keeps it
    between builds (reading 20 000 entries back takes a quarter of a second)."""

    manifest: Manifest
    stamp: tuple[int, int, int, int]


class ManifestFile:
    """The record of one output folder, in the cache folder. Read here; only
    output/transaction.py forgets and saves it."""

    def __init__(self, cache: Path, output: Path):
        self.output = output
        self.path = manifest_path(cache, output)
        self.parts = parts_folder(self.path)

    def load(self, generator: str, kept: Kept | None = None) -> tuple[Manifest | None, str]:
        """The manifest of the output folder, or None and why it cannot be used (said to the
        user). `kept`: the manifest this process saved, used while the file is still the one written."""
        if not self.output.is_dir():
            return None, "pas de site précédent"
        try:
            manifest = copied(kept.manifest) if kept and kept.stamp == file_stamp(self.path) else self.read()
            if manifest is None:
                return None, "cache d'un autre format"
        except FileNotFoundError:
            return None, "pas de cache"
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None, "cache illisible, ignoré"
        if manifest.generator != generator:
            return None, "générateur modifié depuis la dernière construction"
        if manifest.output_id != folder_id(self.output):
            return None, "le dossier de sortie a été remplacé depuis la dernière construction"
        return manifest, ""

    def read(self) -> Manifest | None:
        with open(self.path, "rb") as file:
            try:
                output_id = marshal.load(file)
                raw = parsed(file, self.parts)
            except (EOFError, ValueError, TypeError):  # another format's file (JSON before format 6), or cut short
                return None
        if raw is None or not isinstance(output_id, list):
            return None
        return decoded({**raw, "output_id": output_id})


def parsed(file, folder: Path) -> dict | None:
    """A head read back with its parts (from `folder`); None when of another format. A part
    missing raises FileNotFoundError."""
    raw = marshal.load(file)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return None
    files, actors = read_parts(folder, raw["parts"]), read_parts(folder, raw["actor_parts"])
    graph = {**raw["graph"], "actors": actors} if raw["graph"] is not None else None
    return {**raw, "files": files, "graph": graph}


def read_parts(folder: Path, keys: list[str]) -> dict:
    items: dict = {}
    for key in keys:
        with open(os.path.join(folder, key), "rb") as file:  # a string: no Path parsed per part
            items.update(marshal.load(file))
    return items


def body(manifest: Manifest) -> Body:
    """The manifest's head but for the output folder's id (the journal of an update carries it),
    and its parts (those it keeps, when still the same)."""
    files = encoded_parts(manifest.files, manifest.parts)
    graph = manifest.graph
    actors = encoded_parts(graph["actors"], manifest.actor_parts, list) if graph is not None else ()
    head = {**encoded(manifest), "output_id": [], "graph": {**graph, "actors": None} if graph is not None else None,
            "parts": [part.key for part in files], "actor_parts": [part.key for part in actors]}
    return Body(marshal.dumps(head), files, actors)


def from_body(head: bytes, folder: Path) -> Manifest | None:
    """The manifest whose head `body` gave (its output folder's id empty), its parts read from
    `folder`; None when of another format or when a part is missing."""
    try:
        raw = parsed(io.BytesIO(head), folder)
    except FileNotFoundError:
        return None
    return decoded(raw) if raw is not None else None


def file_bytes(output_id: list[int], body: bytes) -> bytes:
    """What the manifest file holds: the folder's id, then the body."""
    return marshal.dumps(output_id) + body


def encoded(manifest: Manifest) -> dict:
    """The manifest as plain data (lists, dicts, strings, numbers), but for its files (encoded_parts)."""
    return {"format": FORMAT, "generator": manifest.generator, "search": manifest.search, "output_id": manifest.output_id,
            "support": manifest.support, "graph": manifest.graph}


def decoded(raw: dict) -> Manifest | None:
    """The manifest `encoded` gave; None when of another format."""
    if raw.get("format") != FORMAT:
        return None
    manifest = Manifest(generator=raw["generator"],
                        files={name: Entry(*entry) for name, entry in raw["files"].items()},
                        support={name: list(stat) for name, stat in raw["support"].items()},
                        search=raw["search"], output_id=list(raw["output_id"]), graph=raw.get("graph"))
    if not all(isinstance(e.fingerprint, str) and isinstance(e.content, str) for e in manifest.files.values()):
        raise ValueError("entries")
    return manifest


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    stat = path.stat()  # FileNotFoundError when the manifest was forgotten: the caller's "pas de cache"
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def copied(manifest: Manifest) -> Manifest:
    """A copy the caller may change (entries are replaced, never changed in place)."""
    return Manifest(manifest.generator, dict(manifest.files), {name: list(stat) for name, stat in manifest.support.items()},
                    dict(manifest.search) if manifest.search is not None else None, list(manifest.output_id), manifest.graph,
                    manifest.parts, manifest.actor_parts)
