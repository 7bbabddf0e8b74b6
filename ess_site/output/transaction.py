"""The one way output/ changes: under the output lock, the manifest is forgotten, the files are
written atomically (beside their place, then renamed or swapped in), and the manifest saying what
output/ now holds is saved. Every writer goes through here (output/writer.py for a build, the
journal that finishes an update, output/search_index.py refresh_index for the preview's index),
and this is the only module that writes or removes the manifest.

An interrupted change leaves either no manifest (the next build rebuilds) or a journal that
finishes the change (journal.py), never a manifest that lies.
"""

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..incremental.manifest import Body, Kept, Manifest, ManifestFile, body, copied, file_bytes, file_stamp, folder_id
from ..problems import UnusableCache
from .files import output_lock


class Transaction:
    """One change of output/: `forget` before the first file moves, `save` once it is whole."""

    def __init__(self, cache: Path, output: Path):
        self.records = ManifestFile(cache, output)
        self.saved: Kept | None = None  # the manifest saved, with its file's stamp (for the preview)

    def load(self, generator: str, kept: Kept | None = None) -> tuple[Manifest | None, str]:
        return self.records.load(generator, kept)

    def forget(self) -> None:
        """Called before the output folder changes: no record until it is whole again. A record
        that cannot be removed stops the build: a later one could trust it while it lies."""
        path = self.records.path
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)  # a folder where the record goes: nothing of ours
            else:
                path.unlink(missing_ok=True)
        except OSError as error:
            raise UnusableCache(f"Le cache de la construction {path} ne peut pas être effacé ({error.strerror or error}) : "
                                "supprimez-le, ou rendez le dossier .cache/ accessible en écriture, puis relancez") from None

    def unheld(self, made: Body) -> dict[str, bytes]:
        """The parts of a manifest's body that its folder does not hold yet (a journal carries them)."""
        try:
            held = set(os.listdir(self.records.parts))
        except OSError:
            held = set()
        return {part.key: part.data for part in made.parts if part.key not in held}

    def put_parts(self, parts: dict[str, bytes]) -> bool:
        """Write parts (key -> bytes) the folder lacks; False when it refuses them (the save that
        follows would name parts that are not there: it is not made, the next build is whole)."""
        try:
            self.write_parts(parts)
            return True
        except OSError:
            return False

    def write_parts(self, parts: dict[str, bytes]) -> None:
        """Written beside and renamed: a part's file is whole or absent, and never changes (its
        name is the digest of its bytes)."""
        folder = self.records.parts
        folder.mkdir(parents=True, exist_ok=True)
        held = set(os.listdir(folder))
        for key, data in parts.items():
            if key not in held:
                temporary = folder / f".{key}.tmp"
                temporary.write_bytes(data)
                os.replace(temporary, folder / key)

    def save(self, manifest: Manifest, made: Body | None = None) -> Manifest:
        """Record `manifest` as what the output folder holds now; return the record saved (the
        manifest given, with the folder's id), leaving the one given as it was. `made`: its body
        (manifest.py), when the caller made and staged it already (the journal). Parts no longer
        named are then removed. A record that cannot be written is said, and the next build,
        finding none, rebuilds everything."""
        made = made or body(manifest)
        # the parts kept for the next build's body, which reuses the unchanged ones
        saved = replace(manifest, output_id=folder_id(self.records.output), parts=made.files, actor_parts=made.actors)
        path = self.records.path
        temporary = path.with_suffix(".tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.write_parts({part.key: part.data for part in made.parts})
            temporary.write_bytes(file_bytes(saved.output_id, made.head))
            os.replace(temporary, path)
            self.saved = Kept(copied(saved), file_stamp(path))
        except OSError as error:
            print(f"Cache de la construction ignoré : {path} ne peut pas être écrit ({error.strerror or error}) ; "
                  "la prochaine construction sera complète.", file=sys.stderr, flush=True)
            return saved
        self.prune(made)
        return saved

    def prune(self, made: Body) -> None:
        """Remove the parts the saved manifest does not name (the last build's replaced ones)."""
        named = {part.key for part in made.parts}
        try:
            for name in os.listdir(self.records.parts):
                if name not in named:
                    os.unlink(self.records.parts / name)
        except OSError:
            pass  # left for the next save: a part not named is never read


@contextmanager
def changing(cache: Path, output: Path, warn: Callable[[str], None], locked: bool = False) -> Iterator[Transaction]:
    """A Transaction on output/, under its lock (`locked`: the caller holds it already, as a build does)."""
    if locked:
        yield Transaction(cache, output)
    else:
        with output_lock(output, warn):
            yield Transaction(cache, output)


def write_atomically(target: Path, data: bytes) -> None:
    """A file of the live output/ replaced whole: a reader never sees half of it."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def stray_temporaries(folder: Path) -> list[Path]:
    """What write_atomically left in `folder` when its process was killed before the rename."""
    return [path for path in folder.glob(".*.tmp") if re.fullmatch(r"\..+\.\d+\.tmp", path.name) and path.is_file()]
