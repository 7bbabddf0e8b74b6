"""Incremental builds: after each kind of edit, the site updated in place is byte for byte the
site a clean build writes, and only the pages that show the edit are rendered again."""

import gzip
import io
import marshal
import pickle
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from ess_site.config import Config
from ess_site.incremental import actor_cache
from ess_site.incremental.cache_files import sealed, unsealed
from ess_site.incremental.manifest import manifest_path
from ess_site.pipeline import build
from ess_site.problems import ContentErrors
from ess_site.render import data_files
from tests.conftest import ROOT, TODAY

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

ACTOR = "actors/structure-000007.md"


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def files_age_at_once(monkeypatch):
    """Actor files are cached only once they are older than a clock tick could hide; these tests
    edit files right after building, so they let the cache keep them at once."""
    monkeypatch.setattr(actor_cache, "RACY_SECONDS", 0)


@pytest.fixture
def project(tmp_path):
    """Synthetic content (120 actors, 6 lettres) with its own copy of the templates and assets."""
    generate(120, tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def config(project, name: str, **changes) -> Config:
    settings = dict(content=project / "content", templates=project / "templates", assets=project / "assets",
                    output=project / name, cache=project / f"cache-{name}", build_day=TODAY, pdf=False, search=False)
    return Config(**(settings | changes))


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_field(path, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines) + "\n",
                    encoding="utf-8")


def description(project):
    (project / "content" / ACTOR).write_text((project / "content" / ACTOR).read_text() + "\nUne phrase ajoutée.\n")


def commune(project):
    set_field(project / "content" / ACTOR, "commune", "Carvin")
    set_field(project / "content" / ACTOR, "code_postal", '"62220"')


def name(project):
    set_field(project / "content" / ACTOR, "nom", "Aaa première structure")


def headcount(project):
    set_field(project / "content" / ACTOR, "effectif", "119")


def uncited(project) -> str:
    """An actor no lettre cites (a lettre may not cite a draft or a removed actor)."""
    lettres = "".join(path.read_text() for path in (project / "content" / "lettres").glob("*.md"))
    return next(f"actors/structure-{n:06d}.md" for n in range(120) if f"[[structure-{n:06d}]]" not in lettres)


def draft(project):
    path = project / "content" / uncited(project)
    path.write_text(path.read_text().replace("---\n", "---\nbrouillon: true\n", 1))


def added(project):
    shutil.copy(project / "content" / ACTOR, project / "content" / "actors" / "nouvelle-structure.md")
    set_field(project / "content" / "actors" / "nouvelle-structure.md", "siret", '"73282932000074"')


def removed(project):
    (project / "content" / uncited(project)).unlink()


def lettre(project):
    path = project / "content" / "lettres" / "lettre-03.md"
    path.write_text(path.read_text().replace("## Rubrique 2", "## Rubrique modifiée"))


def lettre_removed(project):
    (project / "content" / "lettres" / "lettre-06.md").unlink()


def territory(project):
    edit(project / "content" / "territoire.yaml", "nom: ", "nom: Territoire renommé · ")


def actor_template(project):
    edit(project / "templates" / "actor.html", ">En bref</h2>", ">L'essentiel</h2>")


def base_template(project):
    edit(project / "templates" / "base.html", "Aller au contenu", "Aller au contenu principal")


def partial_template(project):
    edit(project / "templates" / "partials" / "actor_list.html", 'class="actor-list"', 'class="actor-list cards"')


def card_template(project):  # pasted into the lists, not included: the fingerprints must still see it
    edit(project / "templates" / "partials" / "cards.html", 'class="actor-card"', 'class="actor-card fiche"')


def map_item_template(project):
    edit(project / "templates" / "partials" / "cards.html", 'class="note"', 'class="note lieu"')


def asset(project):
    (project / "assets" / "style.css").write_text((project / "assets" / "style.css").read_text() + "\n/* edit */\n")


EDITS = [description, commune, name, headcount, draft, added, removed, lettre, lettre_removed, territory,
         actor_template, base_template, partial_template, card_template, map_item_template, asset]


@pytest.mark.parametrize("change", EDITS, ids=[e.__name__ for e in EDITS])
def test_incremental_build_equals_a_clean_build(project, change):
    first = build(config(project, "incremental"))
    assert first.full
    change(project)
    report = build(config(project, "incremental"))
    build(config(project, "clean"))
    assert not report.full, report.why_full
    updated, clean = tree(project / "incremental"), tree(project / "clean")
    assert sorted(updated) == sorted(clean)
    assert [path for path in clean if updated[path] != clean[path]] == []
    assert report.rendered < report.pages or change in (territory, base_template)


