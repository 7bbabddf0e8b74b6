"""The search page answers as people type and tick (issue 14, points 6 and 7): no Enter needed,
the true number of results with more to load, and on a phone the results come before the
folded filters, under a one-row menu."""

import sys
import time

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.browser.conftest import new_page, serve
from tests.browser.test_search import results
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser


def until(condition, timeout: float = 10) -> None:
    """Poll from Python: the site's CSP forbids the string evaluation wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "rien n'a changé à temps"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def large_url(tmp_path_factory):
    """120 generated actors, all named « Structure solidaire numéro N »."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    root = tmp_path_factory.mktemp("large")
    generate(120, root / "content")
    build(Config(content=root / "content", output=root / "output", cache=root / "cache", build_day=TODAY, pdf=False))
    yield from serve(root / "output")


def test_results_follow_what_is_typed_and_ticked(page, sample_url):
    page.goto(f"{sample_url}/recherche/")
    page.locator("#search-status:not(:empty)").wait_for()
    page.locator("#q").press_sequentially("insertion", delay=30)  # typed, no Enter
    until(lambda: page.locator(".search-result").count() > 0)
    typed = results(page)
    assert "/acteurs/jardins-insertion-artois/" in typed
    page.get_by_text("Filtrer par type, commune").click()
    page.get_by_role("checkbox", name="Hénin-Beaumont").check()  # ticked, nothing pressed
    until(lambda: "commune=" in page.url and 0 < page.locator(".search-result").count() < len(typed))
    filtered = results(page)
    assert filtered and set(filtered) < set(typed)
    assert "q=insertion" in page.url and "commune=H%C3%A9nin-Beaumont" in page.url  # the address can be shared
    assert "(1 actif)" in page.inner_text("#filtres summary")
    assert page.console_errors == []


def test_the_true_count_and_more_to_load(browser, large_url):
    page = new_page(browser)
    page.goto(f"{large_url}/recherche/?q=structure&type=Acteur")
    page.locator("#search-status:not(:empty)").wait_for()
    assert page.inner_text("#search-status") == "120 résultats pour « structure » ; les 10 premiers sont affichés."
    assert page.locator(".search-result").count() == 10  # 10 fragments fetched before the first results show
    more = page.get_by_role("button", name="Voir plus de résultats")
    more.click()
    until(lambda: page.locator(".search-result").count() == 20)
    eleventh = page.locator(".search-result h2 a").nth(10)
    assert eleventh.evaluate("link => link === document.activeElement")  # reading goes on at the new results
    for shown in range(30, 121, 10):
        more.click()
        until(lambda: page.locator(".search-result").count() == shown)
    assert not more.is_visible() and page.inner_text("#search-status") == "120 résultats."
    assert len(set(results(page))) == 120
    page.context.close()


def test_on_a_phone_results_come_first_under_a_menu_that_shows_every_entry(browser, sample_url):
    page = new_page(browser, width=375)
    page.goto(f"{sample_url}/recherche/?q=association&commune=H%C3%A9nin-Beaumont")
    page.locator(".search-result").first.wait_for()
    assert page.locator("#filtres").get_attribute("open") is None  # the 30 checkboxes stay folded
    assert "(1 actif)" in page.inner_text("#filtres summary")
    assert page.locator(".search-result").first.bounding_box()["y"] < 900  # on the first screen
    for link in page.locator(".main-nav a").all():  # every entry shown whole, none cut at the edge (issue 23)
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, link.inner_text()
    page.context.close()
