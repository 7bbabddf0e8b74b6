"""The build's promises under faults: one build at a time into an output folder, nothing left
behind by a build that was killed, and a killed build leaves the old site or the new one, whole,
its search index included."""

import fcntl
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import FIXTURE_SITE, ROOT
from tests.test_incremental import tree


def start_build(output, cache):
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(FIXTURE_SITE), "--output", str(output),
                             "--cache", str(cache), "--sans-pdf", "--sans-recherche"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_build_waits_for_the_first(tmp_path):
    output = tmp_path / "output"
    with open(tmp_path / ".output.lock", "a") as held:  # what a running build holds
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = start_build(output, tmp_path / "cache")
        time.sleep(3)
        assert waiting.poll() is None and not output.exists()  # it waits: nothing written meanwhile
        fcntl.flock(held, fcntl.LOCK_UN)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "Une autre construction écrit dans output/ : celle-ci attend qu'elle se termine." in err
    assert (output / "index.html").is_file()


def test_folders_left_by_a_killed_build_are_removed_by_the_next(tmp_path):
    dead = 2 ** 22 + 12345  # above Linux's default pid_max: no process has it
    left = [tmp_path / f".output-new-{dead}-abc", tmp_path / f".output-old-{dead}-def", tmp_path / f".output-pagefind-{dead}-ghi"]
    in_use = tmp_path / f".output-pagefind-{os.getpid()}-jkl"  # a live process's (the preview indexing): kept
    for folder in left + [in_use]:
        (folder / "assets").mkdir(parents=True)
        (folder / "assets" / "style.css").write_text("body {}")
    other = tmp_path / f".autre-new-{dead}-xyz"  # another output folder's: not ours to remove
    other.mkdir()
    build = start_build(tmp_path / "output", tmp_path / "cache")
    _, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert [folder.name for folder in left if folder.exists()] == []
    assert in_use.is_dir() and other.is_dir()


# -- builds killed at chosen moments -----------------------------------------------------------

KILLED_BUILD = """
import os, signal, sys, threading
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from ess_site.config import BuildHooks, Config, Reporter
from ess_site.pipeline import build
trigger, delay, project = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
log = project / "messages.txt"

def kill():
    os.kill(os.getpid(), signal.SIGKILL)

def progress(message):
    with log.open("a", encoding="utf-8") as file:
        file.write(message + "\\n")
    if message.startswith(trigger):
        kill() if delay == 0 else threading.Timer(delay, kill).start()

build(Config(content=project / "content", output=project / "out", cache=project / "cache", templates=project / "templates",
             assets=project / "assets", build_day=date(2026, 11, 22), pdf=False, search=False), BuildHooks(Reporter(progress)))
"""
MOMENTS = [("lecture", 0), ("rendu de", 0), ("rendu de", 0.02), ("rendu de", 0.05), ("rendu de", 0.1), ("rendu de", 0.2),
           ("rendu de", 0.4), ("mise en place", 0)]


def test_an_update_killed_while_rendering_leaves_the_previous_site_whole(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    from ess_site.config import Config
    from ess_site.pipeline import build
    from tests.conftest import TODAY
    from tests.test_incremental import tree

    project = tmp_path / "project"
    generate(120, project / "content")
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "assets", project / "assets")
    settings = dict(content=project / "content", templates=project / "templates", assets=project / "assets", build_day=TODAY,
                    pdf=False, search=False)
    territory = project / "content" / "territoire.yaml"
    old_text = territory.read_text(encoding="utf-8")
    new_text = old_text.replace("nom: ", "nom: Nouveau nom, ", 1)  # shown on every page
    build(Config(output=tmp_path / "old", cache=tmp_path / "c-old", **settings))
    territory.write_text(new_text, encoding="utf-8")
    build(Config(output=tmp_path / "new", cache=tmp_path / "c-new", **settings))
    old, new = tree(tmp_path / "old"), tree(tmp_path / "new")
    outcomes = []
    for trigger, delay in MOMENTS:
        territory.write_text(old_text, encoding="utf-8")
        shutil.rmtree(project / "out", ignore_errors=True)
        shutil.rmtree(project / "cache", ignore_errors=True)
        build(Config(output=project / "out", cache=project / "cache", **settings))
        territory.write_text(new_text, encoding="utf-8")
        (project / "messages.txt").unlink(missing_ok=True)
        run = subprocess.run([sys.executable, "-c", KILLED_BUILD.format(root=str(ROOT)), trigger, str(delay), str(project)],
                             capture_output=True, text=True, timeout=120)
        messages = (project / "messages.txt").read_text(encoding="utf-8")
        moving = "mise en place" in messages
        state = tree(project / "out")
        outcomes.append((trigger, delay, run.returncode, "ancien" if state == old else "nouveau" if state == new else "mélange", moving))
        if not moving:
            assert state == old, (trigger, delay)  # killed before the files are moved: the previous site, whole
        build(Config(output=project / "out", cache=project / "cache", **settings))
        assert tree(project / "out") == new, (trigger, delay)  # the next build finishes the job
    assert all(code == -9 for _, _, code, _, _ in outcomes), outcomes  # each build was indeed killed
    print(outcomes)


