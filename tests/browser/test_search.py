"""Search as a citizen uses it, on the real sample content: words, filters, links, keyboard."""

import re

import pytest
from playwright.sync_api import expect

from ess_site.config import BuildHooks, Config
from ess_site.pipeline import build, check
from tests.browser.conftest import new_page, serve
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser


# What the status line says once a search answered. After filters are applied on the page, the
# invitation to type (shown at load) is not yet the answer; on a page just opened, any line is.
ANSWERED = re.compile("résultat|pas disponible")
ANY_LINE = re.compile(".")


def results(page, answered: re.Pattern = ANSWERED) -> list[str]:
    """The result links' paths, once the search has answered."""
    expect(page.locator("#search-status")).to_have_text(answered)
    return [href for href in page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")]


def search(page, url: str, query: str = "", **filters) -> list[str]:
    params = "&".join([f"q={query}"] + [f"{key}={value}" for key, value in filters.items()])
    page.goto(f"{url}/recherche/?{params}")
    return results(page, ANY_LINE)


def test_garage_finds_the_afeji_garage_solidaire(page, sample_url):
    found = search(page, sample_url, "garage")
    assert found[0] == "/acteurs/afeji-garage-solidaire/"
    first = page.locator(".search-result").first
    assert "Courrières" in first.locator(".search-meta").inner_text() and "Association" in first.locator(".search-meta").inner_text()
    assert first.locator(".search-excerpt mark").count() >= 1


def test_filtering_by_commune_lists_exactly_its_actors(page, sample_url):
    site = check(Config(content=ROOT / "content"))
    henin = next(g for g in site.groups["communes"] if g.title == "Hénin-Beaumont")
    page.goto(f"{sample_url}/recherche/")
    page.get_by_text("Filtrer par type, commune").click()  # the filters are folded under the search box
    page.get_by_role("checkbox", name="Hénin-Beaumont").check()
    page.get_by_role("checkbox", name="Acteur").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    assert sorted(results(page)) == sorted(actor.url for actor in henin.cards)
    assert "commune=H%C3%A9nin-Beaumont" in page.url  # the search lives in the URL
    assert page.locator("#filtres").get_attribute("open") is not None  # chosen filters stay in view


def test_a_facet_without_query_browses(page, sample_url):
    assert search(page, sample_url, statut="Mutuelle") == ["/acteurs/identites-mutuelle/"]
    assert page.locator(".facet-count[data-facet='statut'][data-value='Association']").inner_text() == "(12)"


def test_the_counts_of_a_query_are_those_of_its_results_once_the_filters_are_shown(page, sample_url):
    """Pagefind counts only the filters it has loaded: with no filter chosen, every count read
    « (0) » beside 7 results, and a chosen type left the communes at « (0) »."""
    found = search(page, sample_url, "insertion")
    actors = [url for url in found if url.startswith("/acteurs/")]
    assert actors and len(found) > len(actors)  # actors and lettres
    page.get_by_text("Filtrer par type, commune").click()
    acteur = page.locator(".facet-count[data-facet='type'][data-value='Acteur']")
    expect(acteur).to_have_text(f"({len(actors)})")
    expect(page.locator(".facet-count[data-facet='type'][data-value='Lettre']")).to_have_text(f"({len(found) - len(actors)})")
    communes = page.locator(".facet-count[data-facet='commune']").evaluate_all("badges => badges.map(b => b.textContent)")
    assert sum(int(count.strip("()")) for count in communes) == len(actors)
    search(page, sample_url, "insertion", type="Acteur")  # the filters stay open once chosen
    expect(acteur).to_have_text(f"({len(actors)})")
    communes = page.locator(".facet-count[data-facet='commune']").evaluate_all("badges => badges.map(b => b.textContent)")
    assert sum(int(count.strip("()")) for count in communes) == len(actors)


def test_unaccented_words_and_abbreviations(page, sample_url):
    assert "/acteurs/rencontres-et-loisirs/" in search(page, sample_url, "epicerie")
    assert "/acteurs/rencontres-et-loisirs/" in search(page, sample_url, "épicerie sociale")
    assert "/acteurs/ptce-emergence-henin-carvin/" in search(page, sample_url, "scop")  # its page mentions a société coopérative
    assert "/acteurs/apei-henin-carvin/" in search(page, sample_url, "esat")
    search(page, sample_url, "asso")
    assert int(page.inner_text("#search-status").split(" ")[0]) >= 12  # the count: 10 are shown at first
    assert "/acteurs/jardins-insertion-artois/" in search(page, sample_url, "iae")


def test_lettres_are_found_and_typed(page, sample_url):
    found = search(page, sample_url, "", type="Lettre")
    assert sorted(found) == ["/lettres/1/", "/lettres/2/"]


def test_back_button_returns_to_the_previous_search(page, sample_url):
    search(page, sample_url, "garage")
    search(page, sample_url, "epicerie")
    page.go_back()
    assert results(page)[0] == "/acteurs/afeji-garage-solidaire/"
    assert page.locator("#q").input_value() == "garage"


@pytest.mark.parametrize("query", ['"garage"', "<script>alert(1)</script>", "x" * 500, "%20%20%20", "'; DROP TABLE--"])
def test_hostile_or_odd_queries_never_break(page, sample_url, query):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog), dialog.dismiss()))
    search(page, sample_url, query)
    status = page.locator("#search-status").inner_text()
    assert "résultat" in status or "Tapez un mot" in status
    assert dialogs == [] and page.locator("#search-results script").count() == 0
    assert page.console_errors == []


