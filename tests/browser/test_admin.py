"""The editors' form (/admin/, Decap CMS) in real Chromium: its fields on Decap's in-memory test
backend, and its login and invitations through Netlify Identity on a production-like origin."""

import base64
import json
import tomllib
from urllib.parse import urlparse

import pytest
import yaml

from ess_site.content.actors import siret_checksum_ok
from ess_site.content.rules import SIRET_KEY_HINT
from ess_site.content.schema import ACTOR_FIELDS
from tests.browser.conftest import new_page
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser


def admin_policy() -> str:
    """The Content-Security-Policy netlify.toml gives /admin/*."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    return next(h["values"]["Content-Security-Policy"] for h in config["headers"] if h["for"] == "/admin/*")


@pytest.fixture
def admin(browser, base_url, built_site):
    """/admin/ with the built config.yml, its backend swapped for Decap's `test-repo` (an empty
    in-memory repository: no login, no network). The test server sends the global policy of
    netlify.toml on every page; production serves /admin/ with its own policy instead, so the
    page is given that one here."""
    config = yaml.safe_load((built_site / "admin" / "config.yml").read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}
    page = new_page(browser)
    page.context.route(f"{base_url}/admin/config.yml", lambda route: route.fulfill(
        body=yaml.safe_dump(config, allow_unicode=True), content_type="text/yaml; charset=utf-8"))

    def with_admin_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": admin_policy()})

    page.context.route(f"{base_url}/admin/", with_admin_policy)
    page.goto(base_url + "/admin/")
    page.get_by_role("button", name="Se connecter").click()  # test-repo: any click logs in
    page.goto(base_url + "/admin/#/collections/acteurs/new")
    page.locator("label", has_text="Nom").first.wait_for()
    yield page
    page.context.close()


def select_options(page, name: str) -> list[str]:
    """Open the select of one field and read the options it offers."""
    page.locator(f"[id^='{name}-field-']").first.click()
    menu = page.locator("[class*='-menu'] [class*='-option']")
    menu.first.wait_for()
    options = menu.all_inner_texts()
    page.keyboard.press("Escape")
    return options


def test_actor_form_shows_every_contract_field_with_its_french_label_and_hint(admin):
    labels = [text.strip() for text in admin.locator("label").all_text_contents()]
    assert labels == [spec.label + ("" if spec.required else " (optionnel)") for spec in ACTOR_FIELDS.values()] + [
        "Présentation (optionnel)"]
    assert "Code postal (optionnel)" in labels and not [label for label in labels if "_" in label]
    assert admin.get_by_text("5 chiffres, l'un des codes postaux de la commune choisie ci-dessus : Drocourt 62320 ; Hénin-Beaumont 62110").is_visible()
    assert admin.console_errors == []  # Decap ran under the /admin/* policy of netlify.toml


def test_statut_and_commune_selects_offer_the_contract_choices(admin):
    assert select_options(admin, "statut") == ["Association", "Coopérative", "Mutuelle", "Fondation", "Société commerciale de l'ESS"]
    assert select_options(admin, "commune") == ["Drocourt", "Hénin-Beaumont", "Rouvroy"]  # French order


def test_a_wrong_siret_key_or_a_future_founding_year_is_refused_by_the_form(admin):
    """What the build refuses, the form refuses before the pull request: the SIRET's key (a widget of
    ours) and a founding year after this year."""
    admin.locator("[id^='siret-field-']").fill("732 829 320 00075")  # 14 digits, key wrong
    admin.locator("[id^='creation-field-']").fill(str(TODAY.year + 5))
    admin.get_by_role("button", name="Enregistrer").first.click()
    key_error = admin.get_by_text(SIRET_KEY_HINT, exact=True)
    key_error.wait_for()
    assert admin.get_by_text(f"Le champ Année de création doit être compris entre 1800 et {TODAY.year}.").is_visible()
    # The widget ran under the /admin/* policy. (Decap itself rejects the refused save with an
    # unhandled « undefined », with its own string widget as well.)
    assert [error for error in admin.console_errors if error != "undefined"] == []

    admin.locator("[id^='siret-field-']").fill("732 829 320 00074")  # the same with its right key
    admin.locator("[id^='creation-field-']").fill("2010")
    admin.get_by_role("button", name="Enregistrer").first.click()
    admin.get_by_text("Le champ Nom est requis.").wait_for()  # checked again: only the empty required fields remain
    assert key_error.count() == 0 and admin.get_by_text("Le champ Année de création").count() == 0
    assert admin.locator("[id^='siret-field-']").input_value() == "732 829 320 00074"  # replaced, not appended


def test_the_forms_siret_key_is_the_builds(page, base_url):
    """assets/admin-widgets.js and content/actors.py agree on every key, La Poste's exception included."""
    page.goto(base_url + "/404.html")
    page.evaluate("""() => { window.createClass = spec => spec; window.h = () => null;
        window.CMS = {getWidget: () => ({control: null, preview: null}), registerWidget: (name, control) => { window.siret = control; }}; }""")
    page.add_script_tag(url=base_url + "/assets/admin-widgets.js")
    sirets = ["73282932000074", "73282932000075", "35600000000010", "35600000000011", "35600000049837", "00000000000000",
              *(f"4{n:013d}" for n in range(0, 400_000_000_000, 7_919_000_000))]
    in_form = page.evaluate("""sirets => sirets.map(value => window.siret.isValid.call(
        {props: {value, field: new Map([["key_hint", "clé fausse"]])}}) === true)""", sirets)
    assert in_form == [siret_checksum_ok(s) for s in sirets]
    assert True in in_form and False in in_form and in_form[2] is True


# Netlify Identity on a production-like origin: on 127.0.0.1 its widget asks for a Netlify site's
# address instead of talking to the site it is on.
SITE = "https://ess.example"


