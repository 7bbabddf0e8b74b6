"""Render stage: an actor's card and its map entry, rendered once per build.

A card is pasted into every list that shows its actor (the directory, the map, its commune,
sector, statut and themes): rendering it once instead of five or six times saves a third of the
lists' time (bench/RESULTS.md). Both fragments are macros of partials/cards.html; lists only
paste them.
"""

from collections.abc import Iterable

from jinja2 import Environment
from markupsafe import Markup

from ..compute.site import Card

FRAGMENTS = "partials/cards.html"  # its macros: card, map_item
# The templates that paste the fragments, and which: Jinja does not see these uses (no include),
# the fingerprints must (incremental/fingerprint.py), so that an edited card changes the lists.
PASTED_INTO = {"partials/actor_list.html": {FRAGMENTS}, "partials/map.html": {FRAGMENTS}}


class CardHtml:
    """card -> its rendered fragments, made on first use. Keyed by the card itself, so an
    edited actor's new card is rendered again while the others are kept."""

    def __init__(self, env: Environment):
        self.env = env
        self.macros = None  # compiled on first use, when a page is rendered, as other templates are
        self.made: dict[tuple[str, Card], Markup] = {}

    def card(self, card: Card) -> Markup:
        return self.fragment("card", card)

    def map_item(self, card: Card) -> Markup:
        return self.fragment("map_item", card)

    def fragment(self, macro: str, card: Card) -> Markup:
        key = (macro, card)
        if key not in self.made:
            self.macros = self.macros or self.env.get_template(FRAGMENTS).module
            self.made[key] = getattr(self.macros, macro)(card)
        return self.made[key]

    def prepare(self, cards: Iterable[Card]) -> None:
        """Render every card now: forked workers then inherit them instead of each making its own."""
        for card in cards:
            self.card(card)
            if card.position:
                self.map_item(card)
