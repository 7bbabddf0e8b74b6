"""The preview runs the one build path with its last build in memory: an edit that only the
actor's own page shows is fingerprinted and rendered alone, the rest (printed directories, index)
follows in the background, and the site ends byte-identical to a clean build; other edits are
followed wherever they show."""

import gzip
import re
import shutil
import sys
import threading
import time

import pytest

from ess_site.config import Config
from ess_site.incremental import actor_cache
from ess_site.incremental.fingerprint import generator_digest
from ess_site.incremental.manifest import ManifestFile
from ess_site.output.search_index import stale
from ess_site.pipeline import build
from ess_site.tools import serve
from ess_site.tools.serve import Preview
from tests.conftest import ROOT, TODAY
from tests.test_incremental import tree

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

ACTOR = "actors/structure-000007.md"


@pytest.fixture
def project(tmp_path):
    generate(60, tmp_path / "content")
    return tmp_path


def preview_of(project, logs: list[str]) -> Preview:
    config = Config(content=project / "content", output=project / "out", cache=project / "cache", build_day=TODAY, pdf=False, search=False)
    preview = Preview(config, [project / "content"], logs.append)
    preview.rebuild()
    return preview


def settled(preview: Preview) -> None:
    """Wait for the background build the quick path started."""
    deadline = time.monotonic() + 60
    while preview.finishing and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not preview.finishing


def clean_build(project) -> dict:
    build(Config(content=project / "content", output=project / "clean", cache=project / "clean-cache", build_day=TODAY, pdf=False,
                 search=False, incremental=False))
    return tree(project / "clean")


def edit(project, old: str, new: str) -> set:
    path = project / "content" / ACTOR
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return {path}


def field_line(project, key: str) -> str:
    return next(line for line in (project / "content" / ACTOR).read_text(encoding="utf-8").splitlines() if line.startswith(f"{key}:"))


def append(project, text: str) -> set:
    path = project / "content" / ACTOR
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return {path}


@pytest.mark.parametrize("change", [
    lambda project: append(project, "\nUne phrase ajoutée par l'éditrice.\n"),  # the description, after its first sentence
    lambda project: append(project, "\n## Horaires\n\nDu lundi au vendredi.\n"),
    lambda project: edit(project, field_line(project, "adresse"), "adresse: 12 place de la Mairie"),
    lambda project: edit(project, field_line(project, "telephone"), 'telephone: "03 21 99 88 77"'),
], ids=["description", "a section", "address", "telephone"])
def test_an_edit_only_its_page_shows_is_written_alone_then_the_site_matches_a_clean_build(project, change):
    logs: list[str] = []
    preview = preview_of(project, logs)
    page = project / "out" / "acteurs" / "structure-000007" / "index.html"
    before = page.read_bytes()
    preview.rebuild(change(project))
    rendered = re.search(r"(\d+) pages? rendues? sur", logs[-1])
    assert rendered and int(rendered[1]) <= 2, logs  # its page, and /donnees/ (the files' sizes)
    assert page.read_bytes() != before  # written by the build the edit started
    settled(preview)
    assert tree(project / "out") == clean_build(project)  # open data and all: as a clean build


def test_an_edit_other_pages_show_is_followed_there(project):
    logs: list[str] = []
    preview = preview_of(project, logs)
    preview.rebuild(edit(project, field_line(project, "nom"), "nom: Aaa nouveau nom"))  # the directory lists it, A to Z
    assert "Aaa nouveau nom" in (project / "out" / "acteurs" / "index.html").read_text(encoding="utf-8")
    settled(preview)
    assert tree(project / "out") == clean_build(project)


def test_a_mistake_is_shown(project):
    logs: list[str] = []
    preview = preview_of(project, logs)
    preview.rebuild(edit(project, field_line(project, "statut"), "statut: asso"))
    assert preview.problems and "structure-000007.md" in preview.problems[0]


