"""Render stage, print: each lettre's page -> an A4 PDF typeset by WeasyPrint from the same HTML
and print stylesheet. A PDF is a function of its key (WeasyPrint's version, the PDF variant, the
HTML, the stylesheets), so a PDF cache (incremental/pdf_cache.py) can give it back instead.

Every PDF is tagged PDF/UA-1 (ISO 14289-1), as the RGAA asks of a public body's documents: a
structure tree in reading order (headings, paragraphs, lists, links), the title from the HTML's
<title>, shown by readers instead of the file name, and the language from <html lang>.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from .. import urls
from ..incremental.fingerprint import hexdigest
from ..problems import MissingTool
from .renderer import Rendered

MISSING_LIBRARIES = (
    "WeasyPrint ne peut pas produire les PDF des lettres : {error}.\n"
    "Installez ses bibliothèques système (Debian/Ubuntu : sudo apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0), ou construisez le site sans PDF avec --sans-pdf."
)


# WeasyPrint's variant: tags the content and writes the PDF/UA identification (XMP metadata).
PDF_VARIANT = "pdf/ua-1"


class PdfUnavailable(MissingTool):
    """WeasyPrint or its system libraries are missing."""


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int

    @property
    def size(self) -> int:
        return len(self.data)


def load_weasyprint():
    """Import WeasyPrint, turning a missing package or library into a French explanation."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(MISSING_LIBRARIES.format(error=error)) from None
    return weasyprint


class PdfStore(Protocol):
    """Where typeset PDFs may be kept between builds (incremental/pdf_cache.py)."""

    def get(self, key: str) -> Pdf | None: ...
    def put(self, key: str, pdf: Pdf) -> None: ...


def typeset_lettres(print_html: dict[int, str], assets: Path, store: PdfStore) -> dict[int, Pdf]:
    """Lettre number -> its PDF, typeset now or taken from `store`."""
    return {numero: kept(store, pdf_key(html, assets), lambda: typeset(html, assets)) for numero, html in print_html.items()}


def pdf_files(pdfs: dict[int, Pdf]) -> list[Rendered]:
    """The PDFs as files of the site."""
    return [Rendered(urls.output_path(urls.lettre_pdf(numero)), pdf.data, hexdigest(pdf.data)) for numero, pdf in pdfs.items()]


def kept(store: PdfStore, key: str, make: Callable[[], Pdf]) -> Pdf:
    pdf = store.get(key)
    if pdf is None:
        pdf = make()
        store.put(key, pdf)
    return pdf


def pdf_key(html: str, assets: Path) -> str:
    """Everything a PDF is made from."""
    return hashlib.sha256("\n".join([load_weasyprint().__version__, str(PDF_VARIANT), html, stylesheets_text(assets)]).encode()).hexdigest()


def typeset(html: str, assets: Path) -> Pdf:
    weasyprint = load_weasyprint()
    document = weasyprint.HTML(string=html, base_url="file:///", url_fetcher=local_fetcher(weasyprint, assets)).render()
    return Pdf(document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages))


def stylesheets_text(assets: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(assets.glob("*.css")))


def local_fetcher(weasyprint, assets: Path):
    """Serve /assets/… from the assets folder; nothing is fetched from the network."""

    class AssetFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            name = urlparse(url).path.removeprefix("/assets/")
            if not url.startswith("file:///assets/") or not (assets / name).is_file():
                raise ValueError(f"ressource non locale ignorée : {url}")
            return super().fetch((assets / name).resolve().as_uri(), headers)

    return AssetFetcher(allowed_protocols={"file"})
