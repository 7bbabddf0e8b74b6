"""Render stage: Site + templates -> [(output path, html)]. No disk writes.

The page table below is the site map: one Page per URL, each with its template, its title,
its breadcrumb trail and one context key named after what it shows.
"""

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import urls
from .charts import bar_chart
from .cms import decap_config_yaml
from .citations import expand_citations, expand_figures
from .figure_catalog import FIGURES, HEADLINE
from .figures import employer_examples, figures_as_json
from .fingerprint import Digests, hexdigest
from .schema import SECTEURS, STATUTS, TRANCHES_EFFECTIF
from .search import SEARCH_FILTERS, SYNONYMS
from .email_html import STYLES, for_email
from .formats import FILTERS
from .markdown_text import render_markdown, sections
from .site import BROWSE_TITLES, Card, Group, Site
from .typography import french_spacing

HOME_CRUMB = ("Accueil", urls.HOME)
LETTRE_TEMPLATE = "lettre.html"
CMS_CONFIG_TEMPLATE = "decap-config.yml"
LEGAL_TITLES = {
    "mentions-legales": "Mentions légales",
    "accessibilite": "Déclaration d'accessibilité",
    "donnees-personnelles": "Données personnelles",
}


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    title: str
    crumbs: tuple[tuple[str, str], ...] = ()  # ancestors (label, url); the page itself is `title`
    context: dict = field(default_factory=dict)


def make_environment(templates: Path) -> Environment:
    # auto_reload off: a build reads each template once (the preview makes a new environment per build).
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(FILTERS, markdown=render_markdown)
    env.globals.update(urls=urls, browse_titles=BROWSE_TITLES, legal_titles=LEGAL_TITLES, catalog=FIGURES,
                       headline=HEADLINE, bar_chart=bar_chart, chart_rows=chart_rows, tranches=TRANCHES_EFFECTIF,
                       statut_plurals={key: statut.plural for key, statut in STATUTS.items()}, secteurs=SECTEURS,
                       card_of=Card.of)
    return env


def chart_rows(shares: dict[str, float], labels: dict[str, str]) -> list[tuple[str, float]]:
    return [(labels[key], share) for key, share in shares.items()]


def page_table(site: Site) -> list[Page]:
    pages = [
        Page(urls.HOME, "home.html", site.territory.nom, context={"groups": site.groups, "cards": site.cards,
             "figures": site.figures, "lettres": site.lettres[:1]}),
        Page(urls.ACTORS, "actors.html", "Annuaire des acteurs", (HOME_CRUMB,), {"cards": site.cards}),
        Page(urls.NOT_FOUND, "404.html", "Page introuvable"),
    ]
    directory = (HOME_CRUMB, ("Annuaire des acteurs", urls.ACTORS))
    pages += [Page(a.url, "actor.html", a.nom, directory, {"actor": a, "citations": site.citations.get(a.slug, ())})
              for a in site.actors]
    for kind, title in BROWSE_TITLES.items():
        pages.append(Page(urls.browse_index(kind), "browse_index.html", title, (HOME_CRUMB,), {"groups": site.groups[kind]}))
        trail = (HOME_CRUMB, (title, urls.browse_index(kind)))
        pages += [Page(g.url, "browse.html", g.title, trail, {"group": g, "commune_figures": commune_figures(site, g)})
                  for g in site.groups[kind]]
    pages += [Page(url, f"{key}.html", LEGAL_TITLES[key], (HOME_CRUMB,)) for key, url in urls.LEGAL_PAGES.items()]
    pages += [
        Page(urls.SEARCH, "recherche.html", "Rechercher", (HOME_CRUMB,),
             {"facets": search_facets(site), "search_filters": SEARCH_FILTERS, "synonyms": SYNONYMS}),
        Page(urls.MAP, "carte.html", "Carte des acteurs", (HOME_CRUMB,), {"cards": site.cards}),
        Page(urls.KEY_FIGURES, "chiffres-cles.html", "Chiffres clés de l'ESS", (HOME_CRUMB,),
             {"figures": site.figures, "built_on": site.built_on, "groups": site.groups, "examples": examples(site)}),
        Page(urls.KEY_FIGURES_JSON, "chiffres.json", "Chiffres clés",
             context={"data": figures_as_json(site.figures, site.territory, site.built_on)}),
    ]
    pages += lettre_pages(site)
    pages += [
        Page(urls.ADMIN, "admin.html", "Administration du contenu"),
        # Generated from schema.py and the validated territory: written as is, not HTML-escaped.
        Page(urls.ADMIN_CONFIG, CMS_CONFIG_TEMPLATE, "Configuration de Decap CMS",
             context={"config_yaml": Markup(decap_config_yaml(site.territory))}),
    ]
    return pages


