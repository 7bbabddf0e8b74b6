"""The preview's watcher (tools/serve.py): the kernel's file events, each save handed to one
rebuild with the paths it changed, whatever way the editor saves."""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from ess_site.config import Config
from ess_site.tools import serve
from ess_site.tools.serve import Preview
from tests.conftest import FIXTURE_SITE, TODAY

ACTOR = "actors/jardin-complet.md"


def save_in_place(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")  # truncates, then writes


def save_like_gedit(path, text: str) -> None:
    """A temporary file beside the saved one, flushed to disk (slowly on a busy disk), renamed over it."""
    temporary = path.with_name(".goutputstream-K2XJ41")
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
        time.sleep(0.6)  # longer than a poller's look: it would see the temporary file alone
    os.replace(temporary, path)


def save_like_vim(path, text: str) -> None:
    """Vim's check that it may write in the folder, then the file renamed to a backup, written anew,
    and the backup removed."""
    probe = path.with_name("4913")
    probe.touch()
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.replace(path, backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


def save_in_two_steps(path, text: str) -> None:
    """Truncated, then written a moment later (a slow editor, a busy machine)."""
    with open(path, "w", encoding="utf-8") as file:
        file.flush()
        time.sleep(0.1)
        file.write(text)


def save_like_vim_slowly(path, text: str) -> None:
    """Vim's save, with the saved file missing for a moment between its backup and its new text."""
    backup = path.with_name(path.name + "~")
    os.replace(path, backup)
    time.sleep(0.1)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


@pytest.mark.parametrize("save", [save_in_place, save_like_gedit, save_like_vim, save_in_two_steps, save_like_vim_slowly],
                         ids=["in place", "gedit", "vim", "in two steps", "vim, slowly"])
def test_a_save_gives_one_rebuild_with_the_saved_file_and_its_final_text(tmp_path, save):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    preview = Preview(Config(content=content, output=tmp_path / "out", build_day=TODAY), [content])
    path = content / ACTOR
    rebuilds = []
    preview.rebuild = lambda changed=None: rebuilds.append((changed, path.read_text(encoding="utf-8")))
    watcher = threading.Thread(target=preview.watch, args=(preview.snapshot(),), daemon=True)
    watcher.start()
    try:
        time.sleep(0.5)  # the watcher is set up
        text = path.read_text(encoding="utf-8").replace("nom: Le Jardin Complet", "nom: Le Jardin Enregistré")
        save(path, text)
        deadline = time.monotonic() + 10
        while not rebuilds and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(1)  # a second rebuild, if any, would come by now
    finally:
        preview.stop()
        watcher.join(5)
    assert rebuilds == [({path}, text)]
    assert not watcher.is_alive()


def test_files_written_just_before_the_preview_starts_are_not_taken_for_edits(tmp_path, monkeypatch):
    """A corpus written the moment before `serve` (a generator, a checkout) has recent times, so the
    starting state holds digests; once the first build is over they are no longer recent, and the
    same files must not look changed."""
    monkeypatch.setattr(serve, "RACY_SECONDS", 0.3)
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    preview = Preview(Config(content=content, output=tmp_path / "out", build_day=TODAY), [content])
    rebuilds = []
    preview.rebuild = lambda changed=None: rebuilds.append(changed)
    seen = preview.snapshot()
    time.sleep(0.5)  # the first build
    watcher = threading.Thread(target=preview.watch, args=(seen,), daemon=True)
    watcher.start()
    try:
        time.sleep(1)
    finally:
        preview.stop()
        watcher.join(5)
    assert rebuilds == []


def test_where_the_system_reports_no_file_changes_the_preview_says_so_and_looks_itself(tmp_path, monkeypatch):
    def refused(*args, **options):
        raise OSError(28, "OS file watch limit reached")
        yield  # a generator, as watchfiles.watch is: the error comes at its first answer
    monkeypatch.setattr(serve.watchfiles, "watch", refused)
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    logs: list[str] = []
    preview = Preview(Config(content=content, output=tmp_path / "out", build_day=TODAY), [content], logs.append)
    path = content / ACTOR
    rebuilds = []
    preview.rebuild = lambda changed=None: rebuilds.append(changed)
    watcher = threading.Thread(target=preview.watch, args=(preview.snapshot(), 0.05), daemon=True)
    watcher.start()
    try:
        save_in_place(path, path.read_text(encoding="utf-8").replace("nom: Le Jardin Complet", "nom: Le Jardin Regardé"))
        deadline = time.monotonic() + 10
        while not rebuilds and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        preview.stop()
        watcher.join(5)
    assert rebuilds == [{path}]
    assert logs == ["Le système ne signale pas ici les modifications de fichiers : l'aperçu regarde les dossiers toutes les 0,05 s."]


def test_a_relative_content_folder_gets_its_edits_named_as_it_is(tmp_path, monkeypatch):
    """`build.py serve` watches content/ as given (relative by default): the rebuild is told of the
    file under that name, the one the site was read from, not under the system's absolute one."""
    shutil.copytree(FIXTURE_SITE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    preview = Preview(Config(content=content, output=Path("out"), build_day=TODAY), [content])
    rebuilds = []
    preview.rebuild = lambda changed=None: rebuilds.append(changed)
    watcher = threading.Thread(target=preview.watch, args=(preview.snapshot(),), daemon=True)
    watcher.start()
    try:
        time.sleep(0.5)  # the watcher is set up
        path = content / ACTOR
        save_in_place(path, path.read_text(encoding="utf-8").replace("nom: Le Jardin Complet", "nom: Le Jardin Relatif"))
        deadline = time.monotonic() + 10
        while not rebuilds and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.5)
    finally:
        preview.stop()
        watcher.join(5)
    assert rebuilds == [{Path("content/actors/jardin-complet.md")}]