# -- killed with search on: the index goes with the pages ----------------------------------------

KILLED_SEARCH_BUILD = """
import os, signal, sys, threading, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from ess_site.config import BuildHooks, Config, Reporter
from ess_site.output import files, journal
from ess_site.pipeline import build
trigger, delay, steps, project = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
full, exchange, only_output = sys.argv[5] == "complet", sys.argv[6] == "echange", sys.argv[7] == "sortie"
main, armed, done = os.getpid(), [False], [0]

def kill():
    os.kill(main, signal.SIGKILL)

def progress(message):
    with (project / "messages.txt").open("a", encoding="utf-8") as log:
        log.write(f"{{time.monotonic()}} {{message}}\\n")
    if message.startswith(trigger) and not armed[0]:
        armed[0] = True
        if steps == 0:
            kill() if delay == 0 else threading.Timer(delay, kill).start()

def step(operation):
    # once armed, the build is killed right after its steps-th rename (file, folder or exchange),
    # counting only those of out/ itself with only_output
    def counted(*args, **kwargs):
        result = operation(*args, **kwargs)
        counts = not only_output or any(os.fspath(arg) == os.fspath(project / "out") for arg in args)
        if armed[0] and steps and counts and os.getpid() == main:
            done[0] += 1
            if done[0] == steps:
                kill()
        return result
    return counted

os.replace, os.rename = step(os.replace), step(os.rename)
files.exchange = journal.exchange = step(files.exchange) if exchange else (lambda first, second: False)
build(Config(content=project / "content", output=project / "out", cache=project / "cache", templates=project / "templates",
             assets=project / "assets", build_day=date(2026, 11, 22), pdf=False, search=True, incremental=not full),
      BuildHooks(Reporter(progress)))
"""
WORD = "quetzalcoatlus"  # the edit: a word no page has


def pages_of(root) -> dict[str, bytes]:
    """The site but its search index."""
    return {path: data for path, data in tree(root).items() if not path.startswith("pagefind")}


def index_of(root) -> dict[str, frozenset[str]]:
    """Each listed bundle's fragments (Pagefind names them by their content's hash), the bundle
    whole enough for the browser to load it."""
    listed = json.loads((root / "pagefind-shards.json").read_text(encoding="utf-8"))
    bundles = {entry["url"].strip("/"): root / entry["url"].strip("/") for entry in listed}
    assert all((bundle / "pagefind-entry.json").is_file() and (bundle / "pagefind.js").is_file() for bundle in bundles.values())
    return {name: frozenset(f.name for f in (bundle / "fragment").iterdir()) for name, bundle in bundles.items()}


def found_by_search(root, url: str) -> bool:
    """Whether the index holds the word in the page's fragment (what a search for it matches)."""
    listed = json.loads((root / "pagefind-shards.json").read_text(encoding="utf-8"))
    for entry in listed:
        for fragment in (root / entry["url"].strip("/") / "fragment").iterdir():
            data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
            if data["url"] == url:
                return WORD in data["content"]
    raise AssertionError(f"{url} n'est pas dans l'index")


