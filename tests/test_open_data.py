"""/donnees/: the directory as files anyone can reuse, checked with the validators of their formats
(frictionless for the CSV, its Table Schema and the data package; the geojson library for
RFC 7946), and read back the way a spreadsheet, a program or a search engine would."""

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import geojson
import pytest
from frictionless import validate

from ess_site import urls
from ess_site.compute.open_data import COLUMNS
from ess_site.config import Config
from ess_site.content.schema import LATITUDE_RANGE, LONGITUDE_RANGE, STATUTS
from ess_site.formats import taille
from ess_site.pipeline import build
from ess_site.render.data_files import CSV_DIALECTS, csv_line
from tests.conftest import TODAY
from tests.test_build import PUBLISHED, page, text_of
from tests.test_directory_pdf import HENIN_DATES, SAMPLE, build_into, dated

FILES = ["datapackage.json", "acteurs.csv", "acteurs-tableur.csv", "acteurs.json", "acteurs.geojson", "chiffres.json",
         "acteurs.schema.json"]
# Cells OWASP's CSV injection advice says a spreadsheet evaluates (or might), as actor names.
FORMULAS = ['=HYPERLINK("http://x","y")', "+SUM(1)", "-2+3", "@cmd"]  # a name's leading tab or CR is trimmed when read


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
    index = json.loads((built_site / "carte/points/index.json").read_text(encoding="utf-8"))  # what /carte/ draws
    on_map = {}
    for zone in index["zones"]:
        points = json.loads((built_site / zone["fichier"].lstrip("/")).read_text(encoding="utf-8"))["points"]
        on_map |= {f"{index['acteurs']}{point[6]}/": [point[1], point[0]] for point in points}
    assert {f["properties"]["url"].removeprefix("https://ess.essai.example.fr"): [round(c, 5) for c in f["geometry"]["coordinates"]]
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
    # The editors' form, the correction form's thank-you page and the embeds (noindex) are not for search engines.
    public = {url.replace("//", "/") for url in pages if not url.startswith(("/admin/", "/pagefind/", urls.CORRECTION_SENT, urls.EMBEDS))}
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


def spreadsheet_rows(data) -> list[dict]:
    with (data / "acteurs-tableur.csv").open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file, delimiter=";"))


def test_the_spreadsheet_csv_opens_as_it_is_in_french_spreadsheets(data):
    """French Excel reads a CSV without BOM as Windows-1252, splits on ';' and reads '62.5' as text
    (and '12.5' as a date): the variant has a BOM, semicolons, decimal commas, the SIRET as text."""
    raw = (data / "acteurs-tableur.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfidentifiant;nom;") and b"\r\n" in raw
    table = {row["identifiant"]: row for row in spreadsheet_rows(data)}
    standard = {row["identifiant"]: row for row in rows(data)}
    assert table.keys() == standard.keys()
    jardin = table["jardin-complet"]
    assert (jardin["nom"], jardin["commune"], jardin["lat"], jardin["lon"], jardin["etp"], jardin["effectif"], jardin["siret"]) == (
        "Le Jardin Complet", "Hénin-Beaumont", "50,4217", "2,9508", "62,5", "80", "732 829 320 00074")
    assert jardin["description"] == standard["jardin-complet"]["description"]
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == "acteurs-tableur.csv")
    assert resource["dialect"]["delimiter"] == ";" and resource["profile"] == "tabular-data-resource"


def test_the_validator_reads_the_spreadsheet_csv_with_its_own_dialect(data, tmp_path, monkeypatch):
    shutil.copytree(data, tmp_path / "donnees")
    monkeypatch.chdir(tmp_path / "donnees")
    path = tmp_path / "donnees" / "acteurs-tableur.csv"
    path.write_bytes(path.read_bytes().replace(b";62,5;", b";62.5x;", 1))
    report = validate("datapackage.json")
    assert [error for error in report.flatten(["fieldName", "type"]) if error[0]] == [["etp", "type-error"]]


def test_the_data_page_says_which_file_to_take_for_what(built_site):
    text = text_of(page(built_site, "/donnees/")).replace("&#39;", "'").replace("\xa0", " ").replace("\u202f", " ")
    assert "Quel fichier prendre ?" in text
    assert "Pour ouvrir le tableau dans un tableur (Excel, LibreOffice Calc) : acteurs-tableur.csv ." in text
    assert "Pour un programme, une base de données ou un outil de données (Python, R, data.gouv.fr…) : acteurs.csv ." in text
    assert "est précédée d'une apostrophe ( ' ), pour qu'un tableur l'affiche sans l'exécuter comme une formule" in text


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(content, tmp_path, monkeypatch):
    """OWASP's CSV injection: a name such as =HYPERLINK(…) reaches both CSV files as text that
    starts with an apostrophe; the JSON keeps it exact; the files still validate."""
    for number, formula in enumerate(FORMULAS):
        (content / "actors" / f"formule-{number}.md").write_text(
            f"---\nnom: {json.dumps(formula)}\nsigle: \"=1+2\"\nstatut: association\nsecteur: autres\ncommune: drocourt\n---\nTexte.\n",
            encoding="utf-8")
    build(Config(content=content, output=tmp_path / "out", cache=tmp_path / "cache", build_day=TODAY, pdf=False, search=False))
    data = tmp_path / "out" / "donnees"
    for table in (rows(data), spreadsheet_rows(data)):
        names = {row["identifiant"]: (row["nom"], row["sigle"]) for row in table}
        assert [names[f"formule-{n}"] for n in range(len(FORMULAS))] == [("'" + f, "'=1+2") for f in FORMULAS]
        assert not [cell for row in table for cell in row.values() if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    document = json.loads((data / "acteurs.json").read_text(encoding="utf-8"))
    exact = {r["identifiant"]: r["nom"] for r in document["acteurs"]}
    assert [exact[f"formule-{n}"] for n in range(len(FORMULAS))] == FORMULAS
    monkeypatch.chdir(data)
    report = validate("datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_negative_numbers_stay_numbers_in_both_csv_files():
    row = dict.fromkeys((column.name for column in COLUMNS), None) | {
        "identifiant": "x", "nom": "-2+3", "sigle": "\tT", "description": "\rR", "lat": 43.5, "lon": -1.25}
    shown = ("nom", "sigle", "description", "lat", "lon")
    names = [column.name for column in COLUMNS]
    for dialect, expected in zip(CSV_DIALECTS.values(), (["'-2+3", "'\tT", "'\rR", "43.5", "-1.25"], ["'-2+3", "'\tT", "'\rR", "43,5", "-1,25"])):
        cells = next(csv.reader(io.StringIO(csv_line(row, dialect), newline=""), delimiter=dialect.delimiter))
        assert [cells[names.index(name)] for name in shown] == expected
