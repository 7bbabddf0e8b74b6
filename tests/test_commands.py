"""The editors' commands: new, check (also as GitHub annotations), serve, and their refusals."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from ess_site.content.schema import ACTOR_FIELDS, LETTRE_FIELDS
from ess_site.tools.scaffold import ACTOR_BODY, LETTRE_BODY, LETTRE_HEADING
from tests.conftest import FIXTURE_SITE, ROOT, run_cli


def test_help_lists_the_commands_in_french():
    result = run_cli("--help")
    assert result.returncode == 0
    for line in ("utilisation : build.py", "build ", "check ", "serve ", "new ", "afficher cette aide"):
        assert line in result.stdout


def test_new_actor_holds_every_field_with_its_comment(content):
    result = run_cli("new", "acteur", "Épicerie Solidaire d'Oignies", "--content", str(content))
    path = content / "actors" / "epicerie-solidaire-d-oignies.md"
    assert result.returncode == 0 and f"Créé : {path}" in result.stdout
    text = path.read_text(encoding="utf-8")
    for field in ACTOR_FIELDS.values():
        assert f"\n{field.key}:" in text and field.doc in text, field.key
    assert 'nom: "Épicerie Solidaire d\'Oignies"' in text


def test_unfilled_new_actor_fails_check_naming_the_fields_to_fill(content):
    run_cli("new", "acteur", "Structure à compléter", "--content", str(content))
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    for key, line in (("statut", 3), ("secteur", 4), ("commune", 5)):
        assert f"actors/structure-a-completer.md:{line}: le champ obligatoire « {key} » est vide" in result.stderr


def fill(path, **values) -> None:
    """Give values to fields the scaffold left empty, keeping its comments and body."""
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"\n{key}:  #", f"\n{key}: {value}  #")
    path.write_text(text, encoding="utf-8")


def test_new_actor_with_its_model_presentation_is_refused(content):
    run_cli("new", "acteur", "Garage solidaire", "--content", str(content))
    path = content / "actors" / "garage-solidaire.md"
    fill(path, statut="association", secteur="autres", commune="Rouvroy")
    line = path.read_text(encoding="utf-8").split("\n").index(ACTOR_BODY.text) + 1
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{path}:{line}: texte du modèle « Présentez ici la structure en… » encore là : remplacez cette phrase par la "
        "présentation de la structure (ce qu'elle fait, pour qui, où), ou mettez « brouillon: true » tant que la fiche n'est pas prête\n")
    assert "1 problème trouvé" in result.stderr
    # a draft may stay unfinished: it is checked, not published
    path.write_text(path.read_text(encoding="utf-8").replace("brouillon: false", "brouillon: true"), encoding="utf-8")
    assert run_cli("check", "--content", str(content)).returncode == 0
    path.write_text(path.read_text(encoding="utf-8").replace("brouillon: true", "brouillon: false")
                    .replace(ACTOR_BODY.text, "Le garage répare les voitures des personnes en insertion."), encoding="utf-8")
    assert run_cli("check", "--content", str(content)).returncode == 0


def test_new_lettre_with_its_model_text_is_refused(content):
    run_cli("new", "lettre", "--content", str(content))
    path = content / "lettres" / "lettre-04.md"
    fill(path, titre="Les nouvelles de l'hiver")
    lines = path.read_text(encoding="utf-8").split("\n")
    heading, body = lines.index(LETTRE_HEADING.text) + 1, lines.index(LETTRE_BODY.text) + 1
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        f"{path}:{heading}: texte du modèle « ## Première rubrique » encore là : donnez à cette rubrique son vrai titre",
        f"{path}:{body}: texte du modèle « Écrivez ici. Citez un acteur… » encore là : remplacez cette phrase par le texte de la rubrique",
    ]
    assert "slug-de-l-acteur" not in result.stderr and "2 problèmes trouvés" in result.stderr


def test_new_actor_refusals(content):
    for args, message in ((("new", "acteur", "  "), "donnez le nom de la structure"),
                          (("new", "acteur", "Jardin complet !"), "jardin-complet.md existe déjà"),
                          (("new", "association", "X"), "« association » n'est pas un type de fichier")):
        result = run_cli(*args, "--content", str(content))
        assert result.returncode == 1 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert (content / "actors" / "le-jardin-complet.md").exists() is False


def test_new_lettre_takes_the_next_free_number(content):
    result = run_cli("new", "lettre", "--content", str(content))
    path = content / "lettres" / "lettre-04.md"
    assert result.returncode == 0 and path.is_file()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\nnumero: 4  # obligatoire") and all(f"\n{key}:" in text for key in LETTRE_FIELDS)
    check = run_cli("check", "--content", str(content))
    assert "lettres/lettre-04.md:3: le champ obligatoire « titre » est vide" in check.stderr


def test_check_on_a_folder_that_is_not_content(tmp_path):
    result = run_cli("check", "--content", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == f"Impossible : {tmp_path} : dossier de contenu introuvable (il doit contenir territoire.yaml et actors/).\n"


def test_check_prints_github_annotations(content):
    path = content / "actors" / "jardin-complet.md"
    path.write_text(path.read_text(encoding="utf-8").replace("statut: association", "statut: asso"), encoding="utf-8")
    result = run_cli("check", "--content", str(content), "--format", "github")
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"::error file={str(path).replace(':', '%3A')},line=4,title=Contenu invalide::statut « asso » inconnu ; ")


def test_check_on_the_sample_site_builds_nothing(tmp_path):
    """`check` only reads: no output/, no cache, content/ as it was (what keeps it quick)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Contenu valide : 13 acteurs publiés, 2 lettres." in result.stdout
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


