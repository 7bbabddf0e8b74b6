"""What a build is asked to do (Config: the folders it reads and writes, the user's options), and
how a caller has it run (BuildHooks: where progress and warnings go, what the preview leaves for later)."""

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
    node_modules: Path = ROOT / "node_modules"  # front-end libraries installed by npm (Leaflet)
    jobs: int = os.cpu_count() or 1  # processes that read actor files and render pages
    cache: Path = ROOT / ".cache"  # what earlier builds left: actors read, PDFs typeset, manifests of output folders
    incremental: bool = True  # reuse what earlier builds left, and update the previous build in place


@dataclass(frozen=True)
class Reporter:
    """Where a build tells each stage of its work (`progress`: a terminal, a test) and what the
    person running it must see even without a terminal (warnings: a wait, a cache set aside)."""

    progress: Callable[[str], None] | None = None

    def say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    def warn(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class BuildHooks:
    """How a caller has a build run, beside what the user asked: the preview puts its pages on
    disk first and leaves the search index and the printed directories for later."""

    reporter: Reporter = Reporter()
    index_later: bool = False  # leave the index to refresh_index(), after the pages
    print_later: bool = False  # leave the printed directories not yet typeset to a later build
    data_later: bool = False  # a build given the last one, after edits only their pages show: its open data, to remake later
    # The files the preview's watcher saw change since the build given as `last` (None: unknown).
    # Such a build stats only these among the actor files that build read; a later build without
    # this hint checks every file by its stamp again.
    changed: frozenset[Path] | None = None
    # Leave what the build made in the cache folder for a build in another process
    # (incremental/last_build.py); the preview keeps it in memory between its edits instead.
    remember: bool = True
