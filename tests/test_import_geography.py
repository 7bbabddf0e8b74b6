"""The SIRENE import on a territory given by its code: it follows the perimeter (figures per
département agree with the extract), and computes the centres of communes that have none."""

import json
import re
from collections import Counter
from statistics import median

import pytest

from ess_site.config import Config
from ess_site.pipeline import check
from tests.conftest import TODAY, problems_of, run_cli
from tests.test_import import ETABLISSEMENT, UNITE, row, snapshot, write

HAND_LIST = re.compile(r"^communes:\n(?:  - .*\n)+", re.MULTILINE)


def two_departements() -> list[tuple[str, str, str]]:
    """Every commune of the extract in the Nord or the Pas-de-Calais: the extract's territory for
    a perimeter of both départements (its establishments in Paris, Lyon, Marseille stay outside)."""
    from tests.fixtures.sirene_extract import _OUTSIDE, CAHC_COMMUNES

    return [*CAHC_COMMUNES, *((code, name.title(), cp) for code, (name, cp) in _OUTSIDE.items() if code[:2] in ("59", "62"))]


def given_by(content, perimeter: str, keep_actors: bool = False):
    """The fixture territory given by its perimeter, without its hand list (so without centres)."""
    path = content / "territoire.yaml"
    path.write_text(HAND_LIST.sub("", path.read_text(encoding="utf-8")) + f"perimetre: {perimeter}\n", encoding="utf-8")
    for folder in ("lettres",) if keep_actors else ("actors", "lettres"):
        for file in (content / folder).glob("*.md"):
            file.unlink()
    return content


def test_figures_per_departement_agree_with_the_extract(content, tmp_path):
    from tests.fixtures.sirene_extract import write_extract

    extract = write_extract(tmp_path / "sirene", two_departements())
    given_by(content, '{departements: ["59", "62"]}')
    result = run_cli("importer", "sirene", "--content", str(content), "--etablissements", str(extract.etablissements_csv),
                     "--unites-legales", str(extract.unites_legales_csv), "--geolocalisation", str(extract.geolocalisation_csv),
                     "--rapport", str(tmp_path / "rapport.md"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    built = run_cli("--content", str(content), "--output", str(site), "--sans-recherche", "--cache", str(tmp_path / "cache"))
    assert built.returncode == 0, built.stderr
    figures = json.loads((site / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    expected = Counter(e.commune[:2] for e in extract.expected.values())
    assert set(expected) == {"59", "62"}
    assert {code: area["acteurs"] for code, area in figures["par_departement"].items()} == dict(expected)
    assert {insee: area["acteurs"] for insee, area in figures["par_commune"].items()} == dict(
        Counter(e.commune for e in extract.expected.values()))


LAMBERT = ["coordonneeLambertAbscisseEtablissement", "coordonneeLambertOrdonneeEtablissement"]


@pytest.fixture
def located_register(tmp_path):
    """Three establishments of Hénin-Beaumont and one of Rouvroy with Lambert 93 points (one of
    them in partial diffusion: its point must not count), and their legal units."""
    points = {"44306184100047": ("62427", 694000, 7037000, "O"), "55208131766522": ("62427", 695000, 7038000, "O"),
              "55210055400500": ("62427", 696000, 7039000, "O"), "73282932000074": ("62427", 600000, 7000000, "P"),
              "80295478500027": ("62724", 690000, 7035000, "O")}
    rows, units = [], []
    for siret, (commune, x, y, diffusion) in points.items():
        line = row(siret, commune)
        line[3] = diffusion
        rows.append(line + [str(x), str(y)])
        units.append([siret[:9], f"ASSOCIATION {siret[:4]}", "", "9220", "O", "A"])
    return (write(tmp_path / "StockEtablissement_utf8.csv", ETABLISSEMENT + LAMBERT, rows),
            write(tmp_path / "StockUniteLegale_utf8.csv", UNITE, units))


def import_into(content, register, tmp_path):
    return run_cli("importer", "sirene", "--content", str(content), "--etablissements", str(register[0]),
                   "--unites-legales", str(register[1]), "--rapport", str(tmp_path / "rapport.md"))


def test_communes_without_a_centre_get_the_median_of_the_register_s_points(content, located_register, tmp_path):
    from ess_site.sirene.coordinates import lambert93_to_wgs84

    given_by(content, '{epci: "246200299"}')
    assert import_into(content, located_register, tmp_path).returncode == 0
    centres = (content / "centres-communes.yaml").read_text(encoding="utf-8")
    assert "médiane des coordonnées des établissements du répertoire Sirene" in centres
    public = [lambert93_to_wgs84(x, y) for x, y in ((694000, 7037000), (695000, 7038000), (696000, 7039000))]
    henin = check(Config(content=content, build_day=TODAY)).territory.commune("62427")
    assert (henin.lat, henin.lon) == (round(median(p[0] for p in public), 4), round(median(p[1] for p in public), 4))
    assert check(Config(content=content, build_day=TODAY)).territory.commune("62148").lat is None  # no point: no centre
    before = snapshot(content)
    assert import_into(content, located_register, tmp_path).returncode == 0
    assert snapshot(content) == before  # a second import changes nothing


def test_an_actor_without_a_point_is_placed_at_its_commune_s_centre_or_not_at_all(content, located_register, tmp_path):
    given_by(content, '{epci: "246200299"}', keep_actors=True)
    assert import_into(content, located_register, tmp_path).returncode == 0
    site = check(Config(content=content, build_day=TODAY))
    placed = {a.commune.insee: a.position for a in site.actors if a.lat is None}
    rouvroy = site.territory.commune("62724")
    assert placed["62724"] == (rouvroy.lat, rouvroy.lon, False)
    assert placed.get("62277", None) is None  # Drocourt: no point in the register, so the actor is listed, not placed


def test_a_centre_typed_by_hand_wins_and_a_broken_centres_file_is_refused(content, located_register, tmp_path):
    given_by(content, '{epci: "246200299"}')
    (content / "territoire.yaml").write_text((content / "territoire.yaml").read_text(encoding="utf-8")
                                             + 'communes:\n  - {insee: "62427", lat: 50.4092, lon: 2.959}\n', encoding="utf-8")
    assert import_into(content, located_register, tmp_path).returncode == 0
    assert '"62427"' not in (content / "centres-communes.yaml").read_text(encoding="utf-8")
    assert check(Config(content=content, build_day=TODAY)).territory.commune("62427").lat == 50.4092
    path = content / "centres-communes.yaml"
    path.write_text(path.read_text(encoding="utf-8") + '  "59350": [50.63, 3.06]\n  "62148": [0, 0]\n', encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problems_of(content) == [
        f"centres-communes.yaml:{len(lines) - 1}: centres : la commune « 59350 » n'est pas sur le territoire ; relancez l'import Sirene",
        f"centres-communes.yaml:{len(lines)}: centres : « 62148 » attend [latitude, longitude] en France, par exemple [50.4895, 2.9486]"]
