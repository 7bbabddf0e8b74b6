"""The editors' preview in a real browser: the open page reloads itself after a save."""

import pytest

from tests.test_commands import preview  # noqa: F401  (the running `serve` fixture)

pytestmark = pytest.mark.browser


def test_open_page_reloads_after_a_save_and_shows_mistakes(browser, preview, content):  # noqa: F811
    url, _ = preview
    page = browser.new_page()
    page.goto(url + "/acteurs/jardin-complet/")
    assert page.locator("h1").inner_text().startswith("Le Jardin Complet")
    path = content / "actors" / "jardin-complet.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("nom: Le Jardin Complet", "nom: Le Jardin Rebaptisé"), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1').textContent.startsWith('Le Jardin Rebaptisé')", timeout=20000)
    path.write_text(original.replace("commune: Hénin-Beaumont", "commune: Lille"), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1').textContent.includes('problème')", timeout=20000)
    assert "jardin-complet.md:6: commune « Lille » inconnue sur ce territoire" in page.inner_text("main")
    path.write_text(original, encoding="utf-8")
    page.wait_for_function("document.querySelector('h1').textContent.startsWith('Le Jardin Complet')", timeout=20000)
    page.close()
