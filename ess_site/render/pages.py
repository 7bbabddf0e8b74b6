"""Render stage, the site map: Site -> one Page per URL, each with its template, its title,
its breadcrumb trail and a context named after what it shows (templates get nothing else).
"""

import json
from dataclasses import dataclass, field, replace
from itertools import groupby

from markupsafe import Markup

from .. import urls
from ..allocation import collector_paused
from ..compute import data_inclusion
from ..compute.figure_catalog import FIGURES, headline_keys
from ..compute.figures import context_lines, employer_examples
from ..compute.inclusion import inclusion_facets
from ..compute.levels import LEVEL_NAMES, LEVEL_TITLES
from ..compute.map_points import area_filter, commune_filter
from ..compute.open_data import COLUMNS, LICENCE, TYPE_LABELS
from ..compute.site import BROWSE_TITLES, FACETS, Card, Group, Site
from ..content.citations import expand_citations, expand_figures
from ..content.schema import STATUTS
from ..tools.cms import decap_config_yaml
from .email_html import STYLES, for_email
from .markdown_text import render_markdown, sections
from .pagination import INDEX_PAGE_SIZE, PAGE_SIZE, Pager, cut, page_title
from .search_page import COMMUNE_CHECKBOXES, SEARCH_FILTERS, SYNONYMS, search_places

HOME_CRUMB = ("Accueil", urls.HOME)
LETTRE_TEMPLATE = "lettre.html"
UNLINKED = {"directory_pdf": None}  # no printed directory linked: render/directory.py copies only the pages it links one to
CMS_CONFIG_TEMPLATE = "decap-config.yml"
VERBATIM_TEMPLATES = {CMS_CONFIG_TEMPLATE, "robots.txt", "sitemap.xml", "lieux.json"}  # no French spacing: every byte kept
INLINE_COMMUNES = 100  # a level page lists its communes up to this many, else links to them in the communes' index
# /chiffres-cles/ tabulates every commune up to INLINE_FIGURE_COMMUNES (an intercommunality); beyond,
# it shows the TOP_COMMUNES with most actors and links to every commune's row in pages of
# FIGURE_ROWS_PAGE_SIZE (up to 15 elements a row), so it stays under issue 23's budgets at any size.
INLINE_FIGURE_COMMUNES = 60
TOP_COMMUNES = 10
FIGURE_ROWS_PAGE_SIZE = 75
EMBED_TEMPLATE = "encart.html"
NOT_IN_SITEMAP = {"404.html", "admin.html", "lettre_email.html", "correction-merci.html", EMBED_TEMPLATE}
# The lists partners may frame, in the order /integrer/ offers them; each embed page shows at most
# EMBED_PAGE_SIZE cards (a commune with hundreds of actors gets several light pages).
EMBED_KINDS = ("communes", "secteurs", "thematiques", "departements", "regions")
EMBED_PAGE_SIZE = 30
# /integrer/ offers in its menu the kinds of list with at most this many lists that have actors;
# past it (a région's communes), each list's own page links to /integrer/ with it chosen.
EMBED_OFFERED = 60
# The snippet partners copy (assets/integrer.js fills the same model when they choose a list or a size).
EMBED_SNIPPET = '<iframe src="{src}" title="{title}" width="{width}" height="{height}" style="border: 0;" loading="lazy"></iframe>'
EMBED_SIZES = {"height": ("600", "400", "800"), "width": ("100%", "320", "480", "640")}  # the first is the default
# The pages the law requires: URL folder (urls.legal) -> title.
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


def page_table(site: Site, catalogue: list = ()) -> list[Page]:
    """Every page of the site; `catalogue` is the open-data files /donnees/ lists (render/data_files.py).
    Made with the garbage collector paused (allocation.py): 30 000 pages at 20 000 actors make no
    cycles, and its full collections would walk the whole site meanwhile (0.22 s paused against
    0.24 to 0.64 s, at 20 000 actors)."""
    with collector_paused():
        return all_pages(site, catalogue)


