"""Actors already read and validated by an earlier build, reused while their file is untouched.

Reading and checking 20 000 actor files is most of a build that changes one of them. An actor
is a function of its file, the territory file and the generator's code (and of the year, for
the creation-year check), so entries are kept under a key made of those, and each is reused
only when its file still has the size, times and inode recorded when it was read (as git's
index does). Files changed within two seconds of the save are not kept: a later change in the
same clock tick could go unseen. A shard is sealed with the digest of its bytes
(cache_files.py): an unreadable, damaged or foreign one is ignored, never trusted.
"""

import pickle
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from ..allocation import collector_paused
from ..content.model import Actor
from ..tools.content_files import EARLIER_TEMPORARY
from .cache_files import CacheFiles
from .fingerprint import hexdigest

FORMAT = 4  # 4: shards sealed; 3: actors carry no description (read from their file when needed)
RACY_SECONDS = 2
SHARDS = 64  # one edited file rewrites 1/64 of the cache


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def unpickled(data: bytes):
    """pickle.loads without the garbage collector's passes over the containers it makes."""
    with collector_paused():
        return pickle.loads(data)


STORED = tuple(field.name for field in fields(Actor) if field.name != "path")  # the path is the file's, given when reused


def stored(actor: Actor) -> dict:
    """The fields a shard keeps of an actor (read past dependencies.actor_reads: saving is no page's read)."""
    return {name: object.__getattribute__(actor, name) for name in STORED}


def restored(entry: dict, path: Path) -> Actor:
    """The actor a shard kept, as pickle makes it: its fields were validated when it was read."""
    actor = object.__new__(Actor)
    for name, value in entry.items():
        object.__setattr__(actor, name, value)
    object.__setattr__(actor, "path", path)
    return actor


def shard_of(name: str) -> int:
    return zlib.crc32(name.encode()) % SHARDS


@dataclass(frozen=True)
class ActorMemory:
    """The actors a build ended with, kept in memory by the preview for its next build: reused
    by file stamp like the cache's entries, without unpickling 64 shards at every edit."""

    key: str  # the cache's key (territory file, generator, year): another key, another memory
    actors: dict[str, tuple[tuple, Actor]]  # file name -> (its stamp when read, the actor)
    paths: tuple[Path, ...] = ()  # the actor files that build listed, in order (each one valid)
    # Beside `paths`, each file's name and shard, computed once (Path.name costs a microsecond,
    # and a preview's edit would ask it of every file), and the latest date an actor was checked against.
    names: tuple[str, ...] = ()
    shards: tuple[int, ...] = ()
    latest: date | None = None


