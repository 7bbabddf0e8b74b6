"""Compute stage: validated Territory and Actors -> the Site every page is rendered from.

Pure: published actors in alphabetical order, and the browse groups (commune, sector,
statut, theme), each with its actors, in a stable order.
"""

from dataclasses import dataclass, field

from . import urls
from datetime import date

from .figures import KeyFigures, compute_key_figures
from .model import Actor, Commune, Lettre, Secteur, Territory
from .schema import SECTEURS, STATUTS

# Browse kinds, in menu order: URL folder -> page title.
BROWSE_TITLES = {
    "communes": "Communes",
    "secteurs": "Secteurs d'activité",
    "statuts": "Statuts juridiques",
    "thematiques": "Thématiques",
}


@dataclass(frozen=True)
class Group:
    """One browse page: a commune, a sector, a statut or a theme, and its actors."""

    kind: str
    key: str
    title: str
    actors: tuple[Actor, ...]
    commune: Commune | None = None  # for a commune's page, which shows its key figures

    @property
    def url(self) -> str:
        return urls.browse(self.kind, self.key)


@dataclass(frozen=True)
class Site:
    territory: Territory
    actors: tuple[Actor, ...]
    groups: dict[str, tuple[Group, ...]]  # kind -> groups, in display order
    figures: KeyFigures
    built_on: date  # the day the figures were computed
    lettres: tuple[Lettre, ...] = ()  # newest first
    citations: dict[str, tuple[Lettre, ...]] = field(default_factory=dict)  # actor slug -> lettres citing it

    @property
    def actors_by_slug(self) -> dict[str, Actor]:
        return {actor.slug: actor for actor in self.actors}

    def neighbours(self, lettre: Lettre) -> tuple[Lettre | None, Lettre | None]:
        """(previous, next) issues by number."""
        index = self.lettres.index(lettre)
        older = self.lettres[index + 1] if index + 1 < len(self.lettres) else None
        newer = self.lettres[index - 1] if index > 0 else None
        return older, newer


def assemble_site(territory: Territory, actors: list[Actor], lettres: list[Lettre], built_on: date) -> Site:
    published = tuple(sorted((a for a in actors if not a.brouillon), key=lambda a: (a.sort_key, a.slug)))
    ordered = tuple(sorted(lettres, key=lambda lettre: lettre.numero, reverse=True))
    return Site(territory=territory, actors=published, groups=group_actors(territory, published),
                figures=compute_key_figures(list(published), territory), built_on=built_on,
                lettres=ordered, citations=cite_back(ordered))


def cite_back(lettres: tuple[Lettre, ...]) -> dict[str, tuple[Lettre, ...]]:
    """Actor slug -> the lettres that cite it, newest first."""
    back: dict[str, list[Lettre]] = {}
    for lettre in lettres:
        for slug in lettre.cited:
            back.setdefault(slug, []).append(lettre)
    return {slug: tuple(found) for slug, found in back.items()}


def group_actors(territory: Territory, actors: tuple[Actor, ...]) -> dict[str, tuple[Group, ...]]:
    def members(test) -> tuple[Actor, ...]:
        return tuple(a for a in actors if test(a))

    communes = sorted(territory.communes, key=lambda c: c.key)
    return {
        "communes": tuple(Group("communes", c.key, c.nom, members(lambda a, c=c: a.commune == c), c) for c in communes),
        "secteurs": tuple(Group("secteurs", k, Secteur(k).label, members(lambda a, k=k: a.secteur.key == k)) for k in SECTEURS),
        "statuts": tuple(Group("statuts", k, STATUTS[k].plural, members(lambda a, k=k: a.statut.key == k)) for k in STATUTS),
        "thematiques": tuple(Group("thematiques", t.key, t.label, members(lambda a, t=t: t in a.thematiques)) for t in territory.thematiques),
    }
