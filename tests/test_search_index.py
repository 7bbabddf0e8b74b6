"""The search index is made again only when the pages it reads changed."""

import shutil

import pytest

from ess_site.config import Config
from ess_site.pipeline import build
from tests.conftest import ROOT, TODAY


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def config(project, **changes) -> Config:
    return Config(**(dict(content=project / "content", templates=project / "templates", output=project / "output",
                          cache=project / "cache", today=TODAY, pdf=False) | changes))


def append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_index_is_remade_only_when_indexed_pages_change(project):
    index = project / "output" / "pagefind" / "pagefind-entry.json"
    assert build(config(project)).indexed and index.is_file()
    assert not build(config(project)).indexed  # nothing changed
    replace(project / "templates" / "carte.html", "<h1>", '<h1 class="titre">')
    replace(project / "templates" / "home.html", "Parcourir l'annuaire", "Parcourir tout l'annuaire")
    report = build(config(project))
    assert (report.rendered, report.written, report.indexed) == (2, 2, False)  # neither page is indexed
    append(project / "content" / "actors" / "adds.md", "\nUne phrase de plus.\n")
    report = build(config(project))
    assert report.indexed and index.is_file()


def test_a_build_without_search_carries_no_index(project):
    build(config(project))
    report = build(config(project, search=False))
    assert not report.full and not (project / "output" / "pagefind").exists()
    assert build(config(project)).indexed  # and the next build with search makes it again
