"""`build.py importer sirene` as the chargée de mission runs it: the merge never clobbers an
editor's words, a second run changes nothing, and wrong files are refused with content/ untouched."""

import csv
import zipfile

import pytest

from tests.conftest import run_cli

ETABLISSEMENT = ["siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement", "trancheEffectifsEtablissement",
                 "dateDernierTraitementEtablissement", "etablissementSiege", "complementAdresseEtablissement", "numeroVoieEtablissement",
                 "indiceRepetitionEtablissement", "typeVoieEtablissement", "libelleVoieEtablissement", "codePostalEtablissement",
                 "codeCommuneEtablissement", "etatAdministratifEtablissement", "enseigne1Etablissement",
                 "denominationUsuelleEtablissement", "activitePrincipaleEtablissement"]
UNITE = ["siren", "denominationUniteLegale", "sigleUniteLegale", "categorieJuridiqueUniteLegale",
         "economieSocialeSolidaireUniteLegale", "etatAdministratifUniteLegale"]
JARDIN_SIRET = "73282932000074"  # the fixture's jardin-complet.md


def row(siret, commune, tranche="12", etat="A", activite="88.10A", voie="DE LA GARE"):
    return [siret[:9], siret[9:], siret, "O", "1990-05-01", tranche, "2026-10-31T08:00:00", "true", "", "12", "", "RUE", voie,
            "62110", commune, etat, "", "", activite]


def write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def register(tmp_path):
    """A small register: the fixture's jardin (listed), a new association, and one row per
    commune of the territory so that each is known to the register."""
    rows = [row(JARDIN_SIRET, "62427", tranche="21"), row("44306184100047", "62427", tranche="02"),
            row("55208131766522", "62724", activite="84.11Z"), row("55210055400507", "62277", activite="84.11Z")]
    units = [["732829320", "LES JARDINS DE L'ESPOIR", "", "9220", "O", "A"],
             ["443061841", "ASSOCIATION D'AIDE A DOMICILE DU PAYS D'HENIN", "AADPH", "9220", "", "A"],
             ["552081317", "COMMUNE DE ROUVROY", "", "7210", "", "A"], ["552100554", "COMMUNE DE DROCOURT", "", "7210", "", "A"]]
    return (write(tmp_path / "StockEtablissement_utf8.csv", ETABLISSEMENT, rows),
            write(tmp_path / "StockUniteLegale_utf8.csv", UNITE, units))


def import_into(content, etablissements, unites, *options):
    return run_cli("importer", "sirene", "--content", str(content), "--etablissements", str(etablissements),
                   "--unites-legales", str(unites), "--rapport", str(content.parent / "rapport.md"), *options)


def snapshot(content):
    return {path.relative_to(content).as_posix(): path.read_bytes() for path in sorted(content.rglob("*")) if path.is_file()}


def test_new_actors_get_a_file_and_editors_words_are_kept(content, register):
    jardin = (content / "actors" / "jardin-complet.md").read_text(encoding="utf-8")
    result = import_into(content, *register)
    assert result.returncode == 0, result.stderr
    new = (content / "actors" / "association-d-aide-a-domicile-du-pays-d-henin.md").read_text(encoding="utf-8")
    assert new == ('---\nnom: "Association d\'aide à domicile du pays d\'Hénin"\nstatut: "association"\nsecteur: "action-sociale"\n'
                   'commune: "Hénin-Beaumont"\nsigle: "AADPH"\nadresse: "12 rue de la Gare"\ncode_postal: "62110"\n'
                   'siret: "44306184100047"\ncreation: 1990\ntranche_effectif: "02"\nsource: "Insee, répertoire Sirene"\n'
                   'date_source: 2026-10-31\n---\n')
    assert (content / "actors" / "jardin-complet.md").read_text(encoding="utf-8") == jardin  # its effectif says more than a band
    report = (content.parent / "rapport.md").read_text(encoding="utf-8")
    assert "| nouveaux acteurs (un fichier chacun) | 1 |" in report
    assert run_cli("check", "--content", str(content)).returncode == 0


def test_a_second_import_changes_nothing(content, register):
    assert import_into(content, *register).returncode == 0
    before = snapshot(content)
    assert import_into(content, *register).returncode == 0
    assert snapshot(content) == before


