"""The build, stage by stage: load -> validate -> compute -> render -> write."""

import os
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
from .incremental import update, write_all
from .manifest import Manifest, load_manifest
from .render import Rendered, attach_pdfs, fingerprints, make_environment, page_table, render_for_print
from .site import Site, assemble_site
from .validate import validate_documents
from .write import support_files

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


def make_lettre_pdfs(print_html: dict[int, str], config: Config) -> dict[int, Pdf]:
    return {numero: make_pdf(html, config.assets, config.cache / "pdf") for numero, html in print_html.items()}
