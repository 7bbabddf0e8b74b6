"""Render stage, the site map: Site -> one Page per URL, each with its template, its title,
its breadcrumb trail and a context named after what it shows (templates get nothing else).
"""

from dataclasses import dataclass, field, replace

from markupsafe import Markup

from .. import urls
from ..compute.figure_catalog import FIGURES, headline_keys
from ..compute.figures import context_lines, employer_examples
from ..compute.levels import LEVEL_NAMES, LEVEL_TITLES
from ..compute.open_data import COLUMNS, LICENCE, TYPE_LABELS
from ..compute.site import BROWSE_TITLES, FACETS, Card, Group, Site
from ..content.citations import expand_citations, expand_figures
from ..content.schema import STATUTS
from ..tools.cms import decap_config_yaml
from .email_html import STYLES, for_email
from .markdown_text import render_markdown, sections
from .search_page import SEARCH_FILTERS, SYNONYMS

HOME_CRUMB = ("Accueil", urls.HOME)
LETTRE_TEMPLATE = "lettre.html"
CMS_CONFIG_TEMPLATE = "decap-config.yml"
VERBATIM_TEMPLATES = {CMS_CONFIG_TEMPLATE, "robots.txt", "sitemap.xml"}  # no French spacing: every byte kept
NOT_IN_SITEMAP = {"404.html", "admin.html", "lettre_email.html", "correction-merci.html"}
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
    """Every page of the site; `catalogue` is the open-data files /donnees/ lists (render/data_files.py)."""
    pages = [
        Page(urls.HOME, "home.html", site.territory.nom, context={"groups": site.groups, "cards": site.cards,
             "figures": site.figures, "headline": headline_keys(site.figures), "lettres": site.lettres[:1],
             "places": sum(1 for group in site.groups["communes"] if group.cards), "levels": site.levels,
             "level_titles": LEVEL_TITLES, "level_names": LEVEL_NAMES}),
        Page(urls.ACTORS, "actors.html", "Annuaire des acteurs", (HOME_CRUMB,), {"cards": site.cards}),
        Page(urls.NOT_FOUND, "404.html", "Page introuvable"),
    ]
    directory = (HOME_CRUMB, ("Annuaire des acteurs", urls.ACTORS))
    pages += [Page(a.url, "actor.html", a.nom, directory, {"actor": a, "citations": site.citations.get(a.slug, ())})
              for a in site.actors]
    pages += level_pages(site)
    for kind, title in BROWSE_TITLES.items():
        pages.append(Page(urls.browse_index(kind), "browse_index.html", title, (HOME_CRUMB,),
                          {"groups": site.groups[kind], "by_area": communes_by_area(site) if kind == "communes" else ()}))
        trail = (HOME_CRUMB, (title, urls.browse_index(kind)))
        pages += [Page(g.url, "browse.html", g.title, trail, {"group": g, "commune_figures": commune_figures(site, g)})
                  for g in site.groups[kind]]
    pages += [Page(urls.legal(key), f"{key}.html", title, (HOME_CRUMB,)) for key, title in LEGAL_TITLES.items()]
    pages.append(Page(urls.CORRECTION_SENT, "correction-merci.html", "Demande envoyée", (HOME_CRUMB,)))
    pages += [
        Page(urls.SEARCH, "recherche.html", "Rechercher", (HOME_CRUMB,),
             {"facets": search_facets(site), "search_filters": SEARCH_FILTERS, "synonyms": SYNONYMS}),
        Page(urls.MAP, "carte.html", "Carte des acteurs", (HOME_CRUMB,),  # its points come from /carte/points/ (map_points.py)
             {"count": len(site.cards), "unplaced": sum(1 for card in site.cards if not card.position), "levels": tuple(site.levels),
              "level_titles": LEVEL_TITLES}),
        Page(urls.KEY_FIGURES, "chiffres-cles.html", "Chiffres clés de l'ESS", (HOME_CRUMB,),
             {"figures": site.figures, "built_on": site.built_on, "groups": site.groups, "examples": examples(site),
              "context": context_lines(site.territory)}),
        Page(urls.OPEN_DATA, "donnees.html", "Données ouvertes", (HOME_CRUMB,),
             {"files": catalogue, "licence": LICENCE, "built_on": site.built_on, "data_dates": site.data_dates,
              "columns": [(c.name, TYPE_LABELS[c.type], c.description, bool(c.constraints.get("required"))) for c in COLUMNS]}),
    ]
    pages += lettre_pages(site)
    pages += [
        Page(urls.ADMIN, "admin.html", "Administration du contenu"),
        # Generated from schema.py and the validated territory: written as is, not HTML-escaped.
        Page(urls.ADMIN_CONFIG, CMS_CONFIG_TEMPLATE, "Configuration de Decap CMS",
             context={"config_yaml": Markup(decap_config_yaml(site.territory, site.built_on))}),
        Page(urls.ROBOTS, "robots.txt", "robots.txt"),
    ]
    if site.territory.url_site:  # a sitemap lists absolute addresses
        pages.append(Page(urls.SITEMAP, "sitemap.xml", "Plan du site", context={"entries": sitemap_entries(pages)}))
    return pages


def level_pages(site: Site) -> list[Page]:
    """Where the territory spans several: an index and a page per région and per département."""
    pages = []
    regions = {g.area.code: g for g in site.levels.get("regions", ())}
    for kind, groups in site.levels.items():
        title = LEVEL_TITLES[kind]
        pages.append(Page(urls.browse_index(kind), "browse_index.html", title, (HOME_CRUMB,), {"groups": groups, "by_area": ()}))
        for group in groups:
            parent = regions.get(group.area.parent)
            trail = (HOME_CRUMB, (title, urls.browse_index(kind)))
            per_area = site.figures.par_region if kind == "regions" else site.figures.par_departement
            pages.append(Page(group.url, "level.html", group.title, trail, {
                "group": group, "parent": parent, "level_name": LEVEL_NAMES[kind], "figures": per_area[group.area.code].figures,
                "communes": site.within(group.area, "communes"),
                "departements": site.within(group.area, "departements") if kind == "regions" else ()}))
    return pages


def communes_by_area(site: Site) -> list[tuple[Group, tuple[Group, ...]]]:
    """The communes' index, under their département's heading where the territory has several."""
    return [(group, site.within(group.area, "communes")) for group in site.levels.get("departements", ())]


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
    return {"type": ["Acteur"] + (["Lettre"] if site.lettres else []), **values}


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
    """Lettre pages link their PDF (its size and page count) when there is one."""
    return [replace(page, context={**page.context, "pdf": pdfs.get(page.context["lettre"].numero)})
            if page.template == LETTRE_TEMPLATE else page for page in pages]
