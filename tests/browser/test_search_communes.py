"""The commune filter of a territory with many communes (issue 23's budgets): a name to type,
completed from the places' list, instead of a checkbox per commune; a territory with few
communes keeps its checkboxes (test_search.py). Here: 60 actors in 60 communes of the
Pas-de-Calais, Rouvroy's the only one that speaks of a « ressourcerie »."""

import re
import shutil

import pytest

from ess_site.config import Config
from ess_site.geography import official_geography
from ess_site.pipeline import build
from tests.browser.conftest import serve
from tests.browser.test_search import results
from tests.conftest import FIXTURE_SITE, TODAY

pytestmark = pytest.mark.browser
HAND_LIST = re.compile(r"^communes:\n(?:  - .*\n)+", re.MULTILINE)


@pytest.fixture(scope="module")
def many_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("many-communes")
    content = root / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for path in [*(content / "actors").glob("*.md"), *(content / "lettres").glob("*.md")]:
        path.unlink()
    territory = content / "territoire.yaml"
    territory.write_text(HAND_LIST.sub("", territory.read_text(encoding="utf-8")) + 'perimetre: {departements: ["62"]}\n', encoding="utf-8")
    codes = ["62724"] + sorted(c.insee for c in official_geography().communes_of_departements({"62"}) if c.insee != "62724")[:59]
    for number, code in enumerate(codes):
        text = "Une ressourcerie qui donne une seconde vie aux objets." if code == "62724" else "Un atelier de réparation de vélos."
        (content / "actors" / f"acteur-{number}.md").write_text(
            f"---\nnom: Acteur {number}\nstatut: association\nsecteur: autres\ncommune: \"{code}\"\n---\n{text}\n", encoding="utf-8")
    build(Config(content=content, output=root / "output", cache=root / "cache", build_day=TODAY, pdf=False))
    yield from serve(root / "output")


@pytest.fixture
def page(page_at_both_widths):
    return page_at_both_widths  # every test here on a phone and on a desktop


def test_many_communes_are_typed_not_ticked(page, many_url):
    page.goto(f"{many_url}/recherche/")
    page.locator("#search-status:not(:empty)").wait_for()
    assert page.locator("input[type=checkbox][name=commune]").count() == 0
    assert page.evaluate("document.querySelectorAll('*').length") <= 1500
    page.locator("#filtres > summary").click()
    field = page.get_by_label("Commune", exact=True)
    field.fill("rouv")
    page.wait_for_function("document.querySelectorAll('#communes-proposees option').length > 0")
    assert page.locator("#communes-proposees option").evaluate_all("options => options.map(o => o.value)") == ["Rouvroy"]
    field.fill("rouvroy")  # as typed, in lower case
    field.press("Enter")
    page.locator("#search-status", has_text="Rouvroy").wait_for()
    assert results(page) == ["/acteurs/acteur-0/"]
    assert page.inner_text("#search-status") == "1 résultat à Rouvroy." and "commune=Rouvroy" in page.url
    assert page.console_errors == []


def test_a_commune_in_the_address_fills_the_field(page, many_url):
    page.goto(f"{many_url}/recherche/?q=vélos&commune=Rouvroy")
    assert results(page) == []
    assert page.get_by_label("Commune", exact=True).input_value() == "Rouvroy"
    assert page.inner_text("#filtres-actifs") == " (1 actif)"
