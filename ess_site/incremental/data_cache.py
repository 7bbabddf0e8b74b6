"""The open-data files, written into the cache folder and copied into the site like the assets,
kept by the key of what they are made from (the generator, the territory, the day, each
published actor's file): a build that changed no actor writes nothing again.

The files are made of the pieces render/data_files.py gives, written here as streams. When they
must be made again, the lines of the actors whose file did not change are copied from the
previous set (LINES says where each lies, and for which generator and territory): after one
edited description, the files are rewritten without reading 20 000 descriptions back; and a
file whose bytes did not change (the GeoJSON after an edited description) is linked to the
previous one, so it keeps its date and the writer does not copy it. Only the latest set is kept.

A set is trusted only once verified: its record and its index of lines are sealed
(cache_files.py), and every file must still have the stamp the record gives it (size,
mtime_ns, inode, taken once the set was written, as the content's files are trusted by their
stamps), or else the SHA-256 it was written with: a file changed since, by hand or by damage,
is hashed again, and made again unless its bytes are the same (hashing the 220 MB of a
20 000-actor set at every edit cost 0.4 s). A build asked to redo everything (`--complet`) reads no set at all. A cache
folder that cannot be written gives way to a temporary folder, and the build says so.
"""

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..compute.site import Site
from ..render.data_files import (
    ACTOR_FILES,
    DESCRIPTIONS,
    JSON_LISTS,
    DataFile,
    catalogue_entry,
    closings,
    lines_of,
    map_entry,
    map_point_files,
    openings,
    package,
    site_paths,
    whole_files,
)
from .actor_cache import unpickled
from .cache_files import CacheFiles, sha256_of
from .dependencies import actor_reads
from .fingerprint import hexdigest

RECORD = "record.json"
WHOLE = {"chiffres.json", "acteurs.schema.json"}  # what whole_files makes, from the site's figures, territory and dates
SPLICED_UP_TO = 64  # actors made again, at most, for the files to be spliced from the earlier ones (else copied actor by actor)
LINES = "lines.pickle"  # pickled: its 20 000 entries took 0.3 s to read and write as JSON
Span = tuple[int, int]  # (offset, length) of one actor's line in one file


@dataclass(frozen=True)
class OpenData:
    support: dict[str, Path]  # path in output/ -> the file in the cache folder, copied like an asset
    catalogue: list[DataFile]  # every file made, the data package first

    @property
    def published(self) -> list[DataFile]:
        """What /donnees/ lists: the open-data files, not the map's points."""
        return [entry for entry in self.catalogue if not entry.path]


@dataclass(frozen=True)
class Lines:
    """The actor files an earlier build wrote into `folder`, and where each actor's lines lie in
    them: slug -> (digest of the actor's file then, one span per file of ACTOR_FILES); the Actor
    attributes its map's points were made from (None: unknown)."""

    folder: Path
    spans: dict[str, tuple[str, tuple[Span, ...]]]
    map_reads: frozenset[str] | None = None
    catalogue: tuple[DataFile, ...] = ()  # that set's files


@dataclass(frozen=True)
class Unchanged:
    """What a narrow build (incremental/dependencies.py) keeps of the last one: its site's
    figures, territory and dates (so the files made whole from them have the same bytes), and
    the edited actors as that build read them and as read now."""

    edited: dict[str, tuple]  # slug -> (actor then, actor now)

    @classmethod
    def since(cls, site, narrow) -> "Unchanged | None":
        """What the open data may keep of the last build's `site`, when this one is made from it."""
        if site is None or narrow is None:
            return None
        then = {actor.slug: actor for actor in site.actors}
        return cls({slug: (then.get(slug), now) for slug, now in narrow.edited.items()})

    def same(self, names: frozenset[str]) -> bool:
        """Whether no edited actor changed any of these attributes (all of them, if __dict__ was read)."""
        if "__dict__" in names or "__reduce_ex__" in names:
            return False
        return all(getattr(then, name, None) == getattr(now, name, None) for then, now in self.edited.values() for name in names)