def test_a_new_file_gets_its_page(project):
    logs: list[str] = []
    preview = preview_of(project, logs)
    source = project / "content" / ACTOR
    copy = source.with_name("nouvelle-structure.md")
    shutil.copyfile(source, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text("\n".join(line for line in text.splitlines() if not line.startswith("siret:")) + "\n", encoding="utf-8")
    preview.rebuild({copy})
    assert logs[-1].startswith("Site reconstruit en"), logs
    assert (project / "out" / "acteurs" / "nouvelle-structure" / "index.html").is_file()


def test_with_search_the_edited_page_is_indexed_before_the_rest_of_the_site(project):
    """The edited page is searchable first: its shard is indexed before the background build
    (printed directories), and the index ends as fresh as the pages."""
    logs: list[str] = []
    config = Config(content=project / "content", output=project / "out", cache=project / "cache", build_day=TODAY, pdf=False, search=True)
    preview = Preview(config, [project / "content"], logs.append)
    preview.rebuild()
    deadline = time.monotonic() + 60
    while (preview.finishing or preview.indexing) and time.monotonic() < deadline:
        time.sleep(0.05)
    seen = len(logs)
    preview.rebuild(edit(project, "\n\n", "\n\nUn atelier de zythologie solidaire.\n\n"))
    while (preview.finishing or preview.indexing) and time.monotonic() < deadline:
        time.sleep(0.05)
    after = logs[seen:]
    assert after[0].startswith("Site reconstruit en"), after
    order = [line.split(" ")[0] for line in after[1:]]
    assert order[0] == "Index", after  # "Index de recherche à jour", before "Reste du site à jour"
    manifest, _ = ManifestFile(config.cache, config.output).load(generator_digest())
    assert stale(manifest, config.search_shard_pages)[0] == {}
    indexed = (project / "out").glob("pagefind*/fragment/*.pf_fragment")  # the bundles of every département
    assert any(b"zythologie" in gzip.decompress(fragment.read_bytes()) for fragment in indexed)


def test_an_edit_saved_as_the_first_build_ends_is_shown(project):
    """The watcher compares with the files as they were before the first build: a save made the
    moment that build ends, before the watcher first looks, is not taken for the starting state."""
    logs: list[str] = []

    def log(line: str) -> None:
        logs.append(line)
        if len(logs) == 1:  # "Site reconstruit…": the editor saves as the preview opens
            append(project, "\nUne phrase enregistrée dès l'ouverture de l'aperçu.\n")

    config = Config(content=project / "content", output=project / "out", cache=project / "cache", build_day=TODAY, pdf=False, search=False)
    preview = Preview(config, [project / "content"], log)
    page = project / "out" / "acteurs" / "structure-000007" / "index.html"
    try:
        preview.start(interval=0.05)
        deadline = time.monotonic() + 30
        while "dès l'ouverture de l'aperçu" not in page.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "dès l'ouverture de l'aperçu" in page.read_text(encoding="utf-8"), logs
    finally:
        preview.stop()
    settled(preview)


def test_two_same_size_saves_in_one_clock_tick_are_both_seen(project, monkeypatch):
    """On a file system whose clock ticks coarsely, two saves of the same size within one tick
    leave the same size, times and inode: the watcher tells them apart by their content."""
    tick = time.time_ns()
    monkeypatch.setattr(serve, "file_stamp", lambda path: (path.stat().st_size, tick, tick, path.stat().st_ino))
    preview = Preview(Config(content=project / "content", output=project / "out", build_day=TODAY), [project / "content"])
    before = preview.snapshot()
    line = field_line(project, "telephone")  # telephone: "03 21 61 90 46"
    changed = edit(project, line, line[:-2] + ("1" if line[-2] == "0" else "0") + '"')
    after = preview.snapshot()
    assert [path.stat().st_size for path in changed] == [before[path][0] for path in changed]
    assert {path for path in after if after[path] != before[path]} == changed


@pytest.fixture
def settled_files(monkeypatch):
    """Files saved more than RACY_SECONDS ago, as an editor's corpus is: the last build keeps
    every actor it read (the racy window would keep just-generated files out of its memory)."""
    monkeypatch.setattr(actor_cache, "RACY_SECONDS", 0)


def test_a_preview_build_stats_only_the_actor_files_the_watcher_saw_change(project, settled_files, monkeypatch):
    """At 20 000 actors, a stat of every file after each save is most of the wait: the build
    the watcher starts stats the saved file only, and the background build after it checks
    every file, so that the site still ends as a clean build."""
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    other = project / "content" / "actors" / "structure-000003.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nUne phrase que le surveillant n'a pas signalée.\n", encoding="utf-8")
    stamped: list[str] = []
    real = actor_cache.file_stamp
    monkeypatch.setattr(actor_cache, "file_stamp", lambda path: stamped.append(path.name) or real(path))
    preview.finishing = True  # the background build waits, to look at the edit's own build alone
    preview.rebuild(append(project, "\nUne phrase ajoutée par l'éditrice.\n"))
    assert stamped == ["structure-000007.md"]
    assert "ajoutée par l'éditrice" in (project / "out" / "acteurs" / "structure-000007" / "index.html").read_text(encoding="utf-8")
    preview.finishing = False
    preview.finish_soon()
    settled(preview)
    assert len(stamped) > 60  # the background build stats every file, and finds the unsignalled edit
    assert tree(project / "out") == clean_build(project)


