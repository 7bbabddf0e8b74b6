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