class Stream:
    """A file written piece by piece, hashed as it goes. Pieces copied from an earlier file that
    follow each other there are read and written as one block: after one edit, a file is a few
    blocks of the previous one around the new lines, not 20 000 seeks and writes."""

    CHUNK = 1 << 20

    def __init__(self, path: Path):
        self.file = path.open("wb")
        self.hash = hashlib.sha256()
        self.size = 0
        self.run: list | None = None  # [source, start, end]: bytes of an earlier file still to copy

    @property
    def position(self) -> int:
        """Where the next piece lies, counting the copy not yet made."""
        return self.size + (self.run[2] - self.run[1] if self.run else 0)

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> Span:
        """Write `data`; return where it lies in the file."""
        self.flush()
        self.file.write(data)
        self.hash.update(data)
        self.size += len(data)
        return self.size - len(data), len(data)

    def copy(self, source, span: Span, separator: bytes) -> Span:
        """Copy the line at `span` of `source` after `separator`; return where the line lies here.
        When the line directly follows the previous copy in `source` (the separator between, which
        that file holds too, since it was written by write_open_data), the copy grows instead."""
        start, length = span
        if self.run and self.run[0] is source and self.run[2] + len(separator) == start:
            self.run[2] = start + length
            return self.position - length, length
        if separator:
            self.write_bytes(separator)
        self.flush()
        self.run = [source, start, start + length]
        return self.size, length

    def copy_range(self, source, start: int, end: int) -> None:
        """Copy bytes `start` to `end` of `source` (grows the copy under way when they follow it)."""
        if self.run and self.run[0] is source and self.run[2] == start:
            self.run[2] = end
            return
        self.flush()
        self.run = [source, start, end]

    def flush(self) -> None:
        if not self.run:
            return
        source, start, end = self.run
        self.run = None
        source.seek(start)
        while start < end:
            data = source.read(min(self.CHUNK, end - start))
            if not data:
                raise OSError(f"{source.name}: shorter than the earlier build left it")
            self.file.write(data)
            self.hash.update(data)
            self.size += len(data)
            start += len(data)

    def close(self) -> tuple[int, str]:
        self.flush()
        self.file.close()
        return self.size, self.hash.hexdigest()


def data_key(site: Site, base: str) -> str | None:
    """None when an actor was not read from a file (nothing stable to key it by). `base`: the
    lines_key, computed once a build (digesting a région's territory costs 0.15 s)."""
    if any(not actor.file_digest for actor in site.actors):
        return None
    parts = [base, site.build_day.isoformat()]
    parts += [f"{actor.slug}:{actor.file_digest}" for actor in site.actors]
    return hexdigest("\n".join(parts).encode("utf-8", "surrogatepass"))


def lines_key(generator: str, territory: str) -> str:
    """What an actor's lines depend on besides its own file: the code and the territory, taken by
    the files it is read from (`territory`: BuildCache.territory_files; digesting the territory
    as read, a région's communes, cost 0.3 s at every edit)."""
    return hexdigest(f"{generator}\n{territory}".encode())