def test_edits_saved_while_the_content_had_a_mistake_are_built_once_it_is_fixed(project, settled_files):
    """The changes the watcher reports add up until a build succeeds: an edit saved while
    another file had a mistake reaches its page when the mistake is fixed."""
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    line = field_line(project, "statut")
    preview.rebuild(edit(project, line, "statut: asso"))
    assert preview.problems
    other = project / "content" / "actors" / "structure-000003.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nUne phrase écrite pendant l'erreur.\n", encoding="utf-8")
    preview.rebuild({other})
    assert preview.problems
    preview.rebuild(edit(project, "statut: asso", line))
    assert not preview.problems
    assert "pendant l'erreur" in (project / "out" / "acteurs" / "structure-000003" / "index.html").read_text(encoding="utf-8")
    settled(preview)
    assert tree(project / "out") == clean_build(project)


def test_a_removed_actor_file_loses_its_page(project, settled_files):
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    gone = project / "content" / "actors" / "structure-000003.md"
    gone.unlink()
    preview.rebuild({gone})
    assert not preview.problems, preview.problems
    assert not (project / "out" / "acteurs" / "structure-000003" / "index.html").exists()
    settled(preview)
    assert tree(project / "out") == clean_build(project)


def siret_of(path) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("siret:"))


def test_a_preview_build_asks_only_the_saved_actor_file_whether_it_changed(project, settled_files, monkeypatch):
    """The watcher says which file was saved: the other actors are taken from the last build
    as a whole, not looked up one by one (20 000 look-ups were a tenth of an edit's wait)."""
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    asked: list[str] = []
    real = actor_cache.ActorCache.reuse
    monkeypatch.setattr(actor_cache.ActorCache, "reuse", lambda self, path: asked.append(path.name) or real(self, path))
    preview.finishing = True  # the background build waits: the edit's own build alone
    preview.rebuild(append(project, "\nUne phrase ajoutée par l'éditrice.\n"))
    assert asked == ["structure-000007.md"]
    assert "ajoutée par l'éditrice" in (project / "out" / "acteurs" / "structure-000007" / "index.html").read_text(encoding="utf-8")
    preview.finishing = False
    preview.finish_soon()
    settled(preview)
    assert tree(project / "out") == clean_build(project)


def test_a_siret_an_edit_makes_a_duplicate_is_refused_in_french_for_both_files(project, settled_files):
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    other = project / "content" / "actors" / "structure-000003.md"
    taken = siret_of(other)
    preview.rebuild(edit(project, siret_of(project / "content" / ACTOR), taken))
    number = taken.split(":", 1)[1].strip().strip('"')
    assert len(preview.problems) == 2, preview.problems
    assert any("structure-000007.md" in problem and f"siret {number} en double : aussi dans" in problem
               and "structure-000003.md" in problem.split("aussi dans", 1)[1] for problem in preview.problems), preview.problems
    assert any(problem.startswith(str(other)) for problem in preview.problems), preview.problems


def test_two_actors_swapping_their_sirets_in_one_save_are_accepted(project, settled_files):
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    mine, other = project / "content" / ACTOR, project / "content" / "actors" / "structure-000003.md"
    first, second = siret_of(mine), siret_of(other)
    mine.write_text(mine.read_text(encoding="utf-8").replace(first, second, 1), encoding="utf-8")
    other.write_text(other.read_text(encoding="utf-8").replace(second, first, 1), encoding="utf-8")
    preview.rebuild({mine, other})
    assert not preview.problems, preview.problems
    settled(preview)
    assert tree(project / "out") == clean_build(project)