class ActorCache:
    def __init__(self, folder: Path, content: Path, key: str, files: CacheFiles, memory: ActorMemory | None = None,
                 changed: frozenset[Path] | None = None):
        self.folder = folder / "actors" / hexdigest(str(content.resolve()).encode())
        self.key = key
        self.files = files
        self.writable = True  # until a shard cannot be written: the others would fail alike
        self.shards: list[dict[str, tuple] | None] = [None] * SHARDS  # loaded when first needed
        self.memory = memory.actors if memory and memory.key == key else {}
        # With the files changed since the memory was made (the preview's watcher), the others are
        # taken from it without a stat: 20 000 stats are most of an edit's build at 20 000 actors.
        # By name: the watcher may spell the folder otherwise; a name matched elsewhere costs a stat.
        self.changed = frozenset(path.name for path in changed) if changed is not None and self.memory else None
        self.listing = memory.paths if self.memory else ()
        self.names = memory.names if self.memory and len(memory.names) == len(self.listing) else ()
        self.shard_numbers = memory.shards if self.names and len(memory.shards) == len(self.names) else ()
        self.latest = memory.latest if self.memory else None
        self.given: list[Path] | None = None  # the listing listed() gave
        self.whole = False  # every listed file the memory's, but the changed ones (reuse_listed): `seen` holds only those
        self.stamps: dict[str, tuple] = {}  # files read this build, with their stamp before reading
        self.seen: dict[str, tuple[tuple, Actor]] = {}  # files reused, with their stamp
        self.reused = 0

    def shard(self, number: int) -> dict[str, tuple]:
        if self.shards[number] is None:
            self.shards[number] = self.load_shard(number)
        return self.shards[number]

    def load_shard(self, number: int) -> dict[str, tuple]:
        data = self.files.read(self.folder / f"{number:02d}.pickle")
        try:
            saved = unpickled(data) if data is not None else None
            if saved and saved["format"] == FORMAT and saved["key"] == self.key and isinstance(saved["entries"], dict):
                return saved["entries"]
        except Exception:  # another version's: only a slower build, the files are read again
            pass
        return {}

    def reuse_listed(self, files: list[Path], day: date, reuse: Callable[[Path], Actor | None]) -> list[Path | Actor] | None:
        """Each of `files` or the actor the memory holds for it, when `files` is the memory's own
        listing (listed()): the files the watcher did not see change are taken by name, without
        a stat nor a look at each, unless one was checked against a day after `day`; the others
        are asked to `reuse` (reuse() and the caller's checks). None: ask `reuse` of each file."""
        if self.changed is None or files is not self.given or (self.latest and self.latest > day):
            return None
        self.whole = True
        get, changed = self.memory.get, self.changed
        # one comprehension over 20 000 files, then the few others asked (a loop with appends: 10-15 ms a preview edit)
        found: list[Path | Actor | None] = [remembered[1] if (remembered := get(name)) is not None and remembered[1].path is path
                                            and name not in changed else None for name, path in zip(self.names, files)]
        others = [index for index, actor in enumerate(found) if actor is None]
        for index in others:
            found[index] = reuse(files[index]) or files[index]
        self.reused += len(found) - len(others)
        return found

    def reused_entry(self, name: str) -> tuple | None:
        """The stamp and actor this build reused for a file name, if it did."""
        if name in self.seen:
            return self.seen[name]
        if self.whole and name not in self.changed and name not in self.stamps:
            return self.memory.get(name)
        return None

    def reuse(self, path: Path) -> Actor | None:
        """The actor read from `path` by an earlier build, if the file has not changed since."""
        if self.changed is not None and path.name not in self.changed:
            remembered = self.memory.get(path.name)
            if remembered and (remembered[1].path is path or remembered[1].path == path):  # `is`: listed from memory
                self.reused += 1
                self.seen[path.name] = remembered
                return remembered[1]
        try:
            stamp = file_stamp(path)
        except OSError:
            return None
        remembered = self.memory.get(path.name)
        if remembered and remembered[0] == stamp and remembered[1].path == path:
            self.reused += 1
            self.seen[path.name] = remembered
            return remembered[1]
        known = self.shard(shard_of(path.name)).get(path.name)
        if known and known[0] == stamp and isinstance(known[1], dict):
            self.reused += 1
            actor = restored(known[1], path)
            self.seen[path.name] = (stamp, actor)
            return actor
        self.stamps[path.name] = stamp
        return None

    def listed(self, folder: Path) -> list[Path] | None:
        """The actor files of `folder`, as the memory's build listed them, when the changed files
        are all among them, still there and plain files (no addition, removal, link or file an
        interrupted import left: None, list the folder)."""
        if self.changed is None or not self.names or self.listing[0].parent != folder \
                or any(name.endswith(EARLIER_TEMPORARY) for name in self.changed):
            return None
        known = {name: self.listing[index] for name, index in positions(self.names, self.changed).items()}
        for name in self.changed:
            path = known.get(name, folder / name)
            if name not in known and name.endswith(".md") or name in known and (path.is_symlink() or not path.is_file()):
                return None
        self.given = list(self.listing)
        return self.given

    def save(self, actors: list[Actor]) -> ActorMemory:
        """Keep this build's valid actors (read now or reused) for the next build; only the
        shards that changed are written, none when every actor came from the cache. Once saved,
        the cache lets go of its entries: a build saves once, and at 220 000 actors they weigh
        hundreds of MiB that the rest of the build needs. Returns the memory of them for a
        next build in this process."""
        racy = time.time_ns() - RACY_SECONDS * 1_000_000_000
        same = self.whole and len(actors) == len(self.listing)  # the memory's files, each valid: only the read ones differ
        names = self.names if same else tuple(actor.path.name for actor in actors)
        numbers = self.shard_numbers if same and self.shard_numbers else tuple(shard_of(name) for name in names)
        if same:
            dirty = {shard_of(name) for name in self.stamps}
        elif self.memory:  # only the shards of files read now or gone are written
            present = set(names)
            dirty = {shard_of(name) for name in self.stamps} | {shard_of(name) for name in self.memory if name not in present}
        elif self.stamps or self.reused != sum(len(self.shard(number)) for number in range(SHARDS)):
            dirty = set(range(SHARDS))
        else:
            dirty = set()
        by_shard: dict[int, list[Actor]] = {number: [] for number in dirty}
        if dirty:
            for actor, number in zip(actors, numbers):
                if number in by_shard:
                    by_shard[number].append(actor)
        for number, members in by_shard.items():
            self.save_shard(number, members, racy)
            self.shards[number] = None  # one shard's copies alive at a time
        self.shards = [None] * SHARDS
        return ActorMemory(self.key, self.remembered(actors, names, racy, same), tuple(actor.path for actor in actors) if not same
                           else self.listing, names, numbers, self.latest_day(actors, same))

    def remembered(self, actors: list[Actor], names: tuple[str, ...], racy: int, same: bool) -> dict[str, tuple[tuple, Actor]]:
        """The next memory: each actor with the stamp of its file when reused or read (not those
        read within RACY_SECONDS of their change, read again next time)."""
        if same:  # the memory, with the files read now put in
            kept = dict(self.memory)
            by_name = {name: actors[index] for name, index in positions(names, self.stamps.keys() | self.seen.keys()).items()}
        else:
            kept, by_name = {}, dict(zip(names, actors))
        for name, actor in by_name.items():
            if (stamp := self.stamps.get(name)) and stamp[1] < racy and stamp[2] < racy:
                kept[name] = (stamp, actor)
            elif name in self.seen:
                kept[name] = self.seen[name]
            else:
                kept.pop(name, None)
        return kept

    def latest_day(self, actors: list[Actor], same: bool) -> date | None:
        """The latest date any kept actor was checked against (reuse_listed)."""
        fresh = self.stamps.keys() | self.seen.keys()  # read now, or reused by file (the others are the memory's)
        read = actors if not same else [actor for name, actor in zip(self.names, actors) if name in fresh] if fresh else []
        days = [when for actor in read for when in (actor.date_source, actor.verifie_le) if when]
        if same and self.latest:
            days.append(self.latest)
        return max(days, default=None)

    def save_shard(self, number: int, actors: list[Actor], racy: int) -> None:
        old, new = self.shard(number), {}
        for actor in actors:
            name = actor.path.name
            reused = self.reused_entry(name)
            if name not in self.stamps and name in old and reused and old[name][0] == reused[0]:
                new[name] = old[name]
            elif reused:  # reused from memory, absent from the shard (written by another process)
                new[name] = (reused[0], stored(actor))
            elif (stamp := self.stamps.get(name)) and stamp[1] < racy and stamp[2] < racy:
                new[name] = (stamp, stored(actor))
        if self.writable and (old.keys() != new.keys() or any(old[name] is not entry for name, entry in new.items())):
            data = pickle.dumps({"format": FORMAT, "key": self.key, "entries": new}, protocol=pickle.HIGHEST_PROTOCOL)
            self.writable = self.files.write(self.folder / f"{number:02d}.pickle", data)


def positions(names: tuple[str, ...], wanted) -> dict[str, int]:
    """Where each of the `wanted` names is in `names` (unique), those absent left out. A preview's
    edit wants one or two among 20 000: a scan in C for each (a comprehension over all: 3-5 ms)."""
    if len(wanted) > 16:
        return {name: index for index, name in enumerate(names) if name in wanted}
    found = {}
    for name in wanted:
        try:
            found[name] = names.index(name)
        except ValueError:
            pass
    return found
