"""What each page depends on, recorded while the site is made, so that a build after a few edited
actor files fingerprints only the pages that can show the edit.

A wide build (the first, or any build whose other inputs changed) records, beside every page's
fingerprint:
  - the actor fields the stages that make page contexts read (assemble_site, page_table): what
    any page other than an actor's own can show of an actor (its card, its counted fields, its
    groups, its dates…), found by watching the reads, never listed by hand;
  - for each actor, the digest of its file and of those fields ("elsewhere");
  - which pages hold an actor whole (its own page, found by the fingerprint's walk);
  - the pages holding what other stages made (open-data files, PDFs): remade each build;
  - the digest of every other input (generator, templates, the territory's files, lettres, build day…).
A later build whose only changes are actor files whose "elsewhere" digest is unchanged is
narrow: assemble_site and page_table then give every other page the same context as before
(they read nothing else of an actor), so those pages keep their recorded fingerprint and only
the edited actors' pages and the volatile ones are fingerprinted again; a build given the last
one (the preview) takes that build's site and pages with the edited actors put in, rather than
making them again. Anything else (a new or deleted actor, a changed card, a lettre, a template,
the territory…) makes the build wide.
"""

import dataclasses
import threading
from collections.abc import Callable
from contextlib import contextmanager

from .. import urls
from ..compute.site import Site
from ..content.model import Actor
from ..render.data_files import DataFile
from ..render.directory import DirectoryPdf
from ..render.pdf import Pdf
from .fingerprint import Digests, hexdigest
from .manifest import Manifest

VOLATILE = (DataFile, Pdf, DirectoryPdf)  # made by other stages than the site's assembly (data, PDFs)
ACTOR_KEY = "actor:"  # the key the fingerprint's walk gives an actor held whole


WATCHING: dict[int, set[str]] = {}  # thread -> the names its build records (a process may run builds in threads)
WATCH_LOCK = threading.Lock()


def watched(actor, name):
    names = WATCHING.get(threading.get_ident())
    if names is not None:
        names.add(name)
    return object.__getattribute__(actor, name)


@contextmanager
def actor_reads(watch: bool = True):
    """The names of the Actor attributes this thread reads meanwhile. Reading __dict__ (pickling,
    vars()) reads every field. `watch` False: none recorded (a narrow build keeps the graph's)."""
    names: set[str] = set()
    if not watch:
        yield names
        return
    thread = threading.get_ident()
    with WATCH_LOCK:
        if not WATCHING:
            Actor.__getattribute__ = watched
        WATCHING[thread] = names
    try:
        yield names
    finally:
        with WATCH_LOCK:
            del WATCHING[thread]
            if not WATCHING:
                del Actor.__getattribute__


ALL_FIELDS = tuple(field.name for field in dataclasses.fields(Actor))


def shown_fields(names: set[str]) -> list[str]:
    """The fields and properties read, as values to digest (methods read fields, recorded apart)."""
    if "__dict__" in names or "__reduce_ex__" in names:
        names = names | set(ALL_FIELDS)
    plain = set(ALL_FIELDS) - {"file_digest"}
    return sorted(name for name in names if name in plain or isinstance(getattr(Actor, name, None), property))


def elsewhere(actor: Actor, fields: list[str], digests: Digests) -> str:
    """What pages other than the actor's own can show of it: the fields assemble and page_table read."""
    return digests.of(tuple(getattr(actor, name) for name in fields))


def base_digest(generator: str, templates: dict[str, str], territory: str, lettres, build_day, pdf: bool) -> str:
    """Every input of the pages besides the actors' files."""
    return Digests().of((generator, templates, territory, lettres, build_day, pdf))


def volatile(page) -> bool:
    """A page whose context holds what the open data or the PDF stages made (by exact type: a
    narrow build asks it of every page)."""
    for value in page.context.values():
        kind = type(value)
        if kind in VOLATILE or ((kind is list or kind is tuple) and value and type(value[0]) in VOLATILE):
            return True
    return False


