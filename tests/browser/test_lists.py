"""Long lists in pages, and the phone layout (issue 23, points 1 and 4), in real Chromium."""

import sys
from pathlib import Path

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.browser.conftest import axe_violations, new_page, serve
from tests.conftest import ROOT, TODAY

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.browser
ACTORS = 120  # more than two pages of 50


@pytest.fixture(scope="module")
def long_site(tmp_path_factory) -> Path:
    """A directory of 120 generated actors ("Structure solidaire numéro 0" to "… numéro 119"),
    two of them renamed with an accent and a lower-case initial, in six communes."""
    root = tmp_path_factory.mktemp("long")
    generate(ACTORS, root / "content")
    for index, name in ((7, "Épicerie « Le Panier »"), (8, "atelier du vélo")):
        path = next((root / "content" / "actors").glob(f"*{index:06d}*.md"))
        path.write_text(path.read_text(encoding="utf-8").replace(f"nom: Structure solidaire numéro {index}\n", f"nom: {name}\n", 1),
                        encoding="utf-8")
    build(Config(content=root / "content", output=root / "output", build_day=TODAY, pdf=False, search=False, cache=root / "cache"))
    return root / "output"


@pytest.fixture(scope="module")
def long_url(long_site):
    yield from serve(long_site)


def test_list_pages_are_in_the_sitemap_and_not_in_the_search_index(long_site):
    sitemap = (long_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/acteurs/page/2/</loc>" in sitemap and "/acteurs/page/3/</loc>" in sitemap
    assert "data-pagefind-body" not in (long_site / "acteurs" / "page" / "2" / "index.html").read_text(encoding="utf-8")


def names(page) -> list[str]:
    return page.locator(".actor-list .actor-card-title a").all_inner_texts()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_directory_is_in_pages_in_french_order(browser, long_url, width):
    page = new_page(browser, width=width)
    page.goto(long_url + "/acteurs/")
    first = names(page)
    assert len(first) == 50
    assert first[:3] == ["atelier du vélo", "Épicerie «\u00a0Le Panier\u00a0»", "Structure solidaire numéro 0"]
    assert first[3:12] == [f"Structure solidaire numéro {n}" for n in (1, 2, 3, 4, 5, 6, 9, 10, 11)]  # 9 before 10
    pager = page.get_by_role("navigation", name="Pages de la liste")
    assert pager.locator("[aria-current=page]").inner_text().split()[-1] == "1"
    pager.locator("a[rel=next]").click()
    page.wait_for_url("**/acteurs/page/2/")
    second = names(page)
    assert second[0] == "Structure solidaire numéro 50" and len(second) == 50
    assert page.get_by_role("navigation", name="Pages de la liste").locator("[aria-current=page]").inner_text().split()[-1] == "2"
    assert "page 2 sur 3" in page.title()
    page.get_by_role("navigation", name="Pages de la liste").get_by_role("link", name="Page 3", exact=True).click()
    page.wait_for_url("**/acteurs/page/3/")
    assert names(page)[-1] == f"Structure solidaire numéro {ACTORS - 1}"
    page.context.close()


def test_a_letter_of_the_jump_list_opens_the_page_where_it_starts(page, long_url):
    page.goto(long_url + "/acteurs/page/3/")
    page.get_by_role("navigation", name="Aller à la lettre").get_by_role("link", name="E", exact=True).click()
    page.wait_for_url("**/acteurs/#lettre-E")
    assert page.locator("#lettre-E").is_visible()
    page.get_by_role("navigation", name="Aller à la lettre").get_by_role("link", name="S", exact=True).click()
    assert page.url.endswith("/acteurs/#lettre-S")


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation_on_a_paginated_list(browser, long_url, width):
    page = new_page(browser, width=width, bypass_csp=True)
    page.goto(long_url + "/acteurs/page/2/")
    assert axe_violations(page) == []
    page.context.close()


def test_the_phone_menu_shows_every_entry(browser, long_url):
    page = new_page(browser, width=375)
    page.goto(long_url + "/")
    links = page.get_by_role("navigation", name="Menu principal").get_by_role("link")
    assert links.count() >= 7
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, links.nth(index).inner_text()
        # Not hidden under the edge of a scrolling row: the link itself is what the reader would touch.
        assert links.nth(index).evaluate("(a) => { const r = a.getBoundingClientRect(); "
                                         "return a.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }")
    page.context.close()


def test_a_commune_page_on_a_phone_shows_its_actors_first(browser, long_url):
    page = new_page(browser, width=375)
    page.goto(long_url + "/communes/carvin/")
    first_actor = page.locator(".actor-list .actor-card").first.bounding_box()
    assert first_actor["y"] < 900  # in the first screen
    assert first_actor["y"] < page.locator(".commune-figures").bounding_box()["y"]
    assert first_actor["y"] < page.locator(".map-block").bounding_box()["y"]
    page.context.close()
