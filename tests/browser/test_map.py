"""The map: one marker per placed actor, popups to their pages, and a list that works alone."""

import pytest

from tests.browser.conftest import new_page

pytestmark = pytest.mark.browser


def test_map_shows_one_marker_per_placed_actor(page, sample_url):
    page.goto(f"{sample_url}/carte/")
    listed = page.locator(".map-list li[data-lat]").count()
    assert listed == 13  # every sample actor: at its own point or its commune's centre
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == listed
    assert page.locator(".leaflet-control-attribution").inner_text().find("OpenStreetMap") >= 0
    assert page.console_errors == []


def test_marker_popup_links_to_the_actor(page, base_url):
    page.goto(f"{base_url}/carte/")
    page.get_by_role("button", name="Le Jardin Complet").click()
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == "/acteurs/jardin-complet/"
    link.click()
    page.wait_for_url("**/acteurs/jardin-complet/")


def test_actor_with_coordinates_has_a_small_map(page, base_url):
    page.goto(f"{base_url}/acteurs/jardin-complet/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == 1
    page.goto(f"{base_url}/acteurs/cooperative-minimale/")
    assert page.locator("[data-map]").count() == 0  # no own coordinates: no map on its page


def test_commune_page_maps_its_actors(page, base_url):
    page.goto(f"{base_url}/communes/rouvroy/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == 2


def test_map_page_stays_usable_without_tiles(browser, sample_url):
    page = new_page(browser)
    page.context.unroute("https://tile.openstreetmap.org/**")
    page.context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{sample_url}/carte/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.get_by_role("link", name="Mille et un commerce").is_visible()
    assert [e for e in page.console_errors if "tile.openstreetmap.org" not in e and "ERR_FAILED" not in e] == []
    page.context.close()


def test_the_geojson_file_loads_into_the_sites_own_map(page, sample_url):
    """A reuser's map viewer, played by the site's Leaflet: the published GeoJSON gives one
    marker per actor, at the positions the site's map uses."""
    page.goto(f"{sample_url}/carte/")
    page.wait_for_selector(".leaflet-marker-icon")
    site_markers = page.locator(".map-list li[data-lat]").count()
    loaded = page.evaluate("""async () => {
        const data = await (await fetch("/donnees/acteurs.geojson")).json();
        const box = document.createElement("div");
        box.style.cssText = "width: 600px; height: 400px";
        document.body.append(box);
        const map = L.map(box);
        const layer = L.geoJSON(data).addTo(map);
        map.fitBounds(layer.getBounds());
        const positions = layer.getLayers().map((m) => [m.getLatLng().lat, m.getLatLng().lng].join(","));
        const listed = [...document.querySelectorAll(".map-list li[data-lat]")].map((li) => [li.dataset.lat, li.dataset.lon].map(Number).join(","));
        return {markers: box.querySelectorAll(".leaflet-marker-icon").length, positions: positions.sort(), listed: listed.sort()};
    }""")
    assert loaded["markers"] == site_markers == 13
    assert loaded["positions"] == loaded["listed"]
    assert page.console_errors == []
