"""Render stage, print: the directory on paper. Each Directory (compute/directory.py) -> print HTML
-> an A4 PDF typeset by WeasyPrint like the lettres (render/pdf.py), kept in a PdfStore by the key
of what it is made from, so an unchanged directory is not typeset again. /acteurs/ and each
commune's page then link their PDF with its size and page count.

The print HTML says the dates of its actors' data and the day it is made (the build's): the PDFs
are typeset again, once, on the first build of each day.
"""

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from .. import parallel, urls
from ..compute.directory import Directory, directories
from ..incremental.fingerprint import hexdigest
from .pages import Page
from .pdf import Pdf, PdfStore, pdf_key, typeset
from .renderer import Rendered, Renderer

TEMPLATE = "annuaire-imprimable.html"
LINKED_FROM = {"actors.html", "browse.html"}  # /acteurs/ and the browse pages (communes' only get a link)


@dataclass(frozen=True)
class DirectoryPdf:
    """What a page says of a printed directory: « (PDF, 1,2 Mo, 24 pages) »."""

    url: str
    size: int
    pages: int


def print_html(renderer: Renderer, directory: Directory) -> str:
    page = Page(directory.url, TEMPLATE, directory.place, context={"directory": directory})
    return renderer.text(page)


class DirectoryStore(PdfStore, Protocol):
    def keep_only(self, keys: set[str]) -> None: ...


def typeset_directories(renderer: Renderer, assets: Path, store: DirectoryStore, later: bool = False) -> tuple[dict[str, Pdf], int]:
    """URL of each printed directory -> its PDF, taken from `store` or typeset now (over the
    machine's cores), and how many are left to typeset: with `later` (the preview, whose pages
    must not wait), those not in `store` are left out. `store` then forgets the others
    (yesterday's: their date differs)."""
    made_of = {directory.url: print_html(renderer, directory) for directory in directories(renderer.site)}
    keys = {url: pdf_key(html, assets) for url, html in made_of.items()}
    pdfs = {url: store.get(key) for url, key in keys.items()}
    missing = sorted((url for url, pdf in pdfs.items() if pdf is None), key=lambda url: -len(made_of[url]))  # longest first
    if later:
        return {url: pdf for url, pdf in pdfs.items() if pdf is not None}, len(missing)
    for url, pdf in zip(missing, typeset_all([made_of[url] for url in missing], assets, renderer.jobs), strict=True):
        store.put(keys[url], pdf)
        pdfs[url] = pdf
    store.keep_only(set(keys.values()))
    return pdfs, 0


def typeset_all(htmls: list[str], assets: Path, jobs: int) -> list[Pdf]:
    """Each document typeset, in order; several at once in forked workers when there are cores."""
    def typeset_range(part: list[str]) -> list[Pdf]:
        return [typeset(html, assets) for html in part]

    if jobs > 1 and len(htmls) > 1 and parallel.can_fork():
        one_each = [(index, index + 1) for index in range(len(htmls))]
        # not in this process: WeasyPrint, once loaded, would stay in it for the rest of the build
        return [pdf for part in parallel.map_ranges(typeset_range, htmls, one_each, min(jobs, len(htmls)), share=False) for pdf in part]
    return typeset_range(htmls)


def directory_files(pdfs: dict[str, Pdf]) -> list[Rendered]:
    """The printed directories as files of the site."""
    return [Rendered(urls.output_path(url), pdf.data, hexdigest(pdf.data)) for url, pdf in pdfs.items()]


def attach_directories(pages: list[Page], pdfs: dict[str, Pdf]) -> list[Page]:
    """/acteurs/ and each commune's page link their printed directory (`directory_pdf`). The page
    table says None (render/pages.py: UNLINKED), so only the pages given a link are copied: none
    when none is typeset (--sans-pdf, or more actors than compute/directory.py's PRINT_LIMIT),
    where copying ~4 800 commune pages cost a narrow build 23-57 ms at 20 000 actors; and a
    narrow build asks only the copies whether they became volatile (dependencies.kept_marks)."""
    if not pdfs:
        return pages
    return [replace(page, context={**page.context, "directory_pdf": link})
            if page.template in LINKED_FROM and (link := linked(pdfs, directory_url(page))) else page for page in pages]


def directory_url(page: Page) -> str | None:
    if page.template == "actors.html":
        return urls.directory_pdf()
    commune = page.context["group"].commune
    return urls.directory_pdf(commune.key) if commune else None


def linked(pdfs: dict[str, Pdf], url: str | None) -> DirectoryPdf | None:
    pdf = pdfs.get(url) if url else None
    return DirectoryPdf(url, pdf.size, pdf.pages) if pdf else None
