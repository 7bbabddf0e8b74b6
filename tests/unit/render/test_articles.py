"""Names inside generated French sentences: article, elision, contraction."""

import pytest

from ess_site.articles import a, de, le


@pytest.mark.parametrize("name, subject, of, to", [
    ("Communauté d'agglomération d'Hénin-Carvin", "la Communauté d'agglomération d'Hénin-Carvin",
     "de la Communauté d'agglomération d'Hénin-Carvin", "à la Communauté d'agglomération d'Hénin-Carvin"),
    ("Agglomération du Boulonnais", "l'Agglomération du Boulonnais", "de l'Agglomération du Boulonnais",
     "à l'Agglomération du Boulonnais"),
    ("Conseil départemental du Nord", "le Conseil départemental du Nord", "du Conseil départemental du Nord",
     "au Conseil départemental du Nord"),
    ("Évin-Malmaison", "Évin-Malmaison", "d'Évin-Malmaison", "à Évin-Malmaison"),
    ("Hénin-Beaumont", "Hénin-Beaumont", "d'Hénin-Beaumont", "à Hénin-Beaumont"),
    ("Carvin", "Carvin", "de Carvin", "à Carvin"),
    ("Le Touquet-Paris-Plage", "Le Touquet-Paris-Plage", "du Touquet-Paris-Plage", "au Touquet-Paris-Plage"),
    ("Les Mureaux", "Les Mureaux", "des Mureaux", "aux Mureaux"),
    ("La Bassée", "La Bassée", "de La Bassée", "à La Bassée"),
    ("Haute-Goulaine", "Haute-Goulaine", "de Haute-Goulaine", "à Haute-Goulaine"),
])
def test_article_elision_and_contraction(name, subject, of, to):
    assert (le(name), de(name), a(name)) == (subject, of, to)


def test_the_territory_file_can_give_the_article():
    assert (le("Hauts-de-France", "les"), de("Hauts-de-France", "les"), a("Hauts-de-France", "les")) == (
        "les Hauts-de-France", "des Hauts-de-France", "aux Hauts-de-France")
    assert de("Communauté Essai", "aucun") == "de Communauté Essai"
