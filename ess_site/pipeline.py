"""The build, stage by stage: load -> validate -> compute -> render -> write."""

import os
from itertools import chain
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import urls
from .load import load_documents
from .pdf import Pdf, make_pdf
from .problems import ContentErrors, Problem
from .render import make_environment, page_table, render_for_print, render_site
from .site import Site, assemble_site
from .validate import validate_documents
from .search import index_search
from .write import copy_vendor, write_output

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
    node_modules: Path = ROOT / "node_modules"  # front-end libraries installed by npm (Leaflet)
    progress: Callable[[str], None] | None = None  # told each stage of a long build (on a terminal)
    jobs: int = os.cpu_count() or 1  # processes that render pages
    cache: Path = ROOT / ".cache"  # PDFs already typeset, by content hash


@dataclass(frozen=True)
class BuildReport:
    actors: int
    pages: int
    lettres: int = 0
    pdfs_made: int = 0
    pdfs_reused: int = 0


def check(config: Config) -> Site:
    """Load and validate content/; raise ContentErrors with every problem found."""
    problems: list[Problem] = []
    documents = load_documents(config.content, problems)
    today = config.today or date.today()
    territory, actors, lettres = validate_documents(documents, problems, today)
    if problems or territory is None:
        raise ContentErrors(problems)
    return assemble_site(territory, actors, lettres, built_on=today)


def build(config: Config) -> BuildReport:
    """Build the site into config.output; raise ContentErrors before writing anything."""
    say = config.progress or (lambda message: None)
    say("lecture et vérification du contenu")
    site = check(config)
    env = make_environment(config.templates)
    table = page_table(site)
    if config.pdf and site.lettres:
        say(f"PDF de {len(site.lettres)} lettre(s)")
    pdfs = make_lettre_pdfs(render_for_print(table, site, env), config) if config.pdf else {}
    say(f"rendu de {len(table)} pages")
    pages = render_site(table, site, env, pdfs, jobs=config.jobs)
    files = chain(pages, [(urls.output_path(urls.lettre_pdf(numero)), pdf.data) for numero, pdf in pdfs.items()])
    finish = [copy_vendor(config.node_modules)] + ([indexing(say)] if config.search else [])
    say("écriture du site")
    write_output(files, config.assets, config.output, finish)
    reused = sum(pdf.reused for pdf in pdfs.values())
    return BuildReport(actors=len(site.actors), pages=len(table), lettres=len(site.lettres),
                       pdfs_made=len(pdfs) - reused, pdfs_reused=reused)


def indexing(say: Callable[[str], None]) -> Callable[[Path], None]:
    def step(site: Path) -> None:
        say("index de recherche")
        index_search(site)

    return step


def make_lettre_pdfs(print_html: dict[int, str], config: Config) -> dict[int, Pdf]:
    return {numero: make_pdf(html, config.assets, config.cache / "pdf") for numero, html in print_html.items()}
