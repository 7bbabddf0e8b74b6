"""Compute stage: the directory on paper (« l'annuaire imprimable »). The published actors of the
whole territory, and of each commune that has some, grouped by sector in the contract's order,
alphabetically inside a sector, each with what a reader needs to get in touch. Pure.
"""

from dataclasses import dataclass
from datetime import date

from .. import urls
from ..content.model import Actor, Commune
from ..content.schema import SECTEURS
from .data_dates import DataDates, data_dates
from .site import Card, Site

# Above this many actors a directory is not typeset: at the national scale (220 000 actors) a
# printed book would take hours to typeset and thousands of pages to print. /acteurs/ then links
# no PDF; each commune's directory still has one while the commune stays under the limit.
PRINT_LIMIT = 5000


@dataclass(frozen=True)
class Entry:
    """One actor as the directory prints it."""

    nom: str
    sigle: str | None
    statut: str  # label, as printed
    resume: str  # the card's one line ("" when the file says nothing)
    adresse: str  # "35 rue Édouard Plachez, 62220 Carvin"
    telephone: str | None
    email: str | None
    site_web: str | None

    @classmethod
    def of(cls, actor: Actor, card: Card) -> "Entry":
        return cls(actor.nom, actor.sigle, actor.statut.label, card.resume, actor.adresse_complete,
                   actor.telephone, actor.email, actor.site_web)


@dataclass(frozen=True)
class Section:
    """A sector's actors."""

    key: str  # the sector's key, the anchor the table of contents points to
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Directory:
    url: str  # where its PDF is published
    place: str  # the territory's name, or the commune's
    commune: Commune | None  # None for the whole territory
    build_day: date  # the day it is made (the build's), printed as such
    data_dates: DataDates  # the dates its actors' files give: the date of the data it prints
    sections: tuple[Section, ...]  # sectors that have actors, in the contract's order

    @property
    def count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


def directories(site: Site) -> list[Directory]:
    """The whole territory's directory, then each commune's (communes that have actors, in the
    order of their pages), leaving out any of more than PRINT_LIMIT actors."""
    entries = [(actor, Entry.of(actor, card)) for actor, card in zip(site.actors, site.cards)]
    by_commune: dict[str, list[tuple[Actor, Entry]]] = {}
    for actor, entry in entries:
        by_commune.setdefault(actor.commune.key, []).append((actor, entry))
    found = [directory(urls.directory_pdf(), site.territory.nom, None, site.build_day, entries)]
    found += [directory(urls.directory_pdf(group.commune.key), group.commune.nom, group.commune, site.build_day,
                        by_commune[group.key])
              for group in site.groups["communes"] if group.key in by_commune]
    return [one for one in found if 0 < one.count <= PRINT_LIMIT]


def directory(url: str, place: str, commune: Commune | None, build_day: date, entries: list[tuple[Actor, Entry]]) -> Directory:
    """Actors (in alphabetical order) -> their sections, sectors in the contract's order."""
    by_sector: dict[str, list[Entry]] = {}
    for actor, entry in entries:
        by_sector.setdefault(actor.secteur.key, []).append(entry)
    sections = tuple(Section(key, label, tuple(by_sector[key])) for key, label in SECTEURS.items() if key in by_sector)
    return Directory(url, place, commune, build_day, data_dates(actor for actor, _ in entries), sections)