def commune_figures(site: Site, group: Group):
    """A commune's own key figures, shown on its browse page."""
    return site.figures.par_commune[group.commune.insee].figures if group.commune else None


def examples(site: Site) -> list[tuple[str, list[Card]]]:
    """Employers shown as examples of each headcount band, as cards."""
    cards = {actor.slug: card for actor, card in zip(site.actors, site.cards)}
    return [(band, [cards[actor.slug] for actor in actors]) for band, actors in employer_examples(list(site.actors))]


def search_facets(site: Site) -> dict[str, list[str]]:
    """The values each search filter can take: those that at least one page carries."""
    present = {kind: [group.title for group in site.groups[kind] if group.cards] for kind in site.groups}
    statuts = [STATUTS[group.key].label for group in site.groups["statuts"] if group.cards]
    return {"type": ["Acteur"] + (["Lettre"] if site.lettres else []), "commune": present["communes"],
            "statut": statuts, "secteur": present["secteurs"], "thematique": present["thematiques"]}


def show_figure(site: Site, name: str) -> str:
    """A figure embedded in a lettre, written as on /chiffres-cles/ (today's value)."""
    value = getattr(site.figures, name)
    return FIGURES[name].display(value) if value is not None else "(chiffre non disponible)"


def lettre_pages(site: Site) -> list[Page]:
    if not site.lettres:
        return []
    actors = site.actors_by_slug
    bodies = {
        lettre.numero: render_markdown(expand_figures(expand_citations(lettre.body, actors), lambda name: show_figure(site, name)), top=2)
        for lettre in site.lettres
    }
    pages = [Page(urls.LETTRES, "lettres.html", "La lettre", (HOME_CRUMB,), {"lettres": site.lettres}),
             Page(urls.FEED, "feed.xml", "La lettre", context={"lettres": site.lettres, "bodies": bodies})]
    trail = (HOME_CRUMB, ("La lettre", urls.LETTRES))
    for lettre in site.lettres:
        body = bodies[lettre.numero]
        older, newer = site.neighbours(lettre)
        context = {"lettre": lettre, "body": body, "toc": sections(body), "older": older, "newer": newer, "pdf": None}
        pages.append(Page(lettre.url, LETTRE_TEMPLATE, f"{lettre.label} : {lettre.titre}", trail, context))
        email = {"lettre": lettre, "body": for_email(body, site.territory.url_site), "styles": STYLES}
        pages.append(Page(lettre.email_url, "lettre_email.html", f"{lettre.label} : {lettre.titre}", context=email))
    return pages


PARALLEL_FROM = 300  # below this many pages, starting worker processes costs more than it saves
CHUNK = 100  # pages a worker renders per task: small enough to stream, large enough to amortize
_WORK: tuple | None = None  # what forked workers render: (pages, site, env), inherited, never pickled
INDEXED_MARK = b"data-pagefind-body"  # pages the search index reads


@dataclass(frozen=True)
class Rendered:
    path: str  # in output/
    data: bytes
    content: str  # digest of `data`
    indexed: bool


