"""What earlier builds left in the cache folder for this build to reuse: the actors already read
and checked, the PDFs already typeset (lettres, printed directories), the open-data files, and
the manifest of the output folder. Each is verified before use and none is read by a build
asked to redo everything (--complet); a cache file that cannot be read or written is set aside
with a warning (cache_files.py)."""

from collections.abc import Callable
from pathlib import Path

from ..compute.site import Site
from ..config import Config
from ..content.load import TERRITORY_FILE
from ..content.model import Actor
from ..render.card_html import PASTED_INTO
from ..render.pages import Page
from ..render.renderer import Renderer
from .actor_cache import ActorCache
from .cache_files import CacheFiles
from .data_cache import DataCache, OpenData, data_key
from .fingerprint import (
    generator_digest,
    hexdigest,
    page_fingerprints,
    template_digests,
)
from .manifest import Manifest, ManifestFile
from .pdf_cache import PdfCache


class BuildCache:
    def __init__(self, config: Config, warn: Callable[[str], None]):
        self.config = config
        self.generator = generator_digest()
        read = config.incremental  # --complet reads no cache (it still leaves its work for the next build)
        self.actors = ActorCache(config.cache, config.content, self.actor_key(), CacheFiles("des fiches", warn)) if read else None
        self.pdfs = PdfCache(config.cache / "pdf", CacheFiles("des PDF des lettres", warn), read)
        self.data = DataCache(config.cache / "data", self.generator, CacheFiles("des données ouvertes", warn), read)
        # the printed directories, counted apart
        self.directory_pdfs = PdfCache(config.cache / "pdf-annuaire", CacheFiles("de l'annuaire imprimable", warn), read)

    def actor_key(self) -> str:
        """Actors depend on their file, the territory file, the code and the year (creation check)."""
        try:
            territory = (self.config.content / TERRITORY_FILE).read_bytes()
        except OSError:
            territory = b""
        return hexdigest(b"\0".join([self.generator.encode(), territory, str(self.config.build_day.year).encode()]))

    @property
    def reuse_actor(self) -> Callable[[Path], Actor | None] | None:
        """Gives the actor an unchanged file was read as by an earlier build (content/validate.py)."""
        return self.reuse if self.actors else None

    def reuse(self, path: Path) -> Actor | None:
        """A date_source or verifie_le after the build day is refused: an actor checked against a later day
        (a build day given by hand) is read and checked again rather than reused."""
        actor = self.actors.reuse(path)
        day = self.config.build_day
        checked_later = actor and any(when and when > day for when in (actor.date_source, actor.verifie_le))
        return None if checked_later else actor

    def keep_actors(self, actors: tuple[Actor, ...]) -> None:
        """Keep this build's valid actors for the next one."""
        if self.actors:
            self.actors.save(actors)

    def open_data(self, site: Site) -> OpenData:
        """The open-data files: those of an earlier build when no actor changed, else made now."""
        return self.data.open_data(site, data_key(site, self.generator) if self.config.incremental else None, self.config.jobs)

    def previous_build(self) -> tuple[Manifest | None, str]:
        """The manifest of the output folder to update in place, or None and why not."""
        if not self.config.incremental:
            return None, "demandée avec --complet"
        return ManifestFile(self.config.cache, self.config.output).load(self.generator)

    @property
    def actors_read(self) -> int | None:
        """Actor files read and checked by this build (the others were unchanged); None without the cache."""
        return len(self.actors.stamps) if self.actors else None

    def template_digests(self, renderer: Renderer) -> dict[str, str]:
        """Template -> digest of its source and of those it uses (fingerprint.py)."""
        return template_digests(renderer.env, PASTED_INTO)

    def fingerprints(self, pages: list[Page], renderer: Renderer, templates: dict[str, str]) -> list[str]:
        """Each page's fingerprint: what its bytes are made from (fingerprint.py)."""
        return page_fingerprints(pages, renderer.frame(), templates, self.generator)
