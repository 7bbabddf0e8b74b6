"""The actor page's opening hours in a real browser: the French week table, « Ouvert maintenant »
or « Fermé maintenant » at a fixed clock (the build cannot know the hour), the date the listing
was checked, and axe-core's rules."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import axe_violations, new_page

pytestmark = pytest.mark.browser
PARIS = ZoneInfo("Europe/Paris")


def actor_page_at(browser, base_url, when: datetime, slug: str = "jardin-complet", **options):
    page = new_page(browser, timezone_id="Europe/Paris", **options)
    page.clock.set_fixed_time(when)
    page.goto(f"{base_url}/acteurs/{slug}/")
    return page


def test_week_table_in_french(browser, base_url):
    page = actor_page_at(browser, base_url, datetime(2026, 11, 23, 10, 0, tzinfo=PARIS))
    rows = page.locator("table.opening-hours tr").evaluate_all(
        "rows => rows.map(row => [...row.cells].map(cell => cell.textContent.trim()))")
    assert rows == [
        ["Lundi (aujourd’hui)", "9\u00a0h – 12\u00a0h, 14\u00a0h – 17\u00a0h\u00a030"],  # today, said to screen readers too
        *([day, "9\u00a0h – 12\u00a0h, 14\u00a0h – 17\u00a0h\u00a030"] for day in ("Mardi", "Mercredi", "Jeudi", "Vendredi")),
        ["Samedi", "10\u00a0h – 12\u00a0h"],
        ["Dimanche", "Fermé"],
    ]
    assert page.locator("tr.today th").evaluate("th => getComputedStyle(th).fontWeight") == "700"
    assert page.locator("table.opening-hours caption").inner_text() == "Horaires d'ouverture"
    page.context.close()


@pytest.mark.parametrize("when, said", [
    (datetime(2026, 11, 23, 10, 0), "Ouvert maintenant"),  # a Monday morning
    (datetime(2026, 11, 23, 12, 30), "Fermé maintenant"),  # the lunch break
    (datetime(2026, 11, 28, 11, 59), "Ouvert maintenant"),  # Saturday, a minute before closing
    (datetime(2026, 11, 29, 10, 0), "Fermé maintenant"),  # Sunday
])
def test_open_now_at_a_fixed_clock(browser, base_url, when, said):
    page = actor_page_at(browser, base_url, when.replace(tzinfo=PARIS))
    assert page.locator("[data-opening-now]").inner_text() == said
    assert page.console_errors == []
    page.context.close()


def test_checked_and_unchecked_listings(browser, base_url):
    page = actor_page_at(browser, base_url, datetime(2026, 11, 23, 10, 0, tzinfo=PARIS))
    assert page.locator(".actor-checked").inner_text() == "Fiche vérifiée le 1er octobre 2026."
    assert page.locator(".actor-unchecked").count() == 0
    page.goto(page.url.replace("jardin-complet", "1001-services"))
    assert "n'a pas été vérifiée depuis plus d'un an" in page.locator(".actor-unchecked").inner_text()
    page.context.close()


def test_actor_page_with_hours_passes_axe(browser, base_url):
    for width in (1280, 375):
        page = actor_page_at(browser, base_url, datetime(2026, 11, 23, 10, 0, tzinfo=PARIS), width=width, bypass_csp=True)
        assert axe_violations(page) == []
        page.context.close()
