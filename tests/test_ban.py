"""`build.py importer ban` as the chargée de mission runs it: actors placed from the BAN's address
file, an editor's bytes kept, a second run changing nothing, every unplaced actor with its reason,
and wrong files refused in French with content/ untouched."""

import gzip

import pytest

from ess_site.ban.streets import parse_address, street_key
from tests.conftest import run_cli
from tests.fixtures import ban_file
from tests.fixtures.ban_file import write_ban

ACTORS = {  # file name -> (commune, adresse, extra front-matter lines)
    "eglise.md": ("Hénin-Beaumont", "3 pl. de l'Eglise St Eloi", ""),
    "jaures.md": ("Rouvroy", "8 av. Jean-Jaurès", ""),
    "gare-drocourt.md": ("Drocourt", "1, rue de la Gare", ""),
    "loups.md": ("Drocourt", "2 chemin du Bois dit des Loups", ""),
    "marais.md": ("Hénin-Beaumont", "Lieu-dit Le Marais", ""),
    "moulin.md": ("Hénin-Beaumont", "5 rue du Moulin", ""),
    "lilas.md": ("Rouvroy", "4 rue des Lilas", ""),
    "eloy.md": ("Hénin-Beaumont", "3 place de l'Église Saint-Eloy", ""),
    "treize.md": ("Hénin-Beaumont", "13 rue des Serres", ""),
    "deja-place.md": ("Rouvroy", "8 avenue Jean Jaurès", "lat: 50.4\nlon: 2.9\n"),
}
# An editor's file as it may be: BOM, Windows line endings, a comment, odd spacing, a description.
SERRES_BIS = ("\ufeff---\r\nnom: Atelier des Serres   # nom d'usage\r\nstatut: association\r\nsecteur: agriculture\r\n"
              "commune: Hénin-Beaumont\r\nadresse: \"12 bis, rue des Serres\"\r\ncode_postal: \"62110\"\r\n---\r\n"
              "Un atelier **au fond** de la cour.\r\n\r\n---\r\n\r\nFin.\r\n")


def actor_text(commune: str, adresse: str, extra: str) -> str:
    return (f"---\nnom: Acteur {adresse}\nstatut: association\nsecteur: autres\ncommune: {commune}\n"
            f"adresse: \"{adresse}\"\n{extra}---\nPrésentation écrite par un éditeur.\n")


@pytest.fixture
def site(content):
    for name, (commune, adresse, extra) in ACTORS.items():
        (content / "actors" / name).write_text(actor_text(commune, adresse, extra), encoding="utf-8")
    (content / "actors" / "serres-bis.md").write_bytes(SERRES_BIS.encode("utf-8"))
    return content


def import_ban(content, adresses, *options):
    return run_cli("importer", "ban", "--content", str(content), "--adresses", str(adresses),
                   "--rapport", str(content.parent / "rapport-ban.md"), *options)


def snapshot(content):
    return {path.relative_to(content).as_posix(): path.read_bytes() for path in sorted(content.rglob("*")) if path.is_file()}


def with_point(text: str, point: tuple[float, float]) -> str:
    """The actor's text with only `lat` and `lon` added before its closing fence."""
    return text.replace("---\nPrésentation", f"lat: {point[0]}\nlon: {point[1]}\n---\nPrésentation", 1)


# --- normalisation ---------------------------------------------------------------------------

@pytest.mark.parametrize("written, official", [
    ("av. du Gal de Gaulle", "Avenue du Général de Gaulle"),
    ("bd Basly", "Boulevard Basly"),
    ("r. Jean-Jaurès", "Rue Jean Jaurès"),
    ("pl. de l'Eglise St Eloi", "Place de l'Église Saint-Éloi"),
    ("RUE DE L ABBE LEMIRE", "Rue de l'Abbé Lemire"),
    ("Chemin du Moulin d'Œuf", "chemin du moulin d oeuf"),
])
def test_abbreviations_accents_and_case_give_the_same_street(written, official):
    assert street_key(written) == street_key(official)


def test_an_initial_is_not_read_as_a_street_type():
    assert street_key("Rue R. Salengro") == "rue r salengro" != street_key("Rue Rue Salengro")


