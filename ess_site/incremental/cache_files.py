"""Reading and writing the files of the cache folder, for every cache (actors, open data, PDFs).

What a cache hands back must be what it was given: a file is sealed with the digest of its
bytes when written and opened only if they still match, so one changed byte (a bad disk, a
stray edit) costs a rebuild of what it held, never a wrong site. And a cache is only a speed-up:
a file that cannot be read or written (no permission, a folder in its place, a full disk) is
left aside with one French line saying which and why, and the build goes on without it.
"""

import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

SEAL_BYTES = 32

# errno -> what it means, said to the person running the build
REASONS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EISDIR: "un dossier est à sa place",
    errno.ENOTDIR: "un fichier est à la place d'un de ses dossiers",
    errno.ENOTEMPTY: "un dossier non vide est à sa place",
    errno.EEXIST: "un autre fichier est à sa place",
    errno.ENOSPC: "disque plein",
    errno.EROFS: "disque en lecture seule",
    errno.EIO: "erreur de lecture du disque",
}


def seal_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=SEAL_BYTES).digest()


def sealed(data: bytes) -> bytes:
    """The bytes to write: their digest, then themselves."""
    return seal_of(data) + data


class Sealing:
    """A file being written, whose bytes are digested as they go (the seal of `sealed`)."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.blake2b(digest_size=SEAL_BYTES)

    def write(self, data) -> int:
        self.digest.update(data)
        return self.file.write(data)


def unsealed(data: bytes) -> bytes | None:
    """The bytes written by sealed(), or None when any of them changed since."""
    body = data[SEAL_BYTES:]
    return body if len(data) >= SEAL_BYTES and seal_of(body) == data[:SEAL_BYTES] else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def reason(error: OSError) -> str:
    return REASONS.get(error.errno, f"erreur système n° {error.errno}" if error.errno else type(error).__name__)


class CacheFiles:
    """One cache's files for one build, and what went wrong with them, said once per cache and
    direction (a folder without permission would otherwise give a line per file)."""

    def __init__(self, name: str, warn: Callable[[str], None]):
        self.name = name  # "des fiches", "des données ouvertes"…
        self.warn = warn
        self.said: set[str] = set()

    def read(self, path: Path, seal: bool = True) -> bytes | None:
        """The file's bytes (checked against their seal), or None: missing, damaged or unreadable."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self.unreadable(path, error)
            return None
        return unsealed(data) if seal else data

    def write(self, path: Path, data: bytes, seal: bool = True) -> bool:
        """Write the file whole (a reader sees the old one or the new one); False if it cannot be."""
        return self.replace(path, lambda file: file.write(sealed(data) if seal else data))

    def write_sealed(self, path: Path, dump: Callable) -> bool:
        """As write(), for bytes `dump(file)` writes into a file-like object one piece at a time."""
        def fill(file) -> None:
            file.write(bytes(SEAL_BYTES))  # the seal's place, filled once the digest is known
            sealing = Sealing(file)
            dump(sealing)
            file.seek(0)
            file.write(sealing.digest.digest())
        return self.replace(path, fill)

    def replace(self, path: Path, fill: Callable) -> bool:
        """`fill(file)` writes a temporary file beside `path`, which then takes its place. The
        temporary is named for this process: rendering workers may write one file at once."""
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                fill(file)
            os.replace(temporary, path)
        except OSError as error:
            self.unwritable(path, error)
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass
            return False
        return True

    def unreadable(self, path: Path, error: OSError) -> None:
        self.say("lecture", f"Cache {self.name} ignoré : {path} ne peut pas être lu ({reason(error)}) ; "
                            "la construction refait ce qu'il gardait.")

    def unwritable(self, path: Path, error: OSError) -> None:
        self.say("écriture", f"Cache {self.name} non enregistré : {path} ne peut pas être écrit ({reason(error)}) ; "
                             "la prochaine construction refera ce travail.")

    def say(self, direction: str, message: str) -> None:
        if direction not in self.said:
            self.said.add(direction)
            self.warn(message)
