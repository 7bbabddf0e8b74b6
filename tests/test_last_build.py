"""build.py in a new process starts from what the last build made, kept in the cache folder
(incremental/last_build.py): after one edited description it reads that file only, makes
neither the site's assembly nor the page table again, and writes what a clean build writes;
a kept build that no longer describes output/ is never used. A full build keeps none (it would
cost a cold build time and memory); the update after it does."""


from pathlib import PurePath

import pytest

from ess_site import pipeline
from ess_site.content import validate
from ess_site.content.model import Actor
from ess_site.incremental import actor_cache
from ess_site.incremental.last_build import LastBuild
from ess_site.pipeline import build
from tests import test_incremental
from tests.test_incremental import config, description, name, tree

project = pytest.fixture(test_incremental.project.__wrapped__)  # 120 actors, 6 lettres, their own templates


def kept_builds(cfg) -> list:
    return list((cfg.cache / "build").glob("*.last"))


def built_twice(project):
    """A full build, then an update after an edited description: the update keeps its build."""
    cfg = config(project, "out")
    build(cfg)  # as build.py does: no `last` given
    assert kept_builds(cfg) == []
    description(project)
    build(cfg)
    assert len(kept_builds(cfg)) == 1
    return cfg


@pytest.fixture(autouse=True)
def files_age_at_once(monkeypatch):
    monkeypatch.setattr(actor_cache, "RACY_SECONDS", 0)


@pytest.fixture
def counted(monkeypatch):
    """How many times the territory was validated, the site assembled and the page table made."""
    calls = {"territory": 0, "assemble": 0, "page_table": 0}

    def counting(module, attribute, key):
        real = getattr(module, attribute)

        def wrapper(*args, **kwargs):
            calls[key] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(module, attribute, wrapper)

    counting(validate, "validate_territory", "territory")
    counting(pipeline, "assemble_site", "assemble")
    counting(pipeline, "page_table", "page_table")
    return calls


def test_a_new_process_after_one_edited_description_starts_from_the_kept_build(project, counted):
    cfg = built_twice(project)
    counted.update(dict.fromkeys(counted, 0))
    description(project)
    report = build(cfg)
    assert (report.full, report.actors_read, report.rendered) == (False, 1, 2)
    assert counted == {"territory": 0, "assemble": 0, "page_table": 0}
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_a_kept_build_that_no_longer_describes_output_is_not_used(project):
    cfg = built_twice(project)
    kept, = kept_builds(cfg)
    old = kept.read_bytes()
    description(project)
    build(cfg)
    kept.write_bytes(old)  # the build before the last one, put back
    name(project)  # a card's field: a wide build
    report = build(cfg)
    assert report.actors_read == 1
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_a_damaged_kept_build_is_ignored(project):
    cfg = built_twice(project)
    kept, = kept_builds(cfg)
    kept.write_bytes(kept.read_bytes()[:-10] + b"0" * 10)
    description(project)
    assert not build(cfg).full
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def deltas(cfg) -> list:
    return list((cfg.cache / "build").glob("*.delta"))


def test_narrow_builds_save_a_delta_beside_the_base_and_start_from_both(project, counted):
    cfg = built_twice(project)
    kept, = kept_builds(cfg)
    base = kept.read_bytes()
    for _ in range(3):  # each delta replaces the last one, on the same base
        description(project)
        counted.update(dict.fromkeys(counted, 0))
        report = build(cfg)
        assert (report.full, report.actors_read, report.rendered) == (False, 1, 2)
        assert counted == {"territory": 0, "assemble": 0, "page_table": 0}
        assert kept.read_bytes() == base  # the base is not pickled again
        delta, = deltas(cfg)
        assert delta.stat().st_size < len(base)
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_a_wide_build_folds_the_delta_into_a_new_base_and_an_old_delta_is_never_used(project, counted):
    cfg = built_twice(project)
    description(project)
    build(cfg)
    old_delta, = deltas(cfg)
    stale = old_delta.read_bytes()
    name(project)  # a card's field: a wide build
    build(cfg)
    assert deltas(cfg) == []
    old_delta.write_bytes(stale)  # a delta on the previous base, as a killed build could leave it
    description(project)
    counted.update(dict.fromkeys(counted, 0))
    report = build(cfg)
    assert (report.full, report.actors_read) == (False, 1)
    assert counted == {"territory": 0, "assemble": 0, "page_table": 0}  # from the new base, not the stale delta
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_a_damaged_delta_is_ignored(project):
    cfg = built_twice(project)
    description(project)
    build(cfg)
    delta, = deltas(cfg)
    delta.write_bytes(delta.read_bytes()[:-10] + b"0" * 10)
    description(project)
    assert not build(cfg).full
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_after_an_edited_description_the_files_made_whole_and_the_map_points_are_the_last_set_s(project, monkeypatch):
    from ess_site.incremental import data_cache
    cfg = built_twice(project)
    made = {"whole": 0, "map": 0}
    for attribute, key in (("whole_files", "whole"), ("map_point_files", "map")):
        real = getattr(data_cache, attribute)
        monkeypatch.setattr(data_cache, attribute, lambda *args, real=real, key=key: made.__setitem__(key, made[key] + 1) or real(*args))
    description(project)
    assert not build(cfg).full
    assert made == {"whole": 0, "map": 0}
    monkeypatch.undo()
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")


def test_the_map_points_are_made_again_when_an_edited_actor_changed_what_they_read():
    import dataclasses

    from ess_site.incremental.data_cache import Unchanged

    @dataclasses.dataclass(frozen=True)
    class Point:
        nom: str
        lat: float
        description: str

    then = Point("A", 50.0, "avant")
    unchanged = Unchanged({"a": (then, dataclasses.replace(then, description="après"))})
    assert unchanged.same(frozenset({"nom", "lat"}))
    assert not Unchanged({"a": (then, dataclasses.replace(then, lat=50.1))}).same(frozenset({"nom", "lat"}))
    assert not unchanged.same(frozenset({"__dict__"}))


def test_the_kept_build_restores_its_actors_and_paths_without_parsing_them_again(project, monkeypatch):
    """Loading the kept build calls neither dataclasses' slotted __setstate__ (which looks the
    fields up again for each actor) nor pathlib's parser for each actor file: 0.45 s together at
    20 000 actors. What it restores makes what a clean build makes."""
    cfg = built_twice(project)
    calls = {"actor": 0, "path": 0, "loading": False}
    setstate, parse, load = Actor.__setstate__, PurePath._parse_args.__func__, LastBuild.load

    def counted_setstate(actor, state):
        calls["actor"] += 1
        return setstate(actor, state)

    def counted_parse(cls, args):
        calls["path"] += calls["loading"]
        return parse(cls, args)

    def counted_load(kept):
        calls["loading"] = True
        try:
            return load(kept)
        finally:
            calls["loading"] = False

    monkeypatch.setattr(Actor, "__setstate__", counted_setstate)
    monkeypatch.setattr(PurePath, "_parse_args", classmethod(counted_parse))
    monkeypatch.setattr(LastBuild, "load", counted_load)
    description(project)
    assert build(cfg).full is False
    monkeypatch.undo()
    assert (calls["actor"], calls["path"]) == (0, 0)
    build(config(project, "clean"))
    assert tree(project / "out") == tree(project / "clean")
