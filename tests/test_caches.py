"""The caches under faults: a damaged byte in any cached file, or a cache file that cannot be read
or written, never reaches the site nor stops the build; `--complet` reads no cache at all.
Each case ends with output/ equal, byte for byte, to a clean build of the same content."""

import errno
import pathlib
import shutil

import jinja2
import pytest

from ess_site import pipeline
from ess_site.config import Config
from ess_site.incremental import actor_cache, data_cache
from ess_site.pipeline import build
from tests.conftest import FIXTURE_SITE, TODAY

ACTOR = "actors/cooperative-minimale.md"  # edited; the damage aims at another actor, jardin-complet
CACHES = {"actors": False, "data": False, "templates": False, "pdf": True, "pdf-annuaire": True}  # cache folder -> needs the PDFs


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def files_age_at_once(monkeypatch):
    monkeypatch.setattr(actor_cache, "RACY_SECONDS", 0)  # the actor cache keeps files just copied


@pytest.fixture
def site(tmp_path):
    shutil.copytree(FIXTURE_SITE, tmp_path / "content")
    return tmp_path


def config(site, name: str, pdf: bool, **changes) -> Config:
    return Config(**dict(content=site / "content", output=site / name, cache=site / f"cache-{name}", build_day=TODAY, pdf=pdf,
                         search=False) | changes)


def edit(site) -> None:  # another actor than the one damage() aims at
    path = site / "content" / ACTOR
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")


