"""Search that understands places (issue 23, point 3): a commune named in the query keeps its
actors, and says so; nothing found under a filter offers wider searches with their counts;
excerpts without labels; one search box. On the sample content plus two employment actors in
Carvin, while two actors elsewhere carry « Hénin-Carvin » in their name."""

import shutil

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.browser.conftest import serve
from tests.browser.test_search import results
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser

IN_CARVIN = {
    "atelier-bois-carvin": "Un chantier d'insertion qui accompagne vers l'emploi des habitants éloignés de l'emploi.",
    "carvin-services": "Une entreprise adaptée : des emplois durables pour des salariés en situation de handicap.",
}


@pytest.fixture(scope="module")
def carvin_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("places")
    shutil.copytree(ROOT / "content", root / "content")
    for slug, text in IN_CARVIN.items():
        name = slug.replace("-", " ").capitalize()
        (root / "content" / "actors" / f"{slug}.md").write_text(
            f"---\nnom: {name}\nstatut: association\nsecteur: autres\ncommune: Carvin\n---\n{text}\n", encoding="utf-8")
    build(Config(content=root / "content", output=root / "output", cache=root / "cache", build_day=TODAY, pdf=False))
    yield from serve(root / "output")


@pytest.fixture
def page(page_at_both_widths):
    return page_at_both_widths  # every test here on a phone and on a desktop


def test_a_place_named_in_the_query_keeps_its_actors(page, carvin_url):
    page.goto(f"{carvin_url}/recherche/?q=emploi carvin")
    found = results(page)
    assert set(found) == {f"/acteurs/{slug}/" for slug in IN_CARVIN}  # not PTCE Émergence Hénin-Carvin (Montigny)
    assert page.inner_text("#search-status") == "2 résultats à Carvin pour « emploi »."
    page.get_by_role("link", name="Chercher « emploi carvin » dans tous les textes").click()
    words = results(page)
    assert "/acteurs/ptce-emergence-henin-carvin/" in words and "mots=1" in page.url
    assert page.inner_text("#search-status").endswith("pour « emploi carvin ».") and page.inner_text("#search-place") == ""
    assert page.console_errors == []


def test_nothing_under_a_filter_offers_wider_searches_with_counts(page, carvin_url):
    page.goto(f"{carvin_url}/recherche/?q=emploi&commune=Carvin&statut=Mutuelle")
    assert results(page) == []
    assert page.inner_text("#search-status") == "Aucun résultat à Carvin pour « emploi »."
    offers = page.locator("#search-wider li").all_inner_texts()
    assert offers[0] == "dans tout le territoire (1 résultat)"  # emploi among the mutuelles, anywhere
    everywhere = int(offers[1].removeprefix("sans filtre (").split(" ")[0])
    page.get_by_role("link", name="sans filtre").click()
    assert results(page) and "commune=" not in page.url
    assert page.inner_text("#search-status").startswith(f"{everywhere} résultats pour « emploi »") and everywhere > 2
    assert page.console_errors == []


def test_excerpts_say_what_the_actor_does_without_labels(page, carvin_url):
    page.goto(f"{carvin_url}/recherche/?commune=Hénin-Beaumont")
    assert len(results(page)) >= 5
    for excerpt in page.locator(".search-excerpt").all_inner_texts():
        assert "Présentation" not in excerpt and " · " not in excerpt and "En bref" not in excerpt, excerpt


def test_one_search_box_on_the_search_page(page, carvin_url):
    page.goto(f"{carvin_url}/recherche/?q=garage")
    results(page)
    assert page.get_by_role("searchbox").count() == 1
    assert page.get_by_role("search").count() == 1