def record(folder: Path, catalogue: list[DataFile]) -> bytes:
    """The set's catalogue and the stamp of each of its files as written (the folder's renaming
    keeps them): what verified() trusts without reading the files."""
    stamps = {}
    for entry in catalogue:
        stat = (folder / entry.name).stat()
        stamps[entry.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    return json.dumps({"catalogue": [dataclasses.asdict(entry) for entry in catalogue], "stamps": stamps}).encode()


def opened(where: Path, catalogue: list[DataFile]) -> OpenData:
    return OpenData({path: where / name for path, name in site_paths(catalogue).items()}, catalogue)


class DataCache:
    def __init__(self, folder: Path, generator: str, files: CacheFiles, read: bool = True):
        self.folder, self.generator, self.files = folder, generator, files
        self.read = read  # False: make every line again and reuse no file (the new set is still kept)
        self.scratch: tempfile.TemporaryDirectory | None = None  # where the files go when the cache folder cannot take them

    def open_data(self, site: Site, territory: str, keyed: bool = True, jobs: int = 1, unchanged: Unchanged | None = None) -> OpenData:
        """The files for the site's data_key, from the cache or written now (not `keyed`, or no
        key: always written), their actors' lines made over `jobs` processes. `territory`: the
        digest of the files the territory was read from."""
        base = lines_key(self.generator, territory)
        key = data_key(site, base) if keyed else None
        kept = self.verified(self.folder / key) if key and self.read else None
        if kept is not None:
            return opened(self.folder / key, kept)
        try:
            return self.make(site, key or "sans-cle", base, jobs, unchanged)
        except OSError as error:  # the cache folder cannot be written: the files are made aside
            self.files.unwritable(self.folder, error)
            self.scratch = tempfile.TemporaryDirectory(prefix="ess-donnees-")
            where = Path(self.scratch.name)
            return opened(where, write_open_data(site, where, jobs=jobs)[0])

    def verified(self, where: Path) -> list[DataFile] | None:
        """The set's catalogue, if its record is whole and every file has the stamp it was
        recorded with or, failing that, the size and SHA-256 it was written with; None otherwise
        (missing, damaged or unreadable: made again)."""
        try:
            kept = json.loads(self.files.read(where / RECORD) or b"null")
            catalogue = [DataFile(**entry) for entry in kept["catalogue"]]
            stamps = kept["stamps"]
            for entry in catalogue:
                path = where / entry.name
                stat = path.stat()
                if stat.st_size != entry.size:
                    return None
                if stamps.get(entry.name) != [stat.st_size, stat.st_mtime_ns, stat.st_ino] and sha256_of(path) != entry.sha256:
                    return None
        except FileNotFoundError:
            return None
        except OSError as error:
            self.files.unreadable(error.filename or where, error)
            return None
        except (ValueError, KeyError, TypeError):  # damaged record, or another version's
            return None
        return catalogue

    def make(self, site: Site, key: str, base: str, jobs: int = 1, unchanged: Unchanged | None = None) -> OpenData:
        self.folder.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.folder))
        try:
            earlier = self.earlier_lines(base, key) if self.read else None
            try:
                catalogue, lines = write_open_data(site, fresh, earlier[0] if earlier else None, jobs, unchanged)
            except OSError:  # the previous set could not be read after all: made whole
                if earlier is None:
                    raise
                catalogue, lines, earlier = *write_open_data(site, fresh, jobs=jobs), None
            if earlier:
                self.link_unchanged(fresh, catalogue, earlier[0].folder, earlier[1])
            index = pickle.dumps({"base": base, "spans": lines.spans, "map_reads": lines.map_reads}, protocol=pickle.HIGHEST_PROTOCOL)
            if not (self.files.write(fresh / LINES, index) and self.files.write(fresh / RECORD, record(fresh, catalogue))):
                raise OSError(f"{fresh}: record not written")  # said by CacheFiles; open_data makes the files aside
            shutil.rmtree(self.folder / key, ignore_errors=True)
            os.replace(fresh, self.folder / key)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        for other in self.folder.glob("*"):  # only the latest set is worth keeping
            if other.name != key:
                shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink(missing_ok=True)
        shutil.rmtree(self.folder.parent / "data-lines", ignore_errors=True)  # what an earlier version kept
        return opened(self.folder / key, catalogue)

    def earlier_lines(self, base: str, key: str) -> tuple[Lines, list[DataFile]] | None:
        """Where the actors' lines lie in the previous set, if it was made for the same generator
        and territory and its files are verified whole, with that set's catalogue."""
        for previous in sorted(self.folder.glob("[!.]*")):
            if previous.name == key:
                continue
            try:
                data = self.files.read(previous / LINES)  # sealed: only what this code wrote is unpickled
                saved = unpickled(data) if data is not None else None
                if not isinstance(saved, dict) or saved.get("base") != base or not isinstance(saved.get("spans"), dict):
                    continue
                spans = saved["spans"]
            except Exception:  # damaged, or another version's: the lines are made again
                continue
            catalogue = self.verified(previous)
            if catalogue is not None:
                return Lines(previous, spans, saved.get("map_reads"), tuple(catalogue)), catalogue
        return None

    def link_unchanged(self, fresh: Path, catalogue: list[DataFile], previous: Path, before: list[DataFile]) -> None:
        """A file with the same bytes as in the previous (verified) set becomes that very file
        (same date, so the writer does not copy it again)."""
        earlier = {entry.name: entry.sha256 for entry in before}
        for entry in catalogue:
            if earlier.get(entry.name) == entry.sha256:
                link = fresh / f".{entry.name}.link"
                try:
                    os.link(previous / entry.name, link)
                    os.replace(link, fresh / entry.name)
                except OSError:  # only a copy the writer makes again
                    link.unlink(missing_ok=True)