def test_nothing_changed_renders_and_writes_nothing(project):
    build(config(project, "out"))
    report = build(config(project, "out"))
    assert (report.full, report.rendered, report.written, report.actors_read) == (False, 0, 0, 0)


def test_an_edited_description_rewrites_that_actor_page_and_the_data_files_only(project):
    build(config(project, "out"))
    before = tree(project / "out")
    description(project)
    report = build(config(project, "out"))
    after = tree(project / "out")
    changed = sorted(path for path in after if before.get(path) != after[path])
    # The page, the files that carry descriptions (not the GeoJSON: its summary line is the first
    # sentence, unchanged) and the package that lists their sizes and hashes; /donnees/ is
    # rendered again (it shows the sizes), and written only if a size, rounded to the Ko, changed.
    listed = "donnees/index.html" in changed
    assert [path for path in changed if path != "donnees/index.html"] == [
        f"acteurs/{ACTOR.removesuffix('.md').split('/')[-1]}/index.html", "donnees/acteurs-tableur.csv",
        "donnees/acteurs.csv", "donnees/acteurs.json", "donnees/datapackage.json"]
    assert (report.rendered, report.written, report.actors_read) == (2, 5 + listed, 1)


def test_after_an_edited_description_the_data_files_make_that_actor_s_lines_only(project, monkeypatch):
    """The other actors' lines are copied from the files the previous build wrote, not made again."""
    build(config(project, "out"))
    description(project)
    made = []
    real = data_files.actor_lines  # data_cache asks data_files.lines_of for the lines it cannot copy
    monkeypatch.setattr(data_files, "actor_lines", lambda actor, card, site: made.append(actor.slug) or real(actor, card, site))
    build(config(project, "out"))
    assert made == [ACTOR.removesuffix(".md").split("/")[-1]]
    build(config(project, "clean"))
    assert tree(project / "out" / "donnees") == tree(project / "clean" / "donnees")


def test_after_an_edited_description_the_other_actors_lines_are_copied_in_blocks(project, monkeypatch):
    """The unchanged lines around the edited actor's are read from the previous files in a few
    blocks, not one seek and read per actor and file (20 000 actors: 120 000 of them)."""
    build(config(project, "out"))
    description(project)
    seeks = []
    real = io.open

    class Counted:
        def __init__(self, file):
            self.file = file

        def seek(self, *where):
            seeks.append(self.file.name)
            return self.file.seek(*where)

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.file.__exit__(*exc)

    def counting(file, mode="r", *args, **kwargs):
        opened = real(file, mode, *args, **kwargs)
        earlier = mode == "rb" and Path(file).name in data_files.ACTOR_FILES and not Path(file).parent.name.startswith(".")
        return Counted(opened) if earlier else opened

    monkeypatch.setattr(io, "open", counting)
    build(config(project, "out"))
    monkeypatch.undo()
    assert 0 < len(seeks) <= 2 * len(data_files.ACTOR_FILES)  # a block before the actor and one after, in each file
    build(config(project, "clean"))
    assert tree(project / "out" / "donnees") == tree(project / "clean" / "donnees")


def test_a_damaged_index_of_the_data_lines_makes_the_files_whole_again(project):
    build(config(project, "out"))
    index = next((project / "cache-out" / "data").glob("*/lines.pickle"))
    saved = pickle.loads(unsealed(index.read_bytes()))  # well sealed, but pointing past the files' ends
    saved["spans"] = {slug: (digest, tuple((offset + 10**9, length) for offset, length in spans))
                      for slug, (digest, spans) in saved["spans"].items()}
    index.write_bytes(sealed(pickle.dumps(saved)))
    description(project)
    build(config(project, "out"))
    build(config(project, "clean"))
    assert tree(project / "out" / "donnees") == tree(project / "clean" / "donnees")


def test_a_changed_commune_rewrites_the_pages_that_show_it(project):
    out = project / "out"
    build(config(project, "out"))
    before = tree(out)
    commune(project)
    report = build(config(project, "out"))
    after = tree(out)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert "acteurs/structure-000007/index.html" in changed and "communes/carvin/index.html" in changed
    assert "chiffres-cles/index.html" in changed and "acteurs/index.html" in changed
    assert "carte/points/62.json" in changed and "carte/index.html" not in changed  # the map reads its points from its files
    assert not any(path.startswith("acteurs/structure-000008") for path in changed)
    assert report.written == len(changed)


