"""The search index is made again only when the pages it reads changed."""

import gzip
import shutil

import pytest

from ess_site.config import Config
from ess_site.incremental.fingerprint import hexdigest
from ess_site.output.search_index import EarlyBundles, bundle_list, place_parts, start_shard
from ess_site.pipeline import build
from tests.conftest import ROOT, TODAY


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def config(project, **changes) -> Config:
    return Config(**(dict(content=project / "content", templates=project / "templates", output=project / "output",
                          cache=project / "cache", build_day=TODAY, pdf=False) | changes))


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


def test_an_edit_indexes_again_only_the_shard_of_the_changed_page(project):
    """In shards of at most 3 pages (8 shards for the 15 indexed pages), editing one actor makes
    one bundle again; the others are left as they were (same files on disk)."""
    cfg = config(project, search_shard_pages=3)
    assert build(cfg).indexed
    output = project / "output"

    def bundles() -> dict[str, int]:
        return {p.name: (p / "pagefind-entry.json").stat().st_ino for p in output.glob("pagefind*") if p.is_dir()}

    before = bundles()
    assert len(before) >= 6
    append(project / "content" / "actors" / "adds.md", "\nUne phrase de plus.\n")
    assert build(cfg).indexed
    after = bundles()
    assert sorted(after) == sorted(before)
    assert len([name for name in before if after[name] != before[name]]) == 1
    assert not build(cfg).indexed  # nothing changed since


def test_shards_follow_departements_small_enough_to_index_quickly_and_few_enough_for_the_browser():
    """A département's pages fill a power of two of bundles of at most 1 000 pages: the Hauts-de-France
    (20 000 pages) gets 32 bundles for its five départements; past 128 bundles they hold twice as many
    pages, until there are few enough: a national directory (a hundred départements) gets one bundle
    per département, four for the Nord."""
    assert place_parts({"": 6, "62": 1000}, 1000) == {"": 1, "62": 1}
    assert place_parts({"62": 1001}, 1000) == {"62": 2}
    hauts_de_france = {"59": 8600, "62": 4800, "60": 2700, "80": 1900, "02": 1800}
    assert place_parts(hauts_de_france, 1000) == {"59": 16, "62": 8, "60": 4, "80": 2, "02": 2}
    france = {f"{number:02}": 2200 for number in range(1, 101)} | {"59": 8600}
    parts = place_parts(france, 1000)
    assert parts["59"] == 4 and parts["01"] == 1 and sum(parts.values()) == 103


def test_the_bundle_list_says_which_departement_each_bundle_holds():
    assert bundle_list(["pagefind", "pagefind-1", "pagefind-d62", "pagefind-d62-1", "pagefind-d2A"]) == [
        {"url": "/pagefind/"}, {"url": "/pagefind-1/"}, {"url": "/pagefind-d62/", "departement": "62"},
        {"url": "/pagefind-d62-1/", "departement": "62"}, {"url": "/pagefind-d2A/", "departement": "2A"}]


def test_every_bundle_a_full_build_makes_can_be_read_by_the_web_server(project):
    """A web server reads output/ as another user: a bundle left private (0700) answers 403."""
    build(config(project, search_shard_pages=3))
    bundles = sorted((project / "output").glob("pagefind*/"))
    assert len(bundles) > 1
    assert [bundle.name for bundle in bundles if bundle.stat().st_mode & 0o005 != 0o005] == []


def searchable_text(output, bundles: str = "pagefind*/") -> str:
    """What the bundles' fragments hold (each a gzipped JSON record of one page)."""
    return "".join(gzip.decompress(path.read_bytes()).decode("utf-8") for path in output.glob(f"{bundles}fragment/*.pf_fragment"))


def watch_events(monkeypatch) -> list[str]:
    """Record when a Pagefind process is asked for and when the open data is written."""
    import subprocess
    import types

    import ess_site.incremental.data_cache as data_cache
    import ess_site.output.search_index as search_index

    events: list[str] = []
    write = data_cache.write_open_data

    def asked(call):
        def pagefind(*args, **kwargs):
            events.append("pagefind")
            return call(*args, **kwargs)
        return pagefind

    def written(*args, **kwargs):
        events.append("open data")
        return write(*args, **kwargs)

    watched = types.SimpleNamespace(**vars(subprocess))
    watched.run, watched.Popen = asked(subprocess.run), asked(subprocess.Popen)
    monkeypatch.setattr(search_index, "subprocess", watched)
    monkeypatch.setattr(data_cache, "write_open_data", written)
    return events


