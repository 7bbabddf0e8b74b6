"""What the last build made (its site, pages, open data, the actors it read and the manifest it
saved), kept in the cache folder, so that `build.py` in a new process starts where the preview
starts: from that build, reading only the files changed since and, when the dependency graph
says the edit is narrow, skipping the assembly and the page table.

The file is bound to the manifest the build saved (the stamp of its file: size, times, inode):
any later change of output/ forgets that manifest or saves another, and the kept build is then
never used. It is sealed like every cache file (cache_files.py) and written whole; one that
cannot be read, or was made by another generator, is ignored: the build makes everything again.

Beside it: the stamp of every file of content/ taken before that build read them (`content_stamps`),
so that the next one knows which files changed since, as the preview's watcher tells it, and the
templates' references (fingerprint.py REFERENCES, by their text: parsing them all costs 0.2 s).
"""

import dataclasses
import os
import pickle
import time
from pathlib import Path

from ..allocation import collector_paused
from . import actor_cache
from .cache_files import CacheFiles
from .fingerprint import REFERENCES
from .manifest import file_stamp, manifest_path

FORMAT = 1
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


class LastBuild:
    def __init__(self, cache: Path, output: Path, generator: str, files: CacheFiles):
        self.manifest = manifest_path(cache, output)
        self.path = self.manifest.with_suffix(".last")
        self.generator = generator
        self.files = files

    def load(self):
        """The Made kept (without its renderer) and the stamps of content/ before it was made,
        or (None, None) when missing, unreadable or stale."""
        data = self.files.read(self.path)
        if data is None:
            return None, None
        try:
            with collector_paused():  # 20 000 actors and their pages: no cycles to look for meanwhile
                kept_format, generator, made, stamps, references = pickle.loads(data)
            del data
            stamp = file_stamp(self.manifest)
        except Exception:  # another version's, or no manifest: only a slower build
            return None, None
        if kept_format != FORMAT or generator != self.generator or made.saved is None or made.saved.stamp != stamp:
            return None, None
        REFERENCES.update(references)
        return made, stamps

    def save(self, made, stamps: Stamps | None) -> None:
        """Keep `made` (None: remove the kept one) for a build in another process (its renderer is made again from the
        templates), with the stamps of content/ taken before it read the files. Pickled straight
        into the file, sealed as it goes: 37 MB at 20 000 actors, never held whole in memory."""
        if made is None or made.saved is None:  # none to keep, or output/ has no manifest to bind it to
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass  # stale, so never used
            return
        kept = (FORMAT, self.generator, dataclasses.replace(made, renderer=None), stamps, REFERENCES)
        self.files.write_sealed(self.path, lambda file: pickle.dump(kept, file, protocol=pickle.HIGHEST_PROTOCOL))
