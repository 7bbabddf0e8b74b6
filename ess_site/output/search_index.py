"""Index stage: the written site -> its Pagefind search index, in shards.

Only pages marked data-pagefind-body (actors and lettres) are indexed; their filters are the
lower-case French keys of render/search_page.py SEARCH_FILTERS.

Pagefind has no incremental mode (one page touches most of an index's chunks) and needs about
130 MiB per 1 000 pages, so a large site is indexed in shards, each a Pagefind bundle of its own,
merged in the browser (Pagefind's multi-index search). Shards follow geography, so that a search
in a place asks only that place's bundles: an actor's page goes with its département's pages
(/pagefind-d62/, and /pagefind-d62-1/… when the département has more pages than a shard holds,
split by a hash of the path), the pages without one (lettres) go in /pagefind/ (/pagefind-1/…).
A build indexes only the shards whose pages changed, one after the other, so memory is bounded
by the largest shard. /pagefind-shards.json lists the bundles and the département each holds.

An update makes its bundles before any file of output/ changes, from its new pages (still beside
output/) and the unchanged ones; output/journal.py then moves pages and bundles in together.
"""

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from threading import Lock

from .. import urls
from ..config import Config, Reporter
from ..incremental.fingerprint import generator_digest, hexdigest
from ..incremental.manifest import Kept, Manifest
from ..problems import MissingTool
from .files import side_prefix, swap
from .transaction import Transaction, changing, write_atomically

INDEX_DIR = "pagefind"  # the first shard's bundle, where the search page loads pagefind.js from


# A search without a place asks every bundle for its chunks, so past this count the bundles grow
# instead of multiplying (a national directory has a hundred départements: one bundle each).
MAX_SHARDS = 128
PLACED = re.compile(rf"{INDEX_DIR}-d([0-9A-Za-z]+)(?:-[0-9]+)?")  # a bundle of one département's pages


def bundle_name(place: str, part: int) -> str:
    """The bundle of part `part` of a place's pages ("": the pages without a département)."""
    base = f"{INDEX_DIR}-d{place}" if place else INDEX_DIR
    return f"{base}-{part}" if part else base


def place_parts(sizes: dict[str, int], per_shard: int) -> dict[str, int]:
    """Place -> how many bundles its pages fill: a power of two, so that a page changes bundle only
    when its place's count doubles, each of at most `per_shard` pages; past MAX_SHARDS bundles in
    all, the bundles hold twice as many pages, and so on (never fewer than one per place)."""
    size = per_shard
    while True:
        parts = {place: 1 if count <= size else 2 ** math.ceil(math.log2(count / size)) for place, count in sizes.items()}
        if sum(parts.values()) <= MAX_SHARDS or max(parts.values(), default=1) == 1:
            return parts
        size *= 2


def shards_of(manifest: Manifest, per_shard: int) -> dict[str, list[tuple[str, str]]]:
    """Bundle name -> its pages (path, digest of bytes), from what the manifest says is written."""
    indexed = sorted((entry.place, path, entry.content) for path, entry in manifest.files.items() if entry.indexed)
    parts = place_parts(Counter(place for place, _, _ in indexed), per_shard)
    shards: dict[str, list[tuple[str, str]]] = {bundle_name(place, part): [] for place, count in parts.items() for part in range(count)}
    for place, path, content in indexed:
        shards[bundle_name(place, int(hexdigest(path.encode())[:8], 16) % parts[place])].append((path, content))
    return shards


