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
    """card -> its rendered fragments, made on first use. Kept by the card's URL with the card
    it was made from, so an edited actor's new card is rendered again while the others are kept.

    The fragments are UTF-8 in one buffer, decoded where a list pastes them. As str, one
    character above U+00FF (the "…" that ends a card's summary) makes CPython store the whole
    fragment at 2 bytes a character: 30 MiB at 20 000 actors, in the main process. And a forked
    worker that pastes a card writes to the objects it touches (reference counts): each str
    fragment, and each of the card's fields that hashing the card as a key reads, had its
    memory page copied into the worker. Here a lookup touches the URL, a small tuple and two
    ints (bench/RESULTS.md, "The cards' fragments in one buffer")."""

    def __init__(self, env: Environment):
        self.env = env
        self.macros = None  # compiled on first use, when a page is rendered, as other templates are
        self.text = bytearray()  # every fragment's UTF-8, one after another
        self.where: dict[tuple[str, str], tuple[Card, int, int]] = {}  # (macro, card's URL) -> (card, start, stop) in text

    def card(self, card: Card) -> Markup:
        return self.fragment("card", card)

    def map_item(self, card: Card) -> Markup:
        return self.fragment("map_item", card)

    def fragment(self, macro: str, card: Card) -> Markup:
        key = (macro, card.url)
        found = self.where.get(key)
        if found is None or (found[0] is not card and found[0] != card):
            self.macros = self.macros or self.env.get_template(FRAGMENTS).module
            made = str(getattr(self.macros, macro)(card)).encode("utf-8")
            found = self.where[key] = (card, len(self.text), len(self.text) + len(made))
            self.text += made
        _, start, stop = found
        return Markup(self.text[start:stop], "utf-8")  # decoded straight into the Markup

    def prepare(self, cards: Iterable[Card]) -> None:
        """Render every card now: forked workers then inherit them instead of each making its own."""
        for card in cards:
            self.card(card)
            if card.position:
                self.map_item(card)
