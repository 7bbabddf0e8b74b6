"""Files written into content/ by a command: all of them, or none."""

import os

import pytest

from ess_site.tools import content_files


def test_a_failure_midway_leaves_every_file_as_it_was(tmp_path, monkeypatch):
    kept, new, other = tmp_path / "garde.md", tmp_path / "nouveau.md", tmp_path / "autre.md"
    kept.write_text("texte de l'éditrice\n", encoding="utf-8")
    other.write_text("autre texte\n", encoding="utf-8")
    calls = []
    real_replace = os.replace

    def failing(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(content_files.os, "replace", failing)
    with pytest.raises(OSError):
        content_files.write_all_or_nothing({kept: "remplacé\n", new: "créé\n", other: "remplacé aussi\n"})
    assert kept.read_text(encoding="utf-8") == "texte de l'éditrice\n"
    assert other.read_text(encoding="utf-8") == "autre texte\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["autre.md", "garde.md"]


def test_every_file_is_written_when_nothing_fails(tmp_path):
    files = {tmp_path / "a.md": "un\n", tmp_path / "b.md": "deux\n"}
    content_files.write_all_or_nothing(files)
    assert {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()} == {"a.md": "un\n", "b.md": "deux\n"}