def digests(shards: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Each shard's only input: its pages' paths and bytes."""
    return {name: hexdigest(json.dumps(pages).encode()) for name, pages in shards.items()}


def stale(manifest: Manifest, per_shard: int, site: Path | None = None) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The shards to index again (name -> page paths) and every shard's digest once they are.
    `site`: the folder the manifest describes, whose bundles must be there (one removed by hand
    is made again)."""
    shards = shards_of(manifest, per_shard)
    wanted = digests(shards)
    made = manifest.search if isinstance(manifest.search, dict) else {}

    def missing(name: str) -> bool:
        return site is not None and bool(shards[name]) and not (site / name / "pagefind-entry.json").is_file()

    return {name: [path for path, _ in shards[name]] for name in shards if made.get(name) != wanted[name] or missing(name)}, wanted


def index_shards(site: Path, todo: dict[str, list[str]], names: list[str], in_place: bool, output: Path | None = None) -> None:
    """Index each shard of `todo` (name -> page paths of `site`) with Pagefind (pinned in
    requirements.txt, its binary ships in the wheel), drop the bundles of shards that no longer
    exist, and publish the list. `in_place`: the site is live; each bundle is made beside it and
    swapped in whole, so a search never reads half of one. `output`: the site's final place (a
    full build indexes a fresh folder), whose name the working folders carry, so that a killed
    build's are found and removed (files.remove_leftovers)."""
    for name, pages in todo.items():
        if not pages:  # a shard the hash left empty has no bundle
            shutil.rmtree(site / name, ignore_errors=True)
            continue
        fresh = prepare_shard({path: site / path for path in pages}, output or site)
        try:
            swap(fresh, site / name) if in_place else fresh.rename(site / name)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    for old in [site / INDEX_DIR, *site.glob(f"{INDEX_DIR}-*")]:
        if old.is_dir() and old.name not in names:
            shutil.rmtree(old, ignore_errors=True)
    publish_list(site, [name for name in names if (site / name).is_dir()])


def prepare_bundles(todo: dict[str, list[str]], source: Callable[[str], Path], into: Path, output: Path,
                    ready: Callable[[str, list[str]], Path | None] = lambda name, pages: None) -> dict[str, int]:
    """An update's new bundles, made into the folder `into` (as bundle-<name>) from the pages
    `source` finds (page path -> file), or taken from `ready` (one started early, from the same
    pages: EarlyBundles); returns each bundle's inode, which tells the journal whether it was
    already moved in."""
    made = {}
    for name, pages in todo.items():
        if pages:
            fresh = ready(name, pages) or prepare_shard({path: source(path) for path in pages}, output)
            fresh.rename(into / f"bundle-{name}")
            made[name] = (into / f"bundle-{name}").stat().st_ino
    return made


def bundles_in(site: Path) -> list[str]:
    return sorted(path.name for path in [site / INDEX_DIR, *site.glob(f"{INDEX_DIR}-*")] if path.is_dir())


def prepare_shard(pages: dict[str, Path], output: Path) -> Path:
    """A new bundle of these pages (path in the site -> file), in a folder beside `output` (the
    caller moves it in place)."""
    return start_shard(pages, output).finish()


class Shard:
    """A bundle Pagefind is making (a child process) from a folder of linked pages."""

    def __init__(self, stage: Path, fresh: Path, process: subprocess.Popen):
        self.stage, self.fresh, self.process = stage, fresh, process

    def finish(self) -> Path:
        """The bundle, once Pagefind is done (MissingTool if it failed)."""
        try:
            wait_pagefind(self.process)
            self.fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        except BaseException:
            self.cancel()
            raise
        finally:
            shutil.rmtree(self.stage, ignore_errors=True)
        return self.fresh

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.stage, ignore_errors=True)
        shutil.rmtree(self.fresh, ignore_errors=True)


def start_shard(pages: dict[str, Path | bytes], output: Path) -> Shard:
    """Start Pagefind on these pages (path in the site -> file, or its bytes), into a folder
    beside `output`. Pagefind reads a folder: the shard's pages are linked into one, at their
    own paths, so the results' URLs are the site's."""
    output = output.resolve()
    stage = Path(tempfile.mkdtemp(prefix=side_prefix(output, INDEX_DIR), dir=output.parent))
    fresh = Path(tempfile.mkdtemp(prefix=side_prefix(output, INDEX_DIR), dir=output.parent))
    try:
        for path, source in pages.items():
            target = stage / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, bytes):
                target.write_bytes(source)
                continue
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        return Shard(stage, fresh, start_pagefind(stage, fresh))
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(stage, ignore_errors=True)
        raise


class EarlyBundles:
    """The bundles of the pages an edit changes, started as soon as those pages are rendered,
    before the open data, the page table and the plan (Pagefind, a child process, runs on the
    other core meanwhile). The writer takes one only if it was made from exactly the pages it
    would index (SiteWriter.index); any other is stopped and made as usual."""

    def __init__(self, started: dict[str, tuple[Shard, dict[str, tuple[bool, str]]]] | None = None):
        self.started = started or {}  # name -> (shard, page path -> (given as new bytes, their digest))

    def take(self, name: str, pages: dict[str, tuple[bool, str]]) -> Path | None:
        """The bundle `name`, if started from these pages (path -> (written by this build,
        digest of the bytes it will hold)): each page's digest the same, and every page this
        build writes given from its new bytes, not from output/'s."""
        started = self.started.pop(name, None)
        if started is None:
            return None
        shard, fed = started
        if fed.keys() != pages.keys() or any(fed[path][1] != digest or (new and not fed[path][0])
                                             for path, (new, digest) in pages.items()):
            shard.cancel()
            return None
        return shard.finish()

    def close(self) -> None:
        """Stop what was not taken (the build failed, or indexed otherwise)."""
        while self.started:
            self.started.popitem()[1][0].cancel()


EARLY_AT_MOST = 2  # bundles started early: an edit's pages are few, more means an index to redo anyway