def test_differences_are_listed_then_applied_on_request_without_touching_the_description(content, register):
    path = content / "actors" / "essai.md"
    path.write_text('---\nnom: Aide à domicile du pays d\'Hénin\nstatut: association\nsecteur: action-sociale\n'
                    'commune: Hénin-Beaumont\nsiret: "443 061 841 00047"\ntranche_effectif: "01"\n---\n'
                    'Une présentation écrite par une éditrice, **à garder**.\n', encoding="utf-8")
    assert import_into(content, *register).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert 'tranche_effectif: "01"' in text and 'adresse: "12 rue de la Gare"' in text  # a field absent was added
    report = (content.parent / "rapport.md").read_text(encoding="utf-8")
    assert "`actors/essai.md` : tranche_effectif : « 01 » ici, « 02 » au registre" in report
    missing = report.split("## Absents du registre\n\n")[1]  # the fixture's hand-written actors: said what it means
    assert missing.startswith("Ces fiches de l'annuaire n'ont été trouvées dans le fichier importé ni par leur siret, ni par leur nom")
    assert "**Ne les supprimez pas**" in missing.split("\n- ")[0] and "\n- `actors/" in missing
    assert import_into(content, *register, "--mettre-a-jour").returncode == 0
    text = path.read_text(encoding="utf-8")
    assert 'tranche_effectif: "02"' in text and text.endswith("---\nUne présentation écrite par une éditrice, **à garder**.\n")
    assert "nom: Aide à domicile du pays d'Hénin\n" in text  # the editor's name stays
    assert not (content / "actors" / "association-d-aide-a-domicile-du-pays-d-henin.md").exists()  # matched, not duplicated


def refused(content, etablissements, unites, *messages):
    before = snapshot(content)
    result = import_into(content, etablissements, unites)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    for message in messages:
        assert message in result.stderr, result.stderr
    assert f"Import impossible : {content}/ n'a pas été modifié." in result.stderr
    assert snapshot(content) == before


def test_a_file_that_is_not_the_register_names_its_missing_columns(content, register, tmp_path):
    wrong = write(tmp_path / "autre.csv", ["siren", "nom", "ville"], [["1", "x", "y"]])
    refused(content, wrong, register[1], f"{wrong} : ce n'est pas le fichier des établissements (StockEtablissement) de l'Insee ; "
                                         "colonnes manquantes : siret, statutDiffusionEtablissement")


def test_an_empty_file_and_a_truncated_zip(content, register, tmp_path):
    empty = tmp_path / "vide.csv"
    empty.write_text("")
    refused(content, empty, register[1], f"{empty} : fichier vide")
    archive = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(register[0], "StockEtablissement_utf8.csv")
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused(content, archive, register[1], f"{archive} : archive zip illisible ou tronquée")


def test_a_commune_missing_from_the_register(content, register, tmp_path):
    rows = [row(JARDIN_SIRET, "62427")]
    only_one = write(tmp_path / "un.csv", ETABLISSEMENT, rows)
    refused(content, only_one, register[1], "aucun établissement pour Rouvroy (62724), Drocourt (62277)")


def test_a_zip_as_insee_distributes_it_gives_the_same_result(content, register, tmp_path):
    archive = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(register[0], "StockEtablissement_utf8.csv")
    assert import_into(content, archive, register[1]).returncode == 0
    assert (content / "actors" / "association-d-aide-a-domicile-du-pays-d-henin.md").is_file()


# -- the generated extract: the outcome known by construction ---------------------------------

COMMUNES = [("62427", "Hénin-Beaumont", "62110"), ("62724", "Rouvroy", "62320"), ("62277", "Drocourt", "62320")]


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    from tests.fixtures.sirene_extract import write_extract

    return write_extract(tmp_path_factory.mktemp("sirene"), COMMUNES)


@pytest.fixture
def empty_directory(content):
    """The fixture territory with no actor and no lettre: the directory the register fills."""
    for folder in ("actors", "lettres"):
        for path in (content / folder).glob("*.md"):
            path.unlink()
    return content