def unsigned_jwt(**claims) -> str:
    """An access token the widget can read (it only decodes the claims; Netlify checks the signature)."""
    def part(data) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.signature"


@pytest.fixture
def site(browser, base_url):
    """A page that gets the built fixture site at SITE with the test server's headers (netlify.toml's,
    and the /admin/* policy on /admin/), and a Netlify Identity API that accepts any invitation.
    page.identity_calls lists the API calls; CSP violations are console errors."""
    page = new_page(browser)
    page.set_default_timeout(10_000)

    def from_test_server(route):
        path = route.request.url.removeprefix(SITE)
        response = route.fetch(url=base_url + path)
        policy = {"content-security-policy": admin_policy()} if path.startswith("/admin/") else {}
        route.fulfill(response=response, headers={**response.headers, **policy})

    page.context.route(f"{SITE}/**", from_test_server)
    page.identity_calls = []
    answers = {
        "/settings": {"external": {"github": False, "gitlab": False, "bitbucket": False, "google": False},
                      "disable_signup": True, "autoconfirm": False},
        "/verify": {"access_token": unsigned_jwt(sub="1", exp=4_000_000_000), "token_type": "bearer",
                    "expires_in": 3600, "refresh_token": "r"},
        "/user": {"id": "1", "email": "redaction@example.fr", "aud": "", "role": "", "app_metadata": {"provider": "email"},
                  "user_metadata": {}, "confirmed_at": "2025-01-01T00:00:00Z"},
    }

    def identity(route):
        path = urlparse(route.request.url).path.removeprefix("/.netlify/identity")
        page.identity_calls.append((route.request.method, path, route.request.post_data))
        if path in answers:
            route.fulfill(json=answers[path])
        else:
            route.fulfill(status=404, json={})

    page.context.route(f"{SITE}/.netlify/identity/**", identity)
    # Every CSP violation, in the page or the widget's frame, as a console error naming its directive.
    page.add_init_script("addEventListener('securitypolicyviolation', e => console.error("
                         "`CSP: ${e.violatedDirective} blocked ${e.blockedURI} ${e.sample}`), true)")
    yield page
    page.context.close()


def test_login_screen_is_french_through_netlify_identity(site):
    """The real backend (git-gateway): Decap's login button opens Netlify Identity's form, in French,
    rather than Decap's own fallback form with its English « Email » and « Password »."""
    site.goto(SITE + "/admin/")
    site.get_by_role("button", name="Se connecter avec Netlify Identity").wait_for()
    # The site's mark above the button (logo_url), where Decap shows its own logo otherwise.
    logo = site.get_by_role("img", name="Logo")
    assert logo.get_attribute("src") == "/assets/favicon.svg" and logo.evaluate("img => img.naturalWidth") > 0
    assert logo.bounding_box()["width"] >= 90  # drawn at a visible size (assets/admin.css), not the favicon's 32 px
    site.get_by_role("button", name="Se connecter avec Netlify Identity").click()
    widget = site.frame_locator("#netlify-identity-widget")
    widget.get_by_label("Saisissez votre mot de passe").wait_for()
    assert widget.get_by_label("Entrez votre adresse e-mail").is_visible()
    assert widget.get_by_role("button", name="Mot de passe oublié ?").is_visible()
    assert site.get_by_placeholder("Email").count() == 0 and site.get_by_placeholder("Password").count() == 0
    assert site.console_errors == []


def test_invitation_link_opens_a_french_form_on_the_home_page_then_the_editors_form(site):
    """Netlify's invitation e-mail links to the site's root with #invite_token=…: the home page, under
    the site's own headers, shows the widget's dialog over the page, and once the password is chosen
    the new editor lands on /admin/ (served here as a stub: the login itself is Decap's business)."""
    widget_requests = []
    site.on("request", lambda request: "netlify-identity-widget" in request.url and widget_requests.append(request.url))
    site.goto(SITE + "/")
    site.get_by_role("heading", level=1).wait_for()
    assert widget_requests == []  # a reader's visit does not load it

    site.route(SITE + "/admin/", lambda route: route.fulfill(body="<title>admin</title>", content_type="text/html"))
    site.goto("about:blank")
    site.goto(SITE + "/#invite_token=abc")
    widget = site.frame_locator("#netlify-identity-widget")
    widget.get_by_text("Compléter l'inscription").wait_for()
    frame = site.locator("#netlify-identity-widget")
    assert frame.evaluate("e => [getComputedStyle(e).position, e.offsetWidth, e.offsetHeight]") == [
        "fixed", 1280, 900]  # over the whole page, not a box at its foot
    assert site.console_errors == []  # nothing blocked by the site's Content-Security-Policy

    widget.get_by_label("Saisissez votre mot de passe").fill("un mot de passe solide")
    widget.get_by_role("button", name="Inscription", exact=True).click()
    site.wait_for_url(SITE + "/admin/")
    verify = next(call for call in site.identity_calls if call[:2] == ("POST", "/verify"))
    assert json.loads(verify[2]) == {"token": "abc", "password": "un mot de passe solide", "type": "signup"}


def test_the_form_offers_data_inclusion_s_vocabularies_in_french(admin):
    """Issue 25: the publics, modes d'accueil and frais are picked by their French labels."""
    for label in ("Horaires d'ouverture", "Publics accueillis", "Thématiques d'inclusion", "Accessibilité du lieu (Acceslibre)",
                  "Accueille des bénévoles", "Fiche vérifiée le"):
        assert admin.locator("label", has_text=label).first.is_visible(), label
    assert "Demandeurs d’emploi" in select_options(admin, "publics")
    assert select_options(admin, "frais") == ["Gratuit", "Payant"]
