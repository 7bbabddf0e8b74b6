"""Write stage, both ways: a whole new site swapped in, or the previous one updated in place.

`write_all` renders every page into a fresh folder; `update` renders the pages whose
fingerprint changed since the manifest of the previous build and writes the files whose bytes
changed. Both leave a manifest that says exactly what output/ holds, and the search index
made from the indexed pages (now, or later through `refresh_index` in the preview).
"""

import shutil
from collections.abc import Callable
from itertools import chain
from pathlib import Path

from . import urls
from .fingerprint import generator_digest
from .manifest import Entry, Manifest, forget_manifest, load_manifest, save_manifest
from .render import render_site
from .search import index_search, prepare_index, remove_index, swap_index
from .write import copy_file, update_output, write_output


def write_all(config, site, env, pages, marks, pdf_files, support, manifest: Manifest, say) -> int:
    """A build from scratch: every file into a fresh folder, swapped in place of output/."""
    forget_manifest(config.cache, config.output)

    def write_files(fresh: Path) -> None:
        for mark, done in zip(marks, render_site(pages, site, env, jobs=config.jobs, into=fresh)):
            manifest.files[done.path] = Entry(mark, done.content, done.indexed)
        for done in pdf_files:
            (fresh / done.path).write_bytes(done.data)
            manifest.files[done.path] = Entry(done.content, done.content)

    manifest.support = {name: stat_of(source) for name, source in support.items()}
    finish = [indexing(say, manifest)] if config.search and not config.index_later else []
    write_output(write_files, support, config.output, finish)
    save_manifest(manifest, config.cache, config.output)
    return len(manifest.files) + len(support)


def update(config, site, env, pages, marks, pdf_files, support, previous: Manifest, manifest: Manifest, say) -> tuple[int, int]:
    """An incremental build: render the pages whose fingerprint changed, write the files whose
    bytes changed, delete those no longer part of the site. Returns (rendered, written)."""
    output = config.output
    stale = [(page, mark) for page, mark in zip(pages, marks)
             if (entry := previous.files.get(urls.output_path(page.url))) is None or entry.fingerprint != mark]
    manifest.files = dict(previous.files)
    say(f"rendu de {len(stale)} pages modifiées sur {len(pages)}")
    changed: list[str] = []
    kept_paths = {urls.output_path(page.url) for page in pages} | {done.path for done in pdf_files}
    removed = [path for path in previous.files if path not in kept_paths]
    forget_manifest(config.cache, output)  # output/ is about to change: no record until it is whole again

    def new_files():
        rendered = zip((mark for _, mark in stale), render_site([page for page, _ in stale], site, env, jobs=config.jobs))
        for mark, done in chain(rendered, ((d.content, d) for d in pdf_files)):
            old = previous.files.get(done.path)
            manifest.files[done.path] = Entry(mark, done.content, done.indexed)
            if old is None or old.content != done.content or not (output / done.path).is_file():
                changed.append(done.path)
                yield done.path, done.data

    update_output(new_files(), removed, output)
    for path in removed:
        del manifest.files[path]
    copied = sync_support(support, previous.support, output, manifest)
    manifest.search = previous.search  # the index on disk, until it is made again
    if config.search and not config.index_later and manifest.search != manifest.search_digest():
        indexing(say, manifest)(output, in_place=True)
    elif not config.search:
        manifest.search = None
        remove_index(output)
    save_manifest(manifest, config.cache, output)
    return len(stale), len(changed) + len(removed) + copied


def sync_support(support: dict[str, Path], before: dict[str, list[int]], output: Path, manifest: Manifest) -> int:
    """Copy the assets and vendored files that changed since the last build; delete the gone ones."""
    copied = 0
    for name, source in support.items():
        stat = stat_of(source)
        if before.get(name) != stat or not (output / name).is_file():
            copy_file(source, output / name)
            copied += 1
        manifest.support[name] = stat
    gone = [name for name in before if name not in support]
    update_output([], gone, output)
    return copied + len(gone)


def stat_of(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def indexing(say: Callable[[str], None], manifest: Manifest):
    def step(site: Path, in_place: bool = False) -> None:
        say("index de recherche")
        index_search(site, in_place=in_place)
        manifest.search = manifest.search_digest()

    return step


def refresh_index(config, lock) -> bool:
    """Make the search index of output/ again if its pages changed since it was made (the
    preview calls this after the pages, so indexing never delays them). Pagefind reads the site
    while it may still change; the index is swapped in and recorded as of the pages it read,
    holding `lock` (the one builds hold), so a change made meanwhile leaves it stale, never
    wrongly fresh. Returns whether it indexed."""
    with lock:
        manifest, _ = load_manifest(config.cache, config.output, generator_digest())
        if manifest is None or manifest.search == (wanted := manifest.search_digest()):
            return False
    fresh = prepare_index(config.output)
    try:
        with lock:
            manifest, _ = load_manifest(config.cache, config.output, generator_digest())
            if manifest is not None:
                swap_index(fresh, config.output)
                manifest.search = wanted
                save_manifest(manifest, config.cache, config.output)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return True
