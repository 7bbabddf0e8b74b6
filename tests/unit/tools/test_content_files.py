"""Files written into content/actors/ by a command: all of them, or none, in one step."""

import os

import pytest

from ess_site.tools import content_files


@pytest.fixture
def actors(tmp_path):
    folder = tmp_path / "content" / "actors"
    folder.mkdir(parents=True)
    (folder / "garde.md").write_text("texte de l'éditrice\n", encoding="utf-8")
    (folder / "autre.md").write_text("autre texte\n", encoding="utf-8")
    return folder


def listing(folder):
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}


def test_a_failure_midway_leaves_every_file_as_it_was(actors, monkeypatch):
    calls, real_fsync = [], os.fsync

    def failing(descriptor):
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(content_files.os, "fsync", failing)
    before = listing(actors)
    with pytest.raises(OSError):
        content_files.write_all_or_nothing(actors, {actors / "garde.md": "remplacé\n", actors / "nouveau.md": "créé\n"})
    assert listing(actors) == before
    assert sorted(path.name for path in actors.parent.iterdir()) == ["actors"]  # nothing left beside it


def test_every_file_is_written_and_the_editors_file_is_never_written_through(actors):
    kept = actors.parent / "lien.md"
    os.link(actors / "garde.md", kept)  # the editor's file as it was (the copy is made of hard links)
    content_files.write_all_or_nothing(actors, {actors / "garde.md": "remplacé\n", actors / "nouveau.md": "créé\n"})
    assert listing(actors) == {"garde.md": "remplacé\n", "autre.md": "autre texte\n", "nouveau.md": "créé\n"}
    assert kept.read_text(encoding="utf-8") == "texte de l'éditrice\n"
    assert sorted(path.name for path in actors.parent.iterdir()) == ["actors", "lien.md"]


def test_leftovers_of_a_killed_import_are_refused_then_removed(actors):
    content = actors.parent
    (content / ".import-sirene" / "actors").mkdir(parents=True)
    (actors / ".garde.md.import").write_text("écrit à moitié\n", encoding="utf-8")  # the earlier writer's
    problems = content_files.interrupted_import(content, "actors")
    assert [(problem.path.name, problem.message.split(" ;")[0].split(" :")[0]) for problem in problems] == [
        (".import-sirene", "reste d'un import Sirene interrompu"), (".garde.md.import", "fichier laissé par un import Sirene interrompu")]
    assert "relancez l'import" in problems[0].message and "relancez l'import" in problems[1].message
    assert content_files.remove_leftovers(actors) == [content / ".import-sirene", actors / ".garde.md.import"]
    assert content_files.interrupted_import(content, "actors") == []
    assert sorted(path.name for path in actors.iterdir()) == ["autre.md", "garde.md"]


def test_a_folder_killed_between_two_renames_is_put_back_whole(actors):
    content = actors.parent
    staging = content / ".import-sirene"
    staging.mkdir()
    os.rename(actors, staging / "actors-ancien")  # the fallback's first rename, the new folder still staged
    (staging / "actors").mkdir()
    (staging / "actors" / "nouveau.md").write_text("créé\n", encoding="utf-8")
    assert "ne supprimez pas ce dossier" in content_files.interrupted_import(content, "actors")[0].message
    content_files.remove_leftovers(actors)
    assert listing(actors) == {"nouveau.md": "créé\n"} and sorted(path.name for path in content.iterdir()) == ["actors"]
