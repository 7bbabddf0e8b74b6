"""What a build did, as the last lines of `build.py` tell it."""

from dataclasses import dataclass

from .compute.site import Site
from .incremental.build_cache import BuildCache
from .incremental.plan import Plan
from .output.writer import WriteOutcome


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

    @classmethod
    def of(cls, site: Site, plan: Plan, outcome: WriteOutcome, cache: BuildCache) -> "BuildReport":
        read = cache.actors_read
        return cls(actors=len(site.actors), pages=len(plan.outputs.pages), lettres=len(site.lettres),
                   pdfs_made=cache.pdfs.made, pdfs_reused=cache.pdfs.reused, rendered=outcome.rendered,
                   written=outcome.written, full=plan.full, why_full=plan.why_full, indexed=outcome.indexed,
                   index_stale=outcome.index_stale, prints_waiting=cache.prints_waiting,
                   actors_read=len(site.actors) if read is None else read)
