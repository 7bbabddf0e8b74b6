"""The editors' form (/admin/, Decap CMS) in real Chromium, on Decap's in-memory test backend."""

import tomllib

import pytest
import yaml

from ess_site.content.schema import ACTOR_FIELDS
from tests.browser.conftest import new_page
from tests.conftest import ROOT

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
    page.locator("label", has_text="nom").first.wait_for()
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


def test_actor_form_shows_every_contract_field(admin):
    labels = [text.strip().lower() for text in admin.locator("label").all_inner_texts()]
    shown = [label.removesuffix(" (optionnel)") for label in labels]
    assert [key for key in ACTOR_FIELDS if key not in shown] == []
    assert [label for label in labels if label.endswith("(optionnel)")] == [
        f"{key} (optionnel)" for key, spec in ACTOR_FIELDS.items() if not spec.required] + ["présentation (optionnel)"]
    assert admin.console_errors == []  # Decap ran under the /admin/* policy of netlify.toml


def test_statut_and_commune_selects_offer_the_contract_choices(admin):
    assert select_options(admin, "statut") == ["Association", "Coopérative", "Mutuelle", "Fondation", "Société commerciale de l'ESS"]
    assert select_options(admin, "commune") == ["Hénin-Beaumont", "Rouvroy", "Drocourt"]
