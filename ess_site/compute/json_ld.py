"""What search engines read of a page: schema.org descriptions in JSON-LD, made from the same
records as the open data (compute/open_data.py), so a page and the files never disagree.
Templates write them with Jinja's tojson, which escapes <, > and &: nothing in a value can
close the <script> element that holds them."""

from .. import formats, urls
from ..content.model import Actor, Lettre, Territory
from .open_data import page_url

CONTEXT = "https://schema.org"
# The schema.org type that says most about a statut; Organization for the others.
TYPES = {"association": "NGO", "fondation": "NGO"}


def absolute(territory: Territory, url: str) -> str:
    return urls.absolute(territory.url_site, url) if territory.url_site else url


def organisation(name: str) -> dict:
    return {"@type": "Organization", "name": name}


def actor_ld(actor: Actor, territory: Territory) -> dict:
    """The actor as a schema.org Organization (NGO for associations and foundations)."""
    page = page_url(actor, territory)
    address = {"@type": "PostalAddress", "addressLocality": actor.commune.nom, "addressCountry": "FR"}
    if actor.adresse:
        address["streetAddress"] = actor.adresse
    if actor.code_postal:
        address["postalCode"] = actor.code_postal
    data = {
        "@context": CONTEXT,
        "@type": TYPES.get(actor.statut.key, "Organization"),
        "@id": f"{page}#structure",
        "name": actor.nom,
        "mainEntityOfPage": page,
        "address": address,
    }
    optional = {
        "alternateName": actor.sigle,
        "description": actor.summary or None,
        "url": actor.site_web,
        "email": actor.email,
        "telephone": formats.telephone_international(actor.telephone) if actor.telephone else None,
        "foundingDate": str(actor.creation) if actor.creation else None,
        "identifier": {"@type": "PropertyValue", "propertyID": "SIRET", "value": actor.siret} if actor.siret else None,
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": actor.effectif} if actor.effectif is not None else None,
        "keywords": ", ".join(t.label for t in actor.thematiques) or None,
    }
    if actor.lat is not None and actor.lon is not None:  # only a real position: the commune's centre is not the actor's
        optional["geo"] = {"@type": "GeoCoordinates", "latitude": actor.lat, "longitude": actor.lon}
    return data | {key: value for key, value in optional.items() if value is not None}


def lettre_ld(lettre: Lettre, territory: Territory) -> dict:
    """One issue of the lettre as a schema.org NewsArticle."""
    publisher = organisation(lettre.editeur or territory.nom)
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": lettre.titre,
        "datePublished": lettre.date.isoformat(),
        "inLanguage": "fr-FR",
        "mainEntityOfPage": absolute(territory, lettre.url),
        "author": publisher,
        "publisher": publisher,
        "isPartOf": {"@type": "Periodical", "name": f"La lettre de l'ESS · {territory.nom}"},
    }
    if lettre.resume:
        data["description"] = lettre.resume
    return data
