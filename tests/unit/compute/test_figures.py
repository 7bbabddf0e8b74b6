"""The key figures as a pure function of actors and territory, on small hand-made sets."""

from dataclasses import replace
from pathlib import Path

import pytest

from ess_site.compute.figures import Withheld, compute_area, compute_key_figures, employer_examples, is_employer
from ess_site.content.model import Accessibilite, Actor, Commune, Editeur, Hebergeur, References, Secteur, Statut, Territory

HENIN = Commune("62427", "Hénin-Beaumont", ("62110",), 25000)
CARVIN = Commune("62215", "Carvin", ("62220",), 15000)
REFERENCES = References(millesime=2021, source="Insee", emplois_total=1000, etablissements_total=40,
                        emplois_ess_region=10000, emplois_ess_departement=2000)


def territory(references=REFERENCES) -> Territory:
    return Territory(nom="T", sigle="T", communes=(HENIN, CARVIN), editeur=Editeur("E"), hebergeur=Hebergeur("H"),
                     accessibilite=Accessibilite("non conforme", None), references=references)


def actor(statut="association", secteur="action-sociale", commune=HENIN, **fields) -> Actor:
    return Actor(slug=f"a{id(fields)}", path=Path("actors/a.md"), nom="A", statut=Statut(statut),
                 secteur=Secteur(secteur), commune=commune, **fields)


def test_shares_rest_on_employer_establishments():
    figures = compute_key_figures([
        actor(statut="association", effectif=3),
        actor(statut="association", effectif=None),
        actor(statut="cooperative", effectif=10),
    ], territory())
    assert figures.acteurs == 3
    assert figures.emplois == 13
    assert figures.etablissements_employeurs == 2
    assert figures.repartition_statut == {"association": 0.5, "cooperative": 0.5}
    assert figures.part_emplois_territoire == 13 / 1000
    assert figures.part_etablissements_territoire == 2 / 40
    assert figures.part_emplois_ess_region == 13 / 10000 and figures.part_emplois_ess_departement == 13 / 2000
    assert figures.etablissements_pour_1000_habitants == 2 / 40000 * 1000
    assert figures.salaries_par_etablissement == 13 / 2


def test_employer_by_effectif_or_by_band():
    assert is_employer(actor(effectif=1))
    assert not is_employer(actor(effectif=0, tranche_effectif="12"))  # the exact headcount wins
    assert is_employer(actor(tranche_effectif="01"))
    assert not is_employer(actor(tranche_effectif="00")) and not is_employer(actor(tranche_effectif="NN"))
    assert not is_employer(actor())


def test_jobs_count_only_actors_that_give_effectif_and_say_how_many():
    figures = compute_key_figures([actor(effectif=5), actor(tranche_effectif="21")], territory())
    assert figures.emplois == 5
    assert (figures.etablissements_employeurs, figures.employeurs_avec_effectif) == (2, 1)
    assert figures.salaries_par_etablissement == 5


def test_without_references_shares_are_absent_not_zero():
    figures = compute_key_figures([actor(effectif=5)], territory(references=None))
    assert figures.part_emplois_territoire is None and figures.part_etablissements_territoire is None
    assert figures.part_emplois_ess_region is None and figures.part_emplois_ess_departement is None
    assert figures.emplois == 5


def test_with_partial_references_only_the_matching_shares_exist():
    figures = compute_key_figures([actor(effectif=5)], territory(replace(REFERENCES, emplois_ess_region=None)))
    assert figures.part_emplois_ess_region is None and figures.part_emplois_ess_departement == 5 / 2000


def test_no_actor_gives_effectif():
    figures = compute_key_figures([actor(tranche_effectif="12"), actor(tranche_effectif="02")], territory())
    assert figures.emplois is None and figures.salaries_par_etablissement is None and figures.part_emplois_territoire is None
    assert figures.etablissements_employeurs == 2 and figures.part_etablissements_territoire == 2 / 40


def test_etp_ratio_only_over_employers_giving_both():
    # compute_area: the figures before thin ones are withheld (1 employer of 3 gives both here).
    figures = compute_area([actor(effectif=13, etp=10.0), actor(effectif=7), actor(etp=4.0, tranche_effectif="01")], 1000)
    assert figures.emplois_par_etp == 13 / 10 and figures.employeurs_avec_etp == 1
    assert compute_key_figures([actor(effectif=3)], territory()).emplois_par_etp is None
    assert compute_key_figures([actor(effectif=3, etp=0.0)], territory()).emplois_par_etp is None  # no division by zero


