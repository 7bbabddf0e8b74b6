"""The build, stage by stage: load -> validate -> compute -> render -> write."""

import os
import shutil
from itertools import chain
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import urls
from .actor_cache import ActorCache
from .load import TERRITORY_FILE, load_documents
from .pdf import Pdf, make_pdf
from .problems import ContentErrors, Problem
from .fingerprint import generator_digest, hexdigest, template_digests
from .manifest import Entry, Manifest, forget_manifest, load_manifest, save_manifest
from .render import Rendered, attach_pdfs, fingerprints, make_environment, page_table, render_for_print, render_site
from .site import Site, assemble_site
from .validate import validate_documents
from .search import index_search, prepare_index, remove_index, swap_index
from .write import copy_file, support_files, update_output, write_output

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    content: Path = Path("content")
    output: Path = Path("output")
    templates: Path = ROOT / "templates"
    assets: Path = ROOT / "assets"
    today: date | None = None  # the day "future" years are judged against; None: today
    pdf: bool = True  # typeset each lettre as a PDF (needs WeasyPrint and its system libraries)
    search: bool = True  # index the site with Pagefind
    index_later: bool = False  # leave the index to refresh_index(), after the pages (the preview does)
    node_modules: Path = ROOT / "node_modules"  # front-end libraries installed by npm (Leaflet)
    progress: Callable[[str], None] | None = None  # told each stage of a long build (on a terminal)
    jobs: int = os.cpu_count() or 1  # processes that render pages
    cache: Path = ROOT / ".cache"  # PDFs already typeset, by content hash; the manifest of each output folder
    incremental: bool = True  # update the previous build in place when its manifest allows it


@dataclass(frozen=True)
class BuildReport:
    actors: int
    pages: int
    lettres: int = 0
    pdfs_made: int = 0
    pdfs_reused: int = 0
    rendered: int = 0  # pages rendered by this build (all of them when it starts from scratch)
    written: int = 0  # files of output/ written or deleted
    full: bool = True  # built from scratch rather than updated in place
    why_full: str = ""  # why the previous build could not be updated
    indexed: bool = False  # the search index was made again
    index_stale: bool = False  # index_later: the index no longer matches the pages
    actors_read: int = 0  # actor files read and checked (the others were unchanged since the last build)


def check(config: Config, cache: ActorCache | None = None) -> Site:
    """Load and validate content/; raise ContentErrors with every problem found. With a cache,
    reuse the actors of unchanged files read by an earlier build."""
    problems: list[Problem] = []
    today = config.today or date.today()
    documents = load_documents(config.content, problems, cache.reuse if cache else None)
    territory, actors, lettres = validate_documents(documents, problems, today, config.jobs)
    if problems or territory is None:
        raise ContentErrors(problems)
    if cache and (cache.stamps or cache.reused != sum(map(len, cache.shards))):
        cache.save(actors)
    return assemble_site(territory, actors, lettres, built_on=today)


def actor_cache(config: Config, generator: str) -> ActorCache:
    """Actors depend on their file, the territory file, the code and the year (creation check)."""
    today = config.today or date.today()
    try:
        territory = (config.content / TERRITORY_FILE).read_bytes()
    except OSError:
        territory = b""
    return ActorCache(config.cache, config.content, hexdigest(b"\0".join([generator.encode(), territory, str(today.year).encode()])))


def build(config: Config) -> BuildReport:
    """Build the site into config.output; raise ContentErrors before writing anything.

    With the manifest of the previous build (manifest.py), only pages whose fingerprint changed
    are rendered, and only files whose bytes changed are written; otherwise the whole site is
    written into a fresh folder swapped in at the end."""
    say = config.progress or (lambda message: None)
    say("lecture et vérification du contenu")
    generator = generator_digest()
    cache = actor_cache(config, generator) if config.incremental else None
    site = check(config, cache)
    env = make_environment(config.templates)
    table = page_table(site)
    if config.pdf and site.lettres:
        say(f"PDF de {len(site.lettres)} lettre(s)")
    pdfs = make_lettre_pdfs(render_for_print(table, site, env), config) if config.pdf else {}
    pages = attach_pdfs(table, pdfs)
    support = support_files(config.assets, config.node_modules)
    marks = fingerprints(pages, site, template_digests(env, config.templates), generator)
    pdf_files = [Rendered(urls.output_path(urls.lettre_pdf(n)), pdf.data, hexdigest(pdf.data), False) for n, pdf in pdfs.items()]
    previous, why = load_manifest(config.cache, config.output, generator) if config.incremental else (None, "demandée avec --complet")
    manifest = Manifest(generator)
    if previous is None:
        say(f"rendu et écriture de {len(pages)} pages")
        written = write_all(config, site, env, pages, marks, pdf_files, support, manifest, say)
        rendered = len(pages)
    else:
        rendered, written = update(config, site, env, pages, marks, pdf_files, support, previous, manifest, say)
    reused = sum(pdf.reused for pdf in pdfs.values())
    return BuildReport(actors=len(site.actors), pages=len(table), lettres=len(site.lettres),
                       pdfs_made=len(pdfs) - reused, pdfs_reused=reused, rendered=rendered, written=written,
                       full=previous is None, why_full=why, actors_read=len(cache.stamps) if cache else len(site.actors),
                       indexed=manifest.search is not None and (previous is None or manifest.search != previous.search),
                       index_stale=config.search and manifest.search != manifest.search_digest())


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
    manifest.files = {path: entry for path, entry in previous.files.items()}
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


def refresh_index(config: Config, lock) -> bool:
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


def make_lettre_pdfs(print_html: dict[int, str], config: Config) -> dict[int, Pdf]:
    return {numero: make_pdf(html, config.assets, config.cache / "pdf") for numero, html in print_html.items()}
