"""The printed directory's contents as a pure function of the site, on small hand-made sets."""

from datetime import date
from pathlib import Path

from ess_site.compute import directory as compute_directory
from ess_site.compute.directory import directories
from ess_site.compute.site import assemble_site
from ess_site.content.model import Accessibilite, Actor, Commune, Content, Editeur, Hebergeur, Secteur, Statut, Territory

HENIN = Commune("62427", "Hénin-Beaumont", ("62110",), 25000)
CARVIN = Commune("62215", "Carvin", ("62220",), 15000)
OIGNIES = Commune("62637", "Oignies", ("62590",), 10000)
DAY = date(2026, 12, 3)


def site(*actors: Actor):
    territory = Territory(nom="Communauté d'essai", sigle="CE", communes=(HENIN, CARVIN, OIGNIES), editeur=Editeur("E"),
                          hebergeur=Hebergeur("H"), accessibilite=Accessibilite("non conforme", DAY))
    return assemble_site(Content(territory=territory, actors=actors, lettres=()), DAY)


def actor(nom: str, secteur: str, commune: Commune = HENIN, **fields) -> Actor:
    return Actor(slug=nom.lower().replace(" ", "-"), path=Path(f"actors/{nom}.md"), nom=nom, statut=Statut("association"),
                 secteur=Secteur(secteur), commune=commune, **fields)


def outline(found) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    return [(d.url, [(s.title, [e.nom for e in s.entries]) for s in d.sections]) for d in found]


def test_sectors_in_the_contracts_order_actors_alphabetical_one_directory_per_commune_with_actors():
    found = directories(site(actor("Zèbre", "commerce"), actor("Abeille", "commerce", CARVIN), actor("Mésange", "action-sociale"),
                             actor("Caché", "sante", brouillon=True)))
    assert outline(found) == [
        ("/acteurs/annuaire.pdf", [("Action sociale", ["Mésange"]), ("Commerce", ["Abeille", "Zèbre"])]),
        ("/communes/carvin/annuaire.pdf", [("Commerce", ["Abeille"])]),
        ("/communes/henin-beaumont/annuaire.pdf", [("Action sociale", ["Mésange"]), ("Commerce", ["Zèbre"])]),
    ]
    assert [(d.place, d.count, d.build_day) for d in found] == [
        ("Communauté d'essai", 3, DAY), ("Carvin", 1, DAY), ("Hénin-Beaumont", 2, DAY)]


def test_an_entry_has_the_address_contacts_and_the_cards_line():
    [whole, _] = directories(site(actor("Garage", "commerce", adresse="2 rue Haute", code_postal="62110", telephone="0321000000",
                                        email="accueil@garage.fr", site_web="https://garage.fr", resume="Répare les voitures.")))
    entry = whole.sections[0].entries[0]
    assert (entry.adresse, entry.telephone, entry.email, entry.site_web, entry.resume, entry.statut) == (
        "2 rue Haute, 62110 Hénin-Beaumont", "0321000000", "accueil@garage.fr", "https://garage.fr", "Répare les voitures.",
        "Association")


def test_a_directory_above_the_limit_is_left_out(monkeypatch):
    monkeypatch.setattr(compute_directory, "PRINT_LIMIT", 2)
    found = directories(site(actor("Un", "commerce"), actor("Deux", "commerce"), actor("Trois", "sante", CARVIN)))
    assert [d.url for d in found] == ["/communes/carvin/annuaire.pdf", "/communes/henin-beaumont/annuaire.pdf"]
    assert directories(site()) == []  # no actor, no directory
