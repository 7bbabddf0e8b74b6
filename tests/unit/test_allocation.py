"""What a cold build holds while it renders (issue 26, memory): actors without a __dict__ each,
the actor cache restoring them field by field, and the build's objects kept out of the garbage
collector's passes until it ends, even across the rendering workers."""

import gc
import pickle
from datetime import date
from pathlib import Path

from ess_site import allocation, collation, parallel
from ess_site.allocation import settle, settling
from ess_site.content.model import Actor, Commune, Secteur, Statut, Thematique
from ess_site.incremental.actor_cache import restored, stored

CARVIN = Commune("62215", "Carvin", ("62220",), 15000, lat=50.49, lon=2.96, departement="62", region="32")


def an_actor(**fields) -> Actor:
    return Actor(slug="atelier", path=Path("actors/atelier.md"), nom="Atelier", statut=Statut("association"),
                 secteur=Secteur("action-sociale"), commune=CARVIN, thematiques=(Thematique("Emploi"),),
                 verifie_le=date(2026, 3, 1), resume="Un atelier de réparation.", file_digest="abc", **fields)


def test_an_actor_and_its_statut_and_secteur_carry_no_dict_of_their_own():
    actor = an_actor()
    assert not hasattr(actor, "__dict__") and not hasattr(actor.statut, "__dict__") and not hasattr(actor.secteur, "__dict__")


def test_the_actor_cache_gives_back_the_actor_it_kept_field_for_field():
    actor = an_actor(etp=2.5, labels=("ESUS",))
    again = restored(pickle.loads(pickle.dumps(stored(actor))), actor.path)
    assert again == actor and again.summary == actor.summary and again.file_digest == "abc" and again.path is actor.path


def test_a_settled_build_is_handed_back_to_the_collector_when_it_ends():
    allocation.unfreeze()  # as in a new build.py process (an earlier test's preview may have kept its build frozen)
    assert gc.get_freeze_count() == 0
    with settling():
        kept = [[index] for index in range(1000)]
        settle()
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def test_a_build_within_a_caller_s_frozen_objects_freezes_nothing_of_its_own():
    """The preview keeps its last build frozen: what a build inside it throws away must stay
    within the collector's reach, or its cycles would never be collected."""
    try:
        allocation.freeze()
        before = gc.get_freeze_count()
        with settling():
            thrown = [[index] for index in range(1000)]
            assert not settle()
            assert gc.get_freeze_count() <= before  # none of the 2 001 new objects (frozen ones may die meanwhile)
            del thrown
        assert 0 < gc.get_freeze_count() <= before  # the caller's stay frozen
    finally:
        allocation.unfreeze()


def test_the_rendering_workers_leave_a_settled_build_frozen():
    """Before: the workers' own freeze thawed everything once they were done, so the rest of the
    build (the manifest, 25 000 entries) walked the whole site again at each full collection."""
    items = list(range(400))
    try:
        allocation.freeze()
        parts = list(parallel.map_ranges(list, items, [(0, 200), (200, 400)], 2))
        assert gc.get_freeze_count() > 0
    finally:
        allocation.unfreeze()
    assert parts == [items[:200], items[200:]]


def test_a_build_within_the_preview_s_frozen_build_never_counts_the_frozen_objects(monkeypatch):
    """gc.get_freeze_count() walks every frozen object in CPython 3.11: 31-81 ms per edit in the
    preview at 20 000 actors, whose last build stays frozen. Whether something is frozen is known
    from allocation's own flag instead."""
    counted = []
    monkeypatch.setattr(gc, "get_freeze_count", lambda: counted.append(1) or 1)
    items = list(range(400))
    try:
        allocation.freeze()
        with settling():
            assert not settle()
            parts = list(parallel.map_ranges(list, items, [(0, 200), (200, 400)], 2))
        assert allocation.frozen()
    finally:
        allocation.unfreeze()
    assert parts == [items[:200], items[200:]] and not allocation.frozen()
    assert counted == []


def test_the_folded_names_are_let_go_once_nothing_sorts():
    assert collation.sort_key("École") < collation.sort_key("Épicerie")
    collation.forget()
    assert collation.sort_key.cache_info().currsize == 0 and collation.folded.cache_info().currsize == 0