def all_pages(site: Site, catalogue: list) -> list[Page]:
    pages = [
        Page(urls.HOME, "home.html", site.territory.nom, context={"groups": site.groups, "total": len(site.cards),
             "figures": site.figures, "headline": headline_keys(site.figures), "lettres": site.lettres[:1],
             "places": sum(1 for group in site.groups["communes"] if group.cards), "levels": site.levels,
             "level_titles": LEVEL_TITLES, "level_names": LEVEL_NAMES}),
        Page(urls.NOT_FOUND, "404.html", "Page introuvable"),
    ]
    pages += actors_pages(site.cards)
    directory = (HOME_CRUMB, ("Annuaire des acteurs", urls.ACTORS))
    pages += [Page(a.url, "actor.html", a.nom, directory, {"actor": a, "citations": site.citations.get(a.slug, ()),
                                                                  "unchecked": a.unchecked_on(site.build_day)})
              for a in site.actors]
    pages += level_pages(site)
    for kind, title in BROWSE_TITLES.items():
        pages += index_pages(kind, title, communes_by_area(site) if kind == "communes" and site.levels else
                             [(None, group) for group in site.groups[kind]])
        trail = (HOME_CRUMB, (title, urls.browse_index(kind)))
        for group in site.groups[kind]:
            first = {"commune_figures": commune_figures(site, group), "map_area": commune_map(group)}
            pages += list_pages(group.url, "browse.html", group.title, trail, group.cards,
                                {"group": replace(group, cards=()), "total": len(group.cards), "commune_figures": None, "map_area": None, **UNLINKED},
                                first)
    pages += [Page(urls.legal(key), f"{key}.html", title, (HOME_CRUMB,)) for key, title in LEGAL_TITLES.items()]
    pages.append(Page(urls.CORRECTION_SENT, "correction-merci.html", "Demande envoyée", (HOME_CRUMB,)))
    pages += [
        Page(urls.SEARCH, "recherche.html", "Rechercher", (HOME_CRUMB,),
             {"facets": search_facets(site), "search_filters": SEARCH_FILTERS, "synonyms": SYNONYMS,
              "commune_input": sum(1 for group in site.groups["communes"] if group.cards) > COMMUNE_CHECKBOXES}),
        Page(urls.SEARCH_PLACES, "lieux.json", "Lieux de la recherche",
             context={"places": Markup(json.dumps(search_places(site.groups, site.levels), ensure_ascii=False, separators=(",", ":")))}),
        Page(urls.MAP, "carte.html", "Carte des acteurs", (HOME_CRUMB,),  # its points come from /carte/points/ (map_points.py)
             {"count": len(site.cards), "unplaced": sum(1 for card in site.cards if not card.position), "levels": tuple(site.levels),
              "level_titles": LEVEL_TITLES}),
        Page(urls.OPEN_DATA, "donnees.html", "Données ouvertes", (HOME_CRUMB,),
             {"files": catalogue, "licence": LICENCE, "build_day": site.build_day, "data_dates": site.data_dates,
              "columns": [(c.name, TYPE_LABELS[c.type], c.description, bool(c.constraints.get("required"))) for c in COLUMNS],
              "inclusion": {"version": data_inclusion.SCHEMA_VERSION, "source": data_inclusion.source_of(site.territory)}}),
    ]
    pages += key_figures_pages(site)
    pages += lettre_pages(site)
    pages += embed_pages(site)
    pages += [
        Page(urls.ADMIN, "admin.html", "Administration du contenu"),
        # Generated from schema.py and the validated territory: written as is, not HTML-escaped.
        Page(urls.ADMIN_CONFIG, CMS_CONFIG_TEMPLATE, "Configuration de Decap CMS",
             context={"config_yaml": Markup(decap_config_yaml(site.territory, site.build_day))}),
        Page(urls.ROBOTS, "robots.txt", "robots.txt"),
    ]
    if site.territory.url_site:  # a sitemap lists absolute addresses
        pages.append(Page(urls.SITEMAP, "sitemap.xml", "Plan du site", context={"entries": sitemap_entries(pages)}))
    return pages


