"""/chiffres-cles/ and chiffres.json on a territory that reproduces the reference sheet (seed 003)."""

import json
import re
from html import unescape

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import TODAY
from tests.fixtures.sheet_003 import write_sheet_site
from tests.test_build import page, text_of


@pytest.fixture(scope="module")
def sheet_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("sheet")
    build(Config(content=write_sheet_site(root / "content"), output=root / "output", build_day=TODAY, pdf=False))
    return root / "output"


def test_page_shows_the_reference_sheet_figures_the_french_way(sheet_site):
    text = text_of(page(sheet_site, "/chiffres-cles/")).replace("&#39;", "'")
    for figure in ["3\u202f761 emplois ESS", "9,5\u00a0% des emplois du territoire", "1,7\u00a0% des emplois ESS régionaux",
                   "7,2\u00a0% des emplois ESS départementaux", "196 établissements employeurs",
                   "7,5\u00a0% des établissements employeurs du territoire", "1,5 établissement employeur pour 1\u202f000 habitants",
                   "19,2 salariés en moyenne par établissement",
                   "91,3 millions d'€ de masse salariale", "1,3 emploi par équivalent temps plein",
                   "126\u202f895 habitants", "1\u202f132 habitants par km²", "14 communes"]:
        assert figure in text, figure
    for share in ["Associations 89\u00a0%", "Coopératives 6\u00a0%", "Mutuelles 5\u00a0%"]:
        assert share in text, share  # the charts' text alternative
    assert "effectifs connus pour 196 établissements employeurs sur 196" in text
    assert "Insee, Flores 2021" in text and "(2021)" not in text and "calculés le 22 novembre 2026" in text


def test_charts_are_svg_with_the_same_numbers(sheet_site):
    html = page(sheet_site, "/chiffres-cles/")
    assert html.count('<svg class="chart"') == 2
    assert ">89\u00a0%</text>" in html and 'aria-hidden="true"' in html
    assert "<script" not in html


def test_examples_of_employers_by_size_band(sheet_site):
    html = page(sheet_site, "/chiffres-cles/")
    examples = text_of(html.split('id="exemples"')[1].split("</section>")[0])
    assert examples.index("500 à 999 salariés") < examples.index("250 à 499 salariés") < examples.index("100 à 199 salariés")
    assert '<a href="/acteurs/employeur-000/">Structure employeur-000</a>' in html


