"""What earlier builds left in the cache folder for this build to reuse: the actors already read
and checked, the PDFs already typeset (lettres, printed directories), the open-data files, and
the manifest of the output folder. Each is verified before use and none is read by a build
asked to redo everything (--complet); a cache file that cannot be read or written is set aside
with a warning (cache_files.py)."""

from collections.abc import Callable
from pathlib import Path

from ..compute.site import Site
from ..config import Config
from ..content.load import CENTRES_FILE, TERRITORY_FILE
from ..content.model import Actor, Content, Territory
from ..geography import COG
from ..render.pages import Page
from ..render.renderer import Renderer
from .actor_cache import ActorCache, ActorMemory
from .cache_files import CacheFiles
from .data_cache import DataCache, OpenData, Unchanged
from .dependencies import Graph, Narrow, base_digest, fingerprint_pages, narrow_to
from .fingerprint import generator_digest, hexdigest
from .manifest import Kept, Manifest, ManifestFile, stamp_of
from .pdf_cache import PdfCache


class BuildCache:
    def __init__(self, config: Config, warn: Callable[[str], None], memory: ActorMemory | None = None,
                 changed: frozenset[Path] | None = None, generator: str | None = None):
        self.config = config
        self.generator = generator or generator_digest()
        read = config.incremental  # --complet reads no cache (it still leaves its work for the next build)
        self.actors = ActorCache(config.cache, config.content, self.actor_key(), CacheFiles("des fiches", warn),
                                 memory, changed) if read else None
        self.pdfs = PdfCache(config.cache / "pdf", CacheFiles("des PDF des lettres", warn), read)
        self.data = DataCache(config.cache / "data", self.generator, CacheFiles("des données ouvertes", warn), read)
        # the printed directories, counted apart
        self.directory_pdfs = PdfCache(config.cache / "pdf-annuaire", CacheFiles("de l'annuaire imprimable", warn), read)
        self.base_key: str | None = None
        self.territory_key: str | None = None

    def actor_key(self) -> str:
        """Actors depend on their file, the territory file, the code and the year (creation check)."""
        try:
            territory = (self.config.content / TERRITORY_FILE).read_bytes()
        except OSError:
            territory = b""
        return hexdigest(b"\0".join([self.generator.encode(), territory, str(self.config.build_day.year).encode()]))

    @property
    def reuse_actors(self) -> Callable[[list[Path]], list[Path | Actor]] | None:
        """Gives, for each actor file, the actor an earlier build read it as while the file is
        unchanged, else the file to read (content/load.py)."""
        return self.reused if self.actors else None

    def reused(self, files: list[Path]) -> list[Path | Actor]:
        found = self.actors.reuse_listed(files, self.config.build_day, self.reuse)
        return found if found is not None else [self.reuse(path) or path for path in files]

    def listed_actors(self, folder: Path) -> list[Path] | None:
        """The actor files as the last build listed them, when the watcher's changes allow it (actor_cache.py)."""
        return self.actors.listed(folder) if self.actors else None

    def known_territory(self, territory: Territory | None) -> Territory | None:
        """The last build's territory, when the watcher saw none of its files change (the actor
        memory's key also holds the territory file) and it has what lettres need (an url_site)."""
        changed = self.actors.changed if self.actors else None
        if territory is None or changed is None or not territory.url_site or {TERRITORY_FILE, CENTRES_FILE} & changed:
            return None
        return territory

    def reuse(self, path: Path) -> Actor | None:
        """A date_source or verifie_le after the build day is refused: an actor checked against a later day
        (a build day given by hand) is read and checked again rather than reused."""
        actor = self.actors.reuse(path)
        day = self.config.build_day
        checked_later = actor and any(when and when > day for when in (actor.date_source, actor.verifie_le))
        return None if checked_later else actor

    def keep_actors(self, actors: tuple[Actor, ...]) -> ActorMemory | None:
        """Keep this build's valid actors for the next one (in the cache folder, and returned
        for a next build in this process)."""
        return self.actors.save(actors) if self.actors else None

    def open_data(self, site: Site, unchanged: Unchanged | None = None) -> OpenData:
        """The open-data files: those of an earlier build when no actor changed, else made now."""
        return self.data.open_data(site, self.territory_files(), self.config.incremental, self.config.jobs, unchanged)

    def previous_build(self, kept: Kept | None = None) -> tuple[Manifest | None, str]:
        """The manifest of the output folder to update in place, or None and why not. `kept`:
        the one the preview's last build saved, used while its file is unchanged."""
        if not self.config.incremental:
            return None, "demandée avec --complet"
        return ManifestFile(self.config.cache, self.config.output).load(self.generator, kept)

    @property
    def actors_read(self) -> int | None:
        """Actor files read and checked by this build (the others were unchanged); None without the cache."""
        return len(self.actors.stamps) if self.actors else None

    def base(self, templates: dict[str, str], content: Content) -> str:
        """Digest of every input besides the actors' files (computed once a build). The territory
        is taken by its files, as the actor cache takes it: walking a région's communes costs
        0.2 s at every edit."""
        if self.base_key is None:
            self.base_key = base_digest(self.generator, templates, self.territory_files(), content.lettres, self.config.build_day,
                                        self.config.pdf)
        return self.base_key

    def territory_files(self) -> str:
        """What the territory is read from: its file, the communes' centres, the official geography
        (read once a build: the actors' lines and the pages' base both depend on it)."""
        if self.territory_key is not None:
            return self.territory_key
        parts = []
        for path in (self.config.content / TERRITORY_FILE, self.config.content / CENTRES_FILE, COG):
            try:
                parts.append(path.read_bytes() if path.suffix != ".gz" else repr(stamp_of(path)).encode())
            except OSError:
                parts.append(b"")
        self.territory_key = hexdigest(b"\0".join(parts))
        return self.territory_key

    def narrow(self, previous: Manifest | None, templates: dict[str, str], content: Content) -> Narrow | None:
        """Whether this build is narrow: only actor files changed, that show on their own pages only."""
        graph = Graph.of(previous.graph) if previous else None
        return narrow_to(graph, self.base(templates, content), content.actors) if graph else None

    def fingerprints(self, pages: list[Page], renderer: Renderer, templates: dict[str, str], previous: Manifest | None,
                     narrow: Narrow | None, content: Content, read: set[str], marks_then: list[str] | None = None,
                     table: list[Page] | None = None) -> tuple[list[str], Graph, int]:
        """Each page's fingerprint (what its bytes are made from), the graph of what pages depend
        on, and how many pages were fingerprinted (the others kept theirs: dependencies.py).
        `marks_then`: the last build's, when `pages` are its pages in its order; `table`: those
        pages before the PDFs were attached to copies of some."""
        return fingerprint_pages(pages, renderer.frame(), templates, self.generator, previous, self.base(templates, content),
                                 narrow, content.actors, read, marks_then, table)