def test_a_template_change_rerenders_the_pages_that_use_it(project):
    build(config(project, "out"))
    edit(project / "templates" / "carte.html", "<h1>", '<h1 class="titre">')
    report = build(config(project, "out"))
    assert (report.rendered, report.written) == (1, 1)
    actor_template(project)
    assert build(config(project, "out")).rendered == 120


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other generator", "wrong entry", "part missing", "format 7"])
def test_a_corrupt_or_stale_manifest_is_ignored(project, damage):
    cfg = config(project, "out")
    build(cfg)
    path = manifest_path(cfg.cache, cfg.output)
    data = path.read_bytes()
    with path.open("rb") as file:  # the folder's id, the head naming its parts, each a file beside it
        output_id, raw = marshal.load(file), marshal.load(file)
    folder = path.with_suffix(".parts")
    parts = {key: marshal.loads((folder / key).read_bytes()) for key in raw["parts"]}
    if damage == "garbage":
        path.write_bytes(b"\x00\xffnot marshal")
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "other generator":
        raw["generator"] = "0" * 32
        path.write_bytes(b"".join(marshal.dumps(value) for value in (output_id, raw)))
    elif damage == "part missing":
        (folder / raw["parts"][0]).unlink()
    elif damage == "format 7":  # the files' parts one after the other in the manifest itself
        head = {**raw, "format": 7, "parts": len(parts), "graph": None}
        path.write_bytes(b"".join(marshal.dumps(value) for value in (output_id, head, *parts.values())))
    else:
        key, part = next((key, part) for key, part in parts.items() if "index.html" in part)
        part["index.html"] = [1, 2, 3]
        (folder / key).write_bytes(marshal.dumps(part))
    description(project)
    report = build(cfg)
    assert report.full and report.why_full
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_a_lying_manifest_about_a_replaced_output_is_not_trusted(project):
    cfg = config(project, "out")
    build(cfg)
    shutil.rmtree(cfg.output)
    shutil.copytree(project / "assets", cfg.output)  # someone else's folder at the same path
    report = build(cfg)
    assert report.full
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


@pytest.mark.parametrize("moment", ["rendering", "moving"])
def test_an_interrupted_incremental_build_is_finished_by_the_next(project, monkeypatch, moment):
    from ess_site.output import files, journal, writer

    cfg = config(project, "out")
    build(cfg)
    before = tree(project / "out")
    commune(project)
    calls = []

    def write_then_stop(target, data):
        files.write_file(target, data)
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt

    def move_then_stop(staged, output, relatives):
        files.move_into(staged, output, list(relatives)[:2])
        raise KeyboardInterrupt

    monkeypatch.setattr(*((writer, "write_file", write_then_stop) if moment == "rendering" else (journal, "move_into", move_then_stop)))
    with pytest.raises(KeyboardInterrupt):
        build(cfg)
    monkeypatch.undo()
    if moment == "rendering":
        assert tree(project / "out") == before  # stopped while rendering: the previous site, whole
    set_field(project / "content" / ACTOR, "commune", "Oignies")  # back and forth: the record must not be trusted
    set_field(project / "content" / ACTOR, "code_postal", '"62590"')
    report = build(cfg)
    assert not report.full  # a site changed in part is finished from the journal, then updated
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")
    assert [p.name for p in project.iterdir() if p.name.startswith(".out-")] == []


def test_files_changed_just_before_a_build_are_read_again_by_the_next(project, monkeypatch):
    monkeypatch.setattr(actor_cache, "RACY_SECONDS", 3600)  # as if every file had just been written
    build(config(project, "out"))
    assert build(config(project, "out")).actors_read == 120


@pytest.mark.parametrize("damage", ["garbage", "foreign"])
def test_a_damaged_actor_cache_is_read_again(project, damage):
    cfg = config(project, "out")
    build(cfg)
    for shard in (cfg.cache / "actors").rglob("*.pickle"):
        if damage == "garbage":
            shard.write_bytes(b"not a pickle")
        else:  # well sealed, but every entry's stamp is another file's
            saved = pickle.loads(unsealed(shard.read_bytes()))
            saved["entries"] = {name: ((0, 0, 0, 0), state) for name, (stamp, state) in saved["entries"].items()}
            shard.write_bytes(sealed(pickle.dumps(saved)))
    for kept in (cfg.cache / "build").glob("*.last"):  # the last build kept whole holds the actors too
        kept.unlink()
    description(project)
    report = build(cfg)
    assert report.actors_read == 120
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_a_changed_territory_reads_every_actor_again(project):
    build(config(project, "out"))
    territory(project)
    assert build(config(project, "out")).actors_read == 120


