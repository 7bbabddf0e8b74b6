"""The map: one marker per placed actor, popups to their pages, and a list that works alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_page

pytestmark = pytest.mark.browser


def loaded(page) -> None:
    page.wait_for_function("() => (document.querySelector('.map-count')?.textContent || '').match(/^(?!Chargement).*acteur/)")


def drawn(page) -> int:
    """Actors on the map as drawn: one per pin, a cluster's count for a cluster; read once two
    readings 0,3 s apart agree (a zone's points may still be replacing the first drawing)."""
    loaded(page)

    def count() -> int:
        clusters = page.locator(".map-cluster").all_inner_texts()
        return page.locator(".map-pin").count() + sum(int(text.replace("\u202f", "").replace("\xa0", "")) for text in clusters)

    last = count()
    for _ in range(30):
        page.wait_for_timeout(300)
        now = count()
        if now == last:
            return now
        last = now
    return last


def in_view(page) -> int:
    """The number the list beside the map gives for the actors in view."""
    loaded(page)
    digits = re.match(r"[\d\s]+", page.locator(".map-count").inner_text()).group()
    return int(re.sub(r"\s", "", digits))


def test_map_shows_every_placed_actor_from_its_points_file(page, sample_url):
    page.goto(f"{sample_url}/carte/")
    assert drawn(page) == in_view(page) == 13  # every sample actor: at its own point or its commune's centre
    assert page.locator(".map-list li[data-lat]").count() == 13
    assert page.locator(".map-list li").first.inner_text().startswith("APEI")  # from A to Z
    assert page.locator(".leaflet-control-attribution").inner_text().find("OpenStreetMap") >= 0
    assert page.console_errors == []


def test_marker_popup_links_to_the_actor(page, base_url):
    page.goto(f"{base_url}/carte/")
    loaded(page)
    while not page.get_by_role("button", name="Le Jardin Complet").count():  # open the clusters down to its pin
        page.locator(".map-cluster").first.click()
        page.wait_for_timeout(400)
    page.get_by_role("button", name="Le Jardin Complet").click()
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == "/acteurs/jardin-complet/"
    settled(link)  # the map pans the popup clear of the controls: click once it stands still
    link.click()
    page.wait_for_url("**/acteurs/jardin-complet/")


def settled(locator, pause: int = 250, tries: int = 40) -> None:
    """Wait until the element has kept its place for `pause` ms (a pan animation is over)."""
    before = None
    for _ in range(tries):
        box = locator.bounding_box()
        if box is not None and box == before:
            return
        before = box
        locator.page.wait_for_timeout(pause)


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
    expect(page.get_by_role("link", name="Mille et un commerce")).to_be_visible()  # in the list of what is in view, once drawn
    expect(page.locator(".map-status")).to_be_visible()
    assert [e for e in page.console_errors if "tile.openstreetmap.org" not in e and "ERR_FAILED" not in e] == []
    page.context.close()


def test_the_geojson_file_loads_into_the_sites_own_map(page, sample_url):
    """A reuser's map viewer, played by the site's Leaflet: the published GeoJSON gives one
    marker per actor, at the positions the site's map uses."""
    page.goto(f"{sample_url}/carte/")
    site_markers = drawn(page)
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


# ---------- The directory's map at a real directory's density (issue 23) ----------

DENSE = 600  # actors: enough for the blob the issue shows (a few hundred pins over 14 communes), fast to build


@pytest.fixture(scope="module")
def dense_url(tmp_path_factory):
    """A generated directory (bench/generate.py) of DENSE actors, built without PDFs nor search."""
    from bench.generate import generate
    from ess_site.config import Config
    from ess_site.pipeline import build
    from tests.browser.conftest import serve
    from tests.conftest import TODAY

    root = tmp_path_factory.mktemp("dense")
    generate(DENSE, root / "content")
    build(Config(content=root / "content", output=root / "output", build_day=TODAY, cache=root / "cache", pdf=False, search=False))
    yield from serve(root / "output")


@pytest.mark.parametrize("width", [1280, 375])
def test_dense_map_draws_clusters_not_a_blob(browser, dense_url, width):
    page = new_page(browser, width)
    page.goto(f"{dense_url}/carte/")
    assert drawn(page) == DENSE  # every actor counted, in a cluster or as its pin
    assert page.locator(".leaflet-marker-icon").count() <= 30  # not 600 pins
    assert page.locator(".map-cluster").count() >= 2
    assert page.console_errors == []
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_legend_filters_change_the_markers_and_the_list(browser, dense_url, width):
    page = new_page(browser, width)
    page.goto(f"{dense_url}/carte/")
    assert drawn(page) == in_view(page) == DENSE
    legend = page.locator(".map-legend")
    if not legend.evaluate("element => element.open"):
        legend.locator("summary").click()  # folded on a phone
    kept = int(legend.locator("label").filter(has_text="Santé humaine").locator(".map-legend-count").inner_text().strip("()"))
    for label in legend.locator("fieldset").first.locator("label").all():
        if "Santé humaine" not in label.inner_text():
            label.get_by_role("checkbox").uncheck()
    page.wait_for_function(f"() => !document.querySelector('.map-count').textContent.startsWith('{DENSE}')")
    assert drawn(page) == in_view(page) == kept
    assert all(note.strip().startswith("Santé humaine") for note in page.locator(".map-list li .note").all_inner_texts())
    legend.get_by_label("Association").uncheck()
    page.wait_for_timeout(300)
    assert drawn(page) == in_view(page) < kept
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_list_beside_the_map_shows_what_is_in_view_by_pages(browser, dense_url, width):
    page = new_page(browser, width)
    page.goto(f"{dense_url}/carte/")
    assert in_view(page) == DENSE
    assert page.locator(".map-list li").count() == 20
    assert page.locator(".map-page-number").inner_text() == "Page 1 sur 30"
    first = page.locator(".map-list li a").first.inner_text()
    page.get_by_role("button", name="Page suivante").click()
    assert page.locator(".map-page-number").inner_text() == "Page 2 sur 30"
    assert page.locator(".map-list li a").first.inner_text() != first
    cluster = page.locator(".map-cluster").first
    count = int(cluster.inner_text())
    cluster.click()  # zoom in on it: the list keeps what is now in view
    page.wait_for_function(f"() => !document.querySelector('.map-count').textContent.startsWith('{DENSE}')")
    assert count <= in_view(page) < DENSE
    assert page.locator(".map-list li").count() == min(20, in_view(page))
    assert page.locator(".map-page-number").inner_text().startswith("Page 1 sur ")
    page.context.close()


def overlaps(a, b) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_popup_is_never_under_the_zoom_buttons_on_a_phone(browser, base_url):
    page = new_page(browser, 375)
    page.goto(f"{base_url}/carte/")
    page.wait_for_selector(".leaflet-marker-icon")
    page.wait_for_load_state("networkidle")
    while not page.locator(".leaflet-marker-icon:not(.map-cluster)").count():
        page.locator(".map-cluster").first.click()
        page.wait_for_timeout(400)
    page.locator(".map").evaluate("element => element.scrollIntoView({block: 'center'})")
    pin = page.locator(".leaflet-marker-icon:not(.map-cluster)").first.bounding_box()
    box = page.locator(".map").bounding_box()
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    # Drag the map so that the pin sits just right of the zoom buttons, near the top edge.
    start = (box["x"] + box["width"] - 60, box["y"] + box["height"] - 60)
    target = (zoom["x"] + zoom["width"] + 24, box["y"] + 20)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + (target[0] - pin["x"] - pin["width"] / 2) / 2, start[1] + (target[1] - pin["y"] - pin["height"] / 2) / 2, steps=5)
    page.mouse.move(start[0] + target[0] - pin["x"] - pin["width"] / 2, start[1] + target[1] - pin["y"] - pin["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_timeout(400)
    page.locator(".leaflet-marker-icon:not(.map-cluster)").first.click()
    popup = page.locator(".leaflet-popup-content-wrapper")
    popup.wait_for()
    page.wait_for_timeout(600)  # the map pans the popup into view
    assert not overlaps(popup.bounding_box(), page.locator(".leaflet-control-zoom").bounding_box())
    assert page.locator(".leaflet-popup-content a").is_visible()
    page.context.close()


# ---------- An area's map (commune, département, région) reads the same points files ----------

@pytest.mark.parametrize("width", [1280, 375])
def test_commune_page_map_reads_the_points_files_not_the_page(browser, dense_url, width):
    page = new_page(browser, width)
    response = page.goto(f"{dense_url}/communes/carvin/")
    assert "data-lat" not in response.text()  # no point inlined in the page
    total = int(re.match(r"[\d\s]+", page.locator(".lead").inner_text()).group().replace("\u202f", "").replace(" ", ""))
    assert total > 20
    assert drawn(page) == in_view(page) == total  # every actor of Carvin, and only them
    assert page.locator(".leaflet-marker-icon").count() <= 30  # in clusters
    assert page.locator(".map-list li").count() == 20
    assert all(note.endswith("Carvin") for note in page.locator(".map-list li .note").all_inner_texts())
    assert page.console_errors == []
    page.context.close()


def test_axe_passes_on_the_map_with_its_legend_and_list(browser, dense_url):
    from tests.browser.conftest import axe_violations
    for width in (1280, 375):
        page = new_page(browser, width, bypass_csp=True)  # axe is injected inline
        page.goto(f"{dense_url}/carte/")
        loaded(page)
        legend = page.locator(".map-legend")
        if not legend.evaluate("element => element.open"):
            legend.locator("summary").click()
        expect(page.locator(".map-list li")).to_have_count(20)  # the list follows the view once its points are drawn
        assert axe_violations(page) == [], width
        page.context.close()


# ---------- The national first view: département bubbles clustered, their list paged ----------

NATIONAL = 500  # actors over France; the load limit is lowered so that the first view shows départements


@pytest.fixture(scope="module")
def national_url(tmp_path_factory):
    from bench.generate import generate
    from ess_site.compute import map_points
    from ess_site.config import Config
    from ess_site.pipeline import build
    from tests.browser.conftest import serve
    from tests.conftest import TODAY

    root = tmp_path_factory.mktemp("national")
    generate(NATIONAL, root / "content", "pays")
    limit, map_points.LOAD_LIMIT = map_points.LOAD_LIMIT, 50  # as 20 000 actors against 12 000
    try:
        build(Config(content=root / "content", output=root / "output", build_day=TODAY, cache=root / "cache", pdf=False, search=False))
    finally:
        map_points.LOAD_LIMIT = limit
    yield from serve(root / "output")


@pytest.mark.parametrize("width", [1280, 375])
def test_national_first_view_clusters_departements_and_pages_their_list(browser, national_url, width):
    page = new_page(browser, width)
    page.goto(f"{national_url}/carte/")
    loaded(page)
    page.wait_for_load_state("networkidle")
    bubbles = [b for b in page.locator(".map-zone").all() if b.is_visible()]
    assert 2 <= len(bubbles) <= 40
    assert drawn(page) == in_view(page) == NATIONAL  # the bubbles' counts add up
    boxes = [b.bounding_box() for b in bubbles]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlaps(a, b)]  # no heap
    assert page.locator(".map-list li").count() == 20  # départements, by pages
    assert re.fullmatch(r"Page 1 sur [2-9]", page.locator(".map-page-number").inner_text())
    first = page.locator(".map-list li a").first.inner_text()
    page.get_by_role("button", name="Page suivante").click()
    assert page.locator(".map-list li a").first.inner_text() != first
    assert page.console_errors == []
    page.context.close()


# ---------- Welcome filters (data·inclusion's publics, bénévoles…), national view included ----------

WELCOMING = 300  # actors over France; every 4th recruits volunteers, every 5th welcomes the young


def number(name: str) -> int:
    return int(name.rsplit(" ", 1)[1])  # "Structure solidaire numéro 12" (bench/generate.py)


@pytest.fixture(scope="module")
def welcome_url(tmp_path_factory):
    """A generated directory where some actors say whom they welcome and that they recruit
    volunteers; its map's load limit lowered so that its first view shows départements."""
    from bench.generate import generate
    from ess_site.compute import map_points
    from ess_site.config import Config
    from ess_site.pipeline import build
    from tests.browser.conftest import serve
    from tests.conftest import TODAY

    root = tmp_path_factory.mktemp("welcome")
    generate(WELCOMING, root / "content", "pays")
    for path in (root / "content" / "actors").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        given = number(re.search(r"^nom: (.*)$", head, re.M).group(1))
        head += "\nbenevoles: true" * (given % 4 == 0) + "\npublics: [jeunes]" * (given % 5 == 0)
        path.write_text(head + "\n---\n" + body, encoding="utf-8")
    limit, map_points.LOAD_LIMIT = map_points.LOAD_LIMIT, 50
    try:
        build(Config(content=root / "content", output=root / "output", build_day=TODAY, cache=root / "cache", pdf=False, search=False))
    finally:
        map_points.LOAD_LIMIT = limit
    yield from serve(root / "output")


def counted(page, count: int, one_by_one: bool = True) -> None:
    """Wait until the line above the list gives this count (a no-break space follows it), for
    actors listed one by one (their points loaded), or for départements not loaded yet."""
    end = "de A à Z" if one_by_one else "zoomez"
    page.wait_for_function(f"() => /^{count}\\s.*{end}/.test(document.querySelector('.map-count').textContent)")


def open_legend(page):
    legend = page.locator(".map-legend")
    if not legend.evaluate("element => element.open"):
        legend.locator("summary").click()  # folded on a phone
    return legend


def listed(page) -> list[str]:
    """Every actor the list beside the map gives, page after page."""
    names = page.locator(".map-list li a").all_inner_texts()
    following = page.locator(".map-page-next")
    while following.is_visible() and following.is_enabled():
        following.click()
        names += page.locator(".map-list li a").all_inner_texts()
    return names


@pytest.mark.parametrize("width", [1280, 375])
def test_ticking_volunteers_or_a_public_keeps_only_those_actors(browser, welcome_url, width):
    page = new_page(browser, width)
    page.goto(f"{welcome_url}/carte/")
    page.wait_for_load_state("networkidle")
    assert drawn(page) == in_view(page) == WELCOMING
    legend = open_legend(page)
    volunteers = legend.get_by_role("checkbox", name="Recrute des bénévoles")
    assert not volunteers.is_checked()
    assert legend.locator("label").filter(has_text="Recrute des bénévoles").locator(".map-legend-count").inner_text() == "(75)"
    volunteers.check()
    counted(page, 75, one_by_one=False)
    # Still more than the map loads at once: départements' bubbles, counted from the index.
    assert page.locator(".map-zone").count() >= 1
    assert drawn(page) == in_view(page) == 75
    legend.get_by_role("checkbox", name="Jeunes").check()  # and welcomes the young: every 20th
    counted(page, 15)
    assert drawn(page) == in_view(page) == 15
    assert page.locator(".map-zone").count() == 0  # few enough: their points are loaded and drawn
    names = listed(page)
    assert len(names) == 15 and all(number(name) % 20 == 0 for name in names)
    legend.get_by_role("checkbox", name="Recrute des bénévoles").uncheck()
    counted(page, 60, one_by_one=False)
    assert drawn(page) == in_view(page) == 60
    assert page.console_errors == []
    page.context.close()


def test_axe_passes_with_the_welcome_filters_in_the_legend(browser, welcome_url):
    from tests.browser.conftest import axe_violations
    for width in (1280, 375):
        page = new_page(browser, width, bypass_csp=True)  # axe is injected inline
        page.goto(f"{welcome_url}/carte/")
        loaded(page)
        legend = open_legend(page)
        assert [text.strip() for text in legend.locator("legend").all_inner_texts()] == [
            "Secteur d'activité", "Statut", "Public accueilli", "Bénévolat"]
        legend.get_by_role("checkbox", name="Jeunes").check()
        counted(page, 60, one_by_one=False)
        assert axe_violations(page) == [], width
        page.context.close()


def legend_and_its_place(browser, url: str, width: int) -> tuple[dict, dict]:
    """The legend's place as the page keeps it before assets/map.js runs, and the legend once
    drawn there (the map, hidden until drawn, comes right under it)."""
    page = new_page(browser, width)
    held = []
    page.route("**/assets/map.js", lambda route: held.append(route))  # the script waits until measured
    page.goto(f"{url}/carte/", wait_until="commit")  # a deferred script held holds DOMContentLoaded too
    slot = page.locator(".map-legend-slot")
    slot.wait_for(state="attached")
    for _ in range(100):  # until the stylesheet applies
        kept = slot.bounding_box()
        if kept and kept["height"] > 0:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    page.locator(".map-legend").wait_for()
    loaded(page)
    legend = page.locator(".map-legend").bounding_box()
    page.context.close()
    return kept, legend


@pytest.mark.parametrize("width", [375, 1280])
def test_the_legend_comes_into_the_place_kept_for_it(browser, dense_url, width):
    """assets/map.js draws the legend once the points' index is read; the page keeps its place
    (folded on a phone, open on a wide screen), so the map does not move down when it comes
    (Lighthouse: layout shift)."""
    kept, legend = legend_and_its_place(browser, dense_url, width)
    assert abs(legend["y"] - kept["y"]) <= 1 and abs(legend["height"] - kept["height"]) <= 1, (kept, legend)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_shorter_legend_keeps_its_place_too(browser, sample_url, width):
    """The sample directory's legend is shorter than a full one (fewer sectors and statuts): the map
    stays where it was all the same, up or down."""
    kept, legend = legend_and_its_place(browser, sample_url, width)
    assert abs(legend["y"] - kept["y"]) <= 1 and abs(legend["height"] - kept["height"]) <= 1, (kept, legend)