def imported_actors(content) -> dict[str, dict]:
    """siret -> the front matter of each imported file."""
    import yaml

    actors = {}
    for path in (content / "actors").glob("*.md"):
        fields = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        actors[fields["siret"]] = fields
    return actors


def test_import_then_build_counts_what_the_register_holds(empty_directory, extract, tmp_path):
    import json
    from collections import Counter

    content = empty_directory
    result = run_cli("importer", "sirene", "--content", str(content), "--etablissements", str(extract.etablissements_zip),
                     "--unites-legales", str(extract.unites_legales_csv), "--geolocalisation", str(extract.geolocalisation_csv),
                     "--rapport", str(tmp_path / "rapport.md"))
    assert result.returncode == 0, result.stderr
    actors = imported_actors(content)
    expected = extract.expected
    assert set(actors) == set(expected)
    names = {c[0]: c[1] for c in COMMUNES}
    assert {siret: (a["statut"], a["secteur"], a["commune"], a.get("tranche_effectif")) for siret, a in actors.items()} == {
        siret: (e.statut, e.secteur, names[e.commune], e.tranche) for siret, e in expected.items()}
    assert {siret for siret, a in actors.items() if "lat" in a} == {siret for siret, e in expected.items() if e.has_coordinates}
    partial = {siret for siret, e in expected.items() if e.diffusion_partielle}
    assert partial and all("adresse" not in actors[s] and "code_postal" not in actors[s] and "lat" not in actors[s] for s in partial)

    site = tmp_path / "site"
    built = run_cli("--content", str(content), "--output", str(site), "--sans-recherche", "--cache", str(tmp_path / "cache"))
    assert built.returncode == 0, built.stderr
    figures = json.loads((site / "chiffres-cles" / "chiffres.json").read_text(encoding="utf-8"))
    assert {insee: area["acteurs"] for insee, area in figures["par_commune"].items()} == dict(Counter(e.commune for e in expected.values()))
    statuts = Counter(e.statut for e in expected.values())
    for statut, count in statuts.items():
        page = (site / "statuts" / statut / "index.html").read_text(encoding="utf-8")
        assert f"{count} acteurs de l'économie sociale et solidaire" in page.replace("\u202f", " ")
    for secteur, count in Counter(e.secteur for e in expected.values()).items():
        page = (site / "secteurs" / secteur / "index.html").read_text(encoding="utf-8")
        noun = "acteur" if count == 1 else "acteurs"
        assert f"{count} {noun} de l'économie sociale et solidaire" in page
    html = " ".join(path.read_text(encoding="utf-8") for path in site.rglob("*.html")).lower()
    assert [value for value in extract.personal_values if value.lower() in html] == []
    assert "[nd]" not in html and "[ND]" not in "".join(path.read_text(encoding="utf-8") for path in (content / "actors").glob("*.md"))

    before = snapshot(content)
    again = run_cli("importer", "sirene", "--content", str(content), "--etablissements", str(extract.etablissements_parquet),
                    "--unites-legales", str(extract.unites_legales_parquet), "--geolocalisation", str(extract.geolocalisation_csv),
                    "--rapport", str(tmp_path / "rapport.md"))
    assert again.returncode == 0, again.stderr
    assert snapshot(content) == before  # the Parquet copies say the same: nothing to change


def test_an_older_file_without_coordinates_places_actors_from_the_geolocation_file(empty_directory, extract, tmp_path):
    result = run_cli("importer", "sirene", "--content", str(empty_directory), "--etablissements", str(extract.etablissements_ancien_csv),
                     "--unites-legales", str(extract.unites_legales_csv), "--geolocalisation", str(extract.geolocalisation_csv),
                     "--rapport", str(tmp_path / "rapport.md"))
    assert result.returncode == 0, result.stderr
    actors = imported_actors(empty_directory)
    assert set(actors) == set(extract.expected)
    placed = {siret for siret, a in actors.items() if "lat" in a}
    assert placed == {s for s, e in extract.expected.items() if e.has_coordinates} - set(extract.points_only_in_stock)


