"""Whatever an actor file holds, the editor gets a French 'path:line: message', never a traceback."""

import pytest

from tests.conftest import problems_of

VALID = "---\nnom: Essai\nstatut: association\nsecteur: sante\ncommune: Rouvroy\n---\nTexte.\n"


def write(content, data: bytes, name: str = "essai.md") -> list[str]:
    (content / "actors" / name).write_bytes(data)
    return [p for p in problems_of(content) if p.startswith(f"actors/{name}:")]


def test_bom_and_windows_line_endings_are_accepted(content):
    assert write(content, b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode()) == []


def test_bytes_that_are_not_utf8(content):
    data = VALID.replace("Essai", "Caf\xe9").encode("latin-1")
    assert write(content, data) == ["actors/essai.md:2: le fichier n'est pas en UTF-8 ; enregistrez-le en UTF-8"]


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_empty_file(content, data):
    assert write(content, data) == ["actors/essai.md:1: fichier vide"]


def test_missing_front_matter(content):
    assert write(content, b"nom: Essai\n") == [
        "actors/essai.md:1: le fichier doit commencer par une ligne « --- » suivie des champs"
    ]


def test_unclosed_front_matter(content):
    assert write(content, b"---\nnom: Essai\n") == ["actors/essai.md:1: la ligne « --- » qui ferme l'en-tête est introuvable"]


def test_front_matter_that_is_not_a_mapping(content):
    assert write(content, b"---\n- nom\n- statut\n---\n") == [
        "actors/essai.md:2: l'en-tête doit être une liste de champs « nom: valeur »"
    ]


def test_broken_yaml_points_at_its_line(content):
    data = VALID.replace("secteur: sante", "secteur: sante: action").encode()
    assert write(content, data) == [
        "actors/essai.md:4: « : » inattendu ; mettez la valeur entre guillemets si elle contient « : »"
    ]


def test_tab_indentation(content):
    assert write(content, VALID.replace("commune: Rouvroy", "commune:\n\t- Rouvroy").encode()) == [
        "actors/essai.md:6: tabulation interdite ; indentez avec des espaces"
    ]


def test_unclosed_quote_is_reported_where_it_opens(content):
    assert write(content, VALID.replace("nom: Essai", 'nom: "Essai').encode()) == [
        "actors/essai.md:2: guillemet ouvert sur cette ligne et jamais refermé"]
    assert write(content, VALID.replace("nom: Essai", "nom: [Essai").encode()) == [
        "actors/essai.md:2: crochet « [ » ouvert sur cette ligne et jamais refermé"]


def test_python_tags_are_refused(content):
    data = VALID.replace("nom: Essai", "nom: !!python/object/apply:os.system ['echo pwned']").encode()
    assert write(content, data) == [
        "actors/essai.md:2: étiquette YAML « !!python/object/apply:os.system » non acceptée"
    ]


def test_duplicate_keys_are_reported(content):
    data = VALID.replace("commune: Rouvroy", "commune: Rouvroy\nnom: Autre nom").encode()
    assert write(content, data) == ["actors/essai.md:6: champ « nom » en double (déjà ligne 2)"]


def test_date_that_does_not_exist(content):
    data = VALID.replace("commune: Rouvroy", "commune: Rouvroy\ncreation: 2023-02-30").encode()
    assert write(content, data) == ["actors/essai.md:6: « 2023-02-30 » : ce jour n'existe pas"]


def test_date_where_a_year_is_expected(content):
    data = VALID.replace("commune: Rouvroy", "commune: Rouvroy\ncreation: 2023-02-03").encode()
    assert write(content, data) == [
        "actors/essai.md:6: creation : « 2023-02-03 » n'est pas une année à 4 chiffres ; écrivez seulement l'année : 2023"
    ]


def test_alias_bombs_are_refused(content):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    problems = write(content, f"---\n{bomb}---\n".encode())
    aliases = [p for p in problems if "alias" in p]
    assert aliases == ["actors/essai.md:2: les alias YAML (« & » et « * ») ne sont pas acceptés ; recopiez la valeur"]  # once, not 70 times


def test_deep_nesting(content):
    assert write(content, b"---\nnom: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n") == [
        "actors/essai.md:2: imbrication beaucoup trop profonde"
    ]
    nested = VALID.replace("commune: Rouvroy", "commune: Rouvroy\nlabels: " + "[" * 20 + "]" * 20)
    assert "actors/essai.md:6: valeur trop imbriquée" in write(content, nested.encode())


def test_huge_file(content):
    assert write(content, VALID.encode() + b"x" * 600_000) == [
        "actors/essai.md:1: fichier trop volumineux (586 Kio ; maximum 512 Kio)"
    ]


def test_file_name_that_is_not_a_slug_gets_a_proposal(content):
    assert write(content, VALID.encode(), name="Café Solidaire.md") == [
        "actors/Café Solidaire.md:1: nom de fichier invalide : minuscules sans accents, chiffres et tirets seulement ; renommez-le « cafe-solidaire.md »"
    ]


def test_file_that_is_not_markdown(content):
    assert write(content, VALID.encode(), name="essai.txt") == [
        "actors/essai.txt:1: seuls les fichiers .md sont lus dans ce dossier ; renommez ou déplacez ce fichier"
    ]


def test_problems_of_every_file_come_together(content):
    (content / "actors" / "a.md").write_text(VALID.replace("association", "asso"), encoding="utf-8")
    (content / "actors" / "b.md").write_text(VALID.replace("Rouvroy", "Paris"), encoding="utf-8")
    (content / "actors" / "c.md").write_bytes(b"\xff\xfe")
    located = [p.split(": ")[0] for p in problems_of(content)]
    assert located == ["actors/a.md:3", "actors/b.md:5", "actors/c.md:1"]


def test_a_symbolic_link_out_of_the_content_folder_is_refused(content, tmp_path):
    outside = tmp_path / "ailleurs.md"
    outside.write_text((content / "actors" / "cooperative-minimale.md").read_text(encoding="utf-8").replace(
        "nom:", "nom: Fiche de la machine\nsigle:", 1), encoding="utf-8")
    (content / "actors" / "zz-lien.md").symlink_to(outside)
    (content / "lettres" / "zz-lien.md").symlink_to(outside)
    (content / "actors" / "lien-interne.md").symlink_to(content / "actors" / "cooperative-minimale.md")
    message = ("1: lien symbolique vers un fichier hors du dossier de contenu : refusé ; "
               "copiez le fichier dans le dossier au lieu de le lier")
    problems = problems_of(content)
    assert f"actors/zz-lien.md:{message}" in problems and f"lettres/zz-lien.md:{message}" in problems
    assert [p for p in problems if "lien-interne" in p and "lien symbolique" in p] == []  # a link inside content/ is fine


def test_a_territory_file_linked_from_elsewhere_is_refused(content, tmp_path):
    elsewhere = tmp_path / "territoire.yaml"
    (content / "territoire.yaml").rename(elsewhere)
    (content / "territoire.yaml").symlink_to(elsewhere)
    assert "territoire.yaml:1: lien symbolique vers un fichier hors du dossier de contenu : refusé ; " \
           "copiez le fichier dans le dossier au lieu de le lier" in problems_of(content)