def write_open_data(site: Site, folder: Path, earlier: Lines | None = None, jobs: int = 1,
                    unchanged: Unchanged | None = None) -> tuple[list[DataFile], Lines]:
    """Write every file of /donnees/ into `folder`, copying from `earlier` the lines of the
    actors whose file did not change; return the catalogue (the data package first) and where
    each actor's lines lie in the new files. After a narrow build (`unchanged`), the files made
    whole from the site are `earlier`'s, and so are the map's points while no edited actor
    changed what they were made from."""
    streams = {name: Stream(folder / name) for name in ACTOR_FILES}
    heads = {name: head.encode("utf-8") for name, head in openings(site).items()}
    for name, head in heads.items():
        streams[name].write_bytes(head)
    kept = [earlier.spans.get(actor.slug) if earlier and actor.file_digest else None for actor in site.actors]
    kept = [old if old and old[0] == actor.file_digest else None for actor, old in zip(site.actors, kept, strict=True)]
    redone = [index for index, old in enumerate(kept) if old is None]
    new_lines = lines_of(site, redone, jobs)  # the others' lines are copied
    with ExitStack() as files:
        sources = [files.enter_context((earlier.folder / name).open("rb")) for name in ACTOR_FILES] if earlier else []
        few = dict(zip(redone, new_lines)) if sources and len(redone) <= SPLICED_UP_TO else None
        if few is not None and splices(site, earlier, few, sources, heads):
            spans, records = splice(site, earlier, few, streams, sources, heads)
        else:
            spans, records = copied_and_made(site, kept, iter(few.values()) if few is not None else new_lines, streams, sources)
        for name, tail in closings(records).items():
            streams[name].write(tail)
        made = {name: (*stream.close(), records[name]) for name, stream in streams.items()}  # the last copies, while open
    before = {entry.name: entry for entry in earlier.catalogue} if earlier and unchanged else {}
    whole = ({name: (earlier.folder / name).read_bytes() for name in WHOLE} if WHOLE <= before.keys() else None) if before else None
    for name, data in (whole or whole_files(site)).items():
        (folder / name).write_bytes(data)
        made[name] = (len(data), hashlib.sha256(data).hexdigest(), None)
    catalogue = [catalogue_entry(name, *made[name]) for name in DESCRIPTIONS]  # in the order /donnees/ lists them
    # the schema as acteurs.schema.json holds it: making it again reads the data·inclusion vocabularies (0.3 s)
    data, entry = package(site, catalogue, json.loads(whole["acteurs.schema.json"]) if whole else None)
    (folder / entry.name).write_bytes(data)
    maps, map_reads = [], earlier.map_reads if earlier else None
    if before and map_reads is not None and unchanged.same(map_reads):
        points = [(old.name, old.path, (earlier.folder / old.name).read_bytes(), old.records) for old in earlier.catalogue if old.path]
    else:
        with actor_reads() as read:
            points = map_point_files(site)
        map_reads = frozenset(read)
    for name, path, data, records in points:  # beside the open data, not listed on /donnees/
        (folder / name).write_bytes(data)
        maps.append(map_entry(name, path, data, records))
    return [entry, *catalogue, *maps], Lines(folder, spans, map_reads)