@dataclasses.dataclass
class Graph:
    """As the manifest keeps it (JSON)."""

    base: str
    common: str  # digest of the generator and the frame every page shows (the same while `base` is)
    fields: list[str]
    actors: dict[str, list[str]]  # slug -> [file digest, elsewhere digest]
    # slug -> URLs of the pages that hold the actor whole, when not only its own page (most
    # actors: kept out of the manifest, 20 000 entries less to read and write at each build)
    holders: dict[str, list[str]]
    volatile: list[str]  # URLs

    def holding(self, slug: str) -> list[str]:
        """The pages that hold this actor whole (its own page, unless recorded otherwise)."""
        return self.holders.get(slug, [urls.actor(slug)])

    @classmethod
    def of(cls, raw: dict | None) -> "Graph | None":
        try:
            return cls(**raw) if raw else None
        except TypeError:
            return None


@dataclasses.dataclass
class Narrow:
    """A build whose only changes are actors' files that show on their own pages only."""

    graph: Graph  # the previous build's
    edited: dict[str, Actor]  # slug -> the actor as read now
    record: dict[str, list[str]]  # slug -> [file digest, elsewhere digest], for the graph to record

    def site_from(self, site: Site, content) -> Site:
        """The previous build's site with the actors as read now: everything else it holds is made
        of what the graph says did not change."""
        now = {actor.slug: actor for actor in content.actors}
        return dataclasses.replace(site, actors=tuple(now[actor.slug] for actor in site.actors))

    def pages_from(self, pages: list, data) -> list | None:
        """The previous build's pages, the edited actors' holders given the actors as read now and
        /donnees/ the open-data files made now (as page_table gives them: a volatile page, so
        fingerprinted again); None when a page holds an edited actor where this cannot replace it
        (the page table makes them)."""
        redo = {url: slug for slug in self.edited for url in self.graph.holding(slug)}
        volatile_urls = set(self.graph.volatile)
        touched = volatile_urls | redo.keys()
        fresh = list(pages)  # the few pages touched are found in one comprehension (a loop over 30 000 pages: 10 ms)
        for index in [index for index, page in enumerate(pages) if page.url in touched]:
            page = pages[index]
            if page.url in volatile_urls and page.template == "donnees.html" and page.context.get("files") != data.published:
                page = dataclasses.replace(page, context={**page.context, "files": data.published})
            if page.url in redo:
                new = self.edited[redo[page.url]]
                page = dataclasses.replace(page, context=substituted(page.context, new))
                if holds_other(page.context, new):
                    return None
            fresh[index] = page
        return fresh


