"""French alphabetical order of names (ess_site/collation.py)."""

from ess_site.collation import initial, sort_key


def test_names_sort_in_french_order():
    names = ["numéro 10", "Numéro 2", "Zèbre", "Œuvre", "école", "Ecole", "Océan", "1001 services", "« La Ruche »", "L'Atelier", "2 mains"]
    assert sorted(names, key=sort_key) == ["2 mains", "1001 services", "Ecole", "école", "L'Atelier", "« La Ruche »",
                                           "Numéro 2", "numéro 10", "Océan", "Œuvre", "Zèbre"]


def test_accents_then_case_only_break_ties():
    assert sorted(["Élan", "elan", "Elan"], key=sort_key) == ["elan", "Elan", "Élan"]


def test_the_initial_follows_the_order():
    assert [initial(n) for n in ("École", "Œuvre", "« La Ruche »", "1001 services", "…")] == ["E", "O", "L", "#", "#"]