# -- serve -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 20, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(interval)
    raise AssertionError("rien n'a changé à temps")


def first_event(url: str, page: str) -> str:
    """The first message of the preview's event stream for an open page: the digest of that page as served."""
    with urllib.request.urlopen(f"{url}/__apercu/evenements?page={urllib.parse.quote(page)}", timeout=5) as response:
        for line in response:
            if line.startswith(b"data: "):
                return line[6:].decode().strip()
    raise AssertionError("aucun message")


@pytest.fixture
def preview(content, tmp_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
                                "--output", str(tmp_path / "output"), "--port", str(port), "--sans-pdf", "--sans-recherche"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(url + "/"))
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_rebuilds_on_change_and_shows_errors_until_fixed(preview, content):
    url, process = preview
    page = fetch(url + "/acteurs/jardin-complet/")
    assert "Le Jardin Complet" in page and '<script src="/__apercu/recharger.js" data-vu="' in page
    shown = first_event(url, "/acteurs/jardin-complet/")
    path = content / "actors" / "jardin-complet.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("nom: Le Jardin Complet", "nom: Le Jardin Renouvelé"), encoding="utf-8")
    wait_for(lambda: "Le Jardin Renouvelé" in fetch(url + "/acteurs/jardin-complet/"))
    assert wait_for(lambda: first_event(url, "/acteurs/jardin-complet/") != shown)  # the open page reloads itself
    path.write_text(original.replace("statut: association", "statut: asso"), encoding="utf-8")
    def error_page():
        page = fetch(url + "/acteurs/")
        return page if "problème" in page else None

    error_page = wait_for(error_page)
    assert "jardin-complet.md:4: statut « asso » inconnu" in error_page
    path.write_text(original, encoding="utf-8")
    wait_for(lambda: "Le Jardin Complet" in fetch(url + "/acteurs/jardin-complet/"))
    process.terminate()
    log = process.communicate(timeout=10)[0]
    # written the French way: a decimal comma ("0,62 s", or "0,5 s" when the second decimal is 0)
    assert re.search(r"Site reconstruit en \d+(,\d{1,2})? s : \d+ pages rendues sur \d+\.", log), log
    assert not re.search(r"\d\.\d+ s", log), log