def test_json_holds_the_same_values_unrounded(sheet_site):
    data = json.loads((sheet_site / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    assert data["acteurs"] == 198 and data["etablissements_employeurs"] == 196 and data["emplois"] == 3761
    assert data["part_emplois_territoire"] == pytest.approx(3761 / 39589, rel=1e-12)
    assert data["part_etablissements_territoire"] == pytest.approx(196 / 2613, rel=1e-12)
    assert data["part_emplois_ess_region"] == pytest.approx(3761 / 221235, rel=1e-12)
    assert data["part_emplois_ess_departement"] == pytest.approx(3761 / 52236, rel=1e-12)
    assert data["etablissements_pour_1000_habitants"] == pytest.approx(196 / 126895 * 1000, rel=1e-12)
    assert data["salaries_par_etablissement"] == pytest.approx(3761 / 196, rel=1e-12)
    assert data["masse_salariale"] == 91_300_000
    assert data["repartition_statut"] == pytest.approx({"association": 175 / 196, "cooperative": 11 / 196, "mutuelle": 10 / 196})
    assert round(data["emplois_par_etp"], 1) == 1.3
    assert data["population"] == 126895 and data["date"] == "2026-11-22"
    assert data["sources"]["references"] == {"source": "Insee, Flores 2021", "millesime": 2021}
    carvin = data["par_commune"]["62215"]
    assert carvin["nom"] == "Carvin" and carvin["acteurs"] == 15 and carvin["etablissements_employeurs"] == 14
    assert "part_emplois_territoire" not in carvin


def test_commune_page_shows_its_figures(sheet_site):
    text = text_of(page(sheet_site, "/communes/carvin/"))
    assert "Les chiffres clés de Carvin" in text and "14 établissements employeurs" in text


def test_home_page_shows_three_headline_figures(sheet_site):
    text = text_of(page(sheet_site, "/"))
    assert "3\u202f761 emplois ESS" in text and "196 établissements employeurs" in text and "9,5\u00a0% des emplois du territoire" in text


def test_lettre_embeds_todays_figure(tmp_path):
    content = write_sheet_site(tmp_path / "content")
    (content / "lettres").mkdir()
    (content / "lettres" / "l1.md").write_text(
        "---\nnumero: 1\ntitre: Chiffres\ndate: 2026-01-01\n---\nL'ESS compte [[chiffre:emplois]] emplois, "
        "soit [[chiffre:part_emplois_territoire]] du territoire.\n", encoding="utf-8")
    build(Config(content=content, output=tmp_path / "output", build_day=TODAY, pdf=False))
    html = unescape(page(tmp_path / "output", "/lettres/1/"))
    assert "L'ESS compte 3\u202f761 emplois, soit 9,5\u00a0% du territoire." in html


def test_unavailable_figures_say_why_instead_of_zero(content, tmp_path):
    path = content / "territoire.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("references:")] + text[text.index("editeur:"):], encoding="utf-8")
    (content / "lettres" / "lettre-04.md").write_text(
        "---\nnumero: 4\ntitre: Parts\ndate: 2023-01-01\n---\nPart : [[chiffre:part_emplois_territoire]].\n", encoding="utf-8")
    build(Config(content=content, output=tmp_path / "output", build_day=TODAY, pdf=False))
    text = text_of(page(tmp_path / "output", "/chiffres-cles/")).replace("&#39;", "'")
    assert "non disponible des emplois du territoire Ce chiffre ne peut pas être calculé\u00a0: il faut des effectifs connus et le total des emplois du territoire." in text
    assert "Aucun total de référence n'est renseigné" in text
    assert "0,0\u00a0%" not in text
    assert "Part\u00a0: (chiffre non disponible)." in unescape(page(tmp_path / "output", "/lettres/4/"))
    data = json.loads((tmp_path / "output" / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    assert "part_emplois_territoire" not in data and data["emplois"] == 80


def test_split_charts_list_the_largest_share_first(sheet_site):
    import re

    html = page(sheet_site, "/chiffres-cles/")
    for caption in ("par statut juridique", "par secteur d'activité"):
        table = html[html.index(f"<caption>Part des établissements employeurs {caption}".replace("'", "&#39;")):]
        shares = [int(share) for share in re.findall(r"<td>(\d+)\u00a0%</td>", table[:table.index("</table>")])]
        assert len(shares) >= 3 and shares == sorted(shares, reverse=True), (caption, shares)


@pytest.fixture(scope="module")
def thin_site(tmp_path_factory):
    from tests.fixtures.thin_import import write_thin_site

    root = tmp_path_factory.mktemp("thin")
    content = write_thin_site(root / "content")
    (content / "lettres").mkdir()
    (content / "lettres" / "l1.md").write_text("---\nnumero: 1\ntitre: Chiffres\ndate: 2026-01-01\n---\n"
                                              "L'ESS compte [[chiffre:emplois]] emplois.\n", encoding="utf-8")
    build(Config(content=content, output=root / "output", build_day=TODAY, pdf=False))
    return root / "output"


def stat_values(html: str) -> list[str]:
    return [text_of(value).strip() for value in re.findall(r'<p class="stat-value[^"]*">(.*?)</p>', html, re.S)]


def test_a_figure_resting_on_one_employer_of_215_is_not_put_forward(thin_site):
    html = page(thin_site, "/chiffres-cles/")
    text = text_of(html).replace("&#39;", "'")
    jobs = html.split('id="emploi"')[1].split("</section>")[0]
    # The section leads with what is known: the range the bands allow, then the official count.
    assert stat_values(jobs)[:2] == ["entre 2\u202f492 et 5\u202f034", "3\u202f761"], stat_values(jobs)
    assert not re.search(r"(?<![\d\u202f])5 emplois ESS", text)
    for thin in ("moins de 0,1\u00a0%", "salariés en moyenne par établissement", "emploi par équivalent temps plein"):
        assert thin not in text, thin
    assert ("Seul 1 établissement employeur sur 215 indique son effectif exact\u202f; il en faudrait au moins la moitié "
            "pour publier ces chiffres.") in text
    assert "Non publiés\u00a0: emplois ESS, part des emplois du territoire, part des emplois ESS de la région et part des emplois ESS du département." in text
    assert "196 établissements employeurs de l'ESS selon le chiffre officiel" in text  # what is known stays


def test_the_home_page_and_commune_pages_hold_back_the_same_figures(thin_site):
    home = text_of(page(thin_site, "/")).replace("&#39;", "'")
    assert not re.search(r"(?<![\d\u202f])5 emplois ESS", home) and "entre 2\u202f492 et 5\u202f034" in home
    assert "Seul 1 établissement employeur sur 215 indique son effectif exact" in home
    assert "3\u202f761 emplois ESS selon le chiffre officiel" in home  # what is known leads
    commune = text_of(page(thin_site, "/communes/bois-bernard/")).replace("&#39;", "'")
    assert not re.search(r"(?<![\d\u202f])5 emplois ESS", commune) and "5 salariés en moyenne" not in commune
    assert "Seul 1 établissement employeur sur 16 indique son effectif exact" in commune
    lettre = unescape(page(thin_site, "/lettres/1/"))
    assert "L'ESS compte (chiffre non publié\u00a0: trop peu d'établissements employeurs le donnent) emplois." in lettre


def test_json_gives_null_and_the_reason_for_a_withheld_figure(thin_site):
    data = json.loads((thin_site / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    withheld = ["emplois", "part_emplois_territoire", "part_emplois_ess_region", "part_emplois_ess_departement",
                "salaries_par_etablissement", "emplois_par_etp"]
    assert {key: data[key] for key in withheld} == dict.fromkeys(withheld)
    assert sorted(data["non_publies"]) == sorted(withheld)
    assert data["non_publies"]["emplois"] == {
        "repose_sur": 1, "etablissements_employeurs": 215, "seuil": 0.5,
        "raison": "Seul 1 établissement employeur sur 215 indique son effectif exact\u202f; il en faudrait au moins la moitié pour publier ce chiffre."}
    assert data["etablissements_employeurs"] == 215 and data["emplois_min"] == 2492
    commune = data["par_commune"]["62148"]
    assert commune["emplois"] is None and commune["non_publies"]["emplois"]["repose_sur"] == 1
    assert commune["non_publies"]["emplois"]["etablissements_employeurs"] == 16


def test_a_normal_site_withholds_nothing(sheet_site):
    data = json.loads((sheet_site / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    assert "non_publies" not in data and all("non_publies" not in c for c in data["par_commune"].values())
    text = text_of(page(sheet_site, "/chiffres-cles/")).replace("&#39;", "'")
    assert "Non publié" not in text and "il en faudrait au moins la moitié" not in text


def test_shares_say_the_numerator_is_the_directorys(sheet_site):
    text = text_of(page(sheet_site, "/chiffres-cles/")).replace("&#39;", "'")
    assert ("9,5\u00a0% des emplois du territoire Calcul du site\u00a0: emplois de l'annuaire rapportés aux emplois salariés "
            "du territoire selon Insee, Flores 2021.") in text


def test_context_figures_are_shown_with_their_source(sheet_site):
    html = page(sheet_site, "/chiffres-cles/")
    context = text_of(html.split('id="contexte"')[1].split("</section>")[0]).replace("&#39;", "'")
    for line in ["Les données de contexte",
                 "8,7\u00a0% de la population du Pas-de-Calais vit dans l'agglomération Source\u00a0: Insee, recensement de la population (2020)",
                 "18\u00a0% de la population âgée de 15 à 64 ans se déclare au chômage Source",
                 "7,8\u00a0% des habitants ont plus de 75 ans Source",
                 "91,3 millions d'€ de masse salariale de l'ESS (7,7\u00a0% de la masse salariale du Pas-de-Calais) "
                 "Source\u00a0: Insee, Flores 2021",
                 # both sides known: the share is the site's, and says so
                 "3\u202f761 emplois ESS selon la source (7,2\u00a0% des emplois ESS du Pas-de-Calais, calcul du site) "
                 "Source\u00a0: Insee, Flores 2021"]:
        assert line in context, line


def test_context_figures_are_in_the_json(sheet_site):
    data = json.loads((sheet_site / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    context = data["contexte"]
    assert context[1] == {"libelle": "de la population âgée de 15 à 64 ans se déclare au chômage", "valeur": 18, "unite": "%",
                          "source": "Insee, recensement de la population", "millesime": 2020}
    assert context[3]["part"] == pytest.approx(0.077) and context[3]["part_calculee"] is False and context[3]["unite"] == "€"
    assert context[4]["part"] == pytest.approx(3761 / 52236, rel=1e-12) and context[4]["part_calculee"] is True
    assert context[4]["total"] == 52236 and context[4]["part_de"] == "des emplois ESS du Pas-de-Calais"


def test_the_sample_site_leads_with_the_official_counts_and_shows_its_sheets_context(tmp_path):
    from tests.conftest import ROOT

    build(Config(content=ROOT / "content", output=tmp_path / "output", build_day=TODAY, pdf=False, cache=tmp_path / "cache"))
    html = page(tmp_path / "output", "/chiffres-cles/")
    text = text_of(html).replace("&#39;", "'")
    establishments = html.split('id="etablissements"')[1].split("</section>")[0]
    assert stat_values(establishments)[:2] == ["196", "5"]
    assert ("L'annuaire ne compte que 5 des 196 établissements employeurs de l'ESS du territoire (chiffre officiel)\u202f; "
            "il en faudrait au moins la moitié pour publier ces chiffres.") in text
    assert "Répartition non publiée. L'annuaire ne compte que 5 des 196" in text and "publier cette répartition." in text and "0,2\u00a0%" not in text
    for line in ["8,7\u00a0% de la population du Pas-de-Calais vit dans l'agglomération",
                 "18\u00a0% de la population âgée de 15 à 64 ans se déclare au chômage",
                 "7,8\u00a0% des habitants ont plus de 75 ans",
                 "91,3 millions d'€ de masse salariale dans l'ESS (7,7\u00a0% de la masse salariale du Pas-de-Calais)"]:
        assert line in text, line
    data = json.loads((tmp_path / "output" / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    assert data["repartition_statut"] is None and data["non_publies"]["repartition_statut"]["etablissements_employeurs"] == 196
    assert [c["valeur"] for c in data["contexte"]] == [8.7, 18, 7.8, 91_300_000]
    home = page(tmp_path / "output", "/").split('id="chiffres"')[1].split("</section>")[0]
    assert stat_values(home) == ["3\u202f761", "entre 905 et 1\u202f801", "196"]
