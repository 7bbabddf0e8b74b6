"""What a build did, as the last lines of `build.py` tell it, and what it made it from (the preview
keeps that and gives it to its next build)."""

import time
from dataclasses import dataclass, field
from datetime import date

from .compute.site import Site
from .content.model import Lettre
from .formats import date_longue
from .incremental.actor_cache import ActorMemory
from .incremental.build_cache import BuildCache
from .incremental.data_cache import OpenData
from .incremental.manifest import Kept
from .incremental.plan import Plan
from .output.writer import WriteOutcome
from .render.pages import Page
from .render.renderer import Renderer


@dataclass(frozen=True)
class Made:
    """What a build assembled and rendered its pages from."""

    site: Site
    renderer: Renderer | None  # None: kept in the cache folder (incremental/last_build.py), made again
    pages: list[Page]  # the page table, before the PDFs are attached (a lettre is printed from its page without them)
    generator: str  # the generator's digest
    templates: dict[str, str]  # template -> digest, as the pages were fingerprinted
    saved: Kept | None = None  # the manifest this build saved (the next build reads it rather than its file)
    data: OpenData | None = None  # the open-data files the pages were made with
    actors: ActorMemory | None = None  # the actors read, by file stamp
    marks: list[str] | None = None  # each page's fingerprint, in the order of `pages` (as `saved` records them)
    paths: tuple[str, ...] = ()  # each page's file in output/, in the order of `pages` (its Plan.paths)
    support: dict | None = None  # the support files found (output/support.py support_files), path in output/ -> source


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
    prints_waiting: int = 0  # print_later: printed directories left for a later build
    actors_read: int = 0  # actor files read and checked (the others were unchanged since the last build)
    scheduled: tuple[str, ...] = ()  # what to say of the lettres held back until their day (scheduled_notices)
    made: Made | None = field(default=None, repr=False, compare=False)  # what the site was made from
    stages: tuple[tuple[str, float], ...] = field(default=(), compare=False)  # (stage, seconds), in order
    fingerprinted: int = 0  # pages fingerprinted (the others kept their recorded fingerprint)
    data_waiting: bool = False  # data_later: the open data is the last build's, to remake

    @classmethod
    def of(cls, made: Made, plan: Plan, outcome: WriteOutcome, cache: BuildCache, prints_waiting: int,
           stages: tuple[tuple[str, float], ...] = (), fingerprinted: int = 0, data_waiting: bool = False) -> "BuildReport":
        site = made.site
        read = cache.actors_read
        return cls(actors=len(site.actors), pages=len(plan.outputs.pages), lettres=len(site.lettres),
                   pdfs_made=cache.pdfs.made, pdfs_reused=cache.pdfs.reused, rendered=outcome.rendered,
                   written=outcome.written, full=plan.full, why_full=plan.why_full, indexed=outcome.indexed,
                   index_stale=outcome.index_stale, prints_waiting=prints_waiting,
                   actors_read=len(site.actors) if read is None else read, scheduled=scheduled_notices(site), made=made,
                   stages=stages, fingerprinted=fingerprinted, data_waiting=data_waiting)


class Stopwatch:
    """Each stage's wall time, for `build.py --profil` and the benchmarks."""

    def __init__(self) -> None:
        self.laps: tuple[tuple[str, float], ...] = ()
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps += ((stage, now - self.last),)
        self.last = now


def scheduled_notices(site: Site) -> tuple[str, ...]:
    """One line per lettre dated after the build day:
    'content/lettres/x.md : lettre datée du 15 juin 2062, publiée à partir de ce jour'."""
    return tuple(f"{lettre.path} : lettre datée du {date_longue(lettre.date)}, publiée à partir de ce jour{year_hint(lettre, site.build_day)}"
                 for lettre in site.scheduled)


def unchecked_notices(site: Site) -> tuple[str, ...]:
    """One warning per published actor whose listing was last checked more than a year before
    the build day: 'content/actors/x.md : avertissement : fiche vérifiée le 1er juin 2025, il y a
    plus d'un an ; …'. Never an error: the listing stays published, and says so on its page."""
    return tuple(f"{actor.path} : avertissement : fiche vérifiée le {date_longue(actor.verifie_le)}, il y a plus d'un an ; "
                 "vérifiez-la auprès de la structure, puis mettez à jour verifie_le"
                 for actor in site.actors if actor.unchecked_on(site.build_day))


def year_hint(lettre: Lettre, build_day: date) -> str:
    """A year far ahead made of this year's digits (2062 for 2026) is likely a typo: say so."""
    meant = [year for year in (build_day.year, build_day.year + 1) if sorted(str(year)) == sorted(str(lettre.date.year))]
    if lettre.date.year > build_day.year + 1 and meant:
        return f" (vouliez-vous écrire {meant[0]} ? corrigez alors la date)"
    return ""
