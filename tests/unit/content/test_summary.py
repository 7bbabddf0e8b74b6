"""The line a card shows under an actor's name."""

from ess_site.content.summary import card_summary


def test_the_editors_resume_comes_first():
    assert card_summary("Épicerie solidaire.", "Une autre phrase. Et une autre.") == "Épicerie solidaire."


def test_else_the_first_sentence_of_the_description_as_plain_text():
    description = "## Qui sommes-nous\n\nLe [jardin](https://x.example) de **M. Dupont** produit 2,5 t par an. Il vend en paniers."
    assert card_summary(None, description) == "Le jardin de M. Dupont produit 2,5 t par an."
    assert card_summary(None, "- une liste\n- pas une phrase\n\nUne « phrase » ici ! Puis une autre.") == "Une « phrase » ici !"


def test_a_long_sentence_is_cut_at_a_word():
    summary = card_summary(None, "Une association " + "très " * 60 + "active.")
    assert len(summary) <= 200 and summary.endswith("très…")


def test_nothing_to_say_gives_an_empty_line():
    assert card_summary(None, "") == ""
    assert card_summary(None, "# Un titre seul") == ""