def start_early(early: EarlyBundles, previous: Manifest, rendered: list, output: Path, per_shard: int) -> None:
    """Start, into `early`, the bundles the `rendered` pages (render/renderer.py Rendered, as this
    build will write them) put out of date, from the `previous` manifest's other pages, which
    output/ holds."""
    files = dict(previous.files)
    for done in rendered:
        if done.path not in files:  # a new page moves the shards' split: left to the writer
            return
        files[done.path] = replace(files[done.path], content=done.content, indexed=done.indexed, place=done.place)
    todo, _ = stale(replace(previous, files=files), per_shard, output)
    new = {done.path: done for done in rendered}
    todo = {name: pages for name, pages in todo.items() if any(path in new for path in pages)}
    if len(todo) > EARLY_AT_MOST:
        return
    for name, pages in todo.items():  # the caller closes `early` if this fails
        fed = {path: (path in new, files[path].content) for path in pages}
        early.started[name] = (start_shard({path: new[path].data if path in new else output / path for path in pages}, output), fed)


def publish_list(site: Path, names: list[str]) -> None:
    """/pagefind-shards.json: the bundles the search page loads, each with the département whose
    pages it holds (none for the pages without one): a search in a place loads only its bundles."""
    write_atomically(site / urls.SEARCH_SHARDS.strip("/"), json.dumps(bundle_list(names)).encode())


def bundle_list(names: list[str]) -> list[dict[str, str]]:
    listed = []
    for name in names:
        placed = PLACED.fullmatch(name)
        listed.append({"url": f"/{name}/", **({"departement": placed.group(1)} if placed else {})})
    return listed


def remove_index(site: Path) -> None:
    """A site built without search carries no index."""
    for bundle in [site / INDEX_DIR, *site.glob(f"{INDEX_DIR}-*")]:
        shutil.rmtree(bundle, ignore_errors=True)
    remove_list(site)


def remove_list(site: Path) -> None:
    (site / urls.SEARCH_SHARDS.strip("/")).unlink(missing_ok=True)


def pagefind_command() -> list[str]:
    """Pagefind's binary, which the wheel ships (pagefind[bin]), run directly: `python -m pagefind`
    starts an interpreter only to find it (0.1-0.2 s of each bundle, here)."""
    try:
        import pagefind_bin

        return [os.fspath(pagefind_bin.get_executable())]
    except Exception:  # not there, or another layout: the module finds it (or says what is missing)
        return [sys.executable, "-m", "pagefind"]


def start_pagefind(site: Path, bundle: Path) -> subprocess.Popen:
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(bundle), "--silent"]
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise MissingTool(f"Pagefind ne peut pas indexer le site ({error}). Installez requirements.txt, "
                          "ou construisez sans recherche avec --sans-recherche.") from None


def wait_pagefind(process: subprocess.Popen) -> None:
    try:
        stdout, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    if process.returncode != 0:
        detail = (stderr or stdout).strip().splitlines()[-1:] or ["erreur inconnue"]
        raise MissingTool(f"Pagefind n'a pas pu indexer le site : {detail[0]}. "
                          "Vérifiez que requirements.txt est installé (pagefind[bin]), ou construisez avec --sans-recherche.")


def run_pagefind(site: Path, bundle: Path) -> None:
    wait_pagefind(start_pagefind(site, bundle))


def refresh_index(config: Config, lock: Lock, reporter: Reporter = Reporter(), kept: Kept | None = None) -> Kept | None:
    """Index again the shards of output/ whose pages changed since they were indexed (the
    preview calls this after the pages, so indexing never delays them). Pagefind reads the site
    while it may still change; each bundle is swapped in and recorded as of the pages it read,
    holding `lock` (the one builds hold), so a change made meanwhile leaves it stale, never
    wrongly fresh. `kept`: the manifest the preview's last build saved. Returns the manifest
    saved when it indexed, else None."""
    with lock:
        manifest, _ = Transaction(config.cache, config.output).load(generator_digest(), kept)
        if manifest is None:
            return None
        todo, wanted = stale(manifest, config.search_shard_pages)
        if not todo:
            return None
    made = {name: prepare_shard({path: config.output / path for path in pages}, config.output) for name, pages in todo.items() if pages}
    try:
        with lock, changing(config.cache, config.output, reporter.warn) as change:
            manifest, _ = change.load(generator_digest(), kept)
            if manifest is None:
                return None
            change.forget()
            for name, fresh in made.items():
                swap(fresh, config.output / name)
            emptied = {name: [] for name, pages in todo.items() if not pages}
            index_shards(config.output, emptied, list(wanted), in_place=True)  # drops gone bundles, lists the others
            manifest.search = {name: digest for name, digest in wanted.items()}
            change.save(manifest)
            return change.saved
    finally:
        for fresh in made.values():
            shutil.rmtree(fresh, ignore_errors=True)
