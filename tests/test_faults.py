"""The build's promises under faults: one build at a time into an output folder, and nothing
left behind by a build that was killed."""

import fcntl
import os
import subprocess
import sys
import time

from tests.conftest import FIXTURE_SITE, ROOT


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
from ess_site.config import Config
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
             assets=project / "assets", today=date(2026, 11, 22), pdf=False, search=False, progress=progress))
"""
MOMENTS = [("lecture", 0), ("rendu de", 0), ("rendu de", 0.02), ("rendu de", 0.05), ("rendu de", 0.1), ("rendu de", 0.2),
           ("rendu de", 0.4), ("mise en place", 0)]


def test_an_update_killed_while_rendering_leaves_the_previous_site_whole(tmp_path):
    import shutil

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
    settings = dict(content=project / "content", templates=project / "templates", assets=project / "assets", today=TODAY,
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
