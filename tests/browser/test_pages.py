"""The built site in real Chromium: accessible, usable on a phone, and without JavaScript."""

import pytest

from tests.browser.conftest import axe_violations, new_page

pytestmark = pytest.mark.browser

# One page of every type: home, directory, actor, each browse kind (index and page), lettres,
# key figures, search with results, map, the legal pages and the 404.
PAGES = ["/", "/acteurs/", "/acteurs/jardin-complet/", "/acteurs/piege-html/", "/communes/", "/communes/rouvroy/",
         "/secteurs/", "/secteurs/agriculture/", "/statuts/", "/statuts/association/", "/thematiques/",
         "/thematiques/alimentation-durable/", "/lettres/", "/lettres/2/", "/chiffres-cles/", "/recherche/?q=jardin",
         "/carte/", "/accessibilite/", "/mentions-legales/", "/donnees-personnelles/", "/donnees/", "/404.html"]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag_violation(browser, base_url, path, width):
    page = new_page(browser, width=width, bypass_csp=True)
    page.goto(base_url + path)
    if path.startswith("/recherche/"):
        page.wait_for_selector(".search-result")
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_under_the_production_security_policy(page, base_url, path):
    response = page.goto(base_url + path)
    assert response.ok or path == "/404.html"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    linked = page.locator("link[rel=stylesheet]").count()
    assert linked >= 1 and page.evaluate("document.styleSheets.length") == linked  # every stylesheet was allowed
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/", "/acteurs/", "/acteurs/jardin-complet/", "/communes/", "/recherche/?q=jardin", "/carte/",
                                  "/chiffres-cles/", "/lettres/2/"])
def test_nothing_overflows_a_small_phone(page, base_url, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(page, base_url):
    page.goto(base_url + "/acteurs/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 10  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_focus_is_visible_on_links(page, base_url):
    page.goto(base_url + "/acteurs/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_browsing_needs_no_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    page.get_by_role("link", name="Parcourir l'annuaire").click()
    page.get_by_role("link", name="L", exact=True).click()
    assert page.url.endswith("/acteurs/#lettre-L")
    page.get_by_role("link", name="Le Jardin Complet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Le Jardin Complet (LJC)"
    page.get_by_role("link", name="Alimentation durable").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Alimentation durable"
    context.close()


def test_hostile_content_runs_no_script(page, base_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base_url + "/acteurs/piege-html/")
    page.get_by_text("cliquez").click()
    assert dialogs == []
    assert page.get_by_role("heading", level=1).inner_text().startswith("<script>alert('nom')</script>")
