"""The cards' fragments: pasted as rendered, re-rendered when a card changes, held compactly."""

import tracemalloc
from dataclasses import replace
from pathlib import Path

from ess_site.compute.site import Card
from ess_site.render.card_html import CardHtml
from ess_site.render.environment import make_environment

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def cards(count: int) -> list[Card]:
    return [Card(f"/acteurs/structure-{n}/", f"Structure d’insertion {n}", None, "Recyclerie, réemploi et ateliers…",
                 "Association", "Réemploi", "Lille", "S", (50.6, 3.06, True)) for n in range(count)]


def test_a_card_is_pasted_as_rendered_and_again_when_it_changes():
    fragments = CardHtml(make_environment(TEMPLATES))
    card = cards(1)[0]
    first = fragments.card(card)
    assert "Structure d’insertion 0" in first and "ateliers…" in first
    assert fragments.card(card) == first
    edited = replace(card, nom="Le Relais")
    assert "Le Relais" in fragments.card(edited) and "Le Relais" in fragments.map_item(edited)


def test_fragments_with_a_character_above_latin1_are_held_near_their_utf8_size():
    # as str, "’" and "…" made every fragment 2 bytes a character: 30 MiB at 20 000 actors
    fragments = CardHtml(make_environment(TEMPLATES))
    many = cards(2000)
    fragments.prepare(many[:1])  # the macros compiled
    tracemalloc.start()
    fragments.prepare(many[1:])
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    utf8 = sum(len(str(fragments.card(card)).encode()) + len(str(fragments.map_item(card)).encode()) for card in many[1:])
    assert held < 2 * utf8  # 1.8 here (the lookup table besides the text); 2.6 as str
