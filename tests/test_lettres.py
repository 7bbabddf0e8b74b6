"""Lettres: validation, the archive, one issue, citations both ways, and the Atom feed."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from ess_site.cli import print_report
from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import TODAY, problems_of
from tests.test_build import page, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
HEAD = "---\nnumero: 9\ntitre: Essai\ndate: 2023-03-01\n"  # lines 2 to 4


@pytest.fixture
def lettre_problems(content):
    def run(text: str, name: str = "essai.md") -> list[str]:
        (content / "lettres" / name).write_text(text, encoding="utf-8")
        return [p for p in problems_of(content) if p.startswith("lettres/")]

    return run


def test_valid_lettre(lettre_problems):
    assert lettre_problems(HEAD + "---\nTexte avec [[jardin-complet]].\n") == []


def test_missing_numero(lettre_problems):
    assert lettre_problems("---\ntitre: Essai\ndate: 2023-03-01\n---\n") == ["lettres/essai.md:2: le champ obligatoire « numero » manque"]


def test_duplicate_numero_names_both_files(content, lettre_problems):
    problems = lettre_problems(HEAD.replace("numero: 9", "numero: 2") + "---\n")
    assert problems == [  # each file is told, at its own line: the one the editor touched too
        f"lettres/essai.md:2: numero 2 en double : aussi dans {content / 'lettres' / 'lettre-02.md'} ; chaque lettre a son propre numéro",
        f"lettres/lettre-02.md:2: numero 2 en double : aussi dans {content / 'lettres' / 'essai.md'} ; chaque lettre a son propre numéro",
    ]


def test_date_that_does_not_exist(lettre_problems):
    assert lettre_problems(HEAD.replace("2023-03-01", "2023-02-29") + "---\n") == [
        "lettres/essai.md:4: « 2023-02-29 » : ce jour n'existe pas"
    ]
    assert lettre_problems(HEAD.replace("2023-03-01", '"2023-02-29"') + "---\n") == [
        "lettres/essai.md:4: date : « 2023-02-29 » : ce jour n'existe pas"
    ]


def test_a_quoted_date_is_a_date(lettre_problems):
    assert lettre_problems(HEAD.replace("2023-03-01", '"2023-03-01"') + "---\n") == []


def test_date_that_is_not_a_date(lettre_problems):
    assert lettre_problems(HEAD.replace("2023-03-01", "mars 2023") + "---\n") == [
        "lettres/essai.md:4: date : « mars 2023 » n'est pas une date AAAA-MM-JJ"
    ]


def test_empty_title(lettre_problems):
    assert lettre_problems(HEAD.replace("titre: Essai", 'titre: ""') + "---\n") == [
        "lettres/essai.md:3: le champ obligatoire « titre » est vide"
    ]


def test_citing_an_unknown_actor_suggests_the_closest_slug(lettre_problems):
    assert lettre_problems(HEAD + "---\nPremière ligne.\n\nMerci à [[jardin-complt]] !\n") == [
        "lettres/essai.md:8: acteur « jardin-complt » introuvable ; voulez-vous dire « jardin-complet » ?"
    ]


def test_citing_a_draft_actor(lettre_problems):
    assert lettre_problems(HEAD + "---\n[[brouillon-cache]]\n") == [
        "lettres/essai.md:6: l'acteur « brouillon-cache » est en brouillon : sa page n'est pas publiée"
    ]


def test_raw_html_and_script_are_refused(lettre_problems):
    assert lettre_problems(HEAD + "---\nTexte.\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n") == [
        "lettres/essai.md:7: HTML brut « <script> » interdit dans une lettre ; écrivez en Markdown",
        "lettres/essai.md:8: HTML brut « <img src=x onerror=alert(2)> » interdit dans une lettre ; écrivez en Markdown",
    ]


def test_lettre_mistakes_join_the_same_report(content, lettre_problems):
    (content / "actors" / "faux.md").write_text("---\nnom: X\nstatut: asso\nsecteur: sante\ncommune: Rouvroy\n---\n", encoding="utf-8")
    lettre_problems(HEAD + "---\n[[inconnu-total]]\n")
    located = [p.split(": ")[0] for p in problems_of(content)]
    assert located == ["actors/faux.md:3", "lettres/essai.md:6"]


def test_feed_needs_the_site_address(content):
    path = content / "territoire.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("url_site: https://ess.essai.example.fr\n", ""), encoding="utf-8")
    assert problems_of(content) == [
        "territoire.yaml:2: le champ « url_site » manque : le flux Atom et les courriels des lettres en ont besoin"
    ]


# -- the built pages -------------------------------------------------------------------


def test_archive_lists_issues_newest_first(built_site):
    html = page(built_site, "/lettres/")
    text = text_of(html)
    assert text.index("N°03") < text.index("N°02") < text.index("N°01")
    assert "1er juin 2022" in text and "15 janvier 2022" in text and "Le collectif se présente." in text
    assert 'href="/lettres/feed.xml"' in html


def test_issue_page_has_masthead_toc_and_neighbours(built_site):
    html = page(built_site, "/lettres/2/")
    text = text_of(html)
    assert "La lettre N°02" in text and "Collectif d'essai" in text.replace("&#39;", "'") and "1er juin 2022" in text
    assert '<a href="#section-la-gouvernance">La gouvernance</a>' in html
    assert 'href="/lettres/1/" rel="prev"' in html and 'href="/lettres/3/" rel="next"' in html
    assert "Sommaire" not in page(built_site, "/lettres/3/")  # short issues need none


def test_citations_link_to_actors_with_their_current_name(built_site):
    html = page(built_site, "/lettres/1/")
    assert '<a href="/acteurs/jardin-complet/" rel="noopener noreferrer">Le Jardin Complet</a>' in html
    assert '<a href="/acteurs/jardin-complet/" rel="noopener noreferrer">nos amis jardiniers</a>' in html
    hostile = page(built_site, "/lettres/2/")
    assert "&lt;script&gt;alert(&#39;nom&#39;)&lt;/script&gt; Piège &amp; Cie</a>" in hostile.replace("'", "&#39;")
    assert "[[ceci-n-est-pas-une-citation]] &lt;b&gt;ni du HTML&lt;/b&gt;" in hostile  # code stays code


def test_actor_pages_list_the_lettres_citing_them(built_site):
    text = text_of(page(built_site, "/acteurs/jardin-complet/"))
    assert "Cité dans la lettre N°01, janvier 2022" in text
    assert "Cité dans" not in text_of(page(built_site, "/acteurs/1001-services/"))


def test_home_shows_the_latest_issue(built_site):
    html = page(built_site, "/")
    assert 'href="/lettres/3/"' in html and "La plus récente" in html


def test_feed_is_valid_atom_with_absolute_urls(built_site):
    root = ET.parse(built_site / "lettres" / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == "https://ess.essai.example.fr/lettres/feed.xml"
    assert root.find(f"{ATOM}updated").text == "2022-09-30T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "La lettre N°03\u00a0: La plus récente", "La lettre N°02\u00a0: Des résultats encourageants",
        "La lettre N°01\u00a0: Un premier numéro"]
    for entry in entries:
        for child in ("id", "updated", "title", "content"):
            assert entry.find(f"{ATOM}{child}") is not None
        assert entry.find(f"{ATOM}link").get("href").startswith("https://ess.essai.example.fr/lettres/")
    content = entries[2].find(f"{ATOM}content")
    assert content.get("type") == "html" and '<a href="/acteurs/jardin-complet/"' in content.text
    assert content.get("{http://www.w3.org/XML/1998/namespace}base") == "https://ess.essai.example.fr/lettres/1/"


def test_unknown_figure_name_suggests_the_closest(lettre_problems):
    assert lettre_problems(HEAD + "---\nNous comptons [[chiffre:emploi]] emplois.\n") == [
        "lettres/essai.md:6: chiffre « emploi » inconnu ; voulez-vous dire « emplois » ? chiffres possibles : acteurs, "
        "etablissements_employeurs, emplois, part_emplois_territoire, part_etablissements_territoire, part_emplois_ess_region, "
        "part_emplois_ess_departement, etablissements_pour_1000_habitants, salaries_par_etablissement, emplois_par_etp, masse_salariale"
    ]


def test_a_numero_no_person_would_mean_is_refused(lettre_problems):
    assert lettre_problems(HEAD.replace("numero: 9", "numero: 1000000000000000000000000000000") + "---\n") == [
        "lettres/essai.md:2: numero : 1000000000000000000000000000000 est trop grand (maximum 9999)"]


def test_a_lettre_dated_after_the_build_day_waits_for_its_day(content, tmp_path, capsys):
    path = content / "lettres" / "lettre-04.md"
    path.write_text("---\nnumero: 4\ntitre: L'hiver solidaire\ndate: 2062-06-15\n---\nAvec [[jardin-complet]].\n", encoding="utf-8")
    output = tmp_path / "output"
    config = Config(content=content, output=output, build_day=TODAY, pdf=False, search=False, cache=tmp_path / "cache")
    report = build(config)
    print_report(report, output)
    assert f"{path} : lettre datée du 15 juin 2062, publiée à partir de ce jour (vouliez-vous écrire 2026 ? corrigez alors la date)\n" \
        in capsys.readouterr().out
    assert not (output / "lettres" / "4").exists() and report.lettres == 3
    for url in ("/", "/lettres/", "/lettres/3/", "/acteurs/jardin-complet/"):
        html = page(output, url)
        assert "L'hiver solidaire" not in html.replace("&#39;", "'") and "/lettres/4/" not in html and "2062" not in html, url
    assert "L'hiver" not in (output / "lettres" / "feed.xml").read_text(encoding="utf-8")
    build(Config(content=content, output=output, build_day=date(2062, 6, 15), pdf=False, search=False, cache=tmp_path / "cache"))
    assert 'href="/lettres/4/"' in page(output, "/") and "Cité dans la lettre N°04" in text_of(page(output, "/acteurs/jardin-complet/"))
