"""PDF stage: each lettre's page -> an A4 PDF made by WeasyPrint from the same HTML and print
stylesheet. PDFs are cached by the hash of what they are made from, so rebuilding an
unchanged lettre reuses its PDF instead of typesetting it again.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from .problems import MissingTool

MISSING_LIBRARIES = (
    "WeasyPrint ne peut pas produire les PDF des lettres : {error}.\n"
    "Installez ses bibliothèques système (Debian/Ubuntu : sudo apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0), ou construisez le site sans PDF avec --sans-pdf."
)


class PdfUnavailable(MissingTool):
    """WeasyPrint or its system libraries are missing."""


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int
    reused: bool  # taken from the cache rather than typeset again

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


def make_pdf(html: str, assets: Path, cache: Path) -> Pdf:
    weasyprint = load_weasyprint()
    key = hashlib.sha256("\n".join([weasyprint.__version__, html, stylesheets_text(assets)]).encode()).hexdigest()
    cached, meta = cache / f"{key}.pdf", cache / f"{key}.json"
    if cached.is_file() and meta.is_file():
        return Pdf(cached.read_bytes(), json.loads(meta.read_text())["pages"], reused=True)
    document = weasyprint.HTML(string=html, base_url="file:///", url_fetcher=local_fetcher(weasyprint, assets)).render()
    data = document.write_pdf()
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    meta.write_text(json.dumps({"pages": len(document.pages)}))
    return Pdf(data, len(document.pages), reused=False)


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