def test_an_edit_build_asks_pagefind_before_it_writes_the_open_data_and_searches_the_new_sentence(project, monkeypatch):
    """After an edited description, the edited actor's search bundle is started as soon as its page
    is rendered: Pagefind (a child process) indexes on the other core while the open data is made."""
    cfg = config(project, search_shard_pages=3)
    build(cfg)
    build(cfg)  # the kept build an edit in a new process starts from
    events = watch_events(monkeypatch)
    append(project / "content" / "actors" / "adds.md", "\nUne phrase tout à fait singulière.\n")
    report = build(cfg)
    assert report.indexed and not report.full
    assert events == ["pagefind", "open data"]
    assert "singulière" in searchable_text(project / "output")
    assert "singulière" in (project / "output" / "donnees" / "acteurs.csv").read_text(encoding="utf-8")


def test_a_bundle_started_from_other_pages_than_the_build_indexes_is_made_again(project, tmp_path):
    """The early bundle is taken only if made of exactly the pages the writer indexes, each with the
    bytes it will hold; otherwise it is stopped and the writer makes its own."""
    build(config(project))
    output = project / "output"
    page = output / "acteurs" / "adds" / "index.html"
    new = page.read_bytes().replace("Fondée".encode(), "Singulière, fondée".encode(), 1)
    assert new != page.read_bytes()
    path = "acteurs/adds/index.html"
    early = EarlyBundles({"pagefind": (start_shard({path: new}, output), {path: (True, hexdigest(new))})})
    assert early.take("pagefind", {path: (True, hexdigest(b"other bytes"))}) is None  # stopped, not taken
    assert not early.started and not list(output.parent.glob(f".{output.name}-pagefind-*"))
    early = EarlyBundles({"pagefind": (start_shard({path: page}, output), {path: (False, hexdigest(page.read_bytes()))})})
    assert early.take("pagefind", {path: (True, hexdigest(page.read_bytes()))}) is None  # written by the build: its bytes
    early = EarlyBundles({"pagefind": (start_shard({path: new}, output), {path: (True, hexdigest(new))})})
    bundle = early.take("pagefind", {path: (True, hexdigest(new))})
    assert "Singulière" in searchable_text(bundle, "")
    shutil.rmtree(bundle)


def test_an_edit_build_that_fails_after_pagefind_started_stops_it_and_the_next_one_is_right(project, monkeypatch):
    """A build that fails while its early bundle is indexing leaves output/ as it was, no working
    folder beside it, and the next build's search and open data hold the edit."""
    import ess_site.incremental.data_cache as data_cache

    cfg = config(project, search_shard_pages=3)
    build(cfg)
    build(cfg)
    before = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    append(project / "content" / "actors" / "adds.md", "\nUne phrase tout à fait singulière.\n")
    events = watch_events(monkeypatch)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(data_cache, "write_open_data", interrupted)
        with pytest.raises(KeyboardInterrupt):
            build(cfg)
    assert events == ["pagefind"]
    assert {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()} == before
    assert not [path for path in project.iterdir() if path.name.startswith(".output-")]
    assert build(cfg).indexed
    assert "singulière" in searchable_text(project / "output")
    assert "singulière" in (project / "output" / "donnees" / "acteurs.csv").read_text(encoding="utf-8")


def test_pagefind_s_binary_is_run_directly_not_through_an_interpreter(project, monkeypatch):
    """`python -m pagefind` starts a Python only to find the binary the wheel ships and run it:
    each bundle's Pagefind is started directly, and still indexes the pages."""
    import subprocess
    import sys
    import types

    import ess_site.output.search_index as search_index

    commands = []

    def asked(call):
        def pagefind(command, *args, **kwargs):
            commands.append(command)
            return call(command, *args, **kwargs)
        return pagefind

    watched = types.SimpleNamespace(**vars(subprocess))
    watched.run, watched.Popen = asked(subprocess.run), asked(subprocess.Popen)
    monkeypatch.setattr(search_index, "subprocess", watched)
    assert build(config(project)).indexed
    assert commands and all(command[0] != sys.executable and "pagefind" in command[0] for command in commands)
    assert "ADDS" in searchable_text(project / "output")
