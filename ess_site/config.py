"""What a build is asked to do: the folders it reads and writes, and its options."""

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    content: Path = Path("content")
    output: Path = Path("output")
    templates: Path = ROOT / "templates"
    assets: Path = ROOT / "assets"
    build_day: date = field(default_factory=date.today)  # the day "future" dates are judged against, and the files are dated
    pdf: bool = True  # typeset the lettres and the printed directories as PDFs (needs WeasyPrint and its system libraries)
    search: bool = True  # index the site with Pagefind
    # Indexed pages per search shard at most, until the count doubles (output/search_index.py).
    # Pagefind's time grows with the pages it reads: smaller shards make an edit searchable sooner.
    search_shard_pages: int = 1000
    index_later: bool = False  # leave the index to refresh_index(), after the pages (the preview does)
    print_later: bool = False  # leave the printed directories not yet typeset to a later build (the preview does)
    on_built: Callable[..., None] | None = None  # given (site, renderer, pages, generator, template digests) once built (the preview keeps them)
    node_modules: Path = ROOT / "node_modules"  # front-end libraries installed by npm (Leaflet)
    progress: Callable[[str], None] | None = None  # told each stage of a long build (on a terminal)
    jobs: int = os.cpu_count() or 1  # processes that read actor files and render pages
    cache: Path = ROOT / ".cache"  # what earlier builds left: actors read, PDFs typeset, manifests of output folders
    incremental: bool = True  # reuse what earlier builds left, and update the previous build in place

    def say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    def warn(self, message: str) -> None:
        """What the person running the build must see even without a terminal (a wait)."""
        print(message, file=sys.stderr, flush=True)
