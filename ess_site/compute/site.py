"""Compute stage: the validated Content -> the Site every page is rendered from.

Pure: published actors in alphabetical order, and the browse groups (commune, sector,
statut, theme), each with its actors, in a stable order.
"""

from dataclasses import dataclass, field
from datetime import date

from .. import urls
from ..allocation import collector_paused
from ..content.model import Actor, Commune, Content, Lettre, Secteur, Territory
from ..content.schema import SECTEURS, STATUTS
from .data_dates import DataDates, data_dates
from .figures import KeyFigures, compute_key_figures
from .levels import Area, area_code, territory_areas


@dataclass(frozen=True)
class Facet:
    """A way into the directory: a folder of browse pages, and a filter of the search page."""

    kind: str  # URL folder of its browse pages: /communes/…
    title: str  # title of those pages and of the menu entry: "Communes"
    filter: str  # key of the search filter (data-pagefind-filter)
    label: str  # the search filter's name: "Commune"


# In menu order.
FACETS = {
    facet.kind: facet
    for facet in (
        Facet("communes", "Communes", "commune", "Commune"),
        Facet("secteurs", "Secteurs d'activité", "secteur", "Secteur"),
        Facet("statuts", "Statuts juridiques", "statut", "Statut"),
        Facet("thematiques", "Thématiques", "thematique", "Thématique"),
    )
}
BROWSE_TITLES = {kind: facet.title for kind, facet in FACETS.items()}


@dataclass(frozen=True)
class Card:
    """What a list or a map shows of an actor. Pages that list actors are made from cards, so
    an incremental build re-renders them only when a card changes, not the description."""

    url: str
    nom: str
    sigle: str | None
    resume: str  # one line of what the actor does ("" when the file says nothing)
    statut: str  # labels, as printed
    secteur: str
    commune: str
    initial: str  # the A–Z section it sits under
    position: tuple[float, float, bool] | None  # (lat, lon, exact) on a map

    @classmethod
    def of(cls, actor: Actor) -> "Card":
        return cls(actor.url, actor.nom, actor.sigle, actor.summary, actor.statut.label, actor.secteur.label, actor.commune.nom,
                   actor.initial, actor.position)


@dataclass(frozen=True)
class Group:
    """One browse page: a commune, a sector, a statut or a theme, and its actors' cards."""

    kind: str
    key: str
    title: str
    cards: tuple[Card, ...]
    commune: Commune | None = None  # for a commune's page, which shows its key figures
    area: Area | None = None  # for a région's or a département's page

    @property
    def url(self) -> str:
        return urls.browse(self.kind, self.key)


@dataclass(frozen=True)
class Site:
    territory: Territory
    actors: tuple[Actor, ...]
    cards: tuple[Card, ...]  # the actors' cards, in the same order
    groups: dict[str, tuple[Group, ...]]  # kind -> groups, in display order
    figures: KeyFigures
    build_day: date  # the day of the build, when the figures were computed (not the date of the data: data_dates)
    data_dates: DataDates  # the dates the published actors' files give
    lettres: tuple[Lettre, ...] = ()  # the published ones, newest first
    citations: dict[str, tuple[Lettre, ...]] = field(default_factory=dict)  # actor slug -> lettres citing it
    scheduled: tuple[Lettre, ...] = ()  # dated after build_day: published from their day on, as Hugo does
    levels: dict[str, tuple[Group, ...]] = field(default_factory=dict)  # "regions", "departements" where the territory spans several

    def within(self, area: Area, kind: str) -> tuple[Group, ...]:
        """The groups of `kind` (communes, or départements of a région) that lie in this area."""
        groups = self.levels.get(kind) if kind in self.levels else self.groups.get(kind, ())
        if kind == "communes":
            return tuple(g for g in groups if g.commune and area_code(g.commune, area.kind) == area.code)
        return tuple(g for g in groups if g.area and g.area.parent == area.code)

    @property
    def actors_by_slug(self) -> dict[str, Actor]:
        return {actor.slug: actor for actor in self.actors}

    def neighbours(self, lettre: Lettre) -> tuple[Lettre | None, Lettre | None]:
        """(previous, next) issues by number."""
        index = self.lettres.index(lettre)
        older = self.lettres[index + 1] if index + 1 < len(self.lettres) else None
        newer = self.lettres[index - 1] if index > 0 else None
        return older, newer