def test_an_actor_without_siret_is_matched_by_name_and_commune_and_a_closed_one_is_reported(content, register, tmp_path):
    path = content / "actors" / "aide-a-domicile.md"
    path.write_text("---\nnom: ASSOCIATION D'AIDE À DOMICILE du pays d'Hénin\nstatut: association\nsecteur: action-sociale\n"
                    "commune: Hénin-Beaumont\n---\nTexte.\n", encoding="utf-8")
    etablissements, unites = register
    rows = list(csv.reader(etablissements.open(encoding="utf-8")))
    rows[1][15] = "F"  # the jardin's establishment has closed
    closed = write(tmp_path / "ferme.csv", rows[0], rows[1:])
    assert import_into(content, closed, unites).returncode == 0
    assert 'siret: "44306184100047"' in path.read_text(encoding="utf-8")  # found by its name: the siret is added
    report = (content.parent / "rapport.md").read_text(encoding="utf-8")
    assert "| acteurs fermés au registre | 1 |" in report
    assert "`actors/jardin-complet.md` : établissement fermé au registre" in report
    assert not list((content / "actors").glob("association-d-aide*"))


def test_a_file_with_windows_line_endings_keeps_them(content, register):
    path = content / "actors" / "essai.md"
    path.write_bytes(b'\xef\xbb\xbf---\r\nnom: Aide\r\nstatut: association\r\nsecteur: action-sociale\r\ncommune: "62427"\r\n'
                     b'siret: "44306184100047"\r\n---\r\nTexte.\r\n')
    assert import_into(content, *register).returncode == 0
    data = path.read_bytes()
    assert data.startswith(b'\xef\xbb\xbf---\r\nnom: Aide\r\n') and b'\r\ntranche_effectif: "02"\r\n---\r\nTexte.\r\n' in data
    assert b"\n" not in data.replace(b"\r\n", b"")


# -- hostile files: a French message, exit 1, and the process ends -----------------------------

def test_a_binary_file_is_refused_in_french(content, register, tmp_path):
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)  # an image given by mistake: not UTF-8 from its first byte
    refused(content, binary, register[1], f"{binary} : ce n'est pas un fichier texte (CSV en UTF-8)")
    garbled = tmp_path / "abime.csv"
    bad_row = ",".join(row("44306184100099", "62427")).encode().replace(b"DE LA GARE", b"\xff\xfe\xc3\x28")
    garbled.write_bytes(register[0].read_bytes() + bad_row + b"\r\n")  # right columns, then bytes that are not text
    refused(content, garbled, register[1], f"{garbled} : fichier mal formé à partir de la ligne 2 "
                                           "(des octets qui ne sont pas du texte UTF-8)")


def test_one_siret_on_two_rows_that_differ_is_an_error_and_the_same_row_twice_is_not(content, register, tmp_path):
    same = [row(JARDIN_SIRET, "62427", tranche="21")] * 2
    rows = same + [row("44306184100047", "62427", tranche="02"), row("44306184100047", "62427", tranche="03", voie="DU MOULIN"),
                   row("55208131766522", "62724", activite="84.11Z"), row("55210055400507", "62277", activite="84.11Z")]
    twice = write(tmp_path / "double.csv", ETABLISSEMENT, rows)
    refused(content, twice, register[1], f"{twice} : siret 44306184100047 sur plusieurs lignes qui diffèrent "
                                         "(libelleVoieEtablissement, trancheEffectifsEtablissement) ; le fichier de l'Insee "
                                         "n'a qu'une ligne par siret")
    assert f"siret {JARDIN_SIRET}" not in import_into(content, twice, register[1]).stderr  # the same row twice says nothing new
    once = write(tmp_path / "une-fois.csv", ETABLISSEMENT, rows[:3] + rows[4:])
    assert import_into(content, once, register[1]).returncode == 0


