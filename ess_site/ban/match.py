"""Each actor's address looked up in what the BAN file gave: placed, or why not. Pure.

An actor is matched in its own commune (INSEE code) by street key, number and repetition index;
its postal code, when given, tells apart the same address in two former communes of a commune
nouvelle. Coordinates already written are never replaced, and nothing is guessed: a street
without the number, or two points for one address, leave the actor where it was, with the reason.
"""

import difflib
from dataclasses import dataclass

from ..content.model import Actor
from ..content.schema import LATITUDE_RANGE, LONGITUDE_RANGE
from ..formats import nombre
from .read import Addresses, Point
from .streets import Address, parse_address

PLACED, ALREADY, NO_ADDRESS, UNMATCHED = "placé", "déjà placé", "sans adresse", "non trouvé"
NEARBY = 3  # numbers of the street shown on each side of a missing one


@dataclass(frozen=True)
class Outcome:
    actor: Actor
    status: str  # one of PLACED, ALREADY, NO_ADDRESS, UNMATCHED
    reason: str = ""  # in French, for UNMATCHED
    point: Point | None = None  # for PLACED


def wanted_streets(actors: list[Actor]) -> set[tuple[str, str]]:
    """(insee, street key) of every actor the import may place."""
    return {(actor.commune.insee, address.key) for actor in actors
            if needs_point(actor) and (address := parse_address(actor.adresse or ""))}


def needs_point(actor: Actor) -> bool:
    return actor.lat is None and actor.lon is None


def match_actor(actor: Actor, found: Addresses) -> Outcome:
    if not needs_point(actor):
        return Outcome(actor, ALREADY)
    if not actor.adresse:
        return Outcome(actor, NO_ADDRESS)
    address = parse_address(actor.adresse)
    if address is None:
        return Outcome(actor, UNMATCHED, f"pas de numéro dans l'adresse « {actor.adresse} » (lieu-dit ou voie sans numéro) : "
                                         "placez la fiche à la main (lat et lon)")
    commune = actor.commune
    if commune.insee not in found.communes:
        return Outcome(actor, UNMATCHED, f"aucune adresse de {commune.nom} ({commune.insee}) dans le fichier : est-ce celui de son département ?")
    numbers = found.numbers.get((commune.insee, address.key))
    if numbers is None:
        return Outcome(actor, UNMATCHED, f"voie « {address.street} » inconnue de la BAN à {commune.nom}{closest_street(address, found, commune.insee)}")
    points = [p for p in numbers.get((address.numero, address.rep), [])]
    if actor.code_postal and any(p.code_postal == actor.code_postal for p in points):
        points = [p for p in points if p.code_postal == actor.code_postal]
    if not points:
        return Outcome(actor, UNMATCHED, f"pas de n° {address.number_text()} dans la voie « {address.street} » à {commune.nom}"
                                         f"{nearby_numbers(address, numbers)}")
    if len(points) > 1:
        return Outcome(actor, UNMATCHED, f"{nombre(len(points), 0)} adresses possibles pour « {address.number_text()} {address.street} » "
                                         f"à {commune.nom} ({describe(points)}) : précisez le code postal, ou placez la fiche à la main")
    point = points[0]
    if not (LATITUDE_RANGE[0] <= point.lat <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= point.lon <= LONGITUDE_RANGE[1]):
        return Outcome(actor, UNMATCHED, "la BAN place cette adresse hors de France métropolitaine, que la carte ne couvre pas")
    return Outcome(actor, PLACED, point=point)


def closest_street(address: Address, found: Addresses, insee: str) -> str:
    names = found.streets.get(insee, {})
    close = difflib.get_close_matches(address.key, list(names), n=1, cutoff=0.75)
    return f" (voie proche : « {names[close[0]]} »)" if close else ""


def nearby_numbers(address: Address, numbers: dict[tuple[str, str], list[Point]]) -> str:
    """A few numbers the BAN knows in that street, around the one sought."""
    def order(item: tuple[str, str]) -> tuple[int, str]:
        return (int(item[0]) if item[0].isdigit() else 0, item[1])

    known = sorted(numbers, key=order)
    wanted = order((address.numero, address.rep))
    before = [item for item in known if order(item) < wanted][-NEARBY:]
    after = [item for item in known if order(item) > wanted][:NEARBY]
    shown = ", ".join(f"{n} {r}".strip() for n, r in before + after)
    return f" (numéros connus autour : {shown})" if shown else ""


def describe(points: list[Point]) -> str:
    return ", ".join(" ".join(part for part in (p.code_postal, p.ancienne_commune) if part) or f"{p.lat}, {p.lon}" for p in points)
