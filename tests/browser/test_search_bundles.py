"""A search in a place asks only that place's bundles (issue 23, search budget): the index is in
shards by département, and /pagefind-shards.json says which département each bundle holds. Here
a territory of two départements, the Pas-de-Calais and the Nord, 6 actors in Carvin and 6 in
Lille, in shards of at most 2 pages (so several bundles per département), and no lettres (every
bundle is a département's)."""

import json
import re
import shutil
from urllib.parse import urlsplit

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.browser.conftest import new_page, serve
from tests.browser.test_search import results
from tests.browser.test_search_communes import HAND_LIST
from tests.conftest import FIXTURE_SITE, TODAY

pytestmark = pytest.mark.browser
COMMUNES = {"62215": "carvin", "59350": "lille"}
BUNDLE = re.compile(r"^/(pagefind[^/.]*)/")


@pytest.fixture(scope="module")
def two_departements(tmp_path_factory):
    root = tmp_path_factory.mktemp("two-departements")
    content = root / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for path in [*(content / "actors").glob("*.md"), *(content / "lettres").glob("*.md")]:
        path.unlink()  # no lettres: no bundle without a place, every bundle is a département's
    territory = content / "territoire.yaml"
    territory.write_text(HAND_LIST.sub("", territory.read_text(encoding="utf-8")) + 'perimetre: {departements: ["62", "59"]}\n',
                         encoding="utf-8")
    for code, town in COMMUNES.items():
        for number in range(6):
            (content / "actors" / f"{town}-{number}.md").write_text(
                f"---\nnom: Atelier {town} {number}\nstatut: association\nsecteur: autres\ncommune: \"{code}\"\n---\n"
                "Un chantier d'insertion qui accompagne vers l'emploi.\n", encoding="utf-8")
    build(Config(content=content, output=root / "output", cache=root / "cache", build_day=TODAY, pdf=False, search_shard_pages=2))
    return root / "output"


def bundles_asked(browser, url: str, query: str) -> tuple[list[str], set[str], list[str]]:
    """On a first visit, the results of a search opened by its address with its status line, the
    bundles whose files it fetched, and the console's errors."""
    page = new_page(browser)
    asked: set[str] = set()
    page.on("request", lambda request: asked.update(BUNDLE.findall(urlsplit(request.url).path)))
    page.goto(f"{url}/recherche/?q={query}")
    found, errors = results(page) + [page.inner_text("#search-status")], page.console_errors
    page.context.close()
    return found, asked, errors


def test_a_search_in_a_place_fetches_only_that_places_bundles(browser, two_departements):
    for url in serve(two_departements):
        found, asked, errors = bundles_asked(browser, url, "emploi carvin")
        assert sorted(found[:-1]) == [f"/acteurs/carvin-{number}/" for number in range(6)] and found[-1] == "6 résultats à Carvin pour « emploi »."
        assert errors == []
        found, asked_everywhere, errors = bundles_asked(browser, url, "emploi")
        assert found[-1].startswith("12 résultats pour « emploi »") and errors == []
        assert asked and len(asked) < len(asked_everywhere)  # a place: fewer bundles than without one
    listed = json.loads((two_departements / "pagefind-shards.json").read_text(encoding="utf-8"))
    of_departement = {entry["url"].strip("/"): entry.get("departement") for entry in listed}
    assert asked_everywhere == set(of_departement)  # without a place: every bundle
    assert {"62", "59"} <= set(of_departement.values()) and all(of_departement[bundle] == "62" for bundle in asked), asked  # none of the Nord's


def test_the_empty_search_page_loads_the_filters_counts_only_once_they_are_shown(browser, two_departements):
    """Before any search, the counts beside the filters are the whole index's: every bundle's filter
    chunks, fetched only when the reader unfolds the filters."""
    for url in serve(two_departements):
        page = new_page(browser)
        filters_fetched = []
        page.on("request", lambda request: filters_fetched.append(request.url) if "/filter/" in request.url else None)
        page.goto(f"{url}/recherche/")
        page.locator("#search-status:text('Tapez un mot ou choisissez un filtre.')").wait_for()
        page.wait_for_timeout(500)
        assert filters_fetched == []
        page.get_by_text("Filtrer par type, commune").click()
        association = page.locator(".facet-count[data-facet='statut'][data-value='Association']")
        association.filter(has_text="(12)").wait_for()
        assert filters_fetched and page.console_errors == []
        page.context.close()
