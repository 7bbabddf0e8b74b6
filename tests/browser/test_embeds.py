"""Embeds in real Chromium, under netlify.toml's headers path by path: a partner's page on another
origin (another local port) frames an embed, while the site's other pages refuse to be framed;
/integrer/ builds the snippet, previews it and copies it; both pass axe."""

import functools
import http.server
import re
import threading

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import QuietServer, axe_violations, headers_for, new_page

pytestmark = pytest.mark.browser

EMBED = "/encart/communes/rouvroy/"


@pytest.fixture(scope="module")
def partner(base_url, tmp_path_factory):
    """A partner's website on another port (another origin), with no policy of its own: its page
    frames the given path of the site. Yields a function path -> URL of that partner page."""
    root = tmp_path_factory.mktemp("partner")
    server = QuietServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def host(path: str) -> str:
        name = path.strip("/").replace("/", "-") or "accueil"
        (root / f"{name}.html").write_text(
            f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mairie</title></head><body>'
            f'<main><h1>Les associations de la commune</h1><iframe id="cadre" src="{base_url}{path}" title="Acteurs de l\'ESS" '
            f'width="100%" height="600" style="border: 0;"></iframe></main></body></html>', encoding="utf-8")
        return f"http://127.0.0.1:{server.server_port}/{name}.html"

    yield host
    server.shutdown()
    server.server_close()


def test_only_embeds_may_be_framed_in_netlify_toml():
    assert "frame-ancestors *" in headers_for(EMBED)["Content-Security-Policy"]
    assert headers_for(EMBED)["X-Frame-Options"] != "DENY"
    for path in ("/", "/communes/rouvroy/", "/integrer/", "/acteurs/jardin-complet/"):
        assert "frame-ancestors 'none'" in headers_for(path)["Content-Security-Policy"]
        assert headers_for(path)["X-Frame-Options"] == "DENY"


def test_an_embed_shows_in_a_partners_page_and_opens_actors_in_a_new_tab(page, partner, base_url):
    page.goto(partner(EMBED))
    frame = page.frame_locator("#cadre")
    assert frame.locator("h1").inner_text() == "Rouvroy"
    assert frame.locator(".encart-list > li").count() == 2
    link = frame.locator(".encart-list h2 a").first
    with page.context.expect_page() as opened:
        link.click()
    actor = opened.value
    actor.wait_for_load_state()
    assert actor.url.startswith(base_url + "/acteurs/") and page.url == partner(EMBED)  # the partner's page stays
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/communes/rouvroy/", "/integrer/", "/"])
def test_other_pages_refuse_to_be_framed_by_a_partner(page, partner, path):
    page.goto(partner(path))
    page.wait_for_timeout(500)  # the frame's refusal has no event of its own
    frame = next(f for f in page.frames if f != page.main_frame)
    assert frame.url.startswith("chrome-error://")
    assert any("frame-ancestors 'none'" in message for message in page.console_errors)


def test_integrer_builds_previews_and_copies_the_snippet(browser, base_url):
    page = new_page(browser, permissions=["clipboard-read", "clipboard-write"])
    page.goto(base_url + "/integrer/")
    page.select_option("#encart-liste", label="Rouvroy (2 acteurs)")
    page.select_option("#encart-hauteur", "800")
    code = ('<iframe src="https://ess.essai.example.fr/encart/communes/rouvroy/" '
            'title="Acteurs de l\'économie sociale et solidaire\u00a0: Rouvroy" width="100%" height="800" '
            'style="border: 0;" loading="lazy"></iframe>')
    expect(page.locator("#encart-code")).to_have_value(code)  # waited for: the page writes it on each change
    expect(page.frame_locator("#encart-apercu").locator("h1")).to_have_text("Rouvroy")
    expect(page.locator("#encart-apercu")).to_have_attribute("height", "800")
    page.click("text=Copier le code")
    expect(page.locator("#encart-statut")).to_have_text(re.compile("^Code copié"))  # the clipboard answers later
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert page.console_errors == []  # script, styles and preview allowed by the production policy
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["/integrer/", EMBED])
def test_axe_passes_on_integrer_and_an_embed(browser, base_url, path, width):
    page = new_page(browser, width=width, bypass_csp=True)
    page.goto(base_url + path)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


def test_a_list_chosen_from_its_own_page_is_ready_to_copy(browser, base_url):
    page = new_page(browser)
    page.goto(base_url + "/communes/rouvroy/")
    page.click("text=Intégrer cette liste à votre site")
    page.wait_for_url(lambda url: "/integrer/?liste=" in url)
    code = page.input_value("#encart-code")
    assert 'src="https://ess.essai.example.fr/encart/communes/rouvroy/"' in code
    assert 'title="Acteurs de l\'économie sociale et solidaire\u00a0: Rouvroy"' in code
    assert page.frame_locator("#encart-apercu").locator("h1").inner_text() == "Rouvroy"
    assert page.console_errors == []
    page.context.close()