def damage(path: pathlib.Path) -> None:
    """Change one letter, same size: in an actor's name where the file holds one, else mid-file."""
    data = bytearray(path.read_bytes())
    at = data.find(b"Jardin Complet")
    at = at + 1 if at >= 0 else next(i for i in range(len(data) // 2, len(data)) if data[i] in b"abcdef0123456789")
    data[at] = ord("b") if data[at] != ord("b") else ord("c")
    path.write_bytes(bytes(data))


def cache_files(site, kind: str) -> list[pathlib.Path]:
    return sorted(p for p in (site / "cache-out" / kind).rglob("*") if p.is_file())


@pytest.mark.parametrize("edited", [False, True], ids=["rien-change", "fiche-modifiee"])
@pytest.mark.parametrize("kind", CACHES)
def test_a_damaged_byte_in_a_cache_never_reaches_the_site(site, kind, edited):
    """One changed letter (same size) in each file of a cache, one file at a time: the next
    build publishes what a clean build publishes (acteurs.csv, datapackage.json's SHA-256…),
    whether nothing changed or another actor was edited (the content then goes back and forth)."""
    pdf = CACHES[kind]
    path = site / "content" / ACTOR
    states = [path.read_text(encoding="utf-8")]
    states.append(states[0] + "\nUne phrase ajoutée.\n")
    clean = []
    for number, text in enumerate(states):
        path.write_text(text, encoding="utf-8")
        build(config(site, f"clean-{number}", pdf))
        clean.append(tree(site / f"clean-{number}"))
    build(config(site, "out", pdf))  # state 1
    count = len(cache_files(site, kind))
    assert count
    if pdf:  # PDFs are slow to typeset: one PDF and one record, not each of them
        count = 2
    state = 1
    for number in range(count):
        listed = cache_files(site, kind)  # listed again: an edit moves the data set to another key
        cached = [path for path in listed if path.suffix == (".pdf", ".json")[number]][0] if pdf else listed[number]
        original = cached.read_bytes()
        damage(cached)
        damaged = cached.read_bytes()
        assert damaged != original and len(damaged) == len(original)
        if edited:
            state = 1 - state
            path.write_text(states[state], encoding="utf-8")
        build(config(site, "out", pdf))
        assert tree(site / "out") == clean[state], cached.name
        if cached.exists() and cached.read_bytes() == damaged:  # left aside by the build: whole again for the next round
            cached.write_bytes(original)


def test_the_open_data_kept_is_trusted_by_its_stamps_and_a_file_altered_by_hand_is_hashed_and_made_again(site, monkeypatch):
    """After an edit, the last set's files are reused without reading them whole to hash them
    (their stamps match the record); one altered by hand since (same size) is hashed, found
    changed, and never reaches the site: output/ is a clean build's."""
    build(config(site, "out", False))
    hashed = []
    real = data_cache.sha256_of
    monkeypatch.setattr(data_cache, "sha256_of", lambda path: hashed.append(path.name) or real(path))
    edit(site)
    build(config(site, "out", False))
    assert hashed == []
    kept = next(path for path in cache_files(site, "data") if path.name == "acteurs.csv")
    damage(kept)
    edit(site)
    build(config(site, "out", False))
    assert hashed == ["acteurs.csv"]
    build(config(site, "clean", False))
    assert tree(site / "out") == tree(site / "clean")


def test_after_an_edit_the_open_data_is_the_last_set_with_the_edited_actor_s_lines_replaced(site, monkeypatch):
    """After one edited description, each actor file is the last set's bytes around the edited
    actor's new lines, copied in runs, not actor by actor (a Python step per actor and file cost
    0.25 s at 20 000 actors); output/ is a clean build's."""
    build(config(site, "out", False))
    copied = []
    real = data_cache.Stream.copy
    monkeypatch.setattr(data_cache.Stream, "copy", lambda stream, *args: copied.append(args[1]) or real(stream, *args))
    edit(site)
    build(config(site, "out", False))
    assert copied == []
    build(config(site, "clean", False))
    assert tree(site / "out") == tree(site / "clean")


@pytest.mark.parametrize("edited", [False, True], ids=["rien-change", "fiche-modifiee"])
def test_the_open_data_is_linked_from_the_cache_and_a_file_changed_by_hand_in_the_site_is_made_again(site, edited):
    """The site's open-data files are the cache's, linked (one file on disk, not a second copy of
    220 MB at 20 000 actors); one changed by hand in output/ changes the cache's too, which the
    next build finds by its stamp and makes again: output/ is a clean build's."""
    build(config(site, "out", False))
    published = site / "out" / "donnees" / "acteurs.csv"
    kept = next(path for path in cache_files(site, "data") if path.name == "acteurs.csv")
    assert published.stat().st_ino == kept.stat().st_ino
    damage(published)
    if edited:
        edit(site)
    build(config(site, "out", False))
    build(config(site, "clean", False))
    assert tree(site / "out") == tree(site / "clean")


def add_line(path: pathlib.Path, line: str) -> None:
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(f"{head}\n{line}\n---\n{body}", encoding="utf-8")


EDITS = {  # what changes the place or the presence of an actor's lines, or more than one actor's
    "deux-fiches": lambda actors: [edit(actors.parent.parent),
                                   add_line(actors / "1001-services.md", "sigle: MS")],
    "renommee": lambda actors: (actors / "cooperative-minimale.md").write_text(
        (actors / "cooperative-minimale.md").read_text(encoding="utf-8").replace("Coopérative Minimale", "Zèbre Coopérative"),
        encoding="utf-8"),
    "ajoutee": lambda actors: (actors / "aaa-nouvelle.md").write_text(
        (actors / "cooperative-minimale.md").read_text(encoding="utf-8").replace("Coopérative Minimale", "Atelier Nouveau"),
        encoding="utf-8"),
    "retiree": lambda actors: (actors / "1001-services.md").unlink(),
    "services-retires": lambda actors: (actors / "1001-services.md").write_text(
        "\n".join(line for line in (actors / "1001-services.md").read_text(encoding="utf-8").splitlines()
                  if not line.startswith(("publics:", "frais:"))) + "\n", encoding="utf-8"),
}


@pytest.mark.parametrize("change", EDITS)
def test_the_open_data_after_edits_that_move_add_or_remove_lines_is_a_clean_build_s(site, change):
    """The last set's files are spliced only when the same actors keep their order and each line
    stays present or absent: otherwise (two actors, a new name, an actor added or removed, a line
    gone from the services) the files are still a clean build's, byte for byte."""
    build(config(site, "out", False))
    EDITS[change](site / "content" / "actors")
    build(config(site, "out", False))
    build(config(site, "clean", False))
    assert tree(site / "out") == tree(site / "clean")


def test_a_build_after_an_edit_compiles_no_template_the_last_one_compiled(site, monkeypatch):
    """The templates compiled by a build are kept in the cache folder: the next build, in
    another process, runs them without parsing and compiling them again."""
    build(config(site, "out", False))
    compiled = []
    real = jinja2.Environment._compile
    monkeypatch.setattr(jinja2.Environment, "_compile", lambda env, source, filename: compiled.append(filename) or real(env, source, filename))
    edit(site)
    build(config(site, "out", False))
    assert compiled == []
    template = site / "templates"
    shutil.copytree(Config().templates, template)
    page = template / "actor.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(config(site, "out", False, templates=template))
    assert any(name.endswith("actor.html") for name in compiled)  # an edited template is compiled again


def test_templates_compiled_by_another_generator_s_code_are_compiled_again(site, monkeypatch):
    """What Jinja compiles depends on the generator's code too (the environment's options, the
    filters it knows): a change of code compiles every template again, and its old ones go."""
    build(config(site, "out", False))
    compiled = []
    real = jinja2.Environment._compile
    monkeypatch.setattr(jinja2.Environment, "_compile", lambda env, source, filename: compiled.append(filename) or real(env, source, filename))
    monkeypatch.setattr(pipeline, "generator_digest", lambda: "0" * 64)
    build(config(site, "out", False))
    assert any(name.endswith("actor.html") for name in compiled)
    assert [folder.name for folder in (site / "cache-out" / "templates").iterdir()] == ["0" * 16]


@pytest.mark.parametrize("kind", ["actors", "data"])
def test_complet_publishes_a_clean_build_over_a_damaged_cache(site, kind):
    build(config(site, "out", False))
    for path in cache_files(site, kind):
        damage(path)
    build(config(site, "out", False, incremental=False))
    build(config(site, "clean", False))
    assert tree(site / "out") == tree(site / "clean")


def test_complet_reads_no_cache(site, monkeypatch):
    """--complet redoes everything: no file of the cache folder is opened for reading."""
    build(config(site, "out", True))
    build(config(site, "out", True))
    cache = site / "cache-out"
    read = []
    real_open = pathlib.Path.open

    def spying_open(self, mode="r", *args, **kwargs):
        if "r" in mode and cache in self.absolute().parents:
            read.append(str(self.relative_to(cache)))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", spying_open)
    report = build(config(site, "out", True, incremental=False))
    assert read == []
    assert report.pdfs_reused == 0 and report.pdfs_made == 3


def unreadable(monkeypatch, folder: pathlib.Path) -> None:
    """As if the files under `folder` belonged to another user (tests may run as root, whom
    permissions do not stop): opening one for reading raises PermissionError."""
    real_open = pathlib.Path.open

    def refusing_open(self, mode="r", *args, **kwargs):
        if "r" in mode and folder in self.absolute().parents:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refusing_open)


@pytest.mark.parametrize("fault", ["permission", "dossier"])
@pytest.mark.parametrize("kind", CACHES)
def test_a_cache_that_cannot_be_read_or_written_is_ignored_and_said(site, kind, fault, monkeypatch, capsys):
    """No "Erreur interne": the build goes on without the cache, says in French which file and
    why, and publishes what a clean build publishes."""
    pdf = CACHES[kind]
    build(config(site, "out", pdf))
    capsys.readouterr()
    if fault == "permission":
        unreadable(monkeypatch, site / "cache-out" / kind)
    else:  # a folder where each file was: neither read nor replaced
        for path in cache_files(site, kind):
            path.unlink()
            path.mkdir()
    edit(site)
    build(config(site, "out", pdf))
    said = capsys.readouterr().err
    expected = "permission refusée" if fault == "permission" else "un dossier est à sa place"
    assert f"{site / 'cache-out' / kind}" in said and f"({expected})" in said, said
    assert "Cache " in said and "Traceback" not in said
    monkeypatch.undo()
    build(config(site, "clean", pdf))
    assert tree(site / "out") == tree(site / "clean")


def test_a_cache_folder_that_cannot_be_written_gives_the_open_data_all_the_same(site, capsys):
    """The open-data files are made in the cache folder: if it cannot take them, they are made
    aside and published all the same."""
    (site / "cache-out").mkdir()
    (site / "cache-out" / "data").write_text("un fichier à la place du dossier")
    build(config(site, "out", False))
    said = capsys.readouterr().err
    assert f"Cache des données ouvertes non enregistré : {site / 'cache-out' / 'data'}" in said, said
    build(config(site, "clean", False))
    assert tree(site / "out") == tree(site / "clean")


def test_a_folder_in_place_of_the_build_record_is_set_aside_and_the_site_built_whole(site, capsys):
    build(config(site, "out", False))
    record = next((site / "cache-out" / "build").glob("*.manifest"))
    record.unlink()
    record.mkdir()  # what a crashed tool or a hand could leave
    edit(site)
    build(config(site, "out", False))
    build(config(site, "clean", False, cache=site / "cache-clean"))
    assert tree(site / "out") == tree(site / "clean")
    assert record.is_file()  # the record is written again: the next build is an update


def test_a_build_record_that_cannot_be_removed_stops_the_build_in_french_before_output_changes(site, monkeypatch):
    from ess_site.incremental import manifest
    from ess_site.problems import UnusableCache

    build(config(site, "out", False))
    before = tree(site / "out")
    edit(site)

    real = manifest.Path.unlink

    def refuse(self, missing_ok=False):
        if self.parent.name == "build" and self.suffix == ".manifest":
            raise PermissionError(errno.EACCES, "Permission non accordée", str(self))
        return real(self, missing_ok=missing_ok)

    monkeypatch.setattr(manifest.Path, "unlink", refuse)
    with pytest.raises(UnusableCache, match=r"Le cache de la construction .* ne peut pas être effacé .* supprimez-le"):
        build(config(site, "out", False))
    monkeypatch.undo()
    assert tree(site / "out") == before


def test_a_build_record_that_cannot_be_written_is_said_and_the_next_build_is_whole(site, monkeypatch, capsys):
    from ess_site.incremental import manifest

    real = manifest.os.replace

    def refuse(source, target):
        if str(target).endswith(".manifest") and "/build/" in str(target):
            raise OSError(errno.ENOSPC, "Plus d'espace disponible sur le périphérique")
        return real(source, target)

    monkeypatch.setattr(manifest.os, "replace", refuse)
    build(config(site, "out", False))
    assert "Cache de la construction ignoré" in capsys.readouterr().err
    monkeypatch.undo()
    edit(site)
    build(config(site, "out", False))
    build(config(site, "clean", False, cache=site / "cache-clean"))
    assert tree(site / "out") == tree(site / "clean")
