"""What the last build made (its site, pages, open data and the actors it read; the manifest it
saved is read from its own file), kept in the cache folder, so that `build.py` in a new process starts where the preview
starts: from that build, reading only the files changed since and, when the dependency graph
says the edit is narrow, skipping the assembly and the page table.

The file is bound to the manifest the build saved (the stamp of its file: size, times, inode):
any later change of output/ forgets that manifest or saves another, and the kept build is then
never used. It is sealed like every cache file (cache_files.py) and written whole; one that
cannot be read, or was made by another generator, is ignored: the build makes everything again.

After a narrow build that started from it, only a delta is saved beside it (`.delta`): the new
Made (but its manifest, read from its own file) pickled with every object the base holds unchanged (actors, pages, the actors' memory, the
site's figures and groups: frozen, never changed in place) written as a reference into the base.
The delta names the base it refers to by a token the base carries, so a base written again makes
every earlier delta stale; it replaces the previous delta (each one refers to the base, not to
another delta), and once it grows past a quarter of the base, or after a wide build, the whole
Made is written as a new base instead.

Beside it: the stamp of every file of content/ taken before that build read them (`content_stamps`),
so that the next one knows which files changed since, as the preview's watcher tells it, and the
templates' references (fingerprint.py REFERENCES, by their text: parsing them all costs 0.2 s).
"""

import copyreg
import dataclasses
import io
import marshal
import os
import pickle
import time
import types
from pathlib import Path, PosixPath

from ..allocation import collector_paused, freeze
from . import actor_cache
from .cache_files import CacheFiles
from .fingerprint import REFERENCES
from .manifest import Kept, ManifestFile, file_stamp

FORMAT = 5
SCALARS = (str, int, float, type(None))  # pickled small anyway
DELTA_SHARE = 4  # a delta larger than this fraction of its base is folded into a new base...
DELTA_FLOOR = 1 << 20  # ...once past 1 MiB (a small site's fixed parts, its stamps and fingerprints, weigh more)
Stamps = dict[str, tuple | None]  # path under content/ -> (size, mtime_ns, ctime_ns, inode); None: changed too lately to tell


def content_stamps(content: Path) -> Stamps | None:
    """Each file under `content`, with its stamp; None when a folder there is a link (not walked)."""
    racy = time.time_ns() - actor_cache.RACY_SECONDS * 1_000_000_000
    stamps: Stamps = {}
    for root, folders, names in os.walk(content):
        if any(os.path.islink(os.path.join(root, folder)) for folder in folders):
            return None
        inside = os.path.relpath(root, content)
        for name in names:
            try:
                stat = os.stat(os.path.join(root, name))
            except OSError:
                continue  # gone meanwhile, or a broken link: the build finds it so too
            stamps[os.path.join(inside, name)] = (None if stat.st_mtime_ns >= racy or stat.st_ctime_ns >= racy else
                                                  (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return stamps


def changed_since(before: Stamps | None, now: Stamps | None, content: Path) -> frozenset[Path] | None:
    """The files added, removed or changed between two snapshots (None: unknown)."""
    if before is None or now is None:
        return None
    return frozenset(content / path for path in before.keys() | now.keys() if now.get(path) is None or before.get(path) != now[path])


def shared_objects(made) -> list:
    """The objects of a base a delta may refer to, in an order the base alone fixes. Frozen all of
    them, and none changed in place by a later build: one still in use is the same value."""
    site = made.site
    memory = [*made.actors.actors.values(), made.actors.paths, *made.actors.paths] if made.actors else ()  # paths: slow to unpickle
    # what a page's context holds, too: a page given one more key (attach_pdfs) is a new page
    held = [value for page in made.pages for value in page.context.values() if not isinstance(value, SCALARS)]
    return [*site.actors, *made.pages, *memory, site.territory, site.cards, site.groups, site.figures, site.levels,
            site.citations, site.lettres, site.scheduled, site.data_dates, *held, *(made.marks or ())]


def path_parts(path: PosixPath):
    """A path pickled as its parsed parts, unpickled without parsing them again (the 20 000 actor
    files' paths cost 0.25 s to parse when loading the kept build); where pathlib has no such
    constructor (Python 3.12 changed it), as pathlib pickles it."""
    return PosixPath._from_parsed_parts, (path._drv, path._root, path._parts)


FAST_PATHS = isinstance(getattr(PosixPath, "_from_parsed_parts", None), types.MethodType) and hasattr(PosixPath("a"), "_parts")
REDUCERS = copyreg.dispatch_table | ({PosixPath: path_parts} if FAST_PATHS else {})


class KeptPickler(pickle.Pickler):
    dispatch_table = REDUCERS

    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)


@dataclasses.dataclass(frozen=True)
class Base:
    """The base loaded in this process: what a delta saved now may refer to."""

    token: str
    table: list
    index: dict[int, int]  # id() of each object of `table` -> its place (the table keeps them alive)
    size: int  # bytes of the base's file


class DeltaPickler(KeptPickler):
    def __init__(self, file, base: Base):
        super().__init__(file)
        self.base = base

    def persistent_id(self, obj):
        place = self.base.index.get(id(obj))
        return place if place is not None and self.base.table[place] is obj else None


class DeltaUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, table: list):
        super().__init__(io.BytesIO(data))
        self.table = table

    def persistent_load(self, place):
        return self.table[place]


