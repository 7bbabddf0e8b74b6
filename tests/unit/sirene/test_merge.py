"""The register merged into the directory (sirene/merge.py), on plain objects: no file is read or written."""

from datetime import date
from pathlib import Path

from ess_site.content.model import Accessibilite, Actor, Commune, Editeur, Hebergeur, Secteur, Statut, Territory
from ess_site.sirene.merge import ActorFile, Merge, plan_import
from ess_site.sirene.select import Establishment

HENIN = Commune("62427", "Hénin-Beaumont", ("62110",), 25000)
CARVIN = Commune("62215", "Carvin", ("62220",), 15000)
TERRITORY = Territory(nom="Communauté d'essai", sigle="CE", communes=(HENIN, CARVIN), editeur=Editeur("E"),
                      hebergeur=Hebergeur("H"), accessibilite=Accessibilite("non conforme", date(2026, 1, 1)))
STOCK = date(2026, 11, 1)
FOLDER = Path("content/actors")


def establishment(siret: str, nom: str, commune: str = "62427", **fields) -> Establishment:
    values = dict(statut="association", secteur="action-sociale", active=True, excluded=False) | fields
    return Establishment(siret=siret, nom=nom, commune=commune, **values)


def actor_file(nom: str, front: dict[str, str], body: str = "Ce que l'éditeur a écrit.", **fields) -> ActorFile:
    """An actor and its file as the editor wrote it: `front` gives each front-matter line."""
    lines = ["---", *(f"{key}: {value}" for key, value in front.items()), "---", body, ""]
    actor = Actor(slug=nom.lower().replace(" ", "-"), path=FOLDER / f"{nom.lower().replace(' ', '-')}.md", nom=nom,
                  statut=Statut("association"), secteur=Secteur("action-sociale"), commune=HENIN, **fields)
    return ActorFile(actor, "\n".join(lines), {key: number for number, key in enumerate(front, start=2)})


def merge(update: bool = False) -> Merge:
    return Merge(TERRITORY, FOLDER, STOCK, update)


GARAGE_FRONT = {"nom": '"Garage solidaire"', "statut": "association", "secteur": "action-sociale", "commune": '"Hénin-Beaumont"',
                "siret": '"73282932000074"', "adresse": '"2 rue Haute"'}


def garage(**fields) -> ActorFile:
    return actor_file("Garage solidaire", GARAGE_FRONT, siret="73282932000074", adresse="2 rue Haute", **fields)


def test_a_matched_actor_gets_only_the_fields_it_lacks_and_keeps_every_byte_the_editor_wrote():
    register = {"73282932000074": establishment("73282932000074", "GARAGE SOLIDAIRE", adresse="2 rue Haute", code_postal="62110",
                                                creation=1998)}
    plan = plan_import([garage()], register, merge())
    path = FOLDER / "garage-solidaire.md"
    assert plan.completed == {path: ["code_postal", "creation"]}
    assert plan.new == [] and plan.missing == [] and plan.differences == {}
    text = plan.files[path]
    assert text.startswith(garage().text.split("---\nCe que")[0])  # the editor's lines, untouched
    assert 'code_postal: "62110"\ncreation: 1998\n---\nCe que l\'éditeur a écrit.' in text


def test_a_different_value_is_reported_not_replaced_unless_asked_and_never_the_name():
    register = {"73282932000074": establishment("73282932000074", "Autre nom", adresse="9 place Verte")}
    plain = plan_import([garage()], register, merge())
    path = FOLDER / "garage-solidaire.md"
    assert plain.differences == {path: ["adresse : « 2 rue Haute » ici, « 9 place Verte » au registre"]}
    assert path not in plain.files
    updated = plan_import([garage()], register, merge(update=True))
    assert updated.updated == {path: ["adresse"]}
    assert 'adresse: "9 place Verte"' in updated.files[path] and 'nom: "Garage solidaire"' in updated.files[path]


def test_an_actor_is_matched_by_name_and_commune_when_it_has_no_siret():
    file = actor_file("Recyclerie", {"nom": '"Recyclerie"', "commune": '"Hénin-Beaumont"'})
    plan = plan_import([file], {"11111111100011": establishment("11111111100011", "RECYCLERIE")}, merge())
    assert plan.completed == {file.actor.path: ["statut", "secteur", "siret"]}


def test_closed_unknown_and_new_establishments():
    register = {
        "73282932000074": establishment("73282932000074", "Garage solidaire", active=False),
        "22222222200022": establishment("22222222200022", "Épicerie du Pont", "62215", code_postal="62220"),
        "33333333300033": establishment("33333333300033", "Ailleurs", "59350"),  # not in the territory
        "44444444400044": establishment("44444444400044", "Société ordinaire", statut=None),  # not in the ESS
    }
    lost = actor_file("Perdu", {"nom": '"Perdu"'}, siret="99999999900099")
    plan = plan_import([garage(), lost], register, merge())
    assert plan.closed == [FOLDER / "garage-solidaire.md"]
    assert plan.differences[FOLDER / "garage-solidaire.md"] == ["établissement fermé au registre"]
    assert plan.missing == [FOLDER / "perdu.md"]
    assert plan.new == [FOLDER / "epicerie-du-pont.md"]
    assert plan.files[FOLDER / "epicerie-du-pont.md"] == (
        '---\nnom: "Épicerie du Pont"\nstatut: "association"\nsecteur: "action-sociale"\ncommune: "Carvin"\n'
        'code_postal: "62220"\nsiret: "22222222200022"\nsource: "Insee, répertoire Sirene"\ndate_source: 2026-11-01\n---\n')


def test_a_new_file_never_takes_an_existing_slug():
    taken = actor_file("Garage solidaire", {"nom": '"Garage solidaire"'}, siret="55555555500055")
    register = {"66666666600066": establishment("66666666600066", "Garage Solidaire")}
    register["55555555500055"] = establishment("55555555500055", "Garage solidaire", "62215")
    plan = plan_import([taken], register, merge())
    assert plan.new == [FOLDER / "garage-solidaire-henin-beaumont.md"]


def test_the_editors_line_endings_and_coordinates_are_kept():
    file = garage(lat=50.42, lon=2.95)
    file = ActorFile(file.actor, file.text.replace("\n", "\r\n"), file.lines)
    register = {"73282932000074": establishment("73282932000074", "Garage", adresse="2 rue Haute", creation=2001, lat=50.0, lon=3.0)}
    plan = plan_import([file], register, merge())
    assert plan.completed == {file.actor.path: ["creation"]}  # the editor's position stays: no lat, no lon
    assert "creation: 2001\r\n---\r\n" in plan.files[file.actor.path]