def test_payroll_is_a_sum_or_absent():
    assert compute_key_figures([actor(masse_salariale=100.0), actor(masse_salariale=50.5), actor()], territory()).masse_salariale == 150.5
    assert compute_key_figures([actor()], territory()).masse_salariale is None


def test_no_employer_means_no_split_and_no_average():
    figures = compute_key_figures([actor(effectif=0)], territory())
    assert figures.etablissements_employeurs == 0 and figures.emplois == 0
    assert figures.repartition_statut is None and figures.repartition_secteur is None
    assert figures.salaries_par_etablissement is None


def test_a_territory_with_a_single_actor():
    figures = compute_key_figures([actor(effectif=4, etp=2.0, secteur="sante")], territory())
    assert figures.repartition_secteur == {"sante": 1.0} and figures.emplois_par_etp == 2.0


def test_drafts_never_count():
    figures = compute_key_figures([actor(effectif=4), actor(effectif=400, brouillon=True)], territory())
    assert figures.acteurs == 1 and figures.emplois == 4


def test_each_commune_has_its_figures_even_without_actors():
    figures = compute_key_figures([actor(effectif=4, commune=HENIN), actor(effectif=6, commune=HENIN)], territory())
    henin, carvin = figures.par_commune["62427"].figures, figures.par_commune["62215"].figures
    assert henin.emplois == 10 and henin.etablissements_pour_1000_habitants == 2 / 25000 * 1000
    assert carvin.acteurs == 0 and carvin.emplois is None and carvin.salaries_par_etablissement is None
    assert carvin.etablissements_pour_1000_habitants == 0
    assert henin.part_emplois_territoire is None  # shares of the territory's totals are not per commune


def test_employer_examples_take_the_largest_of_each_band():
    big, mid, small = actor(effectif=600), actor(tranche_effectif="21"), actor(effectif=3)
    examples = employer_examples([small, mid, big, actor(effectif=0)])
    assert [(band, [a.effectif for a in actors]) for band, actors in examples] == [("41", [600]), ("21", [None]), ("02", [3])]


@pytest.mark.parametrize("value", ["0", "-3", "beaucoup"])
def test_reference_totals_must_be_positive_numbers(content, value):
    from tests.conftest import problems_of

    path = content / "territoire.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("emplois_total: 39589", f"emplois_total: {value}"), encoding="utf-8")
    [problem] = problems_of(content)
    assert problem.startswith("territoire.yaml:") and "emplois_total" in problem


def test_job_range_from_exact_headcounts_and_bands():
    figures = compute_key_figures([
        actor(effectif=3),
        actor(tranche_effectif="11"),  # 10 to 19
        actor(tranche_effectif="01"),  # 1 or 2
        actor(tranche_effectif="NN"),  # not an employer
        actor(),  # nothing known
    ], territory())
    assert (figures.emplois, figures.emplois_min, figures.emplois_max, figures.employeurs_par_tranche) == (None, 14, 24, 2)
    assert figures.withheld["emplois"] == Withheld("employeurs_avec_effectif", 1, 3)  # the sum of 1 headcount of 3
    assert figures.par_commune["62427"].figures.emplois_min == 14


def test_job_range_has_no_top_above_the_last_band_and_is_absent_without_data():
    assert compute_key_figures([actor(tranche_effectif="53"), actor(effectif=5)], territory()).emplois_max is None
    nothing = compute_key_figures([actor()], territory())
    assert (nothing.emplois_min, nothing.emplois_max, nothing.employeurs_par_tranche) == (None, None, 0)


def test_jobs_are_put_forward_only_when_half_the_employers_give_their_headcount():
    from ess_site.compute.figure_catalog import headline_keys

    enough = compute_key_figures([actor(effectif=4), actor(tranche_effectif="11")], territory())
    assert headline_keys(enough) == ["emplois", "etablissements_employeurs", "part_emplois_territoire"]
    few = compute_key_figures([actor(effectif=4), actor(tranche_effectif="11"), actor(tranche_effectif="02")], territory())
    assert headline_keys(few) == ["etablissements_employeurs"]