def state_of(root, references: dict[str, tuple], url: str) -> str:
    """"ancien" or "nouveau" when the pages and the index are both those of one reference
    build, and the index finds the new word exactly when the page on disk has it; else what differs."""
    if not root.is_dir():
        return "pas de dossier de sortie"
    pages, index = pages_of(root), index_of(root)
    if found_by_search(root, url) != (WORD in pages[url.strip("/") + "/index.html"].decode()):
        return "index et page en désaccord"
    for name, (want_pages, want_index) in references.items():
        if pages == want_pages and index == want_index:
            return name
    return "mélange"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A small project (30 actors) and the two sites a build may leave, search included: before
    and after an edit of one actor's description (its page and the open-data files change)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    from ess_site.config import Config
    from ess_site.pipeline import build
    from tests.conftest import TODAY

    root = tmp_path_factory.mktemp("small")
    generate(30, root / "project" / "content")
    shutil.copytree(ROOT / "templates", root / "project" / "templates")
    shutil.copytree(ROOT / "assets", root / "project" / "assets")
    actor = sorted((root / "project" / "content" / "actors").glob("*.md"))[3]
    texts = {"ancien": actor.read_text(encoding="utf-8")}
    texts["nouveau"] = texts["ancien"] + f"\nUn mot que nulle autre fiche n'a : {WORD}.\n"
    settings = dict(content=root / "project" / "content", templates=root / "project" / "templates",
                    assets=root / "project" / "assets", build_day=TODAY, pdf=False, search=True)
    references = {}
    for name, text in texts.items():
        actor.write_text(text, encoding="utf-8")
        build(Config(output=root / name, cache=root / f"cache-{name}", **settings))
        references[name] = (pages_of(root / name), index_of(root / name))
    url = next(path for path, data in references["nouveau"][0].items() if WORD.encode() in data and path.startswith("acteurs/"))
    return root / "project", actor, texts, references, "/" + url.removesuffix("index.html"), settings


def fresh_start(small_site, state: str = "ancien"):
    """output/ and its cache as a build leaves them for this state of the content."""
    from ess_site.config import Config
    from ess_site.pipeline import build

    project, actor, texts, _, _, settings = small_site
    shutil.rmtree(project / "out", ignore_errors=True)
    shutil.rmtree(project / "cache", ignore_errors=True)
    actor.write_text(texts[state], encoding="utf-8")
    build(Config(output=project / "out", cache=project / "cache", **settings))


def said(project) -> dict[str, float]:
    """What a killed build said, with the time it said it."""
    lines = (project / "messages.txt").read_text(encoding="utf-8").splitlines()
    return {message: float(moment) for moment, message in (line.split(" ", 1) for line in lines)}


