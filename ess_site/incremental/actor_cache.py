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
from pathlib import Path

from ..content.model import Actor
from .cache_files import CacheFiles
from .fingerprint import hexdigest

FORMAT = 4  # 4: shards sealed; 3: actors carry no description (read from their file when needed)
RACY_SECONDS = 2
SHARDS = 64  # one edited file rewrites 1/64 of the cache


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def shard_of(name: str) -> int:
    return zlib.crc32(name.encode()) % SHARDS


class ActorCache:
    def __init__(self, folder: Path, content: Path, key: str, files: CacheFiles):
        self.folder = folder / "actors" / hexdigest(str(content.resolve()).encode())
        self.key = key
        self.files = files
        self.writable = True  # until a shard cannot be written: the others would fail alike
        self.shards: list[dict[str, tuple]] = [self.load_shard(number) for number in range(SHARDS)]
        self.stamps: dict[str, tuple] = {}  # files read this build, with their stamp before reading
        self.reused = 0

    def load_shard(self, number: int) -> dict[str, tuple]:
        data = self.files.read(self.folder / f"{number:02d}.pickle")
        try:
            saved = pickle.loads(data) if data is not None else None
            if saved and saved["format"] == FORMAT and saved["key"] == self.key and isinstance(saved["entries"], dict):
                return saved["entries"]
        except Exception:  # another version's: only a slower build, the files are read again
            pass
        return {}

    def reuse(self, path: Path) -> Actor | None:
        """The actor read from `path` by an earlier build, if the file has not changed since."""
        try:
            stamp = file_stamp(path)
        except OSError:
            return None
        known = self.shards[shard_of(path.name)].get(path.name)
        if known and known[0] == stamp and isinstance(known[1], dict):
            self.reused += 1
            actor = object.__new__(Actor)  # as pickle does: the fields were validated when read
            actor.__dict__.update(known[1], path=path)
            return actor
        self.stamps[path.name] = stamp
        return None

    def save(self, actors: list[Actor]) -> None:
        """Keep this build's valid actors (read now or reused) for the next build; only the
        shards that changed are written, none when every actor came from the cache. Once saved,
        the cache lets go of its entries: a build saves once, and at 220 000 actors they weigh
        hundreds of MiB that the rest of the build needs."""
        if self.stamps or self.reused != sum(map(len, self.shards)):
            racy = time.time_ns() - RACY_SECONDS * 1_000_000_000
            by_shard: list[list[Actor]] = [[] for _ in range(SHARDS)]
            for actor in actors:
                by_shard[shard_of(actor.path.name)].append(actor)
            for number, members in enumerate(by_shard):
                self.save_shard(number, members, racy)
                self.shards[number] = {}  # one shard's copies alive at a time
        self.shards = [{} for _ in range(SHARDS)]

    def save_shard(self, number: int, actors: list[Actor], racy: int) -> None:
        old, new = self.shards[number], {}
        for actor in actors:
            name = actor.path.name
            if name not in self.stamps and name in old:
                new[name] = old[name]
            elif (stamp := self.stamps.get(name)) and stamp[1] < racy and stamp[2] < racy:
                new[name] = (stamp, {k: v for k, v in actor.__dict__.items() if k != "path"})
        if self.writable and (old.keys() != new.keys() or any(old[name] is not entry for name, entry in new.items())):
            data = pickle.dumps({"format": FORMAT, "key": self.key, "entries": new}, protocol=pickle.HIGHEST_PROTOCOL)
            self.writable = self.files.write(self.folder / f"{number:02d}.pickle", data)