def test_keyboard_only_search_from_the_header(page, sample_url):
    page.goto(f"{sample_url}/acteurs/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "recherche-entete"
    page.keyboard.type("garage")
    page.keyboard.press("Enter")
    assert results(page)[0] == "/acteurs/afeji-garage-solidaire/"
    page.locator(".search-result h2 a").first.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    page.keyboard.press("Enter")
    page.wait_for_url("**/acteurs/afeji-garage-solidaire/")


def test_without_javascript_the_page_says_so_and_offers_browsing(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_url}/recherche/?q=garage")
    notice = page.inner_text("main")
    assert "La recherche a besoin de JavaScript" in notice
    page.get_by_role("link", name="par communes").click()
    assert page.url.endswith("/communes/")
    context.close()


def test_missing_index_gets_a_french_message(browser, tmp_path):
    build(Config(content=ROOT / "tests" / "fixtures" / "site", output=tmp_path / "output", build_day=TODAY, pdf=False, search=False))
    for url in serve(tmp_path / "output"):
        page = new_page(browser)
        page.goto(f"{url}/recherche/?q=jardin")
        page.locator("#search-status:not(:empty)").wait_for()
        assert "La recherche n'est pas disponible" in page.inner_text("#search-status")
        page.context.close()
        break


def test_an_incremental_build_refreshes_the_index_after_the_pages(page, tmp_path):
    """The preview's order: pages first (the index is then stale), the index after; a search
    then finds a word an editor has just written."""
    import shutil
    import threading

    from ess_site.output.search_index import refresh_index

    shutil.copytree(ROOT / "content", tmp_path / "content")
    cfg = Config(content=tmp_path / "content", output=tmp_path / "output", cache=tmp_path / "cache", build_day=TODAY,
                 pdf=False)
    hooks = BuildHooks(index_later=True)  # as the preview builds
    assert build(cfg, hooks).index_stale and refresh_index(cfg, threading.Lock())
    actor = tmp_path / "content" / "actors" / "adds.md"
    actor.write_text(actor.read_text(encoding="utf-8") + "\nL'association anime aussi un atelier de zythologie.\n", encoding="utf-8")
    report = build(cfg, hooks)
    assert (report.full, report.rendered, report.index_stale) == (False, 2, True)  # the page, and /donnees/ (its files' sizes)
    assert "zythologie" in (tmp_path / "output" / "acteurs" / "adds" / "index.html").read_text(encoding="utf-8")
    for url in serve(tmp_path / "output"):
        assert search(page, url, "zythologie") == []  # the pages are new, the index not yet
        assert refresh_index(cfg, threading.Lock())
        assert search(page, url, "zythologie") == ["/acteurs/adds/"]
        assert not refresh_index(cfg, threading.Lock())  # up to date: nothing to do
        break