def killed_build(project, trigger: str, delay: float = 0, steps: int = 0, full: bool = False, exchange: bool = True,
                 only_output: bool = False):
    script = KILLED_SEARCH_BUILD.format(root=str(ROOT))
    (project / "messages.txt").unlink(missing_ok=True)
    return subprocess.run([sys.executable, "-c", script, trigger, str(delay), str(steps), str(project), "complet" if full else "maj",
                           "echange" if exchange else "sans", "sortie" if only_output else "tout"], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("delay", [0, 0.15, 0.3, 0.45, 0.6])
def test_an_update_killed_while_the_index_is_made_leaves_the_old_site_with_its_old_index(small_site, delay):
    from ess_site.output.journal import pending, recover

    project, actor, texts, references, url, _ = small_site
    fresh_start(small_site)
    actor.write_text(texts["nouveau"], encoding="utf-8")
    run = killed_build(project, "index de recherche", delay)
    assert run.returncode == -9, run.stderr
    if pending(project / "out"):  # Pagefind was done and the change decided (its journal written) before the kill
        assert delay > 0 and any(message.startswith("mise en place") for message in said(project))
        recover(project / "out", project / "cache")
        assert state_of(project / "out", references, url) == "nouveau"
    else:  # killed while Pagefind ran (about a second here), before the journal was written, or once all was done
        state = state_of(project / "out", references, url)
        assert state == "ancien" or (state == "nouveau" and any(message.startswith("mise en place") for message in said(project)))


@pytest.mark.parametrize("steps", [1, 2, 3, 4, 5, 6, 7, 8])
def test_an_update_killed_while_moving_its_files_in_is_finished_by_the_next_build(small_site, steps):
    """Killed after each of the moves' renames in turn: the next build (recover() is its first
    step) finishes the move, pages and index together."""
    from ess_site.output.journal import pending, recover

    project, actor, texts, references, url, _ = small_site
    fresh_start(small_site)
    actor.write_text(texts["nouveau"], encoding="utf-8")
    run = killed_build(project, "mise en place", steps=steps)
    assert run.returncode == -9, run.stderr
    assert pending(project / "out")  # the journal was written: the change is decided
    recover(project / "out", project / "cache")
    assert state_of(project / "out", references, url) == "nouveau"
    assert not pending(project / "out")


@pytest.mark.parametrize("exchange", [True, False])
def test_a_full_build_killed_while_swapping_its_folder_in_leaves_a_whole_site(small_site, exchange):
    """Killed right after the swap's first step: with the exchange, it is the only step and the
    new site is in place; without it (a system that lacks it), output/ is missing until the next
    build puts the previous site back, before it builds."""
    from ess_site.output.journal import recover

    project, actor, texts, references, url, _ = small_site
    fresh_start(small_site)
    actor.write_text(texts["nouveau"], encoding="utf-8")
    run = killed_build(project, "rendu et écriture", steps=1, full=True, exchange=exchange, only_output=True)
    assert run.returncode == -9, run.stderr
    if exchange:
        assert state_of(project / "out", references, url) == "nouveau"
    else:
        recover(project / "out", project / "cache")
        assert state_of(project / "out", references, url) == "ancien"
    assert [p.name for p in project.iterdir() if p.name.startswith(".out-old")] == []


def test_updates_killed_at_random_moments_leave_the_old_or_the_new_site_search_included(small_site):
    """Property: incremental builds with search killed at random moments of their progress
    (while reading, rendering, indexing, or after any rename of the moves). Each leaves the old
    site or the new one, pages and index together; one killed while moving its files in leaves
    a journal, and the next build's first step (recover) makes it the new one."""
    from ess_site.output.journal import pending, recover

    project, actor, texts, references, url, _ = small_site
    rng = random.Random(27)
    fresh_start(small_site)
    actor.write_text(texts["nouveau"], encoding="utf-8")
    assert killed_build(project, "jamais").returncode == 0  # an update not killed: how long it takes to its moves
    times = said(project)
    span = next(moment for message, moment in times.items() if message.startswith("mise en place")) - min(times.values())
    state, counts, kills = "nouveau", {}, 0  # state: the content output/ holds; the builds go back and forth
    while kills < 36:
        target = "nouveau" if state == "ancien" else "ancien"
        actor.write_text(texts[target], encoding="utf-8")
        if rng.random() < 0.3:  # after one of the moves' renames
            moment = ("mise en place", 0, rng.randint(1, 8))
        else:  # any time from the first stage to the moves
            moment = ("lecture", rng.uniform(0, span), 0)
        run = killed_build(project, moment[0], moment[1], moment[2])
        assert run.returncode in (0, -9), run.stderr
        kills += run.returncode == -9
        recovered = bool(pending(project / "out"))
        if recovered:
            recover(project / "out", project / "cache")
        left = state_of(project / "out", references, url)
        outcome = ("repris : " if recovered else "") + ("ancien" if left == state else "nouveau" if left == target else left)
        stage = max(said(project).items(), key=lambda item: item[1])[0].split(" (")[0].split(" de ")[0]
        counts[stage, outcome] = counts.get((stage, outcome), 0) + 1  # by the last stage the build said it began
        assert outcome in ("ancien", "nouveau", "repris : nouveau"), (moment, outcome, counts)
        assert run.returncode == -9 or outcome == "nouveau", (moment, outcome)
        state = left
    print(f"{kills} constructions tuées : {counts}")
    assert counts.get(("index", "ancien"), 0) > 0 and counts.get(("mise en place", "repris : nouveau"), 0) > 0  # both moments hit


def test_a_list_of_bundles_killed_half_written_is_removed_by_the_recovery(small_site):
    """Killed between writing the new list of bundles beside it and renaming it (found by the
    property test above, about once in ten runs under load): its temporary stayed in output/ after
    recover(), the step that finishes a killed update, until a whole build cleaned output/."""
    from ess_site.output.journal import recover

    project, actor, texts, references, url, _ = small_site
    fresh_start(small_site)
    stray = project / "out" / ".pagefind-shards.json.4242.tmp"
    stray.write_bytes(b'[{"url": "/pagefind/"}]')
    recover(project / "out", project / "cache")
    assert not stray.exists()
    assert state_of(project / "out", references, url) == "ancien"