@pytest.mark.parametrize("adresse, number, rep, street", [
    ("12 bis, rue des Serres", "12", "bis", "rue serres"),
    ("12B rue des Serres", "12", "bis", "rue serres"),
    ("12, rue des Serres", "12", "", "rue serres"),
    ("n° 012 rue des Serres 62110 Hénin-Beaumont", "12", "", "rue serres"),
    ("12-14 bd Pasteur", "12", "", "boulevard pasteur"),
    ("Résidence les Tilleuls, bâtiment 3, 25 rue Zola", "25", "", "rue zola"),
    ("BP 12, 3 rue de la Gare", "3", "", "rue gare"),
    ("12 r Salengro", "12", "", "rue salengro"),
])
def test_number_repetition_and_street_are_read_from_an_address(adresse, number, rep, street):
    address = parse_address(adresse)
    assert (address.numero, address.rep, address.key) == (number, rep, street)


def test_an_address_without_a_number_is_not_guessed():
    assert parse_address("Lieu-dit Le Marais") is None
    assert parse_address("Zone artisanale, BP 12") is None


# --- the command -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, bom", [("adresses-62.csv.gz", False), ("adresses-62.csv", True), ("adresses-62.csv", False)])
def test_actors_are_placed_and_nothing_else_changes(site, tmp_path, name, bom):
    before = snapshot(site)
    result = import_ban(site, write_ban(tmp_path / name, bom=bom))
    assert result.returncode == 0, result.stderr
    after = snapshot(site)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {"actors/eglise.md", "actors/jaures.md", "actors/gare-drocourt.md", "actors/loups.md", "actors/serres-bis.md"}
    read = lambda name: after[f"actors/{name}"].decode("utf-8")  # noqa: E731
    assert read("eglise.md") == with_point(actor_text(*ACTORS["eglise.md"]), ban_file.EGLISE_3)
    assert read("jaures.md") == with_point(actor_text(*ACTORS["jaures.md"]), ban_file.JAURES_8)
    # the same street in Rouvroy, with the same postal code: Drocourt's point, by the INSEE code
    assert read("gare-drocourt.md") == with_point(actor_text(*ACTORS["gare-drocourt.md"]), ban_file.GARE_DROCOURT_1)
    # BOM, CRLF, comment and description kept byte for byte; "12 bis" is not "12"
    lat, lon = ban_file.SERRES_12_BIS
    assert read("serres-bis.md") == SERRES_BIS.replace('"62110"\r\n---', f'"62110"\r\nlat: {lat}\r\nlon: {lon}\r\n---', 1)
    assert "5 acteurs placés sur la carte" in result.stdout
    check = run_cli("check", "--content", str(site))
    assert check.returncode == 0, check.stderr


def test_a_second_run_changes_nothing(site, tmp_path):
    adresses = write_ban(tmp_path / "adresses-62.csv.gz")
    assert import_ban(site, adresses).returncode == 0
    placed = snapshot(site)
    again = import_ban(site, adresses)
    assert again.returncode == 0, again.stderr
    assert snapshot(site) == placed
    assert "0 acteur placé sur la carte" in again.stdout and "7 acteurs déjà placés" in again.stdout


def test_coordinates_already_given_are_kept(site, tmp_path):
    result = import_ban(site, write_ban(tmp_path / "adresses-62.csv"))
    assert result.returncode == 0, result.stderr
    assert (site / "actors" / "deja-place.md").read_text(encoding="utf-8") == actor_text(*ACTORS["deja-place.md"])
    jardin = (site / "actors" / "jardin-complet.md").read_text(encoding="utf-8")
    assert "lat: 50.4217\nlon: 2.9508\n" in jardin and jardin.count("lat:") == 1


def test_the_report_says_why_each_actor_was_not_placed(site, tmp_path):
    result = import_ban(site, write_ban(tmp_path / "adresses-62.csv"))
    assert result.returncode == 0, result.stderr
    report = (site.parent / "rapport-ban.md").read_text(encoding="utf-8")
    expected = [
        "`actors/marais.md` : pas de numéro dans l'adresse « Lieu-dit Le Marais »",
        "`actors/moulin.md` : 2 adresses possibles pour « 5 rue du Moulin » à Hénin-Beaumont (62110 Hénin-Liétard, 62110 Beaumont)",
        "`actors/lilas.md` : voie « rue des Lilas » inconnue de la BAN à Rouvroy",
        "`actors/eloy.md` : voie « place de l'Église Saint-Eloy » inconnue de la BAN à Hénin-Beaumont "
        "(voie proche : « Place de l'Église Saint-Éloi »)",
        "`actors/treize.md` : pas de n° 13 dans la voie « rue des Serres » à Hénin-Beaumont (numéros connus autour : 12, 12 bis, 14)",
    ]
    for line in expected:
        assert line in report
    assert "- `actors/eglise.md` : 3 pl. de l'Eglise St Eloi (50.408123, 2.961234)" in report
    assert "## Sans adresse" in report and "- `actors/1001-services.md`" in report
    assert "non trouvé : lilas.md : voie « rue des Lilas » inconnue" in result.stdout