def test_serve_shows_an_edit_saved_as_soon_as_it_first_answers(tmp_path):
    """An editor saves a file the moment the preview answers: the page shows it. The edit keeps
    the file's size, and every other try puts its modification time back, as some tools do."""
    missed = []
    for attempt in range(5):
        root = tmp_path / str(attempt)
        content = root / "content"
        shutil.copytree(FIXTURE_SITE, content)
        port = free_port()
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
                                    "--output", str(root / "output"), "--port", str(port), "--sans-pdf", "--sans-recherche"],
                                   cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: fetch(url + "/"), interval=0.01)
            path = content / "actors" / "jardin-complet.md"
            before = path.stat()
            path.write_text(path.read_text(encoding="utf-8").replace("nom: Le Jardin Complet", "nom: Le Jardin Reverdi"),
                            encoding="utf-8")
            assert path.stat().st_size == before.st_size
            if attempt % 2:
                os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
            try:
                wait_for(lambda: "Le Jardin Reverdi" in fetch(url + "/acteurs/jardin-complet/"))
            except AssertionError:
                missed.append(attempt)
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert not missed, f"edit missed on tries {missed} of 5"


# Request targets no page bears: NUL bytes, percent-encoding that is not UTF-8 (or encodes a
# lone surrogate), raw bytes, names and paths too long for the file system, ".." in every guise.
HOSTILE = [b"/index.html%00.txt", b"/%00", b"/acteurs/%00/", b"/acteurs/%0a.html", b"/%ff%fe.html", b"/%ed%a0%80/",
           b"/\xff\xfe.html", b"/%zz.html", b"/%", b"/" + b"a" * 300 + b".html", b"/" + b"a/" * 3000,
           b"/../../../etc/passwd", b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/..%2f..%2f..%2fetc/passwd", b"/.%2e/.%2e/etc/passwd"]


def raw_get(port: int, target: bytes) -> bytes:
    """What the server answers to a request line as a hostile client writes it, unchecked."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_serve_answers_hostile_addresses_in_french_without_a_traceback(preview):
    url, process = preview
    port = int(url.rsplit(":", 1)[1])
    for target in HOSTILE:
        answer = raw_get(port, target)
        status = answer.split(b"\r\n", 1)[0].decode()
        assert status in ("HTTP/1.0 400 Bad Request", "HTTP/1.0 404 Not Found"), (target[:40], status)
        page = answer.partition(b"\r\n\r\n")[2].decode("utf-8")
        assert '<html lang="fr">' in page and re.search("<h1>(Adresse invalide|Page introuvable)</h1>", page), page
        assert "root:" not in page
    assert "Le Jardin Complet" in fetch(url + "/acteurs/jardin-complet/")  # still serving
    process.terminate()
    log = process.communicate(timeout=10)[0]
    assert "Traceback" not in log and "Erreur" not in log, log


def test_serve_on_a_busy_port(preview, content, tmp_path):
    url, _ = preview
    port = url.rsplit(":", 1)[1]
    result = run_cli("serve", "--content", str(content), "--output", str(tmp_path / "autre"), "--port", port, "--sans-recherche")
    assert result.returncode == 1
    assert f"Impossible d'ouvrir l'aperçu sur le port {port}" in result.stderr and result.stderr.count("\n") == 1


def test_serve_updates_the_printed_directory_after_the_pages(content, tmp_path):
    """With PDFs, the preview shows an edit at once and typesets the printed directories it
    changed in the background: the commune's PDF then prints the new name, and its page links it."""
    port = free_port()
    output = tmp_path / "output"
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--output", str(output),
                                "--port", str(port), "--sans-recherche"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    printed = output / "communes" / "henin-beaumont" / "annuaire.pdf"

    def pdf_text() -> str:
        return subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True).stdout if printed.is_file() else ""

    try:
        wait_for(lambda: fetch(url + "/"), timeout=60)
        wait_for(lambda: "Le Jardin Complet" in pdf_text(), timeout=60)  # typeset after the first pages too
        path = content / "actors" / "jardin-complet.md"
        path.write_text(path.read_text(encoding="utf-8").replace("nom: Le Jardin Complet", "nom: Le Jardin Renouvelé"), encoding="utf-8")
        wait_for(lambda: "Le Jardin Renouvelé" in fetch(url + "/acteurs/jardin-complet/"))
        wait_for(lambda: "Le Jardin Renouvelé" in pdf_text(), timeout=60)
        wait_for(lambda: 'href="/communes/henin-beaumont/annuaire.pdf"' in fetch(url + "/communes/henin-beaumont/"))
    finally:
        process.terminate()
        log = process.communicate(timeout=10)[0]
    assert re.search(r"Reste du site à jour en \d+(,\d)? s \(données ouvertes, annuaire imprimable\)\.", log), log
