"""Index stage: the written site -> its Pagefind search index (in <site>/pagefind/).

Only pages marked data-pagefind-body (actors and lettres) are indexed; their filters are the
lower-case French keys of render/search_page.py SEARCH_FILTERS.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from threading import Lock

from ..config import Config
from ..incremental.fingerprint import generator_digest
from ..incremental.manifest import ManifestFile
from ..problems import MissingTool
from .files import output_lock, side_prefix, swap

INDEX_DIR = "pagefind"


def index_search(site: Path, in_place: bool = False) -> None:
    """Run Pagefind (pinned in requirements.txt, its binary ships in the wheel) over `site`.
    `in_place`: the site is live; the new index is made beside it and swapped in whole, so a
    search never reads half of each."""
    if not in_place:
        return run_pagefind(site, site / INDEX_DIR)
    fresh = prepare_index(site)
    try:
        swap_index(fresh, site)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def prepare_index(site: Path) -> Path:
    """A new index of `site`, in a folder beside it (the caller swaps it in or deletes it)."""
    fresh = Path(tempfile.mkdtemp(prefix=side_prefix(site.resolve(), INDEX_DIR), dir=site.resolve().parent))
    try:
        run_pagefind(site, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return fresh


def swap_index(fresh: Path, site: Path) -> None:
    swap(fresh, site / INDEX_DIR)


def remove_index(site: Path) -> None:
    """A site built without search carries no index."""
    shutil.rmtree(site / INDEX_DIR, ignore_errors=True)


def run_pagefind(site: Path, bundle: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except OSError as error:
        raise MissingTool(f"Pagefind ne peut pas indexer le site ({error}). Installez requirements.txt, "
                          "ou construisez sans recherche avec --sans-recherche.") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["erreur inconnue"]
        raise MissingTool(f"Pagefind n'a pas pu indexer le site : {detail[0]}. "
                          "Vérifiez que requirements.txt est installé (pagefind[bin]), ou construisez avec --sans-recherche.")


def refresh_index(config: Config, lock: Lock) -> bool:
    """Make the search index of output/ again if its pages changed since it was made (the
    preview calls this after the pages, so indexing never delays them). Pagefind reads the site
    while it may still change; the index is swapped in and recorded as of the pages it read,
    holding `lock` (the one builds hold), so a change made meanwhile leaves it stale, never
    wrongly fresh. Returns whether it indexed."""
    records = ManifestFile(config.cache, config.output)
    with lock:
        manifest, _ = records.load(generator_digest())
        if manifest is None or manifest.search == (wanted := manifest.search_digest()):
            return False
    fresh = prepare_index(config.output)
    try:
        with lock, output_lock(config.output, config.warn):
            manifest, _ = records.load(generator_digest())
            if manifest is not None:
                swap_index(fresh, config.output)
                manifest.search = wanted
                records.save(manifest)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return True
