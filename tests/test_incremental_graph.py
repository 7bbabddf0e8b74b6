"""The graph of what pages depend on (incremental/dependencies.py): recorded by a build, it sends
an edited description to its one page, and an edit other pages show to all of them."""


import pytest

from ess_site.incremental import actor_cache
from ess_site.incremental.dependencies import actor_reads, shown_fields
from ess_site.incremental.manifest import ManifestFile
from ess_site.pipeline import build
from tests import test_incremental
from tests.test_incremental import config, description, name, tree

project = pytest.fixture(test_incremental.project.__wrapped__)  # 120 actors, 6 lettres, their own templates

@pytest.fixture(autouse=True)
def files_age_at_once(monkeypatch):
    monkeypatch.setattr(actor_cache, "RACY_SECONDS", 0)


def graph_of(project, name: str) -> dict:
    settings = config(project, name)
    return ManifestFile(settings.cache, settings.output).read().graph


def test_the_graph_sends_an_edited_description_to_its_one_page(project):
    settings = config(project, "out")
    first = build(settings)
    graph = graph_of(project, "out")
    assert "structure-000007" not in graph["holders"]  # held whole by its own page only, the default
    assert "nom" in graph["fields"] and "adresse" not in graph["fields"]  # the cards show the name, only its page the address
    description(project)
    again = build(settings)
    assert again.fingerprinted == 2 < first.pages  # its page, and /donnees/ (the open-data files' sizes)
    assert again.rendered <= 2
    build(config(project, "clean", incremental=False))
    assert tree(project / "out") == tree(project / "clean")


def test_an_edit_lists_show_fingerprints_every_page(project):
    settings = config(project, "out")
    build(settings)
    name(project)  # the directory lists it under another letter
    again = build(settings)
    assert again.fingerprinted == again.pages
    build(config(project, "clean", incremental=False))
    assert tree(project / "out") == tree(project / "clean")


def test_reads_are_watched_only_inside_the_block(project):
    from ess_site.content.validate import read_content
    from tests.conftest import TODAY

    content = read_content(project / "content", TODAY, 1)
    with actor_reads() as read:
        content.actors[0].nom
    content.actors[0].adresse  # after the block: not recorded
    assert shown_fields(read) == ["nom"]