def attach_pdfs(pages: list[Page], pdfs: dict) -> list[Page]:
    """Lettre pages link their PDF (its size and page count) when there is one."""
    return [replace(page, context={**page.context, "pdf": pdfs.get(page.context["lettre"].numero)})
            if page.template == LETTRE_TEMPLATE else page for page in pages]


def render_site(pages: list[Page], site: Site, env: Environment, jobs: int = 1, into: Path | None = None) -> Iterator[Rendered]:
    """Every page, in order, over `jobs` processes. Streamed, so the whole site is never held in
    memory at once; the result does not depend on `jobs` (tests compare the bytes). With `into`,
    each page is written there by the process that rendered it (its Rendered has no data)."""
    if jobs > 1 and len(pages) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        yield from render_in_workers(pages, site, env, jobs, into)
    else:
        yield from render_range(pages, site, env, 0, len(pages), into)


def render_range(pages: list[Page], site: Site, env: Environment, start: int, stop: int, into: Path | None = None) -> list[Rendered]:
    done = []
    for page in pages[start:stop]:
        data = render_page(page, site, env).encode("utf-8")
        path = urls.output_path(page.url)
        if into is not None:
            target = into / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        done.append(Rendered(path, b"" if into else data, hexdigest(data), INDEXED_MARK in data))
    return done


def render_chunk(bounds: tuple[int, int]) -> list[Rendered]:
    pages, site, env, into = _WORK
    return render_range(pages, site, env, *bounds, into)


def render_in_workers(pages: list[Page], site: Site, env: Environment, jobs: int, into: Path | None) -> Iterator[Rendered]:
    """Forked workers inherit the site; each renders balanced chunks of pages, streamed back in order."""
    global _WORK
    chunks = balanced_chunks(pages)
    _WORK = (pages, site, env, into)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part in pool.imap(render_chunk, chunks):
                yield from part
    finally:
        _WORK = None


def balanced_chunks(pages: list[Page]) -> list[tuple[int, int]]:
    """(start, stop) ranges of about CHUNK pages' worth of work: a page listing a thousand actor
    cards weighs as much as a chunk of its own, so the long lists spread over the workers."""
    chunks, start, weight = [], 0, 0.0
    for index, page in enumerate(pages):
        weight += 1 + sum(len(value) for value in page.context.values() if isinstance(value, tuple)) / 10
        group = page.context.get("group")
        weight += len(group.cards) / 10 if group else 0
        if weight >= CHUNK:
            chunks.append((start, index + 1))
            start, weight = index + 1, 0.0
    return chunks + ([(start, len(pages))] if start < len(pages) else [])


def fingerprints(pages: list[Page], site: Site, template_digests: dict[str, str], generator: str) -> list[str]:
    """Each page's fingerprint: everything its bytes depend on (see fingerprint.py)."""
    digests = Digests()
    common = digests.of((generator, frame(site)))
    crumbs: dict[tuple, str] = {}  # pages share a few trails
    marks = []
    for page in pages:
        trail = crumbs.get(page.crumbs) or crumbs.setdefault(page.crumbs, digests.of(page.crumbs))
        key = "\x1f".join((common, template_digests[page.template], page.url, page.template, repr(page.title), trail,
                           digests.of(page.context)))
        marks.append(hexdigest(key.encode("utf-8", "surrogatepass")))
    return marks


def render_for_print(pages: list[Page], site: Site, env: Environment) -> dict[int, str]:
    """Each lettre's page as its PDF is typeset from it (without the link to the PDF itself)."""
    return {page.context["lettre"].numero: render_page(page, site, env) for page in pages if page.template == LETTRE_TEMPLATE}


def frame(site: Site) -> dict:
    """What every page shows besides its own context: the header, menu and footer."""
    return {"territory": site.territory, "has_lettres": bool(site.lettres)}


def render_page(page: Page, site: Site, env: Environment) -> str:
    text = env.get_template(page.template).render(page=page, **frame(site), **page.context)
    return text if page.template == CMS_CONFIG_TEMPLATE else french_spacing(text)  # YAML: keep every byte