def test_an_actor_cached_on_a_later_build_day_is_checked_again_against_an_earlier_one(project):
    """The build day can be given (Config.build_day): data dated after it is refused even when the
    file was accepted, and cached, by a build on a later day."""
    path = project / "content" / ACTOR
    edit(path, "\n---\n", "\ndate_source: 2026-12-01\n---\n")
    build(config(project, "out", build_day=date(2026, 12, 31)))
    with pytest.raises(ContentErrors) as refused:
        build(config(project, "out"))
    assert [p.message[:44] for p in refused.value.problems] == ["date_source : le 1er décembre 2026 est après"]


def test_the_actor_cache_keeps_actors_without_their_description(project):
    """Descriptions weigh much of an actor: the cache (and the build's memory) holds the card's
    line only, and the page reads the description from the file, edited or not."""
    cfg = config(project, "out")
    build(cfg)
    path = project / "content" / ACTOR
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2].strip()
    sentence = body.split("\n\n")[1]  # past the card's line, which comes from the first paragraph
    shards = b"".join(shard.read_bytes() for shard in (cfg.cache / "actors").rglob("*.pickle"))
    assert sentence.encode() not in shards and len(shards) < 120 * 1500
    edit(path, sentence, "Un atelier de zythologie solidaire")
    assert build(cfg).actors_read == 1
    assert "zythologie" in (project / "out" / "acteurs" / "structure-000007" / "index.html").read_text(encoding="utf-8")


def test_files_removed_or_truncated_by_hand_in_output_are_made_again(project):
    """output/ is checked against its manifest (size and time of each file): what is missing or
    not as written is made again, page, data file or asset alike."""
    cfg = config(project, "out")
    build(cfg)
    out = project / "out"
    actor_page = out / "acteurs" / "structure-000007" / "index.html"
    actor_page.unlink()
    (out / "index.html").write_bytes((out / "index.html").read_bytes()[:100])
    (out / "donnees" / "acteurs.csv").unlink()
    style = next((out / "assets").glob("*.css"))
    style.write_bytes(style.read_bytes()[:-10])
    report = build(cfg)
    assert not report.full and report.rendered == 2
    build(config(project, "clean"))
    assert tree(out) == tree(project / "clean")
    assert build(cfg).written == 0  # and then trusted again


def test_an_edit_after_a_page_was_removed_by_hand_is_built_with_its_index(project):
    """The removed page is made again and indexed: the update's index is made from the pages it
    will move in, never from a missing file."""
    cfg = config(project, "out", search=True)
    build(cfg)
    (project / "out" / "acteurs" / "structure-000007" / "index.html").unlink()
    set_field(project / "content" / "actors" / "structure-000011.md", "nom", "Zythophiles associés")
    report = build(cfg)
    assert not report.full and report.indexed
    build(config(project, "clean", search=True))
    pages = {path: data for path, data in tree(project / "out").items() if not path.startswith("pagefind")}
    assert pages == {path: data for path, data in tree(project / "clean").items() if not path.startswith("pagefind")}
    fragments = [gzip.decompress(f.read_bytes()) for f in (project / "out").glob("pagefind*/fragment/*.pf_fragment")]
    assert any(b'"/acteurs/structure-000007/"' in data for data in fragments)
    assert any(b"Zythophiles" in data for data in fragments)


def test_a_failure_while_moving_files_in_does_not_say_the_site_is_unchanged(project, monkeypatch, capsys):
    """An error after output/ began to change says so, and the next build finishes the change."""
    from ess_site import cli
    from ess_site.output import files, journal

    def arguments(name):
        return ["--content", str(project / "content"), "--output", str(project / name), "--cache", str(project / f"cache-{name}"),
                "--sans-pdf", "--sans-recherche"]

    assert cli.main(arguments("out")) == 0
    commune(project)

    def move_then_fail(staged, output, moves):
        files.move_into(staged, output, list(moves)[:1])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal, "move_into", move_then_fail)
    capsys.readouterr()
    assert cli.main(arguments("out")) == 2
    err = capsys.readouterr().err
    assert "n'a pas été modifié" not in err and "Le site a été modifié en partie" in err, err
    monkeypatch.undo()
    assert cli.main(arguments("out")) == 0
    assert "la mise à jour est terminée" in capsys.readouterr().err
    assert cli.main(arguments("clean")) == 0
    assert tree(project / "out") == tree(project / "clean")