def test_an_actor_removed_then_saved_again_gets_its_page_back(project, settled_files):
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    gone = project / "content" / "actors" / "structure-000003.md"
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    preview.rebuild({gone})
    assert not preview.problems, preview.problems
    settled(preview)
    gone.write_text(text + "\nRevenue.\n", encoding="utf-8")
    preview.rebuild({gone})
    assert not preview.problems, preview.problems
    assert "Revenue." in (project / "out" / "acteurs" / "structure-000003" / "index.html").read_text(encoding="utf-8")
    settled(preview)
    assert tree(project / "out") == clean_build(project)


def test_a_file_an_interrupted_import_left_is_refused_by_the_preview_build_the_watcher_starts(project, settled_files, monkeypatch):
    """The folder is not listed again after an edit, but a leftover the watcher reports still is."""
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    preview.rebuild(append(project, "\nUne phrase.\n"))  # a build that takes the listing as it was
    assert not preview.problems
    leftover = project / "content" / "actors" / ".structure-000003.md.import"
    leftover.write_text("écrit à moitié\n", encoding="utf-8")
    preview.rebuild({leftover})
    assert len(preview.problems) == 1 and "fichier laissé par un import Sirene interrompu" in preview.problems[0], preview.problems
    leftover.unlink()
    preview.rebuild({leftover})
    assert not preview.problems


def test_the_background_build_lets_the_edited_page_reload_first(project, settled_files, monkeypatch):
    """The background build runs in a thread of the preview's process: started at once, it held
    the interpreter while the open page was told of the edit and loaded it again (save to browser
    0,45 s at 20 000 actors, of which 0,26 s to the page on disk). It waits FINISH_AFTER first."""
    logs: list[str] = []
    preview = preview_of(project, logs)
    settled(preview)
    steps: list = []  # (thread, step): the watcher's thread may build too
    real_build, real_wait = serve.build, preview.stopped.wait
    monkeypatch.setattr(serve, "build", lambda *given, **named: steps.append((threading.get_ident(), "construction"))
                        or real_build(*given, **named))
    monkeypatch.setattr(preview.stopped, "wait", lambda timeout=None: steps.append((threading.get_ident(), ("attente", timeout)))
                        or real_wait(timeout))
    preview.finishing = True  # the background build waits: the edit's own build alone
    preview.rebuild(append(project, "\nUne phrase ajoutée par l'éditrice.\n"))
    preview.finishing = False
    preview.finish_soon()
    settled(preview)
    finishing = {thread for thread, step in steps if step == ("attente", serve.FINISH_AFTER)}
    assert len(finishing) == 1
    assert [step for thread, step in steps if thread in finishing][:2] == [("attente", serve.FINISH_AFTER), "construction"]
    assert tree(project / "out") == clean_build(project)


def test_a_preview_build_of_an_actor_s_edit_lists_the_support_files_from_the_last_build_and_an_added_asset_is_copied(
        project, settled_files, monkeypatch):
    """Listing assets/ and node_modules/ cost an edit 2-6 ms: a build told that only an actor file
    changed takes the last build's list; a file added to assets/ is listed again and copied."""
    from dataclasses import replace

    from ess_site import pipeline

    shutil.copytree(ROOT / "assets", project / "assets")
    config = Config(content=project / "content", output=project / "out", cache=project / "cache", build_day=TODAY, pdf=False,
                    search=False, assets=project / "assets")
    preview = Preview(config, [project / "content", project / "assets"], [].append)
    preview.rebuild()
    settled(preview)
    listed: list[int] = []
    real = pipeline.support_files
    monkeypatch.setattr(pipeline, "support_files", lambda *given: listed.append(1) or real(*given))
    preview.finishing = True  # the background build waits: the edit's own build alone
    preview.rebuild(append(project, "\nUne phrase ajoutée par l'éditrice.\n"))
    assert listed == []
    added = project / "assets" / "ajout.css"
    added.write_text("body { color: #111; }\n", encoding="utf-8")
    preview.rebuild({added})
    assert listed == [1] and (project / "out" / "assets" / "ajout.css").read_text(encoding="utf-8") == "body { color: #111; }\n"
    preview.finishing = False
    preview.finish_soon()
    settled(preview)
    build(replace(config, output=project / "clean", cache=project / "clean-cache", incremental=False))
    assert tree(project / "out") == tree(project / "clean")
