"""/donnees/: the directory as files anyone can reuse, checked with the validators of their formats
(frictionless for the CSV, its Table Schema and the data package; the geojson library for
RFC 7946), and read back the way a spreadsheet, a program or a search engine would."""

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET

import geojson
import pytest
from frictionless import validate

from ess_site import urls
from ess_site.content.schema import LATITUDE_RANGE, LONGITUDE_RANGE, STATUTS
from ess_site.formats import taille
from tests.conftest import TODAY
from tests.test_build import PUBLISHED, page, text_of
from tests.test_directory_pdf import HENIN_DATES, SAMPLE, build_into, dated

FILES = ["datapackage.json", "acteurs.csv", "acteurs.json", "acteurs.geojson", "chiffres.json", "acteurs.schema.json"]


@pytest.fixture(scope="module")
def data(built_site):
    return built_site / "donnees"


def rows(data) -> list[dict]:
    with (data / "acteurs.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_package_and_the_csv_pass_frictionless(data, monkeypatch):
    monkeypatch.chdir(data)  # frictionless reads only paths inside the working folder, as a reuser would
    report = validate("datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    report = validate("acteurs.csv", schema="acteurs.schema.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == len(PUBLISHED)


def test_the_validator_catches_a_value_outside_the_schema(data, tmp_path, monkeypatch):
    """The schema's allowed values are real constraints: a wrong statut fails validation."""
    shutil.copytree(data, tmp_path / "donnees")
    monkeypatch.chdir(tmp_path / "donnees")
    csv_path = tmp_path / "donnees" / "acteurs.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",association,", ",asso,", 1), encoding="utf-8")
    report = validate("acteurs.csv", schema="acteurs.schema.json")
    assert not report.valid
    assert [error[1] for error in report.flatten(["rowNumber", "fieldName"])] == ["statut"]


def test_the_csv_holds_the_published_actors_as_a_spreadsheet_reads_them(data):
    table = rows(data)
    assert sorted(row["identifiant"] for row in table) == sorted(PUBLISHED)  # the draft is not there
    raw = (data / "acteurs.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 without BOM, RFC 4180 line ends
    jardin = next(row for row in table if row["identifiant"] == "jardin-complet")
    assert (jardin["nom"], jardin["statut"], jardin["statut_libelle"], jardin["commune"], jardin["code_postal"]) == (
        "Le Jardin Complet", "association", "Association", "Hénin-Beaumont", "62110")
    assert (jardin["lat"], jardin["lon"], jardin["effectif"], jardin["etp"], jardin["siret"]) == ("50.4217", "2.9508", "80", "62.5", "73282932000074")
    assert jardin["thematiques"] == "Alimentation durable ; Insertion par l'activité économique"
    assert jardin["url"] == "https://ess.essai.example.fr/acteurs/jardin-complet/"
    assert "\n" in jardin["description"]  # a multi-line cell, quoted: still one row
    hostile = next(row for row in table if row["identifiant"] == "piege-html")
    assert hostile["nom"].startswith("<script>")  # data, not HTML: kept as written
    assert set(table[0]) == {field["name"] for field in json.loads((data / "acteurs.schema.json").read_text())["fields"]}


def test_the_schema_states_allowed_values_and_formats(data):
    fields = {f["name"]: f for f in json.loads((data / "acteurs.schema.json").read_text(encoding="utf-8"))["fields"]}
    assert fields["statut"]["constraints"]["enum"] == list(STATUTS)
    assert fields["email"]["format"] == "email" and fields["site_web"]["format"] == "uri"
    assert fields["creation"]["type"] == "year" and fields["effectif"]["type"] == "integer"
    assert all(field["description"] for field in fields.values())


def test_the_json_holds_the_same_records(data):
    document = json.loads((data / "acteurs.json").read_text(encoding="utf-8"))
    assert document["licence"] == "Licence Ouverte / Open Licence version 2.0"
    by_id = {record["identifiant"]: record for record in document["acteurs"]}
    for row in rows(data):
        record = by_id[row["identifiant"]]
        assert record["nom"] == row["nom"] and record["url"] == row["url"]
    assert by_id["jardin-complet"]["thematiques"] == ["Alimentation durable", "Insertion par l'activité économique"]
    assert by_id["jardin-complet"]["effectif"] == 80


def test_the_geojson_is_valid_rfc_7946_and_places_actors_as_the_map_does(data, built_site):
    collection = geojson.loads((data / "acteurs.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    assert len(collection["features"]) == len(PUBLISHED)
    header = set(rows(data)[0])
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]  # longitude first
        assert LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1] and LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]
        assert set(feature["properties"]) == header - {"description"} | {"position_exacte"}
    jardin = next(f for f in collection["features"] if f["id"] == "jardin-complet")
    assert jardin["geometry"]["coordinates"] == [2.9508, 50.4217] and jardin["properties"]["position_exacte"] is True
    listed = re.findall(r'data-lat="([^"]+)" data-lon="([^"]+)"[^>]*data-url="([^"]+)"', page(built_site, "/carte/"))
    on_map = {url: [float(lon), float(lat)] for lat, lon, url in listed}
    assert {f["properties"]["url"].removeprefix("https://ess.essai.example.fr"): f["geometry"]["coordinates"]
            for f in collection["features"]} == on_map


def test_the_data_page_lists_every_file_with_its_size_and_records(built_site, data):
    html = page(built_site, "/donnees/")
    text = text_of(html).replace("&#39;", "'")
    for name in FILES:
        size = taille((data / name).stat().st_size)
        assert re.search(rf'href="/donnees/{re.escape(name)}" download>{re.escape(name)}</a>.*?<td[^>]*>{re.escape(size)}</td>', html, re.S), name
    assert f"{len(PUBLISHED)} acteurs" in text
    assert "Licence Ouverte / Open Licence version 2.0" in text
    assert "(ceux-ci le 22 novembre 2026)" in text  # the build day, said as such
    assert "aucune ne dit de quel jour datent ses données" in text  # no fixture actor gives a date_source
    for column in ("identifiant", "statut_libelle", "code_insee", "thematiques", "url"):
        assert f"<code>{column}</code>" in html
    assert 'href="/donnees/"' in page(built_site, "/").split("<footer")[1]  # linked from every page's footer
    assert 'href="/donnees/"' in page(built_site, "/chiffres-cles/")
    assert '<link rel="alternate" type="text/csv" href="/donnees/acteurs.csv"' in page(built_site, "/acteurs/")


def test_the_figures_are_the_same_at_both_addresses(built_site, data):
    assert (data / "chiffres.json").read_bytes() == (built_site / "chiffres-cles" / "chiffres.json").read_bytes()


def test_sitemap_lists_every_public_page_and_robots_points_to_it(built_site):
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {url.find("s:loc", ns).text: url.find("s:lastmod", ns) for url in tree.getroot().findall("s:url", ns)}
    base = "https://ess.essai.example.fr"
    pages = {"/" + str(p.parent.relative_to(built_site)).replace(".", "").strip("/") + "/" for p in built_site.rglob("index.html")}
    # The editors' form and the correction form's thank-you page (noindex) are not for search engines.
    public = {url.replace("//", "/") for url in pages if not url.startswith(("/admin/", "/pagefind/", urls.CORRECTION_SENT))}
    assert {loc.removeprefix(base) for loc in entries} == public
    assert entries[f"{base}{urls.lettre(1)}"].text == "2022-01-15"  # a lettre's last change: its date
    assert entries[f"{base}{urls.LETTRES}"].text == "2022-09-30"  # the archive: its latest lettre
    assert entries[f"{base}/acteurs/jardin-complet/"] is None  # no content date says when it changed
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}/sitemap.xml" in robots and "Disallow: /admin/" in robots



def test_the_data_page_and_files_give_the_date_of_the_data_not_the_build_day_as_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    dated(content, HENIN_DATES)  # 6 actors of 13 give a date_source
    build_into(tmp_path, content, pdf=False)
    output = tmp_path / "output"
    text = " ".join(re.sub(r"<[^>]+>", "", page(output, "/donnees/")).split())
    assert ("(ceux-ci le 22 novembre 2026) et ne contiennent que les fiches publiées : données du 15 mars 2026 au "
            "31 octobre 2026 pour 6 acteurs sur 13 (colonne date_source).") in text
    expected = {"plus_ancienne": "2026-03-15", "plus_recente": "2026-10-31", "acteurs_dates": 6, "acteurs": 13}
    for name in ("chiffres.json", "acteurs.json"):
        found = json.loads((output / "donnees" / name).read_text(encoding="utf-8"))
        assert (found["date"], found["date_des_donnees"]) == (TODAY.isoformat(), expected), name
    build_into(tmp_path, SAMPLE, pdf=False)  # no actor gives a date: null, never the build day instead
    assert json.loads((output / "donnees" / "chiffres.json").read_text(encoding="utf-8"))["date_des_donnees"] is None