def test_a_file_of_another_departement_is_refused(site, tmp_path):
    before = snapshot(site)
    result = import_ban(site, write_ban(tmp_path / "adresses-59.csv", ban_file.filler(50)))
    assert result.returncode == 1
    assert "aucune adresse des communes du territoire dans ce fichier" in result.stderr
    assert snapshot(site) == before


def test_an_actor_of_a_commune_missing_from_the_file_is_told(site, tmp_path):
    rows = [line for line in ban_file.ROWS if ";62277;" not in line]  # no Drocourt: another département's file for it
    assert import_ban(site, write_ban(tmp_path / "adresses-62.csv", rows)).returncode == 0
    report = (site.parent / "rapport-ban.md").read_text(encoding="utf-8")
    assert "`actors/gare-drocourt.md` : aucune adresse de Drocourt (62277) dans le fichier" in report


# --- wrong files -----------------------------------------------------------------------------

def header_without(*names):
    return ";".join(name for name in ban_file.HEADER.split(";") if name not in names)


def cut_rows(*names):
    drop = [ban_file.HEADER.split(";").index(name) for name in names]
    return [";".join(v for i, v in enumerate(line.split(";")) if i not in drop) for line in ban_file.ROWS[:10]]


@pytest.mark.parametrize("make, message", [
    (lambda d: write_ban(d / "adresses-62.csv", cut_rows("lat", "lon"), header=header_without("lat", "lon")),
     "ce n'est pas le fichier « adresses » de la BAN ; colonnes manquantes : lon, lat"),
    (lambda d: write_ban(d / "adresses-62.csv.gz", cut=40), "archive gzip tronquée ou abîmée"),
    (lambda d: write_ban(d / "adresses-62.csv", cut=120), "colonnes au lieu de 23 ; le fichier est tronqué"),
    (lambda d: d.joinpath("adresses-62.csv").write_bytes(b"%PDF-1.7\n\x00\xff\xfe\x81binary") and d / "adresses-62.csv",
     "ce n'est pas un fichier texte (CSV en UTF-8)"),
    (lambda d: d.joinpath("adresses-62.csv").write_text("id,numero,nom_voie\n1,2,rue\n") and d / "adresses-62.csv",
     "colonnes manquantes : numero, rep, nom_voie, code_postal, code_insee, lon, lat (le séparateur doit être « ; »)"),
    (lambda d: write_ban(d / "adresses-62.csv", []), "aucune adresse dans le fichier"),
    (lambda d: d.joinpath("vide.csv").write_bytes(b"") == 0 and d / "vide.csv", "fichier vide"),
    (lambda d: d / "absent.csv.gz", "fichier illisible"),
])
def test_a_wrong_file_is_refused_in_french_and_content_is_untouched(site, tmp_path, make, message):
    before = snapshot(site)
    result = import_ban(site, make(tmp_path))
    assert result.returncode == 1, result.stderr
    assert message in result.stderr
    assert "n'a pas été modifié" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert not (site.parent / "rapport-ban.md").exists()


def test_a_gzip_whose_stream_is_not_csv_is_refused(site, tmp_path):
    path = tmp_path / "adresses-62.csv.gz"
    path.write_bytes(gzip.compress(bytes(range(256)) * 64))
    result = import_ban(site, path)
    assert result.returncode == 1 and "ce n'est pas un fichier texte" in result.stderr, result.stderr


def test_ban_needs_its_file(site):
    result = run_cli("importer", "ban", "--content", str(site))
    assert result.returncode == 1
    assert "il manque --adresses pour importer ban" in result.stderr


def test_content_with_errors_is_not_imported_into(site, tmp_path):
    (site / "actors" / "faux.md").write_text("---\nnom: Faux\nstatut: asso\nsecteur: autres\ncommune: Rouvroy\n---\n", encoding="utf-8")
    before = snapshot(site)
    result = import_ban(site, write_ban(tmp_path / "adresses-62.csv"))
    assert result.returncode == 1
    assert "statut « asso » inconnu" in result.stderr and "corrigez-les avant d'importer" in result.stderr
    assert snapshot(site) == before
