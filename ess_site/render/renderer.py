"""Render stage: Pages -> Rendered files (bytes and their digest). Pure: nothing is written here.

Pages are rendered over the machine's cores when there are many, streamed back in order, so the
whole site is never held in memory at once; the bytes do not depend on the number of processes
(tests compare them). The caller may give `then`, run on each rendered page in the process that
rendered it: the writer uses it to store pages without sending their bytes back.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from jinja2 import Environment

from .. import formats, parallel, urls
from ..compute.site import Site
from ..incremental.fingerprint import hexdigest
from .card_html import CardHtml
from .pages import LETTRE_TEMPLATE, VERBATIM_TEMPLATES, Page
from .typography import french_spacing

PARALLEL_FROM = 300  # below this many pages, starting worker processes costs more than it saves
CHUNK = 400  # pages' worth of work per task (one fresh worker each): small enough to stream, large enough to amortize the fork
INDEXED_MARK = b"data-pagefind-body"  # pages the search index reads
PLACE_MARK = re.compile(rb'data-pagefind-filter="departement:([0-9A-Za-z]+)"')  # the département an indexed page is filtered by
LISTS = {"actors.html", "browse.html", "level.html", "carte.html"}  # pages that list many actors' cards


@dataclass(frozen=True)
class Rendered:
    path: str  # in output/
    data: bytes
    content: str  # digest of `data`
    indexed: bool = False  # a page the search index reads
    place: str = ""  # the département its search filter names: its search bundles (output/search_index.py)

    @classmethod
    def of(cls, path: str, data: bytes) -> "Rendered":
        indexed = INDEXED_MARK in data
        return cls(path, data, hexdigest(data), indexed, search_place(data) if indexed else "")


def search_place(data: bytes) -> str:
    found = PLACE_MARK.search(data)
    return found.group(1).decode() if found else ""


@dataclass(frozen=True)
class Renderer:
    site: Site
    env: Environment
    jobs: int = 1  # processes
    cards: CardHtml = field(init=False, compare=False)  # made from the pages' cards: not fingerprinted apart

    def __post_init__(self):
        object.__setattr__(self, "cards", CardHtml(self.env))

    def frame(self) -> dict:
        """What every page shows besides its own context: the header, menu and footer."""
        return {"territory": self.site.territory, "has_lettres": bool(self.site.lettres)}

    def text(self, page: Page) -> str:
        # card_html holds the cards' fragments, made from the cards the page's context holds.
        text = self.env.get_template(page.template).render(page=page, card_html=self.cards, **self.frame(), **page.context)
        return text if page.template in VERBATIM_TEMPLATES else french_spacing(text)

    def render(self, page: Page) -> Rendered:
        return Rendered.of(urls.output_path(page.url), self.text(page).encode("utf-8"))

    def pages(self, pages: list[Page], then: Callable[[Rendered], object] | None = None) -> Iterator:
        """Each page rendered (and passed to `then`, when given), in order."""
        def render_range(part: list[Page]) -> list:
            return [then(self.render(page)) if then else self.render(page) for page in part]

        if self.jobs > 1 and len(pages) >= PARALLEL_FROM and parallel.can_fork():
            self.warm(pages)
            for part in parallel.map_ranges(render_range, pages, balanced_chunks(pages), self.jobs):
                yield from part
        else:
            yield from render_range(pages)

    def warm(self, pages: list[Page]) -> None:
        """Before workers fork: compile every template, read Babel's French data and render
        the cards the lists paste, once, here. Each worker is a fresh fork for each task
        (ess_site/parallel.py), so what it made itself would be made again by the next."""
        formats.load_locale()
        for name in self.env.list_templates(filter_func=lambda name: name.endswith(".html")):
            self.env.get_template(name)
        if any(page.template in LISTS for page in pages):
            self.cards.prepare(self.site.cards)

    def for_print(self, pages: list[Page]) -> dict[int, str]:
        """Each lettre's page as its PDF is typeset from it (without the link to the PDF itself)."""
        return {page.context["lettre"].numero: self.text(page) for page in pages if page.template == LETTRE_TEMPLATE}


def balanced_chunks(pages: list[Page]) -> list[tuple[int, int]]:
    """(start, stop) ranges of about CHUNK pages' worth of work: a page listing a thousand actor
    cards weighs as much as a quarter of a chunk, so the long lists spread over the workers."""
    chunks, start, weight = [], 0, 0.0
    for index, page in enumerate(pages):
        weight += 1 + sum(len(value) for value in page.context.values() if isinstance(value, tuple)) / 10
        if weight >= CHUNK:
            chunks.append((start, index + 1))
            start, weight = index + 1, 0.0
    return chunks + ([(start, len(pages))] if start < len(pages) else [])