def assemble_site(content: Content, build_day: date) -> Site:
    """The published actors, their cards and groups, the key figures, the lettres newest first
    (those dated after the build day are held back: no page, feed entry, citation nor link)."""
    with collector_paused():  # cards, groups and figures of every actor: no cycles (allocation.py)
        return assembled(content, build_day)


def assembled(content: Content, build_day: date) -> Site:
    territory = content.territory
    published = tuple(sorted((a for a in content.actors if not a.brouillon), key=lambda a: (a.sort_key, a.slug)))
    newest_first = sorted(content.lettres, key=lambda lettre: lettre.numero, reverse=True)
    ordered = tuple(lettre for lettre in newest_first if lettre.date <= build_day)
    scheduled = tuple(sorted((lettre for lettre in newest_first if lettre.date > build_day), key=lambda lettre: lettre.date))
    cards = {actor.slug: Card.of(actor) for actor in published}
    return Site(territory=territory, actors=published, cards=tuple(cards.values()), groups=group_actors(territory, published, cards),
                figures=compute_key_figures(list(published), territory), build_day=build_day, data_dates=data_dates(published),
                lettres=ordered, citations=cite_back(ordered), scheduled=scheduled, levels=group_levels(territory, published, cards))


def cite_back(lettres: tuple[Lettre, ...]) -> dict[str, tuple[Lettre, ...]]:
    """Actor slug -> the lettres that cite it, newest first."""
    back: dict[str, list[Lettre]] = {}
    for lettre in lettres:
        for slug in lettre.cited:
            back.setdefault(slug, []).append(lettre)
    return {slug: tuple(found) for slug, found in back.items()}


def group_actors(territory: Territory, actors: tuple[Actor, ...], cards: dict[str, Card]) -> dict[str, tuple[Group, ...]]:
    """Every browse group with its members' cards, in one pass over the actors."""
    members: dict[tuple[str, str], list[Card]] = {}
    for actor in actors:
        card = cards[actor.slug]
        keys = [("communes", actor.commune.key), ("secteurs", actor.secteur.key), ("statuts", actor.statut.key)]
        keys += [("thematiques", theme.key) for theme in actor.thematiques]
        for key in keys:
            members.setdefault(key, []).append(card)

    def group(kind: str, key: str, title: str, commune: Commune | None = None) -> Group:
        return Group(kind, key, title, tuple(members.get((kind, key), ())), commune)

    spans_levels = bool(territory_areas(territory))
    return {
        # Past one département, only the communes that have actors get a page.
        "communes": tuple(group("communes", c.key, c.nom, c) for c in sorted(territory.communes, key=lambda c: c.key)
                          if not spans_levels or ("communes", c.key) in members),
        "secteurs": tuple(group("secteurs", k, Secteur(k).label) for k in SECTEURS),
        "statuts": tuple(group("statuts", k, STATUTS[k].plural) for k in STATUTS),
        "thematiques": tuple(group("thematiques", t.key, t.label) for t in territory.thematiques),
    }


def group_levels(territory: Territory, actors: tuple[Actor, ...], cards: dict[str, Card]) -> dict[str, tuple[Group, ...]]:
    """A page per région and per département where the territory spans several, with their actors."""
    levels = {}
    for kind, areas in territory_areas(territory).items():
        members: dict[str, list[Card]] = {}
        for actor in actors:
            members.setdefault(area_code(actor.commune, kind), []).append(cards[actor.slug])
        levels[kind] = tuple(Group(kind, a.key, a.nom, tuple(members.get(a.code, ())), area=a) for a in areas)
    return levels
