"""A search index in many shards answers as one in few does: the same results in the same order
(the first 10 compared one by one), the same result count, the same counts beside each filter,
the same first result where one stands out. The sample content is built twice: with one bundle
per place (the lettres, the Pas-de-Calais), and with shards of at most 3 pages (15 indexed pages:
6 or more shards), where Pagefind's own scores, taken from each shard's word statistics, swapped
near ties. A query of several words finds the pages holding every word, even where a bundle
holds none of its pages with one of the words (Pagefind drops such a word in that bundle, and
answered there every page with the other words).""" 

import json

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.browser.conftest import serve
from tests.browser.test_search import results
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser

QUERIES = [("garage", {}), ("insertion", {}), ("association", {}), ("", {"commune": "Hénin-Beaumont"}),
           ("emploi", {"statut": "Association"}), ("mutuelle", {}), ("zzzz", {}),
           ("photovoltaïques solidaire", {}), ("solidaire chaufferie", {}), ("garage zzzz", {})]
# The pages holding every word of a query whose rarer word is on one page only (one bundle's); a
# word on no page at all is left out, as one Pagefind index leaves it out.
ALL_WORDS = {"photovoltaïques solidaire": ["/acteurs/afeji-garage-solidaire/"],
             "solidaire chaufferie": ["/acteurs/ptce-emergence-henin-carvin/"],
             "garage zzzz": ["/acteurs/afeji-garage-solidaire/", "/lettres/1/", "/lettres/2/"]}
STANDS_OUT = {"garage": "/acteurs/afeji-garage-solidaire/", "mutuelle": "/acteurs/identites-mutuelle/"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    for name, per_shard in (("one", 4000), ("sharded", 3)):
        build(Config(content=ROOT / "content", output=root / name, cache=root / f"{name}-cache", build_day=TODAY, pdf=False,
                     search_shard_pages=per_shard))
    assert len(json.loads((root / "sharded" / "pagefind-shards.json").read_text())) >= 6  # 8 shards, some maybe empty
    assert json.loads((root / "one" / "pagefind-shards.json").read_text()) == [{"url": "/pagefind/"}, {"url": "/pagefind-d62/", "departement": "62"}]
    return root


def answer(page, url: str, query: str, filters: dict) -> tuple[list[str], str, dict[str, str]]:
    params = "&".join([f"q={query}"] + [f"{key}={value}" for key, value in filters.items()])
    page.goto(f"{url}/recherche/?{params}")
    found = results(page)
    if not page.locator("#filtres").get_attribute("open"):
        page.get_by_text("Filtrer par type, commune").click()  # the counts load once the filters are shown
    page.wait_for_function("() => [...document.querySelectorAll('.facet-count')].every((badge) => badge.textContent)")
    counts = {f"{badge.get_attribute('data-facet')}={badge.get_attribute('data-value')}": badge.inner_text()
              for badge in page.locator(".facet-count").all()}
    return found, page.inner_text("#search-status"), counts


def test_shards_answer_as_one_index(page, sites):
    for one_url in serve(sites / "one"):
        for sharded_url in serve(sites / "sharded"):
            for query, filters in QUERIES:
                (one, one_status, one_counts) = answer(page, one_url, query, filters)
                (sharded, sharded_status, sharded_counts) = answer(page, sharded_url, query, filters)
                if query in ALL_WORDS:
                    assert sorted(one) == sorted(sharded) == ALL_WORDS[query], query
                assert sorted(sharded) == sorted(one) and len(sharded) == len(set(sharded)), (query, filters)
                assert sharded[:10] == one[:10], (query, filters)
                assert (sharded_status, sharded_counts) == (one_status, one_counts), (query, filters)
                if query in STANDS_OUT:
                    assert sharded[0] == one[0] == STANDS_OUT[query]
            assert page.console_errors == []
            return


def test_counts_of_several_words_are_those_of_their_pages(page, sites):
    """The counts beside the filters count the pages holding every word: not, from a bundle where
    one word is on no page (the lettres' in both sites), the pages with the others."""
    for name in ("one", "sharded"):
        for url in serve(sites / name):
            page.goto(f"{url}/recherche/?q=photovoltaïques solidaire&type=Acteur")
            assert results(page) == ["/acteurs/afeji-garage-solidaire/"]
            page.wait_for_function("() => [...document.querySelectorAll('.facet-count')].every((badge) => badge.textContent)")
            counts = {badge.get_attribute("data-value"): badge.text_content() for badge in page.locator(".facet-count[data-facet=type]").all()}
            assert counts == {"Acteur": "(1)", "Lettre": "(0)"}, name