def actors_pages(cards: tuple[Card, ...]) -> list[Page]:
    """/acteurs/ in pages, each under its A–Z headings; the jump list, on every page, links
    each letter to the page where it starts."""
    starts: dict[str, int] = {}  # initial -> the page it starts on
    for index, card in enumerate(cards):
        starts.setdefault(card.initial, index // PAGE_SIZE + 1)

    def jump(initial: str, number: int) -> str | None:
        """The link to a letter: its anchor on this page, or the page where it starts."""
        if initial not in starts:
            return None
        return ("" if starts[initial] == number else urls.paged(urls.ACTORS, starts[initial])) + "#" + letter_anchor(initial)

    def sections(part: tuple[Card, ...], number: int) -> dict:
        before = cards[(number - 1) * PAGE_SIZE - 1].initial if number > 1 else None
        letters = (("0–9", jump("#", number)),) + tuple((letter, jump(letter, number)) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return {"letters": letters,
                "sections": tuple((initial, "0–9" if initial == "#" else initial, letter_anchor(initial), initial == before, tuple(members))
                                  for initial, members in groupby(part, key=lambda card: card.initial))}

    return list_pages(urls.ACTORS, "actors.html", "Annuaire des acteurs", (HOME_CRUMB,), cards, {"total": len(cards), **UNLINKED}, each=sections)


def letter_anchor(initial: str) -> str:
    return "lettre-chiffres" if initial == "#" else f"lettre-{initial}"


def list_pages(url: str, template: str, title: str, crumbs: tuple, items: tuple, context: dict, first: dict | None = None,
               each=None, size: int = PAGE_SIZE) -> list[Page]:
    """A list cut into pages (render/pagination.py): each gets `context`, its slice as `cards`
    (or what `each(slice, number)` makes of it), its Pager, and `first` on the first page only."""
    slices = cut(tuple(items), size)
    pages = []
    for number, part in enumerate(slices, 1):
        own = each(part, number) if each else {"cards": part}
        pages.append(Page(urls.paged(url, number), template, page_title(title, number, len(slices)), crumbs,
                          {**context, **own, **(first if first and number == 1 else {}), "pager": Pager(url, number, len(slices))}))
    return pages


def index_pages(kind: str, title: str, entries: list[tuple[Group | None, Group]]) -> list[Page]:
    """An index (communes, secteurs…, régions) in pages of INDEX_PAGE_SIZE lines; `entries` are
    (heading, group): the communes under their département's heading where there are several."""
    def sections(part: tuple, number: int) -> dict:
        before = entries[(number - 1) * INDEX_PAGE_SIZE - 1][0] if number > 1 else None
        return {"sections": tuple((head(area) if area else None, area is not None and area is before,
                                   tuple(head(group) for _, group in members))
                                  for area, members in groupby(part, key=lambda entry: entry[0]))}

    return list_pages(urls.browse_index(kind), "browse_index.html", title, (HOME_CRUMB,), tuple(entries), {}, each=sections,
                      size=INDEX_PAGE_SIZE)


def index_starts(kind: str, entries: list[tuple[Group | None, Group]]) -> dict[str, str]:
    """Heading's URL -> the page of the index where its section starts, with its anchor."""
    starts: dict[str, str] = {}
    for index, (area, _) in enumerate(entries):
        if area is not None:
            starts.setdefault(area.url, urls.paged(urls.browse_index(kind), index // INDEX_PAGE_SIZE + 1) + "#zone-" + area.key)
    return starts


def level_pages(site: Site) -> list[Page]:
    """Where the territory spans several: an index and a page per région and per département,
    its actors in pages; the first also lists its départements and communes (or links to them
    in the communes' index when they are too many) and gives its key figures."""
    pages = []
    regions = {g.area.code: g for g in site.levels.get("regions", ())}
    communes_at = index_starts("communes", communes_by_area(site))
    for kind, groups in site.levels.items():
        title = LEVEL_TITLES[kind]
        pages += index_pages(kind, title, [(None, group) for group in groups])
        for group in groups:
            trail = (HOME_CRUMB, (title, urls.browse_index(kind)))
            per_area = site.figures.par_region if kind == "regions" else site.figures.par_departement
            communes = site.within(group.area, "communes")
            zones = [d.area.code for d in site.within(group.area, "departements")] if kind == "regions" else [group.area.code]
            first = {"figures": per_area[group.area.code].figures, "map_area": area_filter(zones) if group.cards else None,
                     "communes": tuple(map(head, communes)) if len(communes) <= INLINE_COMMUNES else (),
                     "departements": tuple(map(head, site.within(group.area, "departements"))) if kind == "regions" else ()}
            pages += list_pages(group.url, "level.html", group.title, trail, group.cards, {
                "group": replace(group, cards=()), "total": len(group.cards), "parent": regions.get(group.area.parent),
                "level_name": LEVEL_NAMES[kind], "commune_count": len(communes), "communes_index": communes_at.get(group.url),
                "figures": None, "communes": (), "departements": (), "map_area": None}, first)
    return pages


def commune_map(group: Group) -> dict | None:
    """A commune's map reads its points from the map's files (compute/map_points.py), never from the page."""
    placed = group.commune and group.commune.lat is not None and any(card.position for card in group.cards)
    return commune_filter(group.commune) if placed else None


def head(group: Group) -> tuple[Group, int]:
    """A group as a link in a list: without its cards (an edited card leaves the list as it
    is), with their number."""
    return replace(group, cards=()), len(group.cards)


def communes_by_area(site: Site) -> list[tuple[Group | None, Group]]:
    """The communes' index as (heading, commune): under their département's heading where the
    territory has several."""
    return [(area, commune) for area in site.levels.get("departements", ()) for commune in site.within(area.area, "communes")]

def embed_pages(site: Site) -> list[Page]:
    """/integrer/ (the snippet to copy, with a preview), and each embeddable list as framed pages."""
    titles = BROWSE_TITLES | LEVEL_TITLES
    names = {kind: facet.label for kind, facet in FACETS.items()} | {kind: name.capitalize() for kind, name in LEVEL_NAMES.items()}
    kinds = [(kind, site.levels[kind] if kind in site.levels else site.groups.get(kind, ())) for kind in EMBED_KINDS]
    # /integrer/ offers the lists that have actors, kind by kind while they are few enough to stay
    # light (see EMBED_OFFERED); every group has its framed list all the same.
    choices = [(titles[kind], offered) for kind, groups in kinds
               if 0 < len(offered := [(urls.embed(kind, g.key), embed_title(g.title), g.title, len(g.cards))
                                      for g in groups if g.cards]) <= EMBED_OFFERED]
    src, title = choices[0][1][0][:2] if choices else (urls.embed("secteurs", "autres"), embed_title(""))
    snippet = EMBED_SNIPPET.format(src=attribute(urls.public(site.territory.url_site, src)), title=attribute(title),
                                   width=EMBED_SIZES["width"][0], height=EMBED_SIZES["height"][0])
    unlisted = [titles[kind].lower() for kind, groups in kinds if sum(1 for g in groups if g.cards) > EMBED_OFFERED]
    pages = [Page(urls.EMBED_HELP, "integrer.html", "Intégrer l'annuaire à votre site", (HOME_CRUMB,),
                  {"choices": choices, "unlisted": unlisted, "title_prefix": embed_title(""), "sizes": EMBED_SIZES, "snippet": snippet, "snippet_model": EMBED_SNIPPET, "preview": src,
                   "preview_title": title})]
    for kind, groups in kinds:
        for group in groups:
            pages += embed_group_pages(group, names[kind])
    return pages


def attribute(value: str) -> str:
    """A value quoted in the snippet's attributes, as a partner reads it: only what would end it is escaped."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def embed_title(title: str) -> str:
    """The iframe's title, which screen readers announce on the partner's page."""
    return f"Acteurs de l'économie sociale et solidaire\u00a0: {title}"


def embed_group_pages(group: Group, kind_name: str) -> list[Page]:
    """One group's framed list, EMBED_PAGE_SIZE cards a page, each page linking its neighbours."""
    starts = range(0, max(len(group.cards), 1), EMBED_PAGE_SIZE)
    count = len(starts)
    return [Page(urls.embed(group.kind, group.key, number), EMBED_TEMPLATE, group.title, context={
        "group": group, "kind_name": kind_name, "cards": group.cards[start:start + EMBED_PAGE_SIZE], "number": number,
        "count": count, "first": start + 1,
        "previous": urls.embed(group.kind, group.key, number - 1) if number > 1 else None,
        "next": urls.embed(group.kind, group.key, number + 1) if number < count else None})
        for number, start in enumerate(starts, start=1)]


def sitemap_entries(pages: list[Page]) -> list[tuple[str, object]]:
    """(URL, date of its last change when the content says it) for every page readers may land
    on: HTML pages, not the 404 page, the editors' form or the lettres' e-mail copies."""
    return [(page.url, last_change(page)) for page in pages
            if page.template.endswith(".html") and page.template not in NOT_IN_SITEMAP]


def last_change(page: Page):
    """A lettre's date, an imported actor's data date; None when no content date says it."""
    context = page.context
    if "lettre" in context:
        return context["lettre"].date
    if "actor" in context:
        return context["actor"].date_source
    if context.get("lettres") and page.url == urls.LETTRES:
        return context["lettres"][0].date
    return None


def key_figures_pages(site: Site) -> list[Page]:
    """/chiffres-cles/: the territory's figures, a row per région and per département where it
    spans several (their pages carry their own), and a row per commune, all of them while they
    are few, else the busiest ones and a link to every commune's row in pages."""
    communes = [FigureRow(g.title, g.url, site.figures.par_commune[g.commune.insee].figures, len(g.cards)) for g in site.groups["communes"]]
    areas = {kind: [FigureRow(g.title, g.url, per_area[g.area.code].figures, len(g.cards)) for g in site.levels.get(kind, ())]
             for kind, per_area in (("regions", site.figures.par_region), ("departements", site.figures.par_departement))}
    cut_table = len(communes) > INLINE_FIGURE_COMMUNES
    shown = sorted(communes, key=lambda row: -row.actors)[:TOP_COMMUNES] if cut_table else communes
    trail = (HOME_CRUMB, ("Chiffres clés de l'ESS", urls.KEY_FIGURES))
    pages = [Page(urls.KEY_FIGURES, "chiffres-cles.html", "Chiffres clés de l'ESS", (HOME_CRUMB,),
                  {"figures": site.figures, "build_day": site.build_day, "examples": examples(site), "context": context_lines(site.territory),
                   "regions": areas["regions"], "departements": areas["departements"], "communes": shown,
                   "commune_count": len(communes), "communes_table": urls.KEY_FIGURES_COMMUNES if cut_table else None})]
    if cut_table:
        pages += list_pages(urls.KEY_FIGURES_COMMUNES, "chiffres-communes.html", "Les chiffres par commune", trail, tuple(communes),
                            {"total": len(communes)}, size=FIGURE_ROWS_PAGE_SIZE)
    return pages


@dataclass(frozen=True)
class FigureRow:
    """A row of a key-figures table: a commune, a département or a région, linked to its page."""

    title: str
    url: str
    figures: object  # KeyFigures
    actors: int


def commune_figures(site: Site, group: Group):
    """A commune's own key figures, shown on its browse page."""
    return site.figures.par_commune[group.commune.insee].figures if group.commune else None


def examples(site: Site) -> list[tuple[str, list[Card]]]:
    """Employers shown as examples of each headcount band, as cards."""
    cards = {actor.slug: card for actor, card in zip(site.actors, site.cards)}
    return [(band, [cards[actor.slug] for actor in actors]) for band, actors in employer_examples(list(site.actors))]


def search_facets(site: Site) -> dict[str, list[str]]:
    """The values each search filter can take: those that at least one page carries, written
    as the pages write them (a statut in the singular, as on an actor's page)."""
    values = {FACETS[kind].filter: [group.title for group in groups if group.cards] for kind, groups in site.groups.items()}
    values["statut"] = [STATUTS[group.key].label for group in site.groups["statuts"] if group.cards]
    return {"type": ["Acteur"] + (["Lettre"] if site.lettres else []), **values, **inclusion_facets(site.actors)}


def show_figure(site: Site, name: str) -> str:
    """A figure embedded in a lettre, written as on /chiffres-cles/ (today's value)."""
    value = getattr(site.figures, name)
    if name in site.figures.withheld:
        return "(chiffre non publié : trop peu d'établissements employeurs le donnent)"
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


def attach_pdfs(pages: list[Page], pdfs: dict) -> list[Page]:
    """Lettre pages link their PDF (its size and page count) when there is one: copies of the
    table's pages, which say None (a list of the same pages when none is typeset, --sans-pdf)."""
    if not pdfs:
        return list(pages)
    return [replace(page, context={**page.context, "pdf": pdf})
            if page.template == LETTRE_TEMPLATE and (pdf := pdfs.get(page.context["lettre"].numero)) else page for page in pages]