def test_every_figure_resting_on_less_than_half_the_employers_is_withheld_with_its_base():
    actors = [actor(effectif=4, etp=3.0, masse_salariale=90000.0), actor(effectif=6, commune=CARVIN),
              *[actor(tranche_effectif="02", commune=CARVIN) for _ in range(3)]]
    figures = compute_key_figures(actors, territory())
    on_headcounts = ["emplois", "part_emplois_territoire", "part_emplois_ess_region", "part_emplois_ess_departement",
                     "salaries_par_etablissement"]
    assert figures.withheld == {**dict.fromkeys(on_headcounts, Withheld("employeurs_avec_effectif", 2, 5)),
                                "emplois_par_etp": Withheld("employeurs_avec_etp", 1, 5),
                                "masse_salariale": Withheld("acteurs_avec_masse_salariale", 1, 5)}
    assert all(getattr(figures, key) is None for key in figures.withheld)
    assert figures.etablissements_employeurs == 5 and figures.part_etablissements_territoire == 5 / 40  # all employers
    assert (figures.emplois_min, figures.emplois_max) == (19, 25)  # what is known stays
    henin, carvin = figures.par_commune["62427"].figures, figures.par_commune["62215"].figures
    assert henin.emplois == 4 and henin.withheld == {}  # 1 employer of 1: the commune's figure holds
    assert carvin.emplois is None and carvin.withheld["emplois"] == Withheld("employeurs_avec_effectif", 1, 4)


def test_withheld_figures_say_why_in_french():
    from ess_site.compute.figure_catalog import withheld_notes, withheld_reason

    assert withheld_reason(Withheld("employeurs_avec_effectif", 12, 1215)) == (
        "Seuls 12 établissements employeurs sur 1\u202f215 indiquent leur effectif exact\u202f; "
        "il en faudrait au moins la moitié pour publier ce chiffre.")
    assert withheld_reason(Withheld("acteurs_avec_masse_salariale", 0, 3), several=True).startswith(
        "Aucun des 3 établissements employeurs n'indique sa masse salariale\u202f;")
    assert withheld_reason(Withheld("employeurs_avec_etp", 0, 1)).startswith(
        "Le seul établissement employeur n'indique pas à la fois son effectif et ses équivalents temps plein\u202f;")
    figures = compute_key_figures([actor(effectif=4), *[actor(tranche_effectif="02") for _ in range(2)]], territory())
    assert withheld_notes(figures, ["emplois", "salaries_par_etablissement", "acteurs"]) == [
        "Non publiés\u00a0: emplois ESS et salariés par établissement. Seul 1 établissement employeur sur 3 indique son "
        "effectif exact\u202f; il en faudrait au moins la moitié pour publier ces chiffres."]


def test_a_ratio_that_would_print_as_zero_says_so():
    from ess_site.compute.figure_catalog import FIGURES

    ratio = FIGURES["etablissements_pour_1000_habitants"]
    assert [ratio.display(value) for value in (0.04, 0.05, 1.46, 0)] == ["moins de 0,1", "0,1", "1,5", "0"]


def test_a_directory_holding_less_than_half_of_the_official_employers_describes_only_itself():
    actors = [actor(effectif=4, statut="cooperative"), actor(effectif=6), actor(effectif=2, commune=CARVIN)]
    few = compute_key_figures(actors, territory(replace(REFERENCES, etablissements_ess=10)))
    thin = Withheld("etablissements_employeurs", 3, 10)
    assert {key: few.withheld[key] for key in ("part_etablissements_territoire", "etablissements_pour_1000_habitants",
                                               "repartition_statut", "repartition_secteur")} == dict.fromkeys(
        ("part_etablissements_territoire", "etablissements_pour_1000_habitants", "repartition_statut", "repartition_secteur"), thin)
    assert few.etablissements_employeurs == 3  # the directory's own count stays, beside the official one
    assert few.withheld["emplois"] == Withheld("employeurs_avec_effectif", 3, 10)  # 3 headcounts of 10 employers
    enough = compute_key_figures(actors, territory(replace(REFERENCES, etablissements_ess=6)))
    assert enough.withheld == {} and enough.repartition_statut == {"association": 2 / 3, "cooperative": 1 / 3}
