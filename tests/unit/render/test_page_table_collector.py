"""The page table is made with the garbage collector paused (its full collections would walk the
whole site while 30 000 pages are made at 20 000 actors), and the collector runs again after."""

import gc
from datetime import date

from ess_site.config import Config
from ess_site.pipeline import check
from ess_site.render import pages
from tests.conftest import FIXTURE_SITE


def test_the_collector_is_paused_while_the_page_table_is_made_and_back_after(monkeypatch):
    site = check(Config(content=FIXTURE_SITE, build_day=date(2026, 11, 22)))
    seen = []
    actors_pages = pages.actors_pages

    def spied(cards):
        seen.append(gc.isenabled())
        return actors_pages(cards)

    monkeypatch.setattr(pages, "actors_pages", spied)
    assert gc.isenabled()
    made = pages.page_table(site)
    assert seen == [False]
    assert gc.isenabled()
    assert [page.url for page in made] == [page.url for page in pages.all_pages(site, ())]
