"""The directory in data·inclusion's schema (v1): one structure per published actor, and one
service per actor that describes its offer (publics, modes d'accueil, frais, thématiques
d'inclusion), so the national platform of social inclusion offers can gather them.

Pure: a record depends only on the actor, its card and the territory (never on the build day),
so the open-data writer may copy an unchanged actor's record from an earlier build.
The schema requires `date_maj`, the day the data was last updated: an actor whose file gives
no such day (verifie_le, else date_source) is left out, rather than dated by the build.
The tests validate every record with the package's own pydantic models.
"""

from importlib.metadata import version
from typing import TYPE_CHECKING

from .. import urls
from ..content.model import Actor, Territory

if TYPE_CHECKING:
    from .site import Card

SCHEMA_VERSION = version("data-inclusion-schema")  # the package the records follow (requirements.txt pins it)
NAME_LENGTH = (3, 150)  # the schema's bounds for a structure's or a service's name
DESCRIPTION_LENGTH = (5, 10000)


def source_of(territory: Territory) -> str:
    """The producer's identifier: "annuaire-ess-cce"."""
    return f"annuaire-ess-{urls.slugify(territory.sigle)}"


def updated_on(actor: Actor):
    return actor.verifie_le or actor.date_source


def has_offer(actor: Actor) -> bool:
    return bool(actor.publics or actor.modes_accueil or actor.frais or actor.thematiques_inclusion)


def place(actor: Actor, territory: Territory) -> dict:
    """The fields a structure and its service share: where, how to reach it, its page."""
    return {
        "commune": actor.commune.nom,
        "code_postal": actor.code_postal,
        "code_insee": actor.commune.insee,
        "adresse": actor.adresse,
        "longitude": actor.lon,
        "latitude": actor.lat,
        "telephone": e164(actor.telephone) if actor.telephone else None,
        "courriel": actor.email,
        "lien_source": urls.absolute(territory.url_site, actor.url) if territory.url_site else None,
        "horaires_accueil": actor.horaires,
    }


def structure(actor: Actor, card: "Card", territory: Territory) -> dict | None:
    """The actor as a data·inclusion structure; None when its file gives no date of update."""
    day = updated_on(actor)
    if day is None or not fits(actor.nom, NAME_LENGTH):
        return None
    source = source_of(territory)
    return {"source": source, "id": f"{source}--{actor.slug}", "nom": actor.nom, "date_maj": day.isoformat(),
            "description": card.resume if fits(card.resume, DESCRIPTION_LENGTH) else None, "siret": actor.siret,
            "site_web": actor.site_web, "accessibilite_lieu": actor.accessibilite_lieu, "reseaux_porteurs": None,
            **place(actor, territory)}


def service(actor: Actor, card: "Card", territory: Territory) -> dict | None:
    """The actor's offer as a data·inclusion service, when its file describes one and its
    structure is exported; the service is named after the actor and described by its summary."""
    if not has_offer(actor) or structure(actor, card, territory) is None or not fits(card.resume, DESCRIPTION_LENGTH):
        return None
    source = source_of(territory)
    return {"source": source, "structure_id": f"{source}--{actor.slug}", "id": f"{source}--{actor.slug}--offre",
            "nom": actor.nom, "description": card.resume, "date_maj": updated_on(actor).isoformat(),
            "publics": list(actor.publics) or None, "modes_accueil": list(actor.modes_accueil) or None, "frais": actor.frais,
            "thematiques": list(actor.thematiques_inclusion) or None, **place(actor, territory)}


def fits(text: str | None, bounds: tuple[int, int]) -> bool:
    return text is not None and bounds[0] <= len(text) <= bounds[1]


def e164(telephone: str) -> str:
    """'0321123456' -> '+33321123456', the form the schema prefers."""
    return "+33" + telephone[1:] if telephone.startswith("0") else telephone
