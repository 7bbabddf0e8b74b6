"""The editors' preview in a real browser: the open page reloads itself after a save."""

import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import ROOT
from tests.test_commands import fetch, free_port, preview, wait_for  # noqa: F401  (preview: the running `serve` fixture)

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


def server_log(process) -> list[str]:
    """The preview's terminal lines, gathered as they come."""
    lines: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
    threading.Thread(target=read, daemon=True).start()
    return lines


def wait_for_line(lines: list[str], start: str, count: int = 1) -> None:
    deadline = time.monotonic() + 60
    while sum(line.startswith(start) for line in lines) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sum(line.startswith(start) for line in lines) >= count, lines


def add_sentence(content, slug: str, sentence: str) -> None:
    """An edit only the actor's own page shows (the preview's quick path, then the rest of the site)."""
    path = content / "actors" / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def test_the_open_page_learns_of_an_edit_by_a_push_not_by_polling(browser, preview, content):  # noqa: F811
    url, _ = preview
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append((request.url, request.resource_type)))
    page.goto(url + "/acteurs/jardin-complet/")
    add_sentence(content, "jardin-complet", "Une phrase poussée jusqu'à la page ouverte.")
    page.wait_for_function("document.querySelector('main').textContent.includes('poussée jusqu')", timeout=20000)
    assert not [address for address, _ in requests if "/__apercu/etat" in address], requests
    assert ("eventsource" in {kind for address, kind in requests if "/__apercu/evenements" in address}), requests
    page.close()


def test_the_open_page_reloads_once_per_change_it_shows(browser, preview, content):  # noqa: F811
    """Each edit makes two versions of the site (the page at once, the rest in the background):
    the open page reloads once when it changes, and not at all for another actor's edit."""
    url, process = preview
    lines = server_log(process)
    page = browser.new_page()
    page.goto(url + "/acteurs/jardin-complet/")
    loads = []
    page.on("load", lambda: loads.append(page.url))
    add_sentence(content, "1001-services", "Une phrase qu'une autre fiche ne montre pas.")
    wait_for_line(lines, "Reste du site à jour")
    page.wait_for_timeout(1500)  # a page that polled would have reloaded by now
    assert loads == []
    add_sentence(content, "jardin-complet", "Une phrase que la page ouverte montre.")
    page.wait_for_function("document.querySelector('main').textContent.includes('la page ouverte montre')", timeout=20000)
    wait_for_line(lines, "Reste du site à jour", 2)
    page.wait_for_timeout(1500)
    assert loads == [url + "/acteurs/jardin-complet/"]
    page.close()


def test_the_open_page_shows_what_changed_while_the_preview_was_stopped(browser, content, tmp_path):
    """An editor stops the preview, edits, starts it again: the page left open reconnects and shows the edit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def start() -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--output",
                                    str(tmp_path / "output"), "--port", str(port), "--sans-pdf", "--sans-recherche"],
                                   cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: fetch(url + "/"))
        return process

    process = start()
    page = browser.new_page()
    try:
        page.goto(url + "/acteurs/jardin-complet/")
        process.terminate()
        process.wait(timeout=10)
        add_sentence(content, "jardin-complet", "Une phrase écrite pendant que l'aperçu était arrêté.")
        process = start()
        page.wait_for_function("document.querySelector('main').textContent.includes('aperçu était arrêté')", timeout=20000)
    finally:
        page.close()
        process.terminate()
        process.wait(timeout=10)
