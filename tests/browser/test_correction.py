"""The correction form of an actor page, on a phone, under the production Content-Security-Policy:
it is accessible and its submission is posted to the host's form handler (intercepted here: no network)."""

from urllib.parse import parse_qs

import pytest

from ess_site import urls
from tests.browser.conftest import axe_violations, new_page

pytestmark = pytest.mark.browser

ACTOR = "/acteurs/jardin-complet/"


@pytest.fixture
def phone(browser):
    page = new_page(browser, width=375)  # production headers (netlify.toml) sent by the test server
    yield page
    page.context.close()


def test_a_reader_on_a_phone_sends_a_correction_to_the_host(phone, base_url, built_site):
    posts = []

    def host(route):
        """Netlify's form handler: it records the post, then serves the action page."""
        posts.append((route.request.method, route.request.post_data))
        route.fulfill(body=(built_site / "correction" / "merci" / "index.html").read_bytes(), content_type="text/html; charset=utf-8")

    phone.route(f"**{urls.CORRECTION_SENT}", host)
    phone.goto(base_url + ACTOR)
    phone.get_by_role("heading", name="Corriger cette fiche").scroll_into_view_if_needed()
    phone.get_by_label("Ce qu'il faut corriger, compléter ou retirer").fill("Le numéro de téléphone a changé : 03 21 11 22 33.")
    phone.get_by_label("Votre adresse électronique").fill("accueil@jardin.example.fr")
    phone.get_by_role("button", name="Envoyer la demande").click()
    phone.get_by_role("heading", name="Demande envoyée").wait_for()

    assert [method for method, _ in posts] == ["POST"]
    sent = parse_qs(posts[0][1], keep_blank_values=True)
    assert sent == {"form-name": ["correction-fiche"], "fiche": ["https://ess.essai.example.fr" + ACTOR],
                    "acteur": ["Le Jardin Complet"], urls.CORRECTION_HONEYPOT: [""],
                    "message": ["Le numéro de téléphone a changé : 03 21 11 22 33."], "email": ["accueil@jardin.example.fr"]}
    assert phone.console_errors == []  # nothing refused by the site's policy (form-action 'self')


def test_an_empty_message_is_not_sent(phone, base_url):
    posts = []
    phone.route(f"**{urls.CORRECTION_SENT}", lambda route: posts.append(route.request) or route.abort())
    phone.goto(base_url + ACTOR)
    phone.get_by_role("button", name="Envoyer la demande").click()
    assert phone.get_by_label("Ce qu'il faut corriger, compléter ou retirer").evaluate("e => e.validity.valueMissing")
    assert posts == [] and phone.url == base_url + ACTOR


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", [ACTOR, urls.CORRECTION_SENT])
def test_form_and_success_page_pass_axe(browser, base_url, path, width):
    page = new_page(browser, width=width, bypass_csp=True)
    page.goto(base_url + path)
    assert axe_violations(page) == []
    page.context.close()