def test_a_zip_whose_csv_has_a_line_over_1_mib_is_refused_and_the_process_ends(content, register, tmp_path):
    """Arrow's streaming reader read the zip from a background thread; when the long line ended
    the import, that thread could still be reading at exit: the process hung or aborted
    ("Fatal Python error: PyGILState_Release", 1 to 4 runs of 8). Eight runs at once, as it showed."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    rows = list(csv.reader(register[0].open(encoding="utf-8")))[1:]
    long = row("44306184100099", "62427")
    long[16] = "X" * (2 << 20)
    filler = [row(f"{index:014d}", "75056") for index in range(20_000)]
    plain = write(tmp_path / "long.csv", ETABLISSEMENT, rows + filler + [long] + filler * 5)
    archive = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(plain, "StockEtablissement_utf8.csv")
    before = snapshot(content)
    command = [sys.executable, str(ROOT / "build.py"), "importer", "sirene", "--content", str(content), "--etablissements", str(archive),
               "--unites-legales", str(register[1]), "--rapport", str(tmp_path / "rapport.md")]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outcomes = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]
    line = f"{len(rows) + 20_002:_}".replace("_", "\u202f")  # the header, the rows, the filler, then the long line
    message = f"{archive} : la ligne {line} dépasse 1 Mio ; ce n'est pas le fichier de l'Insee"
    assert [code for code, _ in outcomes] == [1] * 8, outcomes
    assert all(message in err and "Fatal" not in err and "Traceback" not in err for _, err in outcomes), outcomes
    assert snapshot(content) == before


# -- an import killed while it writes: content/actors/ old or new, whole -----------------------

KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from ess_site.sirene.command import ImportRequest, run_import
label, at, content, etablissements, unites, points = sys.argv[1], float(sys.argv[2]), *map(Path, sys.argv[3:])

def progress(step, fraction, *_):
    if step == label and fraction >= at:
        os.kill(os.getpid(), signal.SIGKILL)

run_import(ImportRequest(content, etablissements, unites, points), progress)
"""
# (step of the import's progress, fraction of that step) at which it is killed
KILLS = [("établissements", 0.0), ("écriture des fiches", 0.0), ("écriture des fiches", 0.5), ("écriture des fiches", 1.0),
         ("mise en place", 0.0), ("mise en place", 1.0)]


def test_an_import_killed_while_writing_leaves_the_actors_old_or_new_and_the_next_run_finishes(empty_directory, extract, tmp_path):
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT

    content, files = empty_directory, (extract.etablissements_zip, extract.unites_legales_csv, extract.geolocalisation_csv)
    pristine = tmp_path / "pristine"
    shutil.copytree(content, pristine)

    def again():
        return run_cli("importer", "sirene", "--content", str(content), "--etablissements", str(files[0]), "--unites-legales",
                       str(files[1]), "--geolocalisation", str(files[2]), "--rapport", str(tmp_path / "rapport.md"))

    def visible():  # content/ as check and the build read it, the staging folder aside
        return {path: data for path, data in snapshot(content).items() if not path.startswith(".import-sirene/")}

    untouched = snapshot(content)
    assert again().returncode == 0
    whole = snapshot(content)
    assert len(whole) - len(untouched) == len(extract.expected) > 30
    outcomes = []
    for label, at in KILLS:
        shutil.rmtree(content)
        shutil.copytree(pristine, content)
        run = subprocess.run([sys.executable, "-c", KILLED_IMPORT.format(root=str(ROOT)), label, str(at), str(content), *map(str, files)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == -9, (label, at, run.stderr)  # killed by its own progress
        state = visible()
        outcomes.append((label, at, "ancien" if state == untouched else "nouveau" if state == whole else "mélange"))
        assert state in (untouched, whole), (label, at)
        if (content / ".import-sirene").exists():
            check = run_cli("check", "--content", str(content))
            assert check.returncode == 1 and f"{content}/.import-sirene:1: reste d'un import Sirene interrompu" in check.stderr, check.stderr
            assert "relancez l'import" in check.stderr
            if not any(outcome == "refusé par la construction" for *_, outcome in outcomes):
                build = run_cli("--content", str(content), "--output", str(tmp_path / "site"), "--sans-recherche")
                assert build.returncode == 1 and "reste d'un import Sirene interrompu" in build.stderr, build.stderr
                assert not (tmp_path / "site").exists()
                outcomes.append((label, at, "refusé par la construction"))
        assert again().returncode == 0, (label, at)
        assert snapshot(content) == whole, (label, at)  # the next run ends as an uninterrupted one, nothing left behind
        assert run_cli("check", "--content", str(content)).returncode == 0
    assert {outcome for _, _, outcome in outcomes} == {"ancien", "nouveau", "refusé par la construction"}, outcomes
    print(outcomes)