class LastBuild:
    def __init__(self, cache: Path, output: Path, generator: str, files: CacheFiles):
        self.record = ManifestFile(cache, output)
        self.manifest = self.record.path
        self.path = self.manifest.with_suffix(".last")
        self.delta = self.manifest.with_suffix(".delta")
        self.generator = generator
        self.files = files
        self.base: Base | None = None  # the base this process loaded, if any

    def load(self):
        """The Made kept (without its renderer), its delta applied, and the stamps of content/
        before it was made, or (None, None) when missing, unreadable or stale."""
        data = self.files.read(self.path)
        if data is None:
            return None, None
        try:
            with collector_paused():  # 20 000 actors and their pages: no cycles to look for meanwhile
                kept_format, generator, token, made, saved_stamp, stamps, references = pickle.loads(data)
                if kept_format != FORMAT or generator != self.generator:
                    return None, None
                table = shared_objects(made)
                base = Base(token, table, dict(zip(map(id, table), range(len(table)))), len(data))  # a dict comprehension: 0.1 s
                del data
                made, saved_stamp, stamps, references = self.delta_on(base, made, saved_stamp, stamps, references)
                made, stamps = dataclasses.replace(made, saved=self.saved(saved_stamp)), marshal.loads(stamps)
                # long-lived: out of the collector's passes, as the preview keeps its last build
                # (tools/serve.py); frozen before the collector resumes, whose first pass over the
                # objects just loaded cost 0.3-0.5 s at 20 000 actors
                freeze()
            stamp = file_stamp(self.manifest)
        except Exception:  # another version's, or no manifest: only a slower build
            return None, None
        if made.saved is None or made.saved.stamp != stamp:
            return None, None
        self.base = base
        REFERENCES.update(references)
        return made, stamps

    def resume(self, hooks, content: Path, stamps: Stamps | None):
        """In a new process: (the last build as it left it in the cache folder, the hooks told
        which files of `content` changed since, as the preview's watcher would tell them), or
        (None, hooks) when there is none to start from."""
        last, before = self.load()
        if last is None:
            return None, hooks
        if hooks.changed is None:
            hooks = dataclasses.replace(hooks, changed=changed_since(before, stamps, content))
        return last, hooks

    def delta_on(self, base: Base, *kept):
        """The kept delta's (made, stamp of the manifest it saved, stamps, references) when it
        refers to `base`, else the base's (`kept`)."""
        data = self.files.read(self.delta)
        if data is None:
            return kept
        try:
            kept_format, generator, token, *rest = DeltaUnpickler(data, base.table).load()
        except Exception:  # another version's: the base alone
            return kept
        if kept_format != FORMAT or generator != self.generator or token != base.token:
            return kept
        return rest

    def saved(self, stamp: tuple) -> Kept | None:
        """The manifest the kept build saved, read from its file (marshal: faster than within the
        base or the delta, and the base's would be read for nothing once a delta replaces it)
        while that file is still the one written; None if changed since (stale)."""
        if file_stamp(self.manifest) != stamp:
            return None
        manifest = self.record.read()
        return Kept(manifest, stamp) if manifest is not None and file_stamp(self.manifest) == stamp else None

    def save(self, made, stamps: Stamps | None, narrow: bool = False) -> None:
        """Keep `made` (None: remove the kept one) for a build in another process (its renderer is made again from the
        templates), with the stamps of content/ taken before it read the files. After a `narrow`
        build from the base this process loaded, as a delta on it; otherwise as a new base,
        pickled straight into the file, sealed as it goes: 37 MB at 20 000 actors."""
        if made is None or made.saved is None:  # none to keep, or output/ has no manifest to bind it to
            for path in (self.path, self.delta):
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    pass  # stale, so never used
            return
        made = dataclasses.replace(made, renderer=None)
        if narrow and self.base and self.save_delta(made, stamps):
            return
        # a new token: earlier deltas stale; the stamps by marshal, 100 000 objects fewer for a pickler to visit
        kept = (FORMAT, self.generator, os.urandom(16).hex(), dataclasses.replace(made, saved=None), made.saved.stamp,
                marshal.dumps(stamps), REFERENCES)
        self.files.write_sealed(self.path, lambda file: KeptPickler(file).dump(kept))
        try:
            self.delta.unlink(missing_ok=True)
        except OSError:
            pass  # refers to another token, so never used

    def save_delta(self, made, stamps: Stamps | None) -> bool:
        """Write `made` as a delta on the loaded base; False when it has grown too large for one."""
        buffer = io.BytesIO()
        delta = (FORMAT, self.generator, self.base.token, dataclasses.replace(made, saved=None), made.saved.stamp,
                 marshal.dumps(stamps), REFERENCES)  # the stamps as in the base: a persistent_id call per object saved 0.1 s
        DeltaPickler(buffer, self.base).dump(delta)  # the manifest is in its own file, bound by its stamp
        if buffer.tell() > max(self.base.size // DELTA_SHARE, DELTA_FLOOR):
            return False
        return self.files.write(self.delta, buffer.getvalue())
