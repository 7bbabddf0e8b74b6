"""ess_site.gfm calls cmark-gfm itself to free what it makes: its HTML must be cmarkgfm's, byte for byte."""

import cmarkgfm
import pytest

from ess_site import gfm
from ess_site.render.markdown_text import EXTENSIONS

SAMPLES = [
    "",
    "Une ligne.",
    "# Titre\n\nUn paragraphe avec *emphase*, **gras** et ~~barré~~.\n\n## Sous-titre\n\n- un\n- deux\n\n1. premier\n2) second",
    "| Année | Emplois |\n|---|---:|\n| 2022 | 3 761 |\n| 2023 | 3 802 |",
    "Voir www.cress-hdf.org ou https://www.insee.fr/fr/statistiques, écrire à contact@exemple.fr.",
    "<script>alert('x')</script> du texte <b>brut</b> et <!-- un commentaire -->",
    "> une citation\n>\n> sur deux paragraphes\n\n```python\nprint('code')\n```\n\n    indenté",
    "- [x] fait\n- [ ] à faire",
    "Accents : é è à ç œ « guillemets » — tiret, espace fine\u202finsécable, emoji 🌱.",
    "[lien](javascript:alert(1)) et ![image](https://exemple.fr/a.png \"titre\")",
    "Ligne avec deux espaces  \nà la ligne\\\net barre oblique.",
    "x" * 20000 + "\n\n" + "paragraphe " * 3000,
]


@pytest.mark.parametrize("text", SAMPLES, ids=range(len(SAMPLES)))
def test_the_site_s_markdown_options_give_cmarkgfm_s_html(text):
    options = cmarkgfm.Options.CMARK_OPT_UNSAFE
    expected = cmarkgfm.markdown_to_html_with_extensions(text, options, extensions=list(EXTENSIONS))
    assert gfm.to_html(text, options, EXTENSIONS) == expected


@pytest.mark.parametrize("text", SAMPLES, ids=range(len(SAMPLES)))
def test_github_s_options_give_cmarkgfm_s_html(text):
    assert gfm.github_to_html(text) == cmarkgfm.github_flavored_markdown_to_html(text)


def test_an_unknown_extension_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        gfm.to_html("texte", 0, ("nulle-part",))
