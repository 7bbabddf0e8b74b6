"""How the register's codes and names become the content contract's values."""

import pytest

from ess_site.sirene.names import place_names, readable_name
from ess_site.sirene.perimeter import is_excluded, secteur_of, statut_of


@pytest.mark.parametrize("categorie, flag, denomination, statut", [
    ("9220", "", "ASSOCIATION LES JARDINS", "association"),
    ("9300", "N", "FONDATION X", "fondation"),
    ("8210", "", "MUTUELLE Y", "mutuelle"),
    ("5458", "", "SCOP SARL Z", "cooperative"),
    ("5710", "O", "SCOP LES ATELIERS", "cooperative"),  # a SAS has no cooperative category: its name tells
    ("5710", "O", "ENTREPRISE D'INSERTION", "societe-ess"),
    ("5710", "", "SCOP SANS INDICATEUR", None),
    ("5499", "N", "SARL ORDINAIRE", None),
    ("1000", "", "", None),
])
def test_statut_from_the_legal_category_and_the_ess_flag(categorie, flag, denomination, statut):
    assert statut_of(categorie, flag, denomination) == statut


def test_sectors_and_excluded_activities():
    assert [secteur_of(code) for code in ("88.10A", "87.30A", "86.10Z", "85.59A", "93.12Z", "90.01Z", "65.12Z", "47.11C",
                                          "38.32Z", "56.10A", "78.20Z", "01.13Z", "94.99Z", "49.39A", "")] == [
        "action-sociale", "action-sociale", "sante", "enseignement", "sports-loisirs", "arts-spectacles", "activites-financieres",
        "commerce", "industrie-construction", "hebergement-restauration", "soutien-entreprises", "agriculture", "autres", "autres",
        "autres"]
    assert [code for code in ("84.11Z", "94.11Z", "94.20Z", "94.91Z", "94.92Z", "94.99Z", "88.10A") if is_excluded(code)] == [
        "84.11Z", "94.11Z", "94.20Z", "94.91Z", "94.92Z"]


def test_register_capitals_become_readable_french():
    places = place_names(["Hénin-Beaumont", "Évin-Malmaison", "Courcelles-lès-Lens"])
    assert readable_name("ASSOCIATION D'AIDE A DOMICILE DU PAYS D'HENIN", places) == "Association d'aide à domicile du pays d'Hénin"
    assert readable_name("EPICERIE SOLIDAIRE LES 3 CLOCHERS", places) == "Épicerie solidaire les 3 clochers"
    assert readable_name("CENTRE SOCIAL D'EVIN-MALMAISON", places) == "Centre social d'Évin-Malmaison"
    assert readable_name("ADMR DE COURCELLES-LES-LENS", places) == "ADMR de Courcelles-lès-Lens"
    assert readable_name("AJH", places, sigle="AJH") == "AJH"
    assert readable_name("CPTS DU BASSIN", places) == "CPTS du bassin"


def test_street_names_get_their_accents_back_as_names_do():
    from ess_site.sirene.select import street

    places = place_names(["Hénin-Beaumont"])

    def address(kind, name):
        return street({"numeroVoieEtablissement": "3", "typeVoieEtablissement": kind, "libelleVoieEtablissement": name}, places)

    assert address("AV", "DE LA REPUBLIQUE") == "3 avenue de la République"
    assert address("PL", "JEAN JAURES") == "3 place Jean Jaurès"
    assert address("RUE", "DU GENERAL DE GAULLE") == "3 rue du Général de Gaulle"
    assert address("PL", "DE L HOTEL DE VILLE") == "3 place de l'Hôtel de Ville"  # INSEE often drops the apostrophe
    assert address("RUE", "EMILE ZOLA") == "3 rue Émile Zola"
    assert address("RUE", "D HENIN") == "3 rue d'Hénin"
    assert address("RUE", "DU MARCHE") == "3 rue du Marche"  # "marche" is a word too: no guess