def copied_and_made(site: Site, kept: list, new_lines, streams: dict[str, Stream], sources: list) -> tuple[dict, dict]:
    """Each actor's lines after the files' openings, copied from `sources` when `kept` gives
    their span there, else the next of `new_lines`; where each lies, and each file's records."""
    records = dict.fromkeys(ACTOR_FILES, 0)
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    for actor, old in zip(site.actors, kept, strict=True):
        lines = None if old else next(new_lines)
        placed = []
        for index, name in enumerate(ACTOR_FILES):  # the JSON records are separated, the CSV lines end with their own CRLF
            stream = streams[name]
            length = old[1][index][1] if old else len(lines[index])
            separator = b",\n" if length and records[name] and name in JSON_LISTS else b""
            records[name] += bool(length)
            if old:
                placed.append(stream.copy(sources[index], old[1][index], separator))
            else:
                if separator:
                    stream.write_bytes(separator)
                placed.append(stream.write_bytes(lines[index]))
        spans[actor.slug] = (actor.file_digest, tuple(placed))
    return spans, records


def splices(site: Site, earlier: Lines, few: dict[int, list[bytes]], sources: list, heads: dict[str, bytes]) -> bool:
    """Whether the files are the earlier ones with only `few` actors' lines replaced: the same
    actors in the same order, the same openings, and no actor's line appearing or vanishing in
    a file (which would move a separator and change a count of records)."""
    if len(earlier.spans) != len(site.actors) or list(earlier.spans) != [actor.slug for actor in site.actors]:
        return False
    for index, lines in few.items():
        old = earlier.spans[site.actors[index].slug][1]
        if any(bool(length) != bool(line) for (_, length), line in zip(old, lines, strict=True)):
            return False
    for source, head in zip(sources, heads.values(), strict=True):
        if os.pread(source.fileno(), len(head), 0) != head:  # no seek: the copies that follow make theirs
            return False
    return True


def splice(site: Site, earlier: Lines, few: dict[int, list[bytes]], streams: dict[str, Stream], sources: list,
           heads: dict[str, bytes]) -> tuple[dict, dict]:
    """The earlier files, in runs of bytes between the lines of the `few` actors made again (a
    Python step per actor and file cost 0.25 s at 20 000 actors after one edit); where each line
    lies now (the earlier spans, shifted past a replaced line), and each file's records. The
    files' closings are written after, as by copied_and_made."""
    names = list(streams)
    cut = [len(heads[name]) for name in names]  # where the copy of each earlier file resumes
    shift = [0] * len(names)
    counts = [0] * len(names)
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    for index, actor in enumerate(site.actors):
        digest, old = earlier.spans[actor.slug]
        lines = few.get(index)
        if lines is not None:
            placed = []
            for place, ((start, length), line) in enumerate(zip(old, lines, strict=True)):
                streams[names[place]].copy_range(sources[place], cut[place], start)
                placed.append(streams[names[place]].write_bytes(line))
                cut[place] = start + length
                shift[place] += len(line) - length
            spans[actor.slug] = (actor.file_digest, tuple(placed))
        elif any(shift):
            spans[actor.slug] = (digest, tuple([(start + moved, length) for (start, length), moved in zip(old, shift)]))
        else:
            spans[actor.slug] = (digest, old)
        for place, (_, length) in enumerate(old):
            counts[place] += bool(length)
    records = dict(zip(names, counts))
    for place, (name, tail) in enumerate(closings(records).items()):
        source, tail = sources[place], tail.encode("utf-8")
        end = os.fstat(source.fileno()).st_size - len(tail)
        if end < cut[place] or os.pread(source.fileno(), len(tail) + 1, end) != tail:
            raise OSError(f"{source.name}: not closed as the earlier build left it")  # made whole (DataCache.make)
        streams[name].copy_range(source, cut[place], end)
    return spans, records