def substituted(value, actor: Actor):
    """`value` with every actor of this slug, in its dicts, tuples and lists, replaced by `actor`."""
    if isinstance(value, Actor):
        return actor if value.slug == actor.slug else value
    if isinstance(value, dict):
        return {key: substituted(item, actor) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(substituted(item, actor) for item in value)
    return value


def holds_other(value, actor: Actor) -> bool:
    """Whether an actor of this slug other than `actor` is still held, anywhere (dataclasses too)."""
    if isinstance(value, Actor):
        return value.slug == actor.slug and value is not actor
    if isinstance(value, dict):
        return any(holds_other(item, actor) for item in value.values())
    if isinstance(value, (tuple, list)):
        return any(holds_other(item, actor) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(holds_other(getattr(value, field.name), actor) for field in dataclasses.fields(value))
    return False


def narrow_to(previous: Graph | None, base: str, actors: tuple[Actor, ...]) -> Narrow | None:
    """The actors edited since the previous build when none of them changed anything but its own
    page, or None: the build is wide."""
    if previous is None or previous.base != base or len(actors) != len(previous.actors):
        return None
    known = previous.actors
    # the actors whose file changed, in one comprehension (a loop keeping each record took 10-15 ms at 20 000 actors)
    changed = [actor for actor in actors if not actor.file_digest or (before := known.get(actor.slug)) is None
               or before[0] != actor.file_digest]
    digests, edited, record = Digests(), {}, dict(known)  # the same slugs: as many, and each of them known
    for actor in changed:
        before = known.get(actor.slug)
        if before is None or not actor.file_digest:
            return None
        after = elsewhere(actor, previous.fields, digests)
        if after != before[1]:
            return None
        edited[actor.slug] = actor
        record[actor.slug] = [actor.file_digest, after]
    return Narrow(previous, edited, record)


def page_fingerprints(pages: list, common: str, templates: dict[str, str],
                      kept: Callable[[object], str | None] = lambda page: None) -> tuple[list[str], dict[str, set[str]]]:
    """Each page's fingerprint (fingerprint.py), and the actors each holds whole (URL -> keys).
    `common`: common_digest(). `kept(page)`: the fingerprint a page keeps from the previous
    build, None to fingerprint it."""
    digests = Digests()
    crumbs: dict[tuple, str] = {}  # pages share a few trails
    marks, holds = [], {}
    for page in pages:
        if (mark := kept(page)) is not None:
            marks.append(mark)
            continue
        trail = crumbs.get(page.crumbs) or crumbs.setdefault(page.crumbs, digests.of(page.crumbs))
        keys: set[str] = set()
        key = "\x1f".join((common, templates[page.template], page.url, page.template, repr(page.title), trail,
                           digests.of(page.context, keys)))
        marks.append(hexdigest(key.encode("utf-8", "surrogatepass")))
        if keys:
            holds[page.url] = keys
    return marks, holds


def fingerprint_pages(pages: list, frame: dict, templates: dict[str, str], generator: str, previous: Manifest | None,
                      base: str, narrow: Narrow | None, actors: tuple[Actor, ...], read: set[str],
                      marks_then: list[str] | None = None, table: list | None = None) -> tuple[list[str], Graph, int]:
    """The pages' fingerprints, the graph to record, and how many pages were fingerprinted.
    `read`: the actor attributes a wide build's assembly and page table read. `marks_then`: the
    fingerprints of the last build, whose pages (Narrow.pages_from) these are, in the same order;
    `table`: those pages before the PDFs were attached to copies of some of them."""
    if narrow is None:  # wide: every page, and a new graph
        fields = shown_fields(read)
        digests = Digests()
        record = {actor.slug: [actor.file_digest, elsewhere(actor, fields, digests)] for actor in actors}
        common = common_digest(generator, frame)
        marks, holds = page_fingerprints(pages, common, templates)
        return marks, record_graph(base, common, fields, record, holds, pages), len(pages)
    graph = narrow.graph
    if marks_then is not None and len(marks_then) == len(pages):
        return kept_marks(pages, marks_then, templates, graph, narrow, table)
    changing = set(graph.volatile) | {page.url for page in pages if volatile(page)}
    redo = {url for slug in narrow.edited for url in graph.holding(slug)} | changing

    files, done = previous.files, 0

    def kept(page) -> str | None:
        nonlocal done
        entry = files.get(urls.output_path(page.url)) if page.url not in redo else None
        if entry is None:
            done += 1
            return None
        return entry.fingerprint

    marks, _ = page_fingerprints(pages, graph.common, templates, kept)
    return marks, Graph(base, graph.common, graph.fields, narrow.record, graph.holders, sorted(changing)), done


def kept_marks(pages: list, marks_then: list[str], templates: dict[str, str], graph: Graph, narrow: Narrow,
               table: list | None = None) -> tuple[list[str], Graph, int]:
    """A narrow build on the last build's pages: its fingerprints, those of the edited actors'
    holders and of the volatile pages (the same pages as the graph recorded: the last build's)
    made again, without fingerprinting every other page. A page can become volatile since (a
    printed directory typeset in the background is now linked): only by a PDF attached to a
    copy of it, so only the copies are asked (`table`: the pages before; without it, every page)."""
    attached = pages if table is None else [page for page, before in zip(pages, table, strict=True) if page is not before]
    changing = set(graph.volatile) | {page.url for page in attached if volatile(page)}
    redo = {url for slug in narrow.edited for url in graph.holding(slug)} | changing
    todo = [index for index, page in enumerate(pages) if page.url in redo]
    fresh, _ = page_fingerprints([pages[index] for index in todo], graph.common, templates)
    marks = list(marks_then)
    for index, mark in zip(todo, fresh, strict=True):
        marks[index] = mark
    return marks, Graph(graph.base, graph.common, graph.fields, narrow.record, graph.holders, sorted(changing)), len(todo)


def common_digest(generator: str, frame: dict) -> str:
    return Digests().of((generator, frame))


def record_graph(base: str, common: str, fields: list[str], actors: dict[str, list[str]], holds: dict[str, set[str]],
                 pages: list) -> Graph:
    holders: dict[str, list[str]] = {}
    for url, keys in holds.items():
        for key in keys:
            if key.startswith(ACTOR_KEY):
                holders.setdefault(key[len(ACTOR_KEY):], []).append(url)
    holders = {slug: held for slug, held in holders.items() if held != [urls.actor(slug)]}
    return Graph(base, common, fields, actors, holders, [page.url for page in pages if volatile(page)])
