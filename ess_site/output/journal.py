"""The journal of an update: it moves the new files, the new search bundles and the manifest
into output/ together, and lets the next build finish a move that a killed build began.

An update prepares everything beside output/, in its fresh folder: the new files (numbered),
the new search bundles (bundle-<name>), and last the journal, which lists the moves and carries
the manifest output/ will have. Until the journal is written, output/ and its manifest are
untouched (a build killed then leaves the previous site whole, search included). Once it is
written the change is decided: the files and bundles are moved in (a few milliseconds), the
manifest saved, the journal deleted. A build killed meanwhile leaves the fresh folder with its
journal; the next build (recover(), under the lock) makes the moves again, each skipped when
already made, so the site ends as the killed build would have left it.
"""

import marshal
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..incremental.manifest import Body, Manifest, from_body
from .files import delete_files, exchange, move_into, recover_swap
from .search_index import bundles_in, publish_list, remove_list
from .transaction import Transaction, stray_temporaries

JOURNAL = "journal.marshal"  # its moves and the manifest's new parts, then the manifest's head (incremental/manifest.py)


@dataclass
class Journal:
    moves: list[tuple[str, str]]  # (name in the fresh folder, path in output/)
    delete: list[str]  # files of output/ no longer part of the site
    # The index: None, left as it is; else the new bundles (name -> inode of bundle-<name> in the
    # fresh folder, which tells a bundle already moved in), the bundles to drop, and the list to
    # publish (None: the site has no search, no list).
    search: dict | None
    manifest: bytes  # the manifest once done (incremental/manifest.py body's head)
    # its parts the cache folder does not hold yet (key -> bytes): one fsync, the journal's, makes
    # them durable with it (one per part cost 6-12 ms each on a busy disk)
    parts: dict[str, bytes] = field(default_factory=dict)


class UnfinishedUpdate(Exception):
    """A failure while the files were being moved in: output/ was changed in part, and the next
    build finishes the change from the journal."""


def has_journal(folder: Path) -> bool:
    return (folder / JOURNAL).is_file()


def commit(folder: Path, output: Path, journal: Journal, records: Transaction, ready: tuple[Manifest, Body] | None = None) -> None:
    """Write the journal (the change is decided), forget the old manifest, then make the moves.
    `ready`: the manifest the journal carries and its body, saved as it is (its bytes are made once)."""
    temporary = folder / f"{JOURNAL}.tmp"
    head = marshal.dumps({"moves": journal.moves, "delete": journal.delete, "search": journal.search, "parts": journal.parts})
    with open(temporary, "wb") as file:
        file.write(head + journal.manifest)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, folder / JOURNAL)
    records.forget()
    try:
        apply(folder, output, journal, records, ready)
    except Exception as error:
        raise UnfinishedUpdate(f"{type(error).__name__} : {error}") from error


def apply(folder: Path, output: Path, journal: Journal, records: Transaction, ready: tuple[Manifest, Body] | None = None) -> None:
    """Make the journal's moves that are not made yet, save its manifest, delete it. `ready`:
    that manifest and its body, when the caller has them (else read from the journal)."""
    move_into(folder, output, journal.moves)
    delete_files(output, journal.delete)
    if journal.search is not None:
        switch_index(folder, output, journal.search)
    if ready is not None:
        records.save(*ready)
    elif records.put_parts(journal.parts) and (manifest := from_body(journal.manifest, records.records.parts)) is not None:
        records.save(manifest)
    (folder / JOURNAL).unlink()


def switch_index(folder: Path, output: Path, search: dict) -> None:
    """Put each new bundle in place of the old one (in one step where the system can), move the
    dropped ones out into the fresh folder, and publish the list of bundles."""
    for name, inode in search["bundles"].items():
        staged, target = folder / f"bundle-{name}", output / name
        if not staged.is_dir() or staged.stat().st_ino != inode:
            continue  # moved in already (after an exchange, staged holds the old bundle)
        if target.exists() and not exchange(staged, target):
            target.rename(folder / f"old-{name}")
        if not target.exists():
            staged.rename(target)
    for name in search["drop"]:
        if (output / name).is_dir():
            (output / name).rename(folder / f"gone-{name}")
    if search["names"] is None:
        remove_list(output)
    else:
        publish_list(output, [name for name in search["names"] if (output / name).is_dir()])


def index_change(bundles: dict[str, int], emptied: list[str], names: list[str] | None, output: Path) -> dict:
    """The journal's `search` for new `bundles`, the shards left `emptied`, and the shards the
    site now has (None: no search)."""
    kept = set(names or ())
    drop = sorted(set(emptied) | {name for name in bundles_in(output) if name not in kept})
    return {"bundles": bundles, "drop": drop, "names": names}


def pending(output: Path) -> list[Path]:
    """The fresh folders whose journal is written: their change is decided but not finished.
    Under the output lock none is in use, whatever process made it."""
    pattern = re.compile(rf"\.{re.escape(output.name)}-new-\d+-[^/]*")
    return sorted(path for path in output.parent.glob(f".{output.name}-new-*")
                  if pattern.fullmatch(path.name) and has_journal(path))


def recover(output: Path, cache: Path) -> list[str]:
    """Called under the output lock before a build reads the manifest: put back a site left
    beside output/ by a swap killed halfway, and finish the updates killed while moving their
    files in. Returns what it did, said to the user."""
    output = output.resolve()
    done = [f"Une construction interrompue avait laissé le site précédent à côté de {output.name}/ : il est remis en place."] \
        if recover_swap(output) else []
    for folder in pending(output):
        with open(folder / JOURNAL, "rb") as file:
            raw = marshal.load(file)
            manifest = file.read()
        journal = Journal(moves=[tuple(move) for move in raw["moves"]], delete=raw["delete"], search=raw["search"],
                          manifest=manifest, parts=raw.get("parts") or {})
        apply(folder, output, journal, Transaction(cache, output))
        shutil.rmtree(folder, ignore_errors=True)
        done.append(f"Une construction interrompue avait mis à jour {output.name}/ en partie : la mise à jour est terminée.")
    if output.is_dir():
        for stray in stray_temporaries(output):  # a list of bundles killed half-written: never published
            stray.unlink(missing_ok=True)
    return done
